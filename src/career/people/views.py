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


@dataclass(frozen=True)
class Linked:
    """The outcome of linking a contact to an application: the relation it had before."""

    contact_id: int
    application_id: int
    relation: str
    previous: str | None
