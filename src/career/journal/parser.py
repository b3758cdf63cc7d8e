"""Read journal text into days (`Entry`) and their lines (`Item`); pure, no I/O.

Decisions:

- Days are split line by line before anything Markdown-ish: in the user's file a
  ``[[2024-04-18]]`` line directly follows a bullet, and a Markdown parser would fold it into
  that bullet. A single-file log opens a day with a line that is only ``[[YYYY-MM-DD]]``, or a
  heading that starts with a date (``## 2024-04-19``, ``#### 19-04-2024, Friday``: day first when
  the year is last, unless only month first agrees with a weekday written beside it). Lines
  before the first day are ignored. An impossible date in a day line is an error, never a
  silent merge into the day before.
- A line that is only a section word (``Goals:``, ``Goal:``, ``Todo:``, ``Plan:``, ``Done:``,
  ``Did:``, ``Completed:``, ``Notes:``, optionally as a heading or in bold) opens a section for
  the lines after it. A heading that is a plan by the words of career.journal.scope ("## Next
  week", "## Plan for the weekend") opens a goal section too, until the next heading; so does a
  paragraph of at most 80 characters that ends with a colon and introduces a list ("Goals for
  the week:", "Q3 goals:", "Prep for the DeepMind research engineer loop on Thursday:").
  Lines in a fenced code block and blockquote lines are items marked `quoted`; a task
  keeps its marker as written (``[ ]``, ``[x]``, ``[/]``, TODO, NOW, DONE, ...). Front matter
  ``tags:`` and a Logseq ``tags::`` page property are the day's tags.
  In a day with no section line, bullets are ``done`` and plain text lines
  are ``note``. Checkboxes (``- [ ]``, ``- [x]``) and Logseq markers (TODO, DOING, NOW, LATER,
  WAITING, DONE, CANCELED) are ``task`` items; only ``[x]`` and DONE are checked.
- Indentation (a tab counts as four spaces) nests bullets: an item's parent is the nearest
  item above it that is indented less. A child takes its parent's section (a task stays a
  task). An indented line of plain text under a bullet is a child of it. Empty bullets,
  empty checkboxes and lines with no letter or digit (``---``) are not items.
- Item text is the line without its indentation, bullet, checkbox or marker; links, bare URLs,
  ``code`` and ``![[embeds]]`` are kept as written.
- Obsidian and Logseq: one file per day. YAML front matter that loads as a mapping is metadata,
  not items; front matter that is not valid YAML is read as ordinary text. Logseq property lines
  (``key:: value``), SCHEDULED/DEADLINE lines and ``:LOGBOOK:`` drawers are not items.
- jrnl: ``[YYYY-MM-DD HH:MM] Title`` (seconds and AM/PM allowed) opens an entry; its title is an
  item (a note) and its body lines follow. In jrnl's JSON export every item cites the line of
  its entry's title (the body is one JSON string).
- A date that occurs twice in one source is one Entry: its lines in file order, its text the
  parts joined by a blank line, its line the first occurrence.

`masked` and `link_targets` are the shared rule for "text that counts": skills and
organization names are never matched inside URLs, Markdown link targets or embeds (the text of
a Markdown link counts).
"""

from __future__ import annotations

import bisect
import codecs
import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import PurePosixPath
from typing import Any, Final

from career.errors import InvalidInput
from career.journal.document import Entry, Item, SourceFile

__all__ = ["day_from_name", "decode", "link_targets", "masked", "opens_days", "parse"]

# --- decoding ------------------------------------------------------------------------------------


