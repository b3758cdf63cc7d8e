"""Organizations a journal day mentions, and the records its lines imply (suggestions); pure.

Decisions:

- A line mentions an organization when it names it or an alias (whole words; an all-capitals
  name such as "SPAR" or "FAR.AI" matches only in capitals, others ignore case; never inside a
  URL) or links to one of its domains or a subdomain (``www.`` ignored). One mention per
  organization per line.
- Suggestions, from the line's own words, each needing a known organization unless said;
  every date is the entry's day, never today; a quoted line (someone's words) suggests nothing:
  - "applied to/for/at X ... job/role/position/fellowship/..." -> an application (status
    applied, applied on the entry's day); the role is what stands between "applied to" and the
    job word once the organization and small words are taken out ("" when nothing is left);
    its kind is the job word's (fellowship, residency, scholarship -> fellowship; program ->
    program; grant -> grant; others -> job), or without one "program" for an organization of
    kind program, else "job"; the first link on the line is its url; what follows a separator
    (": ", " - ", " — ", "; ") after the job word is its notes.
  - "talked/spoke with", "met (with)", "call/chat/session with" together with "advisor",
    "advising" or "coach", or naming an organization of kind advisor ("talked with Ada from
    80k") -> an advising session held on the entry's day; its direct child lines are the
    takeaways, except a child that carries the "notes" link, which gives notes_url; a
    capitalised name right after "with" (not the organization) is the advisor; what follows a
    separator is its summary.
  - "signed up (for/to) ... jam/sprint/hackathon" -> an event (status signed-up): its name is
    the words from after "signed up" to the event word, its host the organization named or
    linked (blank when none), its url the first link; "on <date>" gives its start; what follows
    a separator is its notes. Needs no organization.
  - "apps/applications (are) open(ing) <phrase>" or "open(s) apps <phrase>" -> an
    application of status interested whose opens date is the phrase resolved with career.dates
    against the entry's day ("opens apps at EOM" on 2024-04-17 is 2024-04-30; a phrase that is
    no date leaves opens out); "applications close/due <phrase>", "closes apps <phrase>",
    "apply by <phrase>", "application deadline <phrase>" (or ", close <phrase>" after one of
    those) -> a deadline of kind apply-by (only when the phrase is a date). The organization is the
    line's, or else its nearest ancestor's ("Learned about SPAR program" -> its child "opens
    apps at EOM"); with none, nothing is suggested. When the entry already suggests an
    application to that organization, "open" adds the date to it. Deadlines of kind "opens"
    are never suggested: an opening date belongs to its application. These are facts about
    the organization: the scope rules below do not apply to them.
  - A line that says what happened to an application of the line's (or an ancestor's)
    organization, when it implies none of the records above -> a move (first match wins):
    "rejected by X", "got a rejection from X", "X rejected me" -> rejected; "got an offer" ->
    offer; take-home / assignment / work test submitted or sent -> interviewing; an interview
    scheduled, had or booked -> interviewing; a recruiter call, screen or intro call ->
    screening. Its note is the line.
  - A line that meets a known contact and implies none of the records above -> an
    interaction with that contact on the entry's day (its note the line): "coffee/lunch/
    dinner/breakfast/call/chat/video call/zoom/meeting/1:1/catch-up with NAME",
    "talked/spoke/chatted with/to NAME", "met (up) (with) NAME", "emailed/messaged/texted/
    pinged/called/wrote to NAME". NAME is a contact's full name, or its first name when exactly
    one contact has it (written with a capital, as names are); "call with Dan from FAR.AI" is
    Dan. The way follows the phrase (coffee, lunch, met: meeting; call: call; video, zoom:
    video; emailed, wrote to: email; messaged, texted, pinged: message; else other). Its key
    is the contact's id and the day, so a day suggests one interaction per contact.
- Scope (career.journal.scope.line_claim, asked about the line with the record's own phrase
  blanked out, since "signed up" is a plan of a skill but the claim of an event): a negated
  line ("didn't apply to FAR.AI") or someone else's ("my friend applied to SPAR", read on the
  whole line, or on the blanked line for a move, whose subject may be the organization)
  suggests no application, session, event or move; a planned line ("plan to apply to SPAR",
  "should sign up for the Apart jam") suggests an interested application or event at most
  ("apply to X" counts only as a plan), never a session or a move.
- `against` weighs suggestions against the active applications (by organization name key):
  a move names the newest one of its organization, or goes; an application suggestion of an
  organization with an active application of that role (or a line or application with no
  role) is no duplicate: "applied" moves one not sent yet (interested, preparing) to applied,
  and is a note (a move of no status) on one sent already; an interested one adds nothing.
- Keys identify a suggestion across re-imports and edits elsewhere: kind, the organization's
  name (casefolded) and the identity of the record (role; day held; event name; kind and due
  date; status and day of a move, with the application's id once weighed), joined by "|". No
  import date is in them. The store adds the source's identity (`source_key`, `source_tag`);
  `legacy_key` is the linker's key of a stored one.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import operator
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final
from urllib.parse import urlsplit

from career.dates import parse_date
from career.errors import InvalidInput
from career.journal.document import Entry
from career.journal.parser import link_targets, masked
from career.journal.scope import Claim, line_claim
from career.journal.skills import LINE_CACHE, PhraseIndex
from career.pipeline.vocab import name_key, role_key

__all__ = [
    "KnownContact",
    "KnownOrg",
    "Mention",
    "OpenApplication",
    "Suggestion",
    "against",
    "legacy_key",
    "link",
    "org_kind",
    "shipped_orgs",
    "source_key",
    "source_tag",
]


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
    kind: str | None = None
    """Its kind (career.pipeline.vocab.ORGANIZATION_KINDS) when the shipped list knows it."""


@dataclass(frozen=True)
class KnownContact:
    id: int
    name: str


@dataclass(frozen=True)
class Mention:
    item: int
    """Index into Entry.items."""
    org: str
    """KnownOrg.name."""


@dataclass(frozen=True)
class Suggestion:
    kind: str
    """"application" | "session" | "event" | "deadline" | "move"."""
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
                kind=str(table["kind"]) if "kind" in table else None,
            )
        )
    return tuple(orgs)


@functools.cache
def _shipped_kinds() -> dict[str, str]:
    return {name_key(org.name): org.kind for org in _shipped() if org.kind is not None}


def org_kind(org: KnownOrg) -> str | None:
    """The kind of `org`: its own, or the shipped list's for an organization of that name."""
    return org.kind if org.kind is not None else _shipped_kinds().get(name_key(org.name))


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
    maybe_move: bool = True

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
        _may_move(shown),
    )
    if len(index.lines) >= LINE_CACHE:
        index.lines.clear()
    index.lines[text] = line
    return line


