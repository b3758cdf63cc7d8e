"""`career import apps` with other trackers' CSV exports (files written for these tests in
each tracker's columns, see README "Other trackers"): recognized by their headers, their stage
words mapped, dates read without --date-order where they have one reading."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CLI, snapshot

TRACKERS = Path(__file__).resolve().parents[1] / "fixtures" / "spreadsheets" / "trackers"
FIELDS = ("organization", "role", "status", "applied", "location", "url", "source")


def imported(cli: CLI, *args: str) -> tuple[str, list[dict[str, Any]]]:
    result = cli("import", "apps", *args)
    assert result.exit_code == 0, result.stderr
    listing = cli("export", "apps", "--format", "json")
    return result.stderr, json.loads(listing.stdout)


def rows(apps: list[dict[str, Any]], *fields: str) -> list[tuple[Any, ...]]:
    return [tuple(a[f] for f in fields) for a in apps]


def test_huntr(cli: CLI) -> None:
    said, apps = imported(cli, str(TRACKERS / "huntr.csv"))
    assert "read huntr.csv as a Huntr export" in said
    assert "ignored columns" not in said  # Salary and Created are known and left out
    assert rows(apps, "organization", "role", "status", "applied", "location", "url") == [
        ("Anthropic", "Research Engineer", "interviewing", "2024-03-28", "San Francisco",
         "https://example.com/jobs/1"),
        ("Redwood Research", "MLE", "interested", None, "Berkeley", "https://example.com/jobs/2"),
        ("Conjecture", "Engineer", "rejected", "2024-01-15", "London", None),
    ]  # fmt: skip


def test_teal(cli: CLI) -> None:
    said, apps = imported(cli, str(TRACKERS / "teal.csv"))
    assert "as a Teal export" in said
    assert rows(apps, "organization", "status", "excitement", "salary_min", "salary_max") == [
        ("GovAI", "interested", 4, 60000, 75000),
        ("DeepMind", "offer", 5, 180000, 220000),
        ("Apollo Research", "withdrawn", 2, None, None),
        ("Epoch", "rejected", 3, None, None),
    ]
    assert apps[0]["deadline"] == "2024-05-15"
    assert apps[1]["notes"] == "offer call Monday"


def test_linkedin_applied_jobs(cli: CLI) -> None:
    said, apps = imported(cli, str(TRACKERS / "linkedin.csv"))
    assert "as a LinkedIn applied jobs export" in said
    assert rows(apps, "organization", "role", "status", "applied", "source") == [
        ("Scale AI", "ML Engineer", "applied", "2024-04-18", "LinkedIn"),
        ("Cohere", "Research Engineer", "applied", "2024-03-22", "LinkedIn"),
        ("Hugging Face", "Engineer", "applied", "2023-12-01", "LinkedIn"),  # 12/1/23: MDY
    ]


def test_simplify(cli: CLI) -> None:
    said, apps = imported(cli, str(TRACKERS / "simplify.csv"))
    assert "as a Simplify export" in said
    assert rows(apps, "organization", "status", "applied") == [
        ("OpenAI", "screening", "2024-04-19"),  # 19.04.2024: one reading
        ("MATS", "interested", None),
        ("Lightcone", "ghosted", "2024-01-13"),
    ]


def test_preset_forced_and_stage_words_mapped(cli: CLI, tmp_path: Path, db_url: str) -> None:
    sheet = tmp_path / "mine.csv"
    sheet.write_text(
        "Company,Position,Status\nAcme,Engineer,Online Assessment\nInitech,Dev,Maybe\n"
    )
    cli("add-application", "Seed", "x")
    before = snapshot(db_url)
    refused = cli("import", "apps", str(sheet))
    assert refused.exit_code == 2
    assert (
        "row 2: unknown status 'Online Assessment': map it with --map-status "
        "'Online Assessment'=STATUS (known words: " in refused.stderr
    )
    assert "wishlist" in refused.stderr.splitlines()[0]
    assert snapshot(db_url) == before
    refused = cli("import", "apps", str(sheet), "--preset", "simplify")
    assert refused.exit_code == 2
    assert "row 2" not in refused.stderr and "row 3: unknown status 'Maybe'" in refused.stderr
    said, apps = imported(
        cli, str(sheet), "--preset", "simplify", "--map-status", "maybe=interested"
    )
    assert "as a Simplify export" in said
    assert rows(apps, "organization", "status")[1:] == [
        ("Acme", "screening"),
        ("Initech", "interested"),
    ]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--preset", "monster"], "unknown preset 'monster': choose one of huntr, teal, linkedin"),
        (["--map-status", "maybe"], "--map-status 'maybe': write it as WORD=STATUS"),
        (["--map-status", "maybe=later"], "unknown status 'later'"),
    ],
)
def test_bad_presets_and_status_maps(cli: CLI, db_url: str, args: list[str], words: str) -> None:
    cli("add-application", "Seed", "x")
    before = snapshot(db_url)
    result = cli("import", "apps", str(TRACKERS / "huntr.csv"), *args)
    assert result.exit_code == 2
    assert words in result.stderr
    assert snapshot(db_url) == before
