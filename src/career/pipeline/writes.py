"""Organizations and applications: the pipeline's rules for what is written, in portable SQL.

Every function takes an `Sql` (career.db.sql: one write transaction, on sqlite3, psycopg or a
SQLAlchemy session) and returns data; nothing here prints, and nothing here imports SQLAlchemy,
so the pipeline's commands on a SQLite file or a server at head run without it. Every writer of
organizations and applications (events, advising, contacts, journal suggestions, a captured
posting, the spreadsheet import) goes through these rules. Rules decided here:

- Organizations are matched by `name_key` on their name and their aliases; a new name that looks
  like an existing one is created anyway and reported as a warning: nothing is merged silently.
- An active application with the same organization and role (case and spacing ignored,
  `vocab.duplicate_key`) is a duplicate: refused unless forced.
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

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from career import clock
from career.capture.urls import posting_key
from career.db.fetch import Fetch, in_list
from career.db.sql import Sql
from career.errors import Conflict, InvalidInput
from career.pipeline import queries
from career.pipeline.views import ApplicationView
from career.pipeline.vocab import (
    ACTIVE_STATUSES,
    APPLICATION_KINDS,
    NO_POSTING,
    POSTING_FIELDS,
    STATUSES,
    SUBMITTED_STATUSES,
    UNCHANGED,
    PostingFields,
    Unchanged,
    alike_to,
    check_choice,
    check_salary_range,
    checked_name_key,
    checked_text,
    clean_tags,
    duplicate_key,
    name_key,
)

TITLE_LIMIT = 500


@dataclass(frozen=True)
class Added:
    application: ApplicationView
    warnings: list[str]


def check_excitement(value: int | None) -> int | None:
    if value is not None and not 1 <= value <= 5:
        raise InvalidInput(f"excitement must be from 1 to 5, not {value}")
    return value


def check_past(on: date, what: str) -> date:
    today = clock.today()
    if on > today:
        raise InvalidInput(f"{what} {on.isoformat()} is in the future (today is {today})")
    return on


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
        check_excitement(excitement)
        if applied is not None:
            check_past(applied, "applied date")
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


# --- organizations ------------------------------------------------------------------------

ORGANIZATION_KEYS = """
SELECT key, id FROM organizations
UNION ALL
SELECT key, organization_id FROM organization_aliases
"""


def similar_organizations(fetch: Fetch, name: str) -> list[tuple[int, str]]:
    """Existing organizations (id, name) whose name or alias looks like `name`."""
    alike = alike_to(checked_name_key(name))
    ids: list[int] = []
    for other, org_id in fetch(ORGANIZATION_KEYS, {}):
        if org_id not in ids and alike(other):
            ids.append(int(org_id))
    if not ids:
        return []
    params: dict[str, Any] = {}
    where = in_list("id", ids, params)
    return [
        (int(org_id), org_name)
        for org_id, org_name in fetch(
            f"SELECT id, name FROM organizations WHERE id IN {where} ORDER BY id", params
        )
    ]


def organization(sql: Sql, name: str, kind: str = "company") -> tuple[int, str, list[str]]:
    """The organization called `name` (id, name), created (of `kind`) if new; warnings name
    near-duplicates."""
    name = name.strip()
    found = queries.organization_id(sql, name)
    if found is not None:
        return (
            found,
            str(sql.value("SELECT name FROM organizations WHERE id = :id", {"id": found})),
            [],
        )
    similar = similar_organizations(sql, name)
    org_id = sql.write(
        "INSERT INTO organizations (name, key, kind, created_at) "
        "VALUES (:name, :key, :kind, :now) RETURNING id",
        {"name": name, "key": name_key(name), "kind": kind, "now": clock.now()},
    )[0][0]
    warnings = [
        f"new organization {name!r} looks like existing {other!r} (#{other_id}); "
        "if they are one, use that name"
        for other_id, other in similar
    ]
    return int(org_id), name, warnings


def add_alias(sql: Sql, organization_id: int, alias: str) -> None:
    """Record `alias` as another name of the organization (its key must be free)."""
    sql.write(
        "INSERT INTO organization_aliases (organization_id, alias, key) VALUES (:id, :alias, :key)",
        {"id": organization_id, "alias": alias, "key": name_key(alias)},
    )


# --- applications -------------------------------------------------------------------------


def describe(app_id: int, organization_name: str, role: str | None, status: str) -> str:
    """An application as messages name it: #12 FAR.AI for 'Research engineer' (applied)."""
    role_text = f" for {role!r}" if role else ""
    return f"#{app_id} {organization_name}{role_text} ({status})"


