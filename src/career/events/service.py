"""Events (hackathons, sprints, jams, conferences, courses): adding, moving, editing.

Every function takes an `Sql` (career.db.sql: one write transaction, on sqlite3, psycopg or a
SQLAlchemy session) and returns views; nothing here prints, and nothing here imports
SQLAlchemy. Rules decided here:

- The host is an organization found by name or alias; a new one is created with kind `host`,
  and a name that looks like an existing organization is reported as a warning (never merged).
- An event may not end before it starts: checked on the values given, before the database is
  opened (`NewEvent.checked`, `EventChanges.checked`), and again on the combined result of an
  edit; the table has the same CHECK.
- `move` changes the status only; moving to the status it already has is a Conflict. `edit`
  changes any field, the status included; an empty value clears an optional field.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from career import clock
from career.db.sql import Sql
from career.errors import Conflict, InvalidInput
from career.events import queries
from career.events.views import EventView
from career.events.vocab import EVENT_KINDS, EVENT_STATUSES
from career.pipeline import writes
from career.pipeline.vocab import (
    UNCHANGED,
    Unchanged,
    check_choice,
    checked_name_key,
    checked_text,
)

# The longest each of the event's own text fields may be (its columns).
LIMITS = {"name": 300, "team": 500, "outcome": 100_000}


def _text(value: str | None, field: str) -> str | None:
    """A free-text field, stripped (empty means none), refused when longer than its column."""
    value = value.strip() if value is not None else None
    if not value:
        return None
    limit = LIMITS[field]
    if len(value) > limit:
        raise InvalidInput(f"the {field} is too long: {len(value)} characters, at most {limit}")
    return value


def _name(value: str) -> str:
    name = _text(value, "name")
    if name is None:
        raise InvalidInput("the event name is empty")
    return name


def _check_dates(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        raise InvalidInput(
            f"the event ends ({end.isoformat()}) before it starts ({start.isoformat()})"
        )


@dataclass(frozen=True)
class NewEvent:
    """A new event's fields, checked without touching the database."""

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

    @classmethod
    def checked(
        cls,
        name: str,
        *,
        kind: str = "hackathon",
        host: str | None = None,
        start: date | None = None,
        end: date | None = None,
        url: str | None = None,
        status: str = "interested",
        team: str | None = None,
        outcome: str | None = None,
        notes: str | None = None,
    ) -> NewEvent:
        check_choice(kind, EVENT_KINDS, "kind")
        check_choice(status, EVENT_STATUSES, "status")
        _check_dates(start, end)
        host = host.strip() if host is not None and host.strip() else None
        if host is not None:
            checked_name_key(host)
        return cls(
            name=_name(name),
            kind=kind,
            host=host,
            start=start,
            end=end,
            url=checked_text(url, "url"),
            status=status,
            team=_text(team, "team"),
            outcome=_text(outcome, "outcome"),
            notes=checked_text(notes, "notes"),
        )


@dataclass(frozen=True)
class EventChanges:
    """The fields an edit changes (UNCHANGED: leave it; None: clear it), checked without
    touching the database."""

    name: str | Unchanged = UNCHANGED
    kind: str | Unchanged = UNCHANGED
    host: str | Unchanged | None = UNCHANGED
    start: date | Unchanged | None = UNCHANGED
    end: date | Unchanged | None = UNCHANGED
    url: str | Unchanged | None = UNCHANGED
    status: str | Unchanged = UNCHANGED
    team: str | Unchanged | None = UNCHANGED
    outcome: str | Unchanged | None = UNCHANGED
    notes: str | Unchanged | None = UNCHANGED

    @classmethod
    def checked(
        cls,
        *,
        name: str | None = None,
        kind: str | None = None,
        host: str | None = None,
        start: date | Unchanged | None = UNCHANGED,
        end: date | Unchanged | None = UNCHANGED,
        url: str | None = None,
        status: str | None = None,
        team: str | None = None,
        outcome: str | None = None,
        notes: str | None = None,
    ) -> EventChanges:
        """Text arguments: None leaves the field, an empty text clears it."""
        if kind is not None:
            check_choice(kind, EVENT_KINDS, "kind")
        if status is not None:
            check_choice(status, EVENT_STATUSES, "status")
        if not isinstance(start, Unchanged) and not isinstance(end, Unchanged):
            _check_dates(start, end)
        new_host: str | Unchanged | None = UNCHANGED
        if host is not None:
            new_host = host.strip() or None
            if new_host is not None:
                checked_name_key(new_host)
        changes = cls(
            name=_name(name) if name is not None else UNCHANGED,
            kind=kind if kind is not None else UNCHANGED,
            host=new_host,
            start=start,
            end=end,
            url=checked_text(url, "url") if url is not None else UNCHANGED,
            status=status if status is not None else UNCHANGED,
            team=_text(team, "team") if team is not None else UNCHANGED,
            outcome=_text(outcome, "outcome") if outcome is not None else UNCHANGED,
            notes=checked_text(notes, "notes") if notes is not None else UNCHANGED,
        )
        if all(getattr(changes, f.name) is UNCHANGED for f in fields(changes)):
            raise InvalidInput("nothing to change: give at least one field to edit (see --help)")
        return changes


