"""The dashboard: one self-contained HTML page of the whole search. Pure: handed the data.

- One file, nothing outside it: the CSS inline, the pictures inline SVG (matplotlib's), no
  script at all, no remote asset, no form. The Content-Security-Policy is the skills export's
  (`default-src 'none'; style-src 'unsafe-inline'; ...`), which forbids scripts, fetches,
  frames and images from anywhere, so the page opens from `file://` offline and a stray tag
  could not load anything even if one slipped through.
- Escaped exactly like the skills HTML export (career.exports.formats): every piece of user
  text through `html.escape(quote=True)`, journal lines through its `html_text` (http(s) links
  only, with `rel="noopener noreferrer"`), and the skills' evidence rendered by that export's
  own article function. The inline SVG is matplotlib's, whose text it escapes itself; it is
  checked to hold no `<script` and no `on...=` attribute (an assertion, not a filter).
- Sections: the board (active applications by status, days in the status), upcoming and
  overdue deadlines with follow-up nudges (an application in applied, screening or
  interviewing unchanged for FOLLOW_UP_DAYS), the funnel (table and flow), activity per month
  (table and bars), and the skills summary, each skill linking to its evidence further down.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from career.exports import formats
from career.exports.summary import Summary
from career.reports.activity import Row
from career.reports.funnel import Funnel
from career.reports.render import FUNNEL_HEADINGS, funnel_notes, funnel_table

FOLLOW_UP_DAYS = 14
WAITING_STATUSES = ("applied", "screening", "interviewing")

_CSS = """
body { max-width: 80rem; }
.board { display: flex; gap: .6rem; overflow-x: auto; align-items: flex-start; }
.column { flex: 1 1 0; min-width: 9rem; background: #f3f4f6; border-radius: .4rem;
  padding: .4rem; }
.column h3 { font-size: .85rem; margin: .1rem 0 .4rem; text-transform: capitalize; }
.card { display: flow-root; background: #fff; border: 1px solid #e5e7eb; border-radius: .3rem;
  padding: .3rem .4rem;
  margin: 0 0 .35rem; font-size: .8rem; list-style: none; }
