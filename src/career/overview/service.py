"""Organization aliases and merges: the only ways two names become one organization.

Nothing is merged silently: `add_alias` refuses an alias that already names another
organization (and says which), and `merge` runs only when asked, moving every linked record
(applications, contacts, advising sessions, hosted events) and keeping the merged name as an
alias, so that the old spelling still finds the survivor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from career.db.fetch import in_list
from career.db.sql import Sql
from career.errors import Conflict, InvalidInput, NotFound
from career.pipeline import queries, writes
from career.pipeline.vocab import ACTIVE_STATUSES, checked_name_key, checked_text


@dataclass(frozen=True)
class Merged:
    kept: str
    removed: str
    moved: dict[str, int]  # what moved, by kind of record
    aliases: list[str]  # the survivor's aliases afterwards


def require_organization(sql: Sql, name: str) -> tuple[int, str]:
    """The organization called `name` (by name or alias): (id, name)."""
    org_id = queries.organization_id(sql, name)
    if org_id is None:
        raise NotFound(f"no organization called {name!r}")
    return org_id, str(sql.value("SELECT name FROM organizations WHERE id = :id", {"id": org_id}))


def add_alias(sql: Sql, name: str, alias: str) -> str:
    """Make `alias` another name of the organization `name`; returns that organization's name."""
    org_id, org_name = require_organization(sql, name)
    alias = checked_text(alias, "organization") or ""
    checked_name_key(alias)
    other = queries.organization_id(sql, alias)
    if other is not None:
        if other == org_id:
            raise Conflict(f"{alias!r} already names {org_name!r}")
        _, other_name = require_organization(sql, alias)
        raise Conflict(
            f"{alias!r} already names another organization, {other_name!r} (#{other}); "
            f"to make them one, use `career org merge {other_name!r} {org_name!r}`"
        )
    writes.add_alias(sql, org_id, alias)
    return org_name


# What a merge moves: (label, table, the column naming the organization).
_LINKED = (
    ("applications", "applications", "organization_id"),
    ("contacts", "contacts", "organization_id"),
    ("sessions", "advisor_sessions", "organization_id"),
    ("events", "events", "host_id"),
)


def merge(sql: Sql, source_name: str, target_name: str, *, force: bool = False) -> Merged:
    """Merge `source_name` into `target_name`: every record moves, the source's name and
    aliases become the target's aliases, and the source is removed. Two active applications
    for one role would result: refused (the duplicate rule of `add-application`) unless forced."""
    source, source_label = require_organization(sql, source_name)
    target, target_label = require_organization(sql, target_name)
    if source == target:
        raise InvalidInput(f"{source_name!r} and {target_name!r} are one organization already")
    if not force:
        params: dict[str, Any] = {"org": source}
        statuses = in_list("status", ACTIVE_STATUSES, params)
        for app_id, role in sql.rows(
            "SELECT id, role FROM applications WHERE organization_id = :org "
            f"AND status IN {statuses} ORDER BY id",
            params,
        ):
            twin = writes.active_duplicate(sql, target, role)
            if twin is not None:
                shown = f" for {role!r}" if role else ""
                raise Conflict(
                    f"both have an active application{shown} (#{app_id} and #{twin}): "
                    "close one first, or add --force to keep both"
                )
    moved: dict[str, int] = {}
    for label, table, column in _LINKED:
        moved[label] = len(
            sql.write(
                f"UPDATE {table} SET {column} = :target WHERE {column} = :source RETURNING id",
                {"target": target, "source": source},
            )
        )
    names = [source_label] + [
        row[0]
        for row in sql.rows(
            "SELECT alias FROM organization_aliases WHERE organization_id = :id ORDER BY alias",
            {"id": source},
        )
    ]
    moved["aliases"] = len(names)
    sql.write("DELETE FROM organization_aliases WHERE organization_id = :id", {"id": source})
    sql.write("DELETE FROM organizations WHERE id = :id", {"id": source})
    for name in names:
        writes.add_alias(sql, target, name)
    aliases = sql.rows(
        "SELECT alias FROM organization_aliases WHERE organization_id = :id ORDER BY alias",
        {"id": target},
    )
    return Merged(
        kept=target_label,
        removed=source_label,
        moved=moved,
        aliases=[row[0] for row in aliases],
    )
