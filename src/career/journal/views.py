"""What the journal's services and queries return: plain data, no database attached."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from career.journal.document import SkippedFile


@dataclass(frozen=True)
class GoneDay:
    """A day recorded from a source that is no longer in it (kept until prune)."""

    source: str
    day: date


@dataclass
class ImportSummary:
    """What an import did (or, with --dry-run, would do)."""

    dry_run: bool = False
    sources_read: int = 0
    skipped_unchanged: int = 0
    skipped_not_notes: int = 0
    entries_added: int = 0
    entries_updated: int = 0
    entries_unchanged: int = 0
    entries_gone: int = 0
    evidence: int = 0
    suggestions: int = 0
    gone: list[GoneDay] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    """Note files not imported, each with its reason (career.journal.document.SKIP_REASONS)."""
    warnings: list[str] = field(default_factory=list)
    """What was read but not imported, "name:line: message" (a date heading that cannot be
    read, broken front matter)."""


@dataclass(frozen=True)
class SourceView:
    id: int
    path: str
    name: str
    format: str
    root: str
    entries: int
    gone: int
    imported_at: datetime


@dataclass(frozen=True)
class EntryView:
    """A day of one source in a listing."""

    id: int
    day: date
    source: str
    line: int
    title: str | None
    items: int
    evidence: int
    gone: bool


@dataclass(frozen=True)
class ItemView:
    position: int
    line: int
    section: str
    depth: int
    text: str
    checked: bool | None
    skills: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    evidence: list[tuple[int, str, int]] = field(default_factory=list)  # (id, skill, level)


@dataclass(frozen=True)
class EntryDetail:
    """A day of one source with its lines (`career journal show`)."""

    source: str
    line: int
    title: str | None
    gone: bool
    items: list[ItemView]


@dataclass(frozen=True)
class SkillSummary:
    name: str
    category: str
    level: int
    evidence: int
    first: date
    last: date


@dataclass(frozen=True)
class EvidenceView:
    skill: str
    day: date
    level: int
    signal: str
    source: str
    line: int
    text: str


@dataclass(frozen=True)
class SuggestionView:
    id: int
    kind: str
    status: str
    key: str
    fields: dict[str, Any]
    day: date
    source: str | None
    line: int | None
    text: str | None
    record_kind: str | None
    record_id: int | None


@dataclass(frozen=True)
class Accepted:
    """An accepted suggestion, the record it created, and warnings of the services."""

    suggestion: SuggestionView
    record_kind: str
    record_id: int
    label: str
    warnings: list[str]


@dataclass(frozen=True)
class Pruned:
    """The days `career journal prune` deleted (or would delete)."""

    days: list[GoneDay]


@dataclass(frozen=True)
class EvidenceRow:
    """One evidence row with its id (`career evidence`)."""

    id: int
    day: date
    skill: str
    level: int
    signal: str
    rule: str
    matched: str
    source: str
    line: int
    text: str


@dataclass(frozen=True)
class CorrectionView:
    """A correction of evidence by the user, and what was computed when it was last seen."""

    id: int
    skill: str
    day: date
    text: str
    action: str  # reject or set
    level: int | None
    computed_level: int
    computed_signal: str
    computed_rule: str
    computed_matched: str
    created_at: datetime


@dataclass(frozen=True)
class EvidenceWhy:
    """Why a line is evidence of a skill at a level (`career evidence why`)."""

    row: EvidenceRow
    parent: str | None  # the line's direct parent bullet
    correction: CorrectionView | None


@dataclass(frozen=True)
class Corrected:
    """What `career evidence reject|set|restore` did: the corrections, and evidence rows
    changed (set), removed (reject) or put back (restore)."""

    corrections: list[CorrectionView]
    changed: int = 0
    removed: int = 0
    restored: int = 0


@dataclass(frozen=True)
class IgnoreChange:
    """What `career skills ignore|unignore` did."""

    words: list[str]  # the stop-list now
    changed: bool
    removed: int = 0  # evidence rows whose matched words were ignored
