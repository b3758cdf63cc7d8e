"""Organizations a journal day mentions, and the records its lines imply (suggestions); pure.

Decisions:

- A line mentions an organization when it names it or an alias (whole words; an all-capitals
  name such as "SPAR" or "FAR.AI" matches only in capitals, others ignore case; never inside a
  URL) or links to one of its domains or a subdomain (``www.`` ignored). One mention per
  organization per line.
- Suggestions, from the line's own words, each needing a known organization unless said:
  - "applied to/for/at X ... job/role/position/fellowship/..." -> an application (status
    applied, applied on the entry's day); the role is what stands between "applied to" and the
    job word once the organization and small words are taken out ("" when nothing is left);
    the first link on the line is its url.
  - "talked/spoke with", "met (with)", "call/chat/session with" together with "advisor",
    "advising" or "coach" -> an advising session held on the entry's day; its direct child
    lines are the takeaways, except a child that carries the "notes" link, which gives
    notes_url; a capitalised name right after "with" (not the organization) is the advisor.
  - "signed up (for/to) ... jam/sprint/hackathon" -> an event (status signed-up): its name is
    the words from after "signed up" to the event word, its host the organization named or
    linked (blank when none), its url the first link; "on <date>" gives its start. Needs no
    organization.
  - "apps/applications (are) open(ing) <phrase>" or "open(s) apps <phrase>" -> an
    application of status interested whose opens date is the phrase resolved with career.dates
    against the entry's day ("opens apps at EOM" on 2024-04-17 is 2024-04-30; a phrase that is
    no date leaves opens out); "applications close/due <phrase>", "closes apps <phrase>",
    "apply by <phrase>", "application deadline <phrase>" (or ", close <phrase>" after one of
    those) -> a deadline of kind apply-by (only when the phrase is a date). The organization is the
    line's, or else its nearest ancestor's ("Learned about SPAR program" -> its child "opens
    apps at EOM"); with none, nothing is suggested. When the entry already suggests an
    application to that organization, "open" adds the date to it. Deadlines of kind "opens"
    are never suggested: an opening date belongs to its application.
- Keys identify a suggestion across re-imports and edits elsewhere: kind, the organization's
  name (casefolded) and the identity of the record (role; day held; event name; kind and due
  date), joined by "|". No import date is in them.
"""

from __future__ import annotations

import functools
import importlib.resources
import operator
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final
from urllib.parse import urlsplit

from career.dates import parse_date
from career.errors import InvalidInput
from career.journal.document import Entry
from career.journal.parser import link_targets, masked
from career.journal.skills import LINE_CACHE, PhraseIndex

__all__ = ["KnownOrg", "Mention", "Suggestion", "link", "shipped_orgs"]


@dataclass(frozen=True)
class KnownOrg:
    name: str
    """Canonical name ("80,000 Hours")."""
    aliases: tuple[str, ...]
    """Other names ("80k hours", "80000hours")."""
    domains: tuple[str, ...]
    """Web domains ("80000hours.org")."""
    id: int | None = None
    """The organization's id when it is in the database."""


@dataclass(frozen=True)
class Mention:
    item: int
    """Index into Entry.items."""
    org: str
    """KnownOrg.name."""


@dataclass(frozen=True)
class Suggestion:
    kind: str
    """"application" | "session" | "event" | "deadline"."""
    item: int
    """Index into Entry.items of the line that implies it."""
    key: str
    """Stable identity: kind + normalized identity, no import date."""
    fields: dict[str, Any]
    """What accepting it would create (strings, or a list of strings for takeaways)."""


@functools.cache
def _shipped() -> tuple[KnownOrg, ...]:
    data = importlib.resources.files("career.journal").joinpath("data/organizations.toml")
    loaded = tomllib.loads(data.read_text(encoding="utf-8"))
    orgs: list[KnownOrg] = []
    for name, table in loaded.get("org", {}).items():
        orgs.append(
            KnownOrg(
                name,
                tuple(str(alias) for alias in table.get("aliases", [])),
                tuple(str(domain).lower() for domain in table.get("domains", [])),
            )
        )
    return tuple(orgs)


def shipped_orgs() -> list[KnownOrg]:
    """The organizations of data/organizations.toml (FAR.AI, 80,000 Hours, Apart Research...)."""
    return list(_shipped())


# --- finding organizations -----------------------------------------------------------------------


@dataclass(frozen=True)
class _OrgIndex:
    names: PhraseIndex[KnownOrg]
    domains: dict[str, KnownOrg]
    lines: dict[str, _Line] = field(default_factory=dict)
    """What each line holds, read once (journals repeat lines)."""


