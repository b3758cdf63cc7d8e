"""Journal suggestions that help, through the CLI on both backends: records dated on the
journal day with the line's advisor, summary and notes and the shipped organization kinds;
moves of active applications instead of duplicates; keys that name their source; accepting
and dismissing several ids or --all; the line shown in full."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from career.db.engine import make_engine, parse_target
from tests.conftest import CLI, added_id, assert_refused, snapshot
from tests.terminal import on_terminal

LONG = "word " * 60


def _json(cli: CLI, *args: str) -> Any:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _write(path: Path, days: dict[str, list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(
        f"[[{day}]]\n" + "".join(f"{line}\n" for line in lines) for day, lines in days.items()
    )
    path.write_text(body, encoding="utf-8")
    return path


def _import(cli: CLI, *paths: Path) -> dict[str, Any]:
    summary: dict[str, Any] = _json(
        cli, "journal", "import", "--format", "json", *(str(p) for p in paths)
    )
    return summary


def _pending(cli: CLI) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = _json(cli, "journal", "suggestions", "--format", "json")
    return rows


def _sql(db_url: str, statement: str) -> list[tuple[Any, ...]]:
    engine = make_engine(parse_target(db_url))
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement))
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


# --- what a record takes from its line -----------------------------------------------------------


def test_records_take_the_journal_day_the_line_and_the_shipped_kinds(
    cli: CLI, db_url: str, tmp_path: Path
) -> None:
    log = _write(
        tmp_path / "notes" / "log.md",
        {
            "2024-04-12": [
                "- talked with Ada from 80k: focus on evals",
                "- SPAR opens apps at EOM",
                "- signed up for the Apart hackathon: team of three",
                "- applied to FAR.AI tech lead job - referred by Bo",
            ]
        },
    )
    assert _import(cli, log)["suggestions"] == 4
    accepted = cli("journal", "accept", "--all")
    assert accepted.exit_code == 0, accepted.stderr
    ids = [int(line) for line in accepted.stdout.split()]
    assert len(ids) == 4
    assert accepted.stderr.splitlines()[0] == (
        "accepted suggestion #1: added session #1 80,000 Hours 2024-04-12"
    )

    session = _json(cli, "session", "show", str(ids[0]), "--format", "json")
    assert (session["held_on"], session["advisor"], session["summary"]) == (
        "2024-04-12", "Ada", "focus on evals"
    )  # fmt: skip
    spar = _json(cli, "app", "show", str(ids[1]), "--format", "json")
    assert (spar["kind"], spar["status"], spar["status_since"]) == (
        "program", "interested", "2024-04-12"
    )  # fmt: skip
    assert [t["date"] for t in spar["timeline"]] == ["2024-04-12"]  # the day, not today
    event = _json(cli, "event", "show", str(ids[2]), "--format", "json")
    assert (event["status"], event["notes"]) == ("signed-up", "team of three")
    far = _json(cli, "app", "show", str(ids[3]), "--format", "json")
    assert (far["applied"], far["status_since"], far["notes"]) == (
        "2024-04-12", "2024-04-12", "referred by Bo"
    )  # fmt: skip
    kinds = dict(_sql(db_url, "SELECT name, kind FROM organizations"))
    assert kinds == {
        "80,000 Hours": "advisor",
        "SPAR": "program",
        "Apart Research": "host",
        "FAR.AI": "lab",
    }


def test_negated_planned_and_someone_elses_lines(cli: CLI, tmp_path: Path) -> None:
    log = _write(
        tmp_path / "log.md",
        {
            "2024-04-15": [
                "- didn't apply to FAR.AI",
                "- my friend applied to SPAR",
                "- plan to apply to SPAR",
                "- should sign up for the Apart hackathon",
            ]
        },
    )
    _import(cli, log)
    found = [(r["kind"], r["fields"].get("status"), r["line"]) for r in _pending(cli)]
    assert found == [("application", "interested", 4), ("event", "interested", 5)]


# --- moves of active applications ----------------------------------------------------------------


def test_lines_about_an_active_application_move_it(cli: CLI, tmp_path: Path) -> None:
    app = added_id(cli("add-application", "FAR.AI", "tech lead", "--applied", "2024-04-10"))
    log = _write(
        tmp_path / "log.md",
        {
            "2024-04-12": ["- applied to FAR.AI tech lead job"],
            "2024-04-15": ["- submitted the FAR.AI take-home"],
            "2024-04-18": ["- rejected by FAR.AI"],
        },
    )
    _import(cli, log)
    rows = _pending(cli)
    assert [(r["kind"], r["fields"]["application"], r["fields"]["status"]) for r in rows] == [
        ("move", str(app), ""),  # applied already: a note, no duplicate application
        ("move", str(app), "interviewing"),
        ("move", str(app), "rejected"),
    ]
    table = cli("journal", "suggestions")
    assert f"application #{app} FAR.AI — tech lead -> interviewing" in table.stdout

    done = cli("journal", "accept", *(str(r["id"]) for r in rows))
    assert done.exit_code == 0, done.stderr
    assert done.stdout.split() == [str(app)] * 3
    shown = _json(cli, "app", "show", str(app), "--format", "json")
    assert shown["status"] == "rejected"
    assert shown["notes"] == "2024-04-12: applied to FAR.AI tech lead job"
    assert [(t["date"], t["to"], t["note"]) for t in shown["timeline"]] == [
        ("2024-04-10", "applied", None),
        ("2024-04-15", "interviewing", "submitted the FAR.AI take-home"),
        ("2024-04-18", "rejected", "rejected by FAR.AI"),
    ]
    day = _json(cli, "journal", "show", "2024-04-15", "--format", "json")
    assert day["entries"][0]["items"][0]["records"] == [f"application #{app}"]


def test_an_interested_application_moves_to_applied(cli: CLI, tmp_path: Path) -> None:
    app = added_id(cli("add-application", "SPAR", "--status", "interested"))
    _import(cli, _write(tmp_path / "log.md", {"2024-04-20": ["- applied to SPAR"]}))
    [row] = _pending(cli)
    assert (row["kind"], row["fields"]["status"]) == ("move", "applied")
    assert added_id(cli("journal", "accept", str(row["id"]))) == app
    shown = _json(cli, "app", "show", str(app), "--format", "json")
    assert (shown["status"], shown["applied"]) == ("applied", "2024-04-20")


def test_an_impossible_move_is_refused_and_changes_nothing(
    cli: CLI, db_url: str, tmp_path: Path
) -> None:
    app = added_id(cli("add-application", "FAR.AI", "tech lead", "--applied", "2024-04-16"))
    log = _write(
        tmp_path / "log.md",
        {
            "2024-04-14": ["- submitted the FAR.AI take-home"],  # before it was applied to
            "2024-04-19": ["- recruiter call with FAR.AI"],
        },
    )
    _import(cli, log)
    early, screen = _pending(cli)
    before = snapshot(db_url)
    assert_refused(
        cli("journal", "accept", str(early["id"])), 2, f"application #{app} has been 'applied'"
    )
    assert snapshot(db_url) == before
    # Several at once: the refusal of one names it and none is accepted.
    assert_refused(
        cli("journal", "accept", str(screen["id"]), str(early["id"])),
        2,
        f"suggestion #{early['id']}: cannot date the move 2024-04-14",
    )
    assert snapshot(db_url) == before
    # Back along the pipeline: refused.
    assert cli("app", "move", str(app), "offer", "--on", "2024-04-18").exit_code == 0
    assert_refused(
        cli("journal", "accept", str(screen["id"])), 4, "a move back to 'screening' is refused"
    )


# --- keys ----------------------------------------------------------------------------------------


def test_lines_of_two_sources_never_share_a_key(cli: CLI, tmp_path: Path) -> None:
    line = {"2024-04-19": ["- applied to FAR.AI tech lead job"]}
    first = _write(tmp_path / "a" / "log.md", line)
    second = _write(tmp_path / "b" / "log.md", line)
    assert _import(cli, first, second)["suggestions"] == 2
    rows = _pending(cli)
    assert [r["source"] for r in rows] == ["log.md", "log.md"]
    keys = {r["id"]: r["fields"] for r in rows}
    assert len(keys) == 2
    assert added_id(cli("journal", "accept", str(rows[0]["id"]))) == 1
    assert cli("journal", "dismiss", str(rows[1]["id"])).exit_code == 0
    # Edited days are read again: neither suggestion comes back, and none takes its place.
    for path in (first, second):
        path.write_text(path.read_text() + "- more\n", encoding="utf-8")
    summary = _import(cli, first, second)
    assert (summary["entries_updated"], summary["suggestions"]) == (2, 0)
    assert _pending(cli) == []


def test_a_suggestion_stored_before_keys_named_their_source_keeps_its_line(
    cli: CLI, db_url: str, tmp_path: Path
) -> None:
    log = _write(
        tmp_path / "log.md",
        {"2024-04-19": ["- applied to FAR.AI tech lead job", "- signed up for a weekend sprint"]},
    )
    _import(cli, log)
    far, sprint = _pending(cli)
    # The keys of an older career: no source in them.
    legacy = "UPDATE journal_suggestions SET key = '{}' WHERE id = {}"
    _sql(db_url, legacy.format("application|far.ai|tech lead", far["id"]))
    _sql(db_url, legacy.format("event||weekend sprint", sprint["id"]))
    assert cli("journal", "dismiss", str(far["id"])).exit_code == 0
    log.write_text(log.read_text() + "- more\n", encoding="utf-8")
    assert _import(cli, log)["suggestions"] == 0
    # The dismissed one stays dismissed; the pending one takes the new key and stays pending.
    assert [r["id"] for r in _pending(cli)] == [sprint["id"]]
    [(key,)] = _sql(db_url, f"SELECT key FROM journal_suggestions WHERE id = {sprint['id']}")
    assert key.startswith("event||weekend sprint|@")


# --- accept and dismiss --------------------------------------------------------------------------


def _three(cli: CLI, tmp_path: Path) -> list[dict[str, Any]]:
    log = _write(
        tmp_path / "log.md",
        {
            "2024-04-19": [
                "- applied to FAR.AI tech lead job",
                "- signed up for a weekend sprint",
                "- talked with my 80k advisor",
            ]
        },
    )
    _import(cli, log)
    rows = _pending(cli)
    assert len(rows) == 3
    return rows


def test_accept_and_dismiss_several_ids_and_all(cli: CLI, tmp_path: Path) -> None:
    first, second, third = (r["id"] for r in _three(cli, tmp_path))
    both = cli("journal", "accept", str(first), str(second))
    assert both.exit_code == 0, both.stderr
    assert both.stdout.split() == ["1", "1"]  # application #1, event #1
    assert both.stderr.splitlines() == [
        f"accepted suggestion #{first}: added application #1 FAR.AI — tech lead",
        f"accepted suggestion #{second}: added event #1 weekend sprint",
    ]
    dismissed = cli("journal", "dismiss", "--all")
    assert dismissed.exit_code == 0, dismissed.stderr
    assert dismissed.stderr.startswith(f"dismissed suggestion #{third} (session: ")
    assert _pending(cli) == []
    nothing = cli("journal", "accept", "--all")
    assert (nothing.exit_code, nothing.stdout, nothing.stderr) == (
        0,
        "",
        "no pending suggestions\n",
    )


def test_several_ids_are_checked_before_any_change(cli: CLI, db_url: str, tmp_path: Path) -> None:
    first, second, _ = (r["id"] for r in _three(cli, tmp_path))
    before = snapshot(db_url)
    cases = [
        (["journal", "accept", str(first), "99"], 3, "no suggestion #99"),
        (["journal", "dismiss", "99", str(first)], 3, "no suggestion #99"),
        (["journal", "accept"], 2, "give at least one suggestion id, or --all"),
        (["journal", "dismiss", "--all", str(first)], 2, "not both"),
        (["journal", "accept", str(first), str(second), "--edit", "role=x"], 2,
         "--edit applies to one suggestion"),
        (["journal", "accept", "--all", "--edit", "role=x"], 2, "--edit applies to one"),
    ]  # fmt: skip
    for args, code, words in cases:
        assert_refused(cli(*args), code, words)
        assert snapshot(db_url) == before, args
    assert cli("journal", "dismiss", str(second)).exit_code == 0
    after = snapshot(db_url)
    assert_refused(
        cli("journal", "accept", str(first), str(second)), 4, f"#{second} is already dismissed"
    )
    assert snapshot(db_url) == after
    edited = cli("journal", "accept", str(first), "--edit", "role=Tech Lead")
    assert edited.exit_code == 0, edited.stderr
    assert _json(cli, "app", "show", "1", "--format", "json")["role"] == "Tech Lead"


def test_suggestions_show_the_line_in_full_and_escaped(cli: CLI, tmp_path: Path) -> None:
    line = f"applied to FAR.AI research engineer job \x07 {LONG.strip()}"
    _import(cli, _write(tmp_path / "log.md", {"2024-04-19": [f"- {line}"]}))
    table = cli("journal", "suggestions")
    assert table.exit_code == 0, table.stderr
    [_, row] = table.stdout.splitlines()
    assert row.endswith("applied to FAR.AI research engineer job \\x07 " + LONG.strip())
    assert "\x07" not in table.stdout
    assert _pending(cli)[0]["text"] == line  # JSON carries the text as it is


def test_on_a_terminal_the_line_wraps_and_is_never_cut(
    cli: CLI, db_url: str, tmp_path: Path
) -> None:
    """The terminal branch, through a real pseudo-terminal 80 columns wide."""
    words = " ".join(f"w{n}" for n in range(60))
    _import(cli, _write(tmp_path / "log.md", {"2024-04-19": [f"- applied to FAR.AI job {words}"]}))
    env = {**os.environ, "CAREER_DB": db_url, "COLUMNS": "80", "TERM": "xterm"}
    shown, proc = on_terminal(["journal", "suggestions"], env)
    assert proc.returncode == 0
    screen = re.sub(r"\x1b\[[0-9;]*m", "", shown.decode())
    lines = screen.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert len(lines) > 3  # the line wrapped
    start = lines[0].index("Text")
    shown = " ".join(line[start:] for line in lines[1:])
    assert all(f"w{n}" in shown.split() for n in range(60))  # every word, none cut


def test_a_suggestion_points_at_its_first_line_however_the_import_is_split(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A big source's findings are written a batch of days at a time: the suggestion is still
    # the first line's, and a re-import keeps it (same id, nothing new).
    from career.journal import importer

    monkeypatch.setattr(importer, "BATCH_DAYS", 1)
    line = "- applied to FAR.AI for the tech lead job"
    log = _write(
        tmp_path / "log.md",
        {"2024-04-10": [line], "2024-04-11": ["- walked"], "2024-04-12": [line]},
    )
    assert _import(cli, log)["suggestions"] == 1
    first = _pending(cli)
    assert [(s["day"], s["kind"]) for s in first] == [("2024-04-10", "application")]
    log.write_text(log.read_text("utf-8").replace("- walked", "- walked far"), "utf-8")
    assert _import(cli, log)["suggestions"] == 0
    assert [s["id"] for s in _pending(cli)] == [first[0]["id"]]
