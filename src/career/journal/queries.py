"""Read queries of the journal, in portable SQL run through a `Fetch` (career.db.fetch).

No SQLAlchemy here: the listings run on the fast path. Dates are passed as ISO text, which both
backends compare with their date columns. Rules decided here:

- Skills and their evidence count days that are still in their files: a day that disappeared
  (kept until `career journal prune`) is listed by `career journal entries`, marked gone, but
  cites nothing in `career skills` and `career skill show`.
- `career evidence` lists the same evidence as `career skills` (days still in their files),
  one row each with its id; `why`, `reject`, `set` and `restore` take any row's id.
- `--org ORG` matches lines that mention the organization (by its name or any alias, recorded
  or shipped with career) and lines that are the source of one of its records.
- Search (`search_lines`) reads the lines of days still in their files, like the skills: a
  search term is a word or a double-quoted phrase, matched literally and ignoring case; every
  term must be in the line. The search index only narrows what is read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from career.db.fetch import Fetch, as_date, as_instant, in_list
from career.errors import InvalidInput, NotFound
from career.journal.views import (
    CorrectionView,
    EntryDetail,
    EntryView,
    EvidenceRow,
    EvidenceView,
    EvidenceWhy,
    GoneDay,
    ItemView,
    SkillSummary,
    SourceView,
    SuggestionView,
)
from career.journal.vocab import line_key
from career.pipeline.queries import organization_id
from career.pipeline.vocab import ACTIVE_STATUSES, checked_name_key, name_key

# --- what the importer reads before it writes ----------------------------------------------------


def import_roots(fetch: Fetch) -> list[tuple[str, str]]:
    """Every (root, --format) imported before, in the order first imported."""
    rows = fetch(
        "SELECT root, root_format, MIN(id) FROM journal_sources GROUP BY root, root_format"
        " ORDER BY MIN(id)",
        {},
    )
    return [(row[0], row[1]) for row in rows]


def source_states(fetch: Fetch) -> dict[str, tuple[str, str, str]]:
    """Per source path: (content hash, analysis hash, root)."""
    rows = fetch("SELECT path, content_hash, analysis_hash, root FROM journal_sources", {})
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def source_days(fetch: Fetch, path: str) -> dict[date, tuple[str, int, bool]]:
    """The days recorded from the source at `path`: (text hash, line, gone)."""
    rows = fetch(
        "SELECT e.day, e.text_hash, e.line, e.gone_at FROM journal_entries e"
        " JOIN journal_sources s ON s.id = e.source_id WHERE s.path = :path",
        {"path": path},
    )
    return {as_date(row[0]): (row[1], int(row[2]), row[3] is not None) for row in rows}


def known_suggestion_keys(fetch: Fetch, keys: Sequence[str]) -> set[str]:
    """Which of `keys` (the linker's, career.journal.linker) are recorded (pending, accepted or
    dismissed) from some source: stored keys also name their source."""
    from career.journal.linker import legacy_key

    if not keys:
        return set()
    recorded = {legacy_key(row[0]) for row in fetch("SELECT key FROM journal_suggestions", {})}
    return recorded.intersection(keys)


def recorded_organizations(fetch: Fetch) -> list[tuple[int, str, list[str]]]:
    """Every organization: (id, name, aliases)."""
    aliases: dict[int, list[str]] = {}
    for org_id, alias in fetch(
        "SELECT organization_id, alias FROM organization_aliases ORDER BY alias", {}
    ):
        aliases.setdefault(int(org_id), []).append(alias)
    rows = fetch("SELECT id, name FROM organizations ORDER BY id", {})
    return [(int(row[0]), row[1], aliases.get(int(row[0]), [])) for row in rows]


def recorded_contacts(fetch: Fetch) -> list[tuple[int, str]]:
    """Every contact: (id, name), the people a journal line may meet."""
    return [(int(row[0]), row[1]) for row in fetch("SELECT id, name FROM contacts ORDER BY id", {})]


def gone_days(fetch: Fetch) -> list[GoneDay]:
    """Days that disappeared from their files, by source and date."""
    rows = fetch(
        "SELECT s.name, e.day FROM journal_entries e JOIN journal_sources s ON s.id = e.source_id"
        " WHERE e.gone_at IS NOT NULL ORDER BY s.name, e.day",
        {},
    )
    return [GoneDay(source=row[0], day=as_date(row[1])) for row in rows]


# --- sources and entries -------------------------------------------------------------------------


def list_sources(fetch: Fetch) -> list[SourceView]:
    """Every source, by name."""
    rows = fetch(
        "SELECT s.id, s.path, s.name, s.format, s.root, s.imported_at,"
        " COUNT(e.id), COUNT(e.gone_at)"
        " FROM journal_sources s LEFT JOIN journal_entries e ON e.source_id = s.id"
        " GROUP BY s.id, s.path, s.name, s.format, s.root, s.imported_at"
        " ORDER BY s.name, s.id",
        {},
    )
    return [
        SourceView(
            id=int(row[0]),
            path=row[1],
            name=row[2],
            format=row[3],
            root=row[4],
            imported_at=as_instant(row[5]),
            entries=int(row[6]),
            gone=int(row[7]),
        )
        for row in rows
    ]


ENTRY_ROWS = """
SELECT e.id, e.day, s.name, e.line, e.title, e.gone_at,
       (SELECT COUNT(*) FROM journal_items i WHERE i.entry_id = e.id),
       (SELECT COUNT(*) FROM skill_evidence v JOIN journal_items i ON i.id = v.item_id
        WHERE i.entry_id = e.id)
