"""Every change recorded, by the database itself; and the generic undo.

The rules (docs/architecture.md, "History and undo"):

- A write command is one *change*: `begin_change` inserts its `changes` row and the one
  `change_now` row in the command's write transaction; `end_change` deletes `change_now`, names
  what changed in the summary, and drops a change that recorded no row (a command that changed
  nothing leaves no history).
- Row triggers on every table of the user's records write a `change_rows` row for each row a
  statement inserts, updates or deletes, but only while `change_now` holds a row: whichever code
  path writes (the ORM, Core bulk inserts, plain SQL through sqlite3 or psycopg), cascaded
  deletes and updates included. The journal's bulk tables (`UNTRACKED`: sources, days, lines,
  evidence) carry no trigger, so an import of a hundred thousand lines writes as before (a
  trigger costs an insert about 40% even when its WHEN is false at once). A journal link is
  recorded only when it is the "source" of a record (what `journal accept` writes, and what an
  `app rm` cascades into): links are few (1,614 for the benchmark's 31,429 lines), and an undo
  that puts an accepted record back puts its link back.
- The triggers are a function of the live schema (`install_triggers`: columns from
  `PRAGMA table_info` or information_schema), installed again at the end of every migration run,
  so a migration that recreates a table or adds a column needs no code for them.
- `undo` reverts one change generically, newest row first (an insert is deleted, a delete
  inserted again with the same key, an update set back), as a change of its own that names what
  it undoes. It refuses, changing nothing, a change already undone, one that a later change in
  effect touched the same rows of, one whose rows were changed since by a write that is not
  recorded, and one whose reversal would touch rows beyond its own (a cascade).

Portable SQL with `:name` parameters, run through `Execute` (the shape of career.db.fetch.Fetch),
so the SQLAlchemy session and the stdlib drivers share it. No SQLAlchemy, no Alembic here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from career.errors import Conflict, NotFound, StorageError

Execute = Callable[[str, Mapping[str, Any]], Sequence[Sequence[Any]]]

CHANGE_TABLES = ("changes", "change_rows", "change_now")
# The journal's bulk tables, written by `journal import` a hundred thousand rows at a time, and
# rebuilt from the files: no triggers (the search index's tables are left out as virtual ones).
UNTRACKED = frozenset(
    {
        "alembic_version",
        *CHANGE_TABLES,
        "journal_sources",
        "journal_entries",
        "journal_items",
        "skill_evidence",
    }
)
# Tables recorded only for some rows: the condition on the row ({row} is NEW or OLD).
ONLY_WHEN = {"journal_links": "{row}.kind = 'source'"}
TRIGGER_PREFIX = "career_change_"
PG_FUNCTION = "career_change_row"
OPS = ("insert", "update", "delete")

# What a table's rows are called in a summary: (one, many).
NOUNS: dict[str, tuple[str, str]] = {
    "organizations": ("organization", "organizations"),
    "organization_aliases": ("alias", "aliases"),
    "applications": ("application", "applications"),
    "application_tags": ("tag", "tags"),
    "status_changes": ("status change", "status changes"),
    "deadlines": ("deadline", "deadlines"),
    "events": ("event", "events"),
    "contacts": ("contact", "contacts"),
    "application_contacts": ("contact link", "contact links"),
    "interactions": ("interaction", "interactions"),
    "advisor_sessions": ("session", "sessions"),
    "session_takeaways": ("takeaway", "takeaways"),
    "application_skills": ("application skill", "application skills"),
    "skills": ("skill", "skills"),
    "evidence_corrections": ("evidence correction", "evidence corrections"),
    "journal_suggestions": ("suggestion", "suggestions"),
    "journal_links": ("journal link", "journal links"),
}
VERBS = {"insert": "added", "update": "changed", "delete": "removed"}


def noun(table: str, count: int = 1) -> str:
    one, many = NOUNS.get(table, (table, table))
    return one if count == 1 else many


# --- recording ---------------------------------------------------------------------------------


def _now_text() -> str:
    """Now (career.clock) as the naive UTC text SQLAlchemy stores instants as on SQLite, which
    PostgreSQL reads into its `timestamp` column as well."""
    from career.clock import now

    return now().astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def begin_change(execute: Execute, command: str, *, undoes: int | None = None) -> int:
    """Open change recording in the caller's write transaction; return the change's id."""
    execute("DELETE FROM change_now", {})
    rows = execute(
        "INSERT INTO changes (at, command, summary, undoes)"
        " VALUES (:at, :command, '', :undoes) RETURNING id",
        {"at": _now_text(), "command": command[:200], "undoes": undoes},
    )
    change_id = int(rows[0][0])
    execute("INSERT INTO change_now (slot, change_id) VALUES (1, :id)", {"id": change_id})
    return change_id


def end_change(execute: Execute, change_id: int, summary: str | None = None) -> bool:
    """Close change recording: the summary (given, or named from the rows), or no change at all
    when it recorded no row and undid nothing. True when the change was kept."""
    execute("DELETE FROM change_now", {})
    counts = execute(
        "SELECT table_name, op, COUNT(*), MIN(row_id), MIN(id) FROM change_rows"
        " WHERE change_id = :id GROUP BY table_name, op ORDER BY MIN(id)",
        {"id": change_id},
    )
    if not counts:
        undoes = execute("SELECT undoes FROM changes WHERE id = :id", {"id": change_id})
        if not undoes or undoes[0][0] is None:
            execute("DELETE FROM changes WHERE id = :id", {"id": change_id})
            return False
    if summary is None:
        summary = describe((str(t), str(op), int(n), str(key)) for t, op, n, key, _ in counts)
    execute(
        "UPDATE changes SET summary = :summary WHERE id = :id",
        {"summary": summary, "id": change_id},
    )
    return True


def describe(groups: Iterable[tuple[str, str, int, str]]) -> str:
    """ "application 12 added, 1 status change added": (table, op, rows, first key) in order."""
    parts = []
    for table, op, count, key in groups:
        if count == 1 and "," not in key:
            parts.append(f"{noun(table)} {key} {VERBS[op]}")
        else:
            parts.append(f"{count} {noun(table, count)} {VERBS[op]}")
    return ", ".join(parts)


def open_change(execute: Execute) -> int | None:
    """The change being recorded in this transaction, if any."""
    rows = execute("SELECT change_id FROM change_now WHERE slot = 1", {})
    return int(rows[0][0]) if rows else None


# --- the triggers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]  # the primary key's columns, in order


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def live_tables(execute: Execute, dialect: str) -> dict[str, Table]:
    """Every table of the live schema with its columns and primary key."""
    found: dict[str, Table] = {}
    if dialect == "sqlite":
        listed = execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
            {},
        )
        virtual = [str(n) for n, sql in listed if str(sql or "").startswith("CREATE VIRTUAL")]
        for name, _ in listed:
            name = str(name)
            if name in virtual or any(name.startswith(f"{v}_") for v in virtual):
                continue
            info = execute(f"PRAGMA table_info({_quote(name)})", {})
            key = tuple(str(row[1]) for row in sorted(info, key=lambda r: r[5]) if row[5])
            found[name] = Table(name, tuple(str(row[1]) for row in info), key)
        return found
    columns: dict[str, list[str]] = {}
    for table, column in execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
        {},
    ):
        columns.setdefault(str(table), []).append(str(column))
    keys: dict[str, list[str]] = {}
    for table, column in execute(
        "SELECT k.table_name, k.column_name FROM information_schema.table_constraints c"
        " JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name"
        " AND k.table_schema = c.table_schema AND k.table_name = c.table_name"
        " WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema()"
        " ORDER BY k.table_name, k.ordinal_position",
        {},
    ):
        keys.setdefault(str(table), []).append(str(column))
    for name, cols in columns.items():
        found[name] = Table(name, tuple(cols), tuple(keys.get(name, ())))
    return found


def tracked(tables: Mapping[str, Table]) -> list[Table]:
    """The tables whose rows are recorded: every table with a primary key but the bulk ones."""
    return [t for name, t in sorted(tables.items()) if name not in UNTRACKED and t.key]


def _sqlite_json(table: Table, row: str) -> str:
    pairs = ", ".join(f"{_sql_text(c)}, {row}.{_quote(c)}" for c in table.columns)
    return f"json_object({pairs})"


def _sqlite_key(table: Table, row: str) -> str:
    return " || ',' || ".join(f"CAST({row}.{_quote(c)} AS TEXT)" for c in table.key)


def sqlite_trigger(table: Table, op: str) -> str:
    """The CREATE TRIGGER statement recording `op` on `table` (SQLite)."""
    row = "OLD" if op == "delete" else "NEW"
    before = _sqlite_json(table, "OLD") if op != "insert" else "NULL"
    after = _sqlite_json(table, "NEW") if op != "delete" else "NULL"
    when = "EXISTS (SELECT 1 FROM change_now)"
    if table.name in ONLY_WHEN:
        when = f"{ONLY_WHEN[table.name].format(row=row)} AND {when}"
    # An update that changed no value is no change.
    changed = f" WHERE {before} IS NOT {after}" if op == "update" else ""
    return (
        f"CREATE TRIGGER {TRIGGER_PREFIX}{table.name}_{op} AFTER {op.upper()} ON"
        f" {_quote(table.name)} FOR EACH ROW WHEN {when} BEGIN"
        " INSERT INTO change_rows (change_id, table_name, row_id, op, before, after)"
        f" SELECT change_id, {_sql_text(table.name)}, {_sqlite_key(table, row)}, '{op}',"
        f" {before}, {after} FROM change_now{changed}; END"
    )


PG_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
    current_change integer;
    recorded jsonb;
    key text;
BEGIN
    SELECT change_id INTO current_change FROM change_now WHERE slot = 1;
    IF current_change IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND to_jsonb(OLD) = to_jsonb(NEW) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        recorded = to_jsonb(OLD);
    ELSE
        recorded = to_jsonb(NEW);
    END IF;
    SELECT string_agg(recorded ->> column_name, ',' ORDER BY place) INTO key
        FROM unnest(TG_ARGV) WITH ORDINALITY AS named(column_name, place);
    INSERT INTO change_rows (change_id, table_name, row_id, op, before, after)
    VALUES (
        current_change, TG_TABLE_NAME, key, lower(TG_OP),
        CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD)::text END,
        CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW)::text END
    );
    RETURN NULL;
END
$body$
"""


