"""One executor for the SQL of every command, reads and writes, with thin drivers.

A command's SQL is written once, in portable SQL with `:name` parameters (SQLite >= 3.35 and
PostgreSQL >= 13 both have RETURNING and ON CONFLICT), and runs through an `Sql`:

- `LiteSql`: stdlib `sqlite3` on a SQLite file at the current schema. The common path of every
  command on the embedded default: no SQLAlchemy import (about 15x the interpreter's start-up).
- `SessionSql`: a SQLAlchemy session's connection. The reference driver (the parity tests run
  the same functions through both), and the path of PostgreSQL and of a file that must first be
  created or upgraded. It flushes the session before each statement and expires it after a
  write, so ORM code sharing the transaction never sees stale rows.

Values are bound the same way on both: an instant (an aware datetime) is stored as naive UTC
(`career.db.base.UTCDateTime`'s rule; a naive one is refused), and on SQLite dates, times and
instants become the text SQLAlchemy writes for them, so rows written by either path are the same
bytes. A text holding a NUL character is refused (`InvalidInput`), as on the SQLAlchemy path.
Rows come back as tuples of the driver's values; `career.db.fetch.as_date`/`as_instant` make
them one thing. An `Sql` is also a `career.db.fetch.Fetch` (call it), so every read query runs
on it unchanged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from career.errors import InvalidInput, StorageError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Row = tuple[Any, ...]
Params = Mapping[str, Any]
NO_PARAMS: Params = {}


def instant(value: datetime) -> datetime:
    """An aware datetime as the naive UTC datetime that is stored."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime refused (an instant needs a time zone): {value!r}")
    return value.astimezone(UTC).replace(tzinfo=None)


def _checked_text(value: str) -> str:
    if "\x00" in value:
        raise InvalidInput("a text holds a NUL character (\\x00), which cannot be stored")
    return value


def _lite_value(value: Any) -> Any:
    """A value as SQLite stores it, in SQLAlchemy's text forms for dates, times and instants."""
    if value is None or isinstance(value, int | float | bytes):
        return int(value) if isinstance(value, bool) else value
    if isinstance(value, str):
        return _checked_text(value)
    if isinstance(value, datetime):
        return instant(value).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S.%f")
    raise TypeError(f"cannot store a {type(value).__name__}: {value!r}")


def _server_value(value: Any) -> Any:
    """A value as it is handed to a server's driver: instants as naive UTC."""
    if isinstance(value, str):
        return _checked_text(value)
    if isinstance(value, datetime):
        return instant(value)
    return value


class Sql:
    """Portable SQL on one connection, inside the transaction its opener began."""

    backend: str = ""

    def rows(self, sql: str, params: Params = NO_PARAMS) -> list[Row]:
        raise NotImplementedError

    def __call__(self, sql: str, params: Params = NO_PARAMS) -> Sequence[Sequence[Any]]:
        return self.rows(sql, params)

    def one(self, sql: str, params: Params = NO_PARAMS) -> Row | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def value(self, sql: str, params: Params = NO_PARAMS) -> Any:
        """The first column of the first row, or None."""
        found = self.one(sql, params)
        return None if found is None else found[0]

    def write(self, sql: str, params: Params = NO_PARAMS) -> list[Row]:
        """Run an INSERT/UPDATE/DELETE; the rows of its RETURNING clause, if any."""
        raise NotImplementedError

    def write_many(self, sql: str, rows: Sequence[Params]) -> None:
        """Run one INSERT/UPDATE/DELETE for each of `rows` (no RETURNING)."""
        for params in rows:
            self.write(sql, params)


class LiteSql(Sql):
    """`sqlite3` on a file; database failures become a StorageError naming their cause."""

    backend = "sqlite"

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    def _run(self, sql: str, params: Params) -> list[Row]:
        bound = {key: _lite_value(value) for key, value in params.items()}
        try:
            return self.conn.execute(sql, bound).fetchall()
        except sqlite3.IntegrityError:
            raise  # a constraint the code should have checked first: a bug, not the disk
        except sqlite3.DatabaseError as exc:
            from career.db.sqlite import explain, read_only_file

            detail = explain(f"{exc} ({self.path})", self.path)
            if self.path.is_file() and read_only_file(self.path):
                detail = f"the database is read-only here, so it cannot be changed: {detail}"
            raise StorageError(f"database error: {detail}") from None

    def rows(self, sql: str, params: Params = NO_PARAMS) -> list[Row]:
        return self._run(sql, params)

    def write(self, sql: str, params: Params = NO_PARAMS) -> list[Row]:
        return self._run(sql, params)


class SessionSql(Sql):
    """A SQLAlchemy session's connection (the reference driver)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.backend = session.get_bind().dialect.name
        self._bind = _lite_value if self.backend == "sqlite" else _server_value

    def _run(self, sql: str, params: Params) -> list[Row]:
        from sqlalchemy import text

        self.session.flush()
        bound = {key: self._bind(value) for key, value in params.items()}
        result = self.session.connection().execute(text(sql), bound)
        return [tuple(row) for row in result] if result.returns_rows else []

    def rows(self, sql: str, params: Params = NO_PARAMS) -> list[Row]:
        return self._run(sql, params)

    def write(self, sql: str, params: Params = NO_PARAMS) -> list[Row]:
        found = self._run(sql, params)
        self.session.expire_all()  # ORM objects of this transaction read the new rows
        return found