_UTF16_BOMS: Final = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode(data: bytes, name: str) -> str:
    """Text with BOM removed, CRLF/CR turned into LF and NUL characters dropped (no database
    stores them; career refuses them wherever text comes in): UTF-8 (with or without BOM) or
    UTF-16 with its BOM. Bytes that do not decode raise InvalidInput naming `name` and the
    byte offset."""
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InvalidInput(f"{name}: not valid UTF-16 at byte {error.start}") from None
        return _lines(text.lstrip("\ufeff"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            f"{name}: not valid UTF-8 at byte {error.start} (save the file as UTF-8)"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return _lines(text)


def _lines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "") if "\x00" in text else text


# --- text that counts ----------------------------------------------------------------------------

_EMBED: Final = re.compile(r"!\[\[[^\]\n]*\]\]")
# Link targets and URLs may hold one level of balanced parentheses (Wikipedia's "X_(y)").
_MD_TARGET: Final = re.compile(r"\]\((?P<target>(?:[^()\s]|\([^()\s]*\))*)(?:\s+\"[^\"\n]*\")?\)")
_REF_TARGET: Final = re.compile(r"\]\[(?P<target>[^\]\n]*)\]")
_BARE_URL: Final = re.compile(
    r"(?:https?://|www\.)(?>[^\s<>\[\]()\"'`]+|\([^\s<>\[\]()\"'`]*\))+", re.IGNORECASE
)
_URL_TRAILING: Final = ".,;:!?*_"
_URLISH: Final = re.compile(r"^(?:https?://|www\.)", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _spans(text: str) -> tuple[tuple[int, int, str | None], ...]:
    """Spans of `text` that do not count as words, each with the URL it holds (if any).
    Cached: the skills and the linker both read every line."""
    # Each pattern opens with a mark of its own: a line without the mark is not scanned for it.
    lowered = text.lower()
    urls = "http" in lowered or "www." in lowered
    if not urls and "](" not in text and "][" not in text and "![[" not in text:
        return ()
    # Kept sorted and without overlaps, so that whether a match is free is two comparisons
    # (a line of thousands of URLs is linear, not quadratic).
    spans: list[tuple[int, int, str | None]] = []
    starts: list[int] = []

    def free(start: int, end: int) -> bool:
        at = bisect.bisect_right(starts, start)
        if at and spans[at - 1][1] > start:
            return False
        return at == len(spans) or spans[at][0] >= end

    def take(start: int, end: int, url: str | None) -> None:
        at = bisect.bisect_right(starts, start)
        starts.insert(at, start)
        spans.insert(at, (start, end, url))

    if "![[" in text:
        for match in _EMBED.finditer(text):
            take(match.start(), match.end(), None)
    for pattern, mark in ((_MD_TARGET, "]("), (_REF_TARGET, "][")):
        if mark not in text:
            continue
        for match in pattern.finditer(text):
            if free(match.start(), match.end()):
                target = match.group("target")
                url = target if _URLISH.match(target) else None
                take(match.start(), match.end(), url)
    if urls:
        for match in _BARE_URL.finditer(text):
            url = match.group().rstrip(_URL_TRAILING)
            end = match.start() + len(url)
            if url and free(match.start(), end):
                take(match.start(), end, url)
    return tuple(spans)


@functools.lru_cache(maxsize=4096)
def masked(text: str) -> str:
    """`text` with URLs, link targets and embeds blanked out (same length, same offsets)."""
    spans = _spans(text)
    if not spans:
        return text
    pieces: list[str] = []
    at = 0
    for start, end, _ in spans:
        pieces += (text[at:start], " " * (end - start))
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def link_targets(text: str) -> list[str]:
    """The web addresses in `text`, in order: Markdown link targets and bare URLs."""
    return [url for _, _, url in _spans(text) if url]


# --- dates in names and day lines ----------------------------------------------------------------

_NOTE_EXTENSIONS: Final = (".md", ".markdown", ".txt")
_WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_NAME_DATE: Final = re.compile(
    r"^(?P<y>\d{4})(?P<sep>[-_.]?)(?P<m>\d{2})(?P=sep)(?P<d>\d{2})(?:[ ,]+[A-Za-z]+)?$"
)
_DAY_LINK: Final = re.compile(r"^\s*\[\[(\d{4})-(\d{2})-(\d{2})\]\]\s*$")
_HEADING_LINE: Final = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<rest>.*)$")


def _heading_text(line: str) -> str | None:
    """A Markdown heading's text without its marks (``## Done ##`` -> ``Done``), or None."""
    found = _HEADING_LINE.match(line)
    if found is None:
        return None
    return found["rest"].rstrip(" \t").rstrip("#").rstrip(" \t")


_HEADING_ISO: Final = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
_HEADING_NUMERIC: Final = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?!\d)")
_DATE_SHAPE: Final = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}(?!\d)")
"""Digits that look like a date (read or not): a heading opening with them is a day's."""
_LETTERS: Final = r"[^\W\d_]+"
_WORD_DATE: Final = re.compile(
    rf"^(?:(?P<weekday>{_LETTERS})\.?,?[ \t]+)?(?:"
    rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th|er|\.)?,?[ \t]+(?:(?:de|of)[ \t]+)?"
    rf"(?P<m1>{_LETTERS})\.?,?[ \t]+(?:(?:de|del)[ \t]+)?(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_LETTERS})\.?[ \t]+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?[ \t]+(?P<y2>\d{{4}})"
    r")(?!\d)",
    re.IGNORECASE,
)
_DATE_DECORATION: Final = "*_[ \t"
_WEEKDAY_WORD: Final = re.compile(
    r"\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\b", re.IGNORECASE
)
_NAME_LOCALES: Final = ("en", "de", "fr", "es", "it", "pt", "nl")
"""The languages whose month and weekday names a date heading may use (CLDR, through Babel)."""


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def day_from_name(name: str) -> date | None:
    """The day a daily note's file name gives (``2024-04-19.md``, ``2024_04_19.md``,
    ``20240419.md``), or None when the name is not a date."""
    stem = PurePosixPath(name).name if "/" in name else name  # a bare name is its own
    for extension in _NOTE_EXTENSIONS:
        if stem.lower().endswith(extension):
            stem = stem[: -len(extension)]
            break
    match = _NAME_DATE.match(stem)
    if match is None:
        return None
    return _date(int(match["y"]), int(match["m"]), int(match["d"]))


