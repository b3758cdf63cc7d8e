"""Our own export format: the columns of the three CSV files and the JSON of `career export
apps`, and how an import recognizes them. Pure.

- **Three CSV files**: the applications (`EXPORT_FIELDS`, one row each), and on request their
  status history (`HISTORY_FIELDS`, ``--history``) and their deadlines (`DEADLINE_FIELDS`,
  ``--deadlines``), linked by the application's ``id``. Deadlines get a file of their own (one
  row per deadline, with its time, zone, reminder, done and created instants) rather than
  columns, since an application has any number of them; the applications file keeps a
  ``deadline`` column (the earliest apply-by date) for people. Importing the three files gives
  back what was exported: ``export, import into an empty database, export`` is byte-identical
  (ids are assigned by the database, so they match when the first database's ids run 1, 2, 3...).
- **Recognizing our own export**: a file is ours when its header row is exactly our columns
  (`EXPORT_FIELDS`, each once, any order, spelled as we write them). Only then are its cells
  un-guarded, its ``id`` read (to link the other two files) and its ``created_at`` /
  ``updated_at`` kept; any other sheet is read as a person keeps it, and its ``id``, ``created
  at``... columns are bookkeeping that is not read. The history and deadlines files are ours
  by definition: their header must be exactly ours, and their cells are always un-guarded.
- Cells are written through `career.cells` (the formula guard, a list in one cell).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from career.cells import csv_text
from career.pipeline.vocab import POSTING_FIELDS

# The columns of `career export apps --format csv`, in order (the JSON export has the same
# keys, with `tags` as a list, plus each application's `timeline` and `deadlines`).
EXPORT_FIELDS = [
    "id",
    "organization",
    "role",
    "kind",
    "status",
    "status_since",
    "applied",
    "excitement",
    "tags",
    "url",
    "source",
    "location",
    "notes",
    "deadline",
    *POSTING_FIELDS,
    "created_at",
    "updated_at",
]
# An export written before the posting's fields (migration 0008) lacks them and is still our own.
EARLIER_EXPORT_FIELDS = [f for f in EXPORT_FIELDS if f not in POSTING_FIELDS]
HISTORY_FIELDS = ["application_id", "date", "from", "to", "note"]
DEADLINE_FIELDS = [
    "application_id",
    "title",
    "kind",
    "due",
    "time",
    "zone",
    "remind_days",
    "done_at",
    "created_at",
]


def apps_csv(records: Iterable[Mapping[str, Any]]) -> str:
    """The applications file of the CSV export (tags in one cell, see `tags_cell`)."""
    return csv_text(records, EXPORT_FIELDS)


def history_rows(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The rows of the status-history CSV, from export records that carry a `timeline`."""
    return [
        {"application_id": rec["id"], **step} for rec in records for step in rec.get("timeline", [])
    ]


def deadline_rows(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The rows of the deadlines CSV, from export records that carry `deadlines`."""
    return [
        {"application_id": rec["id"], **item}
        for rec in records
        for item in rec.get("deadlines", [])
    ]


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def json_text(rows: Sequence[Mapping[str, Any]]) -> str:
    """The JSON export: a list, indented, dates in ISO 8601, text as is (no guard needed)."""
    return json.dumps(list(rows), default=_json_default, ensure_ascii=False, indent=2) + "\n"


def time_text(at: time | None) -> str | None:
    """A deadline's time of day as written in the export: HH:MM."""
    return None if at is None else at.strftime("%H:%M")


def is_own_export(headers: Sequence[str]) -> bool:
    """Whether a header row is our export's: exactly our columns (or those of an export
    written before the posting's fields), each once."""
    return any(
        len(headers) == len(known) and set(headers) == set(known)
        for known in (EXPORT_FIELDS, EARLIER_EXPORT_FIELDS)
    )
