"""Reading sheets of applications: CSV rows (with the status history and deadlines files of
our own export), checked and normalized. Pure: no database, no files (text in, text out).
Headers and status words are `pipeline/sheet_mapping.py`, our own format is
`pipeline/export_format.py`, the formula guard is `career.cells`.

Decisions:

- **Tags** in a cell are split as `career.cells.tags_cell` writes them, so a hand-kept
  ``a; b`` or ``a;b`` is two tags.
- **Dates** are read by `sheet_date`: a time after the date (``4/22/24, 9:15 AM``,
  ``2024-04-22T10:00:00Z``) is dropped; a year-last date (``/``, ``.`` or ``-``) with only one
  possible reading (``04/22/2024``, ``22.04.2024``) is read as that; one with two readings
  (``04/05/2024``) needs a date order (``--date-order DMY|MDY``, or the tracker preset's),
  else it is ambiguous. A two-digit year is read with the pivot of POSIX ``strptime %y``:
  00-68 are 2000-2068, 69-99 are 1969-1999. Everything else goes to
  `career.dates.parse_date`.
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
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING

from career.cells import unguard
from career.deadlines.vocab import DEADLINE_KINDS
from career.errors import InvalidInput
from career.pipeline.export_format import DEADLINE_FIELDS, HISTORY_FIELDS, is_own_export
from career.pipeline.sheet_mapping import (
    Columns,
    Preset,
    detect_preset,
    known_words,
    map_status,
    match_columns,
    parse_maps,
    parse_status_maps,
    preset_named,
)
from career.pipeline.vocab import (
    APPLICATION_KINDS,
    NO_POSTING,
    STATUSES,
    SUBMITTED_STATUSES,
    PostingFields,
    checked_name_key,
    checked_text,
    clean_tags,
)

if TYPE_CHECKING:
    from career.dates import DateOrder


def split_tags(text: str) -> list[str]:
    """The tags of a cell: ours (`tags_cell`) or a person's (``a; b``), cleaned."""
    line = " ".join(text.splitlines())
    try:
        parts = next(csv.reader([line], delimiter=";", skipinitialspace=True), [])
    except csv.Error:  # e.g. a NUL character: read the cell plainly
        parts = line.split(";")
    return clean_tags([p for p in parts if p.strip()])