@functools.lru_cache(maxsize=8)
def _index(orgs: tuple[KnownOrg, ...]) -> _OrgIndex:
    phrases = [(phrase, org) for org in orgs for phrase in (*org.aliases, org.name)]
    domains = {
        domain.lower().removeprefix("www."): org for org in orgs for domain in org.domains if domain
    }
    return _OrgIndex(PhraseIndex(phrases, exact_acronyms=True), domains)


# The index last asked for, with the organizations it was built from: `link` runs once a day
# with the same list, and hashing every organization each time is not free.
_last_index: list[tuple[tuple[KnownOrg, ...], _OrgIndex]] = []


def _index_of(orgs: list[KnownOrg]) -> _OrgIndex:
    if _last_index:
        known, index = _last_index[0]
        if len(known) == len(orgs) and all(map(operator.is_, known, orgs)):
            return index
    key = tuple(orgs)
    index = _index(key)
    _last_index[:] = [(key, index)]
    return index


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url if "://" in url else f"http://{url}").hostname
    except ValueError:
        return None
    return None if host is None else host.lower().removeprefix("www.")


def _org_of_host(host: str, domains: dict[str, KnownOrg]) -> KnownOrg | None:
    parts = host.split(".")
    for start in range(len(parts) - 1):
        org = domains.get(".".join(parts[start:]))
        if org is not None:
            return org
    return None


@dataclass(frozen=True)
class _Line:
    """What one line holds: its masked text, organizations named (with spans), links, and
    whether it may hold a phrase that implies a record."""

    text: str
    shown: str
    named: tuple[tuple[int, int, KnownOrg], ...]
    linked: tuple[KnownOrg, ...]
    urls: tuple[str, ...]
    maybe_phrase: bool = True

    @property
    def orgs(self) -> list[KnownOrg]:
        if not self.named and not self.linked:
            return []
        seen: dict[str, KnownOrg] = {}
        for _, _, org in self.named:
            seen.setdefault(org.name, org)
        for org in self.linked:
            seen.setdefault(org.name, org)
        return list(seen.values())


def _read_line(text: str, index: _OrgIndex) -> _Line:
    known = index.lines.get(text)
    if known is not None:
        return known
    shown = masked(text)
    urls = tuple(link_targets(text))
    linked = []
    for url in urls:
        host = _host(url)
        org = None if host is None else _org_of_host(host, index.domains)
        if org is not None:
            linked.append(org)
    line = _Line(
        text,
        shown,
        tuple(index.names.find(shown)),
        tuple(linked),
        urls,
        _may_imply(shown),
    )
    if len(index.lines) >= LINE_CACHE:
        index.lines.clear()
    index.lines[text] = line
    return line


# --- phrases -------------------------------------------------------------------------------------

_APPLIED: Final = re.compile(r"\bapplied\s+(?:to|for|at|with)\b", re.IGNORECASE)
_JOB_WORD: Final = re.compile(
    r"\b(?:job|role|position|fellowship|internship|residency|scholarship|opening|"
    r"program|programme|grant|post)s?\b",
    re.IGNORECASE,
)
_SMALL_WORDS: Final = frozenset(
    {"a", "an", "the", "at", "to", "for", "with", "as", "of", "s", "'s"}
)
_TALKED: Final = re.compile(
    r"\b(?:(?:talked|talking|spoke|speaking|chatted|chatting)\s+(?:with|to)|met(?:\s+with)?|"
    r"(?:call|chat|session|meeting|1:1|one-on-one)\s+with|had\s+(?:a|an|my)\s+"
    r"(?:call|chat|session|meeting))\b",
    re.IGNORECASE,
)
_ADVISING: Final = re.compile(r"\b(?:advis(?:or|er|ors|ers|ing)|coach(?:ing|es)?)\b", re.IGNORECASE)
_ADVISOR_NAME: Final = re.compile(
    r"\b(?:with|to|met)\s+(?!(?:The|My|Our|Their|His|Her|An?|This|That)\b)"
    r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})\b"
)
_NOTES: Final = re.compile(r"\bnotes?\b", re.IGNORECASE)
_SIGNED_UP: Final = re.compile(
    r"\b(?:sign(?:ed|ing)?[ \t-]*up|registered|enrolled)(?:\s+(?:for|to|in))?\s+", re.IGNORECASE
)
_EVENT_WORD: Final = re.compile(r"\b(?P<word>jam|sprint|hackathon|hack-a-thon)s?\b", re.IGNORECASE)
# A cheap first look: a line with none of these cannot imply a record.
_MAYBE_PHRASE: Final = re.compile(r"app|advis|coach|sign|regist|enrol", re.IGNORECASE)
_MAYBE_WORDS: Final = ("app", "advis", "coach", "sign", "regist", "enrol")


