"""The skills-evidence summary as plain data: the contract between the queries and the renderers.

The database side builds a `Summary` once; every export format (``formats.py``) and the gap
report (``gaps.py``) only read these frozen dataclasses, so renderers stay pure and testable
without a database. Levels are the journal's indices 0-4 into
``career.journal.skills.LEVELS`` (intent, exposure, practice, applied, delivered).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple


class Citation(NamedTuple):
    """One dated journal line backing a skill (a NamedTuple: a summary holds tens of thousands
    and they are made three times faster than frozen dataclasses)."""

    day: date
    level: int
    signal: str
    text: str
    source: str
    line: int
    link: str | None = None  # opens the line's note (obsidian://), when asked for and known


@dataclass(frozen=True)
class SkillSummary:
    """Everything the period's journal says about one skill."""

    name: str
    category: str
    best_level: int
    count: int
    first: date
    last: date
    evidence: tuple[Citation, ...]  # all of it, strongest level first, then most recent

    @property
    def planned_only(self) -> bool:
        """True when the journal only plans this skill (its best level is intent)."""
        return self.best_level == 0


@dataclass(frozen=True)
class ApplicationDone:
    """An application that was active in the period."""

    id: int
    organization: str
    role: str | None
    kind: str
    status: str
    applied: date | None
    url: str | None


@dataclass(frozen=True)
class SessionDone:
    """An advising session held in the period."""

    id: int
    organization: str
    held_on: date
    advisor: str | None
    takeaways: tuple[str, ...]


@dataclass(frozen=True)
class EventDone:
    """An event (hackathon, meetup, ...) in the period."""

    id: int
    name: str
    kind: str
    host: str | None
    start: date | None
    end: date | None
    status: str
    outcome: str | None
    url: str | None


@dataclass(frozen=True)
class Summary:
    """The whole summary for a period, optionally narrowed to one application."""

    generated: date
    since: date | None
    until: date | None
    min_level: int  # the lowest level held; 0 brings plans (intent) in, marked as plans
    application: ApplicationDone | None  # set when narrowed with --app
    skills: tuple[SkillSummary, ...]  # grouped/sorted by the renderers, not here
    applications: tuple[ApplicationDone, ...]
    sessions: tuple[SessionDone, ...]
    events: tuple[EventDone, ...]
    # The --skill names and --category the summary was narrowed to (for its empty sentence).
    only_skills: tuple[str, ...] = ()
    only_category: str | None = None


@dataclass(frozen=True)
class Gap:
    """One skill an application asks for, with the strongest evidence we have (None: none yet).

    A plan is not evidence: `best` is at exposure or above, and a skill the journal only plans
    (intent) is a gap whose latest plan is `plan`."""

    skill: str
    category: str | None
    best: Citation | None
    plan: Citation | None = None