FROM journal_entries e
JOIN journal_sources s ON s.id = e.source_id
"""

# Items of an entry that are the source of a record of the organization :org.
RECORD_OF_ORG = """
SELECT l.item_id FROM journal_links l
LEFT JOIN applications a ON a.id = l.application_id
LEFT JOIN events ev ON ev.id = l.event_id
LEFT JOIN advisor_sessions se ON se.id = l.session_id
WHERE a.organization_id = :org OR ev.host_id = :org OR se.organization_id = :org
"""


def organization_keys(fetch: Fetch, name: str) -> tuple[set[str], int | None]:
    """The name keys under which lines mention the organization `name`, and its id when it is
    recorded. NotFound when neither a recorded nor a shipped organization is called that."""
    from career.journal.linker import shipped_orgs

    key = checked_name_key(name)
    keys: set[str] = set()
    org_id = organization_id(fetch, name)
    if org_id is not None:
        for row in fetch(
            "SELECT key FROM organizations WHERE id = :id"
            " UNION SELECT key FROM organization_aliases WHERE organization_id = :id",
            {"id": org_id},
        ):
            keys.add(row[0])
    for known in shipped_orgs():
        names = {name_key(known.name), *(name_key(a) for a in known.aliases)}
        if key in names or keys & names:
            keys |= names
    if not keys:
        raise NotFound(f"no organization called {name!r}")
    return keys, org_id


def list_entries(
    fetch: Fetch,
    *,
    since: date | None = None,
    skill: str | None = None,
    organization: str | None = None,
) -> list[EntryView]:
    """Days, newest first; with `skill`, those with evidence of it; with `organization`, those
    with a line that mentions it or is the source of one of its records."""
    params: dict[str, Any] = {}
    where: list[str] = []
    if since is not None:
        where.append("e.day >= :since")
        params["since"] = since.isoformat()
    if skill is not None:
        params["skill"] = find_skill(fetch, skill)[0]
        where.append(
            "e.id IN (SELECT i.entry_id FROM skill_evidence v"
            " JOIN journal_items i ON i.id = v.item_id WHERE v.skill_id = :skill)"
        )
    if organization is not None:
        keys, org_id = organization_keys(fetch, organization)
        mention = (
            "SELECT l.item_id FROM journal_links l"
            f" WHERE l.org_key IN {in_list('org_key', sorted(keys), params)}"
        )
        if org_id is not None:
            params["org"] = org_id
            mention += " UNION " + RECORD_OF_ORG
        where.append(f"e.id IN (SELECT i.entry_id FROM journal_items i WHERE i.id IN ({mention}))")
    condition = (" WHERE " + " AND ".join(where)) if where else ""
    rows = fetch(ENTRY_ROWS + condition + " ORDER BY e.day DESC, s.name, e.id", params)
    return [
        EntryView(
            id=int(row[0]),
            day=as_date(row[1]),
            source=row[2],
            line=int(row[3]),
            title=row[4],
            gone=row[5] is not None,
            items=int(row[6]),
            evidence=int(row[7]),
        )
        for row in rows
    ]


ITEM_ROWS = """
SELECT i.id, i.entry_id, i.position, i.line, i.section, i.depth, i.text, i.checked
FROM journal_items i
JOIN journal_entries e ON e.id = i.entry_id
WHERE e.day = :day
ORDER BY i.entry_id, i.position
"""

ITEM_SKILLS = """
SELECT v.item_id, k.name, v.id, v.level FROM skill_evidence v
JOIN skills k ON k.id = v.skill_id
JOIN journal_items i ON i.id = v.item_id
JOIN journal_entries e ON e.id = i.entry_id
WHERE e.day = :day
ORDER BY v.level DESC, k.name
"""

ITEM_LINKS = """
SELECT l.item_id, l.kind, l.org_name, l.application_id, l.event_id, l.session_id, l.deadline_id,
       l.org_key
