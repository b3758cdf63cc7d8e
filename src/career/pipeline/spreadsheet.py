"""Spreadsheets in and out: CSV/JSON rows of applications (with their status history and
deadlines), header and status-word matching, and the formula guard. Pure: no database, no
files (text in, text out); light enough for start-up.

Decisions:

- **Our own export** is three CSV files: the applications (`EXPORT_FIELDS`, one row each), and
  on request their status history (`HISTORY_FIELDS`, ``--history``) and their deadlines
  (`DEADLINE_FIELDS`, ``--deadlines``), linked by the application's ``id``. Deadlines get a
  file of their own (one row per deadline, with its time, zone, reminder, done and created
  instants) rather than columns, since an application has any number of them; the
  applications file keeps a ``deadline`` column (the earliest apply-by date) for people.
  Importing the three files gives back what was exported: ``export, import into an empty
  database, export`` is byte-identical (ids are assigned by the database, so they match when
  the first database's ids run 1, 2, 3...).
- **Recognizing our own export**: a file is ours when its header row is exactly our columns
  (`EXPORT_FIELDS`, each once, any order, spelled as we write them). Only then are its cells
  un-guarded, its ``id`` read (to link the other two files) and its ``created_at`` /
  ``updated_at`` kept; any other sheet is read as a person keeps it, and its ``id``, ``created
  at``... columns are bookkeeping that is not read. The history and deadlines files are ours
  by definition: their header must be exactly ours, and their cells are always un-guarded.
- **Formula guard** (OWASP, "CSV injection"): a cell whose text starts with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return gets a leading apostrophe, so no spreadsheet runs it. So that
  the guard has an exact inverse, a text that starts with apostrophes followed by one of those
  characters gets one more apostrophe; `unguard` removes exactly one apostrophe from a cell of
  that shape and leaves every other cell alone: ``unguard(guard(s)) == s`` for every text.
  A hand-kept ``'=not a formula`` keeps its apostrophe: only our own files are un-guarded.
- **Tags** in a cell are separated by ``; `` (``ai safety; ml``). A tag that contains ``;`` or
  starts with ``"`` is written in double quotes, a quote inside doubled, as in a CSV field
  (``"a;b"; c``), so every tag survives and the cell stays readable. Reading splits the same
  way, so a hand-kept ``a; b`` or ``a;b`` is two tags.
- **Headers** are matched case-insensitively, with ``_`` and ``-`` read as spaces, against the
  aliases in `FIELD_ALIASES` (the names trackers and hand-kept sheets use, and our own export's
  column names). ``--map COLUMN=FIELD`` names a column's field explicitly (``ignore`` drops it)
  and wins over the automatic match. Columns that match nothing are ignored and reported.
- **Status words** are mapped by `STATUS_WORDS` (case-insensitive; our own statuses map to
  themselves). An empty status means ``applied`` when the row has an applied date, else
  ``interested``.
- **Dates** are read by `career.dates.parse_date`; year-last slash dates (04/15/2024) need a
  date order (``--date-order DMY|MDY``), else they are ambiguous.
- **A status history** is checked as a chain: an application's first change comes from
  nothing, each next one from the status the one before went to, dates never go back, and
  the last one goes to the application's status on its ``status_since`` date.
- **Rows** are numbered as a spreadsheet shows them: the header is row 1. Blank rows are
  skipped. Every value that cannot be read is reported with its file and row, all at once
  (`SheetProblems`), and then nothing is imported.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from career.deadlines.vocab import DEADLINE_KINDS
from career.errors import InvalidInput
from career.pipeline.vocab import (
    APPLICATION_KINDS,
    STATUSES,
    SUBMITTED_STATUSES,
    checked_name_key,
    checked_text,
    clean_tags,
)

if TYPE_CHECKING:
    from career.dates import DateOrder

# --- the formula guard ----------------------------------------------------------------------

_GUARDED = re.compile(r"'*[=+\-@\t\r]")
_UNGUARD = re.compile(r"'+[=+\-@\t\r]")


_RISKY_FIRST = frozenset("'=+-@\t\r")  # what a guarded cell can start with


def guard(text: str) -> str:
    """`text` as a cell no spreadsheet evaluates (see the module docstring)."""
    if text and text[0] in _RISKY_FIRST and _GUARDED.match(text):
        return "'" + text
    return text


def unguard(text: str) -> str:
    """The exact inverse of `guard`: one apostrophe off a guarded cell, others unchanged."""
    return text[1:] if _UNGUARD.match(text) else text


def cell_text(value: Any) -> str:
    """A value as cell text: None is empty, a list is one cell as tags are (`tags_cell`),
    dates are ISO. Every CSV writer goes through here, so a list reads the same in each."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return tags_cell(str(v) for v in value)
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    return str(value)


