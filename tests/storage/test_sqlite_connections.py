"""SQLite connections: pragmas on every connection, BEGIN IMMEDIATE for writes, private files."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from career.cli.main import app
from career.db.engine import Database, open_database, parse_target
from career.db.migrate import prepare


@pytest.fixture
def sqlite_db(home: Path, tmp_path: Path) -> Iterator[Database]:
    db = open_database(parse_target(str(tmp_path / "data" / "career.db")))
    prepare(db)
    yield db
    db.dispose()


def test_pragmas_are_set_on_every_new_connection(sqlite_db: Database) -> None:
    # Hold several connections at once so that each one is new, not a pooled one.
    conns = [sqlite_db.engine.connect() for _ in range(4)]
    try:
        for conn in conns:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            pragma = {
                name: raw.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout")
            }
            assert pragma == {
                "foreign_keys": 1,
                "journal_mode": "wal",
                "synchronous": 2,  # FULL
                "busy_timeout": 30000,
            }
        assert len({id(c.connection.dbapi_connection) for c in conns}) == 4
    finally:
        for conn in conns:
            conn.close()


def test_write_sessions_begin_immediate_and_reads_do_not(sqlite_db: Database) -> None:
    path = sqlite_db.url.database
    assert path is not None
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with sqlite_db.session() as session:
            session.connection()  # a read transaction has begun
            other.execute("BEGIN IMMEDIATE")  # a reader does not hold the write lock
            other.execute("ROLLBACK")
        with sqlite_db.session(write=True) as session:
            session.connection()  # BEGIN IMMEDIATE was sent, before any write
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()


def test_foreign_keys_are_enforced(sqlite_db: Database) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), sqlite_db.session(write=True) as session:
        session.execute(
            text(
                "INSERT INTO status_changes (application_id, to_status, changed_on, recorded_at)"
                " VALUES (999, 'applied', '2024-04-01', '2024-04-01 00:00:00')"
            )
        )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_files_are_private_under_umask_022(home: Path, tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        runner = CliRunner()
        db_path = home / "career.db"
        result = runner.invoke(app, ["add-application", "FAR.AI", "tech lead"])
        assert result.exit_code == 0, result.stderr
        assert mode(home) == 0o700
        assert mode(db_path) == 0o600

        # -wal and -shm exist while a connection is open.
        db = open_database(parse_target(str(db_path)))
        with db.session(write=True) as session:
            from sqlalchemy import text

            session.execute(text("UPDATE applications SET notes = 'x'"))
            for suffix in ("-wal", "-shm"):
                side = db_path.with_name(db_path.name + suffix)
                assert side.exists()
                assert mode(side) == 0o600, suffix
        db.dispose()

        result = runner.invoke(app, ["db", "backup"])
        assert result.exit_code == 0, result.stderr
        backup = Path(result.stdout.strip())
        assert backup.parent == home / "backups"
        assert mode(backup) == 0o600
        assert mode(backup.parent) == 0o700

        chosen = tmp_path / "elsewhere" / "copy.db"
        result = runner.invoke(app, ["db", "backup", str(chosen)])
        assert result.exit_code == 0, result.stderr
        assert mode(chosen) == 0o600
    finally:
        os.umask(previous)
