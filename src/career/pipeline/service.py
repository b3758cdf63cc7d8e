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

import enum
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from career import clock
from career.capture.urls import posting_key
from career.db.engine import session_fetch
from career.db.sql import SessionSql
from career.errors import Conflict, InvalidInput, NotFound
from career.pipeline import queries, writes
from career.pipeline.models import (
    Application,
    ApplicationTag,
    Organization,
    StatusChange,
)
from career.pipeline.views import ApplicationView, TimelineEntry
from career.pipeline.vocab import (
    ACTIVE_STATUSES,
    APPLICATION_KINDS,
    POSTING_FIELDS,
    SUBMITTED_STATUSES,
    PostingFields,
    check_choice,
    check_salary_range,
    checked_text,
    clean_tags,
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


def _load(session: Session, application_id: int) -> Application:
    app = session.get(
        Application,
        application_id,
        options=[
            selectinload(Application.organization),
            selectinload(Application.tags),
            selectinload(Application.history),
        ],
    )
    if app is None:
        raise NotFound(f"no application #{application_id}")
    return app


class _Unchanged(enum.Enum):
    UNCHANGED = "unchanged"


# The default of `ApplicationChanges`' fields: leave the field as it is.
UNCHANGED = _Unchanged.UNCHANGED


@dataclass(frozen=True)
class ApplicationChanges:
    """What an edit changes: UNCHANGED leaves a field, None clears an optional one; tags are
    added and removed by name."""

    organization: str | _Unchanged = UNCHANGED
    role: str | _Unchanged | None = UNCHANGED
    kind: str | _Unchanged = UNCHANGED
    applied: date | _Unchanged | None = UNCHANGED
    url: str | _Unchanged | None = UNCHANGED
    source: str | _Unchanged | None = UNCHANGED
    location: str | _Unchanged | None = UNCHANGED
    excitement: int | _Unchanged | None = UNCHANGED
    notes: str | _Unchanged | None = UNCHANGED
    # What the posting says: each as `PostingFields.checked` reads it (None clears).
    salary_min: str | _Unchanged | None = UNCHANGED
    salary_max: str | _Unchanged | None = UNCHANGED
    salary_currency: str | _Unchanged | None = UNCHANGED
    salary_period: str | _Unchanged | None = UNCHANGED
    employment_type: str | _Unchanged | None = UNCHANGED
    workplace: str | _Unchanged | None = UNCHANGED
    posting_url: str | _Unchanged | None = UNCHANGED
    canonical_url: str | _Unchanged | None = UNCHANGED
    posted: date | _Unchanged | None = UNCHANGED
    add_tags: Sequence[str] = ()
    remove_tags: Sequence[str] = ()

    def is_empty(self) -> bool:
        return all(
            getattr(self, f.name) is UNCHANGED for f in fields(self) if not f.name.endswith("tags")
        ) and not (self.add_tags or self.remove_tags)


def edit_application(
    session: Session, application_id: int, changes: ApplicationChanges
) -> tuple[ApplicationView, list[str]]:
    """Apply `changes` to an application. Returns the view and warnings.

    The applied date may be moved earlier, but not after the day the timeline first shows
    the application as sent: the timeline is append-only and stays the record of moves."""
    if changes.is_empty():
        raise InvalidInput("nothing to change: give at least one field to edit (see --help)")
    app = _load(session, application_id)
    key_before = app.posting_key
    _edit_checked_fields(app, changes)
    if app.posting_key is not None and app.posting_key != key_before:
        session.flush()
        other = session.scalars(
            select(Application)
            .where(Application.posting_key == app.posting_key, Application.id != app.id)
            .order_by(Application.id)
        ).first()
        if other is not None:
            raise Conflict(f"that is the posting of {_describe(other)} already")
    warnings: list[str] = []
    if not isinstance(changes.organization, _Unchanged):
        app.organization, warnings = get_or_create_organization(session, changes.organization)
    _edit_tags(app, changes.add_tags, changes.remove_tags)
    moved = changes.role is not UNCHANGED or changes.organization is not UNCHANGED
    if moved and app.status in ACTIVE_STATUSES:
        _refuse_duplicate(session, app)
    app.updated_at = clock.now()
    session.flush()
    return _view(app, _status_since(session, app.id), timeline=True), warnings


def _edit_checked_fields(app: Application, changes: ApplicationChanges) -> None:
    """The fields of the application row itself, each checked as it is set."""
    if not isinstance(changes.kind, _Unchanged):
        app.kind = check_choice(changes.kind, APPLICATION_KINDS, "kind")
    if not isinstance(changes.excitement, _Unchanged):
        app.excitement = writes.check_excitement(changes.excitement)
    if not isinstance(changes.applied, _Unchanged):
        _check_applied(app, changes.applied)
        app.applied_on = changes.applied
    if not isinstance(changes.url, _Unchanged):
        app.url = checked_text(changes.url, "url")
    if not isinstance(changes.source, _Unchanged):
        app.source = checked_text(changes.source, "source")
    if not isinstance(changes.location, _Unchanged):
        app.location = checked_text(changes.location, "location")
    if not isinstance(changes.notes, _Unchanged):
        app.notes = checked_text(changes.notes, "notes")
    if not isinstance(changes.role, _Unchanged):
        app.role = checked_text(changes.role, "role")
    _edit_posting(app, changes)


def _edit_posting(app: Application, changes: ApplicationChanges) -> None:
    """The posting's fields: the changed ones checked, the salary range checked whole, and the
    posting key derived again from the URLs."""
    given = {
        name: getattr(changes, name)
        for name in POSTING_FIELDS
        if not isinstance(getattr(changes, name), _Unchanged)
    }
    if not given:
        return
    checked = PostingFields.checked(**given)
    for name in given:
        setattr(app, "posted_on" if name == "posted" else name, getattr(checked, name))
    check_salary_range(app.salary_min, app.salary_max)
    app.posting_key = posting_key(app.posting_url, app.canonical_url)


def _check_applied(app: Application, applied: date | None) -> None:
    """A new applied date: in the past, of a sent application, not after the timeline's send."""
    if applied is None:
        return
    writes.check_past(applied, "applied date")
    if app.status not in SUBMITTED_STATUSES:
        raise InvalidInput(f"an application in status {app.status!r} has no applied date")
    sent = next((c for c in app.history if c.to_status in SUBMITTED_STATUSES), None)
    if sent is not None and applied > sent.changed_on:
        raise InvalidInput(
            f"the timeline shows #{app.id} as {sent.to_status!r} on "
            f"{sent.changed_on.isoformat()}: it was applied to by then"
        )


def _edit_tags(app: Application, add: Sequence[str], remove: Sequence[str]) -> None:
    """Remove, then add tags; removing a tag the application lacks is invalid input."""
    removed = set(clean_tags(remove))
    unknown = removed - set(app.tag_names)
    if unknown:
        raise InvalidInput(
            f"application #{app.id} has no tag {sorted(unknown)[0]!r}"
            + (f" (its tags: {', '.join(app.tag_names)})" if app.tag_names else "")
        )
    app.tags = [t for t in app.tags if t.tag not in removed]
    for tag in clean_tags(add):
        if tag not in app.tag_names:
            app.tags.append(ApplicationTag(tag=tag))


def _refuse_duplicate(session: Session, app: Application) -> None:
    """Conflict when the edited active application now duplicates another active one."""
    session.flush()
    existing = active_duplicate(session, app.organization_id, app.role, exclude=app.id)
    if existing is not None:
        raise Conflict(f"that would duplicate the active application {_describe(existing)}")


def remove_application(session: Session, application_id: int) -> ApplicationView:
    """Delete an application with its tags and history; returns what was removed."""
    app = _load(session, application_id)
    removed = _view(app, _status_since(session, app.id), timeline=True)
    session.delete(app)
    session.flush()
    return removed
