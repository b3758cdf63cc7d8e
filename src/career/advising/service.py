"""Advising sessions (80,000 Hours-style): recording one with its takeaways and action items.

Every function takes an open Session and returns data; nothing here prints. Rules decided here:

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

from sqlalchemy import select
from sqlalchemy.orm import Session

import career.models  # noqa: F401  (the whole schema: a deadline refers to events too)
from career import clock
from career.advising import queries
from career.advising.models import AdvisorSession, SessionTakeaway
from career.advising.views import AddedSession
from career.db.engine import session_fetch
from career.deadlines.models import Deadline
from career.errors import InvalidInput
from career.people.models import Contact
from career.people.service import checked_person_name
from career.pipeline.service import find_organization, get_or_create_organization
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


def _advisor(session: Session, organization_id: int, name: str) -> Contact | None:
    wanted = " ".join(name.split()).casefold()
    contacts = session.scalars(
        select(Contact).where(Contact.organization_id == organization_id).order_by(Contact.id)
    )
    return next((c for c in contacts if " ".join(c.name.split()).casefold() == wanted), None)


def add_session(session: Session, new: NewSession) -> AddedSession:
    """Record `new` with its takeaways and its action items (deadlines), in one transaction."""
    known = find_organization(session, new.organization)
    org, warnings = get_or_create_organization(session, new.organization)
    if known is None:
        org.kind = "advisor"
    now = clock.now()
    advisor = None
    new_advisor_id = None
    if new.advisor is not None:
        advisor = _advisor(session, org.id, new.advisor)
        if advisor is None:
            advisor = Contact(name=new.advisor, organization=org, role="advisor", created_at=now)
            session.add(advisor)
            session.flush()
            new_advisor_id = advisor.id
    record = AdvisorSession(
        organization=org,
        advisor=advisor,
        held_on=new.held_on,
        notes_url=new.notes_url,
        summary=new.summary,
        created_at=now,
        takeaways=[
            SessionTakeaway(position=n, text=text) for n, text in enumerate(new.takeaways, 1)
        ],
    )
    session.add(record)
    session.flush()
    for title in new.actions:
        session.add(
            Deadline(
                title=title,
                kind="action",
                due_on=new.action_due,
                session_id=record.id,
                created_at=now,
            )
        )
    session.flush()
    view = queries.show_session(session_fetch(session), record.id)
    return AddedSession(view, new_advisor_id, warnings)
