"""Spreadsheets in and out: CSV/JSON rows of applications, header and status-word matching, and
the formula guard. Pure: no database, no files (text in, text out); light enough for start-up.

Decisions:

- **Formula guard** (OWASP, "CSV injection"): a cell whose text starts with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return gets a leading apostrophe, so no spreadsheet runs it. So that
  the guard has an exact inverse, a text that starts with apostrophes followed by one of those
  characters gets one more apostrophe; `unguard` removes exactly one apostrophe from a cell of
  that shape and leaves every other cell alone: ``unguard(guard(s)) == s`` for every text.
  The import unguards every cell, ours or not.
- **Headers** are matched case-insensitively, with ``_`` and ``-`` read as spaces, against the
  aliases in `FIELD_ALIASES` (the names trackers and hand-kept sheets use, and our own export's
  column names). ``--map COLUMN=FIELD`` names a column's field explicitly (``ignore`` drops it)
  and wins over the automatic match. Columns that match nothing are ignored and reported.
- **Status words** are mapped by `STATUS_WORDS` (case-insensitive; our own statuses map to
  themselves). An empty status means ``applied`` when the row has an applied date, else
  ``interested``.
- **Rows** are numbered as a spreadsheet shows them: the header is row 1. Blank rows are
  skipped. Every value that cannot be read is reported with its row, all at once
  (`SheetProblems`), and then nothing is imported.
- **Tags** are joined with ``;`` in a CSV cell and split on ``;`` when read (a tag that itself
  contains ``;`` therefore comes back as two tags; the JSON export keeps it whole).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from career.errors import InvalidInput
from career.pipeline.vocab import (
    APPLICATION_KINDS,
    STATUSES,
    SUBMITTED_STATUSES,
    checked_name_key,
    checked_text,
    clean_tags,
)

# --- the formula guard ----------------------------------------------------------------------

_GUARDED = re.compile(r"'*[=+\-@\t\r]")
_UNGUARD = re.compile(r"'+[=+\-@\t\r]")


def guard(text: str) -> str:
    """`text` as a cell no spreadsheet evaluates (see the module docstring)."""
    return "'" + text if _GUARDED.match(text) else text


def unguard(text: str) -> str:
    """The exact inverse of `guard`: one apostrophe off a guarded cell, others unchanged."""
    return text[1:] if _UNGUARD.match(text) else text


def cell_text(value: Any) -> str:
    """A value as cell text: None is empty, lists are joined with ";", dates are ISO."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def guard_cell(value: Any) -> str:
    """A value as a CSV cell that no spreadsheet will evaluate. A number is written as it is:
    -41 days is not a formula, and a spreadsheet should see a number."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return guard(cell_text(value))


# --- writing --------------------------------------------------------------------------------

# The columns of `career export apps --format csv`, in order (the JSON export has the same
# keys, with `tags` as a list, plus each application's `timeline`).
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
    "created_at",
    "updated_at",
]
HISTORY_FIELDS = ["application_id", "date", "from", "to", "note"]


def csv_text(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """RFC 4180 CSV (CRLF rows, so a lone carriage return in a cell is quoted), guarded."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([guard_cell(row.get(c)) for c in columns])
    return out.getvalue()


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def json_text(rows: Sequence[Mapping[str, Any]]) -> str:
    """The JSON export: a list, indented, dates in ISO 8601, text as is (no guard needed)."""
    return json.dumps(list(rows), default=_json_default, ensure_ascii=False, indent=2) + "\n"


def history_rows(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The rows of the status-history CSV, from export records that carry a `timeline`."""
    return [
        {"application_id": rec["id"], **step} for rec in records for step in rec.get("timeline", [])
    ]


# --- reading: headers -----------------------------------------------------------------------

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
}
# Our export's columns that an import does not read: the database assigns ids and times.
IGNORED_OWN = ("id", "created at", "updated at", "days in status")
MAP_FIELDS: tuple[str, ...] = (*FIELD_ALIASES, IGNORE)


def header_key(name: str) -> str:
    """How two header names are compared: case, spacing, `_` and `-` ignored."""
    return " ".join(name.replace("_", " ").replace("-", " ").casefold().split())


_ALIAS_FIELD = {alias: f for f, aliases in FIELD_ALIASES.items() for alias in aliases}


def match_header(name: str) -> str | None:
    """The field a header names, `ignore` for our own bookkeeping columns, else None."""
    key = header_key(name)
    if key in IGNORED_OWN:
        return IGNORE
    return _ALIAS_FIELD.get(key)


class SheetProblems(InvalidInput):
    """Everything in a sheet that cannot be imported, each with its row."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        count = len(problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in {source} "
            "(listed above); nothing was imported"
        )
        self.problems = list(problems)


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


def match_columns(headers: Sequence[str], maps: Mapping[str, str]) -> tuple[Columns, list[str]]:
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
            target = match_header(name)
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
        if {"application id", "to"} <= set(keys):
            problems.append(
                "header: this is a status history file (export --history); it is not "
                "imported: import the applications file"
            )
        else:
            problems.append(
                "header: no column names the organization (Company, Organization or "
                "Employer); name one with --map COLUMN=organization"
            )
    return Columns(index, ignored), problems


