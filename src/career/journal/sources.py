"""Find the journal files under a path and tell their format (filesystem only, no database).

Decisions:

- A file given by name must be a journal (auto-detected or of the forced format); a folder is
  walked (hidden folders such as ``.obsidian``, ``.git`` and ``.trash``, and Logseq's own
  ``logseq/`` folder, are not) and its note files (``.md``, ``.markdown``, ``.txt``, ``.json``,
  and ``.orig`` copies of them) that are not journals are skipped and named with the reason:
  not daily notes, conflict copy (``2024-04-19 (1).md``, ``... conflicted copy ...``,
  ``.sync-conflict-...``, ``.orig``), duplicate day. Other files (images, PDFs) are not listed.
- A Logseq graph is found by its ``logseq/config.edn``, in the folder given or, when the folder
  given is the graph's journals folder, beside it: its ``:journals-directory`` (default
  ``journals``) and ``:journal/file-name-format`` (default ``yyyy_MM_dd``) tell which files are
  journal pages; every other page of the graph is not a daily note.
- Detection, per file: a name that is a date (``2024-04-19.md``; the vault's daily-note format
  from ``.obsidian/daily-notes.json``, or from the periodic-notes plugin when its daily notes
  are on) is an Obsidian daily note, or a Logseq journal page when it sits in a ``journals``
  folder and is named ``YYYY_MM_DD`` or the folder belongs to a Logseq graph. Otherwise the
  content decides: a ``.json`` file with an ``"entries"`` list is a jrnl export; a file that
  opens with ``[YYYY-MM-DD HH:MM]`` is a jrnl journal; a file given by name with day lines or
  date headings (any form career.journal.parser reads) is a single-file daily log; then any
  ``[YYYY-MM-DD HH:MM]`` line makes it jrnl. In a folder, a page with dated headings is a topic
  page, not a daily log: it is read as one only when named, or with ``--from daily-log``.
- Two files of one day in one folder given (``2022-03-02.md`` and ``2022_03_02.md``) are one
  entry: the file named ``YYYY-MM-DD`` (or in the vault's daily-note format) first, then the
  others by name; the later ones are listed as "duplicate day".
- A file that cannot be read is skipped and named ("unreadable") unless `strict`.
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
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, Final

from career.errors import InvalidInput
from career.journal.document import FORMATS, SkippedFile, SourceFile
from career.journal.parser import day_from_name

__all__ = [
    "NOTE_EXTENSIONS",
    "daily_note_pattern",
    "discover",
    "logseq_name_pattern",
    "read_daily_notes_config",
]

NOTE_EXTENSIONS: Final = (".md", ".markdown", ".txt", ".json")
"""The files in a folder that count as notes (and are counted when skipped)."""

_SKIPPED_DIRS: Final = frozenset({"logseq", "node_modules", "__pycache__"})

_DAY_LINK: Final = re.compile(rb"^[ \t]*\[\[\d{4}-\d{2}-\d{2}\]\][ \t]*\r?$", re.MULTILINE)
_JRNL_LINE: Final = re.compile(rb"^\[\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}", re.MULTILINE)
# A line that may open a day (a heading, a bold line or a [[link]] line with a digit in it):
# only a file with one is read line by line with the parser's rule.
_DAY_HINT: Final = re.compile(rb"^[ \t]*(?:#{1,6}[ \t]|\*\*|__|\[\[).{0,40}\d", re.MULTILINE)
_ORIG_EXTENSIONS: Final = tuple(f"{extension}.orig" for extension in (".md", ".markdown", ".txt"))
_LOGSEQ_NAME: Final = re.compile(r"^\d{4}_\d{2}_\d{2}$")
_CONFLICT: Final = re.compile(
    r"(?:sync-conflict|conflicted copy|\bconflict\b|[ _]\(\d{1,3}\)$|\.orig$|[ _-]copy$|~$)",
    re.IGNORECASE,
)
"""A file name stem (or name) of a copy left by a sync or merge tool."""
_ISO_STEM: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")
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


def _json_file(path: Path) -> dict[str, Any] | None:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def read_daily_notes_config(vault: Path) -> tuple[Path, Callable[[str], date | None]] | None:
    """The daily-note folder and name reader from the periodic-notes plugin's settings when its
    daily notes are on, else from ``.obsidian/daily-notes.json``; None without either."""
    periodic = _json_file(vault / ".obsidian" / "plugins" / "periodic-notes" / "data.json")
    daily = periodic.get("daily") if periodic is not None else None
    if isinstance(daily, dict) and daily.get("enabled") is True:
        data: dict[str, Any] | None = daily
    else:
        data = _json_file(vault / ".obsidian" / "daily-notes.json")
    if data is None:
        return None
    folder = _text(data, "folder")
    moment_format = _text(data, "format")
    reader = daily_note_pattern(moment_format.strip() or "YYYY-MM-DD")
    if reader is None:
        return None
    return (vault / folder.strip().strip("/")).resolve(), reader


# --- Logseq graphs ------------------------------------------------------------------------------

# Java date-format letters (what Logseq's :journal/file-name-format uses) -> moment.js tokens.
_JAVA_TOKENS: Final = re.compile(r"'[^']*'|y+|M+|d+|E+|[A-Za-z]+|[^A-Za-z']+")
_JAVA_TO_MOMENT: Final = {
    "yyyy": "YYYY",
    "yy": "YY",
    "MMMM": "MMMM",
    "MMM": "MMM",
    "MM": "MM",
    "M": "M",
    "dd": "DD",
    "d": "D",
    "EEEE": "dddd",
    "EEE": "ddd",
    "E": "ddd",
}


def _edn_string(text: str, key: str) -> str | None:
    """The string value of a top-level-looking ``:key "value"`` pair of an EDN file; a line
    commented out with ``;`` does not count. (Two plain string settings are all career reads.)"""
    found = re.search(rf'^[ \t{{,]*:{re.escape(key)}[ \t]+"(?P<value>[^"\n]*)"', text, re.MULTILINE)
    return None if found is None else found["value"]


def logseq_name_pattern(java_format: str) -> Callable[[str], date | None] | None:
    """A reader of journal page names written in Logseq's `java_format` (``yyyy_MM_dd``)."""
    moment = ""
    for token in _JAVA_TOKENS.findall(java_format):
        if token.startswith("'"):
            moment += f"[{token.strip(chr(39))}]"
        elif token in _JAVA_TO_MOMENT:
            moment += _JAVA_TO_MOMENT[token]
        elif token[0].isalpha():
            return None
        else:
            moment += f"[{token}]"
    return daily_note_pattern(moment)


