"""Export and import of applications (the sheets themselves are `pipeline/sheets.py`,
`sheet_mapping.py` and `export_format.py`).

Reading (the export, and the plan of an import) runs portable SQL through a `Fetch`, and the
import writes through an `Sql` (career.db.sql) in the caller's single transaction: many rows a
statement where no id is needed back. Neither imports SQLAlchemy. Nothing here prints. Rules
decided here:

- **Matching.** A sheet row is the application already recorded (or an earlier row of the same
  file) with the same organization (name or alias, `name_key`), the same role (case and
  spacing ignored) and the same applied date (both empty counts as the same). A matching row
  is skipped and counted, never updated: importing a file again creates nothing.
- **Active duplicates.** A row that matches nothing but is active while an active application
  for the same organization and role exists (or an earlier active row of the file) is a
  problem, listed with its row, like every other; nothing is imported then. "Same
  organization and role" is `duplicate_key`, the key `pipeline.writes.active_duplicate`
  uses for one record.
- **What an imported application gets.** Its fields from the sheet; from our own export also
  its `created_at` and `updated_at` (when empty: now). Its timeline is the history file's
  (``--history``), with its dates and notes; an application without one, or that the history
  file does not mention, gets a one-entry timeline (from nothing to its status) dated with its
  `status_since` column when the sheet has one, else its applied date, else today, with the
  note "imported from FILE". Its deadlines are the deadlines file's (``--deadlines``), each as
  it was (kind, title, due date, time and zone, reminder, done and created instants); the
  `deadline` column is then not read for a row with an id. Without that file (or for a row
  with no id), a `deadline` cell becomes an `apply-by` deadline linked to it, titled "apply to
  ORG", marked done at import when the application is already submitted (a hand-kept sheet's
  deadline for something already sent needs no reminder).
- **The export** carries every application (every status) ordered by id, with its status
  history and every deadline linked to it; `deadline` is the earliest apply-by deadline linked
  to it (done or not).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from career import clock
from career.capture.urls import posting_key
from career.db.fetch import Fetch, as_date, as_instant
from career.errors import InvalidInput
from career.pipeline import queries
from career.pipeline.export_format import time_text
from career.pipeline.sheets import (
    Attached,
    Sheet,
    SheetProblems,
    SheetRow,
    Step,
    checked_date_order,
    read_sheet,
)
from career.pipeline.vocab import (
    ACTIVE_STATUSES,
    SUBMITTED_STATUSES,
    NearDuplicates,
    duplicate_key,
    name_key,
    role_key,
)

if TYPE_CHECKING:
    from career.db.sql import Sql


# --- export ---------------------------------------------------------------------------------

TIMELINES = """
SELECT application_id, changed_on, from_status, to_status, note
FROM status_changes ORDER BY application_id, changed_on, id
"""

DEADLINES = """
SELECT application_id, title, kind, due_on, due_time, due_zone, remind_days, done_at,
       created_at
FROM deadlines WHERE application_id IS NOT NULL
ORDER BY application_id, due_on, id
"""


def export_records(fetch: Fetch) -> list[dict[str, Any]]:
    """Every application as an export record (`export_format.EXPORT_FIELDS` + `timeline` and
    `deadlines`)."""
    from career.deadlines.queries import as_time

    views = sorted(queries.list_applications(fetch, include_closed=True), key=lambda v: v.id)
    timelines: dict[int, list[dict[str, Any]]] = {}
    for app_id, on, from_status, to_status, note in fetch(TIMELINES, {}):
        timelines.setdefault(int(app_id), []).append(
            {"date": as_date(on), "from": from_status, "to": to_status, "note": note}
        )
    deadlines: dict[int, list[dict[str, Any]]] = {}
    apply_by: dict[int, date] = {}
    for app_id, title, kind, due, at, zone, remind, done, created in fetch(DEADLINES, {}):
        due_on = as_date(due)
        deadlines.setdefault(int(app_id), []).append(
            {
                "title": title,
                "kind": kind,
                "due": due_on,
                "time": time_text(as_time(at)),
                "zone": zone,
                "remind_days": remind,
                "done_at": None if done is None else as_instant(done),
                "created_at": as_instant(created),
            }
        )
        if kind == "apply-by" and int(app_id) not in apply_by:  # rows come by due date
            apply_by[int(app_id)] = due_on
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
            "deadline": apply_by.get(v.id),
            "salary_min": v.salary_min,
            "salary_max": v.salary_max,
            "salary_currency": v.salary_currency,
            "salary_period": v.salary_period,
            "employment_type": v.employment_type,
            "workplace": v.workplace,
            "posting_url": v.posting_url,
            "canonical_url": v.canonical_url,
            "posted": v.posted,
            "created_at": v.created_at,
            "updated_at": v.updated_at,
            "timeline": timelines.get(v.id, []),
            "deadlines": deadlines.get(v.id, []),
        }
        for v in views
    ]


# --- files ----------------------------------------------------------------------------------


def read_text(path: Path) -> str:
    """A sheet's text: UTF-8 (a BOM is dropped later); a clear error for anything else."""
    from career.files import read_user_file

    data = read_user_file(path, "a CSV file")
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


