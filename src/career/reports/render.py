"""Renderings of the reports as data, text, CSV and Markdown: pure, no terminal, no database.

The JSON of each report is a contract (stable keys, ISO dates); the text renderings say what
the numbers leave out (waiting applications, small counts) next to the numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from career.reports.funnel import EXITS, MIN_FOR_RATE, STAGE_LABELS, Funnel

FUNNEL_CSV_FIELDS = [
    "group",
    "stage",
    "reached",
    "waiting",
    *EXITS,
    "converted",
    "decided",
    "waiting_excluded",
    "rate",
]


def funnel_data(
    funnels: Sequence[Funnel],
    *,
    since: date | None,
    until: date | None,
    filters: Mapping[str, str | None],
    by: str | None,
) -> dict[str, Any]:
    return {
        "period": {"since": since, "until": until},
        "filters": dict(filters),
        "by": by,
        "min_for_rate": MIN_FOR_RATE,
        "groups": [_funnel(f) for f in funnels],
    }


def _funnel(f: Funnel) -> dict[str, Any]:
    return {
        "group": f.group,
        "applications": f.applications,
        "waiting": f.waiting,
        "stages": [
            {
                "stage": s.stage,
                "reached": s.reached,
                "waiting": s.waiting,
                "exits": dict(s.exits),
                "conversion": None
                if s.conversion is None
                else {
                    "converted": s.conversion.converted,
                    "decided": s.conversion.decided,
                    "waiting_excluded": s.conversion.waiting_excluded,
                    "rate": s.conversion.rate,
                },
            }
            for s in f.stages
        ],
        "days": [
            {
                "step": d.step,
                "events": d.events,
                "censored": d.censored,
                "median": d.median,
                "p75": d.p75,
            }
            for d in f.durations
        ],
    }


def funnel_csv_rows(funnels: Sequence[Funnel]) -> list[dict[str, Any]]:
    rows = []
    for f in funnels:
        for s in f.stages:
            c = s.conversion
            rows.append(
                {
                    "group": f.group or "all",
                    "stage": s.stage,
                    "reached": s.reached,
                    "waiting": s.waiting,
                    **{e: s.exits[e] for e in EXITS},
                    "converted": None if c is None else c.converted,
                    "decided": None if c is None else c.decided,
                    "waiting_excluded": None if c is None else c.waiting_excluded,
                    "rate": None if c is None else c.rate,
                }
            )
    return rows


FUNNEL_HEADINGS = ["stage", "reached", "from previous", "waiting", "exits"]


def funnel_table(f: Funnel) -> list[list[str]]:
    """The cells of one funnel's table (FUNNEL_HEADINGS)."""
    out = []
    for s in f.stages:
        exits = ", ".join(f"{e} {s.exits[e]}" for e in EXITS if s.exits[e])
        out.append(
            [
                STAGE_LABELS[s.stage],
                str(s.reached),
                "" if s.conversion is None else s.conversion.text(),
                str(s.waiting) if s.waiting else "",
                exits,
            ]
        )
    return out


def funnel_notes(f: Funnel) -> list[str]:
    """What the table leaves out, and the days, as lines under it."""
    if f.applications == 0:
        return ["no applications in this period"]
    lines = []
    if f.waiting:
        lines.append(
            f"{f.waiting} still waiting, excluded from the rates of the stage they wait at"
        )
    lines.append(f"a rate over fewer than {MIN_FOR_RATE} applications is shown as its counts")
    for d in f.durations:
        if d.events == 0 and d.censored == 0:
            continue
        lines.append(
            f"days {d.step}: median {_days(d.median)}, 75% by {_days(d.p75)}"
            f" ({d.events} had it"
            + (f", {d.censored} still waiting counted as censored" if d.censored else "")
            + ")"
        )
    return lines


def _days(value: int | None) -> str:
    return "not reached" if value is None else f"{value} d"


def funnel_heading(f: Funnel, since: date | None, until: date | None) -> str:
    period = ""
    if since or until:
        period = f" applied {since or '…'} to {until or '…'}"
    who = f"{f.group}: " if f.group is not None else ""
    return f"{who}{f.applications} application(s){period}"


def md_cell(text: str) -> str:
    """Text in a Markdown table cell: pipes and backslashes escaped, on one line."""
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())


def funnel_markdown(funnels: Sequence[Funnel], since: date | None, until: date | None) -> str:
    parts = []
    for f in funnels:
        parts.append(f"## {md_cell(funnel_heading(f, since, until))}\n")
        parts.append("| " + " | ".join(FUNNEL_HEADINGS) + " |")
        parts.append("|" + "---|" * len(FUNNEL_HEADINGS))
        for row in funnel_table(f):
            parts.append("| " + " | ".join(md_cell(c) for c in row) + " |")
        parts.append("")
        parts += [f"- {md_cell(line)}" for line in funnel_notes(f)]
        parts.append("")
    return "\n".join(parts)
