"""The skills-evidence summary in five formats: Markdown, JSON, JSON Resume, CSV and HTML.

Pure: each renderer takes a `Summary` (see ``summary.py``) and returns text (or a dict); the
caller writes it. Text outputs end with one newline.

Decisions:

- **What a summary holds, and says it holds**: by default evidence at exposure or above (the
  queries filter; see ``career.evidence.queries``): a plan (intent: a goal, an open task, a
  wish) is not evidence. Every format states the scope (`scope_sentence`): "Evidence at
  exposure or above; plans left out: --min-level intent shows them." With ``--min-level
  intent`` plans come back, and are never mistaken for done work: every plan line is marked
  as one (Markdown ``intent *(plan)*``, HTML a visible "intent · plan" label, JSON
  ``"plan": true``, CSV ``plan`` = ``yes``), and a skill whose best level is intent is listed
  apart (`plans`): under "Plans" in Markdown and HTML, in ``plans`` in JSON, after every skill
  held in CSV, under ``interests`` in JSON Resume; never among the skills shown as held
  (`held`).
- **Order**, the same in every format: skills are grouped by category; categories come in the
  order of their strongest skill; inside a category, strongest level first, then most recent
  evidence, then name. A skill's evidence is ranked strongest level first, then most recent,
  then by source and line (the renderers sort it themselves, so the order never depends on the
  caller). Skills held come first, then the plans, in the same order.
- **Every evidence line shows its level** in every format: Markdown and HTML put the level
  word after the date (``2024-04-17 · applied — implemented batch norm on the MLP
  (daily-log-2024-04.md:85)``), JSON has ``level`` and ``level_name``, CSV its ``level``
  column.
- **Journal lines** (`journal_pieces`, one pass, in this order): an Obsidian embed
  ``![[...]]`` and a Markdown image ``![alt](url)`` are dropped (an embed is not text, and an
  image is never fetched); a wiki link ``[[Note]]`` / ``[[Note|alias]]`` becomes its text (the
  alias when there is one); a Markdown link ``[text](url)`` and a bare ``http(s)://`` URL
  become a link only when the URL is http or https with a host; a bare URL stops before
  trailing punctuation and an unbalanced ``)``; URLs may hold one level of balanced
  parentheses. A link's URL is percent-encoded except for ``/:?#&=+$,;@!~*-._%`` (so no quote,
  space, bracket, parenthesis or backslash can end it early); anything else, a link with
  another scheme (``javascript:``, ``data:``, ``vbscript:``, ``file:``, ``//host``) included,
  stays text as written. JSON and CSV keep the line exactly as the journal wrote it (they are
  data); JSON Resume project names use its plain text (`plain_text`).
- **Citation links** (opt-in, ``--obsidian-links``): a citation whose `Citation.link` is an
  ``obsidian://open?vault=...&file=...`` URL we made (`own_link` accepts only that shape, its
  parts percent-encoded) links ``file:line`` to the note in Markdown and HTML; nothing else
  changes, and no other format carries it.
- **Markdown** (`markdown`) is a brag document: a scope line, then for each skill its level in
  words, first and last dates, evidence count and the `top` strongest lines, each with its
  date, level and citation; then Plans; then the period's applications (with their status:
  the outcome so far), advising sessions (with their takeaways) and events. Every piece of user
  text is made inert: ``&``, ``<`` and ``>`` become HTML entities (every Markdown flavour
  decodes them as text, and none can open a tag), and ``\\ ` * _ [ ] # ! | ~`` are
  backslash-escaped (no link, image, emphasis, code or heading can start inside user text);
  line breaks become spaces. The journal's http(s) links are the only links written into a
  line (``[escaped text](encoded URL)``); an application's or event's URL is an autolink
  ``<...>`` when `safe_url` accepts it, else escaped text.
- **JSON** (`json_text`, `summary_record`), keys in this order, dates ISO 8601::

      {"generated": "2024-04-20",
       "period": {"since": "2024-04-01" | null, "until": "2024-04-30" | null},
       "min_level": 1, "min_level_name": "exposure",
       "application": null | APPLICATION,
       "scope": "Evidence at exposure or above; plans left out: ...",
       "skills": [SKILL, ...],
       "plans": [SKILL, ...],
       "applications": [APPLICATION, ...],
       "sessions": [{"id", "organization", "held_on", "advisor", "takeaways": [str]}, ...],
       "events": [{"id", "name", "kind", "host", "start", "end", "status", "outcome",
                   "url"}, ...]}

  where SKILL is ``{"name", "category", "level", "level_name", "count", "first", "last",
  "evidence": [{"day", "level", "level_name", "plan", "signal", "text", "source", "line"},
  ...]}`` (``plans`` holds the skills whose best level is intent: empty unless
  ``min_level`` is 0) and APPLICATION is ``{"id", "organization", "role", "kind", "status",
  "applied", "url"}``. Every evidence line is there. An empty summary is the same shape with
  empty lists.
- **JSON Resume** (`jsonresume`), validated in the tests against the résumé schema shipped in
  ``data/`` and rendered there with jsonresume-theme-even when it is installed. ``skills``:
  one entry per category and level, ``{"name": category, "level": word, "keywords": [its
  skills]}``: the schema's own shape ("Web Development", "Master", ["HTML", "CSS"]), which
  themes render as a heading with the keywords as tags (jsonresume-theme-even shows name and
  keywords; themes that show ``level`` show it too), so a category with skills at two levels
  is two entries. Our levels become résumé words, chosen so a reader never reads more than
  the journal shows: 0 intent -> "Interested", 1 exposure -> "Familiar", 2 practice ->
  "Practiced", 3 applied -> "Proficient", 4 delivered -> "Advanced". Skills only planned go
  to ``interests`` (one entry per category, the skills as keywords), never to ``skills``.
  ``projects`` hold only what was delivered: the period's events that are done (one still
  under way, or only submitted, is not delivered): name, type (the event's kind), entity (the
  host), description, start and end dates, url (http(s) only) and the outcome as a highlight;
  then one project per journal line at level delivered, most recent first: its plain text as
  the name, the citation as the description, its day as start and end, the skills it shows as
  keywords, and its URL when the line links to exactly one http(s) page. ``meta`` holds
  ``lastModified`` (the day it was generated) and ``career``: the period, the minimum level,
  the scope sentence, the level mapping and, for an empty summary, the sentence saying so.
- **CSV** (`csv_text`): a header and one row per evidence item: date, skill, category, level
  (in words), signal, text, source, line, plan (``yes`` for a line at intent, else ``no``);
  every text cell goes through the pipeline's formula guard
  (`career.cells.guard_cell`). An empty summary is the header alone (a sentence
  would be read as a row); `empty_message` gives the sentence for the caller to show.
- **HTML** (`html`): one self-contained page: inline CSS for screen and print, no script, no
  remote asset (a Content-Security-Policy that forbids both, in case), every piece of user text
  through `html.escape`; links only for http(s) URLs, each with ``rel="noopener noreferrer"``
  (and the page sends no referrer); a level label on every skill and every line.
"""

