"""`career db path | current | upgrade | backup [FILE] | backups | restore`."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from career.cli.options import ViewFormatOption
from career.cli.output import Format, message, print_listing
from career.cli.state import get_state
from career.errors import InvalidInput

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.engine import URL

app = typer.Typer(
    help="Where the data lives, its schema, backups and restores.", no_args_is_help=True
)


@app.command("path")
def path(ctx: typer.Context) -> None:
    """Print the database's location (a URL's password is hidden)."""
    from career.db.engine import hide_password, parse_target, sqlite_path
    from career.paths import database_target

    url = parse_target(database_target(get_state(ctx).db_target))
    file = sqlite_path(url)
    typer.echo(str(file) if file is not None else hide_password(url))


@app.command("current")
def current(ctx: typer.Context) -> None:
    """Print the schema revision of the database and where it stands (changes nothing)."""
    from career.db.migrate import refuse_unusable, schema_state
    from career.db.sqlite import SCHEMA_HEAD

    url = _url(ctx)
    found = schema_state(url)
    if found.state == "foreign":
        refuse_unusable(url, found)
    described = {
        "missing": "no database yet: it is created on first use",
        "empty": f"no schema yet: career needs {SCHEMA_HEAD}",
        "current": "up to date",
        "behind": f"behind: career needs {SCHEMA_HEAD}",
        "newer": f"newer than this career, which knows up to {SCHEMA_HEAD}",
    }
    typer.echo(f"{found.revision or 'none'} ({described[found.state]})")


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Upgrade the schema to this career's (a SQLite file is backed up first)."""
    from career.db import migrate

    before, after = migrate.upgrade(get_state(ctx).database(prepare=False))
    if before == after:
        message(f"already at {after}")
    else:
        message(f"upgraded {before or 'empty database'} -> {after}")


def _url(ctx: typer.Context) -> "URL":
    from career.db.engine import parse_target
    from career.paths import database_target

    return parse_target(database_target(get_state(ctx).db_target))


def _postgres_tools(url: "URL", verb: str) -> InvalidInput:
    """What to use instead on PostgreSQL: its own tools, with this database's connection
    (never its password)."""
    where = " ".join(
        f"--{name}={value}"
        for name, value in (("host", url.host), ("port", url.port), ("username", url.username))
        if value
    )
    where = f"{where} " if where else ""
    name = url.database or "DBNAME"
    if verb == "restore":
        how = f"pg_restore --clean --if-exists {where}--dbname={name} career.dump"
    else:
        how = f"pg_dump --format=custom --file=career.dump {where}{name}"
    return InvalidInput(
        f"`career db {verb}` works on a SQLite file; use PostgreSQL's own tools: {how}"
    )


def _sqlite_file(ctx: typer.Context, verb: str) -> Path:
    from career.db.engine import sqlite_path

    db = get_state(ctx).database()
    file = sqlite_path(db.url)
    if file is None:
        raise _postgres_tools(db.url, verb)
    return file


@app.command("backup")
def backup(
    ctx: typer.Context,
    file: Annotated[
        Path | None, typer.Argument(help="Where to write (default: backups folder).")
    ] = None,
) -> None:
    """Copy the database, consistently, while it may be in use."""
    from career.db.backups import backup_sqlite

    written = backup_sqlite(_sqlite_file(ctx, "backup"), file.expanduser() if file else None)
    typer.echo(str(written))


BACKUP_FIELDS = ["file", "kind", "taken", "bytes"]
BACKUP_COLUMNS = [("when", "taken"), ("kind", "kind"), ("size", "size"), ("file", "file")]


@app.command("backups")
def backups(ctx: typer.Context, fmt: ViewFormatOption = Format.table) -> None:
    """List the backups of the database in the backups folder, oldest first: daily (taken
    before the first write of a day, rotated), manual (`db backup`), pre-upgrade, pre-restore."""
    from career.db import backups as kept
    from career.db.engine import sqlite_path
    from career.paths import backup_dir

    url = _url(ctx)
    target = sqlite_path(url)
    if target is None:
        raise _postgres_tools(url, "backups")
    rows: list[dict[str, Any]] = []
    for backup in kept.list_backups(target):
        try:
            size = backup.path.stat().st_size
        except OSError:  # removed meanwhile
            continue
        rows.append(
            {
                "file": str(backup.path),
                "kind": backup.kind,
                "taken": backup.taken,
                "bytes": size,
                "when": f"{backup.taken.astimezone():%Y-%m-%d %H:%M:%S}",
                "size": _size(size),
            }
        )
    if fmt is Format.json:
        rows = [{k: row[k] for k in BACKUP_FIELDS} for row in rows]
    print_listing(
        rows,
        fmt,
        fields=BACKUP_FIELDS,
        columns=BACKUP_COLUMNS,
        empty=f"no backups of {target} in {backup_dir()} yet",
    )


def _size(count: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= size:
            return f"{count / size:.1f} {unit}"
    return f"{count} B"


@app.command("restore")
def restore(
    ctx: typer.Context,
    file: Annotated[
        Path | None, typer.Argument(help="A backup file (`career db backups` lists them).")
    ] = None,
    latest: Annotated[
        bool, typer.Option("--latest", help="The newest backup of this database.")
    ] = False,
    before: Annotated[
        str | None,
        typer.Option("--before", metavar="DATE", help="The newest backup taken before DATE began."),
    ] = None,
) -> None:
    """Replace the database with a checked backup; what it replaces is kept."""
    from career.db import migrate
    from career.db.engine import sqlite_path

    if (file is not None) + latest + (before is not None) != 1:
        raise InvalidInput("give one of FILE, --latest or --before DATE")
    until = _start_of(before) if before is not None else None
    url = _url(ctx)
    target = sqlite_path(url)
    if target is None:
        raise _postgres_tools(url, "restore")
    if file is None:
        from career.db.backups import choose

        chosen = choose(target, until)
        file = chosen.path
        what = f"the {chosen.kind} backup of {chosen.taken.astimezone():%Y-%m-%d %H:%M} ({file})"
    else:
        what = str(file)
    kept, revision = migrate.restore_sqlite(target, file)
    saved = f"; the replaced database is kept at {kept}" if kept else ""
    message(f"restored {what} (schema {revision}){saved}")


def _start_of(text: str) -> "datetime":
    """The instant the local day `text` (a date as typed) begins."""
    from datetime import datetime

    from career.cli.options import parse_when

    day = parse_when(text, past=True)
    return datetime(day.year, day.month, day.day).astimezone()
