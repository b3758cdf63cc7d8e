"""Every change recorded, `career history`, `career undo`: through the CLI, on a SQLite file and on
PostgreSQL. An undo must give back exactly the rows there were (every table dumped and
compared, types included), an undo of that undo the rows after the change; a refused undo
changes nothing, the change log included."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CLI, added_id, assert_refused, table_rows

# The change log itself grows with every command; everything else must come back.
LOG = ("changes", "change_rows", "change_now")
# What journal import writes: not recorded (career.db.changes.UNTRACKED), never changed here.
JOURNAL_BULK = ("journal_sources", "journal_entries", "journal_items", "skill_evidence")


def dump(db_url: str, *, log: bool = False) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, typed (the change log itself only with `log`)."""
    return table_rows(db_url, skip=() if log else LOG)


def ok(cli: CLI, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, (args, result.stderr)
    return result.stdout


def history(cli: CLI, *args: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(ok(cli, "history", "--format", "json", *args))
    return rows


SHEET = (
    "Organization,Role,Status,Applied\n"
    "Sheetco,analyst,applied,2024-04-01\n"
    "Acme,data engineer,interviewing,2024-04-02\n"
)

# (what, command): each runs on what the ones before it left, so the later ones have
# records to act on: a status history, tags, contacts, sessions, skills, deadlines.
CHANGES: list[tuple[str, list[str]]] = [
    (
        "add-application",
        [
            "add-application",
            "Acme",
            "ml engineer",
            "--tag",
            "remote",
            "--salary-min",
            "120000.5",
            "--salary-max",
            "150000",
            "--currency",
            "USD",
            "--deadline",
            "2024-05-01",
            "--excitement",
            "4",
        ],
    ),
    ("app move", ["app", "move", "1", "screening"]),
    (
        "app edit",
        [
            "app",
            "edit",
            "1",
            "--note",
            "call back",
            "--tag",
            "ai",
            "--untag",
            "remote",
            "--excitement",
            "0",
        ],
    ),
    ("add-contact", ["add-contact", "Ada Advisor", "--org", "Acme", "--email", "ada@x.org"]),
    ("contact link", ["contact", "link", "1", "--app", "1", "--as", "referrer"]),
    ("contact edit", ["contact", "edit", "1", "--every", "6w"]),
    ("touch", ["touch", "Ada Advisor", "--via", "call", "--app", "1", "--note", "intro"]),
    (
        "add-deadline",
        [
            "add-deadline",
            "take-home",
            "--due",
            "2024-05-03",
            "--at",
            "17:30",
            "--tz",
            "Europe/London",
            "--app",
            "1",
        ],
    ),
    ("deadline done", ["deadline", "done", "2"]),
    ("deadline move", ["deadline", "move", "1", "--due", "2024-05-02"]),
    (
        "add-event",
        [
            "add-event",
            "Alignment jam",
            "--kind",
            "jam",
            "--host",
            "Apart",
            "--start",
            "2024-05-03",
            "--end",
            "2024-05-05",
        ],
    ),
    ("event move", ["event", "move", "1", "signed-up"]),
    ("event edit", ["event", "edit", "1", "--team", "three", "--note", "bring laptop"]),
    (
        "add-session",
        [
            "add-session",
            "80,000 Hours",
            "--advisor",
            "Bo",
            "--summary",
            "ok",
            "--takeaway",
            "apply early",
            "--takeaway",
            "write more",
            "--action",
            "send CV",
        ],
    ),
    ("app skills", ["app", "skills", "1", "--add", "Python", "--add", "Zygomancy"]),
    ("org alias", ["org", "alias", "Acme", "Acme Inc"]),
    ("import apps", ["import", "apps", "{sheet}"]),
    ("org merge", ["org", "merge", "Sheetco", "Acme", "--yes", "--force"]),
    ("deadline rm", ["deadline", "rm", "1", "--yes"]),
    ("app rm", ["app", "rm", "1", "--yes"]),
]


def test_undo_of_every_kind_of_change_gives_back_the_same_rows(
    cli: CLI, db_url: str, tmp_path: Path
) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    ok(cli, "db", "upgrade")  # a SQLite file too, so the first dump has every table
    for what, argv in CHANGES:
        before = dump(db_url)
        ok(cli, *[a.replace("{sheet}", str(sheet)) for a in argv])
        after = dump(db_url)
        assert after != before, what
        (change,) = history(cli, "--limit", "1")
        assert change["command"] == "career " + what, what
        assert change["summary"] and change["undone_by"] is None
        ok(cli, "undo")
        assert dump(db_url) == before, f"undo of {what}"
        (undo,) = history(cli, "--limit", "1")
        assert undo["command"] == "career undo" and undo["undoes"] == change["id"]
        # Undoing the undo puts the change back, exactly.
        ok(cli, "undo", str(undo["id"]))
        assert dump(db_url) == after, f"redo of {what}"


def test_a_journal_accept_is_one_change_and_the_import_none(
    cli: CLI, db_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "notes" / "log.md"
    log.parent.mkdir()
    log.write_text(
        "[[2024-04-12]]\n- talked with Ada from 80k: focus on evals\n"
        "- applied to FAR.AI tech lead job - referred by Bo\n",
        encoding="utf-8",
    )
    ok(cli, "journal", "import", str(log))
    assert history(cli) == []  # the import is not a recorded change
    before = dump(db_url)
    ok(cli, "journal", "accept", "--all")
    (change,) = history(cli)
    assert change["command"] == "career journal accept"
    tables = {r["table"] for r in change["rows"]}
    assert {"applications", "advisor_sessions", "journal_suggestions"} <= tables
    after = dump(db_url)
    ok(cli, "undo")
    assert dump(db_url) == before
    assert {r["status"] for r in json.loads(ok(cli, "journal", "suggestions", "-f", "json"))} == {
        "pending"
    }
    ok(cli, "undo", str(change["id"] + 1))
    assert dump(db_url) == after


def test_a_command_that_changes_nothing_leaves_no_history(cli: CLI) -> None:
    added_id(cli("add-application", "Acme", "ml engineer"))
    ok(cli, "app", "edit", "1", "--role", "ml engineer")  # the same value
    assert [c["command"] for c in history(cli)] == ["career add-application"]


def test_undo_after_a_dependent_change_is_refused_and_changes_nothing(
    cli: CLI, db_url: str
) -> None:
    added_id(cli("add-application", "Acme", "ml engineer"))
    ok(cli, "app", "move", "1", "screening")
    everything = dump(db_url, log=True)
    assert_refused(
        cli("undo", "1"), 4, "change 2 (career app move) changed application 1 after change 1"
    )
    assert dump(db_url, log=True) == everything
    # A later record that the reversal would cascade into: named, refused, nothing changed.
    ok(cli, "undo")  # the move
    added_id(cli("add-deadline", "apply", "--due", "2024-05-01", "--app", "1"))
    # (PostgreSQL's sequences do not roll back: a refused undo spends an id there.)
    deadline, undo, move, add = [c["id"] for c in history(cli)]
    everything = dump(db_url, log=True)
    assert_refused(
        cli("undo", str(add)), 4, f"would also change deadline 1: undo change {deadline} first"
    )
    assert dump(db_url, log=True) == everything
    # Undone already; no such change.
    assert_refused(
        cli("undo", str(move)), 4, f"change {move} was undone already (by change {undo})"
    )
    assert_refused(cli("undo", "99"), 3, "no change 99")
    assert dump(db_url, log=True) == everything


def test_undo_refuses_a_row_changed_since_without_a_record(cli: CLI, db_url: str) -> None:
    added_id(cli("add-application", "Acme", "ml engineer"))
    from career.db.engine import make_engine, parse_target

    engine = make_engine(parse_target(db_url))
    try:
        with engine.begin() as conn:
            from sqlalchemy import text

            conn.execute(text("UPDATE applications SET notes = 'by hand' WHERE id = 1"))
    finally:
        engine.dispose()
    everything = dump(db_url, log=True)
    assert_refused(cli("undo"), 4, "application 1 was changed since by a write that is not")
    assert dump(db_url, log=True) == everything


def test_undo_with_nothing_recorded(cli: CLI) -> None:
    assert_refused(cli("undo"), 3, "nothing to undo")


def test_history_filters(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREER_NOW", "2024-04-18T09:00:00+00:00")
    added_id(cli("add-application", "Acme", "ml engineer"))
    added_id(cli("add-application", "Other", "analyst"))
    monkeypatch.setenv("CAREER_NOW", "2024-04-20T09:00:00+00:00")
    added_id(cli("add-deadline", "apply", "--due", "2024-05-01", "--app", "1"))
    ok(cli, "app", "move", "2", "screening")
    ok(cli, "org", "alias", "Acme", "Acme Inc")
    ids = [c["id"] for c in history(cli)]
    assert ids == [5, 4, 3, 2, 1]
    assert [c["id"] for c in history(cli, "--app", "1")] == [3, 1]
    assert [c["id"] for c in history(cli, "--org", "acme inc")] == [5, 3, 1]
    assert [c["id"] for c in history(cli, "--since", "2024-04-19")] == [5, 4, 3]
    assert [c["id"] for c in history(cli, "--limit", "2")] == [5, 4]
    assert history(cli, "--app", "7") == []
    table = ok(cli, "history")
    assert "career app move" in table and "application 2 changed, status change 3 added" in table
    csv_text = ok(cli, "history", "--format", "csv")
    assert csv_text.splitlines()[0] == "id,at,command,summary,undoes,undone_by,rows"
    # An organization removed by a merge is still found by the name it had.
    ok(cli, "org", "merge", "Other", "Acme", "--yes")
    assert history(cli, "--org", "Other")[0]["command"] == "career org merge"


@pytest.mark.parametrize("backend", ["sqlite"])
def test_history_reads_without_sqlalchemy(cli: CLI, db_url: str, home: Path) -> None:
    added_id(cli("add-application", "Acme", "ml engineer"))
    script = (
        "import sys\n"
        "from career.cli.entry import run\n"
        "try:\n"
        "    run()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('sqlalchemy', 'alembic') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "--db", db_url, "history", "--format", "json"],
        capture_output=True,
        text=True,
        env={"CAREER_HOME": str(home), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    lines = done.stdout.splitlines()
    assert lines[-1] == "[]", done.stderr
    assert json.loads("\n".join(lines[:-1]))[0]["command"] == "career add-application"