class SheetProblems(InvalidInput):
    """Everything in a sheet that cannot be imported, each with its row."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        count = len(problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in {source} "
            "(listed above); nothing was imported"
        )
        self.problems = list(problems)


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
    posting: PostingFields = NO_POSTING  # salary, employment type, workplace, URLs, posted
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


_TIME_AFTER = re.compile(
    r"(?P<day>.+?)(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|T\d{2}:\d{2}.*)",
    re.IGNORECASE,
)
_YEAR_LAST = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")
# Two-digit years: POSIX strptime's %y pivot (00-68 are 20xx, 69-99 are 19xx).
PIVOT = 69


def _year(text: str) -> int:
    if len(text) == 4:
        return int(text)
    short = int(text)
    return 2000 + short if short < PIVOT else 1900 + short


def sheet_date(text: str, *, today: date, past: bool, date_order: DateOrder | None = None) -> date:
    """A date cell (see the module docstring)."""
    from career.dates import parse_date  # dateutil: only when a date is read

    value = text.strip()
    timed = _TIME_AFTER.fullmatch(value)
    if timed is not None:
        value = timed.group("day").strip()
    match = _YEAR_LAST.fullmatch(value)
    if match is None:
        return parse_date(value, today=today, past=past, date_order=date_order)
    first, second, year = int(match.group(1)), int(match.group(3)), _year(match.group(4))
    readings: dict[str, date] = {}
    for order, (month, day) in (("MDY", (first, second)), ("DMY", (second, first))):
        try:
            readings[order] = date(year, month, day)
        except ValueError:
            continue
    if len(set(readings.values())) == 1 and date_order is None:
        return next(iter(readings.values()))  # the only possible reading
    if len(match.group(4)) == 4:  # dates' own messages: ambiguous, impossible in that order
        return parse_date(value, today=today, past=past, date_order=date_order)
    shown = repr(text.strip())
    if date_order is None:
        if not readings:
            raise InvalidInput(f"{shown} is no date, day or month first")
        raise InvalidInput(
            f"ambiguous date {shown}: it could be {readings['DMY']} (day first) or "
            f"{readings['MDY']} (month first); give --date-order DMY or MDY"
        )
    if date_order not in readings:
        raise InvalidInput(f"{shown} is not a valid date read as {date_order}")
    return readings[date_order]


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
        value = self.cell(name)
        if not value:
            return None
        try:
            on = sheet_date(value, today=self.today, past=past, date_order=self.date_order)
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
    preset: Preset | None = None,
    status_words: Mapping[str, str] | None = None,
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
    default = (preset.status if preset else None) or ("applied" if applied else "interested")
    status = map_status(word, preset, status_words) if word else default
    if status is None:
        found.append(
            f"unknown status {word!r}: map it with --map-status {word!r}=STATUS (known words: "
            f"{known_words(preset, status_words)})"
        )
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
    posted = read.when("posted", past=True)
    posting = PostingFields()
    try:
        posting = PostingFields.checked(
            salary_min=read.cell("salary_min"),
            salary_max=read.cell("salary_max"),
            salary_currency=read.cell("salary_currency"),
            salary_period=read.cell("salary_period"),
            employment_type=read.cell("employment_type"),
            workplace=read.cell("workplace"),
            posting_url=read.cell("posting_url"),
            canonical_url=read.cell("canonical_url"),
            posted=posted,
        )
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
        source=read.text("source") or (preset.source if preset else None),
        location=read.text("location"),
        excitement=excitement,
        tags=tuple(tags),
        notes=read.text("notes"),
        deadline=read.when("deadline", past=False),
        posting=posting,
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
    preset: str | None = None  # the tracker whose export it is (its preset's title)


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
    preset: str | None = None,
    status_maps: Sequence[str] = (),
) -> Sheet:
    """Read a CSV sheet of applications (already decoded), with the history and deadlines
    files of our own export when given. Raises `SheetProblems` listing every value it cannot
    read, with its file and row; blank rows are skipped. `preset` forces a tracker's preset
    (else one is recognized by the headers); `status_maps` are ``--map-status`` options."""
    forced = preset_named(preset) if preset is not None else None
    chosen, problems = parse_maps(maps)
    words, status_problems = parse_status_maps(status_maps)
    problems += status_problems
    headers, records = _records(text, source)
    own = is_own_export(headers) and forced is None
    tracker = None if own else (forced or detect_preset(headers))
    if tracker is not None and date_order is None:
        date_order = tracker.date_order
    if (history is not None or deadlines is not None) and not own:
        given = "--history" if history is not None else "--deadlines"
        raise InvalidInput(
            f"{given} goes with the applications file of `career export apps`, and {source} "
            "is not one (its header differs): the files are linked by that export's id column"
        )
    columns, header_problems = match_columns(headers, chosen, own=own, preset=tracker)
    problems += header_problems
    rows: list[SheetRow] = []
    if not header_problems:
        for number, cells in records:
            if _too_wide(cells, headers):
                problems.append(f"row {number}: more cells than the header has columns")
                continue
            row = _row_values(
                number, cells, columns, own=own, today=today, date_order=date_order,
                problems=problems, preset=tracker, status_words=words,
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
    return Sheet(rows, columns.ignored, own, tracker.title if tracker else None)


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


def _own_rows(
    attached: Attached,
    fields: Sequence[str],
    flag: str,
    *,
    today: date,
    date_order: DateOrder | None,
) -> tuple[Iterator[tuple[int, str, _Reader, int | None]], list[str]]:
    """The rows of one of our own linked files (`--history`, `--deadlines`): each row's
    number, its place for messages, a reader of its cells and its application id, and the
    file's problems, to which a row with more cells than the header is added, in file order,
    as the rows are read."""
    headers, records, problems = _own_records(attached, fields, flag)
    index = {name: n for n, name in enumerate(headers)}

    def rows() -> Iterator[tuple[int, str, _Reader, int | None]]:
        for number, cells in records:
            where = f"{attached.source} row {number}"
            if _too_wide(cells, headers):
                problems.append(f"{where}: more cells than the header has columns")
                continue
            read = _Reader(cells, index, own=True, today=today, date_order=date_order)
            app_id = read.number("application_id", 1, 10**18, _ID)
            if app_id is None and not read.found:
                read.found.append("no application_id")
            yield number, where, read, app_id

    return rows(), problems


def _read_history(
    attached: Attached, *, today: date, date_order: DateOrder | None
) -> tuple[dict[int, list[tuple[int, Step]]], list[str]]:
    """A status history file: application id -> its steps (with their rows), in file order."""
    rows, problems = _own_rows(
        attached, HISTORY_FIELDS, "--history", today=today, date_order=date_order
    )
    steps: dict[int, list[tuple[int, Step]]] = {}
    for number, where, read, app_id in rows:
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

    rows, problems = _own_rows(
        attached, DEADLINE_FIELDS, "--deadlines", today=today, date_order=date_order
    )
    items: dict[int, list[tuple[int, SheetDeadline]]] = {}
    for number, where, read, app_id in rows:
        found = read.found
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
