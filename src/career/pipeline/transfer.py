"""Export and import of applications (the spreadsheet itself is `pipeline/spreadsheet.py`).

Reading (the export, and the plan of an import) runs portable SQL through a `Fetch`, so an
export of a current SQLite file goes through sqlite3 without importing SQLAlchemy; the import's
writes use the ORM, imported inside `import_rows`. Nothing here prints. Rules decided here:

- **Matching.** A sheet row is the application already recorded (or an earlier row of the same
  file) with the same organization (name or alias, `name_key`), the same role (case and
  spacing ignored) and the same applied date (both empty counts as the same). A matching row
  is skipped and counted, never updated: importing a file again creates nothing.
- **Active duplicates.** A row that matches nothing but is active while an active application
  for the same organization and role exists (or an earlier active row of the file) is a
  problem, listed with its row, like every other; nothing is imported then.
- **What an imported application gets.** Its fields from the sheet, a one-entry timeline
  (from nothing to its status) dated with its `status_since` column when the sheet has one (our
  own export does), else its applied date, else today, with the note "imported from FILE". A
  status history file (export --history) is not imported. A `deadline` cell becomes an
  `apply-by` deadline linked to it, titled "apply to ORG"; it is marked done at import when
  the application is already submitted.
- **The export** carries every application (every status) ordered by id, with its status
  history; `deadline` is the earliest apply-by deadline linked to it (done or not).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from career import clock
from career.db.fetch import Fetch, as_date
from career.errors import Conflict, InvalidInput
from career.pipeline import queries
from career.pipeline.spreadsheet import SheetProblems, SheetRow
from career.pipeline.vocab import (
    ACTIVE_STATUSES,
    SUBMITTED_STATUSES,
    alike_to,
    name_key,
    role_key,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# --- export ---------------------------------------------------------------------------------

TIMELINES = """
SELECT application_id, changed_on, from_status, to_status, note
FROM status_changes ORDER BY application_id, changed_on, id
"""

APPLY_BY = """
SELECT application_id, MIN(due_on) FROM deadlines
WHERE kind = 'apply-by' AND application_id IS NOT NULL
GROUP BY application_id
"""


def export_records(fetch: Fetch) -> list[dict[str, Any]]:
    """Every application as an export record (`spreadsheet.EXPORT_FIELDS` + `timeline`)."""
    views = sorted(queries.list_applications(fetch, include_closed=True), key=lambda v: v.id)
    timelines: dict[int, list[dict[str, Any]]] = {}
    for app_id, on, from_status, to_status, note in fetch(TIMELINES, {}):
        timelines.setdefault(int(app_id), []).append(
            {"date": as_date(on), "from": from_status, "to": to_status, "note": note}
        )
    deadlines = {int(app_id): as_date(due) for app_id, due in fetch(APPLY_BY, {})}
    return [
        {
            "id": v.id,
            "organization": v.organization,
            "role": v.role,
            "kind": v.kind,
            "status": v.status,
            "status_since": v.status_since,
            "applied": v.applied,
            "excitement": v.excitement,
            "tags": list(v.tags),
            "url": v.url,
            "source": v.source,
            "location": v.location,
            "notes": v.notes,
            "deadline": deadlines.get(v.id),
            "created_at": v.created_at,
            "updated_at": v.updated_at,
            "timeline": timelines.get(v.id, []),
        }
        for v in views
    ]


# --- files ----------------------------------------------------------------------------------


def check_target(path: Path, *, force: bool) -> None:
    """Refuse a file we may not write: a folder, a missing folder, an existing file."""
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder: give a file name to write")
    if not path.parent.is_dir():
        raise InvalidInput(f"cannot write {path}: the folder {path.parent} does not exist")
    if path.exists() and not force:
        raise Conflict(f"{path} exists already; add --force to replace it")


def write_private(path: Path, text: str, *, force: bool) -> None:
    """Write `text` to `path` atomically (a 0600 temporary file in the same folder, fsync,
    then os.replace, or a hard link when the file must not exist), never over an existing
    file unless `force`."""
    check_target(path, force=force)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        temp.chmod(0o600)  # mkstemp's mode, said out loud
        if force:
            temp.replace(path)
        else:  # a hard link never replaces a file that appeared meanwhile
            try:
                os.link(temp, path)
            except FileExistsError:
                raise Conflict(f"{path} exists already; add --force to replace it") from None
            except OSError:  # a file system without hard links: check, then replace
                if path.exists():
                    raise Conflict(f"{path} exists already; add --force to replace it") from None
                temp.replace(path)
            else:
                temp.unlink()
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:  # pragma: no cover - a folder we cannot open for fsync
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def read_text(path: Path) -> str:
    """A sheet's text: UTF-8 (a BOM is dropped later); a clear error for anything else."""
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder, not a CSV file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"no file {path}") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{path} is not UTF-8 text (byte {exc.start}); save it as CSV UTF-8"
        ) from None
    if text.lstrip("\ufeff \t\r\n").startswith(("[", "{")):
        raise InvalidInput(
            f"{path} looks like JSON: import reads CSV (use `career export apps --format csv`)"
        )
    return text


# --- import ---------------------------------------------------------------------------------

EXISTING = """
SELECT a.id, a.organization_id, a.role, a.applied_on, a.status FROM applications a
"""