FROM journal_links l
JOIN journal_items i ON i.id = l.item_id
JOIN journal_entries e ON e.id = i.entry_id
WHERE e.day = :day
ORDER BY l.id
"""


# The open records of organizations, by the name keys lines mention them under: active
# applications, and hosted events not done or skipped.
ORG_KEYS = """
SELECT id AS org_id, key FROM organizations
UNION SELECT organization_id, key FROM organization_aliases
"""


def open_records(fetch: Fetch, keys: Sequence[str]) -> dict[str, list[str]]:
    """Labels ("application #3", "event #1") of the open records of the organizations
    mentioned under `keys`, by key."""
    if not keys:
        return {}
    params: dict[str, Any] = {}
    listed = in_list("key", list(keys), params)
    active = in_list("active", ACTIVE_STATUSES, params)
    rows = fetch(
        f"SELECT k.key, 'application', a.id FROM applications a JOIN ({ORG_KEYS}) k"
        f" ON k.org_id = a.organization_id WHERE k.key IN {listed} AND a.status IN {active}"
        f" UNION ALL SELECT k.key, 'event', e.id FROM events e JOIN ({ORG_KEYS}) k"
        f" ON k.org_id = e.host_id WHERE k.key IN {listed}"
        " AND e.status NOT IN ('done', 'skipped') ORDER BY 2, 3",
        params,
    )
    found: dict[str, list[str]] = {}
    for key, kind, record_id in rows:
        found.setdefault(key, []).append(f"{kind} #{int(record_id)}")
    return found


def _record_label(row: Sequence[Any]) -> str | None:
    for kind, value in zip(("application", "event", "session", "deadline"), row, strict=True):
        if value is not None:
            return f"{kind} #{int(value)}"
    return None


def show_day(fetch: Fetch, day: date) -> list[EntryDetail]:
    """The day in every source that has it, its lines with their skills and links."""
    params = {"day": day.isoformat()}
    entries = fetch(
        "SELECT e.id, s.name, e.line, e.title, e.gone_at FROM journal_entries e"
        " JOIN journal_sources s ON s.id = e.source_id WHERE e.day = :day ORDER BY s.name, e.id",
        params,
    )
    if not entries:
        raise NotFound(f"no journal entry on {day.isoformat()}")
    skills: dict[int, list[str]] = {}
    evidence: dict[int, list[tuple[int, str, int]]] = {}
    for item_id, name, evidence_id, level in fetch(ITEM_SKILLS, params):
        skills.setdefault(int(item_id), []).append(name)
        evidence.setdefault(int(item_id), []).append((int(evidence_id), name, int(level)))
    orgs: dict[int, list[str]] = {}
    records: dict[int, list[str]] = {}
    mentions: dict[int, list[str]] = {}
    for row in fetch(ITEM_LINKS, params):
        item_id = int(row[0])
        if row[1] == "mention" and row[2] is not None:
            orgs.setdefault(item_id, []).append(row[2])
            if row[7] is not None:
                mentions.setdefault(item_id, []).append(row[7])
        label = _record_label(row[3:7])
        if label is not None:
            records.setdefault(item_id, []).append(label)
    # A line that mentions an organization is linked to its open records too.
    by_key = open_records(fetch, sorted({k for keys in mentions.values() for k in keys}))
    for item_id, keys in mentions.items():
        linked = records.setdefault(item_id, [])
        for key in keys:
            linked.extend(label for label in by_key.get(key, []) if label not in linked)
    items: dict[int, list[ItemView]] = {}
    for row in fetch(ITEM_ROWS, params):
        item_id = int(row[0])
        items.setdefault(int(row[1]), []).append(
            ItemView(
                position=int(row[2]),
                line=int(row[3]),
                section=row[4],
                depth=int(row[5]),
                text=row[6],
                checked=None if row[7] is None else bool(row[7]),
                skills=skills.get(item_id, []),
                organizations=orgs.get(item_id, []),
                records=records.get(item_id, []),
                evidence=evidence.get(item_id, []),
            )
        )
    return [
        EntryDetail(
            source=row[1],
            line=int(row[2]),
            title=row[3],
            gone=row[4] is not None,
            items=items.get(int(row[0]), []),
        )
        for row in entries
    ]


# --- skills --------------------------------------------------------------------------------------


def find_skill(
    fetch: Fetch, name: str, resolve: Callable[[str], str | None] | None = None
) -> tuple[int, str]:
    """(id, name) of the recorded skill called `name` (case ignored), or of the one `resolve`
    names for it (an alias in the taxonomy). NotFound otherwise."""
    wanted = " ".join(name.split()).casefold()
    rows = fetch("SELECT id, name FROM skills ORDER BY id", {})
    by_name = {row[1].casefold(): (int(row[0]), row[1]) for row in rows}
    if wanted in by_name:
        return by_name[wanted]
    canonical = resolve(name) if resolve is not None else None
    if canonical is not None and canonical.casefold() in by_name:
        return by_name[canonical.casefold()]
    raise NotFound(f"no skill called {name!r} (see 'career skills')")


SKILL_ROWS = """
SELECT k.name, k.category, MAX(v.level), COUNT(v.id), MIN(v.day), MAX(v.day)
FROM skill_evidence v
JOIN skills k ON k.id = v.skill_id
JOIN journal_items i ON i.id = v.item_id
JOIN journal_entries e ON e.id = i.entry_id
WHERE e.gone_at IS NULL
"""


def list_skills(
    fetch: Fetch, *, since: date | None = None, category: str | None = None
) -> list[SkillSummary]:
    """Skills with evidence (since `since`), best level first, then most evidence, then name."""
    params: dict[str, Any] = {}
    condition = ""
    if since is not None:
        condition += " AND v.day >= :since"
        params["since"] = since.isoformat()
    if category is not None:
        condition += " AND LOWER(k.category) = :category"
        params["category"] = category.strip().lower()
    rows = fetch(SKILL_ROWS + condition + " GROUP BY k.id, k.name, k.category", params)
    views = [
        SkillSummary(
            name=row[0],
            category=row[1],
            level=int(row[2]),
            evidence=int(row[3]),
            first=as_date(row[4]),
            last=as_date(row[5]),
        )
        for row in rows
    ]
    views.sort(key=lambda v: (-v.level, -v.evidence, v.name.casefold()))
    return views


def skill_evidence(
    fetch: Fetch, name: str, resolve: Callable[[str], str | None] | None = None
) -> tuple[str, list[EvidenceView]]:
    """The skill's name and its evidence lines, oldest first."""
    skill_id, skill = find_skill(fetch, name, resolve)
    rows = fetch(
        "SELECT v.day, v.level, v.signal, s.name, i.line, i.text FROM skill_evidence v"
        " JOIN journal_items i ON i.id = v.item_id"
        " JOIN journal_entries e ON e.id = i.entry_id"
        " JOIN journal_sources s ON s.id = e.source_id"
        " WHERE v.skill_id = :skill AND e.gone_at IS NULL"
        " ORDER BY v.day, s.name, i.line",
        {"skill": skill_id},
    )
    return skill, [
        EvidenceView(
            skill=skill,
            day=as_date(row[0]),
            level=int(row[1]),
            signal=row[2],
            source=row[3],
            line=int(row[4]),
            text=row[5],
        )
        for row in rows
    ]


