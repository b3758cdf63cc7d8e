"""One executor for the SQL of every command, reads and writes, with thin drivers.

A command's SQL is written once, in portable SQL with `:name` parameters (SQLite >= 3.35 and
PostgreSQL >= 13 both have RETURNING and ON CONFLICT), and runs through an `Sql`:

- `LiteSql`: stdlib `sqlite3` on a SQLite file at the current schema. The common path of every
  command on the embedded default: no SQLAlchemy import (about 15x the interpreter's start-up).
- `PgSql`: psycopg on a PostgreSQL server at the current schema (`open_pg`), the same without
  SQLAlchemy; `:name` parameters become psycopg's pyformat (`pyformat`).
- `SessionSql`: a SQLAlchemy session's connection. The reference driver (the parity tests run
  the same commands through it and through the others), and the path of a file or a server
  that must first be created or upgraded. It flushes the session before each statement and
  expires it after a write, so ORM code sharing the transaction never sees stale rows.

Values are bound the same way on all: an instant (an aware datetime) is stored as naive UTC
(`career.db.base.UTCDateTime`'s rule; a naive one is refused), and on SQLite dates, times and
instants become the text SQLAlchemy writes for them, so rows written by either path are the same
bytes. A text holding a NUL character is refused (`InvalidInput`), as on the SQLAlchemy path.
Rows come back as tuples of the driver's values; `career.db.fetch.as_date`/`as_instant` make
them one thing. An `Sql` is also a `career.db.fetch.Fetch` (call it), so every read query runs
on it unchanged.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NoReturn

from career.db.fetch import in_list
from career.errors import InvalidInput, StorageError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Row = tuple[Any, ...]
Params = Mapping[str, Any]
NO_PARAMS: Params = {}
# Values in one IN (...) list.
IN_LIST: Final = 500
# Values in one multi-row INSERT on SQLite (see LiteSql.insert_rows).
VALUES_PER_STATEMENT: Final = 8000


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


def update_by_id(table: str, columns: Iterable[str]) -> str:
    """The UPDATE of `columns` (each set from the parameter of its name) of the row :id."""
    return f"UPDATE {table} SET {', '.join(f'{c} = :{c}' for c in columns)} WHERE id = :id"


def chunked(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """`values` in slices of IN_LIST values."""
    for start in range(0, len(values), IN_LIST):
        yield values[start : start + IN_LIST]


class Sql:
    """Portable SQL on one connection, inside the transaction its opener began."""

    backend: str = ""

    def _run(self, sql: str, params: Params) -> list[Row]:
        """Run one statement; the rows it returns (none for a write without RETURNING)."""
        raise NotImplementedError

    def rows(self, sql: str, params: Params = NO_PARAMS) -> list[Row]:
        return self._run(sql, params)

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
        return self._run(sql, params)

    def rows_in(self, sql: str, values: Sequence[Any], **params: Any) -> list[Row]:
        """The rows of `sql`, whose one `IN {}` takes `values`, a few hundred at a time (so
        that no statement holds more parameters than a backend takes)."""
        found: list[Row] = []
        for chunk in chunked(values):
            bound: dict[str, Any] = dict(params)
            found += self.rows(sql.format(in_list("v", chunk, bound)), bound)
        return found

    def write_in(self, sql: str, values: Sequence[Any], **params: Any) -> None:
        """`rows_in` for a write: an UPDATE or DELETE whose one `IN {}` takes `values`."""
        for chunk in chunked(values):
            bound: dict[str, Any] = dict(params)
            self.write(sql.format(in_list("v", chunk, bound)), bound)

    def update(self, table: str, row_id: int, values: Params) -> None:
        """Set `values` (column -> value) on the row of `table` whose id is `row_id`."""
        self.write(update_by_id(table, values), {**values, "id": row_id})

    def write_many(self, sql: str, rows: Sequence[Params]) -> None:
        """Run one INSERT/UPDATE/DELETE for each of `rows` (no RETURNING)."""
        for params in rows:
            self.write(sql, params)

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """INSERT many rows (values in the order of `columns`): the bulk path of an import."""
        raise NotImplementedError


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
            self._failed(exc)

    def _failed(self, exc: sqlite3.DatabaseError) -> NoReturn:
        from career.db.sqlite import explain, read_only_file

        detail = explain(f"{exc} ({self.path})", self.path)
        if self.path.is_file() and read_only_file(self.path):
            detail = f"the database is read-only here, so it cannot be changed: {detail}"
        raise StorageError(f"database error: {detail}") from None

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Many rows a statement: each statement is a savepoint at which FTS5 writes out what it
        holds in memory, so the trigger that indexes `journal_items` (migration 0007) costs a
        segment per row under executemany, where statements of a thousand rows or so write the
        same index five times faster. About a thousand rows a statement is as fast as more,
        and SQLite's memory for a statement grows with its size."""
        if not rows:
            return
        width = len(columns)
        limit = self.conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        per = max(1, min(limit, VALUES_PER_STATEMENT) // width)
        one = "(" + ", ".join("?" * width) + ")"
        head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        for start in range(0, len(rows), per):
            chunk = rows[start : start + per]
            values = [
                value
                if value is None
                or type(value) is int
                or (type(value) is str and "\x00" not in value)
                else _lite_value(value)
                for row in chunk
                for value in row
            ]
            try:
                self.conn.execute(head + ", ".join([one] * len(chunk)), values)
            except sqlite3.IntegrityError:
                raise
            except sqlite3.DatabaseError as exc:
                self._failed(exc)


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

    def write(self, sql: str, params: Params = NO_PARAMS) -> list[Row]:
        found = self._run(sql, params)
        self.session.expire_all()  # ORM objects of this transaction read the new rows
        return found

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """The driver's own executemany, values bound as `write` binds them."""
        if not rows:
            return
        self.session.flush()
        conn = self.session.connection()
        mark = "?" if conn.dialect.paramstyle in ("qmark", "numeric") else "%s"
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join([mark] * len(columns))})"
        )
        bind = self._bind
        conn.exec_driver_sql(sql, [tuple(bind(value) for value in row) for row in rows])
        self.session.expire_all()


