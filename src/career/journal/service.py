"""The journal's writes: storing imported sources (planned by career.journal.importer), and
pruning what the import found. Suggestions are stored, accepted and dismissed by
career.journal.suggestions (its docstring has their rules).

Every function takes an open Session and returns data; nothing here prints. Rules decided here:

- A source is written whole in the caller's transaction, set-wise over a batch of sources (a
  statement per batch, not per day), so that a vault of a file a day stays fast.
- A day whose text changed is updated in place:
  its lines are matched to the recorded ones by text, in order, and a matched line keeps its
  row (so the records accepted from it stay linked); evidence, mentions and suggestions of the
  day are computed again. A day whose text is the same but moved in the file only has its line
  numbers shifted. A day that is no longer in its file is marked gone, reported, and kept until
  `prune`; one that comes back is restored.
- Skills of the taxonomy (shipped and the user's, `user_defined`) are synced into `skills` on
  import; evidence of one skill on one line is kept once, at its highest level.
- The user's corrections (career.journal.corrections) are applied whenever evidence is
  written: a rejected (skill, day, line text) is not stored, a set one is stored at the user's
  level with "set by you" as its signal and rule. They are read once per batch of days.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

import career.models  # noqa: F401  (the whole schema, for the ORM's foreign keys)
from career import clock
from career.db.engine import session_fetch
from career.journal import queries, suggestions
from career.journal.importer import Analysis, ParsedDay, ParsedSource, plan_days
from career.journal.models import (
    EvidenceCorrection,
    JournalEntry,
    JournalItem,
    JournalLink,
    JournalSource,
    Skill,
    SkillEvidence,
)
from career.journal.views import GoneDay, ImportSummary, Pruned
from career.journal.vocab import SET_BY_USER, line_key
from career.pipeline.vocab import name_key

CHUNK = 500  # values in one IN (...) list


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _skill_ids(session: Session, analysis: Analysis, names: set[str]) -> dict[str, int]:
    """Ids of the skills named (and of the whole taxonomy), syncing the taxonomy first."""
    rows = session.execute(select(Skill.id, Skill.name, Skill.category, Skill.user_defined))
    recorded = {name: (skill_id, cat, user) for skill_id, name, cat, user in rows}
    wanted = {s.name: s.category for s in analysis.taxonomy.skills}
    for name in names - wanted.keys():
        wanted[name] = "other"
    new = []
    for name, category in wanted.items():
        user = name in analysis.user_skills
        known = recorded.get(name)
        if known is None:
            new.append({"name": name, "category": category, "user_defined": user})
        elif (known[1], bool(known[2])) != (category, user):
            session.execute(
                update(Skill)
                .where(Skill.id == known[0])
                .values(category=category, user_defined=user)
            )
    ids = {name: known[0] for name, known in recorded.items()}
    if new:
        created = session.scalars(
            insert(Skill).returning(Skill.id, sort_by_parameter_order=True), new
        ).all()
        ids.update(zip((row["name"] for row in new), created, strict=True))
    return ids


def _item_row(entry_id: int, position: int, item: Any) -> dict[str, Any]:
    return {
        "entry_id": entry_id,
        "position": position,
        "line": item.line,
        "text": item.text,
        "section": item.section,
        "depth": item.depth,
        "parent_position": item.parent,
        "checked": item.checked,
    }


def _insert_items(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    return list(
        session.scalars(
            insert(JournalItem).returning(JournalItem.id, sort_by_parameter_order=True), rows
        ).all()
    )


def _match_items(session: Session, entry_id: int, day: ParsedDay) -> list[int]:
    """Update a changed day's lines in place: a recorded line with the same text keeps its row
    (in order); the others are deleted and the new ones inserted. The item ids by position."""
    old: dict[str, deque[int]] = {}
    for item_id, text in session.execute(
        select(JournalItem.id, JournalItem.text)
        .where(JournalItem.entry_id == entry_id)
        .order_by(JournalItem.position)
    ):
        old.setdefault(text, deque()).append(item_id)
    ids: list[int | None] = []
    updates: list[dict[str, Any]] = []
    inserts: list[dict[str, Any]] = []
    for position, item in enumerate(day.entry.items):
        same = old.get(item.text)
        if same:
            row = _item_row(entry_id, position, item)
            row["id"] = same.popleft()
            updates.append(row)
            ids.append(row["id"])
        else:
            inserts.append(_item_row(entry_id, position, item))
            ids.append(None)
    stale = [item_id for rest in old.values() for item_id in rest]
    for chunk in _chunks(stale):
        session.execute(delete(JournalItem).where(JournalItem.id.in_(chunk)))
    if updates:
        session.execute(update(JournalItem), updates)
    created = iter(_insert_items(session, inserts))
    return [item_id if item_id is not None else next(created) for item_id in ids]


@dataclass
class _Day:
    """A day being written: its parse, its entry row, its item ids by position."""

    parsed: ParsedDay
    source: str
    entry_id: int = 0  # known once the entry row exists
    item_ids: list[int] | None = None
    fresh: bool = False  # added now: nothing of it to delete before analysing
    source_id: int = 0  # the source row it belongs to


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


def _bulk_insert(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT many rows (dicts of the same keys) with the driver's own executemany."""
    if rows:
        names = list(rows[0])
        _insert_rows(session, table, names, [tuple(row[name] for name in names) for row in rows])


