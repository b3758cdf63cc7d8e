"""Schema versions, automatic upgrades, backups and restores.

- A SQLite file is created on first use and upgraded automatically; before an existing file is
  upgraded (or replaced by a restore) it is copied with SQLite's online backup API into the
  backups folder.
- PostgreSQL is upgraded only by `career db upgrade`; a schema that is behind is an error that
  names that command.
- Migrations run on a connection with foreign keys off (a batch migration's DROP TABLE would
  otherwise cascade into child rows), in one transaction (`BEGIN IMMEDIATE` on SQLite), and
  `PRAGMA foreign_key_check` must come back empty before that transaction commits.

Alembic is imported only when there is something to migrate: the common path compares the
recorded revision with `SCHEMA_HEAD` in plain SQL.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError, ProgrammingError

from career.db.engine import (
    WRITE_OPTION,
    Database,
    describe_failure,
    make_engine,
    sqlite_path,
)
from career.db.sqlite import (
    BUSY_TIMEOUT_MS,
    SCHEMA_HEAD,
    VERSION_TABLE,
    connect_existing,
    peek,
)
from career.errors import (
    CareerError,
    Conflict,
    InvalidInput,
    NotFound,
    SchemaBehind,
    StorageError,
)
from career.paths import backup_dir, ensure_private_dir, ensure_private_file

if TYPE_CHECKING:
    from alembic.config import Config


def script_location() -> Path:
    """The migrations folder: inside the installed package, else at the top of the repo."""
    here = Path(__file__).resolve()
    packaged = here.parent.parent / "migrations"
    if (packaged / "env.py").is_file():
        return packaged
    repo = here.parents[3] / "migrations"
    if (repo / "env.py").is_file():
        return repo
    raise StorageError("the migrations folder is missing from this installation of career")


def alembic_config(url: URL, location: Path | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(location or script_location()))
    config.attributes["career_url"] = url
    return config


def read_revision(conn: Connection) -> str | None:
    """The revision recorded in the database, or None when it has no schema yet."""
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def current_revision(db: Database) -> str | None:
    try:
        with db.engine.connect() as conn:
            return read_revision(conn)
    except (OperationalError, ProgrammingError) as exc:
        raise StorageError(f"cannot open database: {describe_failure(db.url, exc)}") from None


def known_revisions(location: Path | None = None) -> list[str]:
    """Every revision, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(URL.create("sqlite"), location))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def head_revision(location: Path | None = None) -> str:
    return known_revisions(location)[-1]


def run_upgrade(url: URL, target: str = "head", location: Path | None = None) -> None:
    """Upgrade the schema at `url` to `target` in one transaction (see module docstring)."""
    from alembic import command

    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            config = alembic_config(url, location)
            config.attributes["connection"] = conn
            command.upgrade(config, target)
    except CareerError:
        raise
    except OperationalError as exc:
        raise StorageError(
            f"migration failed and was rolled back: {describe_failure(url, exc)}"
        ) from None
    except Exception as exc:
        raise StorageError(
            f"migration failed and was rolled back: {type(exc).__name__}: {exc}"
        ) from exc
    finally:
        engine.dispose()


def run_downgrade(url: URL, target: str, location: Path | None = None) -> None:
    from alembic import command

    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            config = alembic_config(url, location)
            config.attributes["connection"] = conn
            command.downgrade(config, target)
    finally:
        engine.dispose()


def check_foreign_keys(conn: Connection) -> None:
    """Refuse to commit a migration that left rows pointing nowhere (SQLite)."""
    if conn.dialect.name != "sqlite":
        return
    problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        first = problems[0]
        raise StorageError(
            f"migration left {len(problems)} row(s) with a broken foreign key "
            f"(first: table {first[0]}, rowid {first[1]} -> {first[2]}); nothing was changed"
        )


