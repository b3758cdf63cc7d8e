"""The cross-cutting read views: the board, an organization's page, and search (records and
journal lines).

Portable SQL through a `Fetch` (career.db.fetch), like every read query: no SQLAlchemy import.
Search matches literally and case-insensitively in Python (`str.casefold`), not with SQL LIKE:
LIKE's wildcards would need escaping, and SQLite's lower() folds ASCII only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from career.db.fetch import Fetch, as_date, as_optional_date
from career.errors import InvalidInput, NotFound
from career.journal import queries as journal
from career.pipeline import queries as pipeline
from career.pipeline.views import ApplicationView
from career.pipeline.vocab import ACTIVE_STATUSES


@dataclass(frozen=True)
class Column:
    status: str
    cards: list[ApplicationView]


def board(fetch: Fetch) -> list[Column]:
    """The active pipeline, one column per active status (empty ones included)."""
    views = pipeline.list_applications(fetch)
    return [Column(s, [v for v in views if v.status == s]) for s in ACTIVE_STATUSES]


@dataclass(frozen=True)
class OrganizationPage:
    id: int
    name: str
    kind: str
    website: str | None
    aliases: list[str]
    applications: list[ApplicationView]
    sessions: list[dict[str, Any]]
    events: list[dict[str, Any]]
    contacts: list[dict[str, Any]]
    deadlines: list[dict[str, Any]]


SESSIONS = """
SELECT s.id, s.held_on, c.name, s.summary FROM advisor_sessions s
LEFT JOIN contacts c ON c.id = s.advisor_id
WHERE s.organization_id = :org ORDER BY s.held_on DESC, s.id DESC
"""
EVENTS = """
SELECT id, name, kind, status, starts_on, ends_on FROM events
WHERE host_id = :org ORDER BY CASE WHEN starts_on IS NULL THEN 1 ELSE 0 END, starts_on, id
"""
CONTACTS = """
SELECT id, name, role, email FROM contacts WHERE organization_id = :org ORDER BY name, id
"""
OPEN_DEADLINES = """
SELECT d.id, d.title, d.kind, d.due_on FROM deadlines d
LEFT JOIN applications a ON a.id = d.application_id
LEFT JOIN events e ON e.id = d.event_id
LEFT JOIN advisor_sessions s ON s.id = d.session_id
WHERE d.done_at IS NULL
  AND (a.organization_id = :org OR e.host_id = :org OR s.organization_id = :org)
ORDER BY d.due_on, d.id
"""


def organization_page(fetch: Fetch, name: str) -> OrganizationPage:
    org_id = pipeline.organization_id(fetch, name)
    if org_id is None:
        raise NotFound(f"no organization called {name!r}")
    params = {"org": org_id}
    (row,) = fetch("SELECT name, kind, website FROM organizations WHERE id = :org", params)
    aliases = [
        r[0]
        for r in fetch(
            "SELECT alias FROM organization_aliases WHERE organization_id = :org ORDER BY alias",
            params,
        )
    ]
    return OrganizationPage(
        id=org_id,
        name=row[0],
        kind=row[1],
        website=row[2],
        aliases=aliases,
        applications=pipeline.list_applications(fetch, organization=name, include_closed=True),
        sessions=[
            {"id": r[0], "held_on": as_date(r[1]), "advisor": r[2], "summary": r[3]}
            for r in fetch(SESSIONS, params)
        ],
        events=[
            {
                "id": r[0],
                "name": r[1],
                "kind": r[2],
                "status": r[3],
                "start": as_optional_date(r[4]),
                "end": as_optional_date(r[5]),
            }
            for r in fetch(EVENTS, params)
        ],
        contacts=[
            {"id": r[0], "name": r[1], "role": r[2], "email": r[3]} for r in fetch(CONTACTS, params)
        ],
        deadlines=[
            {"id": r[0], "title": r[1], "kind": r[2], "due": as_date(r[3])}
            for r in fetch(OPEN_DEADLINES, params)
        ],
    )


@dataclass(frozen=True)
class Hit:
    type: str  # organization, application, contact, session, event, journal
    id: int | None  # None for a journal line, cited by its label (day, file:line) instead
    label: str
    field: str
    text: str


# (type, SQL selecting id, label, then the searchable fields, named in FIELDS)
SEARCHED: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "organization",
        "SELECT o.id, o.name, o.name, o.website FROM organizations o",
        ("name", "website"),
    ),
    (
        "organization",
        "SELECT a.organization_id, o.name, a.alias FROM organization_aliases a "
        "JOIN organizations o ON o.id = a.organization_id",
        ("alias",),
    ),
    (
        "application",
        "SELECT a.id, o.name || CASE WHEN a.role IS NULL THEN '' ELSE ' — ' || a.role END, "
        "a.role, a.notes, a.url, a.source, a.location FROM applications a "
        "JOIN organizations o ON o.id = a.organization_id",
        ("role", "notes", "url", "source", "location"),
    ),
    (
        "application",
        "SELECT a.id, o.name || CASE WHEN a.role IS NULL THEN '' ELSE ' — ' || a.role END, "
        "t.tag FROM application_tags t JOIN applications a ON a.id = t.application_id "
        "JOIN organizations o ON o.id = a.organization_id",
        ("tag",),
    ),
    (
        "contact",
        "SELECT id, name, name, role, email, url, notes FROM contacts",
        ("name", "role", "email", "url", "notes"),
    ),
    (
        "session",
        "SELECT s.id, o.name || ' ' || s.held_on, s.summary, s.notes_url FROM advisor_sessions s "
        "JOIN organizations o ON o.id = s.organization_id",
        ("summary", "notes url"),
    ),
    (
        "session",
        "SELECT s.id, o.name || ' ' || s.held_on, t.text FROM session_takeaways t "
        "JOIN advisor_sessions s ON s.id = t.session_id "
        "JOIN organizations o ON o.id = s.organization_id",
        ("takeaway",),
    ),
    (
        "event",
        "SELECT id, name, name, url, team, outcome, notes FROM events",
        ("name", "url", "team", "outcome", "notes"),
    ),
]


def search(fetch: Fetch, text: str) -> list[Hit]:
    """Every record with a field containing `text` literally, ignoring case; one hit per record
    and field, in the order of SEARCHED, then by id; then the journal's lines containing it (the
    whole text as one phrase, as for records), oldest day first."""
    needle = text.casefold()
    if not needle.strip():
        raise InvalidInput("search for what? the text is empty")
    hits: list[Hit] = []
    for kind, sql, fields in SEARCHED:
        for row in sorted(fetch(sql, {}), key=lambda r: int(r[0])):
            for field, value in zip(fields, row[2:], strict=True):
                if value is not None and needle in str(value).casefold():
                    hits.append(Hit(kind, int(row[0]), str(row[1]), field, str(value)))
    hits += [
        Hit("journal", None, f"{line.day} {line.source}:{line.line}", "line", line.text)
        for line in journal.search_lines(fetch, text, phrase=True)
    ]
    return hits


def excerpt(text: str, needle: str, width: int = 80) -> str:
    """The part of `text` around the first match, on one line."""
    flat = " ".join(text.split())
    at = flat.casefold().find(needle.casefold())
    if len(flat) <= width or at < 0:
        return flat[:width]
    start = max(0, at - width // 3)
    end = min(len(flat), start + width)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")