# --- suggestions ---------------------------------------------------------------------------------

SUGGESTION_ROWS = """
SELECT g.id, g.kind, g.status, g.key, g.fields, g.day, s.name, i.line, i.text, g.record_kind,
       g.record_id
FROM journal_suggestions g
LEFT JOIN journal_items i ON i.id = g.item_id
LEFT JOIN journal_entries e ON e.id = i.entry_id
LEFT JOIN journal_sources s ON s.id = e.source_id
"""


def _suggestions(fetch: Fetch, condition: str, params: dict[str, Any]) -> list[SuggestionView]:
    return [
        SuggestionView(
            id=int(row[0]),
            kind=row[1],
            status=row[2],
            key=row[3],
            fields=json.loads(row[4]),
            day=as_date(row[5]),
            source=row[6],
            line=int(row[7]) if row[7] is not None else None,
            text=row[8],
            record_kind=row[9],
            record_id=int(row[10]) if row[10] is not None else None,
        )
        for row in fetch(SUGGESTION_ROWS + condition + " ORDER BY g.day, g.id", params)
    ]


def list_suggestions(fetch: Fetch, *, include_decided: bool = False) -> list[SuggestionView]:
    """Pending suggestions (all of them with `include_decided`), oldest day first."""
    if include_decided:
        return _suggestions(fetch, "", {})
    return _suggestions(fetch, " WHERE g.status = :status", {"status": "pending"})


