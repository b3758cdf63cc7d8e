"""One signature for running a read query on either path.

A `Fetch` runs portable SQL with `:name` parameters and returns rows as tuples. Queries are
written once (e.g. `career.pipeline.queries`) and run through `sqlite3` on the fast path or
through a SQLAlchemy session otherwise. SQLite hands back dates and instants as text, other
backends as objects: `as_date` and `as_instant` make them one thing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

Fetch = Callable[[str, Mapping[str, Any]], Sequence[Sequence[Any]]]


def in_list(name: str, values: Sequence[Any], params: dict[str, Any]) -> str:
    """`(:name_0, :name_1, ...)` for an IN clause, adding the values to `params`."""
    keys = [f"{name}_{n}" for n in range(len(values))]
    params.update(zip(keys, values, strict=True))
    return "(" + ", ".join(f":{key}" for key in keys) + ")"


def as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def as_optional_date(value: Any) -> date | None:
    return None if value is None else as_date(value)


def as_instant(value: Any) -> datetime:
    """A stored instant (naive UTC, see career.db.base.UTCDateTime) as an aware datetime."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def nothing_recorded(sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
    """The `Fetch` of a database that does not exist yet: every query finds nothing."""
    return []