def guard_cell(value: Any) -> str:
    """A value as a CSV cell that no spreadsheet will evaluate. A number is written as it is:
    -41 days is not a formula, and a spreadsheet should see a number."""
    if type(value) is str:  # the common case, first
        return guard(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return guard(cell_text(value))


# --- tags in one cell -----------------------------------------------------------------------


def _quoted_tag(tag: str) -> str:
    if ";" in tag or tag.startswith('"'):
        return '"' + tag.replace('"', '""') + '"'
    return tag


def tags_cell(tags: Iterable[str]) -> str:
    """Tags as one readable cell that splits back into the same tags (module docstring)."""
    return "; ".join(_quoted_tag(t) for t in tags)


def split_tags(text: str) -> list[str]:
    """The tags of a cell: ours (`tags_cell`) or a person's (``a; b``), cleaned."""
    line = " ".join(text.splitlines())
    try:
        parts = next(csv.reader([line], delimiter=";", skipinitialspace=True), [])
    except csv.Error:  # e.g. a NUL character: read the cell plainly
        parts = line.split(";")
    return clean_tags([p for p in parts if p.strip()])


# --- writing --------------------------------------------------------------------------------

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
    "created_at",
    "updated_at",
]
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


def csv_text(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """RFC 4180 CSV (CRLF rows, so a lone carriage return in a cell is quoted), guarded."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([guard_cell(row.get(c)) for c in columns])
    return out.getvalue()


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


def is_own_export(headers: Sequence[str]) -> bool:
    """Whether a header row is our export's: exactly our columns, each once."""
    return len(headers) == len(EXPORT_FIELDS) and set(headers) == set(EXPORT_FIELDS)


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
class Step:
    """One entry of a status history read from a history file."""

    on: date
    from_status: str | None
    to_status: str
    note: str | None


@dataclass(frozen=True)
class SheetDeadline:
    """One deadline of an application, read from a deadlines file."""

    title: str
    kind: str
    due: date
    at: time | None
    zone: str | None
    remind_days: int | None
    done_at: datetime | None
    created_at: datetime | None


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
    # Read from our own export only (see the module docstring):
    source_id: int | None = None  # the `id` column, which the other two files refer to
    created_at: datetime | None = None
    updated_at: datetime | None = None
    timeline: tuple[Step, ...] = ()  # from --history; empty: one entry, "imported from FILE"
    deadlines: tuple[SheetDeadline, ...] | None = None  # from --deadlines; None: the column


_INTEGER = re.compile(r"\d+(?:\.0+)?")
_ID = re.compile(r"[1-9]\d{0,17}")
_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_DAYS = re.compile(r"\d{1,6}")


def checked_date_order(value: str | None) -> DateOrder | None:
    """A date order for year-last slash dates: DMY, MDY (any case) or None."""
    if value is None:
        return None
    if value.upper() == "DMY":
        return "DMY"
    if value.upper() == "MDY":
        return "MDY"
    raise InvalidInput(f"unknown date order {value!r}: use DMY (15/04/2024) or MDY (04/15/2024)")


def read_instant(text: str) -> datetime:
    """An instant as the export writes it (ISO 8601 with a UTC offset), in UTC."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidInput(
            f"cannot read {text!r} as an instant: write it as 2024-04-20T09:00:00+00:00"
        )
    return moment.astimezone(UTC)


class _Reader:
    """Reads the cells of one row; the problems it finds are collected in `found`."""

    def __init__(
        self,
        cells: Sequence[str],
        index: Mapping[str, int],
        *,
        own: bool,
        today: date,
        date_order: DateOrder | None,
    ) -> None:
        self.cells = cells
        self.index = index
        self.own = own
        self.today = today
        self.date_order = date_order
        self.found: list[str] = []

    def cell(self, name: str) -> str:
        position = self.index.get(name)
        if position is None or position >= len(self.cells):
            return ""
        value = self.cells[position]
        return (unguard(value) if self.own else value).strip()

    def text(self, name: str, limit_field: str | None = None) -> str | None:
        try:
            return checked_text(self.cell(name), limit_field or name)
        except InvalidInput as exc:
            self.found.append(exc.message)
            return None

    def when(self, name: str, *, past: bool) -> date | None:
        from career.dates import parse_date  # dateutil: not at start-up (output.py imports us)

        value = self.cell(name)
        if not value:
            return None
        try:
            on = parse_date(value, today=self.today, past=past, date_order=self.date_order)
        except InvalidInput as exc:
            self.found.append(f"{name}: {exc.message}")
            return None
        if past and on > self.today:
            self.found.append(f"{name} {on.isoformat()} is in the future (today is {self.today})")
            return None
        return on

    def instant(self, name: str) -> datetime | None:
        value = self.cell(name)
        if not value:
            return None
        try:
            return read_instant(value)
        except InvalidInput as exc:
            self.found.append(f"{name}: {exc.message}")
            return None

    def number(self, name: str, low: int, high: int, pattern: re.Pattern[str]) -> int | None:
        raw = self.cell(name)
        if not raw:
            return None
        value = int(raw.split(".")[0]) if pattern.fullmatch(raw) else None  # "4.0" is 4
        if value is not None and low <= value <= high:
            return value
        expected = "a whole number from 1 up" if pattern is _ID else f"from {low} to {high}"
        self.found.append(f"{name} must be {expected}, not {raw!r}")
        return None

    def status(self, name: str, *, required: bool) -> str | None:
        raw = self.cell(name)
        if not raw:
            if required:
                self.found.append(f"no status in {name}")
            return None
        value = raw.casefold()
        if value not in STATUSES:
            self.found.append(f"{name}: unknown status {raw!r} (known: {', '.join(STATUSES)})")
            return None
        return value


def _row_values(
    number: int,
    cells: Sequence[str],
    columns: Columns,
    *,
    own: bool,
    today: date,
    date_order: DateOrder | None,
    problems: list[str],
) -> SheetRow | None:
    """Read one row; its problems are appended to `problems` (then the result is None)."""
    read = _Reader(cells, columns.index, own=own, today=today, date_order=date_order)
    found = read.found
    organization = read.cell("organization")
    if not organization:
        found.append("no organization")
    else:
        try:
            checked_name_key(organization)
        except InvalidInput as exc:
            found.append(exc.message)
    source_id = read.number("id", 1, 10**18, _ID) if own else None
    role = read.text("role")
    kind = read.cell("kind").casefold() or "job"
    if kind not in APPLICATION_KINDS:
        found.append(
            f"unknown kind {read.cell('kind')!r} (choose one of {', '.join(APPLICATION_KINDS)})"
        )
    applied = read.when("applied", past=True)
    word = read.cell("status")
    status = map_status(word) if word else ("applied" if applied else "interested")
    if status is None:
        found.append(f"unknown status {word!r} (known: {', '.join(STATUSES)}, or a tracker's word)")
    elif applied is not None and status not in SUBMITTED_STATUSES:
        found.append(f"status {status!r} has no applied date, but the row gives {applied}")
    since = read.when("status_since", past=True)
    if since is not None and applied is not None and since < applied:
        found.append(f"status_since {since} is before the applied date {applied}")
    excitement = read.number("excitement", 1, 5, _INTEGER)
    tags: list[str] = []
    try:
        tags = split_tags(read.cell("tags"))
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
        url=read.text("url"),
        source=read.text("source"),
        location=read.text("location"),
        excitement=excitement,
        tags=tuple(tags),
        notes=read.text("notes"),
        deadline=read.when("deadline", past=False),
        source_id=source_id,
        created_at=read.instant("created_at") if own else None,
        updated_at=read.instant("updated_at") if own else None,
    )
    problems.extend(f"row {number}: {p}" for p in found)
    return None if found else row


def _delimiter(first_line: str) -> str:
    """Comma, unless the header row clearly uses semicolons or tabs (some locales' Excel)."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _records(text: str, source: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """A CSV text's header (stripped) and its non-blank rows with their row numbers."""
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first)))
    except csv.Error as exc:
        raise InvalidInput(f"{source} is not a readable CSV file: {exc}") from None
    if not records or not any(h.strip() for h in records[0]):
        raise InvalidInput(f"{source} has no header row: the first row must name the columns")
    rows = [
        (number, cells)
        for number, cells in enumerate(records[1:], start=2)
        if any(c.strip() for c in cells)
    ]
    return [h.strip() for h in records[0]], rows


def _too_wide(cells: Sequence[str], headers: Sequence[str]) -> bool:
    return len(cells) > len(headers) and any(c.strip() for c in cells[len(headers) :])


@dataclass(frozen=True)
class Sheet:
    rows: list[SheetRow]
    ignored_columns: list[str]
    own: bool = False  # the file is our own export (see the module docstring)


@dataclass(frozen=True)
class Attached:
    """A history or deadlines file handed to `read_sheet`: its name and its text."""

    source: str
    text: str


def read_sheet(
    text: str,
    source: str,
    *,
    maps: Sequence[str] = (),
    today: date,
    date_order: DateOrder | None = None,
    history: Attached | None = None,
    deadlines: Attached | None = None,
) -> Sheet:
    """Read a CSV sheet of applications (already decoded), with the history and deadlines
    files of our own export when given. Raises `SheetProblems` listing every value it cannot
    read, with its file and row; blank rows are skipped."""
    chosen, problems = parse_maps(maps)
    headers, records = _records(text, source)
    own = is_own_export(headers)
    if (history is not None or deadlines is not None) and not own:
        given = "--history" if history is not None else "--deadlines"
        raise InvalidInput(
            f"{given} goes with the applications file of `career export apps`, and {source} "
            "is not one (its header differs): the files are linked by that export's id column"
        )
    columns, header_problems = match_columns(headers, chosen, own=own)
    problems += header_problems
    rows: list[SheetRow] = []
    if not header_problems:
        for number, cells in records:
            if _too_wide(cells, headers):
                problems.append(f"row {number}: more cells than the header has columns")
                continue
            row = _row_values(
                number, cells, columns, own=own, today=today, date_order=date_order,
                problems=problems,
            )  # fmt: skip
            if row is not None:
                rows.append(row)
    ids = _source_ids(headers, records) if own else {}
    for number, app_id in _repeated_ids(headers, records) if own else []:
        problems.append(f"row {number}: id {app_id} appears on an earlier row too")
    problems = _by_row(problems)
    files = [source] if problems else []
    if history is not None:
        steps, found = _read_history(history, today=today, date_order=date_order)
        if not problems and not found:  # every row and step read: check the chains
            rows, found = _attach_history(rows, steps, history.source, source)
        found = _by_row(found + _link(history.source, steps, ids, source))
        problems += found
        files += [history.source] if found else []
    if deadlines is not None:
        items, found = _read_deadlines(deadlines, today=today, date_order=date_order)
        found = _by_row(found + _link(deadlines.source, items, ids, source))
        problems += found
        files += [deadlines.source] if found else []
        if not found:
            rows = [
                replace(r, deadlines=tuple(d for _, d in items.get(r.source_id, [])))
                if r.source_id is not None
                else r
                for r in rows
            ]
    if problems:
        raise SheetProblems(" and ".join(files), problems)
    return Sheet(rows, columns.ignored, own)


_ROW = re.compile(r"(?:^| )row (\d+):")


def _by_row(problems: list[str]) -> list[str]:
    """Problems in the order of their rows (those of no row, such as --map's, first)."""

    def row(problem: str) -> int:
        found = _ROW.search(problem)
        return int(found.group(1)) if found else 0

    return sorted(problems, key=row)


def _id_cells(
    headers: Sequence[str], records: Sequence[tuple[int, list[str]]]
) -> list[tuple[int, int]]:
    """(row number, id) of each row of our export whose id cell is a valid id."""
    position = headers.index("id")
    found: list[tuple[int, int]] = []
    for number, cells in records:
        raw = cells[position].strip() if position < len(cells) else ""
        if _ID.fullmatch(raw):
            found.append((number, int(raw)))
    return found


def _source_ids(headers: Sequence[str], records: Sequence[tuple[int, list[str]]]) -> dict[int, int]:
    """Each id of our export -> its first row (also of rows with problems of their own, so
    that the other files' references to them are not reported as well)."""
    ids: dict[int, int] = {}
    for number, app_id in _id_cells(headers, records):
        ids.setdefault(app_id, number)
    return ids


def _repeated_ids(
    headers: Sequence[str], records: Sequence[tuple[int, list[str]]]
) -> list[tuple[int, int]]:
    seen: set[int] = set()
    repeated: list[tuple[int, int]] = []
    for number, app_id in _id_cells(headers, records):
        if app_id in seen:
            repeated.append((number, app_id))
        seen.add(app_id)
    return repeated


def _own_records(
    attached: Attached, fields: Sequence[str], flag: str
) -> tuple[list[str], list[tuple[int, list[str]]], list[str]]:
    """The header and rows of an attached file, with the problem of a header not ours."""
    headers, records = _records(attached.text, attached.source)
    if len(headers) != len(fields) or set(headers) != set(fields):
        return (
            headers,
            [],
            [
                f"{attached.source}: not the {flag.removeprefix('--')} file of `career export "
                f"apps {flag}` (its header must be {','.join(fields)})"
            ],
        )
    return headers, records, []


def _read_history(
    attached: Attached, *, today: date, date_order: DateOrder | None
) -> tuple[dict[int, list[tuple[int, Step]]], list[str]]:
    """A status history file: application id -> its steps (with their rows), in file order."""
    headers, records, problems = _own_records(attached, HISTORY_FIELDS, "--history")
    index = {name: n for n, name in enumerate(headers)}
    steps: dict[int, list[tuple[int, Step]]] = {}
    for number, cells in records:
        where = f"{attached.source} row {number}"
        if _too_wide(cells, headers):
            problems.append(f"{where}: more cells than the header has columns")
            continue
        read = _Reader(cells, index, own=True, today=today, date_order=date_order)
        app_id = read.number("application_id", 1, 10**18, _ID)
        if app_id is None and not read.found:
            read.found.append("no application_id")
        on = read.when("date", past=True)
        if on is None and not read.cell("date"):
            read.found.append("no date")
        from_status = read.status("from", required=False)
        to_status = read.status("to", required=True)
        note = read.text("note", "notes")
        problems.extend(f"{where}: {p}" for p in read.found)
        if not read.found:
            assert app_id is not None and on is not None and to_status is not None
            steps.setdefault(app_id, []).append((number, Step(on, from_status, to_status, note)))
    return steps, problems


def _read_deadlines(
    attached: Attached, *, today: date, date_order: DateOrder | None
) -> tuple[dict[int, list[tuple[int, SheetDeadline]]], list[str]]:
    """A deadlines file: application id -> its deadlines (with their rows), in file order."""
    from career.dates import MAX_DAYS

    headers, records, problems = _own_records(attached, DEADLINE_FIELDS, "--deadlines")
    index = {name: n for n, name in enumerate(headers)}
    items: dict[int, list[tuple[int, SheetDeadline]]] = {}
    for number, cells in records:
        where = f"{attached.source} row {number}"
        if _too_wide(cells, headers):
            problems.append(f"{where}: more cells than the header has columns")
            continue
        read = _Reader(cells, index, own=True, today=today, date_order=date_order)
        found = read.found
        app_id = read.number("application_id", 1, 10**18, _ID)
        if app_id is None and not found:
            found.append("no application_id")
        title = read.cell("title")
        if not title:
            found.append("no title")
        elif len(title) > 500:
            found.append(f"the title is too long: {len(title)} characters, at most 500")
        kind = read.cell("kind")
        if kind not in DEADLINE_KINDS:
            found.append(f"unknown kind {kind!r} (choose one of {', '.join(DEADLINE_KINDS)})")
        due = read.when("due", past=False)
        if due is None and not read.cell("due"):
            found.append("no due date")
        at = _read_time(read)
        zone = _read_zone(read, at)
        remind = read.number("remind_days", 0, MAX_DAYS, _DAYS)
        done_at = read.instant("done_at")
        created_at = read.instant("created_at")
        problems.extend(f"{where}: {p}" for p in found)
        if not found:
            assert app_id is not None and due is not None
            item = SheetDeadline(title, kind, due, at, zone, remind, done_at, created_at)
            items.setdefault(app_id, []).append((number, item))
    return items, problems


def _read_time(read: _Reader) -> time | None:
    raw = read.cell("time")
    if not raw:
        return None
    match = _TIME.fullmatch(raw)
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        read.found.append(f"time: cannot read {raw!r} as a time: use HH:MM, such as 17:00")
        return None
    return time(int(match.group(1)), int(match.group(2)))


def _read_zone(read: _Reader, at: time | None) -> str | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    raw = read.cell("zone")
    if not raw:
        return None
    if at is None and not read.cell("time"):
        read.found.append(f"zone {raw!r} needs a time: a zone only applies to a time of day")
        return None
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        read.found.append(f"unknown time zone {raw!r}: use an IANA name such as Europe/London")
        return None
    return raw


def _link(
    source: str,
    items: Mapping[int, Sequence[tuple[int, object]]],
    ids: Mapping[int, int],
    apps: str,
) -> list[str]:
    """A problem for each application id of an attached file that the applications lack."""
    return [
        f"{source} row {entries[0][0]}: application_id {app_id} is not in {apps}"
        for app_id, entries in items.items()
        if app_id not in ids
    ]


def _attach_history(
    rows: list[SheetRow],
    steps: Mapping[int, Sequence[tuple[int, Step]]],
    source: str,
    apps: str,
) -> tuple[list[SheetRow], list[str]]:
    """`rows` with their timelines, checked as a chain (see the module docstring)."""
    problems: list[str] = []
    done: list[SheetRow] = []
    for row in rows:
        entries = steps.get(row.source_id, []) if row.source_id is not None else []
        if not entries:
            done.append(row)
            continue
        before: Step | None = None
        for number, step in entries:
            where = f"{source} row {number}"
            came_from = before.to_status if before is not None else None
            if step.from_status != came_from:
                problems.append(
                    f"{where}: application {row.source_id} moves from "
                    f"{step.from_status or 'nothing'}, but the change before it went to "
                    f"{came_from or 'nothing (it is the first)'}"
                )
            elif step.to_status == step.from_status:
                problems.append(f"{where}: a move from {step.to_status} to itself")
            if before is not None and step.on < before.on:
                problems.append(f"{where}: {step.on} is before the change above it ({before.on})")
            before = step
        last_row, last = entries[-1]
        if last.to_status != row.status:
            problems.append(
                f"{source} row {last_row}: application {row.source_id} ends as "
                f"{last.to_status!r}, but {apps} row {row.row} says {row.status!r}"
            )
        elif row.status_since is not None and row.status_since != last.on:
            problems.append(
                f"{source} row {last_row}: application {row.source_id} became {last.to_status!r}"
                f" on {last.on}, but {apps} row {row.row} says since {row.status_since}"
            )
        done.append(replace(row, timeline=tuple(step for _, step in entries)))
    return done, problems


def describe(row: SheetRow) -> str:
    """One line about a sheet row, for reports."""
    role = f" — {row.role}" if row.role else ""
    applied = f", applied {row.applied}" if row.applied else ""
    return f"{row.organization}{role} ({row.status}{applied})"