def pg_trigger(table: Table, op: str) -> str:
    """The CREATE TRIGGER statement recording `op` on `table` (PostgreSQL)."""
    row = "OLD" if op == "delete" else "NEW"
    when = f" WHEN ({ONLY_WHEN[table.name].format(row=row)})" if table.name in ONLY_WHEN else ""
    args = ", ".join(_sql_text(c) for c in table.key)
    return (
        f"CREATE TRIGGER {TRIGGER_PREFIX}{table.name}_{op} AFTER {op.upper()} ON"
        f" {_quote(table.name)} FOR EACH ROW{when} EXECUTE FUNCTION {PG_FUNCTION}({args})"
    )


def remove_triggers(execute: Execute, dialect: str) -> None:
    """Drop every change trigger (and PostgreSQL's trigger function)."""
    pattern = TRIGGER_PREFIX.replace("_", "\\_") + "%"
    if dialect == "sqlite":
        for (name,) in execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE :pattern"
            " ESCAPE '\\'",
            {"pattern": pattern},
        ):
            execute(f"DROP TRIGGER {_quote(str(name))}", {})
        return
    for name, table in execute(
        "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE NOT t.tgisinternal AND n.nspname = current_schema() AND t.tgname LIKE :pattern",
        {"pattern": pattern},
    ):
        execute(f"DROP TRIGGER {_quote(str(name))} ON {_quote(str(table))}", {})
    execute(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()", {})


def install_triggers(execute: Execute, dialect: str) -> int:
    """(Re)install the change triggers from the live schema; the number of tables recorded.
    Without the change tables (a schema before 0010) there are none."""
    remove_triggers(execute, dialect)
    tables = live_tables(execute, dialect)
    if not all(name in tables for name in CHANGE_TABLES):
        return 0
    chosen = tracked(tables)
    if dialect != "sqlite":
        execute(PG_FUNCTION_SQL, {})
    for table in chosen:
        for op in OPS:
            execute(sqlite_trigger(table, op) if dialect == "sqlite" else pg_trigger(table, op), {})
    return len(chosen)


# --- undo --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Undone:
    """What `undo` did: the change it reverted and the change that records the undo."""

    target: int
    command: str
    summary: str
    restored: int | None  # the target was an undo: the change this puts back in effect
    change_id: int


@dataclass(frozen=True)
class _Net:
    """What a change did to one row, all its statements taken together: the row before the
    change's first statement and after its last (None: not there)."""

    table: str
    row_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    before_text: str | None
    last: int  # the position of its last recorded statement in the change


def _net_rows(recorded: Sequence[Sequence[Any]]) -> list[_Net]:
    first: dict[tuple[str, str], tuple[Any, Any]] = {}
    last: dict[tuple[str, str], tuple[int, Any]] = {}
    for n, (table, row_id, _op, before, after) in enumerate(recorded):
        pair = (str(table), str(row_id))
        first.setdefault(pair, (before, after))
        last[pair] = (n, after)
    return [
        _Net(
            table,
            row_id,
            None if first[(table, row_id)][0] is None else json.loads(first[(table, row_id)][0]),
            None if after is None else json.loads(after),
            None if first[(table, row_id)][0] is None else str(first[(table, row_id)][0]),
            n,
        )
        for (table, row_id), (n, after) in last.items()
    ]


def _undoers(execute: Execute) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for change_id, undoes in execute(
        "SELECT id, undoes FROM changes WHERE undoes IS NOT NULL ORDER BY id", {}
    ):
        found.setdefault(int(undoes), []).append(int(change_id))
    return found


def in_effect(undoers: Mapping[int, list[int]]) -> Callable[[int], bool]:
    """Whether a change is in effect: not undone by an undo that is itself in effect."""
    memo: dict[int, bool] = {}
    # An undo is newer than what it undoes: settle the newest first, without recursion.
    for change_id in sorted(
        {u for us in undoers.values() for u in us} | set(undoers), reverse=True
    ):
        memo[change_id] = not any(memo.get(u, True) for u in undoers.get(change_id, ()))

    def check(change_id: int) -> bool:
        return memo.get(change_id, True)

    return check


def latest_undoable(execute: Execute, before: int) -> int | None:
    """The newest change in effect that is not itself an undo (what a bare `career undo`
    reverts), older than `before`."""
    effective = in_effect(_undoers(execute))
    rows = execute(
        "SELECT id FROM changes WHERE undoes IS NULL AND id < :before ORDER BY id DESC",
        {"before": before},
    )
    for (change_id,) in rows:
        if effective(int(change_id)):
            return int(change_id)
    return None


def _label(execute: Execute, change_id: int) -> str:
    rows = execute("SELECT command FROM changes WHERE id = :id", {"id": change_id})
    return f"change {change_id} ({rows[0][0]})" if rows else f"change {change_id}"


def _what(table: str, row_id: str) -> str:
    return f"{noun(table)} {row_id}"


def undo(
    execute: Execute,
    dialect: str,
    target: int | None = None,
    *,
    refused: tuple[type[BaseException], ...] = (),
) -> Undone:
    """Revert change `target` (None: the newest in effect that is not an undo) inside the change
    being recorded (see the module docstring). `refused`: the driver's errors that mean the
    database refused a reverting statement (a constraint), which become a Conflict."""
    current = open_change(execute)
    if current is None:
        raise StorageError("undo runs inside a recorded change")
    if target is None:
        target = latest_undoable(execute, before=current)
        if target is None:
            raise NotFound("nothing to undo: no change is recorded")
    found = execute(
        "SELECT command, summary, undoes FROM changes WHERE id = :id AND id <> :current",
        {"id": target, "current": current},
    )
    if not found:
        raise NotFound(f"no change {target}: `career history` lists them")
    command, summary, undoes = str(found[0][0]), str(found[0][1]), found[0][2]
    undoers = _undoers(execute)
    effective = in_effect(undoers)
    if not effective(target):
        by = max(u for u in undoers[target] if effective(u))
        raise Conflict(f"change {target} was undone already (by change {by})")
    rows = _net_rows(
        execute(
            "SELECT table_name, row_id, op, before, after FROM change_rows"
            " WHERE change_id = :id ORDER BY id",
            {"id": target},
        )
    )
    _refuse_later(execute, target, current, effective, undoers)
    tables = live_tables(execute, dialect)
    _refuse_unrecorded(execute, dialect, tables, target, rows)
    try:
        for row in _reversal_order(rows, _parents(execute, dialect)):
            _revert(execute, dialect, tables[row.table], row)
    except refused as exc:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise Conflict(
            f"change {target} cannot be undone: the database refuses a row it puts back ({detail})"
        ) from None
    _refuse_beyond(execute, target, current, rows)
    execute("UPDATE changes SET undoes = :target WHERE id = :id", {"target": target, "id": current})
    return Undone(target, command, summary, None if undoes is None else int(undoes), current)


def _refuse_later(
    execute: Execute,
    target: int,
    current: int,
    effective: Callable[[int], bool],
    undoers: Mapping[int, list[int]],
) -> None:
    """A later change in effect that touched one of the target's rows comes first. A later change
    undone, and the undo of a change later than the target, cancel out."""
    later = execute(
        "SELECT DISTINCT other.change_id, other.table_name, other.row_id FROM change_rows mine"
        " JOIN change_rows other ON other.table_name = mine.table_name"
        " AND other.row_id = mine.row_id"
        " WHERE mine.change_id = :target AND other.change_id > :target"
        " AND other.change_id <> :current ORDER BY other.change_id DESC",
        {"target": target, "current": current},
    )
    if not later:
        return
    undid = {u: t for t, us in undoers.items() for u in us}
    for change_id, table, row_id in later:
        change_id = int(change_id)
        if not effective(change_id) or undid.get(change_id, 0) > target:
            continue
        raise Conflict(
            f"{_label(execute, change_id)} changed {_what(str(table), str(row_id))} after change "
            f"{target}: undo change {change_id} first"
        )


def _where(table: Table, row: Mapping[str, Any], params: dict[str, Any]) -> str:
    parts = []
    for n, column in enumerate(table.key):
        params[f"k{n}"] = row[column]
        parts.append(f"{_quote(column)} = :k{n}")
    return " AND ".join(parts)


def _current(
    execute: Execute, dialect: str, table: Table, row: Mapping[str, Any]
) -> dict[str, Any] | None:
    params: dict[str, Any] = {}
    where = _where(table, row, params)
    shape = _sqlite_json(table, "t") if dialect == "sqlite" else "to_jsonb(t)::text"
    found = execute(f"SELECT {shape} FROM {_quote(table.name)} AS t WHERE {where}", params)
    return json.loads(found[0][0]) if found else None


def _refuse_unrecorded(
    execute: Execute, dialect: str, tables: Mapping[str, Table], target: int, rows: list[_Net]
) -> None:
    """Each row must be as the target left it: a write that is not recorded (a journal import,
    by hand) may have changed it since."""
    for row in rows:
        table = tables.get(row.table)
        if table is None:
            raise Conflict(f"change {target} cannot be undone: the table {row.table} is gone")
        recorded = row.after if row.after is not None else row.before
        if recorded is None:
            continue  # added and removed again by the change itself: nothing to put back
        now = _current(execute, dialect, table, recorded)
        expected = row.after
        if expected is None:
            same = now is None
        else:
            same = now is not None and all(now.get(k) == v for k, v in expected.items() if k in now)
        if not same:
            raise Conflict(
                f"change {target} cannot be undone: {_what(row.table, row.row_id)} was changed "
                "since by a write that is not recorded (a journal import or prune)"
            )


def _parents(execute: Execute, dialect: str) -> dict[str, set[str]]:
    """Each table's parents: the tables its foreign keys point at (itself left out)."""
    found: dict[str, set[str]] = {}
    if dialect == "sqlite":
        for (name,) in execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
            {},
        ):
            for key in execute(f"PRAGMA foreign_key_list({_quote(str(name))})", {}):
                found.setdefault(str(name), set()).add(str(key[2]))
    else:
        for child, parent in execute(
            "SELECT c.relname, p.relname FROM pg_constraint k"
            " JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE k.contype = 'f' AND n.nspname = current_schema()",
            {},
        ):
            found.setdefault(str(child), set()).add(str(parent))
    for name, parents in found.items():
        parents.discard(name)
    return found