def show_suggestion(fetch: Fetch, suggestion_id: int) -> SuggestionView:
    found = _suggestions(fetch, " WHERE g.id = :id", {"id": suggestion_id})
    if not found:
        raise NotFound(f"no suggestion #{suggestion_id}")
    return found[0]


# --- evidence rows and the user's corrections ----------------------------------------------------

EVIDENCE_ROWS = """
SELECT v.id, v.day, k.name, v.level, v.signal, v.rule, v.matched, s.name, i.line, i.text
FROM skill_evidence v
JOIN skills k ON k.id = v.skill_id
JOIN journal_items i ON i.id = v.item_id
JOIN journal_entries e ON e.id = i.entry_id
JOIN journal_sources s ON s.id = e.source_id
"""


def _evidence_rows(fetch: Fetch, condition: str, params: dict[str, Any]) -> list[EvidenceRow]:
    return [
        EvidenceRow(
            id=int(row[0]),
            day=as_date(row[1]),
            skill=row[2],
            level=int(row[3]),
            signal=row[4],
            rule=row[5],
            matched=row[6],
            source=row[7],
            line=int(row[8]),
            text=row[9],
        )
        for row in fetch(EVIDENCE_ROWS + condition, params)
    ]


def list_evidence(
    fetch: Fetch,
    *,
    skill_ids: Sequence[int] | None = None,
    since: date | None = None,
    until: date | None = None,
    min_level: int = 0,
) -> list[EvidenceRow]:
    """Evidence of days still in their files, oldest first; `skill_ids` (when given) narrows
    it to those skills (none: no rows)."""
    params: dict[str, Any] = {"min_level": min_level}
    condition = " WHERE e.gone_at IS NULL AND v.level >= :min_level"
    if skill_ids is not None:
        if not skill_ids:
            return []
        condition += f" AND v.skill_id IN {in_list('skill', list(skill_ids), params)}"
    if since is not None:
        condition += " AND v.day >= :since"
        params["since"] = since.isoformat()
    if until is not None:
        condition += " AND v.day <= :until"
        params["until"] = until.isoformat()
    return _evidence_rows(fetch, condition + " ORDER BY v.day, s.name, i.line, k.name", params)


def evidence_rows(fetch: Fetch, ids: Sequence[int]) -> list[EvidenceRow]:
    """The evidence rows `ids` (any day, gone or not), in the order given; NotFound naming
    every id that is not one, before anything is done with the others."""
    return _by_ids(
        ids,
        lambda where, params: _evidence_rows(fetch, f" WHERE v.{where}", params),
        "no evidence {listed} (see 'career evidence')",
    )


T = TypeVar("T", EvidenceRow, CorrectionView)


