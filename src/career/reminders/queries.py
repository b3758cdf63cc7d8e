"""What the reminder rules read, in portable SQL through a `Fetch` (career.db.fetch).

Only what can matter is read: open deadlines due up to the horizon (the window, or the longest
`remind_days` of an open deadline) plus every open action item of a session; events starting
in the window; applications in a status that gets follow-up nudges; contacts that have a
cadence (their own, or any when the settings give cadences by role) with the day of their last
interaction. On the heavy dataset that is a few hundred rows of 20,000, which keeps
`career remind` fit for shell start-up.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from career.db.fetch import Fetch, as_date, in_list
from career.deadlines.queries import deadline_views
from career.deadlines.views import Owner
from career.people.cadence import standing
from career.people.standing import candidates
from career.reminders.rules import (
    SKIPPED_EVENT_STATUSES,
    Reminder,
    UpcomingEvent,
    Waiting,
    Window,
    horizon,
    reminders,
)

LONGEST_REMIND = "SELECT MAX(remind_days) FROM deadlines WHERE done_at IS NULL"

EVENTS = """
SELECT e.id, e.name, e.kind, e.status, e.starts_on, o.id, o.name
FROM events e
LEFT JOIN organizations o ON o.id = e.host_id
WHERE e.starts_on >= :first AND e.starts_on <= :last
"""

WAITING = """
SELECT a.id, o.id, o.name, a.role, a.status, s.since
FROM applications a
JOIN organizations o ON o.id = a.organization_id
JOIN (SELECT application_id, MAX(changed_on) AS since
      FROM status_changes GROUP BY application_id) s ON s.application_id = a.id
"""


def collect(fetch: Fetch, window: Window) -> list[Reminder]:
    """Everything `career remind` shows for `window`, most urgent first."""
    longest = fetch(LONGEST_REMIND, {})
    last_due = horizon(window, int(longest[0][0]) if longest and longest[0][0] else None)
    deadlines = deadline_views(
        fetch,
        " WHERE d.done_at IS NULL AND (d.due_on <= :last OR d.session_id IS NOT NULL)",
        {"last": last_due.isoformat()},
    )
    params: dict[str, Any] = {
        "first": window.today.isoformat(),
        "last": (window.today + timedelta(days=window.within)).isoformat(),
    }
    skipped = in_list("skipped", SKIPPED_EVENT_STATUSES, params)
    events = [
        UpcomingEvent(
            id=int(row[0]),
            name=row[1],
            kind=row[2],
            status=row[3],
            starts=as_date(row[4]),
            host=Owner("organization", int(row[5]), row[6], row[6]) if row[5] else None,
        )
        for row in fetch(EVENTS + f" AND e.status NOT IN {skipped}", params)
    ]
    statuses: dict[str, Any] = {}
    waiting_in = in_list("status", sorted(window.stale), statuses)
    waiting = [
        Waiting(
            id=int(row[0]),
            organization_id=int(row[1]),
            organization=row[2],
            role=row[3],
            status=row[4],
            since=as_date(row[5]),
        )
        for row in fetch(WAITING + f" WHERE a.status IN {waiting_in}", statuses)
    ]
    defaults = dict(window.every or {})
    contacts = [
        found
        for c in candidates(fetch, cadenced_only=not defaults, local=window.local)
        if (found := standing(c, defaults, window.today)) is not None
    ]
    return reminders(deadlines, events, waiting, window, contacts)
