"""What the deadlines domain's services and queries return: plain data, no database attached."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import NamedTuple


class Owner(NamedTuple):
    """What a record belongs to: an application, an event or an advising session (for a
    deadline), or an organization (an event's host, in reminders)."""

    type: str  # "application", "event", "session" or "organization"
    id: int
    label: str
    organization: str | None = None  # the application's, session's or event host's


class DeadlineView(NamedTuple):
    id: int
    title: str
    kind: str
    due: date
    at: time | None
    tz: str | None
    remind_days: int | None
    done_at: datetime | None
    created_at: datetime
    owner: Owner | None