# --- PostgreSQL ---------------------------------------------------------------------------------

# What psycopg's pyformat needs of our SQL: `:name` -> `%(name)s`, a literal % doubled; string
# literals keep their colons, and a `::` cast is left alone.
_PG_TOKENS: Final = re.compile(r"'(?:[^']|'')*'|::|:([A-Za-z_][A-Za-z0-9_]*)|%")
_PG_SCHEMES: Final = ("postgresql://", "postgresql+psycopg://")  # what parse_target takes
# The transaction-scoped advisory lock every writer takes first (career.db.engine uses the same
# key): writers queue there, as they do on SQLite, so a read-then-write loses no update.
PG_WRITE_LOCK: Final = 0x63617265  # "care"


@functools.lru_cache(maxsize=512)
def pyformat(sql: str) -> str:
    """`sql` with `:name` parameters in psycopg's `%(name)s` style."""

    def one(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.startswith("'"):
            return token.replace("%", "%%")
        if token == "%":
            return "%%"
        if match.group(1) is not None:
            return f"%({match.group(1)})s"
        return token

    return _PG_TOKENS.sub(one, sql)


def pg_conninfo(target: str) -> str | None:
    """The libpq URI of a `--db`/`CAREER_DB` PostgreSQL URL, or None for anything else."""
    for scheme in _PG_SCHEMES:
        if target.startswith(scheme):
            return "postgresql://" + target[len(scheme) :]
    return None


class PgSql(Sql):
    """psycopg on a PostgreSQL server at the current schema."""

    backend = "postgresql"

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def _run(self, sql: str, params: Params) -> list[Row]:
        bound = {key: _server_value(value) for key, value in params.items()}
        with pg_failures():
            cursor = self.conn.execute(pyformat(sql), bound)
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        if not rows:
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        with pg_failures(), self.conn.cursor() as cursor:
            cursor.executemany(sql, [tuple(_server_value(v) for v in row) for row in rows])


@contextlib.contextmanager
def pg_failures() -> Iterator[None]:
    """A server's refusal or a lost connection as a StorageError (one line for the user); a
    constraint the code should have checked first stays an error of the code."""
    import psycopg

    try:
        yield
    except psycopg.errors.IntegrityError:
        raise
    except psycopg.Error as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StorageError(f"database error: {detail}") from None


def open_pg(target: str, head: str) -> Any | None:
    """A psycopg connection to the server `target` names when its schema is at `head`; None
    when the full data layer must do the work (no psycopg, a URL libpq does not take, a server
    that does not answer or a schema to upgrade: that path names the failure)."""
    conninfo = pg_conninfo(target)
    if conninfo is None:
        return None
    try:
        import psycopg
    except ImportError:
        return None
    try:
        conn = psycopg.connect(conninfo, connect_timeout=10)
    except (psycopg.Error, ValueError):
        return None
    try:
        with conn.transaction():
            found = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except psycopg.Error:
        conn.close()
        return None
    if [tuple(row) for row in found] != [(head,)]:
        conn.close()
        return None
    return conn
