"""The calendar file (`career calendar`): RFC 5545, built with the icalendar library.

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
- With the setting `calendar.contacts = true`, every contact with a keep-in-touch cadence is a
  VTODO due (all day) on the day it is due (career.people.cadence), without alarms: a nudge,
  not an appointment. Its UID stays the same when an interaction moves the day, so the task
  moves too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
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


def _alarms(item: Any, title: str, offsets: Sequence[timedelta]) -> None:
    from icalendar import Alarm, vDuration, vText

    for offset in offsets:
        alarm = Alarm()
        alarm["action"] = vText("DISPLAY")
        alarm["description"] = vText(title)
        alarm["trigger"] = vDuration(-offset)
        item.add_component(alarm)


def _owner_text(view: DeadlineView) -> str:
    owner = view.owner
    text = f"{view.kind} deadline"
    if owner is not None:
        text += f" for {owner.type} #{owner.id} {owner.label}"
    return text


def _item(kind: str, record_id: int, created_at: datetime, title: str, stamp: Any) -> Any:
    """A VEVENT with the properties every item has (set directly: `add` costs twice as much)."""
    from icalendar import Event, vText

    item = Event()
    item["uid"] = vText(uid(kind, record_id, created_at))
    item["dtstamp"] = stamp
    item["summary"] = vText(title)
    return item


def _deadline(view: DeadlineView, stamp: Any, offsets: Sequence[timedelta], today: date) -> Any:
    from icalendar import vDDDTypes, vText

    item = _item("deadline", view.id, view.created_at, view.title, stamp)
    item["description"] = vText(_owner_text(view))
    item.add("categories", [view.kind])
    if view.at is None:
        item["dtstart"] = vDDDTypes(view.due)
        item["dtend"] = vDDDTypes(later(view.due, 1))
    else:
        start = datetime.combine(view.due, view.at)
        zone = known_zone(view.tz)
        item.add("dtstart", start.replace(tzinfo=ZoneInfo(zone)) if zone else start)
    if view.due >= today:
        extra = [timedelta(days=view.remind_days)] if view.remind_days else []
        _alarms(item, view.title, sorted(set(offsets) | set(extra), reverse=True))
    return item


def _event(
    view: EventView, start: date, stamp: Any, offsets: Sequence[timedelta], today: date
) -> Any:
    from icalendar import vDDDTypes, vText, vUri

    item = _item("event", view.id, view.created_at, view.name, stamp)
    details = [view.kind, view.status] + ([f"hosted by {view.host}"] if view.host else [])
    item["description"] = vText(", ".join(details))
    item.add("categories", [view.kind])
    item["dtstart"] = vDDDTypes(start)
    item["dtend"] = vDDDTypes(later(view.end or start, 1))
    if view.url:
        item["url"] = vUri(view.url)
    if view.status == "skipped":
        item["status"] = vText("CANCELLED")
    elif start >= today:
        _alarms(item, view.name, offsets)
    return item


def _task(task: ContactTask, stamp: Any) -> Any:
    from icalendar import Todo, vDDDTypes, vText

    item = Todo()
    item["uid"] = vText(uid("contact", task.id, task.created_at))
    item["dtstamp"] = stamp
    item["summary"] = vText(task.title)
    item["description"] = vText(task.description)
    item["due"] = vDDDTypes(task.due)
    item.add("categories", ["keep in touch"])
    return item


def build(
    deadlines: Sequence[DeadlineView],
    events: Sequence[EventView],
    *,
    stamp: datetime,
    today: date,
    offsets: Sequence[timedelta],
    contacts: Sequence[ContactTask] = (),
) -> Built:
    """The calendar of `deadlines` (open ones) and `events`, as ICS text."""
    from icalendar import Calendar, Timezone, vDDDTypes

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "career")
    used = {known_zone(view.tz) for view in deadlines if view.at is not None}
    for zone in sorted(z for z in used if z):
        cal.add_component(Timezone.from_tzid(zone))
    when = vDDDTypes(stamp)
    count = 0
    for view in deadlines:
        if view.done_at is None:
            cal.add_component(_deadline(view, when, offsets, today))
            count += 1
    undated = 0
    for event in events:
        if event.start is None:
            undated += 1
            continue
        cal.add_component(_event(event, event.start, when, offsets, today))
    for task in contacts:
        cal.add_component(_task(task, when))
    return Built(
        cal.to_ical().decode("utf-8"), count, len(events) - undated, undated, len(contacts)
    )