def _depths(parents: Mapping[str, set[str]]) -> dict[str, int]:
    """How far below the tables without parents each table is (a cycle is cut where met)."""
    depth: dict[str, int] = {}

    def of(name: str, seen: frozenset[str]) -> int:
        if name not in depth:
            above = [of(p, seen | {name}) for p in parents.get(name, ()) if p not in seen]
            depth[name] = 1 + max(above, default=-1)
        return depth[name]

    for name in parents:
        of(name, frozenset())
    return depth


def _reversal_order(rows: list[_Net], parents: Mapping[str, set[str]]) -> list[_Net]:
    """The rows to put back in an order every foreign key allows, whatever order the database
    recorded them in (PostgreSQL records a cascade after its parent, SQLite before): the rows
    the change removed first, parents before children; then the rows it updated; then the rows
    it added, children before parents. Within each, newest first."""
    depth = _depths(parents)
    newest = sorted(rows, key=lambda r: -r.last)
    back = [r for r in newest if r.before is not None and r.after is None]
    updated = [r for r in newest if r.before is not None and r.after is not None]
    added = [r for r in newest if r.before is None and r.after is not None]
    return (
        sorted(back, key=lambda r: depth.get(r.table, 0))
        + updated
        + sorted(added, key=lambda r: -depth.get(r.table, 0))
    )