def _host(sql: Sql, name: str) -> tuple[int, list[str]]:
    """The host organization called `name`; a new one is created with kind `host`."""
    org_id, _, warnings = writes.organization(sql, name, kind="host")
    return org_id, warnings


def add_event(sql: Sql, new: NewEvent) -> tuple[EventView, list[str]]:
    """Record `new`; returns it and warnings about near-duplicate host names."""
    warnings: list[str] = []
    host = None
    if new.host is not None:
        host, warnings = _host(sql, new.host)
    event_id = sql.write(
        "INSERT INTO events (name, kind, host_id, starts_on, ends_on, url, status, team, "
        "outcome, notes, created_at, updated_at) VALUES (:name, :kind, :host, :start, :end, "
        ":url, :status, :team, :outcome, :notes, :now, :now) RETURNING id",
        {
            "name": new.name,
            "kind": new.kind,
            "host": host,
            "start": new.start,
            "end": new.end,
            "url": new.url,
            "status": new.status,
            "team": new.team,
            "outcome": new.outcome,
            "notes": new.notes,
            "now": clock.now(),
        },
    )[0][0]
    return queries.show_event(sql, int(event_id)), warnings


def move_event(sql: Sql, event_id: int, status: str) -> tuple[str, EventView]:
    """Move an event to `status`; returns the status it had and the event."""
    check_choice(status, EVENT_STATUSES, "status")
    event = queries.show_event(sql, event_id)
    if event.status == status:
        raise Conflict(f"event #{event.id} is already {status!r}")
    sql.write(
        "UPDATE events SET status = :status, updated_at = :now WHERE id = :id",
        {"status": status, "now": clock.now(), "id": event.id},
    )
    return event.status, queries.show_event(sql, event.id)


# An edit's fields and the columns they set.
_COLUMNS = {
    "name": "name",
    "kind": "kind",
    "status": "status",
    "url": "url",
    "team": "team",
    "outcome": "outcome",
    "notes": "notes",
}


def edit_event(sql: Sql, event_id: int, changes: EventChanges) -> tuple[EventView, list[str]]:
    """Apply `changes`; returns the event and warnings about a new host's name."""
    event = queries.show_event(sql, event_id)
    warnings: list[str] = []
    values: dict[str, Any] = {}
    if not isinstance(changes.host, Unchanged):
        if changes.host is None:
            values["host_id"] = None
        else:
            values["host_id"], warnings = _host(sql, changes.host)
    start = event.start if isinstance(changes.start, Unchanged) else changes.start
    end = event.end if isinstance(changes.end, Unchanged) else changes.end
    _check_dates(start, end)
    values["starts_on"], values["ends_on"] = start, end
    for name, column in _COLUMNS.items():
        value = getattr(changes, name)
        if not isinstance(value, Unchanged):
            values[column] = value
    values["updated_at"] = clock.now()
    sql.update("events", event.id, values)
    return queries.show_event(sql, event.id), warnings
