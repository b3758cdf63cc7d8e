"""Deadlines: adding, finishing, moving, removing.

Every function takes an `Sql` (career.db.sql: one write transaction, on sqlite3 or a SQLAlchemy
session) and returns views; nothing here prints. Rules decided here:

- A deadline is due on a calendar date, optionally at a time of day. The time is wall-clock
  time in a named IANA zone (`--tz`, checked against `zoneinfo`), stored as given (date, time,
  zone name), never converted: "02:30 on 2024-03-10 in America/New_York" stays exactly that,
  even though the clocks skip that half hour (a warning says so; a time that happens twice
  when the clocks fall back warns too, and is read as the first).
- `--at` without `--tz` takes the local zone's IANA name when it can be determined ($TZ when
  it names a zone; else the target of /etc/localtime or the name in /etc/timezone). When it
  cannot (a POSIX rule in $TZ, a system without zone names) no zone is stored: the time is then
  a floating local time. `--tz` without `--at` is an error.
- A deadline belongs to at most one application, event or advising session (also a CHECK),
  which must exist. Its kind defaults from that link: apply-by (application), event (event),
  action (session), else other.
- `done` records the instant (clock.now()); finishing a finished deadline is a Conflict, as
  is a `move` that changes nothing. A `move` with `--at` keeps the deadline's zone (or takes
  the local one if it had none); `--at ""` makes it an all-day deadline again.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from career import clock
from career.dates import MAX_DAYS
from career.db.sql import Sql
from career.deadlines import queries
from career.deadlines.views import DeadlineView
from career.deadlines.vocab import DEADLINE_KINDS
from career.errors import Conflict, InvalidInput
from career.pipeline.vocab import UNCHANGED, Unchanged, check_choice

TITLE_LIMIT = 500
ZONE_LIMIT = 64
DEFAULT_KIND = {"application": "apply-by", "event": "event", "session": "action"}
OWNER_COLUMNS = {"application": "application_id", "event": "event_id", "session": "session_id"}
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})")


def checked_title(title: str) -> str:
    value = title.strip()
    if not value:
        raise InvalidInput("the deadline title is empty")
    if len(value) > TITLE_LIMIT:
        raise InvalidInput(f"the title is too long: {len(value)} characters, at most {TITLE_LIMIT}")
    return value


def parse_time(text: str) -> time:
    """A time of day as HH:MM (24-hour clock)."""
    match = _TIME.fullmatch(text.strip())
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise InvalidInput(f"cannot read {text.strip()!r} as a time: use HH:MM, such as 17:00")
    return time(int(match.group(1)), int(match.group(2)))


def _is_zone(name: str) -> bool:
    if not name or len(name) > ZONE_LIMIT:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def checked_zone(name: str) -> str:
    """An IANA time zone name that zoneinfo knows."""
    value = name.strip()
    if not _is_zone(value):
        raise InvalidInput(
            f"unknown time zone {value!r}: use an IANA name such as Europe/London or "
            "America/New_York"
        )
    return value


def local_zone() -> str | None:
    """The local time zone's IANA name, or None when it cannot be determined."""
    tz = os.environ.get("TZ")
    if tz:
        name = tz.removeprefix(":")
        return name if _is_zone(name) else None
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve()) if localtime.is_symlink() else ""
    except OSError:
        target = ""
    if "/zoneinfo/" in target:
        name = target.split("/zoneinfo/", 1)[1]
        if _is_zone(name):
            return name
    try:
        name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name if _is_zone(name) else None


def skipped_time(due: date, at: time, zone: str) -> bool:
    """Whether `at` on `due` does not exist in `zone` (the clocks spring forward over it)."""
    wall = datetime.combine(due, at, tzinfo=ZoneInfo(zone))
    back = wall.astimezone(UTC).astimezone(ZoneInfo(zone))
    return back.replace(tzinfo=None) != wall.replace(tzinfo=None)


def repeated_time(due: date, at: time, zone: str) -> bool:
    """Whether `at` on `due` happens twice in `zone` (the clocks fall back over it)."""
    first = datetime.combine(due, at, tzinfo=ZoneInfo(zone))
    return first.utcoffset() != first.replace(fold=1).utcoffset()


def _skipped_warning(due: date, at: time | None, zone: str | None) -> list[str]:
    if at is None or zone is None:
        return []
    when = f"{at.strftime('%H:%M')} on {due.isoformat()}"
    if skipped_time(due, at, zone):
        return [f"{when} does not exist in {zone} (the clocks skip it); recorded as given"]
    if repeated_time(due, at, zone):
        return [
            f"{when} happens twice in {zone} (the clocks fall back); reminders and the "
            "calendar take the first"
        ]
    return []


