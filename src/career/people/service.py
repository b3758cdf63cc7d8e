"""Contacts: adding them and linking them to applications.

Every function takes an `Sql` (career.db.sql: one write transaction, on sqlite3, psycopg or a
SQLAlchemy session) and returns data; nothing here prints, and nothing here imports SQLAlchemy.
Rules decided here:

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

from career import clock
from career.db.sql import Sql
from career.errors import InvalidInput, NotFound
from career.people import queries
from career.people.views import ContactView, Linked
from career.people.vocab import CONTACT_RELATIONS, INTERACTION_VIAS
from career.pipeline import writes
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


def add_contact(sql: Sql, new: NewContact) -> tuple[ContactView, list[str]]:
    """Record `new`; returns it and warnings about near-duplicate organizations."""
    warnings: list[str] = []
    org_id = None
    if new.organization is not None:
        org_id, _, warnings = writes.organization(sql, new.organization)
    contact_id = sql.write(
        "INSERT INTO contacts (name, organization_id, role, email, url, notes, created_at) "
        "VALUES (:name, :org, :role, :email, :url, :notes, :now) RETURNING id",
        {
            "name": new.name,
            "org": org_id,
            "role": new.role,
            "email": new.email,
            "url": new.url,
            "notes": new.notes,
            "now": clock.now(),
        },
    )[0][0]
    return queries.show_contact(sql, int(contact_id)), warnings


def _check_contact(sql: Sql, contact_id: int) -> None:
    if sql.one("SELECT id FROM contacts WHERE id = :id", {"id": contact_id}) is None:
        raise NotFound(f"no contact #{contact_id}")


def _check_application(sql: Sql, application_id: int) -> None:
    if sql.one("SELECT id FROM applications WHERE id = :id", {"id": application_id}) is None:
        raise NotFound(f"no application #{application_id}")


LINK = (
    "SELECT relation FROM application_contacts WHERE application_id = :app "
    "AND contact_id = :contact"
)


def link_contact(sql: Sql, contact_id: int, application_id: int, relation: str) -> Linked:
    """Link the contact to the application as `relation`, or change the relation it has."""
    check_choice(relation, CONTACT_RELATIONS, "relation")
    _check_contact(sql, contact_id)
    _check_application(sql, application_id)
    key = {"app": application_id, "contact": contact_id}
    previous = sql.value(LINK, key)
    if previous is None:
        sql.write(
            "INSERT INTO application_contacts (application_id, contact_id, relation) "
            "VALUES (:app, :contact, :relation)",
            {**key, "relation": relation},
        )
    elif previous != relation:
        sql.write(
            "UPDATE application_contacts SET relation = :relation "
            "WHERE application_id = :app AND contact_id = :contact",
            {**key, "relation": relation},
        )
    return Linked(contact_id, application_id, relation, previous)


def unlink_contact(sql: Sql, contact_id: int, application_id: int) -> str:
    """Remove the link; returns the relation it had."""
    _check_contact(sql, contact_id)
    _check_application(sql, application_id)
    key = {"app": application_id, "contact": contact_id}
    relation = sql.value(LINK, key)
    if relation is None:
        raise NotFound(f"contact #{contact_id} is not linked to application #{application_id}")
    sql.write(
        "DELETE FROM application_contacts WHERE application_id = :app AND contact_id = :contact",
        key,
    )
    return str(relation)


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


def log_interaction(sql: Sql, contact_id: int, new: NewInteraction) -> int:
    """Record an interaction with the contact; returns its id."""
    _check_contact(sql, contact_id)
    if new.application_id is not None:
        _check_application(sql, new.application_id)
    row = sql.write(
        "INSERT INTO interactions (contact_id, happened_on, via, note, application_id, "
        "created_at) VALUES (:contact, :on, :via, :note, :app, :now) RETURNING id",
        {
            "contact": contact_id,
            "on": new.on,
            "via": new.via,
            "note": new.note,
            "app": new.application_id,
            "now": clock.now(),
        },
    )
    return int(row[0][0])


def set_every(sql: Sql, contact_id: int, every_days: int | None) -> int | None:
    """Set the contact's own cadence (None: follow the settings; 0: never); returns the old."""
    found = sql.one("SELECT every_days FROM contacts WHERE id = :id", {"id": contact_id})
    if found is None:
        raise NotFound(f"no contact #{contact_id}")
    if found[0] != every_days:
        sql.write(
            "UPDATE contacts SET every_days = :days WHERE id = :id",
            {"days": every_days, "id": contact_id},
        )
    return None if found[0] is None else int(found[0])
