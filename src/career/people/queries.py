"""Read queries of the contacts, in portable SQL run through a `Fetch` (career.db.fetch).

No SQLAlchemy here: listing contacts on a current SQLite file runs on the fast path, and
`career remind` reads who is due through the same queries.

**What counts as an interaction** (one rule): what the user logs is a row (`career touch`,
and accepting a journal suggestion of an interaction, which logs one); what another record
already says is derived here, in the query, never copied, so nothing drifts when that record
changes or goes: an advising session counts for its advisor on the day it was held, and a
status move (not the first status, not a move to `ghosted`) of an application counts, on its
day, for every contact linked to it as recruiter or interviewer (`TIMELINE`, `LAST_TALKED`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from career.db.fetch import Fetch, as_date, as_instant, in_list
from career.errors import InvalidInput, NotFound
from career.people.cadence import due_contacts
from career.people.standing import SILENT, TALKING, candidates
from career.people.views import (
    ContactApplication,
    ContactSession,
    ContactView,
    DueContact,
    TimelineEntry,
)
from career.pipeline.queries import organization_id

CONTACT_ROWS = """
SELECT c.id, c.name, o.name, c.role, c.email, c.url, c.notes, c.created_at, c.every_days
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

# The three sources of a timeline; each branch filters on `{who}` (a condition on its contact
# column, named `contact_id` here). Columns: source, id, day, via, note, application id,
# organization, status moved to, contact id.
TIMELINE = f"""
SELECT 'logged', i.id, i.happened_on, i.via, i.note, i.application_id, o.name, NULL,
       i.contact_id
FROM interactions i
LEFT JOIN applications a ON a.id = i.application_id
LEFT JOIN organizations o ON o.id = a.organization_id
WHERE i.contact_id {{who}}
UNION ALL
SELECT 'session', s.id, s.held_on, 'meeting', s.summary, NULL, o.name, NULL, s.advisor_id
FROM advisor_sessions s
JOIN organizations o ON o.id = s.organization_id
WHERE s.advisor_id {{who}}
UNION ALL
SELECT 'status', sc.id, sc.changed_on, NULL, sc.note, a.id, o.name, sc.to_status, ac.contact_id
FROM application_contacts ac
JOIN status_changes sc ON sc.application_id = ac.application_id
JOIN applications a ON a.id = ac.application_id
JOIN organizations o ON o.id = a.organization_id
WHERE ac.contact_id {{who}} AND ac.relation IN {TALKING}
  AND sc.from_status IS NOT NULL AND sc.to_status NOT IN {SILENT}
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
    return replace(
        found[0],
        applications=applications,
        sessions=sessions,
        timeline=timeline(fetch, contact_id),
    )


def _entry(row: Any) -> TimelineEntry:
    return TimelineEntry(
        source=str(row[0]),
        id=int(row[1]),
        day=as_date(row[2]),
        via=row[3],
        note=row[4],
        application_id=int(row[5]) if row[5] is not None else None,
        organization=row[6],
        status=row[7],
    )


_SOURCE_ORDER = {"logged": 0, "session": 1, "status": 2}


def _newest_first(entry: TimelineEntry) -> tuple[Any, ...]:
    return (-entry.day.toordinal(), _SOURCE_ORDER[entry.source], -entry.id)


def timeline(fetch: Fetch, contact_id: int) -> list[TimelineEntry]:
    """Every interaction with the contact, newest first (on one day: logged ones, sessions,
    status moves; then the latest recorded first)."""
    rows = fetch(TIMELINE.format(who="= :contact"), {"contact": contact_id})
    return sorted((_entry(row) for row in rows), key=_newest_first)


def last_entries(fetch: Fetch, contact_ids: list[int]) -> dict[int, TimelineEntry]:
    """The newest interaction of each of the contacts that have one."""
    if not contact_ids:
        return {}
    params: dict[str, Any] = {}
    who = "IN " + in_list("contact", contact_ids, params)
    newest: dict[int, TimelineEntry] = {}
    for row in fetch(TIMELINE.format(who=who), params):
        entry, contact = _entry(row), int(row[8])
        held = newest.get(contact)
        if held is None or _newest_first(entry) < _newest_first(held):
            newest[contact] = entry
    return newest


def due(fetch: Fetch, defaults: dict[str, int], today: Any) -> list[DueContact]:
    """The contacts due today, most overdue first, each with its last interaction."""
    found = due_contacts(candidates(fetch, cadenced_only=not defaults), defaults, today)
    last = last_entries(fetch, [s.id for s in found])
    return [
        DueContact(
            id=s.id,
            name=s.name,
            role=s.role,
            organization=s.organization,
            every=s.every,
            since=s.since,
            due=s.due,
            overdue=s.overdue,
            last=last.get(s.id),
        )
        for s in found
    ]


def resolve_contact(fetch: Fetch, text: str) -> ContactView:
    """The contact `text` names: an id (`12` or `#12`), else a name. A name matches a contact
    whose full name it is (case and spacing ignored), else every contact each of whose words
    it names ("Ada" is Ada Lovelace); several matches are refused, listing them."""
    given = " ".join(text.split())
    digits = given.removeprefix("#")
    if digits.isascii() and digits.isdigit():
        found = _views(fetch, " WHERE c.id = :id", {"id": int(digits)})
        if not found:
            raise NotFound(f"no contact #{int(digits)}")
        return found[0]
    if not given:
        raise InvalidInput("name a contact: its id or its name")
    key = given.casefold()
    views = list_contacts(fetch)
    matches = [v for v in views if " ".join(v.name.split()).casefold() == key]
    if not matches:
        words = key.split()
        matches = [v for v in views if set(words) <= set(v.name.casefold().split())]
    if not matches:
        raise NotFound(f"no contact called {given!r}")
    if len(matches) > 1:
        named = ", ".join(
            f"#{v.id} {v.name}" + (f" ({v.organization})" if v.organization else "")
            for v in matches[:10]
        )
        more = f" and {len(matches) - 10} more" if len(matches) > 10 else ""
        raise InvalidInput(f"{given!r} could be {named}{more}: give the id")
    return matches[0]


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
            every_days=int(row[8]) if row[8] is not None else None,
        )
        for row in fetch(CONTACT_ROWS + condition, params)
    ]
