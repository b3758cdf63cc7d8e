"""The calendar file (`career calendar`): RFC 5545, written line by line here (escaping and
folding as the RFC says), with the icalendar library's VTIMEZONE blocks; the tests read it
back with icalendar.

So that a calendar app does the alerting, the file holds one VEVENT for every open deadline and
for every event, each with a VALARM at each configured offset (setting `calendar.alarms`,
default 3 days and 1 day before) and, for a deadline with `remind_days`, one that many days
before as well. Items that began before today carry no alarms (there is nothing left to
warn of, and ten years of history would otherwise be thousands of alarms).

- A deadline without a time is an all-day item on its day. A timed one starts at its time in
  its own zone (with the zone's VTIMEZONE in the file); a time recorded without a zone, or in
  a zone this system does not know, is a floating time.
- An event spans its first to its last day (all-day, DTEND the day after the last); an event
  with no start date is left out and counted. A skipped event is STATUS:CANCELLED.
- UIDs are built from the record's kind, id and creation instant, none of which an edit
  changes: a re-import updates the item in place instead of duplicating it, and two databases
  do not collide. DTSTAMP is the export's instant (the clock seam).
- Done deadlines are left out: when a calendar app re-reads the file they disappear.
- The command writes the last year and the future unless `--since` says otherwise.
- With the setting `calendar.contacts = true`, every contact with a keep-in-touch cadence is a
  VTODO due (all day) on the day it is due (career.people.cadence), without alarms: a nudge,
  not an appointment. Its UID stays the same when an interaction moves the day, so the task
  moves too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from career import __version__
from career.deadlines.moment import later
from career.deadlines.views import DeadlineView
from career.events.views import EventView

PRODID_PREFIX = "-//career//"  # what marks a file as written by `career calendar`
PRODID = f"{PRODID_PREFIX}career {__version__}//EN"


@dataclass(frozen=True)
class Built:
    ics: str
    deadlines: int
    events: int
    undated_events: int
    contacts: int = 0


@dataclass(frozen=True)
class ContactTask:
    """A contact to catch up with on `due`."""

    id: int
    created_at: datetime
    title: str  # "Catch up with Ada Lovelace (advisor)"
    description: str  # the last interaction and the cadence
    due: date


def known_zone(name: str | None) -> str | None:
    """`name` when this system knows the zone; else None (the time is written floating)."""
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return name


def uid(kind: str, record_id: int, created_at: datetime) -> str:
    return f"{kind}-{record_id}-{int(created_at.timestamp())}@career"


def text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 (3.3.11) says: backslash, semicolon, comma, and any
    line break as `\\n`."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


LIMIT = 75  # octets of a content line before it is folded (RFC 5545 3.1)


def fold(line: str) -> str:
    """A content line folded at 75 octets (CRLF and a space), never inside a UTF-8 character
    and never between a backslash and the character it escapes."""
    if len(line) * 4 < LIMIT or len(line.encode("utf-8")) < LIMIT:
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if current and size + width >= LIMIT:
            carry = current.pop() if len(current) > 1 and current[-1] == "\\" else None
            parts.append("".join(current))
            current = [carry] if carry else []
            size = len(carry) if carry else 0
        current.append(ch)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _day(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _local(value: datetime) -> str:
    return f"{_day(value.date())}T{value.hour:02d}{value.minute:02d}{value.second:02d}"


def _duration(offset: timedelta) -> str:
    """A trigger `offset` before the start, as an RFC 5545 duration (-P3D, -PT2H, -P1DT30M)."""
    days, seconds = offset.days, offset.seconds
    out = f"-P{days}D" if days else "-P"
    if seconds or not days:
        hours, rest = divmod(seconds, 3600)
        minutes, secs = divmod(rest, 60)
        out += "T" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
        out += f"{secs}S" if secs or not (hours or minutes) else ""
    return out


def _alarms(lines: list[str], title: str, offsets: Sequence[timedelta]) -> None:
    description = fold(f"DESCRIPTION:{text(title)}")
    for offset in offsets:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            description,
            f"TRIGGER:{_duration(offset)}",
            "END:VALARM",
        ]


def _owner_text(view: DeadlineView) -> str:
    owner = view.owner
    kind_text = f"{view.kind} deadline"
    if owner is not None:
        kind_text += f" for {owner.type} #{owner.id} {owner.label}"
    return kind_text


def _item(
    lines: list[str], kind: str, record_id: int, created_at: datetime, title: str, stamp: str
) -> None:
    """The properties every VEVENT has."""
    lines += [
        "BEGIN:VEVENT",
        fold(f"SUMMARY:{text(title)}"),
        f"DTSTAMP:{stamp}",
        f"UID:{uid(kind, record_id, created_at)}",
    ]


def _deadline(
    lines: list[str], view: DeadlineView, stamp: str, offsets: Sequence[timedelta], today: date
) -> None:
    _item(lines, "deadline", view.id, view.created_at, view.title, stamp)
    lines.append(fold(f"DESCRIPTION:{text(_owner_text(view))}"))
    lines.append(f"CATEGORIES:{text(view.kind)}")
    if view.at is None:
        lines.append(f"DTSTART;VALUE=DATE:{_day(view.due)}")
        lines.append(f"DTEND;VALUE=DATE:{_day(later(view.due, 1))}")
    else:
        start = _local(datetime.combine(view.due, view.at))
        zone = known_zone(view.tz)
        lines.append(f"DTSTART;TZID={zone}:{start}" if zone else f"DTSTART:{start}")
    if view.due >= today:
        extra = [timedelta(days=view.remind_days)] if view.remind_days else []
        _alarms(lines, view.title, sorted(set(offsets) | set(extra), reverse=True))
    lines.append("END:VEVENT")


def _event(
    lines: list[str],
    view: EventView,
    start: date,
    stamp: str,
    offsets: Sequence[timedelta],
    today: date,
) -> None:
    _item(lines, "event", view.id, view.created_at, view.name, stamp)
    details = [view.kind, view.status] + ([f"hosted by {view.host}"] if view.host else [])
    lines.append(fold(f"DESCRIPTION:{text(', '.join(details))}"))
    lines.append(f"CATEGORIES:{text(view.kind)}")
    lines.append(f"DTSTART;VALUE=DATE:{_day(start)}")
    lines.append(f"DTEND;VALUE=DATE:{_day(later(view.end or start, 1))}")
    if view.url:
        lines.append(fold(f"URL:{_uri(view.url)}"))
    if view.status == "skipped":
        lines.append("STATUS:CANCELLED")
    elif start >= today:
        _alarms(lines, view.name, offsets)
    lines.append("END:VEVENT")


def _uri(url: str) -> str:
    """A URI value: not escaped (RFC 5545 3.3.13), but never able to end its line."""
    return "".join(ch for ch in url if ch >= " " and ch != "\x7f")


def _task(lines: list[str], task: ContactTask, stamp: str) -> None:
    """A contact to catch up with: a VTODO due (all day) on its day, without alarms."""
    lines += [
        "BEGIN:VTODO",
        f"UID:{uid('contact', task.id, task.created_at)}",
        f"DTSTAMP:{stamp}",
        fold(f"SUMMARY:{text(task.title)}"),
        fold(f"DESCRIPTION:{text(task.description)}"),
        f"DUE;VALUE=DATE:{_day(task.due)}",
        "CATEGORIES:keep in touch",
        "END:VTODO",
    ]


def build(
    deadlines: Sequence[DeadlineView],
    events: Sequence[EventView],
    *,
    stamp: datetime,
    today: date,
    offsets: Sequence[timedelta],
    contacts: Sequence[ContactTask] = (),
) -> Built:
    """The calendar of `deadlines` (open ones) and `events`, as ICS text.

    The lines are written here (TEXT escaping and folding as RFC 5545 says; the tests parse
    the file with the icalendar library and compare it with what went in): building one
    icalendar component per item cost most of the command's time on a long history. The
    zones' VTIMEZONE blocks come from icalendar."""
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{text(PRODID)}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:career",
    ]
    used = {known_zone(view.tz) for view in deadlines if view.at is not None}
    zones = sorted(z for z in used if z)
    if zones:
        from icalendar import Timezone

        for zone in zones:
            block = Timezone.from_tzid(zone).to_ical().decode("utf-8")
            lines += block.rstrip("\r\n").split("\r\n")
    when = _local(stamp.astimezone(UTC)) + "Z"
    count = 0
    for view in deadlines:
        if view.done_at is None:
            _deadline(lines, view, when, offsets, today)
            count += 1
    undated = 0
    for event in events:
        if event.start is None:
            undated += 1
            continue
        _event(lines, event, event.start, when, offsets, today)
    for task in contacts:
        _task(lines, task, when)
    lines.append("END:VCALENDAR")
    ics = "\r\n".join(lines) + "\r\n"
    return Built(ics, count, len(events) - undated, undated, len(contacts))
