"""SQLite without SQLAlchemy: the connection settings every connection gets, a read-only look at
a file, and the fast read path.

Light on purpose (stdlib only): read commands on a SQLite file whose schema is current run their
queries through `sqlite3` directly, so that they do not pay for importing SQLAlchemy (about 13x
the interpreter's own start-up). The queries themselves are shared with the SQLAlchemy path
(see `career.db.fetch`); only the connection differs.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from career.db.fetch import Fetch
from career.errors import NotFound, StorageError

# The newest revision in migrations/versions. A test checks it against Alembic's own answer.
SCHEMA_HEAD = "0010"
VERSION_TABLE = "alembic_version"
BUSY_TIMEOUT_MS = 30_000
# The schema at SCHEMA_HEAD as statements, written by career.db.snapshot from the migrations.
HEAD_FILE = Path(__file__).with_name("head.json")


def configure(connection: Any, *, foreign_keys: bool = True, read_only: bool = False) -> None:
    """The settings of every SQLite connection (see docs/architecture.md, "Storage rules").

    Called with no transaction open, where the pragmas take effect (foreign_keys is a no-op
    inside one); BEGIN is left to the caller (isolation_level=None). A read-only connection
    keeps the file's journal mode (setting it would write).
    """
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not read_only:
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
    if read_only_file(path):
        return connect_read_only(path)
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)


def read_only_file(path: Path) -> bool:
    """Whether we may not write `path` or its folder (a read-only file, folder or file system):
    such a database is opened read-only, and every read still works."""
    return not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """The sqlite3 URI that opens `path` read-only; `immutable` when SQLite cannot make the
    -shm file a WAL database needs (a read-only folder): no one can write there either."""
    from urllib.parse import quote

    return f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if immutable else "")


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to `path` (see `read_only_file`)."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.OperationalError:  # a WAL file whose -shm cannot be made
        conn = sqlite3.connect(
            read_only_uri(path, immutable=True), uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
    return conn


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
        if disk_full(path):  # SQLite says "disk I/O error", which reads as a damaged file
            raise StorageError(
                f"the disk holding {path} is full: free some space and try again"
            ) from None
        raise StorageError(f"{path} is not a readable SQLite database: {exc}") from None
    return revision, [t for t in tables if t != VERSION_TABLE]


def disk_full(path: Path) -> bool:
    """Whether the file system holding `path` has (almost) no space left."""
    try:
        found = os.statvfs(path.parent)
    except (OSError, AttributeError):  # no statvfs (Windows)
        return False
    return found.f_bavail * found.f_frsize < FULL_BELOW


FULL_BELOW = 64 * 1024  # bytes free under which a disk counts as full


def explain(detail: str, path: Path | None) -> str:
    """A SQLite failure in words that name its cause: a full disk is said to be full."""
    full = "disk I/O error" in detail or "disk is full" in detail
    if path is not None and full and disk_full(path):
        return f"the disk holding {path} is full: free some space and try again ({detail})"
    return detail


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


def create_at_head(path: Path) -> bool:
    """Give a new (or empty) SQLite file the schema at SCHEMA_HEAD from the shipped snapshot,
    in one transaction. False, with nothing changed, when the file is not empty by then, or
    this SQLite cannot run a statement of it (FTS5 without the trigram tokenizer, say): the
    migrations then do the work (career.db.migrate)."""
    try:
        snapshot = json.loads(HEAD_FILE.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    if snapshot.get("revision") != SCHEMA_HEAD:
        return False
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        configure(conn)
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]:
                conn.execute("ROLLBACK")
                return False
            for statement in snapshot["statements"]:
                conn.execute(statement)
            conn.execute(f"INSERT INTO {VERSION_TABLE} (version_num) VALUES (?)", (SCHEMA_HEAD,))
            conn.execute("COMMIT")
        except sqlite3.Error:
            conn.execute("ROLLBACK")
            return False
        return True
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def open_current(path: Path) -> sqlite3.Connection | None:
    """A configured connection to `path` when it is a career database at SCHEMA_HEAD; None when
    it is missing, behind, or not ours (the full path then creates, upgrades or refuses it)."""
    if not path.is_file():
        return None
    revision, _ = peek(path)
    if revision != SCHEMA_HEAD:
        return None
    conn = connect_existing(path)
    try:
        configure(conn, read_only=read_only_file(path))
    except BaseException:
        conn.close()
        raise
    return conn


def open_for_writing(path: Path) -> sqlite3.Connection | None:
    """`open_current` for a write: a missing file is first created (0600, in a 0700 folder)
    with the schema at SCHEMA_HEAD from the snapshot. None when the full path must do the work
    (a file to upgrade or refuse, a snapshot this SQLite cannot run, a file it cannot make)."""
    if not path.exists():
        from career.paths import ensure_private_file

        try:
            ensure_private_file(path)
        except OSError:
            return None  # the full path names the failure
        if not create_at_head(path):
            return None
    try:
        return open_current(path)
    except sqlite3.Error as exc:  # a pragma refused: locked, or a file that is no database
        raise StorageError(f"database error: {explain(f'{exc} ({path})', path)}") from None


def fetcher(conn: sqlite3.Connection, path: Path) -> Fetch:
    """A `Fetch` on a sqlite3 connection; database failures become a StorageError."""

    def fetch(sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        try:
            return conn.execute(sql, dict(params)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"database error: {explain(f'{exc} ({path})', path)}") from None

    return fetch