DESCRIBED = """
SELECT a.id, o.name, a.role, a.status FROM applications a
JOIN organizations o ON o.id = a.organization_id
"""


def described(fetch: Fetch, app_id: int) -> str:
    row = fetch(DESCRIBED + " WHERE a.id = :id", {"id": app_id})[0]
    return describe(int(row[0]), row[1], row[2], row[3])


def active_duplicate(
    fetch: Fetch, organization_id: int, role: str | None, *, exclude: int | None = None
) -> int | None:
    """The id of an active application with the same `duplicate_key` (the rule the import
    applies to a whole file), other than `exclude`."""
    wanted = duplicate_key(organization_id, role)
    params: dict[str, Any] = {"org": organization_id}
    statuses = in_list("status", ACTIVE_STATUSES, params)
    for app_id, app_role in fetch(
        "SELECT id, role FROM applications WHERE organization_id = :org "
        f"AND status IN {statuses} ORDER BY id",
        params,
    ):
        if int(app_id) != exclude and duplicate_key(organization_id, app_role) == wanted:
            return int(app_id)
    return None


def posting_duplicate(fetch: Fetch, key: str | None) -> int | None:
    """The id of an application (of any status) recorded from the posting with this key."""
    if key is None:
        return None
    rows = fetch(
        "SELECT id FROM applications WHERE posting_key = :key ORDER BY id LIMIT 1", {"key": key}
    )
    return int(rows[0][0]) if rows else None


def apply_by_title(organization_name: str, role: str | None) -> str:
    """The title of an application's `apply-by` deadline: "apply to ORG[ — ROLE]"."""
    title = f"apply to {organization_name}" + (f" — {role}" if role else "")
    return title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1] + "…"


INSERT_APPLICATION = """
INSERT INTO applications (organization_id, role, kind, status, applied_on, url, source,
    location, excitement, notes, salary_min, salary_max, salary_currency, salary_period,
    employment_type, workplace, posting_url, canonical_url, posting_key, posted_on,
    created_at, updated_at)
VALUES (:organization_id, :role, :kind, :status, :applied_on, :url, :source, :location,
    :excitement, :notes, :salary_min, :salary_max, :salary_currency, :salary_period,
    :employment_type, :workplace, :posting_url, :canonical_url, :posting_key, :posted_on,
    :created_at, :updated_at)
RETURNING id
"""

INSERT_STATUS_CHANGE = """
INSERT INTO status_changes (application_id, from_status, to_status, changed_on, recorded_at,
    note)
VALUES (:id, :from_status, :to_status, :on, :now, :note)
"""


def add_application(
    sql: Sql, new: NewApplication, *, force: bool = False, since: date | None = None
) -> Added:
    """Record `new` with the first entry of its timeline (and its apply-by deadline). The
    timeline starts on the applied date, else on `since` (a journal day), else today."""
    key = posting_key(new.posting.posting_url, new.posting.canonical_url)
    if not force:
        existing = posting_duplicate(sql, key)
        if existing is not None:
            raise Conflict(
                f"this posting is recorded already: {described(sql, existing)}; "
                "add --force to record it again"
            )
    org_id, org_name, warnings = organization(sql, new.organization)
    if not force:
        existing = active_duplicate(sql, org_id, new.role)
        if existing is not None:
            raise Conflict(
                f"an active application exists already: {described(sql, existing)}; "
                "add --force to record another"
            )
    now = clock.now()
    app_id = sql.write(
        INSERT_APPLICATION,
        {
            "organization_id": org_id,
            "role": new.role,
            "kind": new.kind,
            "status": new.status,
            "applied_on": new.applied,
            "url": new.url,
            "source": new.source,
            "location": new.location,
            "excitement": new.excitement,
            "notes": new.notes,
            "posting_key": key,
            "created_at": now,
            "updated_at": now,
            **new.posting.columns(),
        },
    )[0][0]
    for tag in new.tags:
        sql.write(
            "INSERT INTO application_tags (application_id, tag) VALUES (:id, :tag)",
            {"id": app_id, "tag": tag},
        )
    started = new.applied or (check_past(since, "date") if since else clock.today())
    sql.write(
        INSERT_STATUS_CHANGE,
        {
            "id": app_id,
            "from_status": None,
            "to_status": new.status,
            "on": started,
            "now": now,
            "note": None,
        },
    )
    if new.deadline is not None:
        sql.write(
            "INSERT INTO deadlines (title, kind, due_on, application_id, created_at) "
            "VALUES (:title, 'apply-by', :due, :id, :now)",
            {
                "title": apply_by_title(org_name, new.role),
                "due": new.deadline,
                "id": app_id,
                "now": now,
            },
        )
    return Added(queries.show_application(sql, int(app_id)), warnings)