# --- phrases -------------------------------------------------------------------------------------

_APPLIED: Final = re.compile(r"\bapplied\s+(?:to|for|at|with)\b", re.IGNORECASE)
# "apply to X" claims nothing by itself; a plan of it ("plan to apply to X") is an interest.
_APPLY: Final = re.compile(r"\bapply(?:ing)?\s+(?:to|for|at|with)\b", re.IGNORECASE)
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


# The same for a line that may say what happened to an application (see _MOVES).
_MOVE_WORDS: Final = (
    "reject", "offer", "take", "assignment", "work t", "test task", "coding", "interview",
    "recruiter", "screen", "call", "get", "turned down",
)  # fmt: skip


def _may_move(shown: str) -> bool:
    if shown.isascii():
        lowered = shown.lower()
        return any(word in lowered for word in _MOVE_WORDS)
    return True


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


def source_key(key: str, source: str) -> str:
    """A suggestion's key as it is stored: the linker's key and the identity of the source its
    line comes from (`source_tag`), so that lines of two sources never share one. The linker's
    key alone is the key of a suggestion recorded before keys named their source
    (`legacy_key`)."""
    return f"{key}{_SOURCE_MARK}{source}"


def legacy_key(key: str) -> str:
    """The linker's key of a stored key (a key of the older shape is its own)."""
    return key.split(_SOURCE_MARK, 1)[0]