_VALUES_PER_STATEMENT: Final = 8000


def _insert_rows(
    session: Session, table: Table, names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """INSERT many rows (values in the order of `names`) with the driver's own executemany.

    The bulk path of an import (tens of thousands of lines and evidence rows): SQLAlchemy's
    executemany spends most of its time building each row's parameters; here each value goes
    through its column type's own bind processor (the same conversion, e.g. instants to naive
    UTC and SQLite's date text), only for the columns that have one, and the rows are handed
    to the driver as they are."""
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    ]
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle in ("qmark", "numeric") else "%s"
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join([mark] * len(names))})"
    )
    active = [(n, p) for n, p in enumerate(processors) if p is not None]
    params: Sequence[tuple[Any, ...]] = rows
    if active:
        converted = []
        for row in rows:
            values = list(row)
            for n, process in active:
                values[n] = process(values[n])
            converted.append(tuple(values))
        params = converted
    if dialect.name != "sqlite":
        conn.exec_driver_sql(sql, params)
        return
    # SQLite: many rows per statement. Each statement is a savepoint at which FTS5 writes out
    # what it holds in memory, so the trigger that indexes `journal_items` (migration 0007)
    # costs a segment per row under executemany; statements of a thousand rows or so write
    # the same index five times faster.
    raw = conn.connection.dbapi_connection
    limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) if raw is not None else 999
    # About a thousand rows a statement: as fast as more, and SQLite's memory for a statement
    # grows with its size (a statement of every line of a 10-year journal: +60 MB).
    per = max(1, min(limit, _VALUES_PER_STATEMENT) // len(names))
    one = f"({', '.join([mark] * len(names))})"
    head = sql[: sql.index(" VALUES ")]
    for start in range(0, len(params), per):
        chunk = params[start : start + per]
        conn.exec_driver_sql(
            f"{head} VALUES {', '.join([one] * len(chunk))}",
            tuple(value for row in chunk for value in row),
        )


def _int_rows(session: Session, sql: str, values: Sequence[int]) -> list[Any]:
    """The rows of `sql`, whose one ``IN ({})`` list `values` (ints) fill, read over the
    driver's own cursor: for reading back thousands of ids, where SQLAlchemy's rows would be
    most of the cost."""
    conn = session.connection()
    mark = "?" if conn.dialect.paramstyle in ("qmark", "numeric") else "%s"
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql.format(", ".join([mark] * len(values))), tuple(values))
        return list(cursor.fetchall())
    finally:
        cursor.close()


# A known source's path -> (its id, the analysis fingerprint it was stored with).
Known = dict[str, tuple[int, str]]
# A source id -> its recorded days: day -> (entry id, text hash, line, gone).
Recorded = dict[int, dict[date, tuple[int, str, int, bool]]]


