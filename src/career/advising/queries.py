"""Read queries of advising sessions, in portable SQL run through a `Fetch`.

No SQLAlchemy here: listing sessions on a current SQLite file runs on the fast path. A
session's action items are the deadlines linked to it (created as kind `action`).
"""

from __future__ import annotations

from typing import Any

from career.advising.views import ActionItem, SessionView
from career.db.fetch import Fetch, as_date, as_instant
from career.errors import NotFound
from career.pipeline.queries import organization_id

SESSION_ROWS = """
SELECT s.id, o.name, c.name, s.advisor_id, s.held_on, s.notes_url, s.summary, s.created_at
FROM advisor_sessions s
JOIN organizations o ON o.id = s.organization_id
LEFT JOIN contacts c ON c.id = s.advisor_id
"""

TAKEAWAYS = """
SELECT t.session_id, t.text
FROM session_takeaways t
JOIN advisor_sessions s ON s.id = t.session_id
"""

ACTIONS = """
SELECT d.session_id, d.id, d.title, d.kind, d.due_on, d.done_at
FROM deadlines d
JOIN advisor_sessions s ON s.id = d.session_id
"""


def list_sessions(fetch: Fetch, *, organization: str | None = None) -> list[SessionView]:
    """Sessions, most recent first; only those with `organization` if given."""
    params: dict[str, Any] = {}
    condition = ""
    if organization is not None:
        org = organization_id(fetch, organization)
        if org is None:
            raise NotFound(f"no organization called {organization!r}")
        condition = " WHERE s.organization_id = :organization"
        params["organization"] = org
    views = _views(fetch, condition, params)
    views.sort(key=lambda v: (-v.held_on.toordinal(), -v.id))
    return views


def show_session(fetch: Fetch, session_id: int) -> SessionView:
    found = _views(fetch, " WHERE s.id = :id", {"id": session_id})
    if not found:
        raise NotFound(f"no session #{session_id}")
    return found[0]


def _views(fetch: Fetch, condition: str, params: dict[str, Any]) -> list[SessionView]:
    takeaways: dict[int, list[str]] = {}
    for session_id, text in fetch(TAKEAWAYS + condition + " ORDER BY t.position, t.id", params):
        takeaways.setdefault(int(session_id), []).append(text)
    actions: dict[int, list[ActionItem]] = {}
    for row in fetch(ACTIONS + condition + " ORDER BY d.due_on, d.id", params):
        actions.setdefault(int(row[0]), []).append(
            ActionItem(
                deadline_id=int(row[1]),
                title=row[2],
                kind=row[3],
                due_on=as_date(row[4]),
                done_at=as_instant(row[5]) if row[5] is not None else None,
            )
        )
    return [
        SessionView(
            id=int(row[0]),
            organization=row[1],
            advisor=row[2],
            advisor_id=int(row[3]) if row[3] is not None else None,
            held_on=as_date(row[4]),
            notes_url=row[5],
            summary=row[6],
            created_at=as_instant(row[7]),
            takeaways=takeaways.get(int(row[0]), []),
            actions=actions.get(int(row[0]), []),
        )
        for row in fetch(SESSION_ROWS + condition, params)
    ]
