"""What the global options decided, and the database they point at (opened on first use)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from career.db.engine import Database
    from career.db.fetch import Fetch
    from career.db.sql import PgSql, Sql


@dataclass
class State:
    db_target: str | None = None
    debug: bool = False
    _db: Database | None = field(default=None, repr=False)

    def database(self, *, prepare: bool = True) -> Database:
        """The chosen database, created and migrated as needed (SQLite)."""
        if self._db is None:
            from career.db.engine import open_database, parse_target
            from career.db.migrate import prepare as prepare_schema
            from career.paths import database_target

            db = open_database(parse_target(database_target(self.db_target)))
            if prepare:
                prepare_schema(db)
            self._db = db
        return self._db

    @contextmanager
    def session(self, *, write: bool = False, record: bool = True) -> Iterator[Session]:
        """A transaction; a write one is a recorded change named after the command running
        (`career app rm`), unless `record` is False (career.db.changes)."""
        db = self.database()
        with db.session(write=write, command=command_name(), record=record) as session:
            self.show_warnings(db)
            yield session

    @staticmethod
    def show_warnings(db: Database) -> None:
        """Print what the data layer collected for the user (a daily backup not made)."""
        if db.warnings:
            from career.cli.output import warn

            for text in db.warnings:
                warn(text)
            db.warnings.clear()

    @contextmanager
    def reading(self) -> Iterator[Fetch]:
        """Run read queries (career.db.fetch). A SQLite file at the current schema is read
        through sqlite3 and a server at the current schema through psycopg, without importing
        SQLAlchemy; anything else (a file to create or upgrade, a server to upgrade) goes
        through the full data layer."""
        with self._direct_read() as fetch:
            if fetch is not None:
                yield fetch
                return
        from career.db.engine import session_fetch

        with self.session() as session:
            yield session_fetch(session)

    @contextmanager
    def _direct_read(self) -> Iterator[Fetch | None]:
        """A read transaction without SQLAlchemy (see `reading`), or None."""
        if self._db is not None:
            yield None
            return
        from career.db import sqlite as lite
        from career.db.fetch import nothing_recorded
        from career.paths import database_target

        path = lite.file_of(database_target(self.db_target))
        if path is None:
            with self._on_server(write=False) as sql:
                yield sql
            return
        if not path.exists():
            # Nothing recorded yet: every query finds nothing, and no file is created.
            yield nothing_recorded
            return
        conn = lite.open_current(path)
        if conn is None:
            yield None
            return
        try:
            conn.execute("BEGIN")
            yield lite.fetcher(conn, path)
        finally:
            conn.close()

    @contextmanager
    def writing(self, *, record: bool = True) -> Iterator[Sql]:
        """One write transaction (committed when the block ends, rolled back on any error),
        recorded as one change named after the command (career.db.changes) unless `record` is
        False. A SQLite file at the current schema (or a new one, created from the schema
        snapshot) is written through sqlite3 and a PostgreSQL server at the current schema
        through psycopg, without importing SQLAlchemy; anything else goes through the full data
        layer, with the same SQL (career.db.sql)."""
        with self._direct_write() as sql:
            if sql is not None:
                if not record:
                    yield sql
                    return
                from career.db.changes import begin_change, end_change

                change = begin_change(sql, command_name())
                yield sql
                end_change(sql, change)
                return
        from career.db.sql import SessionSql

        with self.session(write=True, record=record) as session:
            yield SessionSql(session)

    @contextmanager
    def _direct_write(self) -> Iterator[Sql | None]:
        """A write transaction without SQLAlchemy (see `writing`), or None. On a SQLite file,
        the day's backup is taken first (career.db.backups) and what it could not do is said."""
        if self._db is not None:
            yield None
            return
        from career.db import sqlite as lite
        from career.paths import database_target

        path = lite.file_of(database_target(self.db_target))
        if path is None:
            with self._on_server(write=True) as server:
                yield server
            return
        conn = lite.open_for_writing(path)
        if conn is None:
            yield None
            return
        import sqlite3

        from career.db.backups import before_write
        from career.db.sql import LiteSql

        try:
            warnings = before_write(path)
        except BaseException:
            conn.close()
            raise
        if warnings:
            from career.cli.output import warn

            for text in warnings:
                warn(text)
        sql = LiteSql(conn, path)
        try:
            sql.write("BEGIN IMMEDIATE")
            yield sql
            sql.write("COMMIT")
        finally:
            try:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):  # the first error is the one told
                        conn.rollback()
            finally:
                conn.close()

    @contextmanager
    def _on_server(self, *, write: bool) -> Iterator[PgSql | None]:
        """One transaction on a PostgreSQL server at the current schema through psycopg,
        without SQLAlchemy (committed after a write, rolled back after a read); None when the
        target is no such server (the full data layer then opens, or refuses, it). A write
        first takes the advisory lock every writer takes."""
        from career.db import sqlite as lite
        from career.db.sql import PG_WRITE_LOCK, PgSql, open_pg, pg_failures
        from career.paths import database_target

        conn = open_pg(database_target(self.db_target), lite.SCHEMA_HEAD)
        if conn is None:
            yield None
            return

        try:
            sql = PgSql(conn)
            if write:
                sql.rows("SELECT pg_advisory_xact_lock(:key)", {"key": PG_WRITE_LOCK})
            yield sql
            if write:
                with pg_failures():
                    conn.commit()
        finally:
            try:
                if not conn.closed:
                    with contextlib.suppress(Exception):  # the first error is the one told
                        conn.rollback()
            finally:
                conn.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
            self._db = None


def command_name() -> str:
    """The command running, as the user would type it without its arguments: "career app rm"."""
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    names: list[str] = []
    while ctx is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(["career", *[n for n in reversed(names[:-1]) if n]])


def get_state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj
