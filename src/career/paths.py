"""Where career keeps its files.

`CAREER_HOME` moves data and configuration together (tests use it); without it the data lives in
the platform's user data directory and the configuration in its user config directory
(platformdirs). The database is chosen by `--db`, else `CAREER_DB`, else `career.db` in the
data directory; either may be a file path or a SQLAlchemy URL.

This module is imported on every start-up: it must stay free of heavy imports.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "career"
DB_FILENAME = "career.db"


def _home_override() -> Path | None:
    home = os.environ.get("CAREER_HOME")
    return Path(home).expanduser() if home else None


def data_dir() -> Path:
    """The folder for the database and its backups."""
    home = _home_override()
    if home is not None:
        return home
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The folder for the configuration file."""
    home = _home_override()
    if home is not None:
        return home
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def backup_dir() -> Path:
    return data_dir() / "backups"


def database_target(cli_value: str | None = None) -> str:
    """The database the user chose: `--db`, then `CAREER_DB`, then the default file."""
    if cli_value is not None:  # given, even empty: an empty one is an error, not the default
        return cli_value
    env = os.environ.get("CAREER_DB")
    if env is not None:
        return env
    return str(data_dir() / DB_FILENAME)


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) as 0700 if missing; a folder we create is private."""
    if not path.exists():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.chmod(0o700)
    return path


def ensure_private_file(path: Path) -> bool:
    """Create an empty 0600 file at `path` unless it exists; True when it was created.

    SQLite gives a database's -wal and -shm files the permissions of the database file, so
    creating the file ourselves before SQLite opens it keeps all three private.
    """
    ensure_private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    os.close(fd)
    path.chmod(0o600)
    return True