def _name_key(word: str) -> str:
    """A month or weekday name folded for lookup: case, accents and a final dot ignored."""
    folded = unicodedata.normalize("NFKD", word.casefold().rstrip("."))
    return "".join(char for char in folded if not unicodedata.combining(char))


@functools.lru_cache(maxsize=1)
def _calendar_names() -> tuple[dict[str, int], dict[str, int]]:
    """(month name -> 1..12, weekday name -> 0..6) in the languages of `_NAME_LOCALES`: wide and
    abbreviated names, and any prefix of three letters or more of a wide name that belongs to
    one month (one weekday) only ("Sept", "Tues"). A name two languages disagree on is left
    out. Loaded on the first heading that reads like a written-out date."""
    from babel.dates import get_day_names, get_month_names

    def table(names: list[tuple[int, str]]) -> dict[str, int]:
        exact: dict[str, set[int]] = {}
        prefixes: dict[str, set[int]] = {}
        for number, name in names:
            key = _name_key(name)
            exact.setdefault(key, set()).add(number)
            for end in range(3, len(key)):
                prefixes.setdefault(key[:end], set()).add(number)
        found = {k: next(iter(v)) for k, v in prefixes.items() if len(v) == 1}
        found.update({k: next(iter(v)) for k, v in exact.items() if len(v) == 1})
        return found

    months: list[tuple[int, str]] = []
    weekdays: list[tuple[int, str]] = []
    for locale in _NAME_LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                months += get_month_names(width, context, locale).items()
                weekdays += get_day_names(width, context, locale).items()
    return table(months), table(weekdays)


@dataclass(frozen=True)
class _DayLine:
    day: date | None
    """None: the line looks like a date but cannot be read."""
    title: str | None


def _numeric_day(rest: str, first: int, second: int, year: int, order: str | None) -> date | None:
    """A year-last numeric date: the reading `order` gives (day first unless "MDY"), or the
    only possible one; a weekday written beside it picks the reading it agrees with."""
    day_first, month_first = _date(year, second, first), _date(year, first, second)
    preferred, other = (month_first, day_first) if order == "MDY" else (day_first, month_first)
    weekday = _WEEKDAY_WORD.search(rest)
    if weekday is not None and other is not None:
        wanted = _WEEKDAYS.index(weekday.group(1)[:3].lower())
        if (preferred is None or preferred.weekday() != wanted) and other.weekday() == wanted:
            return other
    return preferred or other


