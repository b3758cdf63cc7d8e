"""Read queries of the contacts, in portable SQL run through a `Fetch` (career.db.fetch).

No SQLAlchemy here: listing contacts on a current SQLite file runs on the fast path.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from career.db.fetch import Fetch, as_date, as_instant
from career.errors import NotFound
from career.people.views import ContactApplication, ContactSession, ContactView
from career.pipeline.queries import organization_id

CONTACT_ROWS = """
SELECT c.id, c.name, o.name, c.role, c.email, c.url, c.notes, c.created_at
FROM contacts c
LEFT JOIN organizations o ON o.id = c.organization_id
"""

CONTACT_APPLICATIONS = """
SELECT a.id, o.name, a.role, a.status, ac.relation
FROM application_contacts ac
JOIN applications a ON a.id = ac.application_id
JOIN organizations o ON o.id = a.organization_id
WHERE ac.contact_id = :id
ORDER BY a.id
"""

CONTACT_SESSIONS = """
SELECT s.id, o.name, s.held_on
FROM advisor_sessions s
JOIN organizations o ON o.id = s.organization_id
WHERE s.advisor_id = :id
ORDER BY s.held_on, s.id
"""

LINK = """
SELECT relation FROM application_contacts
WHERE contact_id = :contact AND application_id = :application
"""


def list_contacts(fetch: Fetch, *, organization: str | None = None) -> list[ContactView]:
    """Contacts, by name (case ignored), then id; only those at `organization` if given."""
    params: dict[str, Any] = {}
    condition = ""
    if organization is not None:
        org = organization_id(fetch, organization)
        if org is None:
            raise NotFound(f"no organization called {organization!r}")
        condition = " WHERE c.organization_id = :organization"
        params["organization"] = org
    views = _views(fetch, condition, params)
    views.sort(key=lambda v: (v.name.casefold(), v.id))
    return views


def show_contact(fetch: Fetch, contact_id: int) -> ContactView:
    """One contact with the applications it is linked to and the sessions it advised."""
    found = _views(fetch, " WHERE c.id = :id", {"id": contact_id})
    if not found:
        raise NotFound(f"no contact #{contact_id}")
    applications = [
        ContactApplication(int(row[0]), row[1], row[2], row[3], row[4])
        for row in fetch(CONTACT_APPLICATIONS, {"id": contact_id})
    ]
    sessions = [
        ContactSession(int(row[0]), row[1], as_date(row[2]))
        for row in fetch(CONTACT_SESSIONS, {"id": contact_id})
    ]
    return replace(found[0], applications=applications, sessions=sessions)


def link_relation(fetch: Fetch, contact_id: int, application_id: int) -> str | None:
    """How the contact is linked to the application, if it is."""
    rows = fetch(LINK, {"contact": contact_id, "application": application_id})
    return str(rows[0][0]) if rows else None


def _views(fetch: Fetch, condition: str, params: dict[str, Any]) -> list[ContactView]:
    return [
        ContactView(
            id=int(row[0]),
            name=row[1],
            organization=row[2],
            role=row[3],
            email=row[4],
            url=row[5],
            notes=row[6],
            created_at=as_instant(row[7]),
        )
        for row in fetch(CONTACT_ROWS + condition, params)
    ]
