"""What the contacts' services and queries return: plain data, no database attached."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class ContactApplication:
    """An application a contact is linked to, and how."""

    id: int
    organization: str
    role: str | None
    status: str
    relation: str


@dataclass(frozen=True)
class ContactSession:
    """An advising session the contact held as the advisor."""

    id: int
    organization: str
    held_on: date


@dataclass(frozen=True)
class TimelineEntry:
    """One interaction with a contact: logged (`career touch`) or derived from another record
    (an advising session it advised, a status change of an application it recruits for)."""

    source: str  # one of people.vocab.INTERACTION_SOURCES
    id: int  # the interaction's, the session's or the status change's id
    day: date
    via: str | None  # how (logged ones; a session is a meeting; a status change says nothing)
    note: str | None
    application_id: int | None
    organization: str | None  # the session's or the application's organization
    status: str | None  # the status a derived status change moved to

    def summary(self) -> str:
        """What happened, in a few words ("call: talked about SPAR")."""
        if self.source == "session":
            head = f"advising session #{self.id}" + (
                f" ({self.organization})" if self.organization else ""
            )
        elif self.source == "status":
            head = f"application #{self.application_id}" + (
                f" ({self.organization})" if self.organization else ""
            )
            head += f" moved to {self.status}"
        else:
            head = self.via or "other"
            if self.application_id is not None:
                head += f" about application #{self.application_id}"
        return f"{head}: {self.note}" if self.note else head


@dataclass(frozen=True)
class ContactView:
    """A contact as the CLI shows it."""

    id: int
    name: str
    organization: str | None
    role: str | None
    email: str | None
    url: str | None
    notes: str | None
    created_at: datetime
    applications: list[ContactApplication] = field(default_factory=list)
    sessions: list[ContactSession] = field(default_factory=list)
    every_days: int | None = None  # its own cadence: None follows the settings, 0 is never
    timeline: list[TimelineEntry] = field(default_factory=list)  # newest first (in `show`)


@dataclass(frozen=True)
class Linked:
    """The outcome of linking a contact to an application: the relation it had before."""

    contact_id: int
    application_id: int
    relation: str
    previous: str | None


@dataclass(frozen=True)
class DueContact:
    """A contact whose cadence has come round, with its last interaction (None: none yet)."""

    id: int
    name: str
    role: str | None
    organization: str | None
    every: int
    since: date
    due: date
    overdue: int
    last: TimelineEntry | None
