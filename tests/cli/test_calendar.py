"""`career calendar`: an ICS file that parses back with icalendar, one VEVENT per open deadline
and per dated event, the right dates and alarms, UIDs stable across exports and edits."""

from __future__ import annotations

import stat
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.conftest import CLI, added_id, assert_refused


@pytest.fixture(params=["UTC", "America/New_York", "Pacific/Auckland"])
def process_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The calendar must not depend on the zone the process runs in."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield str(request.param)
    monkeypatch.undo()
    time.tzset()


def build(cli: CLI) -> dict[str, int]:
    ids = {
        "app": added_id(cli("add-application", "FAR.AI", "tech lead", "--applied", "2024-04-01")),
        "essay": added_id(cli("add-deadline", "Essay", "--due", "2024-04-25", "--app", "1")),
        "call": added_id(
            cli(
                "add-deadline",
                "Call",
                "--due",
                "2024-04-22",
                "--at",
                "14:30",
                "--tz",
                "Europe/London",
                "--remind-days",
                "7",
            )
        ),
        "old": added_id(cli("add-deadline", "Old", "--due", "2024-03-01")),
        "done": added_id(cli("add-deadline", "Done", "--due", "2024-04-21")),
        "jam": added_id(
            cli(
                "add-event",
                "Jam",
                "--host",
                "Apart Research",
                "--start",
                "2024-04-26",
                "--end",
                "2024-04-28",
                "--url",
                "https://example.org/jam",
            )
        ),
        "skipped": added_id(
            cli("add-event", "Skipped", "--start", "2024-05-02", "--status", "skipped")
        ),
    }
    assert cli("add-event", "Someday", "--kind", "course").exit_code == 0  # no start date
    assert cli("deadline", "done", str(ids["done"])).exit_code == 0
    return ids


def parsed(text: str) -> dict[str, Any]:
    cal = Calendar.from_ical(text)
    return {str(item["summary"]): item for item in cal.walk("VEVENT")}


def triggers(item: Any) -> list[timedelta]:
    return sorted(alarm["trigger"].dt for alarm in item.walk("VALARM"))


@pytest.mark.usefixtures("process_zone")
def test_every_open_deadline_and_dated_event_once(cli: CLI) -> None:
    build(cli)
    result = cli("calendar")
    assert result.exit_code == 0, result.stderr
    cal = Calendar.from_ical(result.stdout)
    assert str(cal["prodid"]).startswith("-//career//")
    assert str(cal["version"]) == "2.0"
    items = parsed(result.stdout)
    assert sorted(items) == ["Call", "Essay", "Jam", "Old", "Skipped"]
    assert "1 event(s) without a start date left out" in result.stderr
    essay = items["Essay"]
    assert essay["dtstart"].dt == date(2024, 4, 25)
    assert essay["dtend"].dt == date(2024, 4, 26)
    assert "application #1 FAR.AI — tech lead" in str(essay["description"])
    call = items["Call"]
    assert call["dtstart"].dt == datetime(2024, 4, 22, 14, 30, tzinfo=ZoneInfo("Europe/London"))
    assert call["dtstart"].params["TZID"] == "Europe/London"
    assert "VTIMEZONE" in result.stdout and "TZID:Europe/London" in result.stdout
    jam = items["Jam"]
    assert (jam["dtstart"].dt, jam["dtend"].dt) == (date(2024, 4, 26), date(2024, 4, 29))
    assert str(jam["url"]) == "https://example.org/jam"
    assert str(items["Skipped"]["status"]) == "CANCELLED"
    for item in items.values():
        assert item["dtstamp"].dt == datetime(2024, 4, 20, 9, 0, tzinfo=ZoneInfo("UTC"))


@pytest.mark.usefixtures("process_zone")
def test_alarms_at_the_configured_offsets_and_remind_days(cli: CLI) -> None:
    build(cli)
    items = parsed(cli("calendar").stdout)
    assert triggers(items["Essay"]) == [timedelta(days=-3), timedelta(days=-1)]
    assert triggers(items["Call"]) == [
        timedelta(days=-7),
        timedelta(days=-3),
        timedelta(days=-1),
    ]
    assert all(str(a["action"]) == "DISPLAY" for a in items["Essay"].walk("VALARM"))
    assert cli("config", "set", "calendar.alarms", "2h").exit_code == 0
    items = parsed(cli("calendar").stdout)
    assert triggers(items["Jam"]) == [timedelta(hours=-2)]