from __future__ import annotations

import csv
import html as htmlib
import io
import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, Final, NamedTuple
from urllib.parse import quote

from career.cells import guard_cell
from career.errors import InvalidInput
from career.exports.summary import (
    ApplicationDone,
    Citation,
    EventDone,
    SessionDone,
    SkillSummary,
    Summary,
)
from career.journal.vocab import LEVELS, level_word
from career.render import to_json_document

__all__ = [
    "CSV_FIELDS",
    "RESUME_LEVELS",
    "Link",
    "application_record",
    "citation_record",
    "csv_rows",
    "csv_text",
    "empty_message",
    "held",
    "html",
    "html_text",
    "is_plan",
    "journal_pieces",
    "json_text",
    "jsonresume",
    "level_name",
    "markdown",
    "md_escape",
    "md_level",
    "md_text",
    "ordered_skills",
    "plain_text",
    "plans",
    "ranked",
    "safe_url",
    "scope_sentence",
    "summary_record",
]

RESUME_LEVELS: Final = ("Interested", "Familiar", "Practiced", "Proficient", "Advanced")
CSV_FIELDS: Final = (
    "date",
    "skill",
    "category",
    "level",
    "signal",
    "text",
    "source",
    "line",
    "plan",
)
RESUME_SCHEMA: Final = (
    "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
)
# Events the user took part in to the end, and so a project on a résumé: one still under way
# (participating) or only submitted is not delivered yet.
PROJECT_STATUSES: Final = ("done",)
DELIVERED: Final = 4

# --- shared pieces (the gap report uses them too) ---------------------------------------------


level_name = level_word
"""Our word for a level (0 intent ... 4 delivered)."""


def ranked(evidence: Iterable[Citation]) -> list[Citation]:
    """Strongest level first, then most recent, then by source and line."""
    return sorted(evidence, key=lambda c: (-c.level, -c.day.toordinal(), c.source, c.line))


def _skill_key(skill: SkillSummary) -> tuple[int, int, str, str]:
    return (-skill.best_level, -skill.last.toordinal(), skill.name.casefold(), skill.name)


