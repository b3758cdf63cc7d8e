"""`career add-deadline`, `career deadlines` and `career deadline done|move|rm`."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from career.cli.options import FormatOption, complete_from, parse_when
from career.cli.output import Format, message, print_listing, warn
from career.cli.state import get_state
from career.deadlines.vocab import DEADLINE_KINDS
from career.render import due_text

if TYPE_CHECKING:
    from career.deadlines.views import DeadlineView, Owner

KIND_HELP = "One of: " + ", ".join(DEADLINE_KINDS) + "."

# The JSON contract of one deadline in a listing: these keys, in this order. `belongs_to` is
# {"type": "application"|"event"|"session", "id": ..., "label": ...} or null; in CSV and
# tables it is one text ("application #1 FAR.AI — tech lead").
FIELDS = [
    "id",
    "title",
    "kind",
    "due",
    "at",
    "tz",
    "days_left",
    "remind_days",
    "done_at",
    "belongs_to",
]
COLUMNS = [
    ("id", "ID"),
    ("due", "Due"),
    ("at", "At"),
    ("left", "Left"),
    ("title", "Title"),
    ("kind", "Kind"),
    ("belongs_to", "For"),
]


def _owner_text(owner: "Owner | None") -> str | None:
    return f"{owner.type} #{owner.id} {owner.label}" if owner is not None else None


def record(view: "DeadlineView", today: date) -> dict[str, Any]:
    """A deadline as JSON (the contract); `days_left` counts from today (negative: overdue)."""
    owner = view.owner
    return {
        "id": view.id,
        "title": view.title,
        "kind": view.kind,
        "due": view.due,
        "at": view.at.strftime("%H:%M") if view.at is not None else None,
        "tz": view.tz,
        "days_left": (view.due - today).days,
        "remind_days": view.remind_days,
        "done_at": view.done_at,
        "belongs_to": (
            {"type": owner.type, "id": owner.id, "label": owner.label} if owner else None
        ),
    }


def _flat(view: "DeadlineView", today: date) -> dict[str, Any]:
    """The row of a table or a CSV file: `belongs_to` as one text."""
    return {**record(view, today), "belongs_to": _owner_text(view.owner)}


def _left(view: "DeadlineView", today: date, now: datetime) -> str:
    """The table's "Left": days from today, or "open since DATE" for an `opens` date that has
    passed (applications are open: nothing is late; see `career.reminders.rules`)."""
    from career.deadlines.moment import deadline_moment
    from career.reminders.rules import OPENS

    if view.kind == OPENS and view.done_at is None and deadline_moment(view) <= now:
        return f"open since {view.due.isoformat()}"
    return str((view.due - today).days)


def _when(view: "DeadlineView") -> str:
    return due_text(view.due, view.at, view.tz)


def _described(view: "DeadlineView") -> str:
    owner = _owner_text(view.owner)
    return f"deadline #{view.id} {view.title!r} ({view.kind}, due {_when(view)})" + (
        f" for {owner}" if owner else ""
    )


def add_deadline(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What is due.")],
    due: Annotated[str, typer.Option("--due", help="The due date (required).")],
    at: Annotated[
        str | None, typer.Option("--at", metavar="HH:MM", help="A time of day (24-hour).")
    ] = None,
    tz: Annotated[
        str | None,
        typer.Option(
            "--tz",
            metavar="ZONE",
            help="The time's IANA zone, such as Europe/London (default: the local zone).",
        ),
    ] = None,
    app_id: Annotated[
        int | None, typer.Option("--app", metavar="ID", help="The application it belongs to.")
    ] = None,
    event_id: Annotated[
        int | None, typer.Option("--event", metavar="ID", help="The event it belongs to.")
    ] = None,
    session_id: Annotated[
        int | None,
        typer.Option("--session", metavar="ID", help="The advising session it belongs to."),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            help=KIND_HELP + " Default: apply-by for --app, event for --event, action for "
            "--session, else other.",
            autocompletion=complete_from(DEADLINE_KINDS),
        ),
    ] = None,
    remind_days: Annotated[
        int | None, typer.Option("--remind-days", help="Days before to remind, 0 or more.")
    ] = None,
) -> None:
    """Record a deadline and print its id."""
    from career.deadlines import queries, service

    new = service.NewDeadline.checked(
        title,
        parse_when(due, past=False),
        at=at,
        tz=tz,
        application=app_id,
        event=event_id,
        session=session_id,
        kind=kind,
        remind_days=remind_days,
    )
    if new.owner_type is not None and new.owner_id is not None:
        with get_state(ctx).reading() as fetch:
            queries.check_owner(fetch, new.owner_type, new.owner_id)
    with get_state(ctx).writing() as sql:
        view = service.add_deadline(sql, new)
    for text in new.warnings:
        warn(text)
    message(f"added {_described(view)}")
    typer.echo(view.id)


def list_deadlines(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Done ones too.")] = False,
    done: Annotated[bool, typer.Option("--done", help="Only the done ones.")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """List open deadlines, most urgent first (--all: done ones too; --done: only those)."""
    from career import clock
    from career.deadlines import queries

    with get_state(ctx).reading() as fetch:
        views = queries.list_deadlines(fetch, include_done=all_, only_done=done)
    today = clock.today()
    if fmt is Format.json:
        rows = [record(v, today) for v in views]
    elif fmt is Format.csv:
        rows = [_flat(v, today) for v in views]
    else:
        now = clock.now()
        rows = [{**_flat(v, today), "left": _left(v, today, now)} for v in views]
    print_listing(
        rows,
        fmt,
        fields=FIELDS,
        columns=[*COLUMNS, ("done_at", "Done")] if (all_ or done) else COLUMNS,
        empty="no deadlines done" if done else "no deadlines" if all_ else "no open deadlines",
        short=("left",),  # "open since 2024-04-01" is read whole
    )


deadline_group = typer.Typer(help="Act on one deadline.", no_args_is_help=True)


@deadline_group.command("done")
def done(ctx: typer.Context, deadline_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """Mark a deadline done (now)."""
    from career.deadlines import service

    _existing(ctx, deadline_id)
    with get_state(ctx).writing() as sql:
        view = service.finish_deadline(sql, deadline_id)
    message(f"done: {_described(view)}")


@deadline_group.command("move")
def move(
    ctx: typer.Context,
    deadline_id: Annotated[int, typer.Argument(metavar="ID")],
    due: Annotated[str | None, typer.Option("--due", help="The new due date.")] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", metavar="HH:MM", help="The new time of day (empty: all day)."),
    ] = None,
) -> None:
    """Change when a deadline is due."""
    from career.deadlines import service

    change = service.DeadlineMove.checked(
        parse_when(due, past=False) if due is not None else None, at
    )
    _existing(ctx, deadline_id)
    with get_state(ctx).writing() as sql:
        before, after, warnings = service.move_deadline(sql, deadline_id, change)
    for text in warnings:
        warn(text)
    message(f"moved deadline #{after.id} {after.title!r}: {_when(before)} -> {_when(after)}")


@deadline_group.command("rm")
def remove(
    ctx: typer.Context,
    deadline_id: Annotated[int, typer.Argument(metavar="ID")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Delete a deadline."""
    from career.deadlines import service

    found = _existing(ctx, deadline_id)
    if not yes:
        typer.confirm(f"Delete {_described(found)}?", abort=True, err=True)
    with get_state(ctx).writing() as sql:
        removed = service.remove_deadline(sql, deadline_id)
    message(f"removed {_described(removed)}")


def _existing(ctx: typer.Context, deadline_id: int) -> "DeadlineView":
    """The deadline, read without creating or migrating anything."""
    from career.deadlines import queries

    with get_state(ctx).reading() as fetch:
        return queries.show_deadline(fetch, deadline_id)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `career` app."""
    app.command("add-deadline")(add_deadline)
    app.command("deadlines")(list_deadlines)
    app.add_typer(deadline_group, name="deadline")
