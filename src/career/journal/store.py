"""The journal import's writes: storing the sources planned by career.journal.importer, in
portable SQL through an `Sql` (career.db.sql), so that an import into a SQLite file runs on
sqlite3 without importing SQLAlchemy (it competes with the workers that analyse the days).

Every function takes an `Sql` in the caller's write transaction and returns data; nothing here
prints. Rules decided here:

- A source is written whole in the caller's transaction, set-wise over a batch of sources (a
  statement per batch, not per day), so that a vault of a file a day stays fast.
- A day whose text changed is updated in place:
  its lines are matched to the recorded ones by text, in order, and a matched line keeps its
  row (so the records accepted from it stay linked); evidence, mentions and suggestions of the
  day are computed again. A day whose text is the same but moved in the file only has its line
  numbers shifted. A day that is no longer in its file is marked gone, reported, and kept until
  `prune` (career.journal.service); one that comes back is restored.
- Skills of the taxonomy (shipped and the user's, `user_defined`) are synced into `skills` on
  import; evidence of one skill on one line is kept once, at its highest level.
- The user's corrections (career.journal.corrections) are applied whenever evidence is
  written: a rejected (skill, day, line text) is not stored, a set one is stored at the user's
  level with "set by you" as its signal and rule. They are read once per batch of days.
- Suggestions are stored by career.journal.suggestion_store (its docstring has their rules).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final

from career import clock
from career.db.fetch import as_date
from career.db.sql import Sql, update_by_id
from career.journal import queries, suggestion_store
from career.journal.importer import Analysis, ParsedDay, ParsedSource, plan_days
from career.journal.views import GoneDay, ImportSummary
from career.journal.vocab import SET_BY_USER, line_key
from career.pipeline.vocab import name_key


def _skill_ids(sql: Sql, analysis: Analysis, names: set[str]) -> dict[str, int]:
    """Ids of the skills named (and of the whole taxonomy), syncing the taxonomy first."""
    recorded = {
        name: (int(skill_id), cat, bool(user))
        for skill_id, name, cat, user in sql.rows(
            "SELECT id, name, category, user_defined FROM skills"
        )
    }
    wanted = {s.name: s.category for s in analysis.taxonomy.skills}
    for name in names - wanted.keys():
        wanted[name] = "other"
    new = []
    for name, category in wanted.items():
        user = name in analysis.user_skills
        known = recorded.get(name)
        if known is None:
            new.append((name, category, user))
        elif (known[1], known[2]) != (category, user):
            sql.write(
                "UPDATE skills SET category = :category, user_defined = :user WHERE id = :id",
                {"category": category, "user": user, "id": known[0]},
            )
    ids = {name: known[0] for name, known in recorded.items()}
    if new:
        sql.insert_rows("skills", ("name", "category", "user_defined"), new)
        ids.update(
            (name, int(skill_id))
            for skill_id, name in sql.rows_in(
                "SELECT id, name FROM skills WHERE name IN {}", [row[0] for row in new]
            )
        )
    return ids


ITEM_COLUMNS: Final = (
    "entry_id",
    "position",
    "line",
    "text",
    "section",
    "depth",
    "parent_position",
    "checked",
)


def _item_row(entry_id: int, position: int, item: Any) -> tuple[Any, ...]:
    return (
        entry_id,
        position,
        item.line,
        item.text,
        item.section,
        item.depth,
        item.parent,
        item.checked,
    )


INSERT_ITEM = (
    f"INSERT INTO journal_items ({', '.join(ITEM_COLUMNS)}) "
    f"VALUES ({', '.join(':' + name for name in ITEM_COLUMNS)}) RETURNING id"
)
UPDATE_ITEM = update_by_id("journal_items", ITEM_COLUMNS)


def _match_items(sql: Sql, entry_id: int, day: ParsedDay) -> list[int]:
    """Update a changed day's lines in place: a recorded line with the same text keeps its row
    (in order); the others are deleted and the new ones inserted. The item ids by position."""
    old: dict[str, deque[int]] = {}
    for item_id, text in sql.rows(
        "SELECT id, text FROM journal_items WHERE entry_id = :id ORDER BY position",
        {"id": entry_id},
    ):
        old.setdefault(text, deque()).append(int(item_id))
    ids: list[int] = []
    updates: list[dict[str, Any]] = []
    inserts: list[tuple[int, dict[str, Any]]] = []
    for position, item in enumerate(day.entry.items):
        row = dict(zip(ITEM_COLUMNS, _item_row(entry_id, position, item), strict=True))
        same = old.get(item.text)
        if same:
            row["id"] = same.popleft()
            updates.append(row)
            ids.append(row["id"])
        else:
            inserts.append((position, row))
            ids.append(0)
    stale = [item_id for rest in old.values() for item_id in rest]
    sql.write_in("DELETE FROM journal_items WHERE id IN {}", stale)
    sql.write_many(UPDATE_ITEM, updates)
    for position, row in inserts:
        ids[position] = int(sql.write(INSERT_ITEM, row)[0][0])
    return ids


@dataclass
class _Day:
    """A day being written: its parse, its entry row, its item ids by position."""

    parsed: ParsedDay
    source: str
    entry_id: int = 0  # known once the entry row exists
    item_ids: list[int] | None = None
    fresh: bool = False  # added now: nothing of it to delete before analysing
    source_id: int = 0  # the source row it belongs to


# A known source's path -> (its id, the analysis fingerprint it was stored with).
Known = dict[str, tuple[int, str]]
# A source id -> its recorded days: day -> (entry id, text hash, line, gone).
Recorded = dict[int, dict[date, tuple[int, str, int, bool]]]


@dataclass
class StoredDays:
    """What `store_days` wrote and `store_findings` completes (in the same transaction); what
    the days suggest waits here for `store_suggestions`, which weighs them all at once (the
    first line that suggests a thing is where its suggestion points)."""

    analysed: list[_Day]
    now: datetime
    suggested: list[suggestion_store.DaySuggestions] = field(default_factory=list)
    old_items: list[int] = field(default_factory=list)


def store_days(
    sql: Sql, batch: Sequence[ParsedSource], analysis: Analysis, summary: ImportSummary
) -> StoredDays:
    """Write whole sources (in the caller's transaction), first half: their rows, days and
    lines, which need no analysis (so the import writes them while the days are analysed).
    The days' findings in `batch` are not read: `store_findings` takes them. Statements run
    over the whole batch, not a day at a time."""
    now = clock.now()
    known, source_ids = _write_sources(sql, batch, analysis, now)
    recorded = _recorded_days(sql, known)
    added, analysed, moved = _update_days(
        sql, batch, analysis, summary, now, known, source_ids, recorded
    )
    _move_days(sql, moved)
    if added:
        _insert_days(sql, added, now)
    _load_item_ids(sql, [d for d in analysed if d.item_ids is None])
    return StoredDays(analysed, now)


def store_findings(
    sql: Sql,
    stored: StoredDays,
    days: Sequence[ParsedDay],
    analysis: Analysis,
    summary: ImportSummary,
) -> None:
    """The second half: the evidence, mentions and suggestions of the days `store_days`
    wrote, from `days` (the same entries, analysed: all of them, or the next run of them in
    order, so that the findings of a big source are written while the rest is analysed)."""
    found = {id(day.entry): day for day in days}
    ready = []
    for day in stored.analysed:
        done = found.get(id(day.parsed.entry))
        if done is not None:
            day.parsed = done
            ready.append(day)
    if ready:
        _analyse(sql, ready, analysis, summary, stored)


def store_suggestions(sql: Sql, stored: StoredDays, summary: ImportSummary) -> None:
    """The last step: what the days `store_findings` wrote suggest, stored in one go."""
    summary.suggestions += suggestion_store.store(
        sql, stored.suggested, stored.old_items, stored.now
    )


SOURCE_COLUMNS: Final = (
    "path",
    "name",
    "format",
    "root",
    "root_format",
    "content_hash",
    "analysis_hash",
    "imported_at",
)


def _write_sources(
    sql: Sql, batch: Sequence[ParsedSource], analysis: Analysis, now: datetime
) -> tuple[Known, dict[str, int]]:
    """Source rows: insert the new, update the known. Returns what the known ones were (their
    ids and what they were analysed with) and every source's id by path."""
    paths = [str(one.source.path) for one in batch]
    known: Known = {
        path: (int(sid), analysis_hash)
        for sid, path, analysis_hash in sql.rows_in(
            "SELECT id, path, analysis_hash FROM journal_sources WHERE path IN {}", paths
        )
    }

    def source_row(one: ParsedSource) -> tuple[Any, ...]:
        return (
            str(one.source.path),
            one.source.name,
            one.source.format,
            one.root.path,
            one.root.format,
            one.content_hash,
            analysis.fingerprint,
            now,
        )

    sql.insert_rows(
        "journal_sources",
        SOURCE_COLUMNS,
        [source_row(one) for one in batch if str(one.source.path) not in known],
    )
    sql.write_many(
        update_by_id("journal_sources", SOURCE_COLUMNS),
        [
            {
                "id": known[str(one.source.path)][0],
                **dict(zip(SOURCE_COLUMNS, source_row(one), strict=True)),
            }
            for one in batch
            if str(one.source.path) in known
        ],
    )
    source_ids = {
        path: int(sid)
        for sid, path in sql.rows_in("SELECT id, path FROM journal_sources WHERE path IN {}", paths)
    }
    return known, source_ids


def _recorded_days(sql: Sql, known: Known) -> Recorded:
    """What is recorded of the known sources' days."""
    recorded: Recorded = {}
    for sid, entry_id, day, text_hash, line, gone_at in sql.rows_in(
        "SELECT source_id, id, day, text_hash, line, gone_at FROM journal_entries "
        "WHERE source_id IN {}",
        [sid for sid, _ in known.values()],
    ):
        recorded.setdefault(int(sid), {})[as_date(day)] = (
            int(entry_id),
            text_hash,
            line,
            gone_at is not None,
        )
    return recorded


def _update_days(
    sql: Sql,
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
            sql.write(
                "UPDATE journal_entries SET line = :line, title = :title, "
                "text_hash = :text_hash, text = :text, gone_at = NULL, updated_at = :now "
                "WHERE id = :id",
                {
                    "line": day.entry.line,
                    "title": day.entry.title,
                    "text_hash": day.text_hash,
                    "text": day.entry.text,
                    "now": now,
                    "id": entry_id,
                },
            )
            analysed.append(_Day(day, name, entry_id, _match_items(sql, entry_id, day)))
        for day in plan.moved:
            entry_id, _, line, _ = days[day.entry.day]
            moved.append((entry_id, day.entry.line, day.entry.line - line))
        if reanalyse:
            analysed += [_Day(d, name, days[d.entry.day][0]) for d in plan.moved + plan.same]
        for gone_day in plan.gone:
            sql.write(
                "UPDATE journal_entries SET gone_at = :now, updated_at = :now WHERE id = :id",
                {"now": now, "id": days[gone_day][0]},
            )
        summary.entries_added += len(plan.added)
        summary.entries_updated += len(plan.changed)
        summary.entries_unchanged += len(plan.moved) + len(plan.same)
        summary.gone += [GoneDay(name, d) for d in plan.gone]
    return added, analysed, moved


def _move_days(sql: Sql, moved: Sequence[tuple[int, int, int]]) -> None:
    """Days whose text is unchanged but whose lines moved: the entry's and its items' lines."""
    sql.write_many(
        "UPDATE journal_entries SET line = :line WHERE id = :id",
        [{"id": e, "line": line} for e, line, _ in moved],
    )
    sql.write_many(
        "UPDATE journal_items SET line = line + :shift WHERE entry_id = :id",
        [{"id": e, "shift": shift} for e, _, shift in moved],
    )


ENTRY_COLUMNS: Final = (
    "source_id",
    "day",
    "line",
    "title",
    "text_hash",
    "text",
    "gone_at",
    "created_at",
    "updated_at",
)


def _insert_days(sql: Sql, days: Sequence[_Day], now: datetime) -> None:
    """Insert new days and their lines in bulk; set their entry and item ids."""
    sql.insert_rows(
        "journal_entries",
        ENTRY_COLUMNS,
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
    for entry_id, sid, day in sql.rows_in(
        "SELECT id, source_id, day FROM journal_entries WHERE source_id IN {}",
        sorted({d.source_id for d in days}),
    ):
        found = by_key.get((int(sid), as_date(day)))
        if found is not None:
            found.entry_id = int(entry_id)
    sql.insert_rows(
        "journal_items",
        ITEM_COLUMNS,
        [
            _item_row(d.entry_id, position, item)
            for d in days
            for position, item in enumerate(d.parsed.entry.items)
        ],
    )
    _load_item_ids(sql, days)


def _load_item_ids(sql: Sql, days: Sequence[_Day]) -> None:
    """The item ids (by position) of recorded days."""
    ids: dict[int, list[int]] = {}
    for entry_id, item_id in sql.rows_in(
        "SELECT entry_id, id FROM journal_items WHERE entry_id IN {} ORDER BY entry_id, position",
        [d.entry_id for d in days],
    ):
        ids.setdefault(entry_id, []).append(item_id)
    for d in days:
        d.item_ids = ids.get(d.entry_id, [])


Corrections = dict[tuple[date, str, str], tuple[int, str, int | None, queries.Computed]]
Evidence = tuple[int, str, int, str, str, str]  # as in career.journal.importer.ParsedDay


def _corrections_of(sql: Sql, days: Sequence[_Day]) -> Corrections:
    """The user's corrections of the days being written: one query over their span."""
    if not days:
        return {}
    dates = [d.parsed.entry.day for d in days]
    return queries.corrections_between(sql, min(dates), max(dates))


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


def _refresh_computed(sql: Sql, seen: Mapping[int, tuple[int, str, str, str]]) -> None:
    sql.write_many(
        "UPDATE evidence_corrections SET computed_level = :level, computed_signal = :signal, "
        "computed_rule = :rule, computed_matched = :matched WHERE id = :id",
        [
            {"id": n, "level": lvl, "signal": sig, "rule": rule, "matched": matched}
            for n, (lvl, sig, rule, matched) in seen.items()
        ],
    )


def _analyse(
    sql: Sql,
    days: Sequence[_Day],
    analysis: Analysis,
    summary: ImportSummary,
    found: StoredDays,
) -> None:
    """(Re)compute the evidence and mentions of `days`; what they suggest is gathered in
    `found`, for `store_suggestions`."""

    def ids(day: _Day) -> list[int]:
        assert day.item_ids is not None
        return day.item_ids

    old_items = [i for d in days if not d.fresh for i in ids(d)]
    sql.write_in("DELETE FROM skill_evidence WHERE item_id IN {}", old_items)
    sql.write_in("DELETE FROM journal_links WHERE item_id IN {} AND kind = 'mention'", old_items)
    names = {found[1] for d in days for found in d.parsed.evidence}
    skills = _skill_ids(sql, analysis, names)
    corrections = _corrections_of(sql, days)
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
    sql.insert_rows(
        "skill_evidence",
        ("skill_id", "item_id", "day", "level", "signal", "rule", "matched"),
        evidence,
    )
    _refresh_computed(sql, seen)
    summary.evidence += len(evidence)
    sql.insert_rows(
        "journal_links",
        ("item_id", "kind", "org_name", "org_key"),
        [
            (ids(d)[item], "mention", org[:200], name_key(org)[:200])
            for d in days
            for item, org in d.parsed.mentions
        ],
    )
    found.suggested += [
        suggestion_store.DaySuggestions(d.entry_id, d.parsed.entry, ids(d), d.parsed.suggestions)
        for d in days
    ]
    found.old_items += old_items


def mark_source_gone(sql: Sql, path: str) -> list[GoneDay]:
    """Every day of a source whose file is no longer found: gone."""
    source = sql.one("SELECT id, name FROM journal_sources WHERE path = :path", {"path": path})
    if source is None:
        return []
    rows = sql.rows(
        "SELECT id, day FROM journal_entries WHERE source_id = :id AND gone_at IS NULL "
        "ORDER BY day",
        {"id": source[0]},
    )
    sql.write_in(
        "UPDATE journal_entries SET gone_at = :now, updated_at = :now WHERE id IN {}",
        [entry_id for entry_id, _ in rows],
        now=clock.now(),
    )
    return [GoneDay(source[1], as_date(day)) for _, day in rows]
