"""Errors a user can cause, each with its exit code.

Services and parsers raise these; the CLI turns them into one line on stderr and the exit code,
once, at the edge (`career.cli.main`). Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


def one_line(message: str) -> str:
    """How every error reaches the user: one line on stderr."""
    return f"career: error: {message}"


class CareerError(Exception):
    """Base of every error that is reported to the user as a one-line message."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(CareerError):
    """The user gave a value that cannot be used (a bad date, an unknown status, ...)."""

    exit_code = 2


class NotFound(CareerError):
    """The record the user named does not exist."""

    exit_code = 3


class Conflict(CareerError):
    """The change would contradict what is already recorded (a duplicate, a no-op move)."""

    exit_code = 4


class StorageError(CareerError):
    """The database cannot be opened, read, written or migrated."""

    exit_code = 5


class SchemaBehind(StorageError):
    """The database schema is older than this version of career expects."""
