"""`career history`: the recorded changes, newest first, in portable SQL through a `Fetch`.

A change touches an application when it recorded the application's row or a row that names it
(`application_id`: status changes, deadlines, tags, contacts, skills, interactions, journal
links); it touches an organization when it recorded the organization's row, a row naming it
(`organization_id`, an event's `host_id`), or touches one of its applications. The rows' JSON is
matched as the triggers write it (career.db.changes: SQLite's json_object is compact,
PostgreSQL's jsonb text has a space after the colon), so the filters stay in SQL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from career.db.changes import in_effect
from career.db.fetch import Fetch, as_instant, in_list
from career.pipeline.vocab import name_key


@dataclass(frozen=True)
class RowsView:
    """The rows of one table a change inserted, updated or deleted."""

    table: str
    op: str
    count: int


@dataclass(frozen=True)
class ChangeView:
    id: int
    at: datetime
    command: str
    summary: str
    undoes: int | None  # the change this one undid
    undone_by: int | None  # the undo in effect that took this change back
    rows: list[RowsView] = field(default_factory=list)


def _mentions(column: str, value: int, params: dict[str, Any], name: str) -> str:
    """A condition on change_rows: its before or after JSON has `column` = `value`."""
    patterns = [f'%"{column}":{value}{end}%' for end in (",", "}")] + [
        f'%"{column}": {value}{end}%' for end in (",", "}")
    ]
    parts = []
    for n, pattern in enumerate(patterns):
        params[f"{name}_{n}"] = pattern
        parts.append(f"before LIKE :{name}_{n} OR after LIKE :{name}_{n}")
    return " OR ".join(parts)


def _touching_applications(ids: list[int], params: dict[str, Any]) -> list[str]:
    conditions = []
    if ids:
        keys = [str(i) for i in ids]
        conditions.append(
            f"(table_name = 'applications' AND row_id IN {in_list('app', keys, params)})"
        )
    for n, app in enumerate(ids):
        conditions.append(_mentions("application_id", app, params, f"a{n}"))
    return conditions


def organization_ids(fetch: Fetch, name: str) -> list[int]:
    """Every organization `name` names: by name or alias now, or by a name it had when a change
    recorded it (a removed or renamed one)."""
    from career.pipeline.queries import organization_id

    key = name_key(name)
    found: set[int] = set()
    now = organization_id(fetch, name) if key else None
    if now is not None:
        found.add(now)
    for row_id, before, after in fetch(
        "SELECT row_id, before, after FROM change_rows WHERE table_name = 'organizations'", {}
    ):
        for text in (before, after):
            if text is not None and name_key(str(json.loads(text).get("name", ""))) == key:
                found.add(int(row_id))
    return sorted(found)


def _org_applications(fetch: Fetch, orgs: list[int]) -> list[int]:
    if not orgs:
        return []
    params: dict[str, Any] = {}
    apps = {
        int(r[0])
        for r in fetch(
            f"SELECT id FROM applications WHERE organization_id IN {in_list('org', orgs, params)}",
            params,
        )
    }
    params = {}
    conditions = " OR ".join(
        f"({_mentions('organization_id', org, params, f'o{n}')})" for n, org in enumerate(orgs)
    )
    for (row_id,) in fetch(
        f"SELECT row_id FROM change_rows WHERE table_name = 'applications' AND ({conditions})",
        params,
    ):
        apps.add(int(row_id))
    return sorted(apps)


def list_changes(
    fetch: Fetch,
    *,
    since: datetime | None = None,
    application: int | None = None,
    organization: str | None = None,
    limit: int | None = None,
) -> list[ChangeView]:
    """The recorded changes, newest first, with the rows each recorded."""
    params: dict[str, Any] = {}
    where: list[str] = []
    if since is not None:
        params["since"] = since.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
        where.append("c.at >= :since")
    touching: list[str] = []
    if application is not None:
        touching += _touching_applications([application], params)
    if organization is not None:
        orgs = organization_ids(fetch, organization)
        apps = _org_applications(fetch, orgs)
        if orgs:
            keys = [str(o) for o in orgs]
            touching.append(
                f"(table_name = 'organizations' AND row_id IN {in_list('org', keys, params)})"
            )
        for n, org in enumerate(orgs):
            touching.append(_mentions("organization_id", org, params, f"o{n}"))
            touching.append(_mentions("host_id", org, params, f"h{n}"))
        touching += _touching_applications(apps, params)
        if not touching:
            return []
    if touching:
        where.append(
            "c.id IN (SELECT change_id FROM change_rows WHERE " + " OR ".join(touching) + ")"
        )
    sql = "SELECT c.id, c.at, c.command, c.summary, c.undoes FROM changes c"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY c.id DESC"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    found = fetch(sql, params)
    undoers: dict[int, list[int]] = {}
    for change_id, undoes in fetch(
        "SELECT id, undoes FROM changes WHERE undoes IS NOT NULL ORDER BY id", {}
    ):
        undoers.setdefault(int(undoes), []).append(int(change_id))
    effective = in_effect(undoers)
    rows: dict[int, list[RowsView]] = {}
    if found:
        newest, oldest = int(found[0][0]), int(found[-1][0])
        for change_id, table, op, count in fetch(
            "SELECT change_id, table_name, op, COUNT(*) FROM change_rows"
            " WHERE change_id BETWEEN :oldest AND :newest"
            " GROUP BY change_id, table_name, op ORDER BY change_id, MIN(id)",
            {"oldest": oldest, "newest": newest},
        ):
            rows.setdefault(int(change_id), []).append(RowsView(str(table), str(op), int(count)))
    return [
        ChangeView(
            id=int(change_id),
            at=as_instant(at),
            command=str(command),
            summary=str(summary),
            undoes=None if undoes is None else int(undoes),
            undone_by=next(
                (u for u in reversed(undoers.get(int(change_id), [])) if effective(u)), None
            ),
            rows=rows.get(int(change_id), []),
        )
        for change_id, at, command, summary, undoes in found
    ]