# --- reading: values ------------------------------------------------------------------------

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


@dataclass(frozen=True)
class SheetRow:
    """One application read from a sheet, checked and normalized."""

    row: int
    organization: str
    role: str | None
    kind: str
    status: str
    applied: date | None
    status_since: date | None
    url: str | None
    source: str | None
    location: str | None
    excitement: int | None
    tags: tuple[str, ...]
    notes: str | None
    deadline: date | None = None


_INTEGER = re.compile(r"\d+(?:\.0+)?")


def _row_values(
    number: int, cells: Sequence[str], columns: Columns, today: date, problems: list[str]
) -> SheetRow | None:
    """Read one row; its problems are appended to `problems` (then the result is None)."""
    from career.dates import parse_date  # dateutil: not at start-up (output.py imports us)

    found: list[str] = []

    def cell(name: str) -> str:
        position = columns.index.get(name)
        if position is None or position >= len(cells):
            return ""
        return unguard(cells[position]).strip()

    def text(name: str) -> str | None:
        try:
            return checked_text(cell(name), name)
        except InvalidInput as exc:
            found.append(exc.message)
            return None

    def when(name: str, *, past: bool) -> date | None:
        value = cell(name)
        if not value:
            return None
        try:
            on = parse_date(value, today=today, past=past)
        except InvalidInput as exc:
            found.append(f"{name}: {exc.message}")
            return None
        if past and on > today:
            found.append(f"{name} {on.isoformat()} is in the future (today is {today})")
            return None
        return on

    organization = cell("organization")
    if not organization:
        found.append("no organization")
    else:
        try:
            checked_name_key(organization)
        except InvalidInput as exc:
            found.append(exc.message)
    role = text("role")
    kind = cell("kind").casefold() or "job"
    if kind not in APPLICATION_KINDS:
        found.append(
            f"unknown kind {cell('kind')!r} (choose one of {', '.join(APPLICATION_KINDS)})"
        )
    applied = when("applied", past=True)
    word = cell("status")
    status = map_status(word) if word else ("applied" if applied else "interested")
    if status is None:
        found.append(f"unknown status {word!r} (known: {', '.join(STATUSES)}, or a tracker's word)")
    elif applied is not None and status not in SUBMITTED_STATUSES:
        found.append(f"status {status!r} has no applied date, but the row gives {applied}")
    since = when("status_since", past=True)
    if since is not None and applied is not None and since < applied:
        found.append(f"status_since {since} is before the applied date {applied}")
    excitement: int | None = None
    raw = cell("excitement")
    if raw:
        if _INTEGER.fullmatch(raw) and 1 <= int(float(raw)) <= 5:
            excitement = int(float(raw))
        else:
            found.append(f"excitement must be from 1 to 5, not {raw!r}")
    tags: list[str] = []
    try:
        tags = clean_tags([t for t in cell("tags").split(";") if t.strip()])
    except InvalidInput as exc:
        found.append(exc.message)
    row = SheetRow(
        row=number,
        organization=organization,
        role=role,
        kind=kind,
        status=status or "interested",
        applied=applied,
        status_since=since,
        url=text("url"),
        source=text("source"),
        location=text("location"),
        excitement=excitement,
        tags=tuple(tags),
        notes=text("notes"),
        deadline=when("deadline", past=False),
    )
    problems.extend(f"row {number}: {p}" for p in found)
    return None if found else row


def _delimiter(first_line: str) -> str:
    """Comma, unless the header row clearly uses semicolons or tabs (some locales' Excel)."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


@dataclass(frozen=True)
class Sheet:
    rows: list[SheetRow]
    ignored_columns: list[str]


def read_sheet(text: str, source: str, *, maps: Sequence[str] = (), today: date) -> Sheet:
    """Read a CSV sheet of applications (already decoded). Raises `SheetProblems` listing
    every value it cannot read, with its row; blank rows are skipped."""
    chosen, problems = parse_maps(maps)
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first)))
    except csv.Error as exc:
        raise InvalidInput(f"{source} is not a readable CSV file: {exc}") from None
    if not records or not any(h.strip() for h in records[0]):
        raise InvalidInput(f"{source} has no header row: the first row must name the columns")
    headers = [h.strip() for h in records[0]]
    columns, header_problems = match_columns(headers, chosen)
    problems += header_problems
    rows: list[SheetRow] = []
    if not header_problems:
        for number, cells in enumerate(records[1:], start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers) :]):
                problems.append(f"row {number}: more cells than the header has columns")
                continue
            row = _row_values(number, cells, columns, today, problems)
            if row is not None:
                rows.append(row)
    if problems:
        raise SheetProblems(source, problems)
    return Sheet(rows, columns.ignored)


def describe(row: SheetRow) -> str:
    """One line about a sheet row, for reports."""
    role = f" — {row.role}" if row.role else ""
    applied = f", applied {row.applied}" if row.applied else ""
    return f"{row.organization}{role} ({row.status}{applied})"