def source_tag(path: str) -> str:
    """The identity of a source in a key: a digest of its absolute path (keys stay short)."""
    return hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()[:16]


_SOURCE_MARK: Final = "|@"


# --- what a line claims --------------------------------------------------------------------------


def _claim(line: _Line, phrase: re.Match[str], *, org_subject: bool = False) -> Claim:
    """Whether the line denies, plans or gives someone else what its `phrase` says
    (career.journal.scope). Denial and plans are judged on the line without the phrase itself
    ("signed up" is a plan of a skill, but here it is what the line claims); the subject on the
    whole line, which needs its verb ("Sam applied to ..."), except where the organization may
    be the subject (`org_subject`: "FAR.AI rejected me")."""
    text = line.text
    cut = line_claim(f"{text[: phrase.start()]} {text[phrase.end() :]}")
    other = cut.other if org_subject else line_claim(text).other
    return Claim(cut.negated, cut.planned, other)


def _mine(claim: Claim) -> bool:
    """The line says the user did something (not negated, not someone else's)."""
    return not claim.negated and not claim.other


# "...: notes", "... - notes", "... — notes", "...; notes": what a line says besides its phrase.
_REMARK: Final = re.compile(r"(?:\s[-–—]+|[:;])\s+(?P<rest>\S.*?)\s*$")


def _remark(line: _Line, start: int) -> str | None:
    """The line's own words after a separator past `start` (its phrase), or None."""
    found = _REMARK.search(line.shown, start)
    if found is None:
        return None
    rest = line.text[found.start("rest") : found.end("rest")].strip()
    return rest or None


# The kind of application a job word names; without one, the organization's kind decides.
_JOB_KINDS: Final = {
    "fellowship": "fellowship",
    "residency": "fellowship",
    "scholarship": "fellowship",
    "program": "program",
    "programme": "program",
    "grant": "grant",
}


def _application_kind(job: re.Match[str] | None, org: KnownOrg) -> str:
    if job is not None:
        word = job.group(0).lower().rstrip("s")
        return _JOB_KINDS.get(word, "job")
    return "program" if org_kind(org) == "program" else "job"


def _application(line: _Line, item: int, day: date) -> Suggestion | None:
    applied = _APPLIED.search(line.shown)
    intent = applied is None
    if applied is None:
        applied = _APPLY.search(line.shown)
        if applied is None:
            return None
    after = [hit for hit in line.named if hit[0] >= applied.end()]
    org = after[0][2] if after else (line.orgs[0] if line.orgs else None)
    if org is None:
        return None
    claim = _claim(line, applied)
    if not _mine(claim) or (intent and not claim.planned):
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
        "kind": _application_kind(job, org),
    }
    if claim.planned:  # "plan to apply to SPAR": interested, nothing sent yet
        fields["status"] = "interested"
    else:
        fields["status"] = "applied"
        fields["applied"] = day.isoformat()
    if line.urls:
        fields["url"] = line.urls[0]
    notes = _remark(line, job.end() if job is not None else applied.end())
    if notes is not None:
        fields["notes"] = notes
    return Suggestion("application", item, _key("application", org.name, role), fields)