def ordered_skills(skills: Iterable[SkillSummary]) -> list[tuple[str, list[SkillSummary]]]:
    """Skills grouped by category: categories in the order of their strongest skill, skills
    strongest level first, then most recent, then by name."""
    groups: dict[str, list[SkillSummary]] = {}
    for skill in skills:
        groups.setdefault(skill.category, []).append(skill)
    for members in groups.values():
        members.sort(key=_skill_key)
    return sorted(groups.items(), key=lambda g: (*_skill_key(g[1][0]), g[0].casefold(), g[0]))


def _in_order(skills: Iterable[SkillSummary]) -> list[SkillSummary]:
    return [skill for _, members in ordered_skills(skills) for skill in members]


def held(summary: Summary) -> list[SkillSummary]:
    """The skills the journal shows at exposure or above, in the export's order."""
    return _in_order(s for s in summary.skills if not s.planned_only)


def plans(summary: Summary) -> list[SkillSummary]:
    """The skills the journal only plans (best level intent), in the export's order: never
    listed among the skills held."""
    return _in_order(s for s in summary.skills if s.planned_only)


def is_plan(c: Citation) -> bool:
    """A line at level intent: a goal, an open task or a wish, not evidence."""
    return c.level == 0


def scope_sentence(summary: Summary) -> str:
    """What the summary holds, for its reader: the lowest level and whether plans are in."""
    if summary.min_level == 0:
        return (
            "Evidence at every level, plans included: each plan is marked as one, and skills"
            " with nothing but plans are listed apart under Plans."
        )
    return (
        f"Evidence at {level_name(summary.min_level)} or above;"
        " plans left out: --min-level intent shows them."
    )


_UNSAFE_IN_URL = re.compile(r"[\s<>\"'`\\\x00-\x1f\x7f]")


def safe_url(url: str | None) -> str | None:
    """`url` when it may become a link (http or https, nothing that could end the link
    early), else None."""
    if not url or _UNSAFE_IN_URL.search(url):
        return None
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in ("http", "https") or not rest:
        return None
    return url


_MD_ENTITIES: Final = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_SPECIAL = re.compile(r"[&<>\\`*_\[\]#!|~]")


def md_escape(text: str) -> str:
    """User text as inert Markdown on one line (see the module docstring)."""
    one_line = " ".join(text.split())
    return _MD_SPECIAL.sub(lambda m: _MD_ENTITIES.get(m[0], "\\" + m[0]), one_line)


# --- journal text: links, embeds and wiki links ---------------------------------------------

