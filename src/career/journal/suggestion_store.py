"""Storing what an import's lines suggest (career.journal.linker), in portable SQL through an
`Sql` (career.db.sql), in the import's transaction. Deciding (accept, dismiss) is
career.journal.suggestions.

Nothing here prints. Rules decided here:

- A suggestion is unique by its key: the linker's key and the source its line comes from
  (career.journal.linker.source_key), so that lines of two sources never share one. A new key
  is recorded pending; a pending one follows its line; an accepted or dismissed one is never
  touched again. A suggestion recorded before keys named their source is found by its
  linker's key alone: a pending one takes the new key, a decided one still keeps its line
  from suggesting it again. A pending suggestion whose line is gone or no longer implies it is
  deleted.
- A suggestion not recorded yet is weighed against the active applications
  (career.journal.linker.against): no duplicate of an application that exists, a move of it
  instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from career.db.fetch import in_list
from career.db.sql import Sql
from career.journal.document import Entry
from career.journal.linker import (
    OpenApplication,
    Suggestion,
    against,
    legacy_key,
    source_key,
    source_tag,
)
from career.pipeline.vocab import ACTIVE_STATUSES


@dataclass(frozen=True)
class DaySuggestions:
    """One day being written: its entry row, its lines' ids (by position) and what the linker
    suggested from them."""

    entry_id: int
    entry: Entry
    item_ids: Sequence[int]
    suggestions: Sequence[Suggestion]


def _source_tags(sql: Sql, entry_ids: Sequence[int]) -> dict[int, str]:
    return {
        int(entry_id): source_tag(path)
        for entry_id, path in sql.rows_in(
            "SELECT e.id, s.path FROM journal_entries e "
            "JOIN journal_sources s ON s.id = e.source_id WHERE e.id IN {}",
            sorted(set(entry_ids)),
        )
    }


def _recorded(sql: Sql, keys: Iterable[str]) -> dict[str, tuple[int, str]]:
    """Per recorded key among `keys`: (id, status)."""
    return {
        key: (int(sid), status)
        for sid, key, status in sql.rows_in(
            "SELECT id, key, status FROM journal_suggestions WHERE key IN {}", sorted(set(keys))
        )
    }


def active_applications(sql: Sql) -> dict[str, list[OpenApplication]]:
    """The active applications, by every name key of their organization (name and aliases)."""
    apps: dict[int, list[OpenApplication]] = {}
    keys: dict[int, set[str]] = {}
    params: dict[str, Any] = {}
    statuses = in_list("status", ACTIVE_STATUSES, params)
    for app_id, org_id, org_name, org_key, role, status in sql.rows(
        "SELECT a.id, o.id, o.name, o.key, a.role, a.status FROM applications a "
        f"JOIN organizations o ON o.id = a.organization_id WHERE a.status IN {statuses}",
        params,
    ):
        apps.setdefault(org_id, []).append(OpenApplication(app_id, org_name, role or "", status))
        keys.setdefault(org_id, set()).add(org_key)
    if apps:
        for org_id, alias_key in sql.rows("SELECT organization_id, key FROM organization_aliases"):
            if org_id in keys:
                keys[org_id].add(alias_key)
    return {key: apps[org_id] for org_id, org_keys in keys.items() for key in org_keys}


SUGGESTION_COLUMNS = (
    "kind",
    "key",
    "status",
    "fields",
    "item_id",
    "day",
    "record_kind",
    "record_id",
    "created_at",
    "decided_at",
)


def store(sql: Sql, days: Sequence[DaySuggestions], old_items: Sequence[int], now: datetime) -> int:
    """Record the suggestions of `days` (whose earlier lines were `old_items`); the number of
    new ones."""
    tags = _source_tags(sql, [d.entry_id for d in days if d.suggestions])
    # What is recorded already, under the keys the linker gave (with and without the source).
    given = {
        key: None
        for d in days
        for s in d.suggestions
        for key in (source_key(s.key, tags[d.entry_id]), s.key)
    }
    recorded = _recorded(sql, given)
    active: dict[str, list[OpenApplication]] | None = None
    found: dict[str, tuple[DaySuggestions, Suggestion]] = {}
    for d in days:
        tag = tags.get(d.entry_id, "")
        fresh: list[Suggestion] = []
        for suggestion in d.suggestions:
            if source_key(suggestion.key, tag) in recorded or suggestion.key in recorded:
                found.setdefault(source_key(suggestion.key, tag), (d, suggestion))
            else:
                fresh.append(suggestion)
        if fresh and any(s.kind in ("application", "move") for s in fresh):
            if active is None:
                active = active_applications(sql)
            fresh = against(fresh, d.entry, active)
        for suggestion in fresh:
            found.setdefault(source_key(suggestion.key, tag), (d, suggestion))
    recorded.update(_recorded(sql, [k for k in found if k not in recorded]))

    new_rows = []
    for key, (d, suggestion) in found.items():
        item_id = d.item_ids[suggestion.item]
        fields = json.dumps(suggestion.fields, ensure_ascii=False, sort_keys=True)
        known = recorded.get(key) or recorded.get(legacy_key(key))
        if known is None:
            row = (suggestion.kind, key, "pending", fields, item_id, d.entry.day, None, None)
            new_rows.append((*row, now, None))
        elif known[1] == "pending":
            sql.write(
                "UPDATE journal_suggestions SET kind = :kind, key = :key, fields = :fields, "
                "item_id = :item_id, day = :day WHERE id = :id",
                {
                    "kind": suggestion.kind,
                    "key": key,
                    "fields": fields,
                    "item_id": item_id,
                    "day": d.entry.day,
                    "id": known[0],
                },
            )
            recorded[key] = known
    sql.insert_rows("journal_suggestions", SUGGESTION_COLUMNS, new_rows)
    # Pending suggestions that no line of these days implies any more.
    stale = [
        sid
        for sid, key in sql.rows_in(
            "SELECT id, key FROM journal_suggestions WHERE item_id IN {} AND status = 'pending'",
            old_items,
        )
        if key not in found
    ]
    sql.write_in("DELETE FROM journal_suggestions WHERE id IN {}", stale)
    drop_orphans(sql)
    return len(new_rows)


def drop_orphans(sql: Sql) -> None:
    """Pending suggestions whose line was deleted."""
    sql.write("DELETE FROM journal_suggestions WHERE item_id IS NULL AND status = 'pending'")
