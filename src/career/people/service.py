"""Contacts: adding them and linking them to applications.

Every function takes an open Session and returns data; nothing here prints. Rules decided here:

- A contact's organization is found by name or alias, or created (with the pipeline's
  near-duplicate warning); a contact may have no organization.
- An email is checked loosely: one `@` with text on both sides and no spaces. Nothing more is
  assumed about addresses.
- A contact is linked to an application at most once (the pair is the key); linking again
  changes the relation, and the caller is told the relation it replaced.
- An interaction (`career touch`) happens on a day no later than today, by one of
  `INTERACTION_VIAS` (default `other`), optionally about an application that exists.
- A contact's cadence (`every_days`): None follows the settings, 0 never reminds, more is
  its own (career.people.cadence).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

import career.models  # noqa: F401  (the whole schema, for the ORM's foreign keys)
from career import clock
from career.db.engine import session_fetch
from career.errors import InvalidInput, NotFound
from career.people import queries
from career.people.models import ApplicationContact, Contact, Interaction
from career.people.views import ContactView, Linked
from career.people.vocab import CONTACT_RELATIONS, INTERACTION_VIAS
from career.pipeline.models import Application
from career.pipeline.service import get_or_create_organization
from career.pipeline.vocab import check_choice, checked_name_key, clean_text

# The longest each of a contact's fields may be (their columns' lengths; notes are bounded).
LIMITS: dict[str, int] = {
    "name": 200,
    "role": 200,
    "email": 320,
    "url": 2000,
    "note": 100_000,
}


def checked(value: str | None, what: str) -> str | None:
    """A stripped value (empty means none), refused when longer than its column holds."""
    value = clean_text(value)
    limit = LIMITS[what]
    if value is not None and len(value) > limit:
        raise InvalidInput(f"the {what} is too long: {len(value)} characters, at most {limit}")
    return value


def checked_person_name(name: str) -> str:
    """A contact's name: not empty, not too long, spacing folded."""
    value = checked(" ".join(name.split()), "name")
    if value is None:
        raise InvalidInput("the contact's name is empty")
    return value


def checked_email(email: str | None) -> str | None:
    value = checked(email, "email")
    if value is None:
        return None
    local, at, domain = value.partition("@")
    if not at or not local or not domain or "@" in domain or any(c.isspace() for c in value):
        raise InvalidInput(f"{value!r} is not an email address (expected name@domain)")
    return value


@dataclass(frozen=True)
class NewContact:
    """A new contact's fields, checked without touching the database."""

    name: str
    organization: str | None
    role: str | None
    email: str | None
    url: str | None
    notes: str | None

    @classmethod
    def checked(
        cls,
        name: str,
        *,
        organization: str | None = None,
        role: str | None = None,
        email: str | None = None,
        url: str | None = None,
        notes: str | None = None,
    ) -> NewContact:
        if organization is not None:
            checked_name_key(organization)
        return cls(
            name=checked_person_name(name),
            organization=organization.strip() if organization is not None else None,
            role=checked(role, "role"),
            email=checked_email(email),
            url=checked(url, "url"),
            notes=checked(notes, "note"),
        )


def add_contact(session: Session, new: NewContact) -> tuple[ContactView, list[str]]:
    """Record `new`; returns it and warnings about near-duplicate organizations."""
    warnings: list[str] = []
    org = None
    if new.organization is not None:
        org, warnings = get_or_create_organization(session, new.organization)
    contact = Contact(
        name=new.name,
        organization=org,
        role=new.role,
        email=new.email,
        url=new.url,
        notes=new.notes,
        created_at=clock.now(),
    )
    session.add(contact)
    session.flush()
    return queries.show_contact(session_fetch(session), contact.id), warnings


def _contact_and_application(session: Session, contact_id: int, application_id: int) -> None:
    if session.get(Contact, contact_id) is None:
        raise NotFound(f"no contact #{contact_id}")
    if session.get(Application, application_id) is None:
        raise NotFound(f"no application #{application_id}")


def link_contact(session: Session, contact_id: int, application_id: int, relation: str) -> Linked:
    """Link the contact to the application as `relation`, or change the relation it has."""
    check_choice(relation, CONTACT_RELATIONS, "relation")
    _contact_and_application(session, contact_id, application_id)
    link = session.get(ApplicationContact, (application_id, contact_id))
    previous = link.relation if link is not None else None
    if link is None:
        session.add(
            ApplicationContact(
                application_id=application_id, contact_id=contact_id, relation=relation
            )
        )
    elif link.relation != relation:
        link.relation = relation
    session.flush()
    return Linked(contact_id, application_id, relation, previous)


def unlink_contact(session: Session, contact_id: int, application_id: int) -> str:
    """Remove the link; returns the relation it had."""
    _contact_and_application(session, contact_id, application_id)
    link = session.get(ApplicationContact, (application_id, contact_id))
    if link is None:
        raise NotFound(f"contact #{contact_id} is not linked to application #{application_id}")
    relation = link.relation
    session.delete(link)
    session.flush()
    return relation


@dataclass(frozen=True)
class NewInteraction:
    """A logged interaction's fields, checked without touching the database."""

    on: date
    via: str
    note: str | None
    application_id: int | None

    @classmethod
    def checked(
        cls,
        *,
        on: date,
        via: str | None = None,
        note: str | None = None,
        application_id: int | None = None,
    ) -> NewInteraction:
        if on > clock.today():
            raise InvalidInput(
                f"{on.isoformat()} is in the future: log an interaction once it has happened"
            )
        chosen = (via or "other").strip().lower()
        check_choice(chosen, INTERACTION_VIAS, "way (--via)")
        return cls(on=on, via=chosen, note=checked(note, "note"), application_id=application_id)


def log_interaction(session: Session, contact_id: int, new: NewInteraction) -> int:
    """Record an interaction with the contact; returns its id."""
    if session.get(Contact, contact_id) is None:
        raise NotFound(f"no contact #{contact_id}")
    if new.application_id is not None and session.get(Application, new.application_id) is None:
        raise NotFound(f"no application #{new.application_id}")
    row = Interaction(
        contact_id=contact_id,
        happened_on=new.on,
        via=new.via,
        note=new.note,
        application_id=new.application_id,
        created_at=clock.now(),
    )
    session.add(row)
    session.flush()
    return row.id


def set_every(session: Session, contact_id: int, every_days: int | None) -> int | None:
    """Set the contact's own cadence (None: follow the settings; 0: never); returns the old."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"no contact #{contact_id}")
    previous = contact.every_days
    contact.every_days = every_days
    session.flush()
    return previous