def _may_imply(shown: str) -> bool:
    """`_MAYBE_PHRASE` is in `shown`; for ASCII text (where ignoring case is lowercasing) with
    plain substring tests, which are much faster than the case-blind regex."""
    if shown.isascii():
        lowered = shown.lower()
        return any(word in lowered for word in _MAYBE_WORDS)
    return _MAYBE_PHRASE.search(shown) is not None


_APPS_WORD: Final = r"(?:apps|applications?)"
_BE: Final = r"(?:(?:are|is|will|should)\s+)?(?:be\s+)?"
_THEIR: Final = r"(?:its\s+|their\s+|the\s+)?"
# "applications open May 1", "opens apps at EOM"
_OPENS: Final = re.compile(
    rf"\b(?:{_APPS_WORD}\s+{_BE}open(?:s|ing)?|open(?:s|ing)?\s+{_THEIR}{_APPS_WORD})\b"
    r"(?P<after>.*)$",
    re.IGNORECASE,
)
# "applications close May 15", "closes apps on fri", "apply by May 1", "..., close eom"
_CLOSES: Final = re.compile(
    rf"(?:\b{_APPS_WORD}\s+{_BE}(?:close[sd]?|closing|due)|\bclose[sd]?\s+{_THEIR}{_APPS_WORD}|"
    r"\bapply\s+by|\bapplication\s+deadline(?:\s+is)?|\bdeadline\s+to\s+apply(?:\s+is)?|"
    r"(?:,|\band)\s+(?:close[sd]?|closing))\b(?P<after>.*)$",
    re.IGNORECASE,
)
_DATE_LEAD: Final = re.compile(
    r"^[\s:,-]*(?:(?:at|on|by|in|around|before|from|until|till|the|of|is|are|will|be|its|their|"
    r"apps|applications?)\s+)*",
    re.IGNORECASE,
)
_DATE_STOP: Final = re.compile(r"[,;.()\[\]!?]")
_START: Final = re.compile(r"\b(?:on|starting|starts|from)\s+(?P<after>.+)$", re.IGNORECASE)


def _resolve(phrase: str, today: date) -> date | None:
    """The date at the start of `phrase` ("at EOM, which ..." -> end of month), or None."""
    phrase = _DATE_LEAD.sub("", phrase, count=1)
    words = _DATE_STOP.split(phrase, maxsplit=1)[0].split()
    for count in range(min(len(words), 4), 0, -1):
        try:
            return parse_date(" ".join(words[:count]), today=today)
        except InvalidInput:
            continue
    return None


def _role(segment: str, named: tuple[tuple[int, int, KnownOrg], ...], offset: int) -> str:
    chars = list(segment)
    for start, end, _ in named:
        for position in range(max(start - offset, 0), min(end - offset, len(chars))):
            chars[position] = " "
    text = re.sub(r"[\[\]()`*_]", " ", "".join(chars).replace("'s", " "))
    words = text.split()
    while words and words[0].lower() in _SMALL_WORDS:
        words.pop(0)
    while words and words[-1].lower() in _SMALL_WORDS:
        words.pop()
    return " ".join(words).strip(" ,;:-")


def _key(*parts: str) -> str:
    return "|".join(" ".join(part.casefold().split()) for part in parts)


def _application(line: _Line, item: int, day: date) -> Suggestion | None:
    applied = _APPLIED.search(line.shown)
    if applied is None:
        return None
    after = [hit for hit in line.named if hit[0] >= applied.end()]
    org = after[0][2] if after else (line.orgs[0] if line.orgs else None)
    if org is None:
        return None
    job = _JOB_WORD.search(line.shown, applied.end())
    end = job.start() if job is not None else len(line.shown)
    stop = _DATE_STOP.search(line.shown, applied.end(), end)
    if job is None and stop is not None:
        end = stop.start()
    role = _role(line.shown[applied.end() : end], line.named, applied.end())
    if job is None and after:
        role = ""  # "applied to MATS, ...": no role word, so no role
    fields: dict[str, Any] = {
        "organization": org.name,
        "role": role,
        "status": "applied",
        "applied": day.isoformat(),
    }
    if line.urls:
        fields["url"] = line.urls[0]
    return Suggestion("application", item, _key("application", org.name, role), fields)


