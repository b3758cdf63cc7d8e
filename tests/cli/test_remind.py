"""`career remind`: the rules on a frozen "today", every format, `--check`, time zones, and the
fast path (sqlite3, no typer) against the SQLAlchemy path, on both backends.

Every test whose answer is a day or an order runs under TZ=UTC, America/New_York and
Pacific/Auckland (the `process_zone` fixture): "today" is 2024-04-20 in all three at the frozen
instant (09:00 UTC), and nothing may depend on the zone the process runs in. Tests of output
escaping, errors, imports and upgrades do not read the zone and run once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CLI, added_id, assert_nothing_created, assert_refused

ZONES = ["UTC", "America/New_York", "Pacific/Auckland"]


@pytest.fixture(params=ZONES)
def process_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield str(request.param)
    monkeypatch.undo()
    time.tzset()


def _owner(kind: str, ident: int, label: str, org: str | None) -> dict[str, Any]:
    return {"type": kind, "id": ident, "label": label, "organization": org}


def build(cli: CLI) -> dict[str, int]:
    """One of every kind of item, and some that must not show (today is 2024-04-20)."""
    ids: dict[str, int] = {}

    def run(*args: str) -> int:
        return added_id(cli(*args))

    ids["far"] = run("add-application", "FAR.AI", "tech lead", "--applied", "2024-03-30")
    ids["spar"] = run("add-application", "SPAR", "fellow", "--status", "interested")
    ids["lab"] = run("add-application", "Lab", "engineer", "--applied", "2024-04-01")
    assert cli("app", "move", str(ids["lab"]), "screening", "--on", "2024-04-15").exit_code == 0
    ids["org"] = run("add-application", "Org", "researcher", "--applied", "2024-04-01")
    assert cli("app", "move", str(ids["org"]), "interviewing", "--on", "2024-04-12").exit_code == 0
    ids["late"] = run("add-deadline", "Send portfolio", "--due", "2024-04-15", "--app", "1")
    ids["opened"] = run(
        "add-deadline", "SPAR opens", "--due", "2024-04-01", "--kind", "opens", "--app", "2"
    )
    ids["this_morning"] = run(
        "add-deadline", "Morning call", "--due", "2024-04-20", "--at", "08:00", "--tz", "UTC"
    )
    ids["tonight"] = run(
        "add-deadline", "Evening form", "--due", "2024-04-20", "--at", "23:30", "--tz", "UTC"
    )
    ids["tokyo"] = run(
        "add-deadline", "Tokyo form", "--due", "2024-04-22", "--at", "09:00", "--tz", "Asia/Tokyo"
    )
    ids["all_day"] = run("add-deadline", "Essay", "--due", "2024-04-22", "--app", "2")
    ids["long_notice"] = run(
        "add-deadline", "Visa", "--due", "2024-05-10", "--remind-days", "30", "--kind", "other"
    )
    run("add-deadline", "Far away", "--due", "2024-06-30")
    done = run("add-deadline", "Finished", "--due", "2024-04-19")
    assert cli("deadline", "done", str(done)).exit_code == 0
    session = cli(
        "add-session", "80,000 Hours", "--on", "2024-04-17", "--action", "write in public",
        "--action-due", "2024-06-01",
    )  # fmt: skip
    assert session.exit_code == 0, session.stderr
    ids["session"] = int(session.stdout.strip())
    listed = json.loads(cli("deadlines", "--format", "json").stdout)
    ids["action"] = next(d["id"] for d in listed if d["title"] == "write in public")
    ids["jam"] = run(
        "add-event", "Alignment jam", "--host", "Apart Research", "--start", "2024-04-26",
        "--status", "signed-up",
    )  # fmt: skip
    run("add-event", "Skipped sprint", "--start", "2024-04-23", "--status", "skipped")
    run("add-event", "Later course", "--kind", "course", "--start", "2024-06-01")
    return ids


def expected(ids: dict[str, int]) -> list[dict[str, Any]]:
    far = _owner("application", ids["far"], "FAR.AI — tech lead", "FAR.AI")
    spar = _owner("application", ids["spar"], "SPAR — fellow", "SPAR")
    session = _owner("session", ids["session"], "80,000 Hours — 2024-04-17", "80,000 Hours")

    def item(rule: str, kind: str, ident: int, title: str, what: str, day: str, days: int,
             owner: dict[str, Any] | None, at: str | None = None, tz: str | None = None
             ) -> dict[str, Any]:  # fmt: skip
        return {
            "rule": rule, "type": kind, "id": ident, "title": title, "kind": what,
            "date": day, "at": at, "tz": tz, "days": days, "belongs_to": owner, "every": None,
        }  # fmt: skip

    apart = _owner("organization", 6, "Apart Research", "Apart Research")
    return [
        item("open", "deadline", ids["opened"], "SPAR opens", "opens", "2024-04-01", -19, spar),
        item("overdue", "deadline", ids["late"], "Send portfolio", "apply-by", "2024-04-15", -5,
             far),
        item("follow-up", "application", ids["org"], "Org — researcher", "interviewing",
             "2024-04-12", -8, _owner("organization", 4, "Org", "Org")),
        item("overdue", "deadline", ids["this_morning"], "Morning call", "other", "2024-04-20",
             0, None, "08:00", "UTC"),
        item("follow-up", "application", ids["far"], "FAR.AI — tech lead", "applied",
             "2024-03-30", -21, _owner("organization", 1, "FAR.AI", "FAR.AI")),
        item("due", "deadline", ids["tokyo"], "Tokyo form", "other", "2024-04-22", 2, None,
             "09:00", "Asia/Tokyo"),
        item("due", "deadline", ids["tonight"], "Evening form", "other", "2024-04-20", 0, None,
             "23:30", "UTC"),
        item("due", "deadline", ids["all_day"], "Essay", "apply-by", "2024-04-22", 2, spar),
        item("event", "event", ids["jam"], "Alignment jam", "hackathon", "2024-04-26", 6, apart),
        item("due", "deadline", ids["long_notice"], "Visa", "other", "2024-05-10", 20, None),
        item("action", "deadline", ids["action"], "write in public", "action", "2024-06-01", 42,
             session),
    ]  # fmt: skip


def contacts(cli: CLI) -> dict[str, int]:
    """Contacts with cadences: two due (one by its own, one by its role's setting), one not."""
    ids = {
        "ada": added_id(cli("add-contact", "Ada Lovelace", "--org", "80,000 Hours", "--role",
                            "advisor")),
        "dan": added_id(cli("add-contact", "Dan", "--role", "Tech recruiter")),
        "bob": added_id(cli("add-contact", "Bob", "--org", "SPAR")),
    }  # fmt: skip
    for args in (
        ["contact", "edit", str(ids["ada"]), "--every", "6w"],
        ["contact", "edit", str(ids["bob"]), "--every", "8w"],
        ["config", "set", "contacts.every.recruiter", "4w"],
        ["touch", str(ids["ada"]), "--on", "2024-03-01", "--note", "SPAR advice"],
        ["touch", str(ids["dan"]), "--on", "2024-03-20"],
        ["touch", str(ids["bob"]), "--on", "2024-04-01"],
    ):
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
    return ids


@pytest.mark.usefixtures("process_zone")
def test_contacts_due_are_catch_ups_in_every_format(cli: CLI) -> None:
    """A catch-up is a nudge: it never makes --check fail."""
    ids = contacts(cli)
    result = cli("remind", "--format", "json", "--check")
    assert result.exit_code == 0, result.stderr
    hours = _owner("organization", 1, "80,000 Hours", "80,000 Hours")
    assert json.loads(result.stdout) == [
        {"rule": "catch-up", "type": "contact", "id": ids["ada"],
         "title": "Ada Lovelace (advisor)", "kind": "advisor", "date": "2024-03-01", "at": None,
         "tz": None, "days": -50, "belongs_to": hours, "every": 42},
        {"rule": "catch-up", "type": "contact", "id": ids["dan"], "title": "Dan (Tech recruiter)",
         "kind": "Tech recruiter", "date": "2024-03-20", "at": None, "tz": None, "days": -31,
         "belongs_to": None, "every": 28},
    ]  # fmt: skip
    plain = cli("remind", "--format", "plain", "--check")
    assert plain.exit_code == 0
    assert [line.split("  ")[0] for line in plain.stdout.splitlines()] == [
        "When",
        "talked 50 days ago",
        "talked 31 days ago",
    ]
    assert "catch up, every 6 weeks  Ada Lovelace (advisor)  80,000 Hours" in plain.stdout
    assert cli("remind").stdout == plain.stdout
    # Talking resets it.
    assert cli("touch", "Ada Lovelace").exit_code == 0
    titles = [i["title"] for i in json.loads(cli("remind", "--format", "json").stdout)]
    assert titles == ["Dan (Tech recruiter)"]


def _local_days(items: list[dict[str, Any]], zone: str) -> list[dict[str, Any]]:
    """A timed deadline's days count to the local calendar day of its instant."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    today = date(2024, 4, 20)
    for item in items:
        if item["at"] is not None:
            wall = datetime.fromisoformat(f"{item['date']}T{item['at']}")
            local = wall.replace(tzinfo=ZoneInfo(item["tz"])).astimezone(ZoneInfo(zone))
            item["days"] = (local.date() - today).days
    return items


def test_every_rule_as_json(cli: CLI, process_zone: str) -> None:
    ids = build(cli)
    result = cli("remind", "--format", "json")
    assert result.exit_code == 0, result.stderr
    want = _local_days(expected(ids), process_zone)
    assert json.loads(result.stdout) == _sorted_for(want, process_zone)


def test_a_timed_deadline_counts_days_to_its_local_day(cli: CLI, process_zone: str) -> None:
    """09:00 in Tokyo on the 22nd: the 22nd in UTC and Auckland, the 21st in New York."""
    cli("add-deadline", "Tokyo form", "--due", "2024-04-22", "--at", "09:00", "--tz", "Asia/Tokyo")
    item = json.loads(cli("remind", "--format", "json").stdout)[0]
    assert (item["date"], item["at"], item["tz"]) == ("2024-04-22", "09:00", "Asia/Tokyo")
    assert item["days"] == {"UTC": 2, "America/New_York": 1, "Pacific/Auckland": 2}[process_zone]


def _sorted_for(items: list[dict[str, Any]], zone: str) -> list[dict[str, Any]]:
    """The expected order depends on where local midnight falls on the UTC time line: all-day
    items and follow-ups sit at local day boundaries, timed deadlines at their instants."""
    from datetime import UTC, date, datetime, timedelta
    from zoneinfo import ZoneInfo

    local = ZoneInfo(zone)

    def start(day: date) -> datetime:
        return datetime.combine(day, datetime.min.time(), tzinfo=local).astimezone(UTC)

    stale = {"applied": 14, "screening": 10, "interviewing": 7}
    rules = ["overdue", "open", "due", "action", "event", "follow-up"]

    def moment(item: dict[str, Any]) -> datetime:
        day = date.fromisoformat(item["date"])
        if item["rule"] == "follow-up":
            return start(day + timedelta(days=stale[item["kind"]]))
        if item["type"] == "event":
            return start(day)
        if item["at"] is None:
            return start(day + timedelta(days=1))
        hour, minute = map(int, item["at"].split(":"))
        wall = datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute)
        return wall.replace(tzinfo=ZoneInfo(item["tz"])).astimezone(UTC)

    return sorted(items, key=lambda i: (moment(i), rules.index(i["rule"]), i["type"], i["id"]))


def test_order_in_new_york_reads_most_urgent_first(cli: CLI, process_zone: str) -> None:
    if process_zone != "America/New_York":
        pytest.skip("one zone spelled out; the others are covered by the JSON test")
    build(cli)
    result = cli("remind", "--format", "plain")
    titles = [line.split("  ")[0] for line in result.stdout.splitlines()[1:]]
    assert titles == [
        "open since 2024-04-01",  # applications opened: news, not overdue
        "21 days in applied",  # a follow-up was due on the 13th
        "5 days overdue",
        "8 days in interviewing",  # due on the 19th
        "overdue today",
        "today",  # 23:30 UTC is 19:30 in New York
        "tomorrow",  # Tokyo 09:00 on the 22nd is 20:00 on the 21st in New York
        "in 2 days",
        "in 6 days",
        "in 20 days",
        "in 42 days",
    ], result.stdout


def test_plain_and_table_off_a_terminal_are_the_same_lines(cli: CLI) -> None:
    build(cli)
    plain = cli("remind", "--format", "plain")
    table = cli("remind")
    assert plain.exit_code == table.exit_code == 0
    assert plain.stdout == table.stdout
    lines = plain.stdout.splitlines()
    assert lines[0].split() == ["When", "Date", "What", "Title", "For"]
    assert len(lines) == 12
    assert "\x1b[" not in plain.stdout
    overdue = next(line for line in lines if "Send portfolio" in line)
    assert overdue.split("  ")[0] == "5 days overdue"
    assert "application #1 FAR.AI — tech lead" in overdue
    tokyo = next(line for line in lines if "Tokyo form" in line)
    assert "2024-04-22 09:00 Asia/Tokyo" in tokyo


@pytest.mark.usefixtures("process_zone")
def test_check_exits_1_while_anything_is_overdue(cli: CLI) -> None:
    ids = build(cli)
    checked = cli("remind", "--check")
    assert checked.exit_code == 1
    assert checked.stdout == cli("remind").stdout  # the same list is printed
    for name in ("late", "this_morning"):
        assert cli("deadline", "done", str(ids[name])).exit_code == 0
    cleared = cli("remind", "--check", "--format", "json")
    assert cleared.exit_code == 0  # an opening that has passed is not a failure
    rules = [item["rule"] for item in json.loads(cleared.stdout)]
    assert "overdue" not in rules
    assert "open" in rules


@pytest.mark.usefixtures("process_zone")
def test_within_narrows_and_widens_the_window(cli: CLI) -> None:
    build(cli)

    def titles(*args: str) -> list[str]:
        result = cli("remind", "--format", "json", *args)
        assert result.exit_code == 0, result.stderr
        return [item["title"] for item in json.loads(result.stdout)]

    narrow = titles("--within", "0")
    assert "Essay" not in narrow and "Alignment jam" not in narrow
    assert {"Send portfolio", "Morning call", "Visa"} <= set(narrow)
    assert "write in public" in narrow  # action items show whatever the window
    wide = titles("--within", "11w")
    assert {"Far away", "Later course"} <= set(wide)
    assert "Skipped sprint" not in wide and "Finished" not in wide


@pytest.mark.usefixtures("process_zone")
def test_stale_days_come_from_the_settings(cli: CLI) -> None:
    build(cli)
    assert cli("config", "set", "remind.stale.applied", "30").exit_code == 0
    assert cli("config", "set", "remind.stale.interviewing", "2w").exit_code == 0
    result = cli("remind", "--format", "json")
    assert [i for i in json.loads(result.stdout) if i["rule"] == "follow-up"] == []
    assert cli("config", "set", "remind.within", "0").exit_code == 0
    titles = [i["title"] for i in json.loads(cli("remind", "--format", "json").stdout)]
    assert "Essay" not in titles


def test_nothing_to_remind_of_prints_nothing_off_a_terminal(cli: CLI) -> None:
    """Cron mails whatever a job prints, stderr included: an empty day sends no mail. (On a
    terminal a line on stderr says there is nothing.)"""
    result = cli("remind")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert cli("remind", "--format", "json").stdout == "[]\n"


def test_control_characters_in_titles_cannot_drive_the_terminal(cli: CLI) -> None:
    cli("add-deadline", "evil\x1b]0;pwned\x07title", "--due", "2024-04-21")
    for fmt in ("plain", "table"):
        out = cli("remind", "--format", fmt).stdout
        assert "\x1b" not in out and "\x07" not in out
        assert "evil\\x1b]0;pwned\\x07title" in out
    assert json.loads(cli("remind", "--format", "json").stdout)[0]["title"] == (
        "evil\x1b]0;pwned\x07title"  # JSON keeps the data exactly (escaped by JSON itself)
    )


@pytest.mark.usefixtures("process_zone")
def test_a_zone_this_system_does_not_know_is_read_as_local_time(
    cli: CLI, db_url: str, backend: str
) -> None:
    """A database shared between machines may hold a zone one of them lacks."""
    cli("add-deadline", "Far away", "--due", "2024-04-22", "--at", "09:00", "--tz", "UTC")
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE deadlines SET due_zone = 'Mars/Olympus_Mons'"))
    engine.dispose()
    items = json.loads(cli("remind", "--format", "json").stdout)
    assert [(i["title"], i["tz"], i["rule"]) for i in items] == [
        ("Far away", "Mars/Olympus_Mons", "due")
    ]
    calendar = cli("calendar")
    assert calendar.exit_code == 0, calendar.stderr
    assert "DTSTART:20240422T090000" in calendar.stdout  # a floating time


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--within", "abc"], "cannot read 'abc' as a number of days"),
        (["--within", "-3d"], "'-3d' is negative"),
        (["--within", "2m"], "months have no fixed length"),
        (["--format", "xml"], "'xml' is not one of"),
    ],
)
def test_bad_input_is_refused_and_creates_nothing(
    cli: CLI, db_url: str, home: Path, backend: str, args: list[str], words: str
) -> None:
    assert_refused(cli("remind", *args), 2, words)
    if backend == "sqlite":
        assert_nothing_created(db_url, home)


# --- time zones ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "at", "now"),
    [
        ("2024-03-10", "02:30", "2024-03-09T12:00:00+00:00"),  # the clocks skip 02:00-03:00
        ("2024-11-03", "01:30", "2024-11-02T12:00:00+00:00"),  # 01:00-02:00 happens twice
    ],
)
@pytest.mark.usefixtures("process_zone")
def test_a_deadline_on_a_clock_change_appears_once_on_its_day(
    cli: CLI, monkeypatch: pytest.MonkeyPatch, day: str, at: str, now: str
) -> None:
    monkeypatch.setenv("CAREER_NOW", now)
    added = cli("add-deadline", "Switch", "--due", day, "--at", at, "--tz", "America/New_York")
    assert added.exit_code == 0
    assert "warning:" in added.stderr  # skipped or repeated: the user is told
    items = json.loads(cli("remind", "--format", "json", "--within", "3").stdout)
    assert [(i["title"], i["date"], i["at"], i["rule"]) for i in items] == [
        ("Switch", day, at, "due")
    ]
    assert items[0]["days"] == (date.fromisoformat(day) - _today()).days
    monkeypatch.setenv("CAREER_NOW", f"{day}T12:00:00+00:00")  # after it, in every zone
    late = json.loads(cli("remind", "--format", "json").stdout)
    assert [(i["title"], i["rule"]) for i in late] == [("Switch", "overdue")]
    assert late[0]["days"] == (date.fromisoformat(day) - _today()).days


def _today() -> date:
    from career import clock

    return clock.today()


# --- the fast path ---------------------------------------------------------------------------


def _career(args: list[str], env: dict[str, str], *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *flags, "-m", "career", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def _env(db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREER_")}
    env.update(
        CAREER_DB=db_url,
        CAREER_NOW=os.environ["CAREER_NOW"],
        CAREER_HOME=os.environ["CAREER_HOME"],
    )
    return env


@pytest.mark.parametrize("fmt", ["json", "plain", "table"])
@pytest.mark.usefixtures("process_zone")
def test_fast_path_and_sqlalchemy_path_print_the_same(
    cli: CLI, db_url: str, backend: str, fmt: str
) -> None:
    """The subprocess takes the fast path on SQLite; the SQLAlchemy path reads the same data
    through a session. Both print the same bytes; on PostgreSQL only the second exists."""
    build(cli)
    contacts(cli)
    from career.db.engine import open_database, parse_target, session_fetch
    from career.reminders.fast import answer

    db = open_database(parse_target(db_url))
    try:
        with db.session() as session:
            slow = answer(session_fetch(session), within=None, fmt=fmt, check=True, terminal=False)
    finally:
        db.dispose()
    ran = _career(["remind", "--format", fmt, "--check"], _env(db_url))
    assert (ran.stdout, ran.returncode) == (slow.out, slow.code)
    assert slow.code == 1
    assert "Ada Lovelace (advisor)" in slow.out and "Dan (Tech recruiter)" in slow.out
    if fmt == "json":
        assert json.loads(slow.out) == json.loads(cli("remind", "--format", "json").stdout)


def test_fast_path_imports_neither_typer_nor_sqlalchemy_nor_rich(
    cli: CLI, db_url: str, backend: str
) -> None:
    if backend != "sqlite":
        pytest.skip("the fast path is for a SQLite file")
    build(cli)
    ran = _career(["remind"], _env(db_url), "-X", "importtime")
    assert ran.returncode == 0
    assert "Send portfolio" in ran.stdout
    imported = {line.split("|")[-1].strip() for line in ran.stderr.splitlines() if "|" in line}
    for heavy in ("sqlalchemy", "rich", "typer", "alembic", "career.cli.main"):
        assert heavy not in imported, heavy
    assert "career.reminders.fast" in imported


def test_a_database_behind_takes_the_full_path_and_is_upgraded(
    cli: CLI, db_url: str, backend: str, tmp_path: Path
) -> None:
    if backend != "sqlite":
        pytest.skip("automatic upgrades are for SQLite files")
    from career.db.engine import parse_target
    from career.db.migrate import known_revisions, run_upgrade
    from career.db.sqlite import SCHEMA_HEAD, peek

    older = str(tmp_path / "older.db")
    run_upgrade(parse_target(older), known_revisions()[0])
    assert peek(Path(older))[0] != SCHEMA_HEAD
    ran = _career(["remind", "--format", "json"], _env(older), "-X", "importtime")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == "[]\n"
    assert "sqlalchemy" in ran.stderr  # it went the full way
    assert peek(Path(older))[0] == SCHEMA_HEAD


def test_fast_path_errors_read_like_the_full_cli(cli: CLI, db_url: str, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("the fast path is for a SQLite file")
    for args in (["--within", "abc"], ["--within=-3d"]):
        fast = _career(["remind", *args], _env(db_url))
        full = cli("remind", *args)
        assert (fast.returncode, fast.stdout, fast.stderr) == (
            full.exit_code,
            full.stdout,
            full.stderr,
        )