def _word_day(core: str) -> tuple[bool, date | None]:
    """(whether `core` opens with a written-out date, the date it gives or None)."""
    match = _WORD_DATE.match(core)
    if match is None:
        return False, None
    months, weekdays = _calendar_names()
    if match["weekday"] and _name_key(match["weekday"]) not in weekdays:
        return False, None  # "Meeting 23 April 2024": a heading that mentions a date
    day, month, year = (
        (match["d1"], match["m1"], match["y1"])
        if match["d1"]
        else (match["d2"], match["m2"], match["y2"])
    )
    number = months.get(_name_key(month))
    if number is None:
        # An unknown word where the month goes: a date only when nothing else follows.
        if match["weekday"] or not core[match.end() :].strip(" \t*_]"):
            return True, None
        return False, None
    return True, _date(int(year), number, int(day))


def _date_text(line: str) -> str | None:
    """The text of a line that may open a day: a heading's text, or a line that is all bold or
    all one ``[[link]]``; None for other lines."""
    rest = _heading_text(line)
    if rest is not None:
        return rest
    stripped = line.strip()
    for opening, closing in (("**", "**"), ("__", "__"), ("[[", "]]")):
        if len(stripped) > 4 and stripped.startswith(opening) and stripped.endswith(closing):
            return stripped[2:-2].strip()
    return None


def _day_line(line: str, order: str | None = None) -> _DayLine | None:
    """The day a line of a single-file log opens, None when it opens none; `_DayLine(None, ...)`
    when it looks like a date that cannot be read (an impossible or unknown one)."""
    match = _DAY_LINK.match(line)
    if match is not None:
        return _DayLine(_date(*(int(part) for part in match.groups())), None)
    rest = _date_text(line)
    if rest is None:
        return None
    core = rest.lstrip(_DATE_DECORATION)
    if not core:
        return None
    if core[0].isdigit():
        iso = _HEADING_ISO.match(core)
        if iso is not None:
            return _DayLine(_date(int(iso[1]), int(iso[3]), int(iso[4])), rest)
        numeric = _HEADING_NUMERIC.match(core)
        if numeric is not None:
            first, second, year = int(numeric[1]), int(numeric[3]), int(numeric[4])
            return _DayLine(_numeric_day(core[numeric.end() :], first, second, year, order), rest)
        if _DATE_SHAPE.match(core):
            return _DayLine(None, rest)
    if not core[0].isalnum():
        return None
    looks, found = _word_day(core)
    if not looks:
        return None
    return _DayLine(found, rest)


def opens_days(text: str) -> bool:
    """Whether a line of `text` opens a day of a single-file log (or looks like a date heading
    that cannot be read)."""
    return any(_day_line(line) is not None for line in text.split("\n"))


# --- lines into items ----------------------------------------------------------------------------

_SECTION_WORDS: Final[dict[str, str]] = {
    "goal": "goal",
    "goals": "goal",
    "todo": "goal",
    "todos": "goal",
    "to do": "goal",
    "to-do": "goal",
    "to-dos": "goal",
    "plan": "goal",
    "plans": "goal",
    "planned": "goal",
    "intention": "goal",
    "intentions": "goal",
    "objectives": "goal",
    "done": "done",
    "did": "done",
    "completed": "done",
    "accomplished": "done",
    "accomplishments": "done",
    "achievements": "done",
    "progress": "done",
    "note": "note",
    "notes": "note",
    "log": "note",
}
_SECTION: Final = re.compile(
    r"^ {0,3}(?:#{1,6}[ \t]+)?(?:\*\*|__)?(?P<word>"
    + "|".join(sorted((re.escape(w) for w in _SECTION_WORDS), key=len, reverse=True))
    + r")(?:[ \t]+(?:for[ \t]+)?today)?[ \t]*:?[ \t]*(?:\*\*|__)?[ \t]*:?[ \t]*$",
    re.IGNORECASE,
)
_SECTION_INLINE: Final = re.compile(
    r"^(?P<word>"
    + "|".join(sorted((re.escape(w) for w in _SECTION_WORDS), key=len, reverse=True))
    + r")[ \t]*:[ \t]+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_BULLET: Final = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(?P<content>.*))?$")