def load_sheet(
    file: Path,
    *,
    history: Path | None = None,
    deadlines: Path | None = None,
    maps: tuple[str, ...] | list[str] = (),
    date_order: str | None = None,
    today: date,
    preset: str | None = None,
    status_maps: tuple[str, ...] | list[str] = (),
) -> Sheet:
    """Read a sheet of applications, with the history and deadlines files of our own export
    when given (see `sheets.read_sheet`). `date_order` (DMY, MDY or None) reads year-last
    slash dates. Raises InvalidInput (a `SheetProblems` listing every problem) before any
    database is opened."""
    order = checked_date_order(date_order)
    names = [p.absolute() for p in (file, history, deadlines) if p is not None]
    if len(set(names)) != len(names):
        raise InvalidInput("FILE.csv, --history and --deadlines must name different files")

    def attached(path: Path | None) -> Attached | None:
        return None if path is None else Attached(path.name, read_text(path))

    return read_sheet(
        read_text(file),
        file.name,
        maps=maps,
        today=today,
        date_order=order,
        history=attached(history),
        deadlines=attached(deadlines),
        preset=preset,
        status_maps=status_maps,
    )


# --- import ---------------------------------------------------------------------------------

ORGANIZATION_KEYS = """
SELECT key, id, 0 FROM organizations
UNION ALL
SELECT key, organization_id, 1 FROM organization_aliases
ORDER BY 3
"""

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
    org_ids: dict[str, int] = {}
    for key, org_id, _ in fetch(ORGANIZATION_KEYS, {}):  # names first: they win over aliases
        org_ids.setdefault(str(key), int(org_id))

    def org_of(name: str) -> Hashable:
        key = name_key(name)
        found = org_ids.get(key)
        return found if found is not None else ("new", key)

    seen: dict[tuple[Any, ...], str] = {}
    active: dict[tuple[Hashable, str], str] = {}
    for app_id, org_id, role, applied, status in fetch(EXISTING, {}):
        on = as_date(applied) if applied is not None else None
        seen.setdefault((int(org_id), role_key(role), on), f"#{app_id}")
        if status in ACTIVE_STATUSES:
            active.setdefault(duplicate_key(int(org_id), role), f"#{app_id}")
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
            other = active.get(duplicate_key(org, row.role))
            if other is not None:
                problems.append(
                    f"row {row.row}: an active application for {row.organization}"
                    f"{' — ' + row.role if row.role else ''} exists already ({other})"
                )
                continue
            active[duplicate_key(org, row.role)] = f"row {row.row}"
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