.card .days { color: var(--muted); float: right; }
.board ul { padding: 0; margin: 0; }
table { border-collapse: collapse; font-size: .85rem; margin: .4rem 0; }
th, td { text-align: left; padding: .15rem .6rem .15rem 0; border-bottom: 1px solid #e5e7eb; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.picture svg { max-width: 100%; height: auto; }
.overdue { color: #b91c1c; }
.notes { color: var(--muted); font-size: .85rem; }
"""


@dataclass(frozen=True)
class Card:
    id: int
    organization: str
    role: str | None
    status: str
    days: int


@dataclass(frozen=True)
class Dashboard:
    today: date
    board: list[tuple[str, list[Card]]]
    deadlines: list[dict[str, Any]]  # id, title, kind, due
    funnel: Funnel
    flow_svg: str
    activity: list[Row]
    activity_labels: list[str]
    activity_svg: str
    skills: Summary


def _h(text: str) -> str:
    return formats._h(text)  # the skills export's escaping, exactly


def inline_svg(svg: str) -> str:
    """matplotlib's SVG document as an element for the page (its XML prolog removed)."""
    start = svg.find("<svg")
    element = svg[start:]
    if re.search(r"<script|\son[a-z]+\s*=", element, re.IGNORECASE):
        raise ValueError("a picture holds a script or an event handler")
    return element


def _time(day: date) -> str:
    return f'<time datetime="{day.isoformat()}">{day.isoformat()}</time>'


def _board(d: Dashboard) -> str:
    columns = []
    for status, cards in d.board:
        items = "".join(
            f'<li class="card" id="app-{c.id}">#{c.id} <strong>{_h(c.organization)}</strong>'
            + (f" — {_h(c.role)}" if c.role else "")
            + f' <span class="days">{c.days}d</span></li>\n'
            for c in cards
        )
        columns.append(
            f'<section class="column" data-status="{_h(status)}">'
            f"<h3>{_h(status)} ({len(cards)})</h3>\n<ul>\n{items}</ul></section>"
        )
    return '<div class="board">\n' + "\n".join(columns) + "\n</div>"


def _deadlines(d: Dashboard) -> str:
    items = []
    for x in d.deadlines:
        overdue = x["due"] < d.today and x["kind"] != "opens"
        mark = ' class="overdue"' if overdue else ""
        items.append(
            f"<li{mark}>{_time(x['due'])} {_h(x['title'])} ({_h(x['kind'])})"
            + (" — overdue" if overdue else "")
            + "</li>"
        )
    nudges = [
        c
        for status, cards in d.board
        if status in WAITING_STATUSES
        for c in cards
        if c.days >= FOLLOW_UP_DAYS
    ]
    nudges.sort(key=lambda c: -c.days)
    for c in nudges:
        role = f" — {_h(c.role)}" if c.role else ""
        items.append(
            f"<li>follow up: #{c.id} {_h(c.organization)}{role},"
            f" {_h(c.status)} for {c.days} days</li>"
        )
    if not items:
        return '<p class="notes">nothing due, nothing to follow up</p>'
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def _funnel(d: Dashboard) -> str:
    head = "".join(f"<th>{_h(h)}</th>" for h in FUNNEL_HEADINGS)
    rows = []
    for cells in funnel_table(d.funnel):
        tds = "".join(
            f'<td class="n">{_h(c)}</td>' if n in (1, 3) else f"<td>{_h(c)}</td>"
            for n, c in enumerate(cells)
        )
        rows.append(f"<tr>{tds}</tr>")
    notes = "".join(f"<li>{_h(line)}</li>" for line in funnel_notes(d.funnel))
    return (
        f'<table class="funnel"><thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + f'\n</tbody></table>\n<ul class="notes">{notes}</ul>\n'
        + f'<div class="picture">{inline_svg(d.flow_svg)}</div>'
    )


def _activity(d: Dashboard) -> str:
    head = "<th>activity</th>" + "".join(f"<th>{_h(x)}</th>" for x in d.activity_labels)
    head += "<th>total</th><th>avg</th>"
    rows = []
    for r in d.activity:
        tds = "".join(f'<td class="n">{v}</td>' for v in r.values)
        rows.append(
            f'<tr><td>{_h(r.label)}</td>{tds}<td class="n">{r.total}</td>'
            f'<td class="n">{r.average}</td></tr>'
        )
    return (
        f'<table class="activity"><thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table>\n"
        + f'<div class="picture">{inline_svg(d.activity_svg)}</div>'
    )


def _skills(summary: Summary, top: int = 3) -> str:
    if not summary.skills:
        return '<p class="notes">no evidence of skills in the journal yet</p>'
    ordered = sorted(summary.skills, key=lambda s: (-s.best_level, -s.count, s.name.casefold()))
    rows = "".join(
        f'<tr><td><a href="#skill-{n}">{_h(s.name)}</a></td><td>{_h(s.category)}</td>'
        f'<td>{_h(formats.level_name(s.best_level))}</td><td class="n">{s.count}</td>'
        f"<td>{_time(s.last)}</td></tr>\n"
        for n, s in enumerate(ordered)
    )
    articles = "\n".join(
        f'<div id="skill-{n}">{formats._html_skill(s, top)}</div>' for n, s in enumerate(ordered)
    )
    return (
        "<table><thead><tr><th>skill</th><th>category</th><th>best level</th>"
        f"<th>lines</th><th>last</th></tr></thead>\n<tbody>\n{rows}</tbody></table>\n"
        f"<h3>Evidence</h3>\n{articles}"
    )


def page(d: Dashboard) -> str:
    sections: Sequence[tuple[str, str, str]] = [
        ("board", "Board", _board(d)),
        ("due", "Deadlines and follow-ups", _deadlines(d)),
        ("funnel", "Funnel", _funnel(d)),
        ("activity", "Activity", _activity(d)),
        ("skills", "Skills", _skills(d.skills)),
    ]
    body = [
        "<h1>Job search dashboard</h1>",
        f'<p class="meta">generated {_time(d.today)} by career · '
        + " · ".join(f'<a href="#{key}">{_h(title)}</a>' for key, title, _ in sections)
        + "</p>",
    ]
    body += [
        f'<section id="{key}">\n<h2>{_h(t)}</h2>\n{html}\n</section>' for key, t, html in sections
    ]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{formats._CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Job search dashboard</title>\n"
        f"<style>{formats._CSS}{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )
