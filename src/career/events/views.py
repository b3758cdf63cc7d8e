"""What the events domain's services and queries return: plain data, no database attached."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from career.deadlines.views import DeadlineView


@dataclass(frozen=True)
class EventView:
    """An event as the CLI shows it (`deadlines` only in a single-event read)."""

    id: int
    name: str
    kind: str
    host: str | None
    start: date | None
    end: date | None
    url: str | None
    status: str
    team: str | None
    outcome: str | None
    notes: str | None
    created_at: datetime
    updated_at: datetime
    deadlines: list[DeadlineView] = field(default_factory=list)
