"""Read queries of events, in portable SQL run through a `Fetch` (career.db.fetch).

No SQLAlchemy here. Listings are in date order: by start date, undated events last.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from career.db.fetch import Fetch, as_instant, as_optional_date, in_list
from career.deadlines.queries import deadline_views
from career.errors import NotFound
from career.events.views import EventView
from career.events.vocab import EVENT_KINDS, EVENT_STATUSES
from career.pipeline.vocab import check_choice

EVENT_ROWS = """
SELECT e.id, e.name, e.kind, o.name, e.starts_on, e.ends_on, e.url, e.status, e.team,
       e.outcome, e.notes, e.created_at, e.updated_at
FROM events e
LEFT JOIN organizations o ON o.id = e.host_id
"""

# Statuses that end an event's life: hidden from `career events` unless asked for.
FINISHED_STATUSES: tuple[str, ...] = ("done", "skipped")

DATE_ORDER = " ORDER BY CASE WHEN e.starts_on IS NULL THEN 1 ELSE 0 END, e.starts_on, e.id"


def event_views(fetch: Fetch, condition: str, params: dict[str, Any]) -> list[EventView]:
    """Events matching `condition` (a WHERE clause on `e`), by start date."""
    return [
        EventView(
            id=int(row[0]),
            name=row[1],
            kind=row[2],
            host=row[3],
            start=as_optional_date(row[4]),
            end=as_optional_date(row[5]),
            url=row[6],
            status=row[7],
            team=row[8],
            outcome=row[9],
            notes=row[10],
            created_at=as_instant(row[11]),
            updated_at=as_instant(row[12]),
        )
        for row in fetch(EVENT_ROWS + condition + DATE_ORDER, params)
    ]


def list_events(
    fetch: Fetch,
    *,
    include_finished: bool = False,
    statuses: Sequence[str] = (),
    kinds: Sequence[str] = (),
) -> list[EventView]:
    """Events not done or skipped, unless `include_finished` or statuses are given."""
    for status in statuses:
        check_choice(status, EVENT_STATUSES, "status")
    for kind in kinds:
        check_choice(kind, EVENT_KINDS, "kind")
    params: dict[str, Any] = {}
    where: list[str] = []
    if statuses:
        where.append(f"e.status IN {in_list('status', statuses, params)}")
    elif not include_finished:
        where.append(f"e.status NOT IN {in_list('finished', FINISHED_STATUSES, params)}")
    if kinds:
        where.append(f"e.kind IN {in_list('kind', kinds, params)}")
    condition = (" WHERE " + " AND ".join(where)) if where else ""
    return event_views(fetch, condition, params)


def show_event(fetch: Fetch, event_id: int) -> EventView:
    """One event with its deadlines (most urgent first)."""
    found = event_views(fetch, " WHERE e.id = :id", {"id": event_id})
    if not found:
        raise NotFound(f"no event #{event_id}")
    deadlines = deadline_views(fetch, " WHERE d.event_id = :id", {"id": event_id})
    return replace(found[0], deadlines=deadlines)
