"""`career history` (what changed, newest first) and `career undo` (take one change back)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import TYPE_CHECKING, Annotated, Any

import typer

from career.cli.options import format_option, parse_when
from career.cli.output import Format, message, print_listing
from career.cli.state import get_state

if TYPE_CHECKING:
    from career.history.queries import ChangeView

FIELDS = ["id", "at", "command", "summary", "undoes", "undone_by", "rows"]
COLUMNS = [
    ("id", "ID"),
    ("when", "When"),
    ("command", "Command"),
    ("summary", "Changes"),
    ("state", "Undo"),
]


def change_record(view: ChangeView, *, table: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": view.id,
        "at": view.at,
        "command": view.command,
        "summary": view.summary,
        "undoes": view.undoes,
        "undone_by": view.undone_by,
    }
    if table:
        row["when"] = view.at.astimezone().strftime("%Y-%m-%d %H:%M")
        state = []
        if view.undoes is not None:
            state.append(f"undoes {view.undoes}")
        if view.undone_by is not None:
            state.append(f"undone by {view.undone_by}")
        row["state"] = ", ".join(state)
    else:
        row["rows"] = [{"table": r.table, "op": r.op, "count": r.count} for r in view.rows]
    return row


def history(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="Changes from this day on.")
    ] = None,
    application: Annotated[
        int | None,
        typer.Option("--app", metavar="ID", help="Changes to this application or its records."),
    ] = None,
    organization: Annotated[
        str | None,
        typer.Option("--org", metavar="NAME", help="Changes to this organization or its records."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", metavar="N", help="At most N changes.", min=1)
    ] = None,
    fmt: Annotated[Format, format_option(Format.table, Format.json, Format.csv)] = Format.table,
) -> None:
    """List the recorded changes, newest first ('career undo ID' takes one back)."""
    from career.history import queries

    start = None
    if since is not None:
        day = parse_when(since, past=True)
        start = datetime.combine(day, time.min).astimezone().astimezone(UTC)
    with get_state(ctx).reading() as fetch:
        views = queries.list_changes(
            fetch, since=start, application=application, organization=organization, limit=limit
        )
    filtered = since is not None or application is not None or organization is not None
    rows = [change_record(v, table=fmt is Format.table) for v in views]
    if fmt is Format.csv:
        for row in rows:
            row["rows"] = "; ".join(f"{r['count']} {r['table']} {r['op']}" for r in row["rows"])
    print_listing(
        rows,
        fmt,
        fields=FIELDS,
        columns=COLUMNS,
        empty="no changes match" if filtered else "no changes recorded yet",
        short=("id", "when", "state"),
    )


def undo(
    ctx: typer.Context,
    change: Annotated[
        int | None,
        typer.Argument(
            metavar="[ID]",
            help="The change to take back (see 'career history'); default: the latest.",
        ),
    ] = None,
) -> None:
    """Take back a change: the latest, or change ID. An undo is a change too: undo it to redo."""
    from sqlalchemy.exc import IntegrityError

    from career.db import changes

    state = get_state(ctx)
    with state.session(write=True) as session:
        from career.db.sql import SessionSql

        sql = SessionSql(session)
        done = changes.undo(sql, sql.backend, change, refused=(IntegrityError,))
    back = f", so change {done.restored} is in effect again" if done.restored else ""
    message(
        f"undid change {done.target} ({done.command}: {done.summary}){back}; "
        f"'career undo {done.change_id}' takes this back"
    )


def register(app: typer.Typer) -> None:
    app.command("history")(history)
    app.command("undo")(undo)