@dataclass(frozen=True)
class Skipped:
    row: SheetRow
    matches: str  # "#12" (recorded) or "row 4" (earlier in the file)


@dataclass(frozen=True)
class Plan:
    create: list[SheetRow]
    skip: list[Skipped]


def plan_import(fetch: Fetch, rows: list[SheetRow], source: str) -> Plan:
    """What importing `rows` would do, without changing anything (see the module docstring).
    Raises `SheetProblems` for rows that would duplicate an active application."""
    org_ids: dict[str, int | None] = {}

    def org_of(name: str) -> tuple[str, Any]:
        key = name_key(name)
        if key not in org_ids:
            org_ids[key] = queries.organization_id(fetch, name)
        found = org_ids[key]
        return ("id", found) if found is not None else ("new", key)

    seen: dict[tuple[Any, ...], str] = {}
    active: dict[tuple[Any, ...], str] = {}
    for app_id, org_id, role, applied, status in fetch(EXISTING, {}):
        org = ("id", int(org_id))
        on = as_date(applied) if applied is not None else None
        seen.setdefault((org, role_key(role), on), f"#{app_id}")
        if status in ACTIVE_STATUSES:
            active.setdefault((org, role_key(role)), f"#{app_id}")
    create: list[SheetRow] = []
    skip: list[Skipped] = []
    problems: list[str] = []
    for row in rows:
        org = org_of(row.organization)
        key = (org, role_key(row.role), row.applied)
        if key in seen:
            skip.append(Skipped(row, seen[key]))
            continue
        if row.status in ACTIVE_STATUSES:
            other = active.get((org, role_key(row.role)))
            if other is not None:
                problems.append(
                    f"row {row.row}: an active application for {row.organization}"
                    f"{' — ' + row.role if row.role else ''} exists already ({other})"
                )
                continue
            active[(org, role_key(row.role))] = f"row {row.row}"
        seen[key] = f"row {row.row}"
        create.append(row)
    if problems:
        raise SheetProblems(source, problems)
    return Plan(create, skip)


@dataclass(frozen=True)
class Imported:
    plan: Plan
    ids: list[int]
    warnings: list[str]


def import_rows(session: Session, rows: list[SheetRow], source: str) -> Imported:
    """Create the applications of `rows` that are not recorded yet, in the caller's
    transaction (all or nothing). A new organization that looks like another (recorded, or
    new in this file) is created and reported, as `add-application` does."""
    from sqlalchemy import select

    from career.db.engine import session_fetch
    from career.pipeline.models import (
        Application,
        ApplicationTag,
        Organization,
        OrganizationAlias,
        StatusChange,
    )
    from career.pipeline.service import apply_by_deadline

    fetch = session_fetch(session)
    plan = plan_import(fetch, rows, source)
    now = clock.now()
    today = clock.today()

    # Organizations first, one per name key, then every application without a flush between.
    known: list[tuple[str, Organization | int]] = [
        (str(key), int(org_id))
        for statement in (
            select(Organization.key, Organization.id),
            select(OrganizationAlias.key, OrganizationAlias.organization_id),
        )
        for key, org_id in session.execute(statement)
    ]
    orgs: dict[str, Organization] = {}
    similar: list[tuple[Organization, list[Organization | int]]] = []
    with session.no_autoflush:  # one flush below, not one per query
        for row in plan.create:
            key = name_key(row.organization)
            if key in orgs:
                continue
            org_id = queries.organization_id(fetch, row.organization)
            if org_id is not None:
                found = session.get(Organization, org_id)
                assert found is not None
                orgs[key] = found
                continue
            name = row.organization.strip()
            org = Organization(name=name, key=key, kind="company", created_at=now)
            alike = alike_to(key)
            others: list[Organization | int] = []
            for other_key, other in known:
                if other not in others and alike(other_key):
                    others.append(other)
            if others:
                similar.append((org, others))
            known.append((key, org))
            orgs[key] = org
            session.add(org)
        created: list[tuple[Application, SheetRow]] = []
        for row in plan.create:
            app = Application(
                organization=orgs[name_key(row.organization)],
                role=row.role,
                kind=row.kind,
                status=row.status,
                applied_on=row.applied,
                url=row.url,
                source=row.source,
                location=row.location,
                excitement=row.excitement,
                notes=row.notes,
                created_at=now,
                updated_at=now,
                tags=[ApplicationTag(tag=t) for t in row.tags],
            )
            started: date = row.status_since or row.applied or today
            app.history.append(
                StatusChange(
                    from_status=None,
                    to_status=row.status,
                    changed_on=started,
                    recorded_at=now,
                    note=f"imported from {source}",
                )
            )
            session.add(app)
            created.append((app, row))
        session.flush()
    for app, row in created:
        if row.deadline is not None:
            done = row.status in SUBMITTED_STATUSES
            session.add(apply_by_deadline(app, row.deadline, now, done=done))
    session.flush()
    warnings: list[str] = []
    for org, others in similar:
        for other in others:
            shown = other if isinstance(other, Organization) else session.get(Organization, other)
            assert shown is not None
            warnings.append(
                f"new organization {org.name!r} looks like existing {shown.name!r} "
                f"(#{shown.id}); if they are one, use that name"
            )
    return Imported(plan, [app.id for app, _ in created], warnings)
