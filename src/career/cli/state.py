"""What the global options decided, and the database they point at (opened on first use)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from career.db.engine import Database
    from career.db.fetch import Fetch


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
        with self.database().session(write=write, command=command_name(), record=record) as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Fetch]:
        """Run read queries (career.db.fetch). A SQLite file at the current schema is read
        through sqlite3 directly, without importing SQLAlchemy; anything else (PostgreSQL, a
        file to create or upgrade) goes through the full data layer."""
        if self._db is None:
            from career.db import sqlite as lite
            from career.db.fetch import nothing_recorded
            from career.paths import database_target

            path = lite.file_of(database_target(self.db_target))
            if path is not None and not path.exists():
                # Nothing recorded yet: every query finds nothing, and no file is created.
                yield nothing_recorded
                return
            conn = lite.open_current(path) if path is not None else None
            if path is not None and conn is not None:
                try:
                    conn.execute("BEGIN")
                    yield lite.fetcher(conn, path)
                finally:
                    conn.close()
                return
        from career.db.engine import session_fetch

        with self.session() as session:
            yield session_fetch(session)

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
