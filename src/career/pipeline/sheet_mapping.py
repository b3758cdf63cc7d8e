"""Which column of a sheet is which field, and which status a tracker's word means. Pure.

- **Headers** are matched case-insensitively, with ``_`` and ``-`` read as spaces, against the
  aliases in `FIELD_ALIASES` (the names trackers and hand-kept sheets use, and our own export's
  column names). ``--map COLUMN=FIELD`` names a column's field explicitly (``ignore`` drops it)
  and wins over the automatic match. Columns that match nothing are ignored and reported.
- **Status words** are mapped by `STATUS_WORDS` (case-insensitive; our own statuses map to
  themselves). An empty status means ``applied`` when the row has an applied date, else
  ``interested``. ``--map-status WORD=STATUS`` maps a word of the user's (and wins).
- **Tracker presets** (`PRESETS`): the CSV exports of Huntr, Teal, LinkedIn (the "Job
  Applications" file of its data export) and Simplify. A preset is recognized when every
  header of its `signature` is in the file (the largest signature wins; two of one size, or
  our own export, recognize none), or forced with ``--preset NAME``. It adds its columns
  (over the aliases), its stage words (over `STATUS_WORDS`), its date order for dates that
  have two readings, and a status or source for rows that have none. README.md lists the
  columns and where they come from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

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
    "workplace": ("workplace", "workplace type"),
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


@dataclass(frozen=True)
class Preset:
    """How one tracker's CSV export is read (see the module docstring)."""

    name: str
    title: str
    signature: frozenset[str]  # header keys that all appear in its export
    columns: Mapping[str, str]  # header key -> field (or `ignore`), over FIELD_ALIASES
    statuses: Mapping[str, str] = field(default_factory=dict)  # stage word key -> status
    date_order: Literal["DMY", "MDY"] | None = None  # for dates with two readings
    status: str | None = None  # the status of a row without one
    source: str | None = None  # the source of a row without one


PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset(
            "huntr",
            "Huntr",
            frozenset({"company", "job title", "list"}),
            {"job title": "role", "list": "status", "url": "url", "date applied": "applied",
             "salary": IGNORE, "description": IGNORE, "created": IGNORE},
            {"wishlist": "interested", "applying": "preparing", "applied": "applied",
             "interview": "interviewing", "interviewing": "interviewing", "offer": "offer",
             "rejected": "rejected"},
        ),
        Preset(
            "teal",
            "Teal",
            frozenset({"job position", "company", "status", "excitement"}),
            {"job position": "role", "min salary": "salary_min", "max salary": "salary_max",
             "date saved": IGNORE, "date applied": "applied", "follow up": IGNORE,
             "url": "url", "job url": "url"},
            {"bookmarked": "interested", "applying": "preparing", "applied": "applied",
             "interviewing": "interviewing", "negotiating": "offer", "accepted": "accepted",
             "i withdrew": "withdrawn", "not selected": "rejected", "no response": "ghosted"},
        ),
        Preset(
            "linkedin",
            "LinkedIn applied jobs",
            frozenset({"application date", "company name", "job title", "job url"}),
            {"application date": "applied", "company name": "organization",
             "job title": "role", "job url": "url", "contact email": IGNORE,
             "contact phone number": IGNORE, "resume name": IGNORE,
             "question and answers": IGNORE},
            date_order="MDY",
            status="applied",
            source="LinkedIn",
        ),
        Preset(
            "simplify",
            "Simplify",
            frozenset({"company", "position", "status", "job link"}),
            {"position": "role", "job link": "url", "date applied": "applied",
             "salary": IGNORE},
            {"saved": "interested", "applied": "applied", "screen": "screening",
             "online assessment": "screening", "interviewing": "interviewing",
             "offer": "offer", "rejected": "rejected", "withdrawn": "withdrawn",
             "ghosted": "ghosted", "accepted": "accepted"},
        ),
    )
}  # fmt: skip


