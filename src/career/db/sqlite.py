"""SQLite without SQLAlchemy: the connection settings every connection gets, a read-only look at
a file, and the fast read path.

Light on purpose (stdlib only): read commands on a SQLite file whose schema is current run their
queries through `sqlite3` directly, so that they do not pay for importing SQLAlchemy (about 13x
the interpreter's own start-up). The queries themselves are shared with the SQLAlchemy path
(see `career.db.fetch`); only the connection differs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from career.db.fetch import Fetch
from career.errors import NotFound, StorageError

# The newest revision in migrations/versions. A test checks it against Alembic's own answer.
SCHEMA_HEAD = "0007"
VERSION_TABLE = "alembic_version"
BUSY_TIMEOUT_MS = 30_000


def configure(connection: Any, *, foreign_keys: bool = True) -> None:
    """The settings of every SQLite connection (see docs/architecture.md, "Storage rules").

    Called with no transaction open, where the pragmas take effect (foreign_keys is a no-op
    inside one); BEGIN is left to the caller (isolation_level=None).
    """
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
    cursor.close()


def connect_existing(path: Path) -> sqlite3.Connection:
    """A connection to an existing SQLite file, for reading only.

    Not opened with mode=ro on purpose: a read-only connection to a WAL database leaves its
    -wal and -shm files behind, where a read-write one that writes nothing removes them.
    """
    if not path.is_file():
        raise NotFound(f"no such file: {path}")
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)


def peek(path: Path) -> tuple[str | None, list[str]]:
    """(revision, other tables) of a SQLite file, changing nothing about it, so that a file
    that turns out not to be ours is left exactly as it was."""
    if not path.exists() or path.stat().st_size == 0:
        return None, []
    try:
        conn = connect_existing(path)
        try:
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            revision = None
            if VERSION_TABLE in tables:
                row = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
                revision = str(row[0]) if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path} is not a readable SQLite database: {exc}") from None
    return revision, [t for t in tables if t != VERSION_TABLE]


def file_of(target: str) -> Path | None:
    """The SQLite file a `--db`/`CAREER_DB` value names, or None for anything else (another
    backend, an in-memory database, a URL with options): those take the SQLAlchemy path."""
    if "://" not in target:
        return Path(target).expanduser().absolute()
    for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
        if target.startswith(prefix):
            rest = target[len(prefix) :]
            if rest and rest != ":memory:" and "?" not in rest:
                return Path(rest).absolute()
    return None


def open_current(path: Path) -> sqlite3.Connection | None:
    """A configured connection to `path` when it is a career database at SCHEMA_HEAD; None when
    it is missing, behind, or not ours (the full path then creates, upgrades or refuses it)."""
    if not path.is_file():
        return None
    revision, _ = peek(path)
    if revision != SCHEMA_HEAD:
        return None
    conn = connect_existing(path)
    configure(conn)
    return conn


def fetcher(conn: sqlite3.Connection, path: Path) -> Fetch:
    """A `Fetch` on a sqlite3 connection; database failures become a StorageError."""

    def fetch(sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        try:
            return conn.execute(sql, dict(params)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"database error: {exc} ({path})") from None

    return fetch
