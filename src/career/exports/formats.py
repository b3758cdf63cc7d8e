"""The skills-evidence summary in five formats: Markdown, JSON, JSON Resume, CSV and HTML.

Pure: each renderer takes a `Summary` (see ``summary.py``) and returns text (or a dict); the
caller writes it. Text outputs end with one newline.

Decisions:

- **Order**, the same in every format: skills are grouped by category; categories come in the
  order of their strongest skill; inside a category, strongest level first, then most recent
  evidence, then name. A skill's evidence is ranked strongest level first, then most recent,
  then by source and line (the renderers sort it themselves, so the order never depends on the
  caller).
- **Markdown** (`markdown`) is a brag document: for each skill its level in words, first and
  last dates, evidence count and the `top` strongest lines, cited as
  ``2024-04-17 — implemented batch norm on the MLP (daily-log-2024-04.md:85)``; then the
  period's applications (with their status: the outcome so far), advising sessions (with their
  takeaways) and events. Every piece of user text is made inert: ``&``, ``<`` and ``>`` become
  HTML entities (every Markdown flavour decodes them as text, and none can open a tag), and
  ``\\ ` * _ [ ] # ! | ~`` are backslash-escaped (no link, image, emphasis, code or heading
  can start inside user text); line breaks become spaces. A URL is a link only when it is
  http(s) with no space or angle bracket in it; any other URL is shown as escaped text.
- **JSON** (`json_text`, `summary_record`), keys in this order, dates ISO 8601::

      {"generated": "2024-04-20",
       "period": {"since": "2024-04-01" | null, "until": "2024-04-30" | null},
       "min_level": 0, "min_level_name": "intent",
       "application": null | APPLICATION,
       "skills": [{"name", "category", "level", "level_name", "count", "first", "last",
                   "evidence": [{"day", "level", "level_name", "signal", "text",
                                 "source", "line"}, ...]}, ...],
       "applications": [APPLICATION, ...],
       "sessions": [{"id", "organization", "held_on", "advisor", "takeaways": [str]}, ...],
       "events": [{"id", "name", "kind", "host", "start", "end", "status", "outcome",
                   "url"}, ...]}

  where APPLICATION is ``{"id", "organization", "role", "kind", "status", "applied", "url"}``.
  Every evidence line is there. An empty summary is the same shape with empty lists.
- **JSON Resume** (`jsonresume`): one ``skills`` entry per skill, ``name``, ``level`` (a
  résumé word, `RESUME_LEVELS`) and ``keywords`` (its category). Our levels become résumé
  words as follows, chosen so a reader never reads more than the journal shows:
  0 intent -> "Interested", 1 exposure -> "Familiar", 2 practice -> "Practiced",
  3 applied -> "Proficient", 4 delivered -> "Advanced". ``projects`` come from the period's
  events the user took part in (status participating, submitted or done): name, type (the
  event's kind), entity (the host), description, start and end dates, url (http(s) only) and
  the outcome as a highlight. ``meta`` holds ``lastModified`` (the day it was generated) and
  ``career``: the period, the minimum level, the level mapping and, for an empty summary, the
  sentence saying so.
- **CSV** (`csv_text`): a header and one row per evidence item: date, skill, category, level
  (in words), signal, text, source, line; every text cell goes through the pipeline's formula
  guard (`career.pipeline.spreadsheet.guard_cell`). An empty summary is the header alone (a
  sentence would be read as a row); `empty_message` gives the sentence for the caller to show.
- **HTML** (`html`): one self-contained page: inline CSS for screen and print, no script, no
  remote asset (a Content-Security-Policy that forbids both, in case), every piece of user text
  through `html.escape`, and links only for http(s) URLs.
"""

from __future__ import annotations

import csv
import html as htmlib
import io
import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, Final

from career.errors import InvalidInput
from career.exports.summary import (
    ApplicationDone,
    Citation,
    EventDone,
    SessionDone,
    SkillSummary,
    Summary,
)
from career.journal.skills import LEVELS
from career.pipeline.spreadsheet import guard_cell
from career.render import to_json_document

__all__ = [
    "CSV_FIELDS",
    "RESUME_LEVELS",
    "application_record",
    "citation_record",
    "csv_rows",
    "csv_text",
    "empty_message",
    "html",
    "json_text",
    "jsonresume",
    "level_name",
    "markdown",
    "md_escape",
    "ordered_skills",
    "ranked",
    "safe_url",
    "summary_record",
]

RESUME_LEVELS: Final = ("Interested", "Familiar", "Practiced", "Proficient", "Advanced")
CSV_FIELDS: Final = ("date", "skill", "category", "level", "signal", "text", "source", "line")
RESUME_SCHEMA: Final = (
    "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
)
# Events that are something the user did, and so a project on a résumé.
PROJECT_STATUSES: Final = ("participating", "submitted", "done")

