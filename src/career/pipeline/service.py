"""Organizations and applications: creating, finding, listing, moving, editing, removing.

Every function takes an open Session (one transaction, see career.db.engine) and returns data;
nothing here prints. Rules decided here:

- Organizations are matched by `name_key` on their name and their aliases; a new name that looks
  like an existing one is created anyway and reported as a warning: nothing is merged silently.
- An active application with the same organization and role (case and spacing ignored) is a
  duplicate: refused unless forced.
- An application (of any status) captured from the same posting (the same `posting_key`:
  the ATS job, else the canonical or posting URL, see career.capture.urls) is refused unless
  forced, naming it; this is checked first. The key is derived again whenever a URL changes.
- A new application starts in `applied` (dated today unless --applied says otherwise) unless
  another status is given; its first timeline entry is created with it.
- A move appends to the timeline in the same transaction; it may not be dated in the future or
  before the current status began, and moving to the status it already has is refused. Moving
  into a submitted status records the applied date when none is known.
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
from career.errors import Conflict, InvalidInput, NotFound
from career.pipeline import queries
from career.pipeline.models import (
    Application,
    ApplicationTag,
    Organization,
    OrganizationAlias,
    StatusChange,
)
from career.pipeline.transfer import duplicate_key
from career.pipeline.views import ApplicationView, TimelineEntry
from career.pipeline.vocab import (
    ACTIVE_STATUSES,
    APPLICATION_KINDS,
    NO_POSTING,
    POSTING_FIELDS,
    STATUSES,
    SUBMITTED_STATUSES,
    PostingFields,
    alike_to,
    check_choice,
    check_salary_range,
    checked_name_key,
    checked_text,
    clean_tags,
    name_key,
    salary_figure,
)

if TYPE_CHECKING:
    from career.deadlines.models import Deadline


@dataclass(frozen=True)
class Added:
    application: ApplicationView
    warnings: list[str]


# --- organizations ------------------------------------------------------------------------


def find_organization(session: Session, name: str) -> Organization | None:
    """The organization whose name or alias matches `name`, if any."""
    org_id = queries.organization_id(session_fetch(session), name)
    return session.get(Organization, org_id) if org_id is not None else None


def similar_organizations(session: Session, name: str) -> list[Organization]:
    """Existing organizations whose name or alias looks like `name` (near-duplicates)."""
    key = checked_name_key(name)
    names = session.execute(select(Organization.key, Organization.id)).all()
    aliases = session.execute(
        select(OrganizationAlias.key, OrganizationAlias.organization_id)
    ).all()
    alike = alike_to(key)
    ids: list[int] = []
    for other, org_id in [*names, *aliases]:
        if org_id not in ids and alike(other):
            ids.append(org_id)
    if not ids:
        return []
    return list(session.scalars(select(Organization).where(Organization.id.in_(ids))))


def get_or_create_organization(session: Session, name: str) -> tuple[Organization, list[str]]:
    """The organization called `name`, created if new; warnings name near-duplicates."""
    name = name.strip()
    org = find_organization(session, name)
    if org is not None:
        return org, []
    similar = similar_organizations(session, name)
    org = Organization(name=name, key=name_key(name), kind="company", created_at=clock.now())
    session.add(org)
    session.flush()
    warnings = [
        f"new organization {name!r} looks like existing {other.name!r} (#{other.id}); "
        "if they are one, use that name"
        for other in similar
    ]
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


def _check_excitement(value: int | None) -> int | None:
    if value is not None and not 1 <= value <= 5:
        raise InvalidInput(f"excitement must be from 1 to 5, not {value}")
    return value


def _check_past(on: date, what: str) -> date:
    today = clock.today()
    if on > today:
        raise InvalidInput(f"{what} {on.isoformat()} is in the future (today is {today})")
    return on


def active_duplicate(
    session: Session, organization_id: int, role: str | None, *, exclude: int | None = None
) -> Application | None:
    """An active application with the same `duplicate_key` (the rule the import applies to a
    whole file), other than `exclude`."""
    wanted = duplicate_key(organization_id, role)
    query = select(Application).where(
        Application.organization_id == organization_id,
        Application.status.in_(ACTIVE_STATUSES),
    )
    if exclude is not None:
        query = query.where(Application.id != exclude)
    for app in session.scalars(query):
        if duplicate_key(app.organization_id, app.role) == wanted:
            return app
    return None


def _describe(app: Application) -> str:
    role = f" for {app.role!r}" if app.role else ""
    return f"#{app.id} {app.organization.name}{role} ({app.status})"


@dataclass(frozen=True)
class NewApplication:
    """A new application's fields, checked and normalized without touching the database (so
    that a mistake is refused before the database is even opened)."""

    organization: str
    role: str | None
    kind: str
    status: str
    applied: date | None
    url: str | None
    source: str | None
    location: str | None
    excitement: int | None
    tags: tuple[str, ...]
    notes: str | None
    deadline: date | None = None  # an apply-by deadline to create with it
    posting: PostingFields = NO_POSTING  # what the posting says (all optional)

    @classmethod
    def checked(
        cls,
        organization: str,
        role: str | None = None,
        *,
        kind: str = "job",
        status: str | None = None,
        applied: date | None = None,
        url: str | None = None,
        source: str | None = None,
        location: str | None = None,
        excitement: int | None = None,
        tags: Sequence[str] = (),
        notes: str | None = None,
        deadline: date | None = None,
        posting: PostingFields | None = None,
    ) -> NewApplication:
        checked_name_key(organization)
        check_choice(kind, APPLICATION_KINDS, "kind")
        if status is not None:
            check_choice(status, STATUSES, "status")
        _check_excitement(excitement)
        if applied is not None:
            _check_past(applied, "applied date")
        status = status or "applied"
        if applied is None and status in SUBMITTED_STATUSES:
            applied = clock.today()
        if applied is not None and status not in SUBMITTED_STATUSES:
            raise InvalidInput(f"an application in status {status!r} has no applied date")
        return cls(
            organization=organization.strip(),
            role=checked_text(role, "role"),
            kind=kind,
            status=status,
            applied=applied,
            url=checked_text(url, "url"),
            source=checked_text(source, "source"),
            location=checked_text(location, "location"),
            excitement=excitement,
            tags=tuple(clean_tags(tags)),
            notes=checked_text(notes, "notes"),
            deadline=deadline,
            posting=posting or PostingFields(),
        )


def posting_duplicate(session: Session, key: str | None) -> Application | None:
    """An application (of any status) recorded from the posting with this `posting_key`."""
    if key is None:
        return None
    return session.scalars(
        select(Application).where(Application.posting_key == key).order_by(Application.id)
    ).first()


def _refuse_posting_duplicate(session: Session, key: str | None) -> None:
    existing = posting_duplicate(session, key)
    if existing is not None:
        raise Conflict(
            f"this posting is recorded already: {_describe(existing)}; "
            "add --force to record it again"
        )


def add_application(
    session: Session, new: NewApplication, *, force: bool = False, since: date | None = None
) -> Added:
    """Record `new` with the first entry of its timeline (and its apply-by deadline). The
    timeline starts on the applied date, else on `since` (a journal day), else today."""
    key = posting_key(new.posting.posting_url, new.posting.canonical_url)
    if not force:
        _refuse_posting_duplicate(session, key)
    org, warnings = get_or_create_organization(session, new.organization)
    if not force:
        existing = active_duplicate(session, org.id, new.role)
        if existing is not None:
            raise Conflict(
                f"an active application exists already: {_describe(existing)}; "
                "add --force to record another"
            )
    now = clock.now()
    app = Application(
        organization=org,
        role=new.role,
        kind=new.kind,
        status=new.status,
        applied_on=new.applied,
        url=new.url,
        source=new.source,
        location=new.location,
        excitement=new.excitement,
        notes=new.notes,
        created_at=now,
        updated_at=now,
        tags=[ApplicationTag(tag=t) for t in new.tags],
        posting_key=key,
        **new.posting.columns(),
    )
    started = new.applied or (_check_past(since, "date") if since else clock.today())
    app.history.append(
        StatusChange(
            from_status=None, to_status=new.status, changed_on=started, recorded_at=now, note=None
        )
    )
    session.add(app)
    session.flush()
    if new.deadline is not None:
        session.add(apply_by_deadline(app, new.deadline, now, role=new.role))
        session.flush()
    return Added(_view(app, started, timeline=True), warnings)


def apply_by_deadline(
    app: Application, due: date, now: datetime, *, role: str | None = None, done: bool = False
) -> Deadline:
    """The `apply-by` deadline of an application (add-application --deadline, a sheet's
    Deadline column): "apply to ORG[ — ROLE]", done at `now` when `done`."""
    from career.models import Deadline  # the whole schema: a deadline refers to events

    title = f"apply to {app.organization.name}" + (f" — {role}" if role else "")
    return Deadline(
        title=title if len(title) <= 500 else title[:499] + "…",
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


def move_application(
    session: Session,
    application_id: int,
    status: str,
    *,
    on: date | None = None,
    note: str | None = None,
    force: bool = False,
) -> ApplicationView:
    check_choice(status, STATUSES, "status")
    app = _load(session, application_id)
    if app.status == status:
        raise Conflict(f"application #{app.id} is already {status!r}")
    if app.status not in ACTIVE_STATUSES and status in ACTIVE_STATUSES and not force:
        existing = active_duplicate(session, app.organization_id, app.role, exclude=app.id)
        if existing is not None:
            raise Conflict(
                f"reopening #{app.id} would duplicate the active application "
                f"{_describe(existing)}; add --force to reopen it anyway"
            )
    since = _status_since(session, app.id)
    on = _check_past(on, "date") if on is not None else clock.today()
    if on < since:
        raise InvalidInput(
            f"cannot date the move {on.isoformat()}: application #{app.id} has been "
            f"{app.status!r} since {since.isoformat()}"
        )
    now = clock.now()
    app.history.append(
        StatusChange(
            from_status=app.status,
            to_status=status,
            changed_on=on,
            recorded_at=now,
            note=checked_text(note, "notes"),
        )
    )
    app.status = status
    if status in SUBMITTED_STATUSES and app.applied_on is None:
        app.applied_on = on
    app.updated_at = now
    session.flush()
    return _view(app, on, timeline=True)


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
        app.excitement = _check_excitement(changes.excitement)
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
    _check_past(applied, "applied date")
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
