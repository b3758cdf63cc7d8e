"""Backups of a SQLite database: the copy itself, the daily one before the first write of a
day, their names, their rotation, and which one a restore takes.

Standard library and light career modules only (no SQLAlchemy, no Alembic): `before_write`
runs before every write transaction on a SQLite file, whatever path that write takes.

**The copy** (`backup_sqlite`): the live database must pass SQLite's integrity check; SQLite's
online backup API copies it (consistent while other processes use it) to a 0600 temporary
beside its name, the copy is checked (integrity, the same career schema), fsynced, then
hard-linked to its name (never over a file). On any failure, a full disk included, the
temporary is removed and nothing is left.

**Names**: `<stem>-<label>-<YYYYmmddTHHMMSSZ>[-N].db` in the backups folder (`paths.backup_dir`),
the instant in UTC, so the backups of one label sort by time. The labels: `backup` (`career db
backup`), `daily-<id>` (automatic; `<id>` is 8 hex digits of the database's full path, so two
databases of the same file name never share or rotate each other's daily backups),
`pre-upgrade-<revision>` (before an automatic upgrade), `pre-restore[-unreadable]` (what a
restore replaced).

**The daily backup** (`before_write`): before the first write of a (local) day, when no daily
backup of this database was taken today. Not for a database with no rows yet (nothing to lose)
nor one this user may not write (the write fails anyway). Once a process has settled it for a
database and a day (made, found, or failed), its later writes do not look again.

- The database itself is unsafe (it fails the integrity check): `UnsafeDatabase`, and the write
  does not happen.
- The backup cannot be written (the folder cannot be written, the disk is too full, another
  process held the lock too long): a warning, returned for the caller to show, and the write
  goes on.
- Never blindly: a backup starts only when the backups folder's disk has room for the copy and
  as much again plus `RESERVE` (so the write that follows still has room).
- Two processes at once: the daily backup is taken under an exclusive lock on a lock file in
  the backups folder (`flock`), and whoever gets it second finds the backup made.
- Rotation, after each daily backup: of this database's daily backups the last `backup.keep`
  (a setting, default 14) are kept, and the first of each calendar month (local time), for
  good. Manual, pre-upgrade and pre-restore backups are never removed automatically.

**Restore by date** (`choose`): the newest backup of this database (daily, manual or
pre-upgrade; what a restore replaced only by its file name) taken before an instant.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from career import clock
from career.db.sqlite import BUSY_TIMEOUT_MS, SCHEMA_HEAD, connect_existing, peek, read_only_file
from career.errors import CareerError, Conflict, InvalidInput, NotFound, StorageError
from career.paths import backup_dir, ensure_private_dir, ensure_private_file

STAMP = "%Y%m%dT%H%M%SZ"
DAILY = "daily"
RESERVE = 16 * 1024 * 1024  # bytes a daily backup leaves free besides as much as the copy
LOCK_WAIT_S = BUSY_TIMEOUT_MS / 1000  # how long a writer waits for another's daily backup
COPY_PAGES = 256  # pages a backup step copies (1 MiB at the default page size)

# What follows `<stem>-` in a backup's name; the labels are the only ones we write.
_NAME = re.compile(
    r"(?P<label>backup|daily-[0-9a-f]{8}|pre-upgrade-[A-Za-z0-9_]+|pre-restore(?:-unreadable)?)"
    r"-(?P<stamp>[0-9]{8}T[0-9]{6}Z)(?:-(?P<n>[0-9]+))?\.db"
)
KINDS = {"backup": "manual", "daily": "daily", "pre-upgrade": "pre-upgrade"}


class UnsafeDatabase(StorageError):
    """The database to copy fails SQLite's integrity check, or SQLite cannot read it."""

    def __init__(self, message: str, source: Path, problem: str) -> None:
        super().__init__(message)
        self.source = source
        self.problem = problem


# --- the copy ------------------------------------------------------------------------------


def timestamp() -> str:
    return clock.now().astimezone(UTC).strftime(STAMP)