@dataclass
class StoredDays:
    """What `store_days` wrote and `store_findings` completes (in the same transaction)."""

    analysed: list[_Day]
    now: datetime


def store_days(
    session: Session, batch: Sequence[ParsedSource], analysis: Analysis, summary: ImportSummary
) -> StoredDays:
    """Write whole sources (in the caller's transaction), first half: their rows, days and
    lines, which need no analysis (so the import writes them while the days are analysed).
    The days' findings in `batch` are not read: `store_findings` takes them. Statements run
    over the whole batch, not a day at a time."""
    now = clock.now()
    known, source_ids = _write_sources(session, batch, analysis, now)
    recorded = _recorded_days(session, known)
    added, analysed, moved = _update_days(
        session, batch, analysis, summary, now, known, source_ids, recorded
    )
    _move_days(session, moved)
    if added:
        _insert_days(session, added, now)
    _load_item_ids(session, [d for d in analysed if d.item_ids is None])
    return StoredDays(analysed, now)


def store_findings(
    session: Session,
    stored: StoredDays,
    days: Sequence[ParsedDay],
    analysis: Analysis,
    summary: ImportSummary,
) -> None:
    """The second half: the evidence, mentions and suggestions of the days `store_days`
    wrote, from `days` (the same entries, analysed)."""
    found = {id(day.entry): day for day in days}
    for day in stored.analysed:
        day.parsed = found[id(day.parsed.entry)]
    _analyse(session, stored.analysed, analysis, summary, stored.now)


def _write_sources(
    session: Session, batch: Sequence[ParsedSource], analysis: Analysis, now: datetime
) -> tuple[Known, dict[str, int]]:
    """Source rows: insert the new, update the known. Returns what the known ones were (their
    ids and what they were analysed with) and every source's id by path."""
    sources_t = _table(JournalSource)
    paths = [str(one.source.path) for one in batch]
    known: dict[str, tuple[int, str]] = {}
    for chunk in _chunks(paths):
        for sid, path, analysis_hash in session.execute(
            select(sources_t.c.id, sources_t.c.path, sources_t.c.analysis_hash).where(
                sources_t.c.path.in_(chunk)
            )
        ):
            known[path] = (sid, analysis_hash)

    def source_row(one: ParsedSource) -> dict[str, Any]:
        return {
            "path": str(one.source.path),
            "name": one.source.name,
            "format": one.source.format,
            "root": one.root.path,
            "root_format": one.root.format,
            "content_hash": one.content_hash,
            "analysis_hash": analysis.fingerprint,
            "imported_at": now,
        }

    new_sources = [source_row(one) for one in batch if str(one.source.path) not in known]
    if new_sources:
        _bulk_insert(session, sources_t, new_sources)
    old_sources = [
        {"id": known[str(one.source.path)][0], **source_row(one)}
        for one in batch
        if str(one.source.path) in known
    ]
    if old_sources:
        session.execute(update(JournalSource), old_sources)
    source_ids: dict[str, int] = {}
    for chunk in _chunks(paths):
        source_ids.update(
            (path, sid)
            for sid, path in session.execute(
                select(sources_t.c.id, sources_t.c.path).where(sources_t.c.path.in_(chunk))
            )
        )
    return known, source_ids


def _recorded_days(session: Session, known: Known) -> Recorded:
    """What is recorded of the known sources' days."""
    entries_t = _table(JournalEntry)
    recorded: dict[int, dict[date, tuple[int, str, int, bool]]] = {}
    for chunk in _chunks([sid for sid, _ in known.values()]):
        for sid, entry_id, day, text_hash, line, gone_at in session.execute(
            select(
                entries_t.c.source_id,
                entries_t.c.id,
                entries_t.c.day,
                entries_t.c.text_hash,
                entries_t.c.line,
                entries_t.c.gone_at,
            ).where(entries_t.c.source_id.in_(chunk))
        ):
            recorded.setdefault(sid, {})[day] = (entry_id, text_hash, line, gone_at is not None)
    return recorded


