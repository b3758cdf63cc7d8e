"""The head schema as SQLite statements (`head.json`), written from the migrations.

A new SQLite file is created from this snapshot (career.db.sqlite.create_at_head) rather than
by running every migration through Alembic, which costs half a second of imports and DDL on
every first use. The snapshot is what the migrations produce, statement for statement: a test
(tests/migrations/test_head_snapshot.py) builds a database both ways and compares their whole
schema, so a new migration without a new snapshot fails the suite. After adding a migration:

    python -m career.db.snapshot

Only developers run this (it imports Alembic through the migrations).
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

from career.db.sqlite import HEAD_FILE, VERSION_TABLE


def schema_of(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(type, name, sql) of every table, index, trigger and view a statement made: SQLite's
    own tables and the shadow tables of virtual ones (their CREATE VIRTUAL TABLE makes them)
    left out; tables first, then indexes, triggers and views, each by name."""
    virtual = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
        )
    ]
    rank = {"table": 0, "index": 1, "trigger": 2, "view": 3}
    rows = [
        (kind, name, sql)
        for kind, name, sql in conn.execute(
            "SELECT type, name, sql FROM sqlite_master"
            " WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        )
        if not any(name.startswith(f"{table}_") and kind == "table" for table in virtual)
    ]
    return sorted(rows, key=lambda row: (rank[row[0]], row[1]))


def normalized(sql: str) -> str:
    """A CREATE TABLE statement with its columns and constraints in a fixed order (one a line,
    as SQLAlchemy writes them; a batch migration writes constraints in no fixed order), for
    comparing schemas; any other statement as it is."""
    head, _, body = sql.partition("(\n")
    if not sql.startswith("CREATE TABLE") or not body:
        return sql
    body, _, tail = body.rpartition("\n)")
    parts = sorted(line.strip().rstrip(",").strip() for line in body.splitlines())
    return f"{head}(\n" + ",\n".join(parts) + f"\n){tail}"


def migrated(path: Path) -> dict[str, Any]:
    """The snapshot of a new database at `path` brought to head by the migrations."""
    from sqlalchemy.engine import URL

    from career.db.migrate import run_upgrade

    run_upgrade(URL.create("sqlite", database=str(path)))
    conn = sqlite3.connect(path)
    try:
        (revision,) = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
        return {"revision": revision, "statements": [sql for _, _, sql in schema_of(conn)]}
    finally:
        conn.close()


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        snapshot = migrated(Path(folder) / "head.db")
    HEAD_FILE.write_text(json.dumps(snapshot, indent=1) + "\n", "utf-8")
    print(f"wrote {HEAD_FILE} at {snapshot['revision']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