def _logseq_graph(root: Path) -> tuple[Path, Callable[[str], date | None]] | None:
    """When `root` is a Logseq graph, or its journals folder: the journals folder and the
    reader of its page names."""
    for graph in (root, root.parent):
        try:
            text = (graph / "logseq" / "config.edn").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        folder = (_edn_string(text, "journals-directory") or "journals").strip().strip("/")
        journals = (graph / (folder or "journals")).resolve()
        if graph != root and journals != root:
            continue
        written = _edn_string(text, "journal/file-name-format") or "yyyy_MM_dd"
        reader = logseq_name_pattern(written) or logseq_name_pattern("yyyy_MM_dd")
        assert reader is not None
        return journals, reader
    return None


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

    def __init__(
        self,
        config: tuple[Path, Callable[[str], date | None]] | None,
        logseq: tuple[Path, Callable[[str], date | None]] | None = None,
    ) -> None:
        self.config = config
        self.logseq = logseq
        self._prefix = _prefix(config[0]) if config is not None else ""
        self._journals = _prefix(logseq[0]) if logseq is not None else ""

    def named_day(self, path: str, folder: Path, name: str) -> tuple[str, date] | None:
        """(format, day) when the file's name is a daily note's."""
        if not name.lower().endswith((".md", ".markdown")):
            return None
        if self.logseq is not None:
            # A Logseq graph: its journal pages are the days, every other page is a page.
            if not os.path.normcase(path).startswith(self._journals):
                return None
            relative = path[len(self._journals) :].replace(os.sep, "/")
            day = self.logseq[1](_stem(relative)) or day_from_name(name)
            return None if day is None else ("logseq", day)
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

    def by_content(self, path: str, name: str, *, named: bool) -> str | None:
        """The format the content tells; a single-file daily log only for a file given by
        name (`named`): in a folder, a page with dated headings is a topic page."""
        data = _read(path)
        if name.lower().endswith(".json"):
            return "jrnl-json" if _is_jrnl_json(data) else None
        data = _utf8(data)
        first = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:40]
        if _JRNL_LINE.match(first):
            return "jrnl"
        if named and _opens_days(data):
            return "daily-log"
        if _JRNL_LINE.search(data):
            return "jrnl"
        return None

    def detect(
        self, path: str, folder: Path, name: str, *, named: bool = False
    ) -> tuple[str, date | None] | None:
        named_day = self.named_day(path, folder, name)
        if named_day is not None:
            return named_day
        if self.logseq is not None and not named:
            return None  # a page of a Logseq graph
        found = self.by_content(path, name, named=named)
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
        data = _utf8(data)
        if wanted == "jrnl":
            return (wanted, None) if _JRNL_LINE.search(data) else None
        if _opens_days(data):
            return wanted, None
        return None


def _prefix(folder: Path) -> str:
    text = str(folder)
    return os.path.normcase(text if text.endswith(os.sep) else text + os.sep)


