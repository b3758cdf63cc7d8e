"""Files the user asked us to write: atomically, private (0600), never over a file by accident.

`write_private` writes a temporary 0600 file in the same folder, fsyncs it, then moves it into
place (os.replace with `force`, else a hard link, which never replaces a file that appeared
meanwhile), and fsyncs the folder. A crash leaves either the old file or the new one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from career.errors import Conflict, InvalidInput


def check_target(path: Path, *, force: bool) -> None:
    """Refuse a file we may not write: a folder, a missing folder, an existing file."""
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder: give a file name to write")
    if not path.parent.is_dir():
        raise InvalidInput(f"cannot write {path}: the folder {path.parent} does not exist")
    if path.exists() and not force:
        raise Conflict(f"{path} exists already; add --force to replace it")


def write_private(path: Path, text: str, *, force: bool) -> None:
    """Write `text` to `path` atomically (a 0600 temporary file in the same folder, fsync,
    then os.replace, or a hard link when the file must not exist), never over an existing
    file unless `force`."""
    check_target(path, force=force)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        temp.chmod(0o600)  # mkstemp's mode, said out loud
        if force:
            temp.replace(path)
        else:  # a hard link never replaces a file that appeared meanwhile
            try:
                os.link(temp, path)
            except FileExistsError:
                raise Conflict(f"{path} exists already; add --force to replace it") from None
            except OSError:  # a file system without hard links: check, then replace
                if path.exists():
                    raise Conflict(f"{path} exists already; add --force to replace it") from None
                temp.replace(path)
            else:
                temp.unlink()
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:  # pragma: no cover - a folder we cannot open for fsync
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def read_user_file(path: Path, kind: str) -> bytes:
    """The bytes of a file the user named; a folder, a missing or an unreadable file is a
    one-line error (`kind` says what was expected: "a CSV file", "a posting's JSON file")."""
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder: give {kind}")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"no file {path}") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
