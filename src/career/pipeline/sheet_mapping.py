"""Which column of a sheet is which field, and which status a tracker's word means. Pure.

- **Headers** are matched case-insensitively, with ``_`` and ``-`` read as spaces, against the
  aliases in `FIELD_ALIASES` (the names trackers and hand-kept sheets use, and our own export's
  column names). ``--map COLUMN=FIELD`` names a column's field explicitly (``ignore`` drops it)
  and wins over the automatic match. Columns that match nothing are ignored and reported.
- **Status words** are mapped by `STATUS_WORDS` (case-insensitive; our own statuses map to
  themselves). An empty status means ``applied`` when the row has an applied date, else
  ``interested``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from career.pipeline.vocab import STATUSES

IGNORE = "ignore"

# Field -> the header names that mean it (compared by `header_key`).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "organization": ("organization", "organisation", "company", "employer"),
    "role": ("role", "title", "position", "job title", "job position"),
    "status": ("status", "stage", "list"),
    "applied": ("applied", "date applied", "applied on", "applied date"),
    "url": ("url", "link", "job url", "job link"),
    "notes": ("notes", "note"),
    "source": ("source",),
    "location": ("location",),
    "deadline": ("deadline",),
    "kind": ("kind",),
    "excitement": ("excitement",),
    "tags": ("tags",),
    "status_since": ("status since",),
    "salary_min": ("salary min", "min salary", "salary minimum", "salary from"),
    "salary_max": ("salary max", "max salary", "salary maximum", "salary to"),
    "salary_currency": ("salary currency", "currency"),
    "salary_period": ("salary period", "pay period"),
    "employment_type": ("employment type", "job type"),
    "workplace": ("workplace", "workplace type", "remote"),
    "posting_url": ("posting url",),
    "canonical_url": ("canonical url",),
    "posted": ("posted", "date posted", "posted on"),
}
# Bookkeeping columns that an import does not read from a sheet: the database assigns ids and
# times. In our own export, the ones in OWN_FIELDS are read (see the module docstring).
IGNORED_OWN = ("id", "created at", "updated at", "days in status")
OWN_FIELDS = {"id": "id", "created at": "created_at", "updated at": "updated_at"}
MAP_FIELDS: tuple[str, ...] = (*FIELD_ALIASES, IGNORE)


def header_key(name: str) -> str:
    """How two header names are compared: case, spacing, `_` and `-` ignored."""
    return " ".join(name.replace("_", " ").replace("-", " ").casefold().split())


_ALIAS_FIELD = {alias: f for f, aliases in FIELD_ALIASES.items() for alias in aliases}


def match_header(name: str, *, own: bool = False) -> str | None:
    """The field a header names, `ignore` for bookkeeping columns, else None. In our own
    export (`own`), ``id``, ``created_at`` and ``updated_at`` are fields."""
    key = header_key(name)
    if own and key in OWN_FIELDS:
        return OWN_FIELDS[key]
    if key in IGNORED_OWN:
        return IGNORE
    return _ALIAS_FIELD.get(key)


def parse_maps(maps: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """``--map COLUMN=FIELD`` options as {header key: field}, and their problems."""
    chosen: dict[str, str] = {}
    problems: list[str] = []
    for item in maps:
        column, sep, target = item.rpartition("=")
        wanted = target.strip().casefold()
        if not sep or not column.strip():
            problems.append(f"--map {item!r}: write it as COLUMN=FIELD")
        elif wanted not in MAP_FIELDS:
            problems.append(
                f"--map {item!r}: unknown field {target.strip()!r} "
                f"(choose one of {', '.join(MAP_FIELDS)})"
            )
        elif header_key(column) in chosen:
            problems.append(f"--map {item!r}: column {column.strip()!r} is mapped twice")
        else:
            chosen[header_key(column)] = wanted
    return chosen, problems


@dataclass(frozen=True)
class Columns:
    """Which column of the sheet feeds which field."""

    index: dict[str, int]  # field -> column position
    ignored: list[str]  # headers that feed nothing


def match_columns(
    headers: Sequence[str], maps: Mapping[str, str], *, own: bool = False
) -> tuple[Columns, list[str]]:
    """Match the header row against the fields; `maps` (from `parse_maps`) wins."""
    problems: list[str] = []
    keys = [header_key(h) for h in headers]
    for column in maps:
        if column not in keys:
            shown = ", ".join(repr(h) for h in headers if h.strip())
            problems.append(f"--map: the file has no column {column!r} (its columns: {shown})")
    explicit = {f for f in maps.values() if f != IGNORE}
    index: dict[str, int] = {}
    ignored: list[str] = []
    claimed: dict[str, str] = {}
    for position, (name, key) in enumerate(zip(headers, keys, strict=True)):
        if not key:
            continue
        if keys.index(key) != position:
            problems.append(f"header: the column {name!r} appears twice")
            continue
        if key in maps:
            target: str | None = maps[key]
        else:
            target = match_header(name, own=own)
            if target in explicit:  # --map gave this field to another column
                target = None
        if target is None:
            ignored.append(name)
            continue
        if target == IGNORE:
            continue
        if target in index:
            problems.append(
                f"header: the columns {claimed[target]!r} and {name!r} both mean {target}; "
                f"choose one with --map {name!r}={target} or --map {name!r}=ignore"
            )
            continue
        index[target] = position
        claimed[target] = name
    if "organization" not in index and not problems:
        if {"application id", "to"} <= set(keys) or {"application id", "due"} <= set(keys):
            problems.append(
                "header: this is the status history or deadlines file of an export; import "
                "the applications file, and give this one with --history or --deadlines"
            )
        else:
            problems.append(
                "header: no column names the organization (Company, Organization or "
                "Employer); name one with --map COLUMN=organization"
            )
    return Columns(index, ignored), problems


STATUS_WORDS: dict[str, str] = {
    **{status: status for status in STATUSES},
    "wishlist": "interested",
    "bookmarked": "interested",
    "saved": "interested",
    "applying": "preparing",
    "phone screen": "screening",
    "screening": "screening",
    "interview": "interviewing",
    "interviewing": "interviewing",
    "on site": "interviewing",
    "onsite": "interviewing",
    "offer": "offer",
    "rejected": "rejected",
    "not selected": "rejected",
    "withdrawn": "withdrawn",
    "i withdrew": "withdrawn",
    "ghosted": "ghosted",
    "no response": "ghosted",
    "accepted": "accepted",
    "hired": "accepted",
}


def map_status(word: str) -> str | None:
    """Our status for a sheet's status word (case and spacing ignored), else None."""
    return STATUS_WORDS.get(header_key(word))
