"""`career add-session`, `sessions`, `session show` through the CLI, on both backends."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import (
    CLI,
    added_id,
    assert_nothing_created,
    assert_refused,
    assert_refused_unchanged,
    bad_input_cases,
)

if TYPE_CHECKING:
    from career.db.engine import Database

NOTES = (
    "https://docs.google.com/document/d/1oFF3S5yO7fNWcvjggPB-q4aPnjxDl7NcgbKw8o8vlw8/"
    "edit?usp=sharing"
)
TAKEAWAYS = [
    "I am on a reasonable path; continuing to learn is good",
    "do not hold off on applying totally: select a few places to apply to early, SWE-bent",
    "focus on producing in public",
    "the Jacob Hilton deep learning curriculum matches my interests and plans",
]
ACTIONS = [
    "select a few SWE-bent places to apply to early",
    "start a project to produce in public",
    "keep referencing the Jacob Hilton curriculum",
]


def _json(cli: CLI, *args: str) -> Any:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _record_the_80k_session(cli: CLI) -> int:
    """The user's journal, 17 April 2024: "Talked with 80k hours career advisor"."""
    args = [
        "add-session", "80,000 Hours", "--on", "Apr 17", "--notes-url", NOTES,
        "--summary", "Talked with 80k hours career advisor",
    ]  # fmt: skip
    for text in TAKEAWAYS:
        args += ["--takeaway", text]
    for text in ACTIONS:
        args += ["--action", text]
    result = cli(*args)
    assert "added session #1 80,000 Hours on 2024-04-17, 3 action item(s) due 2024-05-01" in (
        result.stderr
    )
    return added_id(result)


def test_the_80000_hours_session_from_the_journal(cli: CLI) -> None:
    session = _record_the_80k_session(cli)
    assert session == 1
    assert _json(cli, "session", "show", str(session)) == {
        "id": 1,
        "organization": "80,000 Hours",
        "advisor": None,
        "held_on": "2024-04-17",
        "notes_url": NOTES,
        "summary": "Talked with 80k hours career advisor",
        "takeaways": TAKEAWAYS,
        "actions_open": 3,
        "actions_done": 0,
        "advisor_id": None,
        "created_at": "2024-04-20T09:00:00+00:00",
        "actions": [
            {
                "deadline_id": n,
                "title": title,
                "kind": "action",
                "due_on": "2024-05-01",  # 14 days after the session
                "done": False,
                "done_at": None,
            }
            for n, title in enumerate(ACTIONS, 1)
        ],
    }
    assert _json(cli, "sessions") == [
        {
            "id": 1,
            "organization": "80,000 Hours",
            "advisor": None,
            "held_on": "2024-04-17",
            "notes_url": NOTES,
            "summary": "Talked with 80k hours career advisor",
            "takeaways": TAKEAWAYS,
            "actions_open": 3,
            "actions_done": 0,
        }
    ]
    text = cli("session", "show", "1").stdout.splitlines()
    assert text == [
        "#1 80,000 Hours on 2024-04-17",
        f"  notes       {NOTES}",
        "  summary     Talked with 80k hours career advisor",
        "takeaways",
        *[f"  {n}. {t}" for n, t in enumerate(TAKEAWAYS, 1)],
        "action items",
        *[f"  [ ] deadline #{n}  due 2024-05-01  {t}" for n, t in enumerate(ACTIONS, 1)],
    ]


def test_defaults_today_and_no_actions(cli: CLI) -> None:
    session = added_id(cli("add-session", "80000hours"))
    assert _json(cli, "sessions") == [
        {
            "id": session,
            "organization": "80000hours",
            "advisor": None,
            "held_on": "2024-04-20",
            "notes_url": None,
            "summary": None,
            "takeaways": [],
            "actions_open": 0,
            "actions_done": 0,
        }
    ]
    text = cli("session", "show", str(session)).stdout.splitlines()
    assert text == ["#1 80000hours on 2024-04-20", "takeaways", "  none", "action items", "  none"]


