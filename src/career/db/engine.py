"""Engines and transactions, with SQLite made safe for a user's only copy of their data.

On SQLite every connection gets `foreign_keys=ON`, `journal_mode=WAL`, `synchronous=FULL` and a
busy timeout. pysqlite's own transaction handling is switched off (isolation_level=None) and
SQLAlchemy emits BEGIN itself (SQLAlchemy's documented recipe): reads begin a deferred
transaction, writes begin with `BEGIN IMMEDIATE`, so that two processes that read and then write
queue on the busy timeout instead of failing with "database is locked", and DDL runs inside the
transaction, so a failed migration rolls back whole.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from career.db import backups, sqlite
from career.db.changes import Execute, begin_change, end_change
from career.db.fetch import Fetch
from career.db.sql import PG_WRITE_LOCK, SessionSql
from career.db.sqlite import BUSY_TIMEOUT_MS
from career.errors import InvalidInput, StorageError
from career.paths import ensure_private_file

WRITE_OPTION = "career_write"
# PostgreSQL: write transactions take this transaction-scoped advisory lock first, so writers
# queue one after another as they do on SQLite, and a read-then-write never loses an update.


def parse_target(target: str) -> URL:
    """A path or a SQLAlchemy URL, as typed by the user, as a URL."""
    if not target.strip():
        raise InvalidInput("the database is empty: give a file path or a URL")
    if "://" in target:
        try:
            url = make_url(target)
        except (ArgumentError, ValueError):
            raise InvalidInput(f"not a database URL: {hide_password(target)}") from None
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise InvalidInput(
                f"unsupported database {url.get_backend_name()!r}: use a SQLite file path "
                "or a postgresql+psycopg:// URL"
            )
        if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
            raise InvalidInput("an in-memory database keeps nothing: give a file path")
        if url.get_backend_name() == "sqlite" and url.query:
            raise InvalidInput(
                f"SQLite URL options are not taken ({', '.join(sorted(url.query))}): give the "
                "file; one this user may not write is opened read-only"
            )
        if url.get_backend_name() == "postgresql" and url.get_driver_name() != "psycopg":
            url = url.set(drivername="postgresql+psycopg")
        return url
    path = Path(target).expanduser()
    if path.is_dir():
        raise InvalidInput(f"database path is a folder: {path}")
    if path.exists() and not path.is_file():  # /dev/null, a FIFO: SQLite says "locked"
        raise InvalidInput(f"database path is not a regular file: {path}")
    return URL.create("sqlite+pysqlite", database=str(path.absolute()))


def _mask_query(url: URL) -> URL:
    """libpq also takes the password as a query parameter (`?password=...`)."""
    if "password" not in url.query:
        return url
    return url.update_query_dict({"password": "***"})


def secrets_of(url: URL) -> list[str]:
    """Every password a URL carries, in the user part or in the query."""
    found = [str(url.password)] if url.password else []
    value = url.query.get("password")
    found += [value] if isinstance(value, str) else list(value or ())
    return [s for s in found if s]


def hide_password(target: str | URL) -> str:
    """Render a database URL or path for display, with any password masked."""
    url = target
    if isinstance(target, str):
        if "://" not in target:
            return target
        try:
            url = make_url(target)
        except (ArgumentError, ValueError):
            return _mask_unparsed(target)
    assert isinstance(url, URL)
    return _mask_query(url).render_as_string(hide_password=True).replace("%2A%2A%2A", "***")


def _mask_unparsed(target: str) -> str:
    """A URL SQLAlchemy cannot read: keep the scheme, host and path, nothing that may be secret."""
    scheme, _, rest = target.partition("://")
    host = rest.rpartition("@")[2].split("?", 1)[0]
    return f"{scheme}://***@{host}" if "@" in rest else f"{scheme}://{host}"


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for another backend or an in-memory database."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _sqlite_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _refuse_nul(
    conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
) -> None:
    """No text with a NUL character is stored, on either backend (PostgreSQL refuses it, SQLite
    would keep it and print it back): one rule at the one place every value passes."""
    # one row (a mapping or a tuple of values) or many (a list of rows), whatever `executemany`
    rows = parameters if isinstance(parameters, list) else [parameters]
    for row in rows:
        values = row.values() if isinstance(row, Mapping) else row
        if not isinstance(values, list | tuple | type({}.values())):
            values = (values,)
        for value in values:
            if type(value) is str and "\x00" in value:
                raise InvalidInput("a text holds a NUL character (\\x00), which cannot be stored")


def make_engine(url: URL, *, foreign_keys: bool = True) -> Engine:
    """An engine for `url`. A SQLite file is created 0600 (in a 0700 folder) if missing.

    `foreign_keys=False` is for migrations only: SQLite's batch migrations drop and recreate
    tables, and with foreign keys on that DROP cascades into every child row.
    """
    path = sqlite_path(url)
    if url.get_backend_name() == "sqlite":
        if path is not None:
            try:
                ensure_private_file(path)
            except OSError as exc:
                raise StorageError(f"cannot create the database {path}: {exc.strerror}") from None
        read_only = path is not None and path.is_file() and sqlite.read_only_file(path)
        if read_only:  # reads work on a file, folder or disk we may not write
            assert path is not None
            engine = create_engine(url, creator=lambda: sqlite.connect_read_only(path))
        else:
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

        def on_connect(dbapi_connection: Any, record: Any) -> None:
            sqlite.configure(dbapi_connection, foreign_keys=foreign_keys, read_only=read_only)

        event.listen(engine, "connect", on_connect)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "before_cursor_execute", _refuse_nul)
        return engine
    try:
        engine = create_engine(url, pool_pre_ping=False)
    except ModuleNotFoundError as exc:
        raise StorageError(
            f"the PostgreSQL driver is not installed ({exc.name}): pip install 'career[postgres]'"
        ) from None
    event.listen(engine, "before_cursor_execute", _refuse_nul)
    return engine


def describe_failure(url: URL, exc: BaseException) -> str:
    """One line for a database failure, with the URL's password masked everywhere."""
    orig = getattr(exc, "orig", None) or exc
    detail = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    for secret in secrets_of(url):
        detail = detail.replace(secret, "***")
    return f"{detail} ({hide_password(url)})"