def detect_preset(headers: Sequence[str]) -> Preset | None:
    """The tracker whose export these headers are (the largest matching signature), if one."""
    keys = {header_key(h) for h in headers}
    found = [p for p in PRESETS.values() if p.signature <= keys]
    if not found:
        return None
    best = max(len(p.signature) for p in found)
    top = [p for p in found if len(p.signature) == best]
    return top[0] if len(top) == 1 else None


def preset_named(name: str) -> Preset:
    from career.errors import InvalidInput

    found = PRESETS.get(name.strip().casefold())
    if found is None:
        raise InvalidInput(f"unknown preset {name!r}: choose one of {', '.join(PRESETS)}")
    return found


def parse_status_maps(items: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """``--map-status WORD=STATUS`` options as {word key: status}, and their problems."""
    return _assignments(items, "--map-status", ("WORD", "STATUS", "status"), STATUSES)


def match_header(name: str, *, own: bool = False, preset: Preset | None = None) -> str | None:
    """The field a header names, `ignore` for bookkeeping columns, else None. In our own
    export (`own`), ``id``, ``created_at`` and ``updated_at`` are fields; a tracker's
    `preset` names its own columns first."""
    key = header_key(name)
    if own and key in OWN_FIELDS:
        return OWN_FIELDS[key]
    if preset is not None and key in preset.columns:
        return preset.columns[key]
    if key in IGNORED_OWN:
        return IGNORE
    return _ALIAS_FIELD.get(key)


def parse_maps(maps: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """``--map COLUMN=FIELD`` options as {header key: field}, and their problems."""
    return _assignments(maps, "--map", ("COLUMN", "FIELD", "field"), MAP_FIELDS, once="column")


def _assignments(
    items: Sequence[str],
    option: str,
    names: tuple[str, str, str],
    allowed: Sequence[str],
    *,
    once: str | None = None,
) -> tuple[dict[str, str], list[str]]:
    """``OPTION LEFT=RIGHT`` options as {header key of LEFT: RIGHT}, RIGHT one of `allowed`
    (`names`: how the two sides are written, and what RIGHT is called), and their problems;
    with `once`, a LEFT given twice is one (called `once`)."""
    left_name, right_name, what = names
    chosen: dict[str, str] = {}
    problems: list[str] = []
    for item in items:
        left, sep, target = item.rpartition("=")
        wanted = target.strip().casefold()
        if not sep or not left.strip():
            problems.append(f"{option} {item!r}: write it as {left_name}={right_name}")
        elif wanted not in allowed:
            problems.append(
                f"{option} {item!r}: unknown {what} {target.strip()!r} "
                f"(choose one of {', '.join(allowed)})"
            )
        elif once is not None and header_key(left) in chosen:
            problems.append(f"{option} {item!r}: {once} {left.strip()!r} is mapped twice")
        else:
            chosen[header_key(left)] = wanted
    return chosen, problems


@dataclass(frozen=True)
class Columns:
    """Which column of the sheet feeds which field."""

    index: dict[str, int]  # field -> column position
    ignored: list[str]  # headers that feed nothing


def match_columns(
    headers: Sequence[str],
    maps: Mapping[str, str],
    *,
    own: bool = False,
    preset: Preset | None = None,
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
            target = match_header(name, own=own, preset=preset)
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


def map_status(
    word: str, preset: Preset | None = None, extra: Mapping[str, str] | None = None
) -> str | None:
    """Our status for a sheet's status word (case and spacing ignored): the user's
    ``--map-status`` first, then the preset's words, then `STATUS_WORDS`; else None."""
    key = header_key(word)
    for words in (extra or {}, preset.statuses if preset else {}, STATUS_WORDS):
        if key in words:
            return words[key]
    return None


def known_words(preset: Preset | None = None, extra: Mapping[str, str] | None = None) -> str:
    """The status words an import reads, for the message about one it does not."""
    words = {**STATUS_WORDS, **(preset.statuses if preset else {}), **(extra or {})}
    return ", ".join(sorted(words))