def online_copy(source: Path, dest: Path, *, standalone: bool) -> None:
    """Copy `source` into `dest` page by page with SQLite's online backup API: consistent even
    while `source` is in use. `standalone` leaves `dest` in rollback-journal mode, a single
    self-contained file with no -wal beside it."""
    src = connect_existing(source)
    try:
        dst = sqlite3.connect(dest, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            src.backup(dst, pages=COPY_PAGES, progress=_copying)
            if standalone:
                dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def _copying(status: int, remaining: int, total: int) -> None:
    from career.files import checkpoint

    checkpoint("backup-step")


def integrity_problem(path: Path) -> str | None:
    """SQLite's first complaint about the file at `path`, or None when it is sound."""
    conn = connect_existing(path)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()
    if result == [("ok",)]:
        return None
    return " ".join(str(result[0][0]).split())  # its first line starts "*** in database main"


def remove_database_file(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def failure(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def _known_revision(revision: str) -> bool:
    if revision == SCHEMA_HEAD:
        return True
    from career.db.migrate import known_revisions  # Alembic: only for an older schema

    return revision in known_revisions()


def backup_sqlite(
    source: Path, dest: Path | None = None, *, label: str = "backup", check: bool = True
) -> Path:
    """Copy a live SQLite database with the online backup API into a new 0600 file (see the
    module docstring); without `dest`, into the backups folder under a name of `label`.

    With `check` (every backup but the copy a restore keeps of what it replaces), the database
    must pass SQLite's integrity check first (`UnsafeDatabase`), and the copy is checked too.
    """
    from career.files import fsync_folder, remove_stale, temporary_name

    if dest is None:
        folder = ensure_private_dir(backup_dir())
        dest = folder / f"{source.stem}-{label}-{timestamp()}.db"
        n = 1
        while dest.exists():
            dest = folder / f"{source.stem}-{label}-{timestamp()}-{n}.db"
            n += 1
    if dest.is_dir():
        raise InvalidInput(f"{dest} is a folder: give a file name to write")
    if dest.exists() or dest.is_symlink():
        raise Conflict(f"{dest} exists already: choose another file or remove it first")
    revision = None
    try:
        if check:
            problem = integrity_problem(source)
            if problem is not None:
                raise UnsafeDatabase(
                    f"{source} fails SQLite's integrity check ({problem}); no backup was "
                    "written: restore an earlier backup with `career db restore`",
                    source,
                    f"fails SQLite's integrity check ({problem})",
                )
            revision, _ = peek(source)
    except sqlite3.DatabaseError as exc:
        raise UnsafeDatabase(
            f"{source} is not a readable SQLite database: {exc}",
            source,
            f"is not a readable SQLite database ({exc})",
        ) from None
    temp = temporary_name(dest)
    try:
        ensure_private_dir(dest.parent)  # a folder we create is private
        remove_stale(dest)
        ensure_private_file(temp)
        online_copy(source, temp, standalone=True)
        if check:
            problem = integrity_problem(temp)
            if problem is not None:
                raise StorageError(f"the copy fails SQLite's integrity check: {problem}")
            copied, _ = peek(temp)
            if copied != revision or (copied is not None and not _known_revision(copied)):
                raise StorageError(f"the copy is at schema {copied}, not {revision}")
        with temp.open("rb+") as written:
            os.fsync(written.fileno())
        try:
            os.link(temp, dest)  # never over a file that appeared meanwhile
        except FileExistsError:
            raise Conflict(
                f"{dest} exists already: choose another file or remove it first"
            ) from None
        fsync_folder(dest.parent)
    except (sqlite3.Error, OSError) as exc:
        raise StorageError(
            f"backup of {source} to {dest} failed: {failure(exc)}; nothing was written"
        ) from None
    except StorageError as exc:
        raise StorageError(f"backup of {source} to {dest} failed: {exc}") from None
    finally:
        remove_database_file(temp)
    return dest


# --- names and listing ---------------------------------------------------------------------


def daily_label(database: Path) -> str:
    """`daily-<id>`: the label of `database`'s automatic backups (see the module docstring)."""
    where = os.path.realpath(database).encode("utf-8", "surrogateescape")
    return f"{DAILY}-{zlib.crc32(where):08x}"


@dataclass(frozen=True)
class Backup:
    """A backup file of a database: its kind (daily, manual, pre-upgrade, pre-restore), when
    it was taken (UTC), and the label of its name."""

    path: Path
    kind: str
    taken: datetime
    label: str
    number: int = 0  # the -N of a second backup within one second

    @property
    def order(self) -> tuple[datetime, int, str]:
        return self.taken, self.number, self.path.name


def _parse(name: str, stem: str) -> tuple[str, datetime, int] | None:
    """(label, instant, number) of a backup name of `stem`, or None for any other file."""
    if not name.startswith(stem + "-"):
        return None
    found = _NAME.fullmatch(name[len(stem) + 1 :])
    if found is None:
        return None
    try:
        taken = datetime.strptime(found["stamp"], STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None
    return found["label"], taken, int(found["n"] or 0)


def _kind(label: str) -> str:
    head = label.split("-", 1)[0]
    if head == "pre":
        return "pre-upgrade" if label.startswith("pre-upgrade-") else "pre-restore"
    return KINDS[head]


def _names(folder: Path) -> list[str]:
    try:
        return [entry.name for entry in folder.iterdir()]
    except (FileNotFoundError, NotADirectoryError):
        return []


def list_backups(database: Path, folder: Path | None = None) -> list[Backup]:
    """The backups of `database` in the backups folder, oldest first: its own daily ones and
    the others of its file name (a daily backup of another database is not listed)."""
    folder = folder if folder is not None else backup_dir()
    daily = daily_label(database)
    found: list[Backup] = []
    for name in _names(folder):
        parsed = _parse(name, database.stem)
        if parsed is None:
            continue
        label, taken, number = parsed
        if label.startswith(DAILY) and label != daily:
            continue
        path = folder / name
        if not path.is_file():
            continue
        found.append(Backup(path, _kind(label), taken, label, number))
    return sorted(found, key=lambda b: b.order)


def choose(database: Path, before: datetime | None = None) -> Backup:
    """The newest backup of `database` to restore (taken before `before`, when given): a daily,
    manual or pre-upgrade one. NotFound, naming the folder, when there is none."""
    folder = backup_dir()
    candidates = [
        b
        for b in list_backups(database, folder)
        if b.kind != "pre-restore" and (before is None or b.taken < before)
    ]
    if not candidates:
        when = f" taken before {before.astimezone():%Y-%m-%d %H:%M}" if before else ""
        raise NotFound(f"no backup of {database}{when} in {folder}: `career db backups` lists them")
    return candidates[-1]


# --- the daily backup ----------------------------------------------------------------------

_settled: set[tuple[str, str, date]] = set()  # (database, folder, day) this process looked at


def before_write(database: Path) -> list[str]:
    """Call right before opening a write transaction on the SQLite file `database`: takes
    today's backup if there is none yet (see the module docstring). Returns warnings for the
    caller to show (a backup that could not be made); raises UnsafeDatabase when the database
    fails the integrity check, and then nothing may be written."""
    day = clock.today()
    folder = backup_dir()
    key = (str(database), str(folder), day)
    if key in _settled:
        return []
    warnings = _daily(database, folder, day)
    _settled.add(key)
    return warnings


def _size(database: Path) -> int:
    """Bytes of the database and its -wal (what a copy may take); OSError when it is missing."""
    size = database.stat().st_size
    if size:
        wal = database.with_name(database.name + "-wal")
        with contextlib.suppress(OSError):
            size += wal.stat().st_size
    return size


def _taken_on(folder: Path, database: Path, label: str, day: date) -> bool:
    """Whether a daily backup of `label` was taken on the local `day` (one listdir)."""
    for name in _names(folder):
        parsed = _parse(name, database.stem)
        if parsed is not None and parsed[0] == label and parsed[1].astimezone().date() == day:
            return True
    return False


def _not_made(reason: str) -> str:
    return f"no automatic backup today: {reason}; the change is written all the same"


def _daily(database: Path, folder: Path, day: date) -> list[str]:
    try:
        size = _size(database)
    except OSError:
        return []  # no file yet: nothing to back up
    if size == 0 or read_only_file(database):
        return []
    label = daily_label(database)
    if _taken_on(folder, database, label, day) or _holds_nothing(database):
        return []
    short = room_problem(folder, size)
    if short is not None:
        return [_not_made(short)]
    try:
        ensure_private_dir(folder)
        lock = _lock(folder / f".{database.stem}-{label}.lock")
    except OSError as exc:
        return [_not_made(f"cannot write in {folder}: {failure(exc)}")]
    if lock is None:
        return [_not_made(f"another career kept {folder} locked for {LOCK_WAIT_S:.0f} s")]
    try:
        from career.files import checkpoint

        checkpoint("daily-locked")
        if _taken_on(folder, database, label, day):
            return []  # another process made it while we waited
        try:
            backup_sqlite(database, label=label)
        except UnsafeDatabase as exc:
            raise UnsafeDatabase(
                f"{database} {exc.problem}; nothing was changed: restore a backup "
                "(`career db backups` lists them, `career db restore --latest`)",
                database,
                exc.problem,
            ) from None
        except CareerError as exc:
            return [_not_made(exc.message)]
        return rotate(database, folder)
    finally:
        os.close(lock)


def _lock(path: Path) -> int | None:
    """An exclusive lock on `path` (created 0600), waiting at most LOCK_WAIT_S; None when
    another process held it all that time. Where there is no flock (Windows) the lock is
    only the file: two backups may then be made, each whole (the link never overwrites)."""
    from career.files import checkpoint

    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return fd
    give_up = time.monotonic() + LOCK_WAIT_S
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            checkpoint("daily-busy")
            if time.monotonic() >= give_up:
                os.close(fd)
                return None
            time.sleep(0.05)
        except BaseException:
            os.close(fd)
            raise


def _holds_nothing(database: Path) -> bool:
    """Whether no table of the database has a row (a new database: nothing to lose)."""
    try:
        conn = connect_existing(database)
        try:
            found = conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
            ).fetchall()
            virtual = [f"{name}_" for name, sql in found if "VIRTUAL" in str(sql).upper()[:20]]
            # a virtual table (the search index) and its shadow tables hold derived rows only
            tables = [str(name) for name, sql in found if not str(name).startswith(tuple(virtual))]
            tables = [t for t in tables if f"{t}_" not in virtual]
            for table in tables:
                quoted = '"' + table.replace('"', '""') + '"'
                if conn.execute(f"SELECT 1 FROM {quoted} LIMIT 1").fetchone() is not None:
                    return False
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False  # the copy's own checks say what is wrong
    return True


def room_problem(folder: Path, size: int) -> str | None:
    """Why a copy of `size` bytes should not be written in `folder` (its disk would keep less
    than as much again plus RESERVE free), or None."""
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent  # the folder is made with the first backup
    try:
        found = os.statvfs(existing)
    except (OSError, AttributeError):  # no statvfs (Windows): the copy's own failure says it
        return None
    free = found.f_bavail * found.f_frsize
    needed = 2 * size + RESERVE
    if free >= needed:
        return None
    return (
        f"the disk holding {folder} has {_mib(free)} free; a backup of {_mib(size)} "
        f"needs {_mib(needed)} (the copy, as much again and {_mib(RESERVE)})"
    )


def _mib(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MiB"


# --- rotation ------------------------------------------------------------------------------


def kept(backups: list[Backup], keep: int) -> list[Backup]:
    """Of one database's daily backups, those rotation keeps: the last `keep`, and the first
    of each calendar month (local time). Oldest first."""
    ordered = sorted(backups, key=lambda b: b.order)
    chosen = {b.path for b in ordered[-keep:]} if keep > 0 else set()
    months: set[tuple[int, int]] = set()
    for backup in ordered:
        local = backup.taken.astimezone()
        if (local.year, local.month) not in months:
            months.add((local.year, local.month))
            chosen.add(backup.path)
    return [b for b in ordered if b.path in chosen]


def rotate(database: Path, folder: Path | None = None) -> list[str]:
    """Remove the daily backups of `database` that rotation does not keep (`backup.keep`).
    Returns warnings: a settings file that does not read (then nothing is removed), a file
    that could not be removed."""
    from career import config

    try:
        keep = config.load().backup_keep
    except CareerError as exc:
        return [f"old automatic backups were not removed: {exc.message}"]
    folder = folder if folder is not None else backup_dir()
    daily = [b for b in list_backups(database, folder) if b.kind == DAILY]
    keeping = {b.path for b in kept(daily, keep)}
    warnings: list[str] = []
    for backup in daily:
        if backup.path in keeping:
            continue
        try:
            backup.path.unlink(missing_ok=True)
        except OSError as exc:
            warnings.append(f"could not remove the old backup {backup.path}: {failure(exc)}")
    return warnings