@dataclass(frozen=True)
class NewDeadline:
    """A new deadline's fields, checked without touching the database."""

    title: str
    due: date
    at: time | None
    tz: str | None
    kind: str
    owner_type: str | None
    owner_id: int | None
    remind_days: int | None

    @classmethod
    def checked(
        cls,
        title: str,
        due: date,
        *,
        at: str | None = None,
        tz: str | None = None,
        application: int | None = None,
        event: int | None = None,
        session: int | None = None,
        kind: str | None = None,
        remind_days: int | None = None,
    ) -> NewDeadline:
        links = [
            (name, value)
            for name, value in (
                ("application", application),
                ("event", event),
                ("session", session),
            )
            if value is not None
        ]
        if len(links) > 1:
            raise InvalidInput(
                "a deadline belongs to one record at most: give only one of --app, --event "
                "and --session"
            )
        if kind is not None:
            check_choice(kind, DEADLINE_KINDS, "kind")
        if remind_days is not None and not 0 <= remind_days <= MAX_DAYS:
            raise InvalidInput(f"--remind-days must be from 0 to {MAX_DAYS}, not {remind_days}")
        if tz is not None and at is None:
            raise InvalidInput("--tz needs --at: a zone only applies to a time of day")
        at_time = parse_time(at) if at is not None else None
        zone = checked_zone(tz) if tz is not None else None
        if at_time is not None and zone is None:
            zone = local_zone()
        owner_type, owner_id = links[0] if links else (None, None)
        return cls(
            title=checked_title(title),
            due=due,
            at=at_time,
            tz=zone,
            kind=kind or DEFAULT_KIND.get(owner_type or "", "other"),
            owner_type=owner_type,
            owner_id=owner_id,
            remind_days=remind_days,
        )

    @property
    def warnings(self) -> list[str]:
        return _skipped_warning(self.due, self.at, self.tz)


INSERT = """
INSERT INTO deadlines (title, kind, due_on, due_time, due_zone, application_id, event_id,
                       session_id, remind_days, done_at, created_at)
VALUES (:title, :kind, :due_on, :due_time, :due_zone, :application_id, :event_id, :session_id,
        :remind_days, NULL, :created_at)
RETURNING id
"""


def add_deadline(sql: Sql, new: NewDeadline) -> DeadlineView:
    """Record `new`; its linked record must exist."""
    if new.owner_type is not None and new.owner_id is not None:
        queries.check_owner(sql, new.owner_type, new.owner_id)
    params = {
        "title": new.title,
        "kind": new.kind,
        "due_on": new.due,
        "due_time": new.at,
        "due_zone": new.tz,
        "remind_days": new.remind_days,
        "created_at": clock.now(),
    }
    for owner in queries.OWNER_TABLES:
        params[OWNER_COLUMNS[owner]] = new.owner_id if new.owner_type == owner else None
    deadline_id = sql.write(INSERT, params)[0][0]
    return queries.show_deadline(sql, int(deadline_id))


def finish_deadline(sql: Sql, deadline_id: int) -> DeadlineView:
    """Mark a deadline done now."""
    found = queries.show_deadline(sql, deadline_id)
    if found.done_at is not None:
        raise Conflict(f"deadline #{found.id} is already done (since {found.done_at.isoformat()})")
    sql.write(
        "UPDATE deadlines SET done_at = :now WHERE id = :id", {"now": clock.now(), "id": found.id}
    )
    return queries.show_deadline(sql, found.id)


@dataclass(frozen=True)
class DeadlineMove:
    """A new due date and/or time, checked without touching the database. `at` None makes the
    deadline all-day; `zone` is the zone a time takes when the deadline had none."""

    due: date | None
    at: time | Unchanged | None
    zone: str | None

    @classmethod
    def checked(cls, due: date | None, at: str | None) -> DeadlineMove:
        if due is None and at is None:
            raise InvalidInput("nothing to change: give --due, --at, or both")
        if at is None:
            return cls(due, UNCHANGED, None)
        if not at.strip():
            return cls(due, None, None)
        return cls(due, parse_time(at), local_zone())


def move_deadline(
    sql: Sql, deadline_id: int, move: DeadlineMove
) -> tuple[DeadlineView, DeadlineView, list[str]]:
    """Change when a deadline is due; returns it before and after, and warnings."""
    before = queries.show_deadline(sql, deadline_id)
    due = move.due if move.due is not None else before.due
    at, zone = before.at, before.tz
    if move.at is None:
        at, zone = None, None
    elif not isinstance(move.at, Unchanged):
        at, zone = move.at, zone if zone is not None else move.zone
    if (due, at, zone) == (before.due, before.at, before.tz):
        raise Conflict(f"deadline #{before.id} is already due then")
    sql.write(
        "UPDATE deadlines SET due_on = :due, due_time = :at, due_zone = :zone WHERE id = :id",
        {"due": due, "at": at, "zone": zone, "id": before.id},
    )
    after = queries.show_deadline(sql, before.id)
    return before, after, _skipped_warning(after.due, after.at, after.tz)


def remove_deadline(sql: Sql, deadline_id: int) -> DeadlineView:
    """Delete a deadline; returns what was removed."""
    removed = queries.show_deadline(sql, deadline_id)
    sql.write("DELETE FROM deadlines WHERE id = :id", {"id": removed.id})
    return removed