def _organization_and_key(sql: Sql, application_id: int) -> tuple[int, str | None]:
    """An application's organization id and posting key (which its view does not carry)."""
    org_id, key = sql.rows(
        "SELECT organization_id, posting_key FROM applications WHERE id = :id",
        {"id": application_id},
    )[0]
    return int(org_id), key


def move_application(
    sql: Sql,
    application_id: int,
    status: str,
    *,
    on: date | None = None,
    note: str | None = None,
    force: bool = False,
) -> ApplicationView:
    """Move an application to `status` (see the module's rules); the view after."""
    check_choice(status, STATUSES, "status")
    app = queries.show_application(sql, application_id)
    if app.status == status:
        raise Conflict(f"application #{app.id} is already {status!r}")
    org_id, _ = _organization_and_key(sql, app.id)
    if app.status not in ACTIVE_STATUSES and status in ACTIVE_STATUSES and not force:
        existing = active_duplicate(sql, org_id, app.role, exclude=app.id)
        if existing is not None:
            raise Conflict(
                f"reopening #{app.id} would duplicate the active application "
                f"{described(sql, existing)}; add --force to reopen it anyway"
            )
    on = check_past(on, "date") if on is not None else clock.today()
    if on < app.status_since:
        raise InvalidInput(
            f"cannot date the move {on.isoformat()}: application #{app.id} has been "
            f"{app.status!r} since {app.status_since.isoformat()}"
        )
    now = clock.now()
    applied = on if status in SUBMITTED_STATUSES and app.applied is None else app.applied
    sql.write(
        "UPDATE applications SET status = :status, applied_on = :applied, updated_at = :now "
        "WHERE id = :id",
        {"status": status, "applied": applied, "now": now, "id": app.id},
    )
    sql.write(
        INSERT_STATUS_CHANGE,
        {
            "id": app.id,
            "from_status": app.status,
            "to_status": status,
            "on": on,
            "now": now,
            "note": checked_text(note, "notes"),
        },
    )
    return queries.show_application(sql, app.id)


@dataclass(frozen=True)
class ApplicationChanges:
    """What an edit changes: UNCHANGED leaves a field, None clears an optional one; tags are
    added and removed by name."""

    organization: str | Unchanged = UNCHANGED
    role: str | Unchanged | None = UNCHANGED
    kind: str | Unchanged = UNCHANGED
    applied: date | Unchanged | None = UNCHANGED
    url: str | Unchanged | None = UNCHANGED
    source: str | Unchanged | None = UNCHANGED
    location: str | Unchanged | None = UNCHANGED
    excitement: int | Unchanged | None = UNCHANGED
    notes: str | Unchanged | None = UNCHANGED
    # What the posting says: each as `PostingFields.checked` reads it (None clears).
    salary_min: str | Unchanged | None = UNCHANGED
    salary_max: str | Unchanged | None = UNCHANGED
    salary_currency: str | Unchanged | None = UNCHANGED
    salary_period: str | Unchanged | None = UNCHANGED
    employment_type: str | Unchanged | None = UNCHANGED
    workplace: str | Unchanged | None = UNCHANGED
    posting_url: str | Unchanged | None = UNCHANGED
    canonical_url: str | Unchanged | None = UNCHANGED
    posted: date | Unchanged | None = UNCHANGED
    add_tags: Sequence[str] = ()
    remove_tags: Sequence[str] = ()

    def is_empty(self) -> bool:
        return all(
            getattr(self, f.name) is UNCHANGED for f in fields(self) if not f.name.endswith("tags")
        ) and not (self.add_tags or self.remove_tags)


def _unchanged(value: object) -> bool:
    return isinstance(value, Unchanged)