def _by_ids(
    ids: Sequence[int],
    read: Callable[[str, dict[str, Any]], list[T]],
    missing_message: str,
) -> list[T]:
    """The rows `ids` in the order given, read 500 ids at a time (`read` gets an ``id IN
    (...)`` condition and its parameters); NotFound naming every id that is not one."""
    found: dict[int, T] = {}
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), 500):
        params: dict[str, Any] = {}
        for row in read(f"id IN {in_list('id', unique[start : start + 500], params)}", params):
            found[row.id] = row
    missing = [n for n in unique if n not in found]
    if missing:
        raise NotFound(missing_message.format(listed=", ".join(f"#{n}" for n in missing)))
    return [found[n] for n in unique]


CORRECTION_ROWS = """
SELECT id, skill, day, text, action, level, computed_level, computed_signal, computed_rule,
       computed_matched, created_at
FROM evidence_corrections
"""


def _corrections(fetch: Fetch, condition: str, params: dict[str, Any]) -> list[CorrectionView]:
    return [
        CorrectionView(
            id=int(row[0]),
            skill=row[1],
            day=as_date(row[2]),
            text=row[3],
            action=row[4],
            level=None if row[5] is None else int(row[5]),
            computed_level=int(row[6]),
            computed_signal=row[7],
            computed_rule=row[8],
            computed_matched=row[9],
            created_at=as_instant(row[10]),
        )
        for row in fetch(CORRECTION_ROWS + condition, params)
    ]


def list_corrections(fetch: Fetch) -> list[CorrectionView]:
    """Every correction, by day, skill and id."""
    return _corrections(fetch, " ORDER BY day, skill, id", {})


def corrections(fetch: Fetch, ids: Sequence[int]) -> list[CorrectionView]:
    """The corrections `ids`, in the order given; NotFound naming every id that is not one."""
    return _by_ids(
        ids,
        lambda where, params: _corrections(fetch, f" WHERE {where}", params),
        "no correction {listed} (see 'career evidence corrections')",
    )


def correction_for(fetch: Fetch, skill: str, day: date, text: str) -> CorrectionView | None:
    """The correction of `skill` on the line `text` of `day`, if any."""
    found = _corrections(
        fetch,
        " WHERE day = :day AND line_key = :key AND skill = :skill",
        {"day": day.isoformat(), "key": line_key(text), "skill": skill},
    )
    return found[0] if found else None


# What the journal computed for a corrected line: (level, signal, rule, matched words).
Computed = tuple[int, str, str, str]


def corrections_between(
    fetch: Fetch, first: date, last: date
) -> dict[tuple[date, str, str], tuple[int, str, int | None, Computed]]:
    """The corrections of the days from `first` to `last`, one query: per (day, line key,
    skill), (id, action, level, what the journal computed when last imported)."""
    rows = fetch(
        "SELECT day, line_key, skill, id, action, level, computed_level, computed_signal,"
        " computed_rule, computed_matched FROM evidence_corrections"
        " WHERE day >= :first AND day <= :last",
        {"first": first.isoformat(), "last": last.isoformat()},
    )
    return {
        (as_date(row[0]), row[1], row[2]): (
            int(row[3]),
            row[4],
            None if row[5] is None else int(row[5]),
            (int(row[6]), row[7], row[8], row[9]),
        )
        for row in rows
    }


def why(fetch: Fetch, evidence_id: int) -> EvidenceWhy:
    """An evidence row, its line's direct parent and its correction."""
    row = evidence_rows(fetch, [evidence_id])[0]
    parents = fetch(
        "SELECT p.text FROM skill_evidence v JOIN journal_items i ON i.id = v.item_id"
        " JOIN journal_items p ON p.entry_id = i.entry_id AND p.position = i.parent_position"
        " WHERE v.id = :id",
        {"id": evidence_id},
    )
    parent = parents[0][0] if parents else None
    return EvidenceWhy(row, parent, correction_for(fetch, row.skill, row.day, row.text))


# --- search --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineHit:
    """A journal line that matched a search: cited as `source:line` on its day."""

    day: date
    source: str
    line: int
    text: str


_TERM = re.compile(r'"([^"]*)"|(\S+)')
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")
FTS_TABLE = "journal_items_fts"  # migration 0007
FTS_MIN = 3  # the trigram index finds substrings of this length or more

