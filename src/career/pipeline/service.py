"""Organizations and applications through the ORM: editing, removing, and the ORM objects other
services link to (an event's host, a contact's organization).

Every function takes an open Session (one transaction, see career.db.engine) and returns data;
nothing here prints. The rules of what is written (near-duplicate organizations, duplicate and
posting checks, the timeline) are `career.pipeline.writes`, which this module calls through the
session (`career.db.sql.SessionSql`); edits follow the same rules:

- An edit that gives an application another organization, role or posting URL is checked
  again for duplicates, and the posting key is derived again.
- The applied date may be moved earlier, but not after the day the timeline first shows the
  application as sent.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from career.db.engine import session_fetch
from career.db.sql import SessionSql
from career.errors import NotFound
from career.pipeline import queries, writes
from career.pipeline.models import (
    Application,
    Organization,
    StatusChange,
)
from career.pipeline.views import ApplicationView, TimelineEntry
from career.pipeline.vocab import (
    salary_figure,
)

if TYPE_CHECKING:
    from career.deadlines.models import Deadline


# --- organizations ------------------------------------------------------------------------


def find_organization(session: Session, name: str) -> Organization | None:
    """The organization whose name or alias matches `name`, if any."""
    org_id = queries.organization_id(session_fetch(session), name)
    return session.get(Organization, org_id) if org_id is not None else None


def get_or_create_organization(session: Session, name: str) -> tuple[Organization, list[str]]:
    """The organization called `name`, created if new; warnings name near-duplicates (the
    rule is `writes.organization`)."""
    org_id, _, warnings = writes.organization(SessionSql(session), name)
    org = session.get(Organization, org_id)
    assert org is not None
    return org, warnings


# --- applications -------------------------------------------------------------------------


def _status_since(session: Session, application_id: int) -> date:
    value = session.scalar(
        select(func.max(StatusChange.changed_on)).where(
            StatusChange.application_id == application_id
        )
    )
    if value is None:  # pragma: no cover - every application has a first entry
        raise NotFound(f"application #{application_id} has no status history")
    return value


def _view(app: Application, status_since: date, *, timeline: bool = False) -> ApplicationView:
    return ApplicationView(
        id=app.id,
        organization=app.organization.name,
        role=app.role,
        kind=app.kind,
        status=app.status,
        status_since=status_since,
        applied=app.applied_on,
        excitement=app.excitement,
        tags=app.tag_names,
        url=app.url,
        source=app.source,
        location=app.location,
        notes=app.notes,
        created_at=app.created_at,
        updated_at=app.updated_at,
        salary_min=salary_figure(app.salary_min),
        salary_max=salary_figure(app.salary_max),
        salary_currency=app.salary_currency,
        salary_period=app.salary_period,
        employment_type=app.employment_type,
        workplace=app.workplace,
        posting_url=app.posting_url,
        canonical_url=app.canonical_url,
        posted=app.posted_on,
        timeline=[
            TimelineEntry(c.changed_on, c.from_status, c.to_status, c.note) for c in app.history
        ]
        if timeline
        else [],
    )


def active_duplicate(
    session: Session, organization_id: int, role: str | None, *, exclude: int | None = None
) -> Application | None:
    """An active application with the same `duplicate_key` (`writes.active_duplicate`)."""
    found = writes.active_duplicate(SessionSql(session), organization_id, role, exclude=exclude)
    return session.get(Application, found) if found is not None else None


def _describe(app: Application) -> str:
    return writes.describe(app.id, app.organization.name, app.role, app.status)


def apply_by_deadline(
    app: Application, due: date, now: datetime, *, role: str | None = None, done: bool = False
) -> Deadline:
    """The `apply-by` deadline of an application (a sheet's Deadline column), done at `now`
    when `done`."""
    from career.models import Deadline  # the whole schema: a deadline refers to events

    return Deadline(
        title=writes.apply_by_title(app.organization.name, role),
        kind="apply-by",
        due_on=due,
        application_id=app.id,
        done_at=now if done else None,
        created_at=now,
    )
