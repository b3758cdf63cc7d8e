"""What the pipeline's services and queries return: plain data, no database attached."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    from_status: str | None
    to_status: str
    note: str | None


@dataclass(frozen=True)
class ApplicationView:
    """An application as the CLI shows it."""

    id: int
    organization: str
    role: str | None
    kind: str
    status: str
    status_since: date
    applied: date | None
    excitement: int | None
    tags: list[str]
    url: str | None
    source: str | None
    location: str | None
    notes: str | None
    created_at: datetime
    updated_at: datetime
    timeline: list[TimelineEntry] = field(default_factory=list)
    # What the posting says (see pipeline/models.Application).
    salary_min: int | float | None = None
    salary_max: int | float | None = None
    salary_currency: str | None = None
    salary_period: str | None = None
    employment_type: str | None = None
    workplace: str | None = None
    posting_url: str | None = None
    canonical_url: str | None = None
    posted: date | None = None