def _update_days(
    session: Session,
    batch: Sequence[ParsedSource],
    analysis: Analysis,
    summary: ImportSummary,
    now: datetime,
    known: Known,
    source_ids: Mapping[str, int],
    recorded: Recorded,
) -> tuple[list[_Day], list[_Day], list[tuple[int, int, int]]]:
    """Each source's plan of days: changed days are rewritten and gone ones marked in place.
    Returns the days to insert, the days to analyse, and the moved days as (entry id, new
    line, shift)."""
    entries_t = _table(JournalEntry)
    added: list[_Day] = []
    analysed: list[_Day] = []
    moved: list[tuple[int, int, int]] = []  # (entry id, new line, shift)
    for one in batch:
        path = str(one.source.path)
        sid = source_ids[path]
        days = recorded.get(sid, {})
        plan = plan_days(one.days, {d: r[1:] for d, r in days.items()})
        reanalyse = path in known and known[path][1] != analysis.fingerprint
        name = one.source.name
        new_days = [_Day(d, name, fresh=True, source_id=sid) for d in plan.added]
        added += new_days
        analysed += new_days
        for day in plan.changed:
            entry_id = days[day.entry.day][0]
            session.execute(
                update(entries_t)
                .where(entries_t.c.id == entry_id)
                .values(
                    line=day.entry.line,
                    title=day.entry.title,
                    text_hash=day.text_hash,
                    text=day.entry.text,
                    gone_at=None,
                    updated_at=now,
                )
            )
            analysed.append(_Day(day, name, entry_id, _match_items(session, entry_id, day)))
        for day in plan.moved:
            entry_id, _, line, _ = days[day.entry.day]
            moved.append((entry_id, day.entry.line, day.entry.line - line))
        if reanalyse:
            analysed += [_Day(d, name, days[d.entry.day][0]) for d in plan.moved + plan.same]
        for gone_day in plan.gone:
            session.execute(
                update(entries_t)
                .where(entries_t.c.id == days[gone_day][0])
                .values(gone_at=now, updated_at=now)
            )
        summary.entries_added += len(plan.added)
        summary.entries_updated += len(plan.changed)
        summary.entries_unchanged += len(plan.moved) + len(plan.same)
        summary.gone += [GoneDay(name, d) for d in plan.gone]
    return added, analysed, moved


def _move_days(session: Session, moved: Sequence[tuple[int, int, int]]) -> None:
    """Days whose text is unchanged but whose lines moved: the entry's and its items' lines."""
    if not moved:
        return
    entries_t, items_t = _table(JournalEntry), _table(JournalItem)
    session.execute(
        update(entries_t)
        .where(entries_t.c.id == bindparam("moved_id"))
        .values(line=bindparam("moved_line")),
        [{"moved_id": e, "moved_line": line} for e, line, _ in moved],
    )
    session.execute(
        update(items_t)
        .where(items_t.c.entry_id == bindparam("moved_id"))
        .values(line=items_t.c.line + bindparam("shift")),
        [{"moved_id": e, "shift": shift} for e, _, shift in moved],
    )


_ITEM_COLUMNS: Final = (
    "entry_id",
    "position",
    "line",
    "text",
    "section",
    "depth",
    "parent_position",
    "checked",
)


def _insert_days(session: Session, days: Sequence[_Day], now: datetime) -> None:
    """Insert new days and their lines in bulk; set their entry and item ids."""
    entries_t, items_t = _table(JournalEntry), _table(JournalItem)
    _insert_rows(
        session,
        entries_t,
        (
            "source_id",
            "day",
            "line",
            "title",
            "text_hash",
            "text",
            "gone_at",
            "created_at",
            "updated_at",
        ),
        [
            (
                d.source_id,
                d.parsed.entry.day,
                d.parsed.entry.line,
                d.parsed.entry.title,
                d.parsed.text_hash,
                d.parsed.entry.text,
                None,
                now,
                now,
            )
            for d in days
        ],
    )
    by_key = {(d.source_id, d.parsed.entry.day): d for d in days}
    for chunk in _chunks(sorted({d.source_id for d in days})):
        for entry_id, sid, day in session.execute(
            select(entries_t.c.id, entries_t.c.source_id, entries_t.c.day).where(
                entries_t.c.source_id.in_(chunk)
            )
        ):
            found = by_key.get((sid, day))
            if found is not None:
                found.entry_id = entry_id
    rows = [
        (
            d.entry_id,
            position,
            item.line,
            item.text,
            item.section,
            item.depth,
            item.parent,
            item.checked,
        )
        for d in days
        for position, item in enumerate(d.parsed.entry.items)
    ]
    _insert_rows(session, items_t, _ITEM_COLUMNS, rows)
    _load_item_ids(session, days)


