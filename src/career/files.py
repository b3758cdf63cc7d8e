"""Files the user asked us to write: atomically, private (0600), never over a file by accident.

`write_files` writes a set of files (an export and its `--history` and `--deadlines`, or one
file through `write_private`) in two steps:

1. every file goes to a temporary 0600 file in its target's folder, fsynced. A failure here (a
   full disk, a folder we may not write) removes every temporary, names the file that failed,
   and leaves the old files untouched;
2. only then are the temporaries moved into place (os.replace with `force`, else a hard link,
   which never replaces a file that appeared meanwhile), and the folders fsynced. A file that
   is replaced is first hard-linked aside (`.NAME.PID.XXXX.old`), so a failure in this step
   puts every file of the set back as it was.

A process killed in step 2 (a window of a few system calls, after every file is complete) can
leave a set whose files are each whole but not all of the same run; the files it replaced stay
beside them as `.NAME.PID.XXXX.old`. Temporaries carry the writer's process id: the next write
of the same file removes those whose process is gone. `is_temporary` names them, so that no
command offers one as a finished file.

Crash tests stop a writer at a named point (`checkpoint`): `CAREER_TEST_STOP_AT=NAME` kills the
process there with SIGKILL, `CAREER_TEST_STOP_AT=NAME:SECONDS` makes it wait there, and
`CAREER_TEST_STOP_AT=NAME:FILE` until FILE exists (at most two minutes).
"""

from __future__ import annotations

import glob
import os
import re
import secrets
import signal
import stat
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from career.errors import Conflict, InvalidInput, StorageError

STOP_AT = "CAREER_TEST_STOP_AT"
_TEMPORARY = re.compile(r"^\..+\.(\d+)\.[A-Za-z0-9_]+\.(?:tmp|old)(?:-journal|-wal|-shm)?$")


def checkpoint(name: str) -> None:
    """A named point in a multi-step write, where a crash test can kill or pause us."""
    wanted = os.environ.get(STOP_AT)
    if not wanted:
        return
    point, _, then = wanted.partition(":")
    if point != name:
        return
    if not then:
        os.kill(os.getpid(), signal.SIGKILL)
    try:
        time.sleep(float(then))
    except ValueError:  # a file to wait for (at most two minutes)
        give_up = time.monotonic() + 120
        while not Path(then).exists() and time.monotonic() < give_up:
            time.sleep(0.02)


