"""Find the journal files under a path and tell their format (filesystem only, no database).

Decisions:

- A file given by name must be a journal (auto-detected or of the forced format); a folder is
  walked (hidden folders such as ``.obsidian``, ``.git`` and ``.trash``, and Logseq's own
  ``logseq/`` folder, are not) and its note files (``.md``, ``.markdown``, ``.txt``, ``.json``)
  that are not journals are skipped and counted. Other files (images, PDFs) are not counted.
- Detection, per file: a name that is a date (``2024-04-19.md``; the vault's daily-note format
  from ``.obsidian/daily-notes.json`` when there is one) is an Obsidian daily note, or a Logseq
  journal page when it sits in a ``journals`` folder and is named ``YYYY_MM_DD`` or the folder
  belongs to a Logseq graph (``logseq/config.edn`` beside it). Otherwise the
  content decides: a ``.json`` file with an ``"entries"`` list is a jrnl export; a file that
  opens with ``[YYYY-MM-DD HH:MM]`` is a jrnl journal; one with ``[[YYYY-MM-DD]]`` day lines or
  date headings is a single-file daily log; then any ``[YYYY-MM-DD HH:MM]`` line makes it jrnl.
- The daily-note format uses moment.js tokens: YYYY, YY, MMMM, MMM, MM, M, DD, D, Do, dddd,
  ddd, dd and ``[literal]`` text; it is matched against the path below the configured folder
  (a format with ``/`` makes dated folders). A configuration that cannot be read, or a format
  that cannot give a date, is ignored and names are read as ``YYYY-MM-DD``.
- A forced ``--format`` that does not fit a file given by name, or fits nothing in a folder,
  is an error; in a folder, files that do not fit it are skipped.
"""

from __future__ import annotations

import functools
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, Final

from career.errors import InvalidInput
from career.journal.document import FORMATS, SourceFile
from career.journal.parser import day_from_name

__all__ = ["NOTE_EXTENSIONS", "daily_note_pattern", "discover", "read_daily_notes_config"]

NOTE_EXTENSIONS: Final = (".md", ".markdown", ".txt", ".json")
"""The files in a folder that count as notes (and are counted when skipped)."""

_SKIPPED_DIRS: Final = frozenset({"logseq", "node_modules", "__pycache__"})

_DAY_LINK: Final = re.compile(rb"^[ \t]*\[\[\d{4}-\d{2}-\d{2}\]\][ \t]*\r?$", re.MULTILINE)
_DATE_HEADING: Final = re.compile(
    rb"^ {0,3}#{1,6}[ \t]+\[{0,2}(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})"
    rb"(?!\d)",
    re.MULTILINE,
)
_JRNL_LINE: Final = re.compile(rb"^\[\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}", re.MULTILINE)
_LOGSEQ_NAME: Final = re.compile(r"^\d{4}_\d{2}_\d{2}$")
_NOT_DIGIT: Final = re.compile(r"\D")

# --- the daily-note format (moment.js tokens) ----------------------------------------------------

_MONTHS: Final = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# token -> (group name or None, pattern); longest tokens first.
_TOKENS: Final[tuple[tuple[str, str | None, str], ...]] = (
    ("YYYY", "Y", r"\d{4}"),
    ("MMMM", "B", r"[A-Za-z]+"),
    ("dddd", None, r"[A-Za-z]+"),
    ("MMM", "b", r"[A-Za-z]{3}"),
    ("ddd", None, r"[A-Za-z]{3}"),
    ("Do", "d", r"\d{1,2}(?:st|nd|rd|th)"),
    ("YY", "y", r"\d{2}"),
    ("MM", "m", r"\d{2}"),
    ("DD", "d", r"\d{2}"),
    ("dd", None, r"[A-Za-z]{2}"),
    ("M", "m", r"\d{1,2}"),
    ("D", "d", r"\d{1,2}"),
)