def _utf8(data: bytes) -> bytes:
    """UTF-16 text (with its BOM) as UTF-8, for the byte patterns; other bytes as they are."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return data
    return data


def _opens_days(data: bytes) -> bool:
    """Whether some line opens a day of a single-file log (career.journal.parser's rule)."""
    from career.journal.parser import opens_days

    if not (_DAY_LINK.search(data) or _DAY_HINT.search(data)):
        return False
    return opens_days(data.decode("utf-8", errors="replace"))


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
            lowered = name.lower()
            if not name.startswith(".") and (
                lowered.endswith(NOTE_EXTENSIONS) or lowered.endswith(_ORIG_EXTENSIONS)
            ):
                try:
                    name.encode("utf-8")  # bytes that are not UTF-8 come as lone surrogates
                    if not stat.S_ISREG(os.stat(prefix + name).st_mode):  # noqa: PTH116 - a string per file
                        continue
                except (UnicodeEncodeError, OSError):
                    continue
                yield prefix + name, here, name, below + name


def _conflict_copy(name: str) -> bool:
    return bool(_CONFLICT.search(_stem(name)))


def _merged(sources: list[SourceFile], skipped: list[SkippedFile]) -> list[SourceFile]:
    """One source per day of a file per day: the others of that day are merged into the first
    (named ``YYYY-MM-DD``, or as the daily-note format says, first; then by name)."""
    by_day: dict[tuple[str, date], list[SourceFile]] = {}
    for source in sources:
        if source.day is not None and source.format in ("obsidian", "logseq"):
            by_day.setdefault((source.format, source.day), []).append(source)
    merged: dict[Path, SourceFile] = {}
    dropped: set[Path] = set()
    for group in by_day.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda s: (not _ISO_STEM.match(_stem(s.path.name)), s.name))
        first, rest = group[0], group[1:]
        merged[first.path] = replace(
            first,
            merged=tuple(s.path for s in rest),
            merged_names=tuple(s.name for s in rest),
        )
        for other in rest:
            dropped.add(other.path)
            skipped.append(SkippedFile(other.name, "duplicate day", f"merged into {first.name}"))
    return [merged.get(s.path, s) for s in sources if s.path not in dropped]


# --- entry point ---------------------------------------------------------------------------------


def discover(
    path: Path, format: str = "auto", *, strict: bool = False
) -> tuple[list[SourceFile], list[SkippedFile]]:
    """The journal files under `path` (a file or a folder/vault) and the note files skipped,
    each with its reason. Raises InvalidInput for a missing path, a folder with no notes, a
    --format that does not fit, or (with `strict`, or for a file given by name) a file that
    cannot be read."""
    if format != "auto" and format not in FORMATS:
        raise InvalidInput(f"unknown journal format {format!r}: use auto, {', '.join(FORMATS)}")
    if not path.exists():
        raise InvalidInput(f"no such file or folder: {path}")
    root = path.resolve()
    if root.is_file():
        detector = _Detector(None, _logseq_graph(root.parent))
        where = (str(root), root.parent, root.name)
        found = (
            detector.detect(*where, named=True)
            if format == "auto"
            else detector.fits(*where, format)
        )
        if found is None:
            if format == "auto":
                raise InvalidInput(
                    f"{root.name} is not a journal: no date in its name and no day lines"
                    " ([[YYYY-MM-DD]], a date heading or [YYYY-MM-DD HH:MM]) in it"
                )
            raise InvalidInput(f"{root.name} is not a {format} journal")
        return [SourceFile(root, root.name, found[0], found[1])], []
    if not root.is_dir():
        raise InvalidInput(f"{path} is neither a file nor a folder")
    detector = _Detector(read_daily_notes_config(root), _logseq_graph(root))
    sources: list[SourceFile] = []
    skipped: list[SkippedFile] = []
    for file, folder, name, relative in _walk(root):
        if _conflict_copy(name):
            skipped.append(SkippedFile(relative, "conflict copy"))
            continue
        where = (file, folder, name)
        try:
            found = detector.detect(*where) if format == "auto" else detector.fits(*where, format)
        except InvalidInput as error:
            if strict:
                raise
            skipped.append(SkippedFile(relative, "unreadable", error.message))
            continue
        if found is None:
            skipped.append(SkippedFile(relative, "not daily notes"))
            continue
        sources.append(SourceFile(folder / name, relative, found[0], found[1]))
    sources = _merged(sources, skipped)
    if not sources:
        kind = "daily notes" if format == "auto" else f"{format} notes"
        hint = (
            " (a page with dated headings is read as a daily log when you name the file or"
            " give --from daily-log)"
            if format == "auto"
            else ""
        )
        raise InvalidInput(f"no {kind} in {path} ({len(skipped)} other files skipped){hint}")
    return sources, skipped
