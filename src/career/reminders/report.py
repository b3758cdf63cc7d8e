"""How reminders print: JSON for scripts, plain lines for cron and pipes, a table on a terminal.

Standard library only, so the fast path (`career.reminders.fast`) and the full CLI print the
very same bytes. The terminal table is drawn here rather than with rich: importing rich costs
about four times the interpreter's start-up, and this is the command people put in their shell
start-up. On a terminal it adds bold headings and colour (red overdue, yellow due within three
days; an `opens` date that has passed is plain), unless NO_COLOR is set.

The JSON contract of one reminder (a list, most urgent first), these keys in this order:
`rule` (overdue, open, due, action, event, follow-up, catch-up), `type` (deadline, event,
application, contact), `id`, `title`, `kind` (the deadline's kind, the event's kind, the
application's status, the contact's role or "contact"), `date` (due, starts, the day the current
status began, or the day of the last interaction with the contact, or of its creation when
there is none), `at` and `tz` (a deadline's time and zone, else null), `days` (from today to
`date`; negative is in the past), `belongs_to` ({"type", "id", "label", "organization"} or
null), `every` (a catch-up's cadence in days, else null).
"""

from __future__ import annotations

import os
from typing import Any

from career.reminders.rules import Reminder
from career.render import due_text, fit, plain_lines, printable, to_json

FORMATS = ("table", "plain", "json")
HEADINGS = ("When", "Date", "What", "Title", "For")
RED, YELLOW, BOLD, RESET = "\x1b[31m", "\x1b[33m", "\x1b[1m", "\x1b[0m"


def record(item: Reminder) -> dict[str, Any]:
    owner = item.belongs_to
    return {
        "rule": item.rule,
        "type": item.type,
        "id": item.id,
        "title": item.title,
        "kind": item.kind,
        "date": item.date.isoformat(),
        "at": item.at.strftime("%H:%M") if item.at is not None else None,
        "tz": item.tz,
        "days": item.days,
        "belongs_to": (
            {
                "type": owner.type,
                "id": owner.id,
                "label": owner.label,
                "organization": owner.organization,
            }
            if owner is not None
            else None
        ),
        "every": item.every,
    }


def _count(days: int, unit: str = "day") -> str:
    return f"{days} {unit}" + ("" if days == 1 else "s")


def when(item: Reminder) -> str:
    """How far away it is, in words."""
    days = item.days
    if item.rule == "catch-up":
        return f"{'talked' if item.talked else 'added'} {_count(-days)} ago"
    if item.rule == "follow-up":
        return f"{_count(-days)} in {item.kind}"
    if item.rule == "overdue":
        return "overdue today" if days == 0 else f"{_count(-days)} overdue"
    if item.rule == "open":
        return f"open since {item.date.isoformat()}"
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {_count(days)}"


def _what(item: Reminder) -> str:
    if item.type == "contact" and item.every is not None:
        from career.people.cadence import every_text

        return f"catch up, {every_text(item.every)}"
    return "follow up" if item.type == "application" else item.kind


def _for(item: Reminder) -> str:
    owner = item.belongs_to
    if owner is None:
        return ""
    if owner.type == "organization":
        return owner.label
    return f"{owner.type} #{owner.id} {owner.label}"


def _row(item: Reminder) -> list[str]:
    cells = [when(item), due_text(item.date, item.at, item.tz), _what(item), item.title, _for(item)]
    return [printable(" ".join(c.split())) for c in cells]  # one line, nothing that drives a tty


def _colour(item: Reminder) -> str:
    if item.rule == "overdue":
        return RED
    if item.type == "deadline" and item.rule != "open" and item.days <= 3:
        return YELLOW
    return ""


def render(items: list[Reminder], fmt: str, *, terminal: bool, width: int | None = None) -> str:
    """The text to print on stdout ("" when there is nothing and the format is not JSON). A
    table on a terminal `width` wide has its title and owner cut to fit (None: nothing cut)."""
    if fmt == "json":
        return to_json([record(item) for item in items]) + "\n"
    if not items:
        return ""
    rows = [_row(item) for item in items]
    if fmt == "table" and terminal and width:
        rows = fit(HEADINGS, rows, width, cut=(3, 4))
    lines = plain_lines(HEADINGS, rows)
    if fmt == "table" and terminal and not os.environ.get("NO_COLOR"):
        styled = [BOLD + lines[0] + RESET]
        for item, line in zip(items, lines[1:], strict=True):
            colour = _colour(item)
            styled.append(colour + line + RESET if colour else line)
        lines = styled
    return "\n".join(lines) + "\n"


def nothing(within: int) -> str:
    """The message (for stderr) when there is nothing to remind of."""
    return f"nothing overdue or due in the next {_count(within)}"
