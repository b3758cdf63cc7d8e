"""Read queries of the pipeline, written once in portable SQL and run through a `Fetch`
(career.db.fetch): `sqlite3` directly on the fast path, a SQLAlchemy session otherwise.

No SQLAlchemy here, so that listing applications on a current SQLite file does not import it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from career.db.fetch import Fetch, as_date, as_instant, as_optional_date, in_list
from career.errors import NotFound
from career.pipeline.views import ApplicationView, TimelineEntry
from career.pipeline.vocab import (
    ACTIVE_STATUSES,
    APPLICATION_KINDS,
    STATUSES,
    check_choice,
    checked_name_key,
    clean_tags,
    salary_figure,
)

ORGANIZATION_BY_KEY = """
SELECT id FROM organizations WHERE key = :key
UNION
SELECT organization_id FROM organization_aliases WHERE key = :key
"""

APPLICATION_ROWS = """
SELECT a.id, o.name, a.role, a.kind, a.status, s.since, a.applied_on, a.excitement, a.url,
       a.source, a.location, a.notes, a.created_at, a.updated_at, a.salary_min, a.salary_max,
       a.salary_currency, a.salary_period, a.employment_type, a.workplace, a.posting_url,
       a.canonical_url, a.posted_on
FROM applications a
JOIN organizations o ON o.id = a.organization_id
JOIN (SELECT application_id, MAX(changed_on) AS since
      FROM status_changes GROUP BY application_id) s ON s.application_id = a.id
"""

APPLICATION_TAGS = """
SELECT t.application_id, t.tag
FROM application_tags t
JOIN applications a ON a.id = t.application_id
"""


def organization_id(fetch: Fetch, name: str) -> int | None:
    """The organization whose name or alias matches `name`, if any."""
    rows = fetch(ORGANIZATION_BY_KEY, {"key": checked_name_key(name)})
    return int(rows[0][0]) if rows else None


def list_applications(
    fetch: Fetch,
    *,
    include_closed: bool = False,
    statuses: Sequence[str] = (),
    organization: str | None = None,
    kinds: Sequence[str] = (),
    tags: Sequence[str] = (),
) -> list[ApplicationView]:
    """Applications, active only unless `include_closed` or statuses are given; in pipeline
    order (by status), then most recently changed first."""
    for status in statuses:
        check_choice(status, STATUSES, "status")
    for kind in kinds:
        check_choice(kind, APPLICATION_KINDS, "kind")
    params: dict[str, Any] = {}
    where: list[str] = []
    if statuses:
        where.append(f"a.status IN {in_list('status', statuses, params)}")
    elif not include_closed:
        where.append(f"a.status IN {in_list('status', ACTIVE_STATUSES, params)}")
    if kinds:
        where.append(f"a.kind IN {in_list('kind', kinds, params)}")
    if organization is not None:
        org = organization_id(fetch, organization)
        if org is None:
            raise NotFound(f"no organization called {organization!r}")
        where.append("a.organization_id = :organization")
        params["organization"] = org
    for n, tag in enumerate(clean_tags(tags)):
        where.append(f"a.id IN (SELECT application_id FROM application_tags WHERE tag = :tag_{n})")
        params[f"tag_{n}"] = tag
    condition = (" WHERE " + " AND ".join(where)) if where else ""

    views = _views(fetch, condition, params)
    order = {status: n for n, status in enumerate(STATUSES)}
    views.sort(key=lambda v: (order[v.status], -v.status_since.toordinal(), v.id))
    return views


TIMELINE = """
SELECT changed_on, from_status, to_status, note
FROM status_changes WHERE application_id = :id ORDER BY changed_on, id
"""


def show_application(fetch: Fetch, application_id: int) -> ApplicationView:
    """One application with its timeline."""
    found = _views(fetch, " WHERE a.id = :id", {"id": application_id})
    if not found:
        raise NotFound(f"no application #{application_id}")
    timeline = [
        TimelineEntry(as_date(on), from_status, to_status, note)
        for on, from_status, to_status, note in fetch(TIMELINE, {"id": application_id})
    ]
    return replace(found[0], timeline=timeline)


def _views(fetch: Fetch, condition: str, params: dict[str, Any]) -> list[ApplicationView]:
    tags_of: dict[int, list[str]] = {}
    for application_id, tag in fetch(APPLICATION_TAGS + condition + " ORDER BY t.tag", params):
        tags_of.setdefault(int(application_id), []).append(tag)
    return [
        ApplicationView(
            id=int(row[0]),
            organization=row[1],
            role=row[2],
            kind=row[3],
            status=row[4],
            status_since=as_date(row[5]),
            applied=as_optional_date(row[6]),
            excitement=row[7],
            tags=tags_of.get(int(row[0]), []),
            url=row[8],
            source=row[9],
            location=row[10],
            notes=row[11],
            created_at=as_instant(row[12]),
            updated_at=as_instant(row[13]),
            salary_min=salary_figure(row[14]),
            salary_max=salary_figure(row[15]),
            salary_currency=row[16],
            salary_period=row[17],
            employment_type=row[18],
            workplace=row[19],
            posting_url=row[20],
            canonical_url=row[21],
            posted=as_optional_date(row[22]),
        )
        for row in fetch(APPLICATION_ROWS + condition, params)
    ]


LINKED = """
SELECT (SELECT COUNT(*) FROM deadlines WHERE application_id = :id),
       (SELECT COUNT(*) FROM application_contacts WHERE application_id = :id)
"""


def linked_records(fetch: Fetch, application_id: int) -> dict[str, int]:
    """What deleting an application deletes with it, besides its timeline and tags."""
    ((deadlines, contacts),) = fetch(LINKED, {"id": application_id})
    return {"deadline(s)": int(deadlines), "contact link(s)": int(contacts)}
