"""The shapes the journal parser hands to the rest of career.

This is the seam between the pure side (sources, parser, skills, linker) and the database side
(importer, queries, CLI): plain frozen dataclasses, standard library only. A parsed day is an
`Entry`; each bullet, task or plain line in it is an `Item` that keeps its 1-based line in the
source file so that everything derived from it can be cited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

__all__ = ["FORMATS", "SECTIONS", "SKIP_REASONS", "Entry", "Item", "SkippedFile", "SourceFile"]

FORMATS: Final = ("daily-log", "obsidian", "logseq", "jrnl", "jrnl-json")
"""The journal formats career reads (the values of ``--format`` apart from ``auto``)."""

SECTIONS: Final = ("goal", "done", "note", "task")
"""What a line is: a goal (under "Goals:"), done (under "Done:", or in a day with no section
line), a note (other text), or a task (a checkbox or a TODO/DONE marker)."""


@dataclass(frozen=True)
class Item:
    """One line of a day: a bullet, a task or a line of text."""

    line: int
    """1-based line number in the source file (after BOM/CRLF normalising)."""
    text: str
    """The content without bullet, checkbox or TODO marker; links, URLs and code as written."""
    section: str
    """One of `SECTIONS`."""
    depth: int
    """0 at top level; child bullets add 1 per indent level."""
    parent: int | None
    """Index of the parent item in `Entry.items`, None at top level."""
    checked: bool | None = None
    """Tasks: True for [x]/DONE, False for [ ]/TODO/LATER/NOW; None for other items."""
    marker: str | None = None
    """A task's marker as written: ``[ ]``, ``[x]``, ``[/]``, TODO, NOW, DOING, DONE, ...;
    None for other items."""
    quoted: bool = False
    """A blockquote line (``> ...``) or a line of a fenced code block: someone's words or
    code, not the user's claim."""


@dataclass(frozen=True)
class Entry:
    """One day of a journal source, all its lines in file order."""

    day: date
    line: int
    """1-based line where the day starts in the file (1 for a file per day)."""
    text: str
    """The day's text as one string with LF line ends (what changed-day detection hashes)."""
    items: tuple[Item, ...]
    title: str | None = None
    """The jrnl entry title or the heading text, when the format has one."""
    tags: tuple[str, ...] = ()
    """The day's own tags: front matter ``tags:`` (Obsidian) or a ``tags::`` page property
    (Logseq), as written, without ``#`` or brackets."""


@dataclass(frozen=True)
class SourceFile:
    """One journal file to read, and how to read it."""

    path: Path
    """Absolute, resolved."""
    name: str
    """How citations name it: relative to the folder given, or the file name for a file."""
    format: str
    """One of `FORMATS` (detected or forced)."""
    day: date | None = None
    """For a file per day (Obsidian, Logseq): the day its name gives, as `sources.discover`
    read it (with the vault's daily-note format). None: the parser reads the day itself."""
    merged: tuple[Path, ...] = ()
    """Other files of the same day in the same folder given (``2022_03_02.md`` beside
    ``2022-03-02.md``): read after this one, in this order, into one entry."""
    merged_names: tuple[str, ...] = ()
    """How `merged` are named (as `name`)."""


SKIP_REASONS: Final = ("not daily notes", "conflict copy", "unreadable", "duplicate day")
"""Why a note file was not imported (`SkippedFile.reason`)."""


@dataclass(frozen=True)
class SkippedFile:
    """A note file an import did not read as a journal, and why."""

    name: str
    """Named as `SourceFile.name` (relative to the folder given)."""
    reason: str
    """One of `SKIP_REASONS`."""
    detail: str = ""
    """What was wrong (an unreadable file's error with its byte offset), or which file a
    duplicate day was merged into."""