_CHECKBOX: Final = re.compile(r"^\[(?P<mark>[^\]\n])\](?:[ \t]+(?P<rest>.*))?$")
_MARKER: Final = re.compile(
    r"^(?P<marker>TODO|DOING|NOW|LATER|WAITING|WAIT|IN-PROGRESS|DONE|CANCELED|CANCELLED)"
    r"(?:[ \t]+(?:\[#[A-C]\][ \t]*)?(?P<rest>.*))?$"
)
_FENCE: Final = re.compile(r"^[ \t]*(?:[-*+][ \t]+)?(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>\S*)")
_PROPERTY: Final = re.compile(r"^[ \t]*(?:[-*][ \t]+)?[A-Za-z][\w.-]*::(?:[ \t]|$)")
_PLANNING: Final = re.compile(r"^[ \t]*(?:SCHEDULED|DEADLINE):[ \t]*<")
_DRAWER_START: Final = re.compile(r"^[ \t]*:[A-Z]+:[ \t]*$")
_DRAWER_END: Final = re.compile(r"^[ \t]*:END:[ \t]*$")
_HAS_WORD: Final = re.compile(r"\w")
_BLOCK_REF: Final = re.compile(r"\(\([0-9a-fA-F-]{36}\)\)")


def _width(indent: str) -> int:
    return len(indent.expandtabs(4))


@dataclass
class _Builder:
    """Items of one day as they are read, with the indentation stack."""

    logseq: bool = False
    items: list[Item] = field(default_factory=list)
    stack: list[tuple[int, int]] = field(default_factory=list)
    section: str | None = None
    in_drawer: bool = False
    fence: str | None = None
    """The opening of the fenced code block the lines are in (``` or ~~~), if any."""
    plan_section: bool = False
    """The current section was opened by a heading that is a plan."""

    def parent_for(self, width: int, *, same_width: bool = False) -> int | None:
        """The item a line indented by `width` belongs to; with `same_width` (plain text under
        a bullet) an item indented as much is a parent too."""
        while self.stack and (
            self.stack[-1][0] > width if same_width else self.stack[-1][0] >= width
        ):
            self.stack.pop()
        return self.stack[-1][1] if self.stack else None

    def add(
        self,
        number: int,
        text: str,
        section: str,
        parent: int | None,
        checked: bool | None,
        marker: str | None = None,
    ) -> int:
        depth = 0 if parent is None else self.items[parent].depth + 1
        if parent is not None and checked is None:
            section = self.items[parent].section
        quoted = self.fence is not None or text.startswith(">")
        self.items.append(Item(number, text, section, depth, parent, checked, marker, quoted))
        return len(self.items) - 1

    def _plan_heading(self, heading: str) -> None:
        """A heading that is a plan ("## Next week", "## Plan for the weekend") opens a goal
        section; the next heading that is not one closes it."""
        from career.journal.scope import line_claim  # pure; loaded with the first heading

        if _LETTER.search(_TAG_WORD.sub("", heading)) is None:
            planned = False  # a date, a number, tags: no words to plan with ("2024-04-19 #log")
        else:
            planned = line_claim(heading).planned
        if planned:
            self.section = "goal"
            self.plan_section = True
        elif self.plan_section:
            self.section = None
            self.plan_section = False

    def _fenced(self, raw: str) -> bool:
        """Track fenced code blocks: True when `raw` opens one or is inside one (a closing
        fence has no word, so it is no item either way)."""
        match = _FENCE.match(raw)
        if self.fence is None:
            if match is not None:
                self.fence = match["fence"][0] * 3
            return self.fence is not None
        if match is not None and match["fence"].startswith(self.fence) and not match["info"]:
            self.fence = None
        return True

    def line(self, number: int, raw: str) -> None:
        if self.logseq:
            if self._logseq_skip(raw):
                return
            if "((" in raw:  # a block reference is a pointer, not the user's words
                raw = _BLOCK_REF.sub("", raw).rstrip()
        if not raw.strip():
            return
        if self._fenced(raw):
            self._text(number, raw)
            return
        section = _SECTION.match(raw)
        if section is not None:
            self.section = _SECTION_WORDS[section["word"].lower()]
            self.stack.clear()
            return
        inline = _SECTION_INLINE.match(raw)
        if inline is not None:
            # "Done: read the DPO paper": the section opens and its first line follows.
            self.section = _SECTION_WORDS[inline["word"].lower()]
            self.stack.clear()
            raw = inline["rest"]
        bullet = _BULLET.match(raw)
        if bullet is not None:
            self._bullet(number, _width(bullet["indent"]), (bullet["content"] or "").rstrip())
            return
        self._text(number, raw)

    def _logseq_skip(self, raw: str) -> bool:
        if self.in_drawer:
            if _DRAWER_END.match(raw):
                self.in_drawer = False
            return True
        if _DRAWER_START.match(raw) and not _DRAWER_END.match(raw):
            self.in_drawer = True
            return True
        return bool(_PROPERTY.match(raw) or _PLANNING.match(raw))

    def _bullet(self, number: int, width: int, content: str) -> None:
        checked: bool | None = None
        mark: str | None = None
        box = _CHECKBOX.match(content)
        if box is not None:
            checked = box["mark"] in "xX"
            mark = f"[{box['mark'].lower() if checked else box['mark']}]"
            content = (box["rest"] or "").rstrip()
        elif self.logseq:
            marker = _MARKER.match(content)
            if marker is not None:
                checked = marker["marker"] == "DONE"
                mark = marker["marker"]
                content = (marker["rest"] or "").rstrip()
        if not _HAS_WORD.search(content):
            return
        parent = self.parent_for(width)
        section = "task" if checked is not None else (self.section or "done")
        index = self.add(number, content, section, parent, checked, mark)
        self.stack.append((width, index))

    def _text(self, number: int, raw: str) -> None:
        width = _width(raw[: len(raw) - len(raw.lstrip(" \t"))])
        content = raw.strip()
        heading = _heading_text(raw) if self.fence is None else None
        if heading is not None:
            content = heading
            self._plan_heading(heading)
        elif width == 0 and content.endswith(":") and len(content) <= _LABEL_LENGTH:
            # A paragraph that introduces a list is a heading too: "Goals for the week:".
            self._plan_heading(content[:-1])
        if not _HAS_WORD.search(content):
            return
        checked: bool | None = None
        mark: str | None = None
        if self.logseq:
            marker = _MARKER.match(content)
            if marker is not None:
                checked = marker["marker"] == "DONE"
                mark = marker["marker"]
                content = (marker["rest"] or "").rstrip()
                if not _HAS_WORD.search(content):
                    return
        if width > 0 and self.stack and heading is None:
            parent = self.parent_for(width, same_width=True)
        else:
            self.stack.clear()
            parent = None
        section = "task" if checked is not None else (self.section or "note")
        self.add(number, content, section, parent, checked, mark)