@dataclass
class Database:
    """One database: its URL, its engine, and transactions on it. `warnings` collects what a
    write's daily backup could not do (`career.db.backups.before_write`), for the caller to
    show: this layer never prints."""

    url: URL
    engine: Engine
    _write_engine: Engine | None = field(default=None, repr=False)
    warnings: list[str] = field(default_factory=list)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @contextmanager
    def session(
        self, *, write: bool = False, command: str = "career", record: bool = True
    ) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error.

        A write session is one recorded change (career.db.changes) named `command`, unless
        `record` is False (the journal's import and prune, whose tables are not recorded).
        Database failures (locked, unreachable) become a StorageError with the password hidden.
        A write on a SQLite file first takes the day's backup if there is none yet
        (`backups.before_write`): what it could not do goes to `warnings`; a database that
        fails SQLite's integrity check is an error there, before anything is written.
        """
        bind = self.engine
        if write:
            path = sqlite_path(self.url)
            if path is not None:
                self.warnings.extend(backups.before_write(path))
            if self._write_engine is None:
                self._write_engine = self.engine.execution_options(**{WRITE_OPTION: True})
            bind = self._write_engine
        session = Session(bind=bind, expire_on_commit=False, autoflush=True)
        try:
            with session.begin():
                if write and not self.is_sqlite:
                    session.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_WRITE_LOCK}
                    )
                if write and record:
                    execute = SessionSql(session)
                    change = begin_change(execute, command)
                    yield session
                    session.flush()  # the ORM's pending rows are written while it records
                    end_change(execute, change)
                else:
                    yield session
        except (OperationalError, DatabaseError) as exc:
            if isinstance(exc, IntegrityError):
                raise  # a constraint the code should have checked first: a bug, not the disk
            raise StorageError(f"database error: {self._explain(exc)}") from None
        finally:
            session.close()

    def _explain(self, exc: BaseException) -> str:
        """The failure in words that name its cause where SQLite's do not."""
        detail = describe_failure(self.url, exc)
        path = sqlite_path(self.url)
        if path is not None and path.is_file() and sqlite.read_only_file(path):
            return f"the database is read-only here, so it cannot be changed: {detail}"
        return sqlite.explain(detail, path)

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: URL) -> Database:
    return Database(url=url, engine=make_engine(url))


def sql_execute(target: Connection) -> Execute:
    """Run portable SQL (career.db.changes) on a bare connection (a migration's): the rows of a
    statement that returns rows, else none. A session has `career.db.sql.SessionSql`."""

    def execute(sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        result = target.execute(text(sql), dict(params))
        if not result.returns_rows:
            return []
        return [tuple(row) for row in result]

    return execute


def session_fetch(session: Session) -> Fetch:
    """Run the shared read queries (career.db.fetch) through a SQLAlchemy session."""

    def fetch(sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        return [tuple(row) for row in session.execute(text(sql), dict(params))]

    return fetch
