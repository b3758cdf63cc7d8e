"""Advising sessions (80,000 Hours-style): recording one with its takeaways and action items.

Every function takes an `Sql` (career.db.sql: one write transaction, on sqlite3, psycopg or a
SQLAlchemy session) and returns data; nothing here prints, and nothing here imports SQLAlchemy.
Rules decided here:

- The organization is found by name or alias, or created (kind `advisor`) with the pipeline's
  near-duplicate warning.
- A session has happened: it is dated today unless told otherwise, and never in the future.
- The advisor is the contact at that organization with that name (case and spacing ignored;
  the oldest if several); when there is none, a contact is created there with role `advisor`.
- Takeaways keep their order (positions 1..n).
- Each action item is a deadline of kind `action` linked to the session, due on the date given
  or 14 days after the session, created in the same transaction. A due date before the session
  is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from career import clock
from career.advising import queries
from career.advising.views import AddedSession
from career.db.sql import Sql
from career.errors import InvalidInput
from career.people.service import checked_person_name
from career.pipeline import writes
from career.pipeline.vocab import checked_name_key, clean_text

# How long after the session an action item is due when no date is given.
ACTION_DUE_AFTER = timedelta(days=14)

# The longest each field may be (their columns' lengths; free text is bounded).
LIMITS: dict[str, int] = {
    "notes url": 2000,
    "summary": 100_000,
    "takeaway": 100_000,
    "action": 500,
}


def _checked(value: str | None, what: str) -> str | None:
    value = clean_text(value)
    limit = LIMITS[what]
    if value is not None and len(value) > limit:
        raise InvalidInput(f"the {what} is too long: {len(value)} characters, at most {limit}")
    return value


def _required(value: str, what: str) -> str:
    checked = _checked(value, what)
    if checked is None:
        raise InvalidInput(f"a {what} cannot be empty")
    return checked


@dataclass(frozen=True)
class NewSession:
    """A new session's fields, checked without touching the database."""

    organization: str
    advisor: str | None
    held_on: date
    notes_url: str | None
    summary: str | None
    takeaways: tuple[str, ...]
    actions: tuple[str, ...]
    action_due: date

    @classmethod
    def checked(
        cls,
        organization: str,
        *,
        advisor: str | None = None,
        held_on: date | None = None,
        notes_url: str | None = None,
        summary: str | None = None,
        takeaways: Sequence[str] = (),
        actions: Sequence[str] = (),
        action_due: date | None = None,
    ) -> NewSession:
        checked_name_key(organization)
        today = clock.today()
        held_on = held_on if held_on is not None else today
        if held_on > today:
            raise InvalidInput(
                f"the session date {held_on.isoformat()} is in the future (today is {today}): "
                "record a session once it has happened"
            )
        if action_due is not None:
            if not actions:
                raise InvalidInput("--action-due needs at least one --action")
            if action_due < held_on:
                raise InvalidInput(
                    f"the action due date {action_due.isoformat()} is before the session "
                    f"({held_on.isoformat()})"
                )
        return cls(
            organization=organization.strip(),
            advisor=checked_person_name(advisor) if advisor is not None else None,
            held_on=held_on,
            notes_url=_checked(notes_url, "notes url"),
            summary=_checked(summary, "summary"),
            takeaways=tuple(_required(t, "takeaway") for t in takeaways),
            actions=tuple(_required(a, "action") for a in actions),
            action_due=action_due if action_due is not None else held_on + ACTION_DUE_AFTER,
        )


def _advisor(sql: Sql, organization_id: int, name: str) -> int | None:
    wanted = " ".join(name.split()).casefold()
    contacts = sql.rows(
        "SELECT id, name FROM contacts WHERE organization_id = :org ORDER BY id",
        {"org": organization_id},
    )
    return next(
        (int(c_id) for c_id, c_name in contacts if " ".join(c_name.split()).casefold() == wanted),
        None,
    )


def add_session(sql: Sql, new: NewSession) -> AddedSession:
    """Record `new` with its takeaways and its action items (deadlines), in one transaction."""
    org_id, _, warnings = writes.organization(sql, new.organization, kind="advisor")
    now = clock.now()
    advisor_id = None
    new_advisor_id = None
    if new.advisor is not None:
        advisor_id = _advisor(sql, org_id, new.advisor)
        if advisor_id is None:
            advisor_id = new_advisor_id = int(
                sql.write(
                    "INSERT INTO contacts (name, organization_id, role, created_at) "
                    "VALUES (:name, :org, 'advisor', :now) RETURNING id",
                    {"name": new.advisor, "org": org_id, "now": now},
                )[0][0]
            )
    record_id = int(
        sql.write(
            "INSERT INTO advisor_sessions (organization_id, advisor_id, held_on, notes_url, "
            "summary, created_at) VALUES (:org, :advisor, :held_on, :notes_url, :summary, :now) "
            "RETURNING id",
            {
                "org": org_id,
                "advisor": advisor_id,
                "held_on": new.held_on,
                "notes_url": new.notes_url,
                "summary": new.summary,
                "now": now,
            },
        )[0][0]
    )
    for position, text in enumerate(new.takeaways, 1):
        sql.write(
            "INSERT INTO session_takeaways (session_id, position, text) "
            "VALUES (:id, :position, :text)",
            {"id": record_id, "position": position, "text": text},
        )
    for title in new.actions:
        sql.write(
            "INSERT INTO deadlines (title, kind, due_on, session_id, created_at) "
            "VALUES (:title, 'action', :due, :id, :now)",
            {"title": title, "due": new.action_due, "id": record_id, "now": now},
        )
    view = queries.show_session(sql, record_id)
    return AddedSession(view, new_advisor_id, warnings)
