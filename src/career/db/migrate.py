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
recorded revision with `SCHEMA_HEAD` in plain SQL, and a new SQLite file gets the head schema
from the shipped snapshot (career.db.snapshot) in one transaction, without Alembic.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError, ProgrammingError

from career.db.backups import (
    backup_sqlite,
    failure,
    integrity_problem,
    online_copy,
    remove_database_file,
    timestamp,
)
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
    create_at_head,
    peek,
)
from career.errors import (
    CareerError,
    InvalidInput,
    NotFound,
    SchemaBehind,
    StorageError,
)
from career.files import checkpoint, fsync_folder, is_temporary, remove_stale, temporary_name
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


@dataclass(frozen=True)
class SchemaState:
    """Where a database stands: `missing` (no file yet), `empty` (no schema), `current`,
    `behind` (an older revision this career can upgrade), `newer` (written by a newer
    career), or `foreign` (a SQLite file with tables of someone else's)."""

    state: str
    revision: str | None = None
    detail: str = ""


def schema_state(url: URL) -> SchemaState:
    """Look, changing nothing: a SQLite file is read without SQLAlchemy, and not created."""
    path = sqlite_path(url)
    if path is not None:
        if not path.exists():
            return SchemaState("missing")
        revision, tables = peek(path)
        if revision is None and tables:
            return SchemaState("foreign", detail=tables[0])
    else:
        engine = make_engine(url)
        try:
            with engine.connect() as conn:
                revision = read_revision(conn)
        except (OperationalError, ProgrammingError) as exc:
            raise StorageError(f"cannot open database: {describe_failure(url, exc)}") from None
        finally:
            engine.dispose()
    if revision is None:
        return SchemaState("empty")
    if revision == SCHEMA_HEAD:
        return SchemaState("current", revision)
    if revision in known_revisions():
        return SchemaState("behind", revision)
    return SchemaState("newer", revision)


def refuse_unusable(url: URL, found: SchemaState) -> None:
    if found.state == "foreign":
        raise StorageError(
            f"{sqlite_path(url)} is not a career database (it has tables such as "
            f"{found.detail!r} and no career schema); choose another file with --db"
        )
    if found.state == "newer":
        raise StorageError(
            f"the database is at schema {found.revision}, which this version of career does "
            "not know: it was written by a newer career; upgrade career"
        )


def prepare(db: Database) -> None:
    """Make sure the schema is current before a command uses it (see module docstring)."""
    found = schema_state(db.url)
    if found.state == "current":
        return
    refuse_unusable(db.url, found)
    if not db.is_sqlite:
        where = "has no schema yet" if found.revision is None else f"is at {found.revision}"
        raise SchemaBehind(
            f"the database {where}; this career needs {SCHEMA_HEAD}: run `career db upgrade`"
        )
    upgrade(db, found)


def upgrade(db: Database, found: SchemaState | None = None) -> tuple[str | None, str]:
    """Upgrade to SCHEMA_HEAD (`career db upgrade`; automatic on SQLite): an existing SQLite
    schema is backed up first. Returns (revision before, revision after)."""
    found = found or schema_state(db.url)
    if found.state == "current":
        return found.revision, SCHEMA_HEAD
    refuse_unusable(db.url, found)
    path = sqlite_path(db.url)
    if path is not None:
        ensure_private_file(path)
        if found.state == "behind":
            backup_sqlite(path, label=f"pre-upgrade-{found.revision}")
        elif create_at_head(path):
            return found.revision, SCHEMA_HEAD  # a new file: the head schema in one step
    db.engine.dispose()
    run_upgrade(db.url)
    return found.revision, SCHEMA_HEAD


def _check_restorable(path: Path) -> str:
    """Check that a backup is a sound career database; return its schema revision."""
    try:
        problem = integrity_problem(path)
        if problem is not None:
            raise StorageError(f"{path} fails SQLite's integrity check: {problem}")
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path} is not a readable SQLite database: {exc}") from None
    revision, _ = peek(path)
    if revision is None:
        raise StorageError(f"{path} is not a career database (no schema version)")
    if revision not in known_revisions():
        raise StorageError(
            f"{path} is at schema {revision}, which this version of career does not know"
        )
    return revision


def _check_complete(path: Path) -> None:
    """After upgrading a staged restore: every table of the schema is there, and every
    foreign key points somewhere."""
    from career.models import metadata

    _, tables = peek(path)
    missing = sorted(set(metadata.tables) - set(tables))
    if missing:
        raise StorageError(f"the backup is incomplete: it has no table {missing[0]!r}")
    conn = connect_existing(path)
    try:
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    if broken:
        raise StorageError(f"the backup has {len(broken)} row(s) with a broken foreign key")