def test_action_due_date_is_used_for_every_action(cli: CLI) -> None:
    session = added_id(
        cli(
            "add-session", "80,000 Hours", "--on", "yesterday", "--action", "a",
            "--action", "b", "--action-due", "May 1",
        )
    )  # fmt: skip
    data = _json(cli, "session", "show", str(session))
    assert data["held_on"] == "2024-04-19"
    assert [(a["title"], a["due_on"]) for a in data["actions"]] == [
        ("a", "2024-05-01"),
        ("b", "2024-05-01"),
    ]


def test_advisor_is_found_at_the_organization_or_created_there(cli: CLI) -> None:
    jane = added_id(cli("add-contact", "Jane Doe", "--org", "80,000 Hours"))
    other = added_id(cli("add-contact", "Sam Lee", "--org", "FAR.AI"))
    found = cli("add-session", "80 000 hours", "--advisor", "jane doe")
    assert found.exit_code == 0, found.stderr
    assert "added contact" not in found.stderr
    # Sam Lee exists, but at another organization: a new contact at 80,000 Hours.
    created = cli("add-session", "80,000 Hours", "--advisor", "Sam Lee", "--on", "2024-04-18")
    assert created.exit_code == 0, created.stderr
    assert "added contact #3 Sam Lee (advisor)" in created.stderr

    sessions = _json(cli, "sessions")
    assert [(s["id"], s["advisor"], s["held_on"]) for s in sessions] == [
        (1, "Jane Doe", "2024-04-20"),
        (2, "Sam Lee", "2024-04-18"),
    ]
    assert _json(cli, "session", "show", "1")["advisor_id"] == jane
    assert _json(cli, "session", "show", "2")["advisor_id"] == 3
    assert _json(cli, "contact", "show", "3") == {
        "id": 3,
        "name": "Sam Lee",
        "organization": "80,000 Hours",
        "role": "advisor",
        "email": None,
        "url": None,
        "notes": None,
        "created_at": "2024-04-20T09:00:00+00:00",
        "applications": [],
        "sessions": [{"id": 2, "organization": "80,000 Hours", "held_on": "2024-04-18"}],
        "every_days": None,
        "timeline": [
            {
                "date": "2024-04-18",
                "source": "session",
                "id": 2,
                "via": "meeting",
                "note": None,
                "application_id": None,
                "summary": "advising session #2 (80,000 Hours)",
            }
        ],
    }
    assert _json(cli, "contact", "show", str(other))["sessions"] == []
    shown = cli("session", "show", "2").stdout.splitlines()
    assert shown[1] == "  advisor     Sam Lee (contact #3)"


def test_done_actions_are_shown_and_counted(cli: CLI, database: Database) -> None:
    from sqlalchemy import update

    from career.deadlines.models import Deadline

    _record_the_80k_session(cli)
    done_at = datetime(2024, 4, 19, 12, 30, tzinfo=UTC)
    with database.session(write=True) as s:
        s.execute(update(Deadline).where(Deadline.id == 2).values(done_at=done_at))
    data = _json(cli, "session", "show", "1")
    assert (data["actions_open"], data["actions_done"]) == (2, 1)
    assert [(a["deadline_id"], a["done"], a["done_at"]) for a in data["actions"]] == [
        (1, False, None),
        (2, True, "2024-04-19T12:30:00+00:00"),
        (3, False, None),
    ]
    listed = _json(cli, "sessions")[0]
    assert (listed["actions_open"], listed["actions_done"]) == (2, 1)
    text = cli("session", "show", "1").stdout
    assert f"  [x] deadline #2  due 2024-05-01  {ACTIONS[1]}" in text
    assert f"  [ ] deadline #1  due 2024-05-01  {ACTIONS[0]}" in text