def _revert(execute: Execute, dialect: str, table: Table, row: _Net) -> None:
    """Put one row back as it was before the change."""
    params: dict[str, Any] = {}
    if row.before is None:
        assert row.after is not None
        execute(
            f"DELETE FROM {_quote(table.name)} WHERE {_where(table, row.after, params)}", params
        )
        return
    assert row.before_text is not None
    columns = [c for c in table.columns if c in row.before]
    params["before"] = row.before_text
    if dialect == "sqlite":
        values = [f"json_extract(:before, {_sql_text('$.' + _quote(c))})" for c in columns]
        source = ""
    else:
        values = [f"r.{_quote(c)}" for c in columns]
        source = (
            f" FROM jsonb_populate_record(NULL::{_quote(table.name)}, CAST(:before AS jsonb)) AS r"
        )
    names = ", ".join(_quote(c) for c in columns)
    if row.after is None:
        execute(
            f"INSERT INTO {_quote(table.name)} ({names}) SELECT {', '.join(values)}{source}", params
        )
        return
    where = _where(table, row.after, params)
    execute(
        f"UPDATE {_quote(table.name)} SET ({names}) = (SELECT {', '.join(values)}{source})"
        f" WHERE {where}",
        params,
    )


def _refuse_beyond(execute: Execute, target: int, current: int, rows: list[_Net]) -> None:
    """What the undo touched (its own recorded rows) must be the target's rows and no more: a
    cascade into a row added since is refused, naming the change that recorded it."""
    mine = {(r.table, r.row_id) for r in rows}
    for table, row_id in execute(
        "SELECT DISTINCT table_name, row_id FROM change_rows WHERE change_id = :id",
        {"id": current},
    ):
        if (str(table), str(row_id)) in mine:
            continue
        by = execute(
            "SELECT MAX(change_id) FROM change_rows WHERE table_name = :table AND row_id = :row"
            " AND change_id <> :current",
            {"table": table, "row": row_id, "current": current},
        )
        who = f": undo change {by[0][0]} first" if by and by[0][0] is not None else ""
        raise Conflict(
            f"undoing change {target} would also change {_what(str(table), str(row_id))}{who}"
        )
