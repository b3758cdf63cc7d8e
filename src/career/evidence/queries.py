"""Reads of the evidence domain, in portable SQL through a `Fetch` (career.db.fetch): the
skills an application asks for, the skills-evidence summary, and an application's gaps.

What the summary holds (decided here; the formats only render it):

- **Skills**: every skill with evidence from a day of the journal that is still in its file
  (a day marked gone is left out until it comes back or is pruned), narrowed by the period
  (`since`/`until`, on the day of the line), the lowest level, the skills named, a category,
  and the skills an application asks for. Each keeps all its evidence, strongest first, then
  most recent, each line cited by its source file and line.
- **What the user did in the period**: applications that had any status change in it (with
  their current status as the outcome); advising sessions held in it, with their takeaways;
  events that overlap it and that the user took part in (participating, submitted or done).
  Without a period, all of them. Not narrowed by skill. For one application (`--app`) the
  summary is meant to be pasted into that application, so it names no other application and
  no advising session: only that application and the events.
- Skill names and categories are compared in Python (`casefold`), not with SQL `LOWER`, which
  only folds ASCII.
- **Levels**: by default a summary holds evidence at exposure or above: a plan (intent: a
  goal, an open task, a wish) is not evidence. `min_level=0` brings plans back; the renderers
  mark them as plans and list a skill with nothing but plans apart.
- **Links back into an Obsidian vault** (`obsidian_links`, off by default: a summary is
  pasted for others, who cannot open them): a citation from a source read as Obsidian links
  to its note when the note is still inside a folder holding ``.obsidian`` (its vault).
- **Gaps**: each skill the application asks for with its single best line (highest level,
  then most recent) from the whole journal at exposure or above, or none: a skill the journal
  only plans is a gap, and carries its latest plan to say so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from career.db.fetch import Fetch, as_date, as_optional_date, in_list
from career.errors import InvalidInput, NotFound
from career.exports.summary import (
    ApplicationDone,
    Citation,
    EventDone,
    Gap,
    SessionDone,
    SkillSummary,
    Summary,
)

if TYPE_CHECKING:
    from career.journal.skills import Taxonomy

TOOK_PART = ("participating", "submitted", "done")
EXPOSURE = 1  # the lowest level that is evidence: intent (0) is a plan

EVIDENCE_ROWS = """
SELECT k.id, k.name, k.category, v.day, v.level, v.signal, i.text, s.name, i.line, s.format,
       s.path