def _keep_replaced(target: Path) -> Path:
    """Save what a restore replaces: an online copy (unchecked: a damaged database is kept as
    it is), or the raw bytes if SQLite cannot read it at all."""
    try:
        return backup_sqlite(target, label="pre-restore", check=False)
    except StorageError:
        folder = ensure_private_dir(backup_dir())
        dest = folder / f"{target.stem}-pre-restore-unreadable-{timestamp()}.db"
        temp = temporary_name(dest)
        try:
            ensure_private_file(temp)
            shutil.copyfile(target, temp)
            with temp.open("rb+") as written:
                os.fsync(written.fileno())
            os.link(temp, dest)
            fsync_folder(folder)
        except OSError as exc:
            raise StorageError(
                f"cannot keep a copy of {target} before the restore: {failure(exc)}; "
                "nothing was restored"
            ) from None
        finally:
            temp.unlink(missing_ok=True)
        return dest


def check_backup_file(source: Path) -> None:
    """Refuse, in one line, what is not a finished backup file: a missing path, a folder, a
    device or a pipe, a temporary of an interrupted write, a file with a -journal beside it
    (a write that never finished; opening it would roll that back)."""
    if not source.exists():
        raise NotFound(f"no such file: {source}")
    if source.is_dir():
        raise InvalidInput(f"{source} is a folder: give a backup file")
    if not source.is_file():
        raise InvalidInput(
            f"{source} is not a regular file (a device or a pipe): give a backup file"
        )
    if is_temporary(source):
        raise InvalidInput(
            f"{source} is the temporary of an interrupted write, not a backup; choose another file"
        )
    if source.with_name(source.name + "-journal").exists():
        raise InvalidInput(
            f"{source} has an unfinished write (a -journal beside it): it is not a complete backup"
        )


def restore_sqlite(target: Path, source: Path) -> tuple[Path | None, str]:
    """Replace the database file `target` with the backup `source`.

    The backup is checked (integrity, career schema), copied aside, upgraded to this career's
    schema and checked again (every table, every foreign key) before anything is replaced.

    The swap is an online backup of that staged copy *into* the live file, so the file keeps
    its inode and every process that has it open sees the new content (no one writes on to an
    unlinked file, -wal and -shm stay coherent). The backup holds SQLite's write lock on the
    live file from its first step to its commit: the copy of what it replaces is taken inside
    that lock, after the first step, so every write committed before the restore is in that
    copy and every later one waits (busy_timeout) and lands in the restored database. (A plain
    `BEGIN IMMEDIATE` cannot be held across it: SQLite refuses a backup into a connection with
    a transaction open.) A file SQLite cannot read at all is kept as raw bytes and replaced
    by a rename. Returns (the kept copy or None, the backup's revision).
    """
    source = source.expanduser().absolute()
    check_backup_file(source)
    source = source.resolve()
    if target.exists() and source == target.resolve():
        raise InvalidInput("cannot restore a database onto itself")
    revision = _check_restorable(source)
    ensure_private_dir(target.parent)
    remove_stale(target)
    staged = temporary_name(target)
    kept: Path | None = None
    try:
        ensure_private_file(staged)
        online_copy(source, staged, standalone=True)
        if revision != SCHEMA_HEAD:
            run_upgrade(URL.create("sqlite+pysqlite", database=str(staged)))
        _check_complete(staged)
        if target.exists() and target.stat().st_size:
            kept = _swap_in(staged, target)
        else:
            ensure_private_file(target)
            online_copy(staged, target, standalone=False)
    except sqlite3.Error as exc:
        raise StorageError(f"restore failed, the database is unchanged: {exc}") from None
    finally:
        remove_database_file(staged)
    return kept, revision


def _swap_in(staged: Path, target: Path) -> Path:
    """Copy `staged` into the live `target` under its write lock; return the kept copy."""
    src = sqlite3.connect(staged, isolation_level=None)
    try:
        if src.execute("PRAGMA page_count").fetchone()[0] < 2:  # pragma: no cover
            raise StorageError("the backup is incomplete: it has no tables")
        try:
            dst = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            try:
                dst.execute("PRAGMA journal_mode = WAL")  # readers go on while it is locked
            except BaseException:
                dst.close()
                raise
        except sqlite3.DatabaseError:
            # SQLite cannot read the current file at all: keep its bytes, replace it whole.
            kept = _keep_replaced(target)
            for suffix in ("-wal", "-shm"):
                target.with_name(target.name + suffix).unlink(missing_ok=True)
            staged.replace(target)
            fsync_folder(target.parent)
            return kept
        kept_copy: list[Path] = []

        def locked(status: int, remaining: int, total: int) -> None:
            if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                # SQLITE_BUSY/LOCKED: busy_timeout ran out while other writers held the lock.
                raise StorageError(
                    "the database stayed busy (another career kept writing); nothing was "
                    "restored: try again"
                )
            if not kept_copy:  # the first step took the write lock: nothing commits now
                kept_copy.append(_keep_replaced(target))
                checkpoint("restore-kept")

        try:
            src.backup(dst, pages=1, progress=locked)
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dst.close()
        return kept_copy[0]
    finally:
        src.close()
