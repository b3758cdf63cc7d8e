"""`career report activity` and `career report skills` (both backends), and the pure periods."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from career.reports.activity import default_since, period_of, periods, sparkline
from tests.conftest import CLI, added_id, assert_refused

JOURNAL = """\
[[2024-03-28]]
Done:
- read about RLHF and DPO

[[2024-04-02]]
Done:
- implemented DPO from scratch in PyTorch
- read about LoRA

[[2024-04-09]]
Done:
- implemented LoRA for a small transformer
- read about RLHF again
"""


@pytest.fixture
def spring(cli: CLI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CLI:
    """March-April 2024; today is 2024-04-20 (a Saturday: week 16 runs 04-15 to 04-21)."""
    far = added_id(cli("add-application", "FAR.AI", "eng", "--applied", "2024-04-01"))
    cli("app", "move", str(far), "interviewing", "--on", "2024-04-10")
    spar = added_id(cli("add-application", "SPAR", "--applied", "2024-04-09"))
    cli("app", "move", str(spar), "rejected", "--on", "2024-04-16")
    added_id(cli("add-application", "Redwood", "--applied", "2024-03-15"))
    added_id(cli("add-session", "80,000 Hours", "--on", "2024-04-03"))
    added_id(cli("add-event", "Alignment jam", "--kind", "jam", "--start", "2024-04-12"))
    met = added_id(cli("add-deadline", "write essay", "--due", "2024-04-18"))
    added_id(cli("add-deadline", "missed form", "--due", "2024-04-05"))
    added_id(cli("add-deadline", "later", "--due", "2024-04-29"))
    monkeypatch.setenv("CAREER_NOW", "2024-04-17T12:00:00+00:00")
    assert cli("deadline", "done", str(met)).exit_code == 0
    monkeypatch.setenv("CAREER_NOW", "2024-04-20T09:00:00+00:00")
    log = tmp_path / "log.md"
    log.write_text(JOURNAL, encoding="utf-8")
    result = cli("journal", "import", str(log))
    assert result.exit_code == 0, result.stderr
    return cli


def as_json(cli: CLI, *argv: str) -> Any:
    result = cli(*argv, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_weekly_activity(spring: CLI) -> None:
    data = as_json(spring, "report", "activity", "--weekly", "--since", "2024-03-25")
    assert data["every"] == "week"
    assert [p["label"] for p in data["periods"]] == [
        "2024-W13",
        "2024-W14",
        "2024-W15",
        "2024-W16",
    ]
    rows = {r["key"]: r["values"] for r in data["rows"]}
    assert rows == {
        "applications": [0, 1, 1, 0],
        "responses": [0, 0, 1, 1],
        "interviews": [0, 0, 1, 0],
        "sessions": [0, 1, 0, 0],
        "events": [0, 0, 1, 0],
        "deadlines_met": [0, 0, 0, 1],
        "deadlines_missed": [0, 1, 0, 0],
        "journal_days": [1, 1, 1, 0],
        "evidence": [1, 2, 2, 0],  # lines, not skills: one line may show several
    }
    first = data["rows"][0]
    assert (first["total"], first["average"]) == (2, 0.5)


def test_monthly_default_is_the_last_twelve_months(spring: CLI) -> None:
    data = as_json(spring, "report", "activity")
    assert data["period"] == {"since": "2023-05-01", "until": "2024-04-20"}
    assert len(data["periods"]) == 12
    apps = next(r for r in data["rows"] if r["key"] == "applications")
    assert apps["values"][-2:] == [1, 2] and apps["total"] == 3


def test_activity_table_is_plain_on_a_pipe(spring: CLI) -> None:
    result = spring("report", "activity", "--weekly", "--since", "2024-04-08")
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Activity", "2024-W15", "2024-W16", "Total", "Avg"]
    assert lines[1].split() == ["applications", "sent", "1", "0", "1", "0.5"]
    assert not any(ch in result.stdout for ch in "▁▂▃▄▅▆▇█")


def test_skills_over_time_and_growth(spring: CLI) -> None:
    data = as_json(spring, "report", "skills", "--since", "2024-04-01", "--by", "week")
    by_name = {s["skill"]: s for s in data["skills"]}
    assert set(by_name) == {"DPO", "LoRA", "PyTorch", "RLHF", "transformers"}
    lora = by_name["LoRA"]
    assert lora["values"] == [1, 1, 0] and lora["total"] == 2
    assert (lora["level_before"], lora["level_in_period"], lora["grew"]) == (
        None,
        "applied",
        True,
    )
    dpo, rlhf = by_name["DPO"], by_name["RLHF"]
    assert (dpo["level_before"], dpo["level_in_period"], dpo["grew"]) == (
        "exposure",
        "applied",
        True,
    )
    assert (rlhf["level_before"], rlhf["level_in_period"], rlhf["grew"]) == (
        "exposure",
        "exposure",
        False,
    )
    assert "RLHF" not in data["grew"] and "DPO" in data["grew"]
    table = spring("report", "skills", "--since", "2024-04-01")
    assert table.exit_code == 0
    assert "grew in level: " in table.stdout and "DPO" in table.stdout


def test_csv_markdown_and_categories(spring: CLI) -> None:
    argv = ["report", "activity", "--weekly", "--since", "2024-04-08"]
    csv_out = spring(*argv, "--format", "csv").stdout.splitlines()
    assert csv_out[0] == "activity,2024-W15,2024-W16,total,average"
    assert csv_out[1] == "applications sent,1,0,1,0.5"
    md = spring(*argv, "--format", "md").stdout.splitlines()
    assert md[:3] == [
        "| activity | 2024-W15 | 2024-W16 | total | average |",
        "|---|---|---|---|---|",
        "| applications sent | 1 | 0 | 1 | 0.5 |",
    ]
    data = as_json(spring, "report", "skills", "--since", "2024-04-01", "--category")
    assert data["rows_are"] == "categories"
    assert sum(r["total"] for r in data["skills"]) >= 4
    assert all(r["skill"] == r["category"] for r in data["skills"])


def test_pure_periods() -> None:
    assert period_of(date(2024, 4, 20), "week").label == "2024-W16"
    assert period_of(date(2024, 2, 10), "month").end == date(2024, 2, 29)
    assert default_since(date(2024, 4, 20), "month") == date(2023, 5, 1)
    assert default_since(date(2024, 4, 20), "week") == date(2024, 1, 29)
    assert [p.label for p in periods(date(2024, 12, 30), date(2025, 1, 6), "week")] == [
        "2025-W01",
        "2025-W02",
    ]
    assert sparkline([0, 1, 4, 8]) == "·▁▄█"
    assert sparkline([0, 0]) == "··"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["activity", "--weekly", "--monthly"], "not both"),
        (["activity", "--since", "2024-05-01", "--until", "2024-04-01"], "inverted"),
        (["skills", "--by", "day"], "unknown --by 'day'"),
        (["activity", "--since", "2030-01-01"], "after today"),
    ],
    ids=["both", "inverted", "by", "future"],
)
def test_bad_input(spring: CLI, argv: list[str], words: str) -> None:
    assert_refused(spring("report", *argv), 2, words)


def test_a_terminal_gets_a_sparkline_per_row(spring: CLI, db_url: str) -> None:
    import os
    import re

    from tests.terminal import on_terminal

    env = {**os.environ, "CAREER_DB": db_url, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    argv = ["report", "activity", "--weekly", "--since", "2024-03-25"]
    shown, proc = on_terminal(argv, env, columns=120)
    assert proc.returncode == 0
    lines = re.sub(r"\x1b\[[0-9;]*m", "", shown.decode()).replace("\r", "").splitlines()
    row = next(line for line in lines if line.startswith("applications sent"))
    # the sparkline: a zero is a dot, 1 and 1 the full height
    assert row.split()[2:] == ["0", "1", "1", "0", "2", "0.5", "·██·"]