def _load_item_ids(session: Session, days: Sequence[_Day]) -> None:
    """The item ids (by position) of recorded days."""
    items_t = _table(JournalItem)
    quote = session.connection().dialect.identifier_preparer.quote
    sql = (
        f"SELECT {quote('entry_id')}, {quote('id')} FROM {quote(items_t.name)}"
        f" WHERE {quote('entry_id')} IN ({{}}) ORDER BY {quote('entry_id')}, {quote('position')}"
    )
    ids: dict[int, list[int]] = {}
    for chunk in _chunks([d.entry_id for d in days]):
        for entry_id, item_id in _int_rows(session, sql, chunk):
            ids.setdefault(entry_id, []).append(item_id)
    for d in days:
        d.item_ids = ids.get(d.entry_id, [])


Corrections = dict[tuple[date, str, str], tuple[int, str, int | None, queries.Computed]]
Evidence = tuple[int, str, int, str, str, str]  # as in career.journal.importer.ParsedDay


def _corrections_of(session: Session, days: Sequence[_Day]) -> Corrections:
    """The user's corrections of the days being written: one query over their span."""
    if not days:
        return {}
    dates = [d.parsed.entry.day for d in days]
    return queries.corrections_between(session_fetch(session), min(dates), max(dates))


def _corrected(
    parsed: ParsedDay,
    corrections: Corrections,
    corrected: set[str],
    seen: dict[int, tuple[int, str, str, str]],
) -> list[Evidence]:
    """The day's evidence with the user's corrections applied: a rejected (skill, line) is not
    evidence, a set one takes the user's level. `seen` collects, per correction applied whose
    record of what the journal computed is out of date, what was computed now (so that
    `restore` puts back what the journal says). `corrected`: the skills the day's corrections
    name (only their lines' texts are hashed)."""
    items, day = parsed.entry.items, parsed.entry.day
    keys: dict[int, str] = {}
    kept: list[Evidence] = []
    for found in parsed.evidence:
        item, skill, level, signal, rule, matched = found
        if skill not in corrected:
            kept.append(found)
            continue
        if item not in keys:
            keys[item] = line_key(items[item].text)
        correction = corrections.get((day, keys[item], skill))
        if correction is None:
            kept.append(found)
            continue
        correction_id, action, user_level, known = correction
        computed = (level, signal[:200], rule[:200], matched[:200])
        if computed != known:
            seen[correction_id] = computed
        if action == "set" and user_level is not None:
            kept.append((item, skill, user_level, SET_BY_USER, SET_BY_USER, matched))
    return kept


def _refresh_computed(session: Session, seen: Mapping[int, tuple[int, str, str, str]]) -> None:
    if seen:
        table = _table(EvidenceCorrection)
        session.execute(
            update(table)
            .where(table.c.id == bindparam("correction_id"))
            .values(
                computed_level=bindparam("c_level"),
                computed_signal=bindparam("c_signal"),
                computed_rule=bindparam("c_rule"),
                computed_matched=bindparam("c_matched"),
            ),
            [
                {
                    "correction_id": n,
                    "c_level": lvl,
                    "c_signal": sig,
                    "c_rule": rule,
                    "c_matched": matched,
                }
                for n, (lvl, sig, rule, matched) in seen.items()
            ],
        )