def _session(entry: Entry, lines: list[_Line], item: int, day: date) -> Suggestion | None:
    line = lines[item]
    if _TALKED.search(line.shown) is None or _ADVISING.search(line.shown) is None:
        return None
    orgs = line.orgs
    if not orgs:
        return None
    org = orgs[0]
    fields: dict[str, Any] = {"organization": org.name, "held_on": day.isoformat()}
    name = _ADVISOR_NAME.search(line.shown)
    if name is not None and not any(
        start <= name.start("name") < end for start, end, _ in line.named
    ):
        fields["advisor"] = name.group("name")
    notes_url = line.urls[0] if line.urls and _NOTES.search(line.shown) else None
    takeaways: list[str] = []
    for child, child_item in enumerate(entry.items):
        if child_item.parent != item:
            continue
        child_line = lines[child]
        if notes_url is None and child_line.urls and _NOTES.search(child_line.shown):
            notes_url = child_line.urls[0]
            continue
        takeaways.append(child_item.text)
    if notes_url is not None:
        fields["notes_url"] = notes_url
    fields["takeaways"] = takeaways
    return Suggestion("session", item, _key("session", org.name, day.isoformat()), fields)


def _event(line: _Line, item: int, day: date) -> Suggestion | None:
    signed = _SIGNED_UP.search(line.shown)
    if signed is None:
        return None
    word = _EVENT_WORD.search(line.shown, signed.end())
    if word is None:
        return None
    kind = word.group("word").lower().replace("hack-a-thon", "hackathon")
    name = " ".join(line.shown[signed.end() : word.end()].split())
    name = re.sub(r"^(?:an?|the|my|our)\s+", "", name, flags=re.IGNORECASE)
    if not name or len(name) > 120:
        name = kind
    orgs = line.orgs
    host = orgs[0].name if orgs else ""
    fields: dict[str, Any] = {"name": name, "kind": kind, "host": host}
    if line.urls:
        fields["url"] = line.urls[0]
    fields["status"] = "signed-up"
    start = _START.search(line.shown, word.end())
    when = None if start is None else _resolve(start.group("after"), day)
    if when is not None:
        fields["start"] = when.isoformat()
    return Suggestion("event", item, _key("event", host, name), fields)


def _org_in_context(entry: Entry, lines: list[_Line], item: int) -> KnownOrg | None:
    current: int | None = item
    while current is not None:
        orgs = lines[current].orgs
        if orgs:
            return orgs[0]
        current = entry.items[current].parent
    return None


# --- entry point ---------------------------------------------------------------------------------


def link(entry: Entry, orgs: list[KnownOrg]) -> tuple[list[Mention], list[Suggestion]]:
    """The organizations each line of `entry` mentions, and the suggestions its lines imply."""
    index = _index_of(orgs)
    lines = [_read_line(item.text, index) for item in entry.items]
    mentions = [
        Mention(position, org.name) for position, line in enumerate(lines) for org in line.orgs
    ]
    suggestions: list[Suggestion] = []
    applications: dict[str, int] = {}  # organization -> index in suggestions
    day = entry.day
    for position, line in enumerate(lines):
        if not line.maybe_phrase:
            continue
        for found in (
            _application(line, position, day),
            _session(entry, lines, position, day),
            _event(line, position, day),
        ):
            if found is not None:
                if found.kind == "application":
                    applications.setdefault(found.fields["organization"], len(suggestions))
                suggestions.append(found)
        opens = _OPENS.search(line.shown)
        closes = _CLOSES.search(line.shown)
        if opens is None and closes is None:
            continue
        org = _org_in_context(entry, lines, position)
        if org is None:
            continue
        if opens is not None:
            when = _resolve(opens.group("after"), day)
            earlier = applications.get(org.name)
            if earlier is not None:
                if when is not None:
                    suggestions[earlier].fields.setdefault("opens", when.isoformat())
            else:
                fields: dict[str, Any] = {
                    "organization": org.name,
                    "role": "",
                    "status": "interested",
                }
                if when is not None:
                    fields["opens"] = when.isoformat()
                applications[org.name] = len(suggestions)
                suggestions.append(
                    Suggestion("application", position, _key("application", org.name, ""), fields)
                )
        due = None if closes is None else _resolve(closes.group("after"), day)
        if due is not None:
            suggestions.append(
                Suggestion(
                    "deadline",
                    position,
                    _key("deadline", org.name, "apply-by", due.isoformat()),
                    {
                        "title": f"{org.name} applications close",
                        "due": due.isoformat(),
                        "kind": "apply-by",
                        "organization": org.name,
                    },
                )
            )
    return mentions, suggestions