FROM skill_evidence v
JOIN skills k ON k.id = v.skill_id
JOIN journal_items i ON i.id = v.item_id
JOIN journal_entries e ON e.id = i.entry_id
JOIN journal_sources s ON s.id = e.source_id
WHERE e.gone_at IS NULL
"""

APPLICATION_ROWS = """
SELECT a.id, o.name, a.role, a.kind, a.status, a.applied_on, a.url
FROM applications a
JOIN organizations o ON o.id = a.organization_id
"""

ASKED_ROWS = """
SELECT k.id, k.name, k.category
FROM application_skills x
JOIN skills k ON k.id = x.skill_id
WHERE x.application_id = :app
ORDER BY x.position
"""


def _strength(c: Citation) -> tuple[int, int, str, int]:
    return (-c.level, -c.day.toordinal(), c.source, c.line)


def _application(row: Sequence[Any]) -> ApplicationDone:
    return ApplicationDone(
        id=int(row[0]),
        organization=row[1],
        role=row[2],
        kind=row[3],
        status=row[4],
        applied=as_optional_date(row[5]),
        url=row[6],
    )


def application(fetch: Fetch, application_id: int) -> ApplicationDone:
    rows = fetch(APPLICATION_ROWS + " WHERE a.id = :id", {"id": application_id})
    if not rows:
        raise NotFound(f"no application #{application_id}")
    return _application(rows[0])


def asked_skills(fetch: Fetch, application_id: int) -> list[tuple[int, str, str]]:
    """(id, name, category) of the skills the application asks for, in their order."""
    application(fetch, application_id)
    return [(int(r[0]), r[1], r[2]) for r in fetch(ASKED_ROWS, {"app": application_id})]


def _recorded_skills(fetch: Fetch) -> list[tuple[int, str, str]]:
    return [(int(r[0]), r[1], r[2]) for r in fetch("SELECT id, name, category FROM skills", {})]


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()  # compared in Python: SQL LOWER is ASCII-only


def skill_filter(
    fetch: Fetch, names: Sequence[str], taxonomy: Taxonomy | None
) -> tuple[list[int], list[str]]:
    """The recorded skills `names` mean, by name or (through the taxonomy) alias, and their
    canonical names. A name neither knows is an error; one the taxonomy knows but no journal
    line has shown yet matches no evidence."""
    recorded = _recorded_skills(fetch)
    by_key = {_key(name): (skill_id, name) for skill_id, name, _ in recorded}
    ids: list[int] = []
    canonical: list[str] = []
    for name in names:
        found = by_key.get(_key(name))
        known = taxonomy.find(name) if taxonomy is not None else None
        if found is None and known is not None:
            found = by_key.get(_key(known.name), (-1, known.name))
        if found is None:
            raise InvalidInput(f"unknown skill {name!r} (see 'career skills')")
        if found[0] >= 0:
            ids.append(found[0])
        canonical.append(found[1])
    return ids, canonical


def category_filter(fetch: Fetch, category: str, taxonomy: Taxonomy | None) -> list[int]:
    """The recorded skills of `category` (case ignored); an unknown category is an error."""
    recorded = _recorded_skills(fetch)
    known = {_key(cat) for _, _, cat in recorded}
    if taxonomy is not None:
        known |= {_key(skill.category) for skill in taxonomy.skills}
    if _key(category) not in known:
        listed = ", ".join(sorted(known)) or "none yet"
        raise InvalidInput(f"unknown category {category!r}: the categories are {listed}")
    return [skill_id for skill_id, _, cat in recorded if _key(cat) == _key(category)]


def obsidian_link(path: str) -> str | None:
    """An ``obsidian://open`` URL for the note at `path`: the vault is the nearest folder
    above it that holds ``.obsidian``; None when there is none (the vault moved, or the note
    is not in one). Both parts are percent-encoded whole, so the URL holds no space, quote,
    bracket or parenthesis."""
    note = Path(path)
    for folder in note.parents:
        if (folder / ".obsidian").is_dir():
            file = note.relative_to(folder).as_posix()
            return (
                f"obsidian://open?vault={quote(folder.name, safe='')}&file={quote(file, safe='')}"
            )
    return None


def _citations(
    fetch: Fetch, condition: str, params: dict[str, Any], *, links: bool = False
) -> dict[int, tuple[str, str, list[Citation]]]:
    found: dict[int, tuple[str, str, list[Citation]]] = {}
    vault_links: dict[str, str | None] = {}
    for row in fetch(EVIDENCE_ROWS + condition, params):
        entry = found.setdefault(int(row[0]), (row[1], row[2], []))
        link = None
        if links and row[9] == "obsidian":
            path = row[10]
            if path not in vault_links:
                vault_links[path] = obsidian_link(path)
            link = vault_links[path]
        entry[2].append(
            Citation(
                day=as_date(row[3]),
                level=int(row[4]),
                signal=row[5],
                text=row[6],
                source=row[7],
                line=int(row[8]),
                link=link,
            )
        )
    return found


def _period(column: str, since: date | None, until: date | None, params: dict[str, Any]) -> str:
    condition = ""
    if since is not None:
        condition += f" AND {column} >= :since"
        params["since"] = since.isoformat()
    if until is not None:
        condition += f" AND {column} <= :until"
        params["until"] = until.isoformat()
    return condition


def _activity(
    fetch: Fetch, since: date | None, until: date | None
) -> tuple[list[ApplicationDone], list[SessionDone], list[EventDone]]:
    params: dict[str, Any] = {}
    changed = _period("c.changed_on", since, until, params)
    applications = [
        _application(row)
        for row in fetch(
            APPLICATION_ROWS
            + " WHERE a.id IN (SELECT c.application_id FROM status_changes c WHERE 1 = 1"
            + changed
            + ") ORDER BY a.id",
            params,
        )
    ]
    params = {}
    held = _period("s.held_on", since, until, params)
    sessions_rows = fetch(
        "SELECT s.id, o.name, s.held_on, c.name FROM advisor_sessions s"
        " JOIN organizations o ON o.id = s.organization_id"
        " LEFT JOIN contacts c ON c.id = s.advisor_id WHERE 1 = 1"
        + held
        + " ORDER BY s.held_on, s.id",
        params,
    )
    takeaways: dict[int, list[str]] = defaultdict(list)
    if sessions_rows:
        ids: dict[str, Any] = {}
        listed = in_list("session", [int(r[0]) for r in sessions_rows], ids)
        for row in fetch(
            "SELECT session_id, text FROM session_takeaways WHERE session_id IN "
            + listed
            + " ORDER BY session_id, position",
            ids,
        ):
            takeaways[int(row[0])].append(row[1])
    sessions = [
        SessionDone(
            id=int(r[0]),
            organization=r[1],
            held_on=as_date(r[2]),
            advisor=r[3],
            takeaways=tuple(takeaways[int(r[0])]),
        )
        for r in sessions_rows
    ]
    params = {}
    took_part = in_list("took", TOOK_PART, params)
    overlap = ""
    if until is not None:
        overlap += " AND e.starts_on <= :until"
        params["until"] = until.isoformat()
    if since is not None:
        overlap += " AND COALESCE(e.ends_on, e.starts_on) >= :since"
        params["since"] = since.isoformat()
    events = [
        EventDone(
            id=int(r[0]),
            name=r[1],
            kind=r[2],
            host=r[3],
            start=as_optional_date(r[4]),
            end=as_optional_date(r[5]),
            status=r[6],
            outcome=r[7],
            url=r[8],
        )
        for r in fetch(
            "SELECT e.id, e.name, e.kind, o.name, e.starts_on, e.ends_on, e.status, e.outcome,"
            " e.url FROM events e LEFT JOIN organizations o ON o.id = e.host_id"
            f" WHERE e.status IN {took_part}" + overlap + " ORDER BY e.starts_on, e.id",
            params,
        )
    ]
    return applications, sessions, events


def build_summary(
    fetch: Fetch,
    *,
    today: date,
    since: date | None = None,
    until: date | None = None,
    min_level: int = EXPOSURE,
    skills: Sequence[str] = (),
    category: str | None = None,
    application_id: int | None = None,
    taxonomy: Taxonomy | None = None,
    obsidian_links: bool = False,
) -> Summary:
    """The skills-evidence summary (see the module docstring)."""
    if since is not None and until is not None and until < since:
        raise InvalidInput(f"--until {until.isoformat()} is before --since {since.isoformat()}")
    params: dict[str, Any] = {"min_level": min_level}
    condition = " AND v.level >= :min_level" + _period("v.day", since, until, params)
    named: list[str] = []
    if skills:
        ids, named = skill_filter(fetch, skills, taxonomy)
        condition += f" AND k.id IN {in_list('skill', ids or [-1], params)}"
    if category is not None:
        in_category = category_filter(fetch, category, taxonomy)
        condition += f" AND k.id IN {in_list('category', in_category or [-1], params)}"
    app = None
    if application_id is not None:
        app = application(fetch, application_id)
        condition += (
            " AND k.id IN (SELECT skill_id FROM application_skills WHERE application_id = :app)"
        )
        params["app"] = application_id
    summaries = []
    found = _citations(fetch, condition, params, links=obsidian_links)
    for name, cat, citations in found.values():
        citations.sort(key=_strength)
        days = [c.day for c in citations]
        summaries.append(
            SkillSummary(
                name=name,
                category=cat,
                best_level=citations[0].level,
                count=len(citations),
                first=min(days),
                last=max(days),
                evidence=tuple(citations),
            )
        )
    summaries.sort(key=lambda s: s.name.casefold())
    applications, sessions, events = _activity(fetch, since, until)
    if app is not None:  # for one application: nothing about the others, nor advice taken
        applications, sessions = [app], []
    return Summary(
        generated=today,
        since=since,
        until=until,
        min_level=min_level,
        application=app,
        skills=tuple(summaries),
        applications=tuple(applications),
        sessions=tuple(sessions),
        events=tuple(events),
        only_skills=tuple(named),
        only_category=category.strip() if category is not None else None,
    )


def gaps(fetch: Fetch, application_id: int) -> tuple[ApplicationDone, list[Gap]]:
    """Each skill the application asks for with its best evidence (or none), in its order."""
    app = application(fetch, application_id)
    asked = asked_skills(fetch, application_id)
    if not asked:
        return app, []
    params: dict[str, Any] = {}
    listed = in_list("skill", [skill_id for skill_id, _, _ in asked], params)
    found = _citations(fetch, f" AND k.id IN {listed}", params)
    result = []
    for skill_id, name, category in asked:
        citations = found.get(skill_id, (name, category, []))[2]
        evidence = [c for c in citations if c.level >= EXPOSURE]
        planned = [c for c in citations if c.level < EXPOSURE]
        best = min(evidence, key=_strength) if evidence else None
        plan = min(planned, key=_strength) if planned and best is None else None
        result.append(Gap(skill=name, category=category, best=best, plan=plan))
    return app, result
