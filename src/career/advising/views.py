"""What the advising services and queries return: plain data, no database attached."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class ActionItem:
    """An action item of a session: a deadline linked to it."""

    deadline_id: int
    title: str
    kind: str
    due_on: date
    done_at: datetime | None

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True)
class SessionView:
    """An advising session as the CLI shows it."""

    id: int
    organization: str
    advisor: str | None
    advisor_id: int | None
    held_on: date
    notes_url: str | None
    summary: str | None
    created_at: datetime
    takeaways: list[str] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)


@dataclass(frozen=True)
class AddedSession:
    """A new session, the advisor contact created for it (if one was), and warnings."""

    session: SessionView
    new_advisor_id: int | None
    warnings: list[str]