LINE_HITS = """
SELECT e.day, s.name, i.line, i.text FROM journal_items i
JOIN journal_entries e ON e.id = i.entry_id
JOIN journal_sources s ON s.id = e.source_id
WHERE e.gone_at IS NULL{conditions}
ORDER BY e.day, s.name, i.line, i.id
"""


def search_terms(text: str) -> list[str]:
    """The terms of a search, as typed: a double-quoted phrase is one term (spaces and all),
    every other word is one. Nothing else is syntax: `%`, `_`, `*`, an apostrophe or an
    unpaired quote are characters of their word."""
    terms: list[str] = []
    for match in _TERM.finditer(text):
        term = match.group(1) if match.group(1) is not None else match.group(2)
        if term.strip() and term.casefold() not in (t.casefold() for t in terms):
            terms.append(term)
    if not terms:
        raise InvalidInput("search for what? the text is empty")
    return terms


def _index_key(term: str) -> str:
    """The longest ASCII part of a term as typed: what the index is asked for. Both backends
    fold ASCII case the same way (beyond ASCII, SQLite's FTS5 and PostgreSQL's locale might
    not). So a letter that folds into several (ß and ss, ligatures) is found where the search
    spells it as the line does, or outside the ASCII part: "Straße" finds "STRASSE", "STRASSE"
    does not find "Straße"."""
    return max(_ASCII_RUN.findall(term), key=len, default="")


def _like(key: str) -> str:
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _backend(fetch: Fetch) -> str:
    """ "sqlite", "sqlite-fts" (with the search index of migration 0007) or "postgresql":
    `CAST(TRUE AS TEXT)` is '1' on SQLite and 'true' on PostgreSQL."""
    ((answer,),) = fetch("SELECT CAST(TRUE AS TEXT)", {})
    if str(answer) != "1":
        return "postgresql"
    found = fetch(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = :name",
        {"name": FTS_TABLE},
    )
    return "sqlite-fts" if int(found[0][0]) else "sqlite"


def search_lines(
    fetch: Fetch,
    text: str,
    *,
    phrase: bool = False,
    since: date | None = None,
    until: date | None = None,
    skill: str | None = None,
    resolve: Callable[[str], str | None] | None = None,
) -> list[LineHit]:
    """Lines of days still in their files that contain every term of `text` (search_terms; the
    whole text as one term with `phrase`), literally and ignoring case (`str.casefold`), oldest
    day first. `skill` keeps lines that are evidence of it (NotFound for an unknown skill).

    The index (migration 0007: FTS5 trigram on SQLite, pg_trgm on PostgreSQL, or none) only
    narrows the lines read; the match itself is decided here, so both backends answer alike.
    """
    terms = [text] if phrase else search_terms(text)
    if phrase and not text.strip():
        raise InvalidInput("search for what? the text is empty")
    if since is not None and until is not None and until < since:
        raise InvalidInput(f"--until {until} is before --since {since}")
    params: dict[str, Any] = {}
    conditions = ""
    if since is not None:
        conditions += " AND e.day >= :since"
        params["since"] = since.isoformat()
    if until is not None:
        conditions += " AND e.day <= :until"
        params["until"] = until.isoformat()
    if skill is not None:
        params["skill"], _ = find_skill(fetch, skill, resolve)
        conditions += (
            " AND EXISTS (SELECT 1 FROM skill_evidence v"
            " WHERE v.item_id = i.id AND v.skill_id = :skill)"
        )
    backend = _backend(fetch)
    indexed: list[str] = []
    for n, key in enumerate(_index_key(term) for term in terms):
        if backend == "sqlite-fts" and len(key) >= FTS_MIN:
            indexed.append('"' + key.replace('"', '""') + '"')
        elif key:
            operator = "ILIKE" if backend == "postgresql" else "LIKE"
            conditions += f" AND i.text {operator} :key{n} ESCAPE '\\'"
            params[f"key{n}"] = _like(key)
    if indexed:
        conditions += f" AND i.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts)"
        params["fts"] = " AND ".join(indexed)
    folded = [term.casefold() for term in terms]
    return [
        LineHit(day=as_date(row[0]), source=row[1], line=int(row[2]), text=row[3])
        for row in fetch(LINE_HITS.format(conditions=conditions), params)
        if all(term in str(row[3]).casefold() for term in folded)
    ]