def import_rows(sql: Sql, rows: list[SheetRow], source: str) -> Imported:
    """Create the applications of `rows` that are not recorded yet, in the caller's
    transaction (all or nothing). A new organization that looks like another (recorded, or new
    in this file) is created and reported, as `add-application` does."""
    from career.pipeline.writes import INSERT_APPLICATION, apply_by_title

    plan = plan_import(sql, rows, source)
    if not plan.create:
        return Imported(plan, [], [])
    now = clock.now()
    today = clock.today()

    # Organizations: every name and alias key recorded, then the new ones, in file order.
    names: dict[int, str] = {}
    known: list[tuple[str, int]] = []  # (key, id): names and aliases, for near-duplicates
    by_key: dict[str, int] = {}
    for key, org_id, name in sql.rows("SELECT key, id, name FROM organizations"):
        names[int(org_id)] = name
        known.append((key, int(org_id)))
        by_key[key] = int(org_id)
    for key, org_id in sql.rows("SELECT key, organization_id FROM organization_aliases"):
        known.append((key, int(org_id)))
        by_key.setdefault(key, int(org_id))
    new_orgs: dict[str, str] = {}  # key -> name, in the order the file names them
    for row in plan.create:
        key = name_key(row.organization)
        if key not in by_key and key not in new_orgs:
            new_orgs[key] = row.organization.strip()
    similar: list[tuple[str, list[Any]]] = []  # new key -> recorded ids, or new keys
    index = NearDuplicates()  # the near-duplicate rule, without comparing every pair
    for other_key, other in known:
        index.add(other_key, other)
    for key in new_orgs:
        others = index.alike(key, limit=3)  # three look-alikes named at most
        if others:
            similar.append((key, others))
        index.add(key, key)
    for key, name in new_orgs.items():
        org_id = int(
            sql.write(
                "INSERT INTO organizations (name, key, kind, created_at) "
                "VALUES (:name, :key, 'company', :now) RETURNING id",
                {"name": name, "key": key, "now": now},
            )[0][0]
        )
        by_key[key] = org_id
        names[org_id] = name

    # Applications, then what hangs on them.
    ids: list[int] = []
    for row in plan.create:
        ids.append(
            int(
                sql.write(
                    INSERT_APPLICATION,
                    {
                        "organization_id": by_key[name_key(row.organization)],
                        "role": row.role,
                        "kind": row.kind,
                        "status": row.status,
                        "applied_on": row.applied,
                        "url": row.url,
                        "source": row.source,
                        "location": row.location,
                        "excitement": row.excitement,
                        "notes": row.notes,
                        **row.posting.columns(),
                        "posting_key": posting_key(
                            row.posting.posting_url, row.posting.canonical_url
                        ),
                        "created_at": row.created_at or now,
                        "updated_at": row.updated_at or row.created_at or now,
                    },
                )[0][0]
            )
        )
    tags: list[tuple[Any, ...]] = []
    history: list[tuple[Any, ...]] = []
    deadlines: list[tuple[Any, ...]] = []
    for app_id, row in zip(ids, plan.create, strict=True):
        tags += [(app_id, tag) for tag in row.tags]
        steps = row.timeline or (_first_step(row, today, source),)
        history += [
            (app_id, step.from_status, step.to_status, step.on, now, step.note) for step in steps
        ]
        if row.deadlines is not None:
            deadlines += [
                (
                    d.title,
                    d.kind,
                    d.due,
                    d.at,
                    d.zone,
                    app_id,
                    d.remind_days,
                    d.done_at,
                    d.created_at or now,
                )
                for d in row.deadlines
            ]
        elif row.deadline is not None:
            title = apply_by_title(names[by_key[name_key(row.organization)]], None)
            done = now if row.status in SUBMITTED_STATUSES else None
            deadlines.append((title, "apply-by", row.deadline, None, None, app_id, None, done, now))
    sql.insert_rows("application_tags", ("application_id", "tag"), tags)
    sql.insert_rows(
        "status_changes",
        ("application_id", "from_status", "to_status", "changed_on", "recorded_at", "note"),
        history,
    )
    sql.insert_rows(
        "deadlines",
        (
            "title",
            "kind",
            "due_on",
            "due_time",
            "due_zone",
            "application_id",
            "remind_days",
            "done_at",
            "created_at",
        ),
        deadlines,
    )

    warnings: list[str] = []
    for key, others in similar:
        for other in others:
            other_id = other if isinstance(other, int) else by_key[other]
            warnings.append(
                f"new organization {new_orgs[key]!r} looks like existing "
                f"{names[other_id]!r} (#{other_id}); if they are one, use that name"
            )
    return Imported(plan, ids, warnings)


def _first_step(row: SheetRow, today: date, source: str) -> Step:
    """The one-entry timeline of a row imported without a history file."""
    return Step(
        on=row.status_since or row.applied or today,
        from_status=None,
        to_status=row.status,
        note=f"imported from {source}",
    )