_LABEL_LENGTH: Final = 80
"""A plain text line of at most this many characters ending with a colon introduces the list
under it, as a heading does ("Goals for the week:", "Q3 goals:")."""
_LETTER: Final = re.compile(r"[^\W\d_]")
_TAG_WORD: Final = re.compile(r"#[\w/-]+")


def _items(lines: list[tuple[int, str]], *, logseq: bool = False) -> list[Item]:
    builder = _Builder(logseq=logseq)
    for number, raw in lines:
        builder.line(number, raw)
    return builder.items


# --- days ----------------------------------------------------------------------------------------


@dataclass
class _Day:
    """One run of lines that belongs to a day: its opening line and the body after it."""

    day: date
    line: int
    header: str | None
    body: list[tuple[int, str]] = field(default_factory=list)
    title: str | None = None


def _join(text_lines: list[str]) -> str:
    return "\n".join(text_lines).strip("\n")


def _shifted(items: list[Item] | tuple[Item, ...], offset: int) -> tuple[Item, ...]:
    if not offset:
        return tuple(items)
    return tuple(
        item if item.parent is None else replace(item, parent=item.parent + offset)
        for item in items
    )


def _merge(earlier: Entry | None, later: Entry) -> Entry:
    """A date that occurs again: one Entry, the later part's items after the earlier's."""
    if earlier is None:
        return later
    return Entry(
        earlier.day,
        earlier.line,
        f"{earlier.text}\n\n{later.text}",
        earlier.items + _shifted(later.items, len(earlier.items)),
        earlier.title or later.title,
    )