# One pass over a journal line, in this order of precedence: an Obsidian embed (dropped), a
# Markdown image (dropped: an embed too, and never fetched), a wiki link (its text), a Markdown
# link (a link when its URL is http(s), else text as written), a bare http(s) URL (a link).
# URLs may hold one level of balanced parentheses (Wikipedia's ``Foo_(bar)``).
_URL_BODY = r"(?:[^\s()<>]|\([^\s()<>]*\))+"
_LINK_TEXT = r"(?:[^\[\]]|\[[^\[\]]*\])*"
_PIECES = re.compile(
    r"(?P<embed>!\[\[[^\]]*\]\])"
    rf"|(?P<image>!\[{_LINK_TEXT}\]\({_URL_BODY}\))"
    r"|\[\[(?P<wiki>[^\[\]|]*)(?:\|(?P<alias>[^\[\]]*))?\]\]"
    rf"|\[(?P<text>{_LINK_TEXT})\]\((?P<url>{_URL_BODY})\)"
    r"|(?P<bare>\bhttps?://[^\s<>\"'`\\\[\]{}|^]+)",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?*_~'\""
# Characters a link's URL keeps as they are; everything else is percent-encoded, so a URL can
# never end the Markdown link or the HTML attribute early.
_URL_SAFE = "/:?#&=+$,;@!~*-._%"


class Link(NamedTuple):
    """A link in a journal line: its text and its http(s) URL, percent-encoded."""

    text: str
    url: str


def _bare_url(url: str) -> tuple[str, str]:
    """A bare URL cut where prose takes over: trailing punctuation and unbalanced ``)``
    are left as text. Returns (url, the text cut off)."""
    end = len(url)
    while end and (
        url[end - 1] in _TRAILING
        or (url[end - 1] == ")" and url.count("(", 0, end) < url.count(")", 0, end))
    ):
        end -= 1
    return url[:end], url[end:]


def _encoded(url: str) -> str | None:
    """`url` percent-encoded when it is http(s) with a host, else None."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in ("http", "https") or not rest or rest[0] in "/?#":
        return None
    return quote(url, safe=_URL_SAFE)


def journal_pieces(text: str) -> list[str | Link]:
    """A journal line as text and links, on one line: Obsidian embeds and Markdown images
    dropped, wiki links as their text (the alias after ``|`` when there is one), http(s)
    links (Markdown or bare) as `Link`; anything else, a link with another scheme included,
    stays text as written."""
    line = " ".join(text.split())
    if "[" not in line and "://" not in line:
        return [line] if line else []
    pieces: list[str | Link] = []
    words: list[str] = []
    at = 0
    for match in _PIECES.finditer(line):
        words.append(line[at : match.start()])
        at = match.end()
        kind = match.lastgroup
        if kind in ("embed", "image"):
            continue
        if kind in ("wiki", "alias"):
            alias = match["alias"]
            words.append(alias if alias is not None and alias.strip() else match["wiki"])
            continue
        raw, tail = (match["url"], "") if kind == "url" else _bare_url(match[0])
        url = _encoded(raw)
        if url is None:
            words.append(match[0])
            continue
        label = match["text"] if kind == "url" else raw
        label = " ".join(label.split()) or raw
        if words:
            pieces.append("".join(words))
            words = []
        pieces.append(Link(label, url))
        words.append(tail)
    words.append(line[at:])
    pieces.append("".join(words))
    return _tidy(pieces)


def _tidy(pieces: list[str | Link]) -> list[str | Link]:
    """Spaces left by dropped embeds collapsed, the line trimmed, empty text dropped."""
    tidy: list[str | Link] = []
    for piece in pieces:
        if isinstance(piece, str):
            piece = re.sub(r" {2,}", " ", piece)
            if tidy and isinstance(tidy[-1], str):
                tidy[-1] = re.sub(r" {2,}", " ", tidy[-1] + piece)
                continue
        tidy.append(piece)
    if tidy and isinstance(tidy[0], str):
        tidy[0] = tidy[0].lstrip()
    if tidy and isinstance(tidy[-1], str):
        tidy[-1] = tidy[-1].rstrip()
    return [p for p in tidy if p != ""]


def plain_text(text: str) -> str:
    """A journal line as plain text: embeds dropped, wiki and Markdown links as their text."""
    return "".join(p if isinstance(p, str) else p.text for p in journal_pieces(text))


def _md_inert(text: str) -> str:
    return _MD_SPECIAL.sub(lambda m: _MD_ENTITIES.get(m[0], "\\" + m[0]), text)


def md_text(text: str) -> str:
    """A journal line as Markdown: http(s) links kept as working links, embeds dropped, wiki
    links as their text, everything else inert (see the module docstring)."""
    return "".join(
        _md_inert(p) if isinstance(p, str) else f"[{_md_inert(p.text)}]({p.url})"
        for p in journal_pieces(text)
    )


def _md_link(url: str | None) -> str:
    if not url:
        return ""
    safe = safe_url(url)
    return f"<{safe}>" if safe else md_escape(url)


def _application_label(app: ApplicationDone, esc: Callable[[str], str]) -> str:
    return esc(app.organization) + (f" — {esc(app.role)}" if app.role else "")


def _period(summary: Summary) -> str:
    since, until = summary.since, summary.until
    if since and until:
        return f"between {since} and {until}"
    if since:
        return f"since {since}"
    if until:
        return f"up to {until}"
    return "in the journal"


def _empty_sentence(summary: Summary, esc: Callable[[str], str]) -> str:
    words = ["No skill evidence"]
    if summary.only_skills:
        words.append("of " + ", ".join(esc(name) for name in summary.only_skills))
    if summary.only_category is not None:
        words.append(f"in the category {esc(summary.only_category)}")
    if summary.application is not None:
        label = _application_label(summary.application, esc)
        words.append(f"for the skills application {summary.application.id} ({label}) asks for")
    if summary.min_level > 1:  # exposure, the default, is said by the scope sentence
        words.append(f"at level {level_name(summary.min_level)} or above")
    words.append(_period(summary))
    return " ".join(words) + "."


def empty_message(summary: Summary) -> str | None:
    """The sentence an empty summary shows (plain text), or None when it has skills."""
    return None if summary.skills else _empty_sentence(summary, lambda s: s)


def _dates(start: date | None, end: date | None) -> str:
    if start is None:
        return "dates not set"
    if end is None or end == start:
        return str(start)
    return f"{start} to {end}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _line_count(skill: SkillSummary) -> str:
    return _plural(skill.count, "plan line" if skill.planned_only else "evidence line")


# --- Markdown -------------------------------------------------------------------------------


def markdown(summary: Summary, top: int = 3) -> str:
    """The brag document: skills with their strongest cited lines, then the period's
    applications, advising sessions and events."""
    if top < 0:
        raise InvalidInput(f"the number of lines cited per skill must be 0 or more, not {top}")
    esc = md_escape
    out = ["# Skills evidence", ""]
    for line in _md_header(summary):
        out += [line, ""]
    if not summary.skills:
        out += [_empty_sentence(summary, esc), ""]
    for category, members in ordered_skills(held(summary)):
        out += [f"## {esc(category)}", ""]
        for skill in members:
            out += [f"### {esc(skill.name)}", ""]
            out += _md_skill(skill, top, f"**{level_name(skill.best_level)}**")
    planned = plans(summary)
    if planned:
        out += ["## Plans", "", "Skills the journal only plans so far: not evidence yet.", ""]
        for skill in planned:
            out += [f"### {esc(skill.name)}", ""]
            out += _md_skill(skill, top, f"*(plan)* · {esc(skill.category)}")
    if summary.applications:
        out += ["## Applications", ""]
        out += [f"- {_md_application(app)}" for app in summary.applications]
        out.append("")
    if summary.sessions:
        out += ["## Advising sessions", ""]
        for session in summary.sessions:
            out.append(f"- {_md_session(session)}")
            out += [f"  - {esc(t)}" for t in session.takeaways]
        out.append("")
    if summary.events:
        out += ["## Events", ""]
        out += [f"- {_md_event(event)}" for event in summary.events]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _md_skill(skill: SkillSummary, top: int, label: str) -> list[str]:
    out = [
        f"{label} · first {skill.first} · last {skill.last} · {_line_count(skill)}",
        "",
    ]
    cited = ranked(skill.evidence)
    out += [f"- {_md_citation(citation)}" for citation in cited[:top]]
    if len(cited) > top:
        out.append(f"- and {len(cited) - top} more in the journal")
    if cited[:top] or len(cited) > top:
        out.append("")
    return out


def _md_header(summary: Summary) -> list[str]:
    lines = [f"Period: {_period_label(summary)} · generated {summary.generated}"]
    lines.append(md_escape(scope_sentence(summary)))
    if summary.application is not None:
        app = summary.application
        lines.append(
            f"For application {app.id}: {_application_label(app, md_escape)}"
            f" ({md_escape(app.kind)}, {md_escape(app.status)})"
        )
    return lines


def _period_label(summary: Summary) -> str:
    since, until = summary.since, summary.until
    if since and until:
        return f"{since} to {until}"
    if since:
        return f"from {since}"
    if until:
        return f"up to {until}"
    return "the whole journal"


def md_level(c: Citation) -> str:
    """A line's level in Markdown: its word, and a plan marked as one."""
    return "intent *(plan)*" if is_plan(c) else level_name(c.level)


_OWN_LINK = re.compile(r"obsidian://open\?vault=[A-Za-z0-9%._~-]+&file=[A-Za-z0-9%._~-]+")


def own_link(url: str | None) -> str | None:
    """`url` when it is a citation link we made (``obsidian://open`` with percent-encoded
    parts, see ``career.evidence.queries.obsidian_link``), else None."""
    return url if url is not None and _OWN_LINK.fullmatch(url) else None


def _md_citation(c: Citation) -> str:
    where = f"{md_escape(c.source)}:{c.line}"
    link = own_link(c.link)
    if link is not None:
        where = f"[{where}]({link})"
    return f"{c.day} · {md_level(c)} — {md_text(c.text)} ({where})"


def _md_application(app: ApplicationDone) -> str:
    label = f"**{md_escape(app.organization)}**"
    if app.role:
        label += f" — {md_escape(app.role)}"
    parts = [f"{label} ({md_escape(app.kind)})"]
    parts.append(f"status: {md_escape(app.status)}")
    parts.append(f"applied {app.applied}" if app.applied else "not applied yet")
    if app.url:
        parts.append(_md_link(app.url))
    return " · ".join(parts)


def _md_session(session: SessionDone) -> str:
    text = f"{session.held_on} — {md_escape(session.organization)}"
    if session.advisor:
        text += f", with {md_escape(session.advisor)}"
    return text


def _md_event(event: EventDone) -> str:
    about = md_escape(event.kind) + (f", {md_escape(event.host)}" if event.host else "")
    parts = [f"{_dates(event.start, event.end)} — **{md_escape(event.name)}** ({about})"]
    parts.append(f"status: {md_escape(event.status)}")
    if event.outcome:
        parts.append(f"outcome: {md_escape(event.outcome)}")
    if event.url:
        parts.append(_md_link(event.url))
    return " · ".join(parts)


# --- JSON -----------------------------------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def citation_record(c: Citation) -> dict[str, Any]:
    return {
        "day": c.day.isoformat(),
        "level": c.level,
        "level_name": level_name(c.level),
        "plan": is_plan(c),
        "signal": c.signal,
        "text": c.text,
        "source": c.source,
        "line": c.line,
    }


def application_record(app: ApplicationDone) -> dict[str, Any]:
    return {
        "id": app.id,
        "organization": app.organization,
        "role": app.role,
        "kind": app.kind,
        "status": app.status,
        "applied": _iso(app.applied),
        "url": app.url,
    }


def _skill_record(skill: SkillSummary) -> dict[str, Any]:
    return {
        "name": skill.name,
        "category": skill.category,
        "level": skill.best_level,
        "level_name": level_name(skill.best_level),
        "count": skill.count,
        "first": skill.first.isoformat(),
        "last": skill.last.isoformat(),
        "evidence": [citation_record(c) for c in ranked(skill.evidence)],
    }


def _session_record(session: SessionDone) -> dict[str, Any]:
    return {
        "id": session.id,
        "organization": session.organization,
        "held_on": session.held_on.isoformat(),
        "advisor": session.advisor,
        "takeaways": list(session.takeaways),
    }


def _event_record(event: EventDone) -> dict[str, Any]:
    return {
        "id": event.id,
        "name": event.name,
        "kind": event.kind,
        "host": event.host,
        "start": _iso(event.start),
        "end": _iso(event.end),
        "status": event.status,
        "outcome": event.outcome,
        "url": event.url,
    }


def summary_record(summary: Summary) -> dict[str, Any]:
    """The JSON contract as a dict (shape in the module docstring)."""
    return {
        "generated": summary.generated.isoformat(),
        "period": {"since": _iso(summary.since), "until": _iso(summary.until)},
        "min_level": summary.min_level,
        "min_level_name": level_name(summary.min_level),
        "application": (
            None if summary.application is None else application_record(summary.application)
        ),
        "scope": scope_sentence(summary),
        "skills": [_skill_record(skill) for skill in held(summary)],
        "plans": [_skill_record(skill) for skill in plans(summary)],
        "applications": [application_record(app) for app in summary.applications],
        "sessions": [_session_record(session) for session in summary.sessions],
        "events": [_event_record(event) for event in summary.events],
    }


def json_text(summary: Summary) -> str:
    """The whole summary, every evidence line, as indented JSON."""
    return to_json_document(summary_record(summary)) + "\n"


# --- JSON Resume ----------------------------------------------------------------------------


def jsonresume(summary: Summary) -> dict[str, Any]:
    """A JSON Resume document: skills grouped by category and level, plans as interests,
    projects from events done and from delivered journal lines, and a meta block."""
    skills: list[dict[str, Any]] = []
    for category, members in ordered_skills(held(summary)):
        by_level: dict[int, list[str]] = {}
        for skill in members:  # strongest first, so the groups come strongest first
            by_level.setdefault(skill.best_level, []).append(skill.name)
        skills += [
            {"name": category, "level": RESUME_LEVELS[level], "keywords": names}
            for level, names in by_level.items()
        ]
    interests = [
        {"name": category, "keywords": [skill.name for skill in members]}
        for category, members in ordered_skills(plans(summary))
    ]
    projects = [_project(event) for event in summary.events if event.status in PROJECT_STATUSES]
    projects += _delivered_projects(summary)
    career: dict[str, Any] = {
        "generated": summary.generated.isoformat(),
        "since": _iso(summary.since),
        "until": _iso(summary.until),
        "minLevel": level_name(summary.min_level),
        "scope": scope_sentence(summary),
        "levels": {ours: word for ours, word in zip(LEVELS, RESUME_LEVELS, strict=True)},
    }
    message = empty_message(summary)
    if message is not None:
        career["note"] = message
    document: dict[str, Any] = {"$schema": RESUME_SCHEMA, "skills": skills}
    if interests:
        document["interests"] = interests
    document["projects"] = projects
    document["meta"] = {"lastModified": summary.generated.isoformat(), "career": career}
    return document


def _delivered_projects(summary: Summary) -> list[dict[str, Any]]:
    """One project per journal line at level delivered (most recent first), naming the skills
    it shows; its URL when the line links to exactly one http(s) page."""
    lines: dict[tuple[str, int], tuple[Citation, list[str]]] = {}
    for skill in held(summary):
        for c in skill.evidence:
            if c.level == DELIVERED:
                lines.setdefault((c.source, c.line), (c, []))[1].append(skill.name)
    projects = []
    for c, names in sorted(lines.values(), key=lambda found: _recent_first(found[0])):
        pieces = journal_pieces(c.text)
        name = "".join(p if isinstance(p, str) else p.text for p in pieces) or c.text
        name = name[:1].upper() + name[1:]
        project: dict[str, Any] = {
            "name": name,
            "description": f"From the journal ({c.source}:{c.line})",
            "startDate": c.day.isoformat(),
            "endDate": c.day.isoformat(),
            "keywords": names,
        }
        links = [p.url for p in pieces if isinstance(p, Link)]
        if len(links) == 1:
            project["url"] = links[0]
        projects.append(project)
    return projects


def _recent_first(c: Citation) -> tuple[int, str, int]:
    return (-c.day.toordinal(), c.source, c.line)


def _project(event: EventDone) -> dict[str, Any]:
    project: dict[str, Any] = {"name": event.name, "type": event.kind}
    description = event.kind.capitalize()
    if event.host:
        project["entity"] = event.host
        description += f" hosted by {event.host}"
    project["description"] = description
    if event.start is not None:
        project["startDate"] = event.start.isoformat()
    if event.end is not None:
        project["endDate"] = event.end.isoformat()
    url = safe_url(event.url)
    if url is not None:
        project["url"] = url
    if event.outcome:
        project["highlights"] = [event.outcome]
    return project


# --- CSV ------------------------------------------------------------------------------------


def csv_rows(summary: Summary) -> list[dict[str, Any]]:
    """One row per evidence item (unguarded values), in the export's order."""
    return [
        {
            "date": c.day,
            "skill": skill.name,
            "category": skill.category,
            "level": level_name(c.level),
            "signal": c.signal,
            "text": c.text,
            "source": c.source,
            "line": c.line,
            "plan": "yes" if is_plan(c) else "no",
        }
        for skill in (*held(summary), *plans(summary))
        for c in ranked(skill.evidence)
    ]


def csv_text(summary: Summary) -> str:
    """The evidence as CSV; cells a spreadsheet would run are guarded."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for row in csv_rows(summary):
        writer.writerow([guard_cell(row[field]) for field in CSV_FIELDS])
    return out.getvalue()


# --- HTML -----------------------------------------------------------------------------------

_CSS: Final = """
:root { color-scheme: light; --ink: #1d1f23; --muted: #5b616b; --rule: #d9dce1;
  --accent: #2f5d8a; }
* { box-sizing: border-box; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: #fff; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-bottom: .2rem;
  border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .1rem; }
p.meta, p.facts, .more { color: var(--muted); margin: .1rem 0 .4rem; }
.level { display: inline-block; font-size: .8rem; font-weight: 600; text-transform: uppercase;
  letter-spacing: .04em; color: var(--accent); border: 1px solid var(--accent);
  border-radius: .25rem; padding: 0 .35rem; margin-left: .4rem; vertical-align: .1rem; }
li .level { font-size: .7rem; margin: 0 .1rem; vertical-align: .05rem; }
.level.plan { color: var(--muted); border-style: dashed; border-color: var(--muted); }
ul { padding-left: 1.2rem; margin: .3rem 0; }
li { margin: .15rem 0; }
time { font-variant-numeric: tabular-nums; white-space: nowrap; }
cite { font-style: normal; color: var(--muted); }
a { color: var(--accent); }
article { break-inside: avoid; page-break-inside: avoid; }
@media print {
  body { font-size: 11pt; margin: 0; max-width: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""

_CSP: Final = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def _h(text: str) -> str:
    return htmlib.escape(text, quote=True)


def _html_link(url: str | None) -> str:
    if not url:
        return ""
    safe = safe_url(url)
    if safe is None:
        return f'<span class="url">{_h(url)}</span>'
    return f'<a href="{_h(safe)}" rel="noopener noreferrer">{_h(safe)}</a>'


def _time(day: date) -> str:
    return f'<time datetime="{day.isoformat()}">{day.isoformat()}</time>'


def html(summary: Summary, top: int = 3) -> str:
    """One self-contained HTML page of the summary (same content as the Markdown)."""
    if top < 0:
        raise InvalidInput(f"the number of lines cited per skill must be 0 or more, not {top}")
    body = ["<h1>Skills evidence</h1>"]
    body.append(
        f'<p class="meta">Period: {_h(_period_label(summary))}'
        f" · generated {_time(summary.generated)}</p>"
    )
    body.append(f'<p class="meta scope">{_h(scope_sentence(summary))}</p>')
    if summary.application is not None:
        app = summary.application
        body.append(
            f'<p class="meta">For application {app.id}: {_application_label(app, _h)}'
            f" ({_h(app.kind)}, {_h(app.status)})</p>"
        )
    if not summary.skills:
        body.append(f'<p class="empty">{_empty_sentence(summary, _h)}</p>')
    for category, members in ordered_skills(held(summary)):
        body.append(f"<section>\n<h2>{_h(category)}</h2>")
        for skill in members:
            body.append(_html_skill(skill, top))
        body.append("</section>")
    planned = plans(summary)
    if planned:
        body.append(
            '<section class="plans">\n<h2>Plans</h2>\n'
            '<p class="meta">Skills the journal only plans so far: not evidence yet.</p>'
        )
        body += [_html_skill(skill, top) for skill in planned]
        body.append("</section>")
    if summary.applications:
        items = "".join(f"<li>{_html_application(a)}</li>\n" for a in summary.applications)
        body.append(f"<section>\n<h2>Applications</h2>\n<ul>\n{items}</ul>\n</section>")
    if summary.sessions:
        items = "".join(f"<li>{_html_session(s)}</li>\n" for s in summary.sessions)
        body.append(f"<section>\n<h2>Advising sessions</h2>\n<ul>\n{items}</ul>\n</section>")
    if summary.events:
        items = "".join(f"<li>{_html_event(e)}</li>\n" for e in summary.events)
        body.append(f"<section>\n<h2>Events</h2>\n<ul>\n{items}</ul>\n</section>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Skills evidence</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def html_text(text: str) -> str:
    """A journal line as HTML: http(s) links clickable (``rel="noopener noreferrer"``),
    embeds dropped, wiki links as their text, everything else escaped."""
    return "".join(
        _h(p)
        if isinstance(p, str)
        else f'<a href="{_h(p.url)}" rel="noopener noreferrer">{_h(p.text)}</a>'
        for p in journal_pieces(text)
    )


def _html_where(c: Citation) -> str:
    where = f"{_h(c.source)}:{c.line}"
    link = own_link(c.link)
    if link is None:
        return where
    return f'<a href="{_h(link)}" rel="noopener noreferrer">{where}</a>'


def _html_level(level: int) -> str:
    if level == 0:
        return '<span class="level plan">intent · plan</span>'
    return f'<span class="level">{_h(level_name(level))}</span>'


def _html_skill(skill: SkillSummary, top: int) -> str:
    cited = ranked(skill.evidence)
    facts = [f"first {_time(skill.first)}", f"last {_time(skill.last)}"]
    facts.append(_line_count(skill))
    if skill.planned_only:
        facts.insert(0, _h(skill.category))
    lines = [
        f"<article>\n<h3>{_h(skill.name)}{_html_level(skill.best_level)}</h3>",
        f'<p class="facts">{" · ".join(facts)}</p>',
    ]
    if cited[:top]:
        items = "".join(
            f"<li>{_time(c.day)} {_html_level(c.level)} — {html_text(c.text)}"
            f" <cite>({_html_where(c)})</cite></li>\n"
            for c in cited[:top]
        )
        lines.append(f"<ul>\n{items}</ul>")
    if len(cited) > top:
        lines.append(f'<p class="more">and {len(cited) - top} more in the journal</p>')
    lines.append("</article>")
    return "\n".join(lines)


def _html_application(app: ApplicationDone) -> str:
    text = f"<strong>{_h(app.organization)}</strong>"
    if app.role:
        text += f" — {_h(app.role)}"
    text += f" ({_h(app.kind)}) · status: {_h(app.status)} · "
    text += f"applied {_time(app.applied)}" if app.applied else "not applied yet"
    if app.url:
        text += " · " + _html_link(app.url)
    return text


def _html_session(session: SessionDone) -> str:
    text = f"{_time(session.held_on)} — {_h(session.organization)}"
    if session.advisor:
        text += f", with {_h(session.advisor)}"
    if session.takeaways:
        items = "".join(f"<li>{_h(t)}</li>" for t in session.takeaways)
        text += f"<ul>{items}</ul>"
    return text


def _html_event(event: EventDone) -> str:
    if event.start is None:
        when = "dates not set"
    elif event.end is None or event.end == event.start:
        when = _time(event.start)
    else:
        when = f"{_time(event.start)} to {_time(event.end)}"
    about = _h(event.kind) + (f", {_h(event.host)}" if event.host else "")
    text = f"{when} — <strong>{_h(event.name)}</strong> ({about}) · status: {_h(event.status)}"
    if event.outcome:
        text += f" · outcome: {_h(event.outcome)}"
    if event.url:
        text += " · " + _html_link(event.url)
    return text