def edit_application(
    sql: Sql, application_id: int, changes: ApplicationChanges
) -> tuple[ApplicationView, list[str]]:
    """Apply `changes` to an application. Returns the view and warnings.

    The applied date may be moved earlier, but not after the day the timeline first shows
    the application as sent: the timeline is append-only and stays the record of moves. An
    edit that gives it another organization or role is checked for duplicates again, and a new
    posting URL derives the posting key again."""
    if changes.is_empty():
        raise InvalidInput("nothing to change: give at least one field to edit (see --help)")
    app = queries.show_application(sql, application_id)
    org_id, key_before = _organization_and_key(sql, app.id)
    values: dict[str, Any] = {}
    if not _unchanged(changes.kind):
        values["kind"] = check_choice(str(changes.kind), APPLICATION_KINDS, "kind")
    if not isinstance(changes.excitement, Unchanged):
        values["excitement"] = check_excitement(changes.excitement)
    if not isinstance(changes.applied, Unchanged):
        _check_applied(app, changes.applied)
        values["applied_on"] = changes.applied
    for name in ("url", "source", "location", "notes", "role"):
        given = getattr(changes, name)
        if not _unchanged(given):
            values[name] = checked_text(given, name)
    values.update(_posting_columns(app, changes))
    if values.get("posting_key") not in (None, key_before):
        other = sql.value(
            "SELECT id FROM applications WHERE posting_key = :key AND id <> :id "
            "ORDER BY id LIMIT 1",
            {"key": values["posting_key"], "id": app.id},
        )
        if other is not None:
            raise Conflict(f"that is the posting of {described(sql, int(other))} already")
    warnings: list[str] = []
    if not isinstance(changes.organization, Unchanged):
        org_id, _, warnings = organization(sql, changes.organization)
        values["organization_id"] = org_id
    removed = set(clean_tags(changes.remove_tags))
    unknown = removed - set(app.tags)
    if unknown:
        raise InvalidInput(
            f"application #{app.id} has no tag {sorted(unknown)[0]!r}"
            + (f" (its tags: {', '.join(app.tags)})" if app.tags else "")
        )
    added = [t for t in clean_tags(changes.add_tags) if t not in app.tags or t in removed]
    moved = not _unchanged(changes.role) or not _unchanged(changes.organization)
    if moved and app.status in ACTIVE_STATUSES:
        role = values.get("role", app.role)
        existing = active_duplicate(sql, org_id, role, exclude=app.id)
        if existing is not None:
            raise Conflict(
                f"that would duplicate the active application {described(sql, existing)}"
            )
    values["updated_at"] = clock.now()
    sql.update("applications", app.id, values)
    sql.write_in(
        "DELETE FROM application_tags WHERE application_id = :id AND tag IN {}",
        sorted(removed),
        id=app.id,
    )
    for tag in dict.fromkeys(added):
        sql.write(
            "INSERT INTO application_tags (application_id, tag) VALUES (:id, :tag)",
            {"id": app.id, "tag": tag},
        )
    return queries.show_application(sql, app.id), warnings


def _posting_columns(app: ApplicationView, changes: ApplicationChanges) -> dict[str, Any]:
    """The posting's columns an edit sets: the changed fields checked, the salary range checked
    whole, and the posting key derived again from the URLs."""
    given = {
        name: getattr(changes, name)
        for name in POSTING_FIELDS
        if not isinstance(getattr(changes, name), Unchanged)
    }
    if not given:
        return {}
    checked = PostingFields.checked(**given)
    final = {name: getattr(app, name) for name in POSTING_FIELDS}
    columns: dict[str, Any] = {}
    for name in given:
        final[name] = getattr(checked, name)
        columns["posted_on" if name == "posted" else name] = final[name]
    check_salary_range(final["salary_min"], final["salary_max"])
    columns["posting_key"] = posting_key(final["posting_url"], final["canonical_url"])
    return columns


def _check_applied(app: ApplicationView, applied: date | None) -> None:
    """A new applied date: in the past, of a sent application, not after the timeline's send."""
    if applied is None:
        return
    check_past(applied, "applied date")
    if app.status not in SUBMITTED_STATUSES:
        raise InvalidInput(f"an application in status {app.status!r} has no applied date")
    sent = next((c for c in app.timeline if c.to_status in SUBMITTED_STATUSES), None)
    if sent is not None and applied > sent.on:
        raise InvalidInput(
            f"the timeline shows #{app.id} as {sent.to_status!r} on "
            f"{sent.on.isoformat()}: it was applied to by then"
        )


def remove_application(sql: Sql, application_id: int) -> ApplicationView:
    """Delete an application; its tags, timeline, deadlines, contact links and journal links go
    with it (the foreign keys' ON DELETE); returns what was removed."""
    removed = queries.show_application(sql, application_id)
    sql.write("DELETE FROM applications WHERE id = :id", {"id": removed.id})
    return removed