def _entries(parts: list[_Day], *, title_items: bool = False) -> list[Entry]:
    """One Entry per date (oldest first). With `title_items` (jrnl) a title is an item too."""
    merged: dict[date, Entry] = {}
    for part in parts:
        items: list[Item] = []
        if title_items and part.title and _HAS_WORD.search(part.title):
            items.append(Item(part.line, part.title, "note", 0, None, None))
        items.extend(_shifted(_items(part.body), len(items)))
        head = [] if part.header is None else [part.header]
        text = _join(head + [raw for _, raw in part.body])
        entry = Entry(part.day, part.line, text, tuple(items), part.title)
        merged[part.day] = _merge(merged.get(part.day), entry)
    return sorted(merged.values(), key=lambda entry: entry.day)


def _daily_log(
    text: str, source: SourceFile, order: str | None, warnings: list[str]
) -> list[Entry]:
    parts: list[_Day] = []
    reading = False  # False before the first day and under a date that cannot be read
    for number, raw in enumerate(text.split("\n"), start=1):
        opened = _day_line(raw, order)
        if opened is None:
            if reading:
                parts[-1].body.append((number, raw))
        elif opened.day is None:
            warnings.append(
                f"{source.name}:{number}: {raw.strip()!r} looks like a date but cannot be read;"
                " the lines under it are not imported"
            )
            reading = False
        else:
            parts.append(_Day(opened.day, number, raw, title=opened.title))
            reading = True
    return _entries(parts)


_FRONT_MATTER_END: Final = ("---", "...")


def _load_yaml(block: str) -> Any:
    """`yaml.safe_load`, through libyaml when PyYAML was built with it (several times faster:
    a vault has thousands of notes with front matter)."""
    import yaml  # only files with front matter need it

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(block, Loader=loader)


def _front_matter(lines: list[str], name: str, warnings: list[str]) -> tuple[int, dict[str, Any]]:
    """How many leading lines are front matter (0 when there is none), and what it holds.
    Front matter that is not valid YAML, or not a mapping, is a warning: its lines are neither
    metadata nor journal text."""
    if not lines or lines[0].rstrip() != "---":
        return 0, {}
    for index in range(1, len(lines)):
        if lines[index].rstrip() in _FRONT_MATTER_END:
            block = "\n".join(lines[1:index])
            try:
                loaded: Any = _load_yaml(block)
            except Exception as error:  # invalid YAML of any kind is a warning, never a crash
                mark = getattr(error, "problem_mark", None)
                where = f"{name}:{mark.line + 2}" if mark is not None else f"{name}:1"
                problem = getattr(error, "problem", None) or type(error).__name__
                warnings.append(f"{where}: front matter is not valid YAML ({problem}): skipped")
                return index + 1, {}
            if loaded is None:
                return index + 1, {}
            if not isinstance(loaded, dict):
                warnings.append(f"{name}:1: front matter is not a mapping of keys: skipped")
                return index + 1, {}
            return index + 1, loaded
    return 0, {}


_TAG_SPLIT: Final = re.compile(r"[,\s]+")
_LOGSEQ_TAGS: Final = re.compile(r"^[ \t]*(?:[-*][ \t]+)?tags::[ \t]*(?P<value>.*)$", re.IGNORECASE)


def _tag_words(value: Any) -> tuple[str, ...]:
    """Tags from a front matter value or a ``tags::`` property: a list, or text separated by
    commas or spaces; without ``#`` and ``[[ ]]``."""
    if isinstance(value, str):
        parts: list[Any] = [p for p in _TAG_SPLIT.split(value.replace("[[", "").replace("]]", ""))]
    elif isinstance(value, list):
        parts = value
    else:
        return ()
    tags = (str(part).strip().lstrip("#").strip("[]").strip() for part in parts)
    return tuple(tag for tag in tags if tag)