def daily_note_pattern(moment_format: str) -> Callable[[str], date | None] | None:
    """A reader of note paths (relative, without extension) written in `moment_format`, or
    None when the format cannot give a date (no year, month or day token)."""
    pattern = ""
    seen: set[str] = set()
    position = 0
    while position < len(moment_format):
        if moment_format[position] == "[":
            end = moment_format.find("]", position)
            if end < 0:
                end = len(moment_format)
            pattern += re.escape(moment_format[position + 1 : end])
            position = end + 1
            continue
        for token, group, regex in _TOKENS:
            if moment_format.startswith(token, position):
                if group is None:
                    pattern += f"(?:{regex})"
                elif group in seen:
                    pattern += f"(?P={group})"
                else:
                    seen.add(group)
                    pattern += f"(?P<{group}>{regex})"
                position += len(token)
                break
        else:
            pattern += re.escape(moment_format[position])
            position += 1
    if not ({"Y", "y"} & seen and {"m", "b", "B"} & seen and "d" in seen):
        return None
    compiled = re.compile(pattern, re.IGNORECASE)

    def read(stem: str) -> date | None:
        match = compiled.fullmatch(stem)
        if match is None:
            return None
        parts = match.groupdict()
        year = int(parts["Y"]) if parts.get("Y") else 2000 + int(parts["y"])
        month = _month(parts)
        if month is None:
            return None
        try:
            return date(year, month, int(_NOT_DIGIT.sub("", parts["d"])))
        except ValueError:
            return None

    return read


def _month(parts: dict[str, Any]) -> int | None:
    if parts.get("m"):
        return int(parts["m"])
    name = (parts.get("B") or parts.get("b") or "").lower()
    for number, month in enumerate(_MONTHS, start=1):
        if name and (name == month or (len(name) == 3 and month.startswith(name))):
            return number
    return None


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def read_daily_notes_config(vault: Path) -> tuple[Path, Callable[[str], date | None]] | None:
    """The daily-note folder and name reader from ``.obsidian/daily-notes.json``, or None."""
    config = vault / ".obsidian" / "daily-notes.json"
    try:
        data: Any = json.loads(config.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    folder = _text(data, "folder")
    moment_format = _text(data, "format")
    reader = daily_note_pattern(moment_format.strip() or "YYYY-MM-DD")
    if reader is None:
        return None
    return (vault / folder.strip().strip("/")).resolve(), reader


# --- detection -----------------------------------------------------------------------------------


def _stem(relative: str) -> str:
    lowered = relative.lower()
    for extension in NOTE_EXTENSIONS:
        if lowered.endswith(extension):
            return relative[: -len(extension)]
    return relative


class _Detector:
    """Tells the format of one file (and its day, for a file per day).

    Works on path strings where it can (a vault holds thousands of notes): `path` is a file's
    absolute path, `folder` the folder it is in and `name` its name, as the walk found them."""

    def __init__(self, config: tuple[Path, Callable[[str], date | None]] | None) -> None:
        self.config = config
        self._prefix = ""
        if config is not None:
            folder = str(config[0])
            self._prefix = os.path.normcase(folder if folder.endswith(os.sep) else folder + os.sep)

    def named_day(self, path: str, folder: Path, name: str) -> tuple[str, date] | None:
        """(format, day) when the file's name is a daily note's."""
        if not name.lower().endswith((".md", ".markdown")):
            return None
        if self.config is not None and os.path.normcase(path).startswith(self._prefix):
            relative = path[len(self._prefix) :]
            if os.sep != "/":
                relative = relative.replace(os.sep, "/")
            day = self.config[1](_stem(relative))
            if day is not None:
                return "obsidian", day
        day = day_from_name(name)
        if day is None:
            return None
        if folder.name.lower() == "journals" and (
            _LOGSEQ_NAME.match(_stem(name)) or _is_logseq_graph(folder.parent)
        ):
            return "logseq", day
        return "obsidian", day

    def by_content(self, path: str, name: str) -> str | None:
        data = _read(path)
        if name.lower().endswith(".json"):
            return "jrnl-json" if _is_jrnl_json(data) else None
        first = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:40]
        if _JRNL_LINE.match(first):
            return "jrnl"
        if _DAY_LINK.search(data) or _DATE_HEADING.search(data):
            return "daily-log"
        if _JRNL_LINE.search(data):
            return "jrnl"
        return None

    def detect(self, path: str, folder: Path, name: str) -> tuple[str, date | None] | None:
        named = self.named_day(path, folder, name)
        if named is not None:
            return named
        found = self.by_content(path, name)
        return None if found is None else (found, None)

    def fits(
        self, path: str, folder: Path, name: str, wanted: str
    ) -> tuple[str, date | None] | None:
        """(wanted, day) when the file can be read as `wanted`, None otherwise."""
        if wanted in ("obsidian", "logseq"):
            named = self.named_day(path, folder, name)
            return None if named is None else (wanted, named[1])
        data = _read(path)
        if wanted == "jrnl-json":
            return (wanted, None) if _is_jrnl_json(data) else None
        if wanted == "jrnl":
            return (wanted, None) if _JRNL_LINE.search(data) else None
        if _DAY_LINK.search(data) or _DATE_HEADING.search(data):
            return wanted, None
        return None


