"""`career add-deadline`, `deadlines`, `deadline done|move|rm` and `add-application
--deadline` through the CLI, on both backends."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import (
    CLI,
    added_id,
    assert_nothing_created,
    assert_refused,
    assert_refused_unchanged,
    bad_input_cases,
    snapshot,
)


def _deadlines(cli: CLI, *args: str) -> list[dict[str, Any]]:
    result = cli("deadlines", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def _row(deadline_id: int, title: str, kind: str, due: str, **more: Any) -> dict[str, Any]:
    """The JSON record of a deadline (today is 2024-04-20)."""
    row = {
        "id": deadline_id,
        "title": title,
        "kind": kind,
        "due": due,
        "at": None,
        "tz": None,
        "days_left": (date.fromisoformat(due) - date(2024, 4, 20)).days,
        "remind_days": None,
        "done_at": None,
        "belongs_to": None,
    }
    row.update(more)
    return row


def _add_session(db_url: str, organization: str, held_on: date) -> int:
    """An advising session, written through the data layer (its own command lives elsewhere)."""
    from career import clock
    from career.db.engine import open_database, parse_target
    from career.db.sql import SessionSql
    from career.models import AdvisorSession
    from career.pipeline.writes import organization as organization_named

    db = open_database(parse_target(db_url))
    try:
        with db.session(write=True) as session:
            org_id, _, _ = organization_named(SessionSql(session), organization)
            row = AdvisorSession(organization_id=org_id, held_on=held_on, created_at=clock.now())
            session.add(row)
            session.flush()
            return row.id
    finally:
        db.dispose()


def test_the_spar_window_opening_at_the_end_of_april(cli: CLI) -> None:
    result = cli("add-deadline", "SPAR applications open", "--due", "2024-04-30", "--kind", "opens")
    deadline_id = added_id(result)
    assert "added deadline #1 'SPAR applications open' (opens, due 2024-04-30)" in result.stderr
    assert _deadlines(cli) == [_row(deadline_id, "SPAR applications open", "opens", "2024-04-30")]


def test_a_time_on_a_spring_forward_day_is_kept_as_given(cli: CLI) -> None:
    # 02:30 does not exist in New York on 2024-03-10: the clocks go from 02:00 to 03:00.
    result = cli(
        "add-deadline", "call", "--due", "2024-03-10", "--at", "02:30", "--tz", "America/New_York"
    )
    deadline_id = added_id(result)
    assert "02:30 on 2024-03-10 does not exist in America/New_York" in result.stderr
    assert _deadlines(cli) == [
        _row(deadline_id, "call", "other", "2024-03-10", at="02:30", tz="America/New_York")
    ]
    assert "2024-03-10  02:30" in cli("deadlines").stdout


def test_at_without_tz_takes_the_local_zone_name_when_known(
    cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    named = added_id(cli("add-deadline", "named", "--due", "2024-05-01", "--at", "9:05"))
    monkeypatch.setenv("TZ", "<+03>-3")  # a POSIX rule: no IANA name to store
    floating = added_id(cli("add-deadline", "floating", "--due", "2024-05-01", "--at", "10:00"))
    assert _deadlines(cli) == [
        _row(named, "named", "other", "2024-05-01", at="09:05", tz="Europe/Berlin"),
        _row(floating, "floating", "other", "2024-05-01", at="10:00"),
    ]


def test_links_default_kinds_and_what_a_deadline_belongs_to(cli: CLI, db_url: str) -> None:
    app_id = added_id(cli("add-application", "FAR.AI", "tech lead", "--applied", "2024-04-19"))
    event_id = added_id(cli("add-event", "AI alignment jam", "--kind", "jam"))
    session_id = _add_session(db_url, "80,000 Hours", date(2024, 4, 18))
    a = added_id(cli("add-deadline", "send portfolio", "--due", "2024-05-01", "--app", str(app_id)))
    e = added_id(cli("add-deadline", "submit", "--due", "2024-05-02", "--event", str(event_id)))
    s = added_id(
        cli("add-deadline", "read the guide", "--due", "2024-05-03", "--session", str(session_id))
    )
    f = added_id(
        cli("add-deadline", "nudge", "--due", "2024-05-04", "--app", str(app_id), "--kind",
            "follow-up", "--remind-days", "2")
    )  # fmt: skip
    session_label = "80,000 Hours — 2024-04-18"
    assert _deadlines(cli) == [
        _row(a, "send portfolio", "apply-by", "2024-05-01",
             belongs_to={"type": "application", "id": app_id, "label": "FAR.AI — tech lead"}),
        _row(e, "submit", "event", "2024-05-02",
             belongs_to={"type": "event", "id": event_id, "label": "AI alignment jam"}),
        _row(s, "read the guide", "action", "2024-05-03",
             belongs_to={"type": "session", "id": session_id, "label": session_label}),
        _row(f, "nudge", "follow-up", "2024-05-04", remind_days=2,
             belongs_to={"type": "application", "id": app_id, "label": "FAR.AI — tech lead"}),
    ]  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(cli("deadlines", "-f", "csv").stdout)))
    assert [r["belongs_to"] for r in rows] == [
        "application #1 FAR.AI — tech lead",
        "event #1 AI alignment jam",
        "session #1 80,000 Hours — 2024-04-18",
        "application #1 FAR.AI — tech lead",
    ]
    assert list(rows[0]) == [
        "id", "title", "kind", "due", "at", "tz", "days_left", "remind_days", "done_at",
        "belongs_to",
    ]  # fmt: skip


def test_most_urgent_first_timed_before_all_day_on_one_date(cli: CLI) -> None:
    all_day = added_id(cli("add-deadline", "all day", "--due", "2024-04-25"))
    late = added_id(cli("add-deadline", "late", "--due", "2024-04-25", "--at", "17:00"))
    early = added_id(cli("add-deadline", "early", "--due", "2024-04-25", "--at", "08:00"))
    overdue = added_id(cli("add-deadline", "overdue", "--due", "2024-04-01"))
    later = added_id(cli("add-deadline", "later", "--due", "+2w"))
    rows = _deadlines(cli)
    assert [r["id"] for r in rows] == [overdue, early, late, all_day, later]
    assert [r["days_left"] for r in rows] == [-19, 5, 5, 5, 14]
    assert rows[-1]["due"] == "2024-05-04"


def test_done_hides_it_and_twice_is_a_conflict(cli: CLI, db_url: str) -> None:
    first = added_id(cli("add-deadline", "first", "--due", "2024-04-22"))
    second = added_id(cli("add-deadline", "second", "--due", "2024-04-23"))
    result = cli("deadline", "done", str(first))
    assert result.exit_code == 0, result.stderr
    assert "done: deadline #1 'first' (other, due 2024-04-22)" in result.stderr
    assert [r["id"] for r in _deadlines(cli)] == [second]
    assert _deadlines(cli, "--done") == [
        _row(first, "first", "other", "2024-04-22", done_at="2024-04-20T09:00:00+00:00")
    ]
    assert [r["id"] for r in _deadlines(cli, "--all")] == [first, second]

    before = snapshot(db_url)
    again = cli("deadline", "done", str(first))
    assert again.exit_code == 4
    assert again.stderr == (
        "career: error: deadline #1 is already done (since 2024-04-20T09:00:00+00:00)\n"
    )
    assert snapshot(db_url) == before


def test_move_changes_the_date_and_time(cli: CLI, db_url: str) -> None:
    deadline_id = added_id(
        cli("add-deadline", "apply", "--due", "2024-04-30", "--at", "12:00", "--tz", "Asia/Tokyo")
    )
    moved = cli("deadline", "move", str(deadline_id), "--due", "2024-05-02")
    assert moved.exit_code == 0, moved.stderr
    assert "2024-04-30 12:00 Asia/Tokyo -> 2024-05-02 12:00 Asia/Tokyo" in moved.stderr
    assert (
        cli("deadline", "move", str(deadline_id), "--due", "May 3", "--at", "23:59").exit_code == 0
    )
    assert _deadlines(cli) == [
        _row(deadline_id, "apply", "other", "2024-05-03", at="23:59", tz="Asia/Tokyo")
    ]
    assert cli("deadline", "move", str(deadline_id), "--at", "").exit_code == 0
    assert _deadlines(cli) == [_row(deadline_id, "apply", "other", "2024-05-03")]

    before = snapshot(db_url)
    same = cli("deadline", "move", str(deadline_id), "--due", "2024-05-03")
    assert same.exit_code == 4
    assert "already due then" in same.stderr
    assert snapshot(db_url) == before


def test_rm_asks_and_reports_what_it_removed(cli: CLI, db_url: str) -> None:
    app_id = added_id(cli("add-application", "FAR.AI", "tech lead"))
    deadline_id = added_id(
        cli("add-deadline", "apply", "--due", "2024-05-01", "--app", str(app_id))
    )
    before = snapshot(db_url)
    declined = cli("deadline", "rm", str(deadline_id), input="n\n")
    assert declined.exit_code == 1
    assert "Delete deadline #1 'apply' (apply-by, due 2024-05-01) for application #1" in (
        declined.stderr
    )
    assert snapshot(db_url) == before

    removed = cli("deadline", "rm", str(deadline_id), input="y\n")
    assert removed.exit_code == 0, removed.stderr
    assert (
        "removed deadline #1 'apply' (apply-by, due 2024-05-01) for application #1 "
        "FAR.AI — tech lead" in removed.stderr
    )
    assert _deadlines(cli, "--all") == []
    assert cli("deadline", "rm", str(deadline_id), "--yes").exit_code == 3


def test_add_application_with_a_deadline(cli: CLI) -> None:
    result = cli("add-application", "FAR.AI", "tech lead", "--status", "interested",
                 "--deadline", "2024-05-01")  # fmt: skip
    app_id = added_id(result)
    assert "added an apply-by deadline on 2024-05-01" in result.stderr
    org_only = added_id(
        cli("add-application", "SPAR", "--status", "interested", "--deadline", "eom")
    )
    assert _deadlines(cli) == [
        _row(2, "apply to SPAR", "apply-by", "2024-04-30",
             belongs_to={"type": "application", "id": org_only, "label": "SPAR"}),
        _row(1, "apply to FAR.AI — tech lead", "apply-by", "2024-05-01",
             belongs_to={"type": "application", "id": app_id, "label": "FAR.AI — tech lead"}),
    ]  # fmt: skip


def test_table_and_empty_listings(cli: CLI) -> None:
    empty = cli("deadlines")
    assert (empty.exit_code, empty.stdout) == (0, "")
    assert "no open deadlines" in empty.stderr
    deadline_id = added_id(cli("add-deadline", "apply", "--due", "2024-04-30"))
    assert cli("deadlines").stdout.splitlines() == [
        "ID  Due         At  Left  Title  Kind   For",
        f"{deadline_id}   2024-04-30      10    apply  other",
    ]
    cli("deadline", "done", str(deadline_id))
    assert "2024-04-20T09:00:00+00:00" in cli("deadlines", "--all").stdout


def test_an_opening_that_has_passed_reads_open_since_and_is_not_overdue(cli: CLI) -> None:
    opened = added_id(cli("add-deadline", "SPAR opens", "--due", "2024-04-01", "--kind", "opens"))
    late = added_id(cli("add-deadline", "apply", "--due", "2024-04-15"))
    soon = added_id(cli("add-deadline", "MATS opens", "--due", "2024-04-25", "--kind", "opens"))
    rows = {line.split()[0]: line for line in cli("deadlines").stdout.splitlines()[1:]}
    assert "open since 2024-04-01" in rows[str(opened)]
    assert rows[str(late)].split()[2] == "-5"
    assert rows[str(soon)].split()[2] == "5"
    # JSON and CSV keep the number: the contract is days from today
    assert [r["days_left"] for r in _deadlines(cli)] == [-19, -5, 5]
    sheet = list(csv.DictReader(io.StringIO(cli("deadlines", "--format", "csv").stdout)))
    assert [r["days_left"] for r in sheet] == ["-19", "-5", "5"]
    reminded = json.loads(cli("remind", "--format", "json").stdout)
    assert [(r["id"], r["rule"]) for r in reminded] == [
        (opened, "open"),
        (late, "overdue"),
        (soon, "due"),
    ]
    assert cli("deadline", "done", str(late)).exit_code == 0
    assert cli("remind", "--check").exit_code == 0  # an opening is news, not a failure


# (id, argv, exit code, words the message must contain). Application #1 exists; deadline #1.
CASES = [
    ("app-and-event", ["add-deadline", "X", "--due", "2024-05-01", "--app", "1", "--event", "1"],
     2, "give only one of --app, --event and --session"),
    ("unknown-kind", ["add-deadline", "X", "--due", "2024-05-01", "--kind", "soon"], 2,
     "unknown kind 'soon'"),
    ("impossible-due", ["add-deadline", "X", "--due", "2023-02-29"], 2, "2023-02-29"),
    ("missing-due", ["add-deadline", "X"], 2, "--due"),
    ("tz-without-at", ["add-deadline", "X", "--due", "2024-05-01", "--tz", "Europe/Paris"], 2,
     "--tz needs --at"),
    ("unknown-zone", ["add-deadline", "X", "--due", "2024-05-01", "--at", "10:00",
                      "--tz", "Mars/Olympus"], 2, "unknown time zone 'Mars/Olympus'"),
    ("path-zone", ["add-deadline", "X", "--due", "2024-05-01", "--at", "10:00",
                   "--tz", "../etc/passwd"], 2, "unknown time zone"),
    ("bad-time", ["add-deadline", "X", "--due", "2024-05-01", "--at", "25:00"], 2,
     "cannot read '25:00' as a time"),
    ("remind-negative", ["add-deadline", "X", "--due", "2024-05-01", "--remind-days", "-1"], 2,
     "--remind-days must be from 0"),
    ("empty-title", ["add-deadline", " ", "--due", "2024-05-01"], 2, "title is empty"),
    ("unknown-app", ["add-deadline", "X", "--due", "2024-05-01", "--app", "99"], 3,
     "no application #99"),
    ("unknown-event", ["add-deadline", "X", "--due", "2024-05-01", "--event", "99"], 3,
     "no event #99"),
    ("unknown-session", ["add-deadline", "X", "--due", "2024-05-01", "--session", "99"], 3,
     "no advising session #99"),
    ("all-and-done", ["deadlines", "--all", "--done"], 2, "exclude each other"),
    ("unknown-id-done", ["deadline", "done", "99"], 3, "no deadline #99"),
    ("unknown-id-move", ["deadline", "move", "99", "--due", "2024-05-01"], 3, "no deadline #99"),
    ("unknown-id-rm", ["deadline", "rm", "99", "--yes"], 3, "no deadline #99"),
    ("move-nothing", ["deadline", "move", "1"], 2, "nothing to change"),
    ("move-impossible", ["deadline", "move", "1", "--due", "2023-02-29"], 2, "2023-02-29"),
    ("move-bad-time", ["deadline", "move", "1", "--at", "noon"], 2, "as a time"),
    ("app-deadline-impossible", ["add-application", "Y", "--deadline", "2023-02-29"], 2,
     "2023-02-29"),
]  # fmt: skip

FIRST_RUN = [
    "app-and-event", "unknown-kind", "impossible-due", "tz-without-at", "unknown-zone",
    "remind-negative", "unknown-app", "unknown-event", "unknown-session", "unknown-id-done",
    "unknown-id-move", "unknown-id-rm", "app-deadline-impossible",
]  # fmt: skip


@bad_input_cases(CASES)
def test_bad_input_is_one_clear_line_and_changes_nothing(
    cli: CLI, db_url: str, argv: list[str], code: int, words: str
) -> None:
    assert added_id(cli("add-application", "FAR.AI", "tech lead")) == 1
    assert added_id(cli("add-deadline", "apply", "--due", "2024-05-01")) == 1
    assert_refused_unchanged(cli, db_url, argv, code, words)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [c[1:] for c in CASES if c[0] in FIRST_RUN],
    ids=[c[0] for c in CASES if c[0] in FIRST_RUN],
)
def test_bad_input_on_a_first_run_creates_nothing(
    cli: CLI, db_url: str, home: Path, argv: list[str], code: int, words: str
) -> None:
    assert_refused(cli(*argv), code, words)
    assert_nothing_created(db_url, home)


def test_listing_orders_deadlines_on_one_time_line_across_zones(
    cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """08:00 in Tokyo on the 22nd comes before the end of the 21st in UTC, which comes before
    00:30 in New York on the 22nd: wall-clock order would be the other way round."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        cli("add-deadline", "New York", "--due", "2024-04-22", "--at", "00:30", "--tz",
            "America/New_York")  # fmt: skip
        cli("add-deadline", "All day", "--due", "2024-04-21")
        cli("add-deadline", "Tokyo", "--due", "2024-04-22", "--at", "08:00", "--tz", "Asia/Tokyo")
        titles = [row["title"] for row in _deadlines(cli)]
    finally:
        monkeypatch.undo()
        time.tzset()
    assert titles == ["Tokyo", "All day", "New York"]
