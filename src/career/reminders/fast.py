"""`career remind` from the shell, without typer, SQLAlchemy or rich.

People put `career remind` in their shell start-up, so it has a budget of six times the
interpreter's own start-up (DESIGN.md). Importing typer alone costs about five. The console
entry point (`career.cli.entry`) therefore hands an invocation that is plainly a remind
(`career [--db X] remind [--within N] [--format F] [--check]`) to `try_remind` before typer is
imported. Anything else (help, another option, a bad format word, a database that is not a
current SQLite file) returns None and takes the full CLI, whose `remind` command calls the same
`answer` below on a SQLAlchemy-backed `Fetch`. So the rules, the queries and the printing exist
once; only the way to the rows differs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import NamedTuple

from career.db.fetch import Fetch, nothing_recorded
from career.errors import CareerError, one_line


class Answer(NamedTuple):
    out: str  # for stdout
    note: str | None  # for stderr
    code: int


def answer(
    fetch: Fetch,
    *,
    within: str | None,
    fmt: str,
    check: bool,
    terminal: bool,
    width: int | None = None,
) -> Answer:
    """What `career remind` prints and its exit code (`width`: the terminal's, to fit)."""
    from career import clock, config
    from career.reminders.queries import collect
    from career.reminders.report import nothing, render
    from career.reminders.rules import Window, overdue

    settings = config.load()
    asked = check_within(within)
    days = asked if asked is not None else settings.within
    now = clock.now()
    window = Window(
        now=now, today=clock.today(), within=days, stale=settings.stale, every=settings.every
    )
    items = collect(fetch, window)
    code = 1 if check and overdue(items) else 0
    note = nothing(days) if not items and fmt != "json" else None
    return Answer(render(items, fmt, terminal=terminal, width=width), note, code)


def check_within(text: str | None) -> int | None:
    """--within as days; a bad one is refused before any database is opened."""
    if text is None:
        return None
    from career import dates

    return dates.parse_days(text)


class Invocation(NamedTuple):
    db: str | None = None
    within: str | None = None
    fmt: str = "table"
    check: bool = False


def _value(args: Sequence[str], i: int, names: tuple[str, ...]) -> tuple[str, int] | None:
    """The value of option `names` at args[i] (`--x V` or `--x=V`) and the next index."""
    arg = args[i]
    for name in names:
        if arg == name and i + 1 < len(args):
            return args[i + 1], i + 2
        if name.startswith("--") and arg.startswith(name + "="):
            return arg[len(name) + 1 :], i + 1
    return None


def parse(args: Sequence[str]) -> Invocation | None:
    """The invocation when it is plainly a remind this path can answer, else None."""
    db = None
    i = 0
    while i < len(args) and args[i] != "remind":
        found = _value(args, i, ("--db",))
        if found is None:
            return None
        db, i = found
    if i == len(args):
        return None
    i += 1
    within, fmt, check = None, "table", False
    while i < len(args):
        if args[i] == "--check":
            check, i = True, i + 1
            continue
        found = _value(args, i, ("--within",))
        if found is not None:
            within, i = found
            continue
        found = _value(args, i, ("--format", "-f"))
        if found is None or found[0].lower() not in ("table", "plain", "json"):
            return None
        fmt, i = found[0].lower(), found[1]
    return Invocation(db, within, fmt, check)


def _utf8(arg: str) -> bool:
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def try_remind(args: Sequence[str]) -> int | None:
    """Answer a remind through sqlite3 and return the exit code; None to take the full CLI."""
    invocation = parse(args)
    if invocation is None or not all(_utf8(a) for a in args):
        return None
    from career.db import sqlite as lite
    from career.paths import database_target
    from career.render import terminal_width

    try:
        check_within(invocation.within)
        target = database_target(invocation.db)
        path = lite.file_of(target)
        if path is None:
            return _on_server(invocation, target)
        conn = lite.open_current(path) if path.exists() else None
        if conn is None and path.exists():
            return None  # behind, or not ours: the full CLI upgrades or refuses it
        terminal = sys.stdout.isatty()
        try:
            fetch: Fetch = nothing_recorded
            if conn is not None:
                conn.execute("BEGIN")
                fetch = lite.fetcher(conn, path)
            result = answer(
                fetch,
                within=invocation.within,
                fmt=invocation.fmt,
                check=invocation.check,
                terminal=terminal,
                width=terminal_width() if terminal else None,
            )
        finally:
            if conn is not None:
                conn.close()
    except CareerError as exc:
        sys.stderr.write(one_line(exc.message) + "\n")
        return exc.exit_code
    return _shown(result)


def _on_server(invocation: Invocation, target: str) -> int | None:
    """A remind on a PostgreSQL server at the current schema, through psycopg (one read
    transaction); None when the target is anything else or the server cannot be used this
    way (the full CLI then opens it, or says why it cannot)."""
    from career.db import sqlite as lite
    from career.db.sql import PgSql, open_pg
    from career.render import terminal_width

    conn = open_pg(target, lite.SCHEMA_HEAD)
    if conn is None:
        return None
    terminal = sys.stdout.isatty()
    try:
        result = answer(
            PgSql(conn),
            within=invocation.within,
            fmt=invocation.fmt,
            check=invocation.check,
            terminal=terminal,
            width=terminal_width() if terminal else None,
        )
    except CareerError as exc:
        sys.stderr.write(one_line(exc.message) + "\n")
        return exc.exit_code
    finally:
        conn.close()
    return _shown(result)


def _shown(result: Answer) -> int:
    """Print `result`; its exit code."""
    try:
        emit(result)
    except BrokenPipeError:  # the reader stopped (`| head`): quietly, 0, as the full CLI does
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        sys.stderr.write(one_line(exc.strerror or str(exc)) + "\n")
        return 1
    return result.code


def emit(result: Answer) -> None:
    if result.out:
        sys.stdout.write(result.out)
        sys.stdout.flush()
    if result.note and sys.stderr.isatty():  # cron mails stderr too: silence when nothing's due
        sys.stderr.write(result.note + "\n")