# --- shared pieces (the gap report uses them too) ---------------------------------------------


def level_name(level: int) -> str:
    """Our word for a level (0 intent ... 4 delivered)."""
    return str(LEVELS[level])


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


def _in_order(summary: Summary) -> list[SkillSummary]:
    return [skill for _, members in ordered_skills(summary.skills) for skill in members]


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
    if summary.min_level > 0:
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
    for category, members in ordered_skills(summary.skills):
        out += [f"## {esc(category)}", ""]
        for skill in members:
            out += [f"### {esc(skill.name)}", ""]
            out.append(
                f"**{level_name(skill.best_level)}** · first {skill.first} · last {skill.last}"
                f" · {_plural(skill.count, 'evidence line')}"
            )
            out.append("")
            cited = ranked(skill.evidence)
            for citation in cited[:top]:
                out.append(f"- {_md_citation(citation)}")
            if len(cited) > top:
                out.append(f"- and {len(cited) - top} more in the journal")
            if cited[:top] or len(cited) > top:
                out.append("")
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


def _md_header(summary: Summary) -> list[str]:
    parts = [_period_label(summary)]
    if summary.min_level > 0:
        parts.append(f"levels {level_name(summary.min_level)} and above")
    parts.append(f"generated {summary.generated}")
    lines = ["Period: " + " · ".join(parts)]
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


def _md_citation(c: Citation) -> str:
    return f"{c.day} — {md_escape(c.text)} ({md_escape(c.source)}:{c.line})"


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
        "skills": [_skill_record(skill) for skill in _in_order(summary)],
        "applications": [application_record(app) for app in summary.applications],
        "sessions": [_session_record(session) for session in summary.sessions],
        "events": [_event_record(event) for event in summary.events],
    }


def json_text(summary: Summary) -> str:
    """The whole summary, every evidence line, as indented JSON."""
    return to_json_document(summary_record(summary)) + "\n"


# --- JSON Resume ----------------------------------------------------------------------------


def jsonresume(summary: Summary) -> dict[str, Any]:
    """A JSON Resume document: skills, projects from events, and a meta block."""
    skills = [
        {
            "name": skill.name,
            "level": RESUME_LEVELS[skill.best_level],
            "keywords": [skill.category],
        }
        for skill in _in_order(summary)
    ]
    projects = [_project(event) for event in summary.events if event.status in PROJECT_STATUSES]
    career: dict[str, Any] = {
        "generated": summary.generated.isoformat(),
        "since": _iso(summary.since),
        "until": _iso(summary.until),
        "minLevel": level_name(summary.min_level),
        "levels": {ours: word for ours, word in zip(LEVELS, RESUME_LEVELS, strict=True)},
    }
    message = empty_message(summary)
    if message is not None:
        career["note"] = message
    return {
        "$schema": RESUME_SCHEMA,
        "skills": skills,
        "projects": projects,
        "meta": {"lastModified": summary.generated.isoformat(), "career": career},
    }


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
        }
        for skill in _in_order(summary)
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
    meta = [f"Period: {_h(_period_label(summary))}"]
    if summary.min_level > 0:
        meta.append(f"levels {_h(level_name(summary.min_level))} and above")
    meta.append(f"generated {_time(summary.generated)}")
    body.append(f'<p class="meta">{" · ".join(meta)}</p>')
    if summary.application is not None:
        app = summary.application
        body.append(
            f'<p class="meta">For application {app.id}: {_application_label(app, _h)}'
            f" ({_h(app.kind)}, {_h(app.status)})</p>"
        )
    if not summary.skills:
        body.append(f'<p class="empty">{_empty_sentence(summary, _h)}</p>')
    for category, members in ordered_skills(summary.skills):
        body.append(f"<section>\n<h2>{_h(category)}</h2>")
        for skill in members:
            body.append(_html_skill(skill, top))
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


def _html_skill(skill: SkillSummary, top: int) -> str:
    cited = ranked(skill.evidence)
    lines = [
        f'<article>\n<h3>{_h(skill.name)}<span class="level">'
        f"{_h(level_name(skill.best_level))}</span></h3>",
        f'<p class="facts">first {_time(skill.first)} · last {_time(skill.last)} · '
        f"{_plural(skill.count, 'evidence line')}</p>",
    ]
    if cited[:top]:
        items = "".join(
            f"<li>{_time(c.day)} — {_h(c.text)} <cite>({_h(c.source)}:{c.line})</cite></li>\n"
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
