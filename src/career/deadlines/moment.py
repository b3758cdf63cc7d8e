"""When a deadline falls due, as one instant (pure, stdlib only): `deadline_moment` puts every
deadline on one UTC time line. A timed deadline falls due at its time in its own zone; an
all-day or zoneless one at the end of its day in local time. A time a zone skips (02:30 on
2024-03-10 in New York) is read as the moment the clocks skip to, a time it repeats as the
first; a zone this system does not know is read as local time. `career deadlines` sorts by it
and the reminder rules (`career.reminders.rules`) judge by it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from career.deadlines.views import DeadlineView

# A stored day at the very ends of the calendar (a row written by hand, an older career) has
# no instant in some zones: it is read as the first or last instant that every zone has, so
# no stored row can stop a reading.
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)


def later(day: date, days: int) -> date:
    """`day` plus `days`, kept within the calendar."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def start_of(day: date, local: tzinfo | None = None) -> datetime:
    """The first instant of `day` in local time, as UTC."""
    try:
        return _local(datetime.combine(day, time()), local).astimezone(UTC)
    except (OverflowError, ValueError):
        return EARLIEST if day.year < 5000 else LATEST


def _local(naive: datetime, zone: tzinfo | None) -> datetime:
    return naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()


def _zone(name: str | None) -> tzinfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # unknown here: read as local time
        return None


def deadline_moment(deadline: DeadlineView, local: tzinfo | None = None) -> datetime:
    """The UTC instant a deadline falls due (see the module docstring); `local` is the zone
    of all-day and zoneless deadlines (None: the process's)."""
    if deadline.at is None:
        return start_of(later(deadline.due, 1), local)
    zone = _zone(deadline.tz) or local
    try:
        return _local(datetime.combine(deadline.due, deadline.at), zone).astimezone(UTC)
    except (OverflowError, ValueError):
        return EARLIEST if deadline.due.year < 5000 else LATEST