def _file_per_day(
    text: str, source: SourceFile, warnings: list[str], *, logseq: bool
) -> list[Entry]:
    day = source.day or day_from_name(source.name)
    if day is None:
        raise InvalidInput(f"{source.name}: the file name is not a date, so it is not a daily note")
    lines = text.split("\n")
    before = len(warnings)
    skip, meta = _front_matter(lines, source.name, warnings)
    kept = lines[skip:] if len(warnings) > before else lines  # broken front matter is no text
    tags = _tag_words(meta.get("tags", meta.get("tag")))
    if logseq:
        for raw in lines[skip:]:
            found = _LOGSEQ_TAGS.match(raw)
            if found is None:
                if _PROPERTY.match(raw) or not raw.strip():
                    continue
                break
            tags += _tag_words(found["value"])
    numbered = [(number, raw) for number, raw in enumerate(lines, start=1) if number > skip]
    items = tuple(_items(numbered, logseq=logseq))
    return [Entry(day, 1, _join(kept), items, None, tags)]


_JRNL_HEADER: Final = re.compile(
    r"^\[(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*[AaPp][Mm])?)?\][ \t]?(?P<title>.*)$"
)


def _jrnl_title(title: str) -> str:
    title = title.rstrip()
    return title[:-1].rstrip() if title.endswith(" *") or title == "*" else title


def _jrnl(text: str, source: SourceFile) -> list[Entry]:
    parts: list[_Day] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        header = _JRNL_HEADER.match(raw)
        if header is not None:
            found = _date(int(header["y"]), int(header["m"]), int(header["d"]))
            if found is None:
                raise InvalidInput(f"{source.name}:{number}: {raw.strip()!r} is not a real date")
            parts.append(_Day(found, number, raw, title=_jrnl_title(header["title"]) or None))
        elif parts:
            parts[-1].body.append((number, raw))
    return _entries(parts, title_items=True)


def _jrnl_json(text: str, source: SourceFile) -> list[Entry]:
    where = source.name
    try:
        data: Any = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise InvalidInput(f"{where}: not a jrnl JSON export ({error})") from None
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InvalidInput(f'{where}: not a jrnl JSON export (no "entries" list)')
    parts: list[_Day] = []
    cursor = 0
    line = 1
    for position, raw in enumerate(entries, start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("date"), str):
            raise InvalidInput(f'{where}: entry {position} has no "date"')
        written = raw["date"].strip()
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", written)
        found = None if match is None else _date(*(int(part) for part in match.groups()))
        if found is None:
            raise InvalidInput(f"{where}: entry {position} has an invalid date {written!r}")
        title, body, time = (_text_field(raw, key) for key in ("title", "body", "time"))
        cursor, line = _locate(text, title, cursor, line)
        header = f"[{written} {time.strip()}".rstrip() + f"] {title.strip()}"
        body_lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        parts.append(
            _Day(found, line, header, [(line, part) for part in body_lines], title.strip() or None)
        )
    return _entries(parts, title_items=True)


def _text_field(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key)
    return value if isinstance(value, str) else ""


def _locate(text: str, title: str, cursor: int, line: int) -> tuple[int, int]:
    """Where the next entry's title is in the export, searching on from `cursor` (on `line`),
    as (offset after it, its line); not found: where the search started."""
    for form in (json.dumps(title, ensure_ascii=False), json.dumps(title)):
        found = text.find(form, cursor)
        if found >= 0:
            return found + len(form), line + text.count("\n", cursor, found)
    return cursor, line


# --- entry point ---------------------------------------------------------------------------------


def parse(
    text: str,
    source: SourceFile,
    *,
    date_order: str | None = None,
    warnings: list[str] | None = None,
) -> list[Entry]:
    """The days of one source, one Entry per date (a date that occurs twice in one file is one
    Entry, its items in file order), oldest first. `date_order` ("DMY" or "MDY", the
    ``dates.order`` setting) reads year-last numeric date headings; what is read but not
    imported (a date heading that cannot be read, broken front matter) is appended to
    `warnings` as "name:line: message". Raises only career.errors.InvalidInput."""
    found: list[str] = [] if warnings is None else warnings
    if source.format == "daily-log":
        return _daily_log(text, source, date_order, found)
    if source.format == "obsidian":
        return _file_per_day(text, source, found, logseq=False)
    if source.format == "logseq":
        return _file_per_day(text, source, found, logseq=True)
    if source.format == "jrnl":
        return _jrnl(text, source)
    if source.format == "jrnl-json":
        return _jrnl_json(text, source)
    raise InvalidInput(f"unknown journal format {source.format!r}")