def _analyse(
    session: Session,
    days: Sequence[_Day],
    analysis: Analysis,
    summary: ImportSummary,
    now: datetime,
) -> None:
    """(Re)compute evidence, mentions and suggestions of `days`."""

    def ids(day: _Day) -> list[int]:
        assert day.item_ids is not None
        return day.item_ids

    old_items = [i for d in days if not d.fresh for i in ids(d)]
    for chunk in _chunks(old_items):
        session.execute(delete(SkillEvidence).where(SkillEvidence.item_id.in_(chunk)))
        session.execute(
            delete(JournalLink).where(JournalLink.item_id.in_(chunk), JournalLink.kind == "mention")
        )
    names = {found[1] for d in days for found in d.parsed.evidence}
    skills = _skill_ids(session, analysis, names)
    corrections = _corrections_of(session, days)
    corrected: dict[date, set[str]] = {}
    for on, _, skill in corrections:
        corrected.setdefault(on, set()).add(skill)
    seen: dict[int, tuple[int, str, str, str]] = {}
    evidence: list[tuple[int, int, date, int, str, str, str]] = []
    for d in days:
        item_ids, day = ids(d), d.parsed.entry.day
        rows = d.parsed.evidence
        if day in corrected:
            rows = _corrected(d.parsed, corrections, corrected[day], seen)
        evidence += [
            (skills[skill], item_ids[item], day, level, signal[:200], rule[:200], matched[:200])
            for item, skill, level, signal, rule, matched in rows
        ]
    _insert_rows(
        session,
        _table(SkillEvidence),
        ("skill_id", "item_id", "day", "level", "signal", "rule", "matched"),
        evidence,
    )
    _refresh_computed(session, seen)
    summary.evidence += len(evidence)
    mentions = [
        {
            "item_id": ids(d)[item],
            "kind": "mention",
            "org_name": org[:200],
            "org_key": name_key(org)[:200],
        }
        for d in days
        for item, org in d.parsed.mentions
    ]
    _bulk_insert(session, _table(JournalLink), mentions)

    summary.suggestions += suggestions.store(
        session,
        [
            suggestions.DaySuggestions(d.entry_id, d.parsed.entry, ids(d), d.parsed.suggestions)
            for d in days
        ],
        old_items,
        now,
    )


def mark_source_gone(session: Session, path: str) -> list[GoneDay]:
    """Every day of a source whose file is no longer found: gone."""
    source = session.scalar(select(JournalSource).where(JournalSource.path == path))
    if source is None:
        return []
    rows = session.execute(
        select(JournalEntry.id, JournalEntry.day)
        .where(JournalEntry.source_id == source.id, JournalEntry.gone_at.is_(None))
        .order_by(JournalEntry.day)
    ).all()
    now = clock.now()
    for chunk in _chunks([entry_id for entry_id, _ in rows]):
        session.execute(
            update(JournalEntry)
            .where(JournalEntry.id.in_(chunk))
            .values(gone_at=now, updated_at=now)
        )
    return [GoneDay(source.name, day) for _, day in rows]


# --- prune ---------------------------------------------------------------------------------------


def prune(session: Session) -> Pruned:
    """Delete the days that disappeared from their files (with their lines and evidence), and
    sources left with no day whose file is gone."""
    rows = session.execute(
        select(JournalEntry.id, JournalSource.name, JournalEntry.day)
        .join(JournalSource, JournalSource.id == JournalEntry.source_id)
        .where(JournalEntry.gone_at.is_not(None))
        .order_by(JournalSource.name, JournalEntry.day)
    ).all()
    for chunk in _chunks([entry_id for entry_id, _, _ in rows]):
        session.execute(delete(JournalEntry).where(JournalEntry.id.in_(chunk)))
    suggestions.drop_orphans(session)
    for source in session.scalars(select(JournalSource)):
        has_days = session.scalar(
            select(JournalEntry.id).where(JournalEntry.source_id == source.id).limit(1)
        )
        if has_days is None and not Path(source.path).exists():
            session.delete(source)
    return Pruned(days=[GoneDay(name, day) for _, name, day in rows])