def test_uids_are_stable_across_exports_and_edits(cli: CLI) -> None:
    ids = build(cli)
    first = {name: str(item["uid"]) for name, item in parsed(cli("calendar").stdout).items()}
    assert len(set(first.values())) == len(first)
    assert cli("deadline", "move", str(ids["essay"]), "--due", "2024-04-27").exit_code == 0
    assert cli("event", "edit", str(ids["jam"]), "--name", "Big jam").exit_code == 0
    second = parsed(cli("calendar").stdout)
    assert second["Essay"]["dtstart"].dt == date(2024, 4, 27)
    assert str(second["Essay"]["uid"]) == first["Essay"]
    assert str(second["Big jam"]["uid"]) == first["Jam"]
    assert {n: str(i["uid"]) for n, i in second.items() if n != "Big jam"} == {
        n: u for n, u in first.items() if n != "Jam"
    }


@pytest.mark.usefixtures("process_zone")
def test_since_leaves_out_what_ended_before(cli: CLI) -> None:
    build(cli)
    items = parsed(cli("calendar", "--since", "2024-04-23").stdout)
    assert sorted(items) == ["Essay", "Jam", "Skipped"]


def test_out_writes_a_private_file_and_replaces_only_a_calendar(cli: CLI, tmp_path: Path) -> None:
    build(cli)
    out = tmp_path / "career.ics"
    result = cli("calendar", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(parsed(out.read_text())) == ["Call", "Essay", "Jam", "Old", "Skipped"]
    assert cli("add-deadline", "New", "--due", "2024-05-01").exit_code == 0
    assert cli("calendar", "--out", str(out)).exit_code == 0  # a calendar is replaced
    assert "New" in parsed(out.read_text())
    other = tmp_path / "personal.ics"
    other.write_text("BEGIN:VCALENDAR\r\nPRODID:-//Someone//Else//EN\r\nEND:VCALENDAR\r\n")
    assert_refused(cli("calendar", "--out", str(other)), 4, "exists already; add --force")
    assert "Someone" in other.read_text()
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    assert_refused(cli("calendar", "--out", str(notes)), 4, "exists already; add --force")
    assert notes.read_text() == "my notes\n"
    assert cli("calendar", "--out", str(notes), "--force").exit_code == 0
    assert notes.read_text().startswith("BEGIN:VCALENDAR")


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--since", "2023-02-29"], 2, "2023-02-29"),
        (["--out", "{tmp}"], 2, "is a folder"),
        (["--out", "{tmp}/missing/career.ics"], 2, "does not exist"),
    ],
)
def test_bad_input_is_refused(
    cli: CLI, tmp_path: Path, args: list[str], code: int, words: str
) -> None:
    build(cli)
    filled = [a.replace("{tmp}", str(tmp_path)) for a in args]
    before = sorted(tmp_path.rglob("*"))
    assert_refused(cli("calendar", *filled), code, words)
    assert sorted(tmp_path.rglob("*")) == before


def test_contacts_are_tasks_on_their_due_day_when_the_setting_says_so(cli: CLI) -> None:
    build(cli)
    ada = added_id(cli("add-contact", "Ada Lovelace", "--role", "advisor"))
    added_id(cli("add-contact", "No Cadence"))
    assert cli("contact", "edit", str(ada), "--every", "6w").exit_code == 0
    assert cli("touch", str(ada), "--on", "2024-03-01").exit_code == 0
    assert Calendar.from_ical(cli("calendar").stdout).walk("VTODO") == []  # off by default
    assert cli("config", "set", "calendar.contacts", "true").exit_code == 0
    result = cli("calendar")
    assert result.exit_code == 0, result.stderr
    assert "and 1 contact(s) to keep in touch with" in result.stderr
    (task,) = Calendar.from_ical(result.stdout).walk("VTODO")
    assert str(task["summary"]) == "Catch up with Ada Lovelace (advisor)"
    assert task["due"].dt == date(2024, 4, 12)
    assert str(task["description"]) == "last talked on 2024-03-01; every 6 weeks"
    assert task.walk("VALARM") == []
    first_uid = str(task["uid"])
    # Talking moves the task; its UID stays, so a calendar app updates it in place.
    assert cli("touch", str(ada), "--on", "2024-04-19").exit_code == 0
    (moved,) = Calendar.from_ical(cli("calendar").stdout).walk("VTODO")
    assert (str(moved["uid"]), moved["due"].dt) == (first_uid, date(2024, 5, 31))
    assert len(parsed(cli("calendar").stdout)) == len(parsed(result.stdout))  # events unchanged