def _session(entry: Entry, lines: list[_Line], item: int, day: date) -> Suggestion | None:
    line = lines[item]
    talked = _TALKED.search(line.shown)
    if talked is None:
        return None
    orgs = line.orgs
    if not orgs:
        return None
    if _ADVISING.search(line.shown) is not None:
        org: KnownOrg | None = orgs[0]
    else:
        # "talked with Ada from 80k": an advising organization makes it a session by itself.
        org = next((one for one in orgs if org_kind(one) == "advisor"), None)
    if org is None:
        return None
    claim = _claim(line, talked)
    if not _mine(claim) or claim.planned:  # a session is recorded once it has happened
        return None
    fields: dict[str, Any] = {"organization": org.name, "held_on": day.isoformat()}
    name = _ADVISOR_NAME.search(line.shown)
    if name is not None and not any(
        start <= name.start("name") < end for start, end, _ in line.named
    ):
        fields["advisor"] = name.group("name")
    summary = _remark(line, talked.end())
    if summary is not None:
        fields["summary"] = summary
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
    claim = _claim(line, signed)
    if not _mine(claim):
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
    fields["status"] = "interested" if claim.planned else "signed-up"
    start = _START.search(line.shown, word.end())
    when = None if start is None else _resolve(start.group("after"), day)
    if when is not None:
        fields["start"] = when.isoformat()
    notes = _remark(line, word.end())
    if notes is not None:
        fields["notes"] = notes
    return Suggestion("event", item, _key("event", host, name), fields)


# --- status moves of an application --------------------------------------------------------------

