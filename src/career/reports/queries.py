"""What the reports read: portable SQL through a `Fetch` (career.db.fetch), no SQLAlchemy.

Counting is left to SQL where a count is all a report needs (activity: one row per day and
kind, `GROUP BY` on indexed date columns); the funnel reads the status history of the
applications in its period (a few rows each, in one ordered query) because its stage rules
need each application's sequence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from career.db.fetch import Fetch, as_date, as_instant, in_list
from career.pipeline.vocab import SUBMITTED_STATUSES
from career.reports.funnel import RESPONSES, STAGE_STATUS, TIMED_STAGES, Track

HISTORY = """
SELECT a.id, a.status, a.kind, a.source, a.applied_on, s.to_status, s.changed_on
FROM applications a
JOIN status_changes s ON s.application_id = a.id
WHERE a.id IN (SELECT application_id FROM status_changes WHERE to_status IN {submitted})
ORDER BY a.id, s.changed_on, s.id
"""

TAGS = "SELECT application_id, tag FROM application_tags ORDER BY application_id, tag"


def tracks(
    fetch: Fetch,
    *,
    since: date | None = None,
    until: date | None = None,
    kind: str | None = None,
    tag: str | None = None,
    source: str | None = None,
) -> list[Track]:
    """Every application that was ever submitted, as a funnel `Track`, whose applied day is in
    [since, until], of `kind`, with `tag`, from `source` (case ignored)."""
    params: dict[str, Any] = {}
    sql = HISTORY.format(submitted=in_list("s", sorted(SUBMITTED_STATUSES), params))
    tags: dict[int, list[str]] = defaultdict(list)
    for app_id, name in fetch(TAGS, {}):
        tags[int(app_id)].append(str(name))
    rows: dict[int, list[Sequence[Any]]] = defaultdict(list)
    for row in fetch(sql, params):
        rows[int(row[0])].append(row)
    wanted_source = source.casefold() if source is not None else None
    out: list[Track] = []
    for app_id, history in rows.items():
        first_row = history[0]
        if kind is not None and first_row[2] != kind:
            continue
        if wanted_source is not None and (first_row[3] or "").casefold() != wanted_source:
            continue
        app_tags = tuple(tags.get(app_id, ()))
        if tag is not None and tag not in app_tags:
            continue
        track = _track(app_id, history, app_tags)
        if since is not None and track.applied < since:
            continue
        if until is not None and track.applied > until:
            continue
        out.append(track)
    return out


def _track(app_id: int, history: Sequence[Sequence[Any]], tags: tuple[str, ...]) -> Track:
    first: dict[str, date] = {}
    left: dict[str, date] = {}
    current: str | None = None
    for row in history:
        status, day = str(row[5]), as_date(row[6])
        if current in TIMED_STAGES and status != current and current not in left:
            left[current] = day
        first.setdefault(status, day)
        current = status
    submitted = [d for s, d in first.items() if s in SUBMITTED_STATUSES]
    applied = min(submitted)
    if history[0][4] is not None:
        applied = min(applied, as_date(history[0][4]))
    row = history[0]
    return Track(
        id=app_id,
        status=str(row[1]),
        applied=applied,
        first=first,
        last_change=as_date(history[-1][6]),
        kind=str(row[2]),
        source=row[3],
        tags=tags,
        left={s: d for s, d in left.items() if s in STAGE_STATUS},
    )


# --- activity: counts per day ---------------------------------------------------------------

ACTIVITY_ROWS: tuple[tuple[str, str], ...] = (
    ("applications", "applications sent"),
    ("responses", "responses"),
    ("interviews", "interviews"),
    ("sessions", "advising sessions"),
    ("events", "events"),
    ("deadlines_met", "deadlines met"),
    ("deadlines_missed", "deadlines missed"),
    ("journal_days", "journal days"),
    ("evidence", "evidence lines"),
)

_DAY_COUNTS: dict[str, str] = {
    "sessions": """
SELECT held_on, COUNT(*) FROM advisor_sessions
WHERE held_on BETWEEN :since AND :until GROUP BY held_on""",
    "events": """
SELECT starts_on, COUNT(*) FROM events
WHERE starts_on BETWEEN :since AND :until GROUP BY starts_on""",
    "journal_days": """
SELECT day, 1 FROM journal_entries
WHERE gone_at IS NULL AND day BETWEEN :since AND :until GROUP BY day""",
    "evidence": """
