"""Read queries of deadlines, in portable SQL run through a `Fetch` (career.db.fetch).

No SQLAlchemy here. A deadline's owner (application, event or advising session) is read in
the same query, with a label a person recognizes: "FAR.AI — tech lead" for an application,
the event's name, "80,000 Hours — 2024-04-18" for a session.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from career.db.fetch import Fetch, as_date, as_instant
from career.deadlines.views import DeadlineView, Owner
from career.errors import InvalidInput, NotFound

DEADLINE_ROWS = """
SELECT d.id, d.title, d.kind, d.due_on, d.due_time, d.due_zone, d.remind_days, d.done_at,
       d.created_at, d.application_id, ao.name, a.role, d.event_id, e.name, d.session_id,
       so.name, s.held_on, eo.name
FROM deadlines d
LEFT JOIN applications a ON a.id = d.application_id
LEFT JOIN organizations ao ON ao.id = a.organization_id
LEFT JOIN events e ON e.id = d.event_id
LEFT JOIN organizations eo ON eo.id = e.host_id
LEFT JOIN advisor_sessions s ON s.id = d.session_id
LEFT JOIN organizations so ON so.id = s.organization_id
"""

# Most urgent first: by due date; on one day, timed deadlines (in time order) before all-day
# ones, which are due by the end of the day.
URGENCY = " ORDER BY d.due_on, CASE WHEN d.due_time IS NULL THEN 1 ELSE 0 END, d.due_time, d.id"

OWNER_TABLES = {"application": "applications", "event": "events", "session": "advisor_sessions"}
OWNER_NAMES = {"application": "application", "event": "event", "session": "advising session"}


def as_time(value: Any) -> time | None:
    """A stored time of day (SQLite returns text such as 02:30:00.000000)."""
    if value is None or isinstance(value, time):
        return value
    return time.fromisoformat(str(value))


def _optional_instant(value: Any) -> datetime | None:
    return None if value is None else as_instant(value)


def application_label(organization: str, role: str | None) -> str:
    return f"{organization} — {role}" if role else organization


def _owner(row: Any) -> Owner | None:
    if row[9] is not None:
        return Owner("application", int(row[9]), application_label(row[10], row[11]), row[10])
    if row[12] is not None:
        return Owner("event", int(row[12]), row[13], row[17])
    if row[14] is not None:
        label = f"{row[15]} — {as_date(row[16]).isoformat()}"
        return Owner("session", int(row[14]), label, row[15])
    return None


def deadline_views(fetch: Fetch, condition: str, params: dict[str, Any]) -> list[DeadlineView]:
    """Deadlines matching `condition` (a WHERE clause on `d`), in due-date order (on one day,
    timed before all-day: what SQL can sort; `by_urgency` puts zones in their place)."""
    return [
        DeadlineView(
            id=int(row[0]),
            title=row[1],
            kind=row[2],
            due=as_date(row[3]),
            at=as_time(row[4]),
            tz=row[5],
            remind_days=row[6],
            done_at=_optional_instant(row[7]),
            created_at=as_instant(row[8]),
            owner=_owner(row),
        )
        for row in fetch(DEADLINE_ROWS + condition + URGENCY, params)
    ]


def list_deadlines(
    fetch: Fetch, *, include_done: bool = False, only_done: bool = False
) -> list[DeadlineView]:
    """Open deadlines (all with `include_done`, only finished ones with `only_done`), most
    urgent first."""
    if include_done and only_done:
        raise InvalidInput("--all and --done exclude each other: give one")
    if only_done:
        return by_urgency(deadline_views(fetch, " WHERE d.done_at IS NOT NULL", {}))
    if include_done:
        return by_urgency(deadline_views(fetch, "", {}))
    return by_urgency(deadline_views(fetch, " WHERE d.done_at IS NULL", {}))


def by_urgency(views: list[DeadlineView]) -> list[DeadlineView]:
    """Most urgent first on one time line: a timed deadline at its instant in its own zone,
    an all-day one at the end of its (local) day (`deadlines/moment.py`)."""
    from career.deadlines.moment import deadline_moment

    return sorted(views, key=lambda view: (deadline_moment(view), view.id))


def show_deadline(fetch: Fetch, deadline_id: int) -> DeadlineView:
    found = deadline_views(fetch, " WHERE d.id = :id", {"id": deadline_id})
    if not found:
        raise NotFound(f"no deadline #{deadline_id}")
    return found[0]


def check_owner(fetch: Fetch, kind: str, owner_id: int) -> None:
    """NotFound unless the application, event or session `owner_id` exists."""
    table = OWNER_TABLES[kind]
    if not fetch(f"SELECT id FROM {table} WHERE id = :id", {"id": owner_id}):
        raise NotFound(f"no {OWNER_NAMES[kind]} #{owner_id}")