# What a line says happened to an application, first match wins (a rejection after an
# interview is a rejection).
_MOVES: Final = (
    (
        "rejected",
        re.compile(
            r"\b(?:rejected\s+(?:by|from|at)|(?:got|received|had|a)\s+(?:an?\s+)?rejection|"
            r"rejection\s+(?:from|by|email|letter)|turned\s+down\s+by|rejected\s+me|"
            r"did\s*n[o']t\s+get\s+(?:in|the|an?)\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "offer",
        re.compile(
            r"\b(?:(?:got|received|have|had|an|the)\s+(?:an?\s+)?(?:job\s+)?offer|"
            r"offer\s+(?:from|letter)|offered\s+me)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "interviewing",
        re.compile(
            r"\b(?:(?:submitted|sent|turned\s+in|handed\s+in|finished|completed|did)\s+"
            r"(?:\S+\s+){0,4}?(?:take[- ]?home|assignment|work\s+(?:test|trial)|test\s+task|"
            r"coding\s+(?:test|challenge))|(?:take[- ]?home|assignment|work\s+(?:test|trial)|"
            r"test\s+task|coding\s+(?:test|challenge))\s+(?:\S+\s+){0,3}?"
            r"(?:submitted|sent|done|finished|completed|turned\s+in))",
            re.IGNORECASE,
        ),
    ),
    (
        "interviewing",
        re.compile(
            r"\b(?:interview(?:s|ed)?\s+(?:with|at|for|scheduled|booked|on|tomorrow|today)|"
            r"(?:had|have|got|scheduled|booked|did|passed)\s+(?:\S+\s+){0,3}?interviews?|"
            r"interviewed|interview\s+(?:round|loop|stage))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "screening",
        re.compile(
            r"\b(?:recruiter|screening|phone\s+screen|(?:intro|screen|hr)\s+call|screened)\b",
            re.IGNORECASE,
        ),
    ),
)


def _move(entry: Entry, lines: list[_Line], item: int, day: date) -> Suggestion | None:
    """The status an application of the line's organization moves to ("take-home submitted to
    FAR.AI" -> interviewing), with the line as its note."""
    line = lines[item]
    said = next(
        ((status, found) for status, phrase in _MOVES if (found := phrase.search(line.shown))),
        None,
    )
    if said is None:
        return None
    status, found = said
    org = _org_in_context(entry, lines, item)
    if org is None:
        return None
    claim = _claim(line, found, org_subject=True)
    if not _mine(claim) or claim.planned:
        return None
    fields: dict[str, Any] = {
        "organization": org.name,
        "status": status,
        "on": day.isoformat(),
        "note": line.text.strip(),
    }
    return Suggestion("move", item, _key("move", org.name, status, day.isoformat()), fields)


# Meeting someone: the phrase, then the name right after it (see the module docstring).
_TOUCH: Final = re.compile(
    r"\b(?:(?P<meeting>coffee|lunch|dinner|breakfast|drinks|meeting|1:1|one-on-one|"
    r"catch[ -]?up)\s+with|(?P<video>video\s+call|zoom(?:\s+call)?|video\s+chat)\s+with|"
    r"(?P<call>(?:phone\s+)?call)\s+with|(?P<chat>chat)\s+with|"
    r"(?P<talked>(?:talked|spoke|chatted|caught\s+up)\s+(?:with|to))|"
    r"(?P<met>met(?:\s+up)?(?:\s+with)?)|(?P<called>called|phoned|rang)|"
    r"(?P<email>emailed|e-mailed|wrote\s+to|mailed)|(?P<message>messaged|texted|pinged|dm'?ed))"
    r"\s+(?P<name>[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,3})",
    re.IGNORECASE,
)
_TOUCH_VIA: Final = {
    "meeting": "meeting",
    "met": "meeting",
    "video": "video",
    "call": "call",
    "called": "call",
    "chat": "other",
    "talked": "other",
    "email": "email",
    "message": "message",
}
_TOUCH_WORDS: Final = (
    "with", "met", "called", "phoned", "rang", "mail", "wrote", "messaged", "texted", "pinged",
    "dm",
)  # fmt: skip


class _ContactIndex:
    """Contacts by full name (case folded) and by a first name only one contact has."""

    def __init__(self, contacts: list[KnownContact]) -> None:
        self.full: dict[str, KnownContact | None] = {}
        first: dict[str, list[KnownContact]] = {}
        for contact in contacts:
            words = contact.name.split()
            if not words:
                continue
            key = " ".join(words).casefold()
            self.full[key] = None if key in self.full else contact  # two alike: ambiguous
            first.setdefault(words[0].casefold(), []).append(contact)
        self.first = {name: found[0] for name, found in first.items() if len(found) == 1}

    def find(self, words: list[str]) -> KnownContact | None:
        """The contact the words (after a meeting phrase) start with, longest name first."""
        for size in range(len(words), 0, -1):
            found = self.full.get(" ".join(words[:size]).casefold())
            if found is not None:
                return found
        if words and words[0][:1].isupper():
            return self.first.get(words[0].casefold())
        return None


def _interaction(line: _Line, item: int, day: date, contacts: _ContactIndex) -> Suggestion | None:
    lowered = line.shown.lower()
    if not any(word in lowered for word in _TOUCH_WORDS):
        return None
    for found in _TOUCH.finditer(line.shown):
        words = line.text[found.start("name") : found.end("name")].split()
        contact = contacts.find(words)
        if contact is None:
            continue
        claim = _claim(line, found)
        if not _mine(claim) or claim.planned:
            return None
        via = next((_TOUCH_VIA[k] for k, v in found.groupdict().items() if v and k != "name"))
        fields: dict[str, Any] = {
            "contact": contact.name,
            "contact_id": str(contact.id),
            "on": day.isoformat(),
            "via": via,
            "note": line.text.strip(),
        }
        key = _key("interaction", str(contact.id), day.isoformat())
        return Suggestion("interaction", item, key, fields)
    return None


def _names_an_advisor(line: _Line) -> bool:
    """The line names an organization of kind advisor ("talked with Ada from 80k")."""
    return bool(line.named or line.linked) and any(org_kind(org) == "advisor" for org in line.orgs)


def _org_in_context(entry: Entry, lines: list[_Line], item: int) -> KnownOrg | None:
    current: int | None = item
    while current is not None:
        orgs = lines[current].orgs
        if orgs:
            return orgs[0]
        current = entry.items[current].parent
    return None


# --- entry point ---------------------------------------------------------------------------------


def link(
    entry: Entry, orgs: list[KnownOrg], contacts: list[KnownContact] | None = None
) -> tuple[list[Mention], list[Suggestion]]:
    """The organizations each line of `entry` mentions, and the suggestions its lines imply
    (`contacts`: the people a line may meet)."""
    index = _index_of(orgs)
    people = _ContactIndex(contacts) if contacts else None
    lines = [_read_line(item.text, index) for item in entry.items]
    mentions = [
        Mention(position, org.name) for position, line in enumerate(lines) for org in line.orgs
    ]
    suggestions: list[Suggestion] = []
    applications: dict[str, int] = {}  # organization -> index in suggestions
    day = entry.day
    for position, line in enumerate(lines):
        records = 0
        if entry.items[position].quoted:
            continue  # someone's words or code: no claim of the writer's
        if line.maybe_phrase or _names_an_advisor(line):
            for found in (
                _application(line, position, day),
                _session(entry, lines, position, day),
                _event(line, position, day),
            ):
                if found is not None:
                    records += 1
                    if found.kind == "application":
                        applications.setdefault(found.fields["organization"], len(suggestions))
                    suggestions.append(found)
        if not records and line.maybe_move:
            move = _move(entry, lines, position, day)
            if move is not None:
                suggestions.append(move)
                records += 1
        if not records and people is not None:
            met = _interaction(line, position, day, people)
            if met is not None:
                suggestions.append(met)
        if not line.maybe_phrase:
            continue
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
                    "kind": _application_kind(None, org),
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


# --- against the applications already recorded ---------------------------------------------------


@dataclass(frozen=True)
class OpenApplication:
    """An active application as the suggestions are weighed against it."""

    id: int
    organization: str
    role: str
    status: str


# Statuses in which an application has not been sent yet: "applied to X" moves it to applied.
_NOT_SENT: Final = frozenset({"interested", "preparing"})


def _match(apps: list[OpenApplication], role: str) -> OpenApplication | None:
    """The application a line about `role` ("" for none) at their organization is about: the
    one of that role, else (no role said, or an application of no role) the newest."""
    wanted = role_key(role)
    same = [app for app in apps if role_key(app.role) == wanted]
    if same:
        return max(same, key=lambda app: app.id)
    if not wanted:
        return max(apps, key=lambda app: app.id)
    blank = [app for app in apps if not role_key(app.role)]
    return max(blank, key=lambda app: app.id) if blank else None


def _moved(
    suggestion: Suggestion, app: OpenApplication, status: str, note: str, on: str
) -> Suggestion:
    fields: dict[str, Any] = {
        "application": str(app.id),
        "organization": app.organization,
        "role": app.role,
        "status": status,
        "on": on,
        "note": note,
    }
    key = _key("move", app.organization, str(app.id), status, on)
    return Suggestion("move", suggestion.item, key, fields)


def against(
    suggestions: list[Suggestion],
    entry: Entry,
    active: Mapping[str, list[OpenApplication]],
) -> list[Suggestion]:
    """`suggestions` weighed against the active applications (by organization `name_key`):

    - a move names the newest active application of its organization; with none, it goes;
    - an application suggestion of an organization that has an active application of that
      role (or of no role, or the line names no role) is no duplicate: "applied to X" of one
      not sent yet moves it to applied, of one sent already is a note on it (a move of no
      status); a plan or an opening ("interested") adds nothing;
    - anything else is kept as it is.
    """
    kept: list[Suggestion] = []
    for suggestion in suggestions:
        if suggestion.kind not in ("move", "application"):
            kept.append(suggestion)
            continue
        apps = active.get(name_key(suggestion.fields["organization"]), [])
        text = entry.items[suggestion.item].text.strip()
        if suggestion.kind == "move":
            if apps:
                newest = max(apps, key=lambda one: one.id)
                fields = suggestion.fields
                kept.append(
                    _moved(suggestion, newest, fields["status"], fields["note"], fields["on"])
                )
            continue
        same = _match(apps, suggestion.fields.get("role", "")) if apps else None
        if same is None:
            kept.append(suggestion)
        elif suggestion.fields["status"] == "applied":
            status = "applied" if same.status in _NOT_SENT else ""
            kept.append(_moved(suggestion, same, status, text, suggestion.fields["applied"]))
    return kept