SELECT day, COUNT(DISTINCT item_id) FROM skill_evidence
WHERE level >= 1 AND day BETWEEN :since AND :until GROUP BY day""",
    "interviews": """
SELECT changed_on, COUNT(DISTINCT application_id) FROM status_changes
WHERE to_status = 'interviewing' AND changed_on BETWEEN :since AND :until
GROUP BY changed_on""",
}

# A deadline is met when it was marked done by the end of its day (UTC), missed when its day
# has passed without that; one still open and not yet due is neither.
_DEADLINES = """
SELECT due_on, done_at FROM deadlines
WHERE due_on BETWEEN :since AND :until AND kind <> 'opens'
"""

# Applied and first-response days of the applications with a history reaching the period.
_FIRSTS = """
SELECT s.application_id, s.to_status, MIN(s.changed_on) FROM status_changes s
WHERE s.to_status IN {statuses}
GROUP BY s.application_id, s.to_status
"""


@dataclass(frozen=True)
class DayCounts:
    """kind (ACTIVITY_ROWS' keys) -> day -> count, for days in [since, until]."""

    since: date
    until: date
    counts: dict[str, dict[date, int]]


def day_counts(fetch: Fetch, since: date, until: date, today: date) -> DayCounts:
    params = {"since": since.isoformat(), "until": until.isoformat()}
    counts: dict[str, dict[date, int]] = {key: {} for key, _ in ACTIVITY_ROWS}
    for key, sql in _DAY_COUNTS.items():
        for day, n in fetch(sql, params):
            if day is not None:
                counts[key][as_date(day)] = int(n)
    for due, done in fetch(_DEADLINES, params):
        day = as_date(due)
        if done is not None and as_instant(done).date() <= day:
            counts["deadlines_met"][day] = counts["deadlines_met"].get(day, 0) + 1
        elif day < today:
            counts["deadlines_missed"][day] = counts["deadlines_missed"].get(day, 0) + 1
    # applications sent (first submitted day) and first responses (first answered day)
    statuses = sorted(SUBMITTED_STATUSES)
    q: dict[str, Any] = {}
    sql = _FIRSTS.format(statuses=in_list("s", statuses, q))
    sent: dict[int, date] = {}
    answered: dict[int, date] = {}
    for app_id, status, first_day in fetch(sql, q):
        d = as_date(first_day)
        app = int(app_id)
        sent[app] = min(d, sent.get(app, d))
        if status in RESPONSES:
            answered[app] = min(d, answered.get(app, d))
    for row, days in (("applications", sent), ("responses", answered)):
        for d in days.values():
            if since <= d <= until:
                counts[row][d] = counts[row].get(d, 0) + 1
    return DayCounts(since, until, counts)


# --- skills over time -----------------------------------------------------------------------

_EVIDENCE_DAYS = """
SELECT k.name, k.category, e.day, COUNT(*), MAX(e.level) FROM skill_evidence e
JOIN skills k ON k.id = e.skill_id
WHERE e.level >= 1 AND e.day <= :until
GROUP BY k.name, k.category, e.day
"""


@dataclass(frozen=True)
class SkillDays:
    """Per skill: (category, day -> (evidence lines, best level that day)), up to `until`."""

    skills: dict[str, tuple[str, dict[date, tuple[int, int]]]]


def skill_days(fetch: Fetch, until: date) -> SkillDays:
    skills: dict[str, tuple[str, dict[date, tuple[int, int]]]] = {}
    for name, category, day, n, level in fetch(_EVIDENCE_DAYS, {"until": until.isoformat()}):
        entry = skills.setdefault(str(name), (str(category), {}))
        entry[1][as_date(day)] = (int(n), int(level))
    return SkillDays(skills)


# --- the dashboard's other parts ------------------------------------------------------------

_UPCOMING = """
SELECT d.id, d.title, d.kind, d.due_on FROM deadlines d
WHERE d.done_at IS NULL AND d.due_on BETWEEN :since AND :until
ORDER BY d.due_on, d.id
"""


def upcoming_deadlines(fetch: Fetch, since: date, until: date) -> list[dict[str, Any]]:
    """Open deadlines due in [since, until] (overdue ones from `since`), soonest first."""
    return [
        {"id": int(r[0]), "title": str(r[1]), "kind": str(r[2]), "due": as_date(r[3])}
        for r in fetch(_UPCOMING, {"since": since.isoformat(), "until": until.isoformat()})
    ]