def _timestamp() -> str:
    from career.clock import now

    return now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _online_copy(source: Path, dest: Path, *, standalone: bool) -> None:
    """Copy `source` into `dest` page by page with SQLite's online backup API: consistent even
    while `source` is in use. `standalone` leaves `dest` in rollback-journal mode, a single
    self-contained file with no -wal beside it."""
    src = connect_existing(source)
    try:
        dst = sqlite3.connect(dest, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            src.backup(dst)
            if standalone:
                dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def backup_sqlite(source: Path, dest: Path | None = None, *, label: str = "backup") -> Path:
    """Copy a live SQLite database with the online backup API into a new 0600 file."""
    if dest is None:
        folder = ensure_private_dir(backup_dir())
        dest = folder / f"{source.stem}-{label}-{_timestamp()}.db"
        n = 1
        while dest.exists():
            dest = folder / f"{source.stem}-{label}-{_timestamp()}-{n}.db"
            n += 1
    if dest.exists():
        raise Conflict(f"{dest} exists already: choose another file or remove it first")
    if dest.is_dir():
        raise InvalidInput(f"{dest} is a folder")
    ensure_private_file(dest)
    try:
        _online_copy(source, dest, standalone=True)
    except sqlite3.Error as exc:
        dest.unlink(missing_ok=True)
        raise StorageError(f"backup of {source} failed: {exc}") from None
    return dest


def prepare(db: Database) -> None:
    """Make sure the schema is current before a command uses it (see module docstring)."""
    path = sqlite_path(db.url)
    if path is not None:
        revision, tables = peek(path)
        if revision is None and tables:
            raise StorageError(
                f"{path} is not a career database (it has tables such as {tables[0]!r} "
                "and no career schema); choose another file with --db"
            )
    else:
        revision = current_revision(db)
    if revision == SCHEMA_HEAD:
        return
    known = known_revisions()
    if revision is not None and revision not in known:
        raise StorageError(
            f"the database is at schema {revision}, which this version of career does not "
            "know: it was written by a newer career; upgrade career"
        )
    if not db.is_sqlite:
        where = "has no schema yet" if revision is None else f"is at schema {revision}"
        raise SchemaBehind(
            f"the database {where}; this career needs {SCHEMA_HEAD}: run `career db upgrade`"
        )
    if path is not None and revision is not None:
        backup_sqlite(path, label=f"pre-upgrade-{revision}")
    db.engine.dispose()
    run_upgrade(db.url)


def upgrade(db: Database) -> tuple[str | None, str]:
    """`career db upgrade`: back up (SQLite), upgrade to head; returns (before, after)."""
    before = current_revision(db)
    if before == SCHEMA_HEAD:
        return before, SCHEMA_HEAD
    path = sqlite_path(db.url)
    if path is not None and before is not None:
        backup_sqlite(path, label=f"pre-upgrade-{before}")
    db.engine.dispose()
    run_upgrade(db.url)
    return before, SCHEMA_HEAD


def inspect_sqlite_file(path: Path) -> str:
    """Check that `path` is a sound career database; return its schema revision."""
    if not path.is_file():
        raise NotFound(f"no such file: {path}")
    try:
        conn = connect_existing(path)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchall()
            if result != [("ok",)]:
                raise StorageError(f"{path} fails SQLite's integrity check: {result[0][0]}")
            has_version = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (VERSION_TABLE,)
            ).fetchone()
            if not has_version:
                raise StorageError(f"{path} is not a career database (no schema version)")
            row = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path} is not a readable SQLite database: {exc}") from None
    if row is None:
        raise StorageError(f"{path} is not a career database (no schema version)")
    revision = str(row[0])
    if revision not in known_revisions():
        raise StorageError(
            f"{path} is at schema {revision}, which this version of career does not know"
        )
    return revision


def restore_sqlite(db: Database, source: Path) -> tuple[Path, str]:
    """Replace the database with `source` after checking it; returns (backup, revision)."""
    target = sqlite_path(db.url)
    if target is None:
        raise InvalidInput("restore works on a SQLite database file; use pg_restore for PostgreSQL")
    source = source.expanduser().resolve()
    if source == target.resolve():
        raise InvalidInput("cannot restore a database onto itself")
    revision = inspect_sqlite_file(source)
    saved = backup_sqlite(target, label="pre-restore")
    db.engine.dispose()
    try:
        _online_copy(source, target, standalone=False)
    except sqlite3.Error as exc:
        raise StorageError(f"restore failed, the database is unchanged: {exc}") from None
    return saved, revision