def test_org_filter_order_table_and_csv(cli: CLI) -> None:
    first = added_id(cli("add-session", "80,000 Hours", "--on", "2024-04-01", "--takeaway", "x"))
    second = added_id(cli("add-session", "Other Advisors", "--on", "2024-04-10"))
    third = added_id(cli("add-session", "80000 Hours", "--on", "2024-04-15", "--summary", "=1+1"))
    assert [s["id"] for s in _json(cli, "sessions")] == [third, second, first]
    assert [s["id"] for s in _json(cli, "sessions", "--org", "80,000 hours")] == [third, first]

    assert [s["id"] for s in _json(cli, "sessions", "--org", "other advisors")] == [second]

    table = cli("sessions").stdout.splitlines()
    assert table[0].split() == ["ID", "Date", "Organization", "Advisor", "Open", "Done", "Summary"]
    assert table[1].split() == [str(third), "2024-04-15", "80,000", "Hours", "0", "0", "=1+1"]
    rows = list(csv.DictReader(io.StringIO(cli("sessions", "-f", "csv").stdout)))
    assert list(rows[0]) == [
        "id", "organization", "advisor", "held_on", "notes_url", "summary", "takeaways",
        "actions_open", "actions_done",
    ]  # fmt: skip
    assert rows[0]["summary"] == "'=1+1"
    assert rows[2]["takeaways"] == "x"


def test_empty_listing(cli: CLI) -> None:
    result = cli("sessions")
    assert (result.exit_code, result.stdout) == (0, "")
    assert "no sessions" in result.stderr


# (id, argv, exit code, words). Session #1 (80,000 Hours, 2024-04-17) exists.
CASES = [
    ("unknown-org-filter", ["sessions", "--org", "Nowhere Inc"], 3, "no organization called"),
    ("future-on", ["add-session", "X", "--on", "2024-05-01"], 2, "is in the future"),
    ("future-on-word", ["add-session", "X", "--on", "tomorrow"], 2, "is in the future"),
    ("impossible-on", ["add-session", "X", "--on", "2024-02-30"], 2, "2024-02-30"),
    ("impossible-due", ["add-session", "X", "--action", "a", "--action-due", "2023-02-29"], 2,
     "2023-02-29"),
    ("bad-date-word", ["add-session", "X", "--on", "someday"], 2, "someday"),
    ("due-before-session", ["add-session", "X", "--on", "2024-04-17", "--action", "a",
                            "--action-due", "2024-04-10"], 2, "before the session"),
    ("due-without-action", ["add-session", "X", "--action-due", "2024-05-01"], 2,
     "--action-due needs at least one --action"),
    ("empty-org", ["add-session", ""], 2, "organization name is empty"),
    ("empty-advisor", ["add-session", "X", "--advisor", " "], 2, "name is empty"),
    ("empty-takeaway", ["add-session", "X", "--takeaway", ""], 2, "takeaway cannot be empty"),
    ("empty-action", ["add-session", "X", "--action", " "], 2, "action cannot be empty"),
    ("too-long-action", ["add-session", "X", "--action", "a" * 501], 2, "action is too long"),
    ("unknown-id-show", ["session", "show", "999"], 3, "no session #999"),
    ("non-numeric-id", ["session", "show", "x"], 2, "Invalid value for 'ID'"),
    ("unknown-format", ["sessions", "--format", "xml"], 2, "xml"),
]  # fmt: skip

FIRST_RUN = [
    "unknown-org-filter", "future-on", "impossible-on", "impossible-due", "due-before-session",
    "empty-org", "empty-advisor", "unknown-id-show",
]  # fmt: skip


@bad_input_cases(CASES)
def test_bad_input_is_one_clear_line_and_changes_nothing(
    cli: CLI, db_url: str, argv: list[str], code: int, words: str
) -> None:
    assert added_id(cli("add-session", "80,000 Hours", "--on", "2024-04-17")) == 1
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


@pytest.mark.parametrize(
    "args", [["sessions"], ["sessions", "--format", "json"], ["session", "show", "1"]]
)
def test_reading_sessions_of_a_current_sqlite_file_skips_sqlalchemy(
    args: list[str], tmp_path: Path
) -> None:
    """The fast read path (docs/architecture.md): no SQLAlchemy, no rich."""
    from tests.cli.test_startup import heavy, imported_modules

    env = {"CAREER_DB": str(tmp_path / "x.db")}
    imported_modules(["add-session", "80,000 Hours", "--action", "a"], env, tmp_path)
    modules = imported_modules(args, env, tmp_path)
    assert "career.advising.queries" in modules
    assert heavy(modules) == []
    assert not any(m.split(".")[0] == "rich" for m in modules)
