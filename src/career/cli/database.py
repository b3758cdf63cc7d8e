"""`career db path | current | upgrade | backup [FILE] | restore FILE`."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from career.cli.output import message
from career.cli.state import get_state
from career.errors import InvalidInput

if TYPE_CHECKING:
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


def _sqlite_file(ctx: typer.Context, verb: str) -> Path:
    from career.db.engine import sqlite_path

    db = get_state(ctx).database()
    file = sqlite_path(db.url)
    if file is None:
        raise InvalidInput(f"`career db {verb}` works on a SQLite file; use PostgreSQL's own tools")
    return file


@app.command("backup")
def backup(
    ctx: typer.Context,
    file: Annotated[
        Path | None, typer.Argument(help="Where to write (default: backups folder).")
    ] = None,
) -> None:
    """Copy the database, consistently, while it may be in use."""
    from career.db.migrate import backup_sqlite

    written = backup_sqlite(_sqlite_file(ctx, "backup"), file.expanduser() if file else None)
    typer.echo(str(written))


@app.command("restore")
def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A backup made by `career db backup`.")],
) -> None:
    """Replace the database with a checked backup; what it replaces is kept."""
    from career.db import migrate
    from career.db.engine import sqlite_path

    target = sqlite_path(_url(ctx))
    if target is None:
        raise InvalidInput("`career db restore` works on a SQLite file; use PostgreSQL's own tools")
    kept, revision = migrate.restore_sqlite(target, file)
    saved = f"; the replaced database is kept at {kept}" if kept else ""
    message(f"restored {file} (schema {revision}){saved}")