@functools.lru_cache(maxsize=64)
def _is_logseq_graph(folder: Path) -> bool:
    """Whether `folder` is a Logseq graph (it has Logseq's ``logseq/config.edn``)."""
    return (folder / "logseq" / "config.edn").is_file()


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror or error}") from None


def _is_jrnl_json(data: bytes) -> bool:
    try:
        loaded: Any = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return False
    return isinstance(loaded, dict) and isinstance(loaded.get("entries"), list)


def _walk(folder: Path) -> Iterator[tuple[str, Path, str, str]]:
    """Note files under `folder`, hidden folders and Logseq's own folder left out, in order:
    (its absolute path, the folder it is in, its name, its path below `folder` with ``/``).
    Strings, not a Path per file: a vault holds thousands of notes. Only regular files (or
    links to them): a FIFO named like a note would block its reader forever, a device never
    end; and only names that are UTF-8 text, which a database can store."""
    top = str(folder)
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS)
        below = root[len(top) :].lstrip(os.sep)
        if below:
            below = below.replace(os.sep, "/") + "/"
        here = Path(root)
        prefix = root if root.endswith(os.sep) else root + os.sep
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(NOTE_EXTENSIONS):
                try:
                    name.encode("utf-8")  # bytes that are not UTF-8 come as lone surrogates
                    if not stat.S_ISREG(os.stat(prefix + name).st_mode):  # noqa: PTH116 - a string per file
                        continue
                except (UnicodeEncodeError, OSError):
                    continue
                yield prefix + name, here, name, below + name


# --- entry point ---------------------------------------------------------------------------------


def discover(path: Path, format: str = "auto") -> tuple[list[SourceFile], int]:
    """The journal files under `path` (a file or a folder/vault) and how many files were
    skipped as not being daily notes. Raises InvalidInput for a missing path, a folder with no
    notes, or a --format that does not fit."""
    if format != "auto" and format not in FORMATS:
        raise InvalidInput(f"unknown journal format {format!r}: use auto, {', '.join(FORMATS)}")
    if not path.exists():
        raise InvalidInput(f"no such file or folder: {path}")
    root = path.resolve()
    if root.is_file():
        detector = _Detector(None)
        where = (str(root), root.parent, root.name)
        found = detector.detect(*where) if format == "auto" else detector.fits(*where, format)
        if found is None:
            if format == "auto":
                raise InvalidInput(
                    f"{root.name} is not a journal: no date in its name and no day lines"
                    " ([[YYYY-MM-DD]], a date heading or [YYYY-MM-DD HH:MM]) in it"
                )
            raise InvalidInput(f"{root.name} is not a {format} journal")
        return [SourceFile(root, root.name, found[0], found[1])], 0
    if not root.is_dir():
        raise InvalidInput(f"{path} is neither a file nor a folder")
    detector = _Detector(read_daily_notes_config(root))
    sources: list[SourceFile] = []
    skipped = 0
    for file, folder, name, relative in _walk(root):
        where = (file, folder, name)
        found = detector.detect(*where) if format == "auto" else detector.fits(*where, format)
        if found is None:
            skipped += 1
            continue
        sources.append(SourceFile(folder / name, relative, found[0], found[1]))
    if not sources:
        kind = "daily notes" if format == "auto" else f"{format} notes"
        raise InvalidInput(f"no {kind} in {path} ({skipped} other files skipped)")
    return sources, skipped