def temporary_name(path: Path, kind: str = "tmp") -> Path:
    """A fresh name for a temporary beside `path`: `.NAME.PID.RANDOM.tmp` (or `.old`)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.{kind}")


def is_temporary(path: Path) -> bool:
    """True for a file one of our writers is writing, or left behind when it was killed."""
    return _TEMPORARY.match(path.name) is not None


def remove_stale(path: Path) -> None:
    """Remove the temporaries of `path` left by writers that no longer run."""
    try:
        siblings = list(path.parent.glob(f".{glob.escape(path.name)}.*"))
    except OSError:
        return
    for sibling in siblings:
        found = _TEMPORARY.match(sibling.name)
        if found is None or not sibling.name.startswith(f".{path.name}."):
            continue
        if not _running(int(found.group(1))):
            sibling.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, and is someone else's
        return True
    return True


def check_target(path: Path, *, force: bool) -> None:
    """Refuse a file we may not write: a folder, a missing folder, an existing file, and
    anything but a regular file even with `force` (a FIFO, a device such as /dev/null, a
    socket would be replaced by a regular file)."""
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder: give a file name to write")
    if not path.parent.is_dir():
        raise InvalidInput(f"cannot write {path}: the folder {path.parent} does not exist")
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        return  # a new path (or a link to nothing: placing refuses it as existing)
    if not stat.S_ISREG(mode):
        raise InvalidInput(f"{path} is not a regular file: give a file name to write")
    if not force:
        raise Conflict(f"{path} exists already; add --force to replace it")


def fsync_folder(folder: Path) -> None:
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - a folder we cannot open for fsync
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _write_temporary(path: Path, text: str | bytes) -> Path:
    fd, name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp"
    )
    temp = Path(name)
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text  # bytes: a PNG
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        temp.chmod(0o600)  # mkstemp's mode, said out loud
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def place(temp: Path, path: Path, *, force: bool) -> None:
    """Move a complete temporary into place: over an existing file only with `force`."""
    if force:
        temp.replace(path)
        return
    try:  # a hard link never replaces a file that appeared meanwhile
        os.link(temp, path)
    except FileExistsError:
        raise Conflict(f"{path} exists already; add --force to replace it") from None
    except OSError:  # a file system without hard links: check, then replace
        if path.exists():
            raise Conflict(f"{path} exists already; add --force to replace it") from None
        temp.replace(path)
    else:
        temp.unlink()


def write_files(files: Sequence[tuple[Path, str | bytes]], *, force: bool) -> None:
    """Write every (path, text) of a set, or none of them (see the module docstring)."""
    for path, _ in files:
        check_target(path, force=force)
        remove_stale(path)
    temps: list[Path] = []
    try:
        for path, text in files:
            try:
                temps.append(_write_temporary(path, text))
            except OSError as exc:
                raise StorageError(
                    f"cannot write {path}: {_reason(exc)}; no file was changed"
                ) from None
        checkpoint("files-written")
        _put_in_place([path for path, _ in files], temps, force=force)
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)
    for folder in {path.parent for path, _ in files}:
        fsync_folder(folder)


def _put_in_place(paths: list[Path], temps: list[Path], *, force: bool) -> None:
    """Step 2: move every temporary into place; on a failure put back what was there."""
    kept: list[Path] = []  # replaced files' old content, linked aside
    placed: list[tuple[Path, Path | None]] = []
    try:
        for number, (path, temp) in enumerate(zip(paths, temps, strict=True), start=1):
            old = None
            try:
                if force and path.exists():
                    old = temporary_name(path, "old")
                    os.link(path, old)
                    kept.append(old)
                place(temp, path, force=force)
            except OSError as exc:
                raise StorageError(
                    f"cannot write {path}: {_reason(exc)}; no file was changed"
                ) from None
            placed.append((path, old))
            checkpoint(f"files-placed-{number}")
    except BaseException:
        for path, old in reversed(placed):
            if old is not None:
                old.replace(path)
            else:
                path.unlink(missing_ok=True)
        raise
    finally:
        for old in kept:
            old.unlink(missing_ok=True)


def write_private(path: Path, text: str | bytes, *, force: bool) -> None:
    """Write `text` to `path` atomically (a 0600 temporary file in the same folder, fsync,
    then os.replace, or a hard link when the file must not exist), never over an existing
    file unless `force`."""
    write_files([(path, text)], force=force)


READ_LIMIT = 64 * 1024 * 1024
"""The largest file a command reads (64 MiB): a sheet of 100,000 applications is a few."""


def read_user_file(path: Path, kind: str, *, limit: int = READ_LIMIT) -> bytes:
    """The bytes of a file the user named: only a regular file (or a link to one), at most
    `limit` bytes. A folder, a missing or unreadable file, a FIFO or a device (which could
    block or never end), a larger file: a one-line error (`kind` says what was expected: "a
    CSV file", "a posting's JSON file"). Every command that reads a file it is given reads it
    here."""
    try:
        # O_NONBLOCK: opening a FIFO with no writer would wait forever
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InvalidInput(f"no file {path}") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder: give {kind}") from None
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InvalidInput(f"{path} is a folder: give {kind}")
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(f"{path} is not a regular file: give {kind}")
        if info.st_size > limit:
            raise InvalidInput(
                f"{path} is too large: {_size(info.st_size)}, at most {_size(limit)}"
            )
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:  # it grew while we read
        raise InvalidInput(f"{path} is too large: more than {_size(limit)}")
    return data


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MiB" if count >= 1024 * 1024 else f"{count} bytes"
