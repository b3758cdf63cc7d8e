"""`career add-event`, `events`, `event show|move|edit` through the CLI, on both backends."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

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

APART_URL = "https://www.apartresearch.com/sprints"


def _events(cli: CLI, *args: str) -> list[dict[str, object]]:
    result = cli("events", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_the_apart_jam_sign_up_from_the_journal(cli: CLI) -> None:
    # 2024-04-17: "Signed up an AI alignment jam via https://www.apartresearch.com/sprints"
    result = cli(
        "add-event", "AI alignment jam", "--kind", "jam", "--host", "Apart Research",
        "--status", "signed-up", "--url", APART_URL,
        "--note", "signed up 2024-04-17; this one is not a great match, the next ones are",
    )  # fmt: skip
    event_id = added_id(result)
    assert event_id == 1
    assert "added #1 AI alignment jam (Apart Research) (signed-up)" in result.stderr
    assert _events(cli) == [
        {
            "id": 1,
            "name": "AI alignment jam",
            "kind": "jam",
            "host": "Apart Research",
            "start": None,
            "end": None,
            "status": "signed-up",
            "url": APART_URL,
            "team": None,
            "outcome": None,
            "notes": "signed up 2024-04-17; this one is not a great match, the next ones are",
        }
    ]


def test_defaults_and_every_field(cli: CLI) -> None:
    plain = added_id(cli("add-event", "Some hackathon"))
    full = added_id(
        cli(
            "add-event", "Evals sprint", "--kind", "sprint", "--host", "Apart Research",
            "--start", "2024-05-03", "--end", "2024-05-05", "--url", "https://x.example",
            "--status", "participating", "--team", "solo", "--outcome", "a report",
            "--note", "weekend",
        )
    )  # fmt: skip
    assert _events(cli) == [
        {
            "id": full,
            "name": "Evals sprint",
            "kind": "sprint",
            "host": "Apart Research",
            "start": "2024-05-03",
            "end": "2024-05-05",
            "status": "participating",
            "url": "https://x.example",
            "team": "solo",
            "outcome": "a report",
            "notes": "weekend",
        },
        {
            "id": plain,
            "name": "Some hackathon",
            "kind": "hackathon",
            "host": None,
            "start": None,
            "end": None,
            "status": "interested",
            "url": None,
            "team": None,
            "outcome": None,
            "notes": None,
        },
    ]


def test_listing_order_and_filters(cli: CLI) -> None:
    undated = added_id(cli("add-event", "Someday course", "--kind", "course"))
    late = added_id(cli("add-event", "Late conf", "--kind", "conference", "--start", "2024-09-01"))
    early = added_id(cli("add-event", "Early jam", "--kind", "jam", "--start", "May 1"))
    done = added_id(cli("add-event", "Past jam", "--kind", "jam", "--start", "2024-03-01"))
    skipped = added_id(cli("add-event", "Skipped", "--status", "skipped"))
    assert cli("event", "move", str(done), "done").exit_code == 0

    def ids(*args: str) -> list[object]:
        return [row["id"] for row in _events(cli, *args)]

    assert ids() == [early, late, undated]  # by start date, undated last; not done/skipped
    assert ids("--all") == [done, early, late, undated, skipped]
    assert ids("--status", "done") == [done]
    assert ids("--status", "skipped", "--status", "done") == [done, skipped]
    assert ids("--kind", "jam") == [early]
    assert ids("--kind", "jam", "--all") == [done, early]
    assert _events(cli, "--all")[1]["start"] == "2024-05-01"  # "May 1": the next one


def test_table_csv_and_empty_listing(cli: CLI) -> None:
    empty = cli("events")
    assert (empty.exit_code, empty.stdout) == (0, "")
    assert "no events" in empty.stderr
    cli("add-event", "=HYPERLINK(1)", "--host", "Apart Research", "--team", "@me")
    table = cli("events").stdout
    assert table.splitlines()[0].split() == [
        "ID", "Name", "Kind", "Host", "Start", "End", "Status", "Team",
    ]  # fmt: skip
    assert "Apart Research" in table
    rows = list(csv.DictReader(io.StringIO(cli("events", "-f", "csv").stdout)))
    assert rows == [
        {
            "id": "1", "name": "'=HYPERLINK(1)", "kind": "hackathon", "host": "Apart Research",
            "start": "", "end": "", "status": "interested", "url": "", "team": "'@me",
            "outcome": "", "notes": "",
        }
    ]  # fmt: skip


def test_show_with_its_deadlines(cli: CLI) -> None:
    event_id = added_id(
        cli("add-event", "AI alignment jam", "--kind", "jam", "--start", "2024-04-26",
            "--end", "2024-04-28", "--host", "Apart Research")
    )  # fmt: skip
    submit = added_id(
        cli("add-deadline", "submit the project", "--due", "2024-04-28", "--at", "18:00",
            "--tz", "Europe/London", "--event", str(event_id))
    )  # fmt: skip
    cli("add-deadline", "unrelated", "--due", "2024-04-27")
    result = cli("event", "show", str(event_id), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "id": event_id,
        "name": "AI alignment jam",
        "kind": "jam",
        "host": "Apart Research",
        "start": "2024-04-26",
        "end": "2024-04-28",
        "status": "interested",
        "url": None,
        "team": None,
        "outcome": None,
        "notes": None,
        "created_at": "2024-04-20T09:00:00+00:00",
        "updated_at": "2024-04-20T09:00:00+00:00",
        "deadlines": [
            {
                "id": submit,
                "title": "submit the project",
                "kind": "event",
                "due": "2024-04-28",
                "at": "18:00",
                "tz": "Europe/London",
                "days_left": 8,
                "remind_days": None,
                "done_at": None,
                "belongs_to": {"type": "event", "id": event_id, "label": "AI alignment jam"},
            }
        ],
    }
    text = cli("event", "show", str(event_id)).stdout
    assert "#1 AI alignment jam (Apart Research)" in text
    assert "2024-04-26 to 2024-04-28" in text
    assert f"#{submit} 2024-04-28 18:00  submit the project (event, 8 days left)" in text


def test_move_changes_the_status_and_refuses_the_same_one(cli: CLI, db_url: str) -> None:
    event_id = added_id(cli("add-event", "AI alignment jam", "--kind", "jam"))
    moved = cli("event", "move", str(event_id), "signed-up")
    assert moved.exit_code == 0, moved.stderr
    assert "interested -> signed-up" in moved.stderr
    before = snapshot(db_url)
    again = cli("event", "move", str(event_id), "signed-up")
    assert again.exit_code == 4
    assert again.stderr == "career: error: event #1 is already 'signed-up'\n"
    assert snapshot(db_url) == before
    assert _events(cli)[0]["status"] == "signed-up"


def test_edit_changes_and_clears_fields(cli: CLI) -> None:
    event_id = added_id(
        cli("add-event", "Jam", "--host", "Apart Research", "--start", "2024-05-01",
            "--end", "2024-05-02", "--team", "us", "--url", "https://a.example")
    )  # fmt: skip
    result = cli(
        "event", "edit", str(event_id), "--name", "AI alignment jam", "--kind", "jam",
        "--team", "", "--url", "", "--end", "2024-05-03", "--outcome", "3rd place",
        "--status", "done", "--note", "fun",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "updated #1 AI alignment jam (Apart Research)" in result.stderr
    assert _events(cli, "--all") == [
        {
            "id": event_id,
            "name": "AI alignment jam",
            "kind": "jam",
            "host": "Apart Research",
            "start": "2024-05-01",
            "end": "2024-05-03",
            "status": "done",
            "url": None,
            "team": None,
            "outcome": "3rd place",
            "notes": "fun",
        }
    ]
    assert cli("event", "edit", str(event_id), "--host", "", "--start", "").exit_code == 0
    row = _events(cli, "--all")[0]
    assert (row["host"], row["start"], row["end"]) == (None, None, "2024-05-03")
    shown = json.loads(cli("event", "show", str(event_id), "-f", "json").stdout)
    assert shown["updated_at"] == "2024-04-20T09:00:00+00:00"


def test_edit_keeps_the_end_after_the_start_on_the_combined_result(cli: CLI, db_url: str) -> None:
    event_id = added_id(cli("add-event", "Jam", "--start", "2024-05-10", "--end", "2024-05-12"))
    before = snapshot(db_url)
    result = cli("event", "edit", str(event_id), "--end", "2024-05-09")
    assert result.exit_code == 2
    assert result.stderr == (
        "career: error: the event ends (2024-05-09) before it starts (2024-05-10)\n"
    )
    assert snapshot(db_url) == before
    assert cli("event", "edit", str(event_id), "--start", "2024-05-12").exit_code == 0


def test_host_is_matched_by_name_or_alias_and_near_duplicates_warn(cli: CLI) -> None:
    cli("add-application", "Apart Research", "fellow", "--status", "interested")
    same = cli("add-event", "Jam", "--host", "apart-research")
    assert same.exit_code == 0
    assert "warning" not in same.stderr
    assert _events(cli)[0]["host"] == "Apart Research"
    near = cli("add-event", "Other jam", "--host", "Apart Reseach")
    assert near.exit_code == 0
    assert "looks like existing 'Apart Research'" in near.stderr
    assert {r["host"] for r in _events(cli)} == {"Apart Research", "Apart Reseach"}


# (id, argv, exit code, words the message must contain). Event #1 exists, 2024-05-10..12.
CASES = [
    ("end-before-start", ["add-event", "X", "--start", "2024-05-02", "--end", "2024-05-01"], 2,
     "ends (2024-05-01) before it starts (2024-05-02)"),
    ("unknown-kind", ["add-event", "X", "--kind", "party"], 2, "unknown kind 'party'"),
    ("unknown-status", ["add-event", "X", "--status", "going"], 2, "unknown status 'going'"),
    ("impossible-start", ["add-event", "X", "--start", "2023-02-29"], 2, "2023-02-29"),
    ("empty-name", ["add-event", "  "], 2, "the event name is empty"),
    ("too-long-name", ["add-event", "n" * 301], 2, "the name is too long"),
    ("too-long-team", ["add-event", "X", "--team", "t" * 501], 2, "the team is too long"),
    ("blank-host-name", ["add-event", "X", "--host", "..."], 2, "is not a name"),
    ("unknown-kind-filter", ["events", "--kind", "party"], 2, "unknown kind 'party'"),
    ("unknown-status-filter", ["events", "--status", "going"], 2, "unknown status 'going'"),
    ("unknown-id-show", ["event", "show", "99"], 3, "no event #99"),
    ("unknown-id-move", ["event", "move", "99", "done"], 3, "no event #99"),
    ("unknown-id-edit", ["event", "edit", "99", "--team", "x"], 3, "no event #99"),
    ("move-unknown-status", ["event", "move", "1", "going"], 2, "unknown status 'going'"),
    ("move-same-status", ["event", "move", "1", "interested"], 4, "already 'interested'"),
    ("edit-nothing", ["event", "edit", "1"], 2, "nothing to change"),
    ("edit-end-before-start", ["event", "edit", "1", "--end", "2024-05-01"], 2,
     "before it starts"),
    ("edit-both-dates-wrong", ["event", "edit", "1", "--start", "2024-06-02",
                               "--end", "2024-06-01"], 2, "before it starts"),
    ("edit-empty-name", ["event", "edit", "1", "--name", ""], 2, "the event name is empty"),
    ("edit-unknown-kind", ["event", "edit", "1", "--kind", "party"], 2, "unknown kind"),
]  # fmt: skip

FIRST_RUN = [
    "end-before-start", "unknown-kind", "unknown-status", "impossible-start", "empty-name",
    "too-long-name", "unknown-id-show", "unknown-id-move", "unknown-id-edit",
    "move-unknown-status", "edit-nothing", "unknown-kind-filter",
]  # fmt: skip


@bad_input_cases(CASES)
def test_bad_input_is_one_clear_line_and_changes_nothing(
    cli: CLI, db_url: str, argv: list[str], code: int, words: str
) -> None:
    assert added_id(cli("add-event", "Jam", "--start", "2024-05-10", "--end", "2024-05-12")) == 1
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
