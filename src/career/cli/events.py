"""`career add-event`, `career events` and `career event show|move|edit`."""

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from career.cli.deadlines import record as deadline_record
from career.cli.options import FormatOption, complete_from, parse_when
from career.cli.output import Format, message, print_json, print_listing, warn
from career.cli.state import get_state
from career.events.vocab import EVENT_KINDS, EVENT_STATUSES
from career.pipeline.vocab import check_choice
from career.render import printable

if TYPE_CHECKING:
    from career.events.views import EventView

STATUS_HELP = "One of: " + ", ".join(EVENT_STATUSES) + "."
KIND_HELP = "One of: " + ", ".join(EVENT_KINDS) + "."

# The JSON contract of one event in a listing: these keys, in this order.
FIELDS = [
    "id",
    "name",
    "kind",
    "host",
    "start",
    "end",
    "status",
    "url",
    "team",
    "outcome",
    "notes",
]
COLUMNS = [
    ("id", "ID"),
    ("name", "Name"),
    ("kind", "Kind"),
    ("host", "Host"),
    ("start", "Start"),
    ("end", "End"),
    ("status", "Status"),
    ("team", "Team"),
]


def record(view: "EventView", today: date, *, detail: bool = False) -> dict[str, Any]:
    """An event as JSON (the contract) and as the row tables and CSV draw from. `detail` adds
    the timestamps and the event's deadlines (records of `career deadlines`)."""
    row: dict[str, Any] = {
        "id": view.id,
        "name": view.name,
        "kind": view.kind,
        "host": view.host,
        "start": view.start,
        "end": view.end,
        "status": view.status,
        "url": view.url,
        "team": view.team,
        "outcome": view.outcome,
        "notes": view.notes,
    }
    if detail:
        row["created_at"] = view.created_at
        row["updated_at"] = view.updated_at
        row["deadlines"] = [deadline_record(d, today) for d in view.deadlines]
    return row


def _label(view: "EventView") -> str:
    host = f" ({view.host})" if view.host else ""
    return f"#{view.id} {view.name}{host}"


def _when(view: "EventView") -> str | None:
    if view.start is None and view.end is None:
        return None
    if view.end is None or view.end == view.start:
        return f"from {view.start}" if view.end is None else str(view.end)
    if view.start is None:
        return f"until {view.end}"
    return f"{view.start} to {view.end}"


def _print_detail(view: "EventView", today: date) -> None:
    lines = [_label(view), f"  kind        {view.kind}", f"  status      {view.status}"]
    optional = [
        ("host", view.host),
        ("dates", _when(view)),
        ("url", view.url),
        ("team", view.team),
        ("outcome", view.outcome),
        ("notes", view.notes),
    ]
    lines += [f"  {name:<11} {value}" for name, value in optional if value]
    lines.append("deadlines" if view.deadlines else "deadlines   none")
    for d in view.deadlines:
        row = deadline_record(d, today)
        at = f" {row['at']}" if row["at"] else ""
        done = "done" if d.done_at else f"{row['days_left']} days left"
        lines.append(f"  #{d.id} {d.due}{at}  {d.title} ({d.kind}, {done})")
    typer.echo(printable("\n".join(lines)))


def _date(text: str | None) -> date | None:
    return parse_when(text, past=False) if text is not None else None


def add_event(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The event's name.")],
    kind: Annotated[
        str, typer.Option(help=KIND_HELP, autocompletion=complete_from(EVENT_KINDS))
    ] = "hackathon",
    host: Annotated[str | None, typer.Option(help="The host organization (name or alias).")] = None,
    start: Annotated[str | None, typer.Option(help="The first day.")] = None,
    end: Annotated[str | None, typer.Option(help="The last day.")] = None,
    url: Annotated[str | None, typer.Option(help="The event's page.")] = None,
    status: Annotated[
        str, typer.Option(help=STATUS_HELP, autocompletion=complete_from(EVENT_STATUSES))
    ] = "interested",
    team: Annotated[str | None, typer.Option(help="Your team.")] = None,
    outcome: Annotated[str | None, typer.Option(help="The project or result.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Free-text notes.")] = None,
) -> None:
    """Record an event (hackathon, sprint, jam...) and print its id."""
    from career.events import service

    new = service.NewEvent.checked(
        name,
        kind=kind,
        host=host,
        start=_date(start),
        end=_date(end),
        url=url,
        status=status,
        team=team,
        outcome=outcome,
        notes=note,
    )
    with get_state(ctx).writing() as sql:
        view, warnings = service.add_event(sql, new)
    for text in warnings:
        warn(text)
    when = _when(view)
    message(f"added {_label(view)} ({view.status}{', ' + when if when else ''})")
    typer.echo(view.id)


def list_events(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Done and skipped ones too.")] = False,
    status: Annotated[
        list[str] | None,
        typer.Option("--status", help=STATUS_HELP, autocompletion=complete_from(EVENT_STATUSES)),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help=KIND_HELP, autocompletion=complete_from(EVENT_KINDS)),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List events by start date (not done or skipped unless --all or --status)."""
    from career import clock
    from career.events import queries

    with get_state(ctx).reading() as fetch:
        views = queries.list_events(
            fetch, include_finished=all_, statuses=status or (), kinds=kind or ()
        )
    today = clock.today()
    print_listing(
        [record(v, today) for v in views],
        fmt,
        fields=FIELDS,
        columns=COLUMNS,
        empty="no events match" if (status or kind) else "no events",
    )


event_group = typer.Typer(help="Act on one event.", no_args_is_help=True)


@event_group.command("show")
def show(
    ctx: typer.Context,
    event_id: Annotated[int, typer.Argument(metavar="ID")],
    fmt: FormatOption = Format.table,
) -> None:
    """Show an event's fields and its deadlines."""
    from career import clock

    view = _existing(ctx, event_id)
    today = clock.today()
    if fmt is Format.table:
        _print_detail(view, today)
    elif fmt is Format.json:
        print_json(record(view, today, detail=True))
    else:
        print_listing([record(view, today)], fmt, fields=FIELDS, columns=COLUMNS)


@event_group.command("move")
def move(
    ctx: typer.Context,
    event_id: Annotated[int, typer.Argument(metavar="ID")],
    status: Annotated[
        str, typer.Argument(help=STATUS_HELP, autocompletion=complete_from(EVENT_STATUSES))
    ],
) -> None:
    """Move an event to a new status."""
    from career.events import service

    check_choice(status, EVENT_STATUSES, "status")
    _existing(ctx, event_id)
    with get_state(ctx).writing() as sql:
        before, view = service.move_event(sql, event_id, status)
    message(f"{_label(view)}: {before} -> {view.status}")


@event_group.command("edit")
def edit(
    ctx: typer.Context,
    event_id: Annotated[int, typer.Argument(metavar="ID")],
    name: Annotated[str | None, typer.Option(help="A new name.")] = None,
    kind: Annotated[
        str | None, typer.Option(help=KIND_HELP, autocompletion=complete_from(EVENT_KINDS))
    ] = None,
    host: Annotated[str | None, typer.Option(help="The host (empty clears).")] = None,
    start: Annotated[str | None, typer.Option(help="The first day (empty clears).")] = None,
    end: Annotated[str | None, typer.Option(help="The last day (empty clears).")] = None,
    url: Annotated[str | None, typer.Option(help="Empty clears.")] = None,
    status: Annotated[
        str | None,
        typer.Option(help=STATUS_HELP, autocompletion=complete_from(EVENT_STATUSES)),
    ] = None,
    team: Annotated[str | None, typer.Option(help="Empty clears.")] = None,
    outcome: Annotated[str | None, typer.Option(help="Empty clears.")] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="Replace the notes (empty clears).")
    ] = None,
) -> None:
    """Change an event's fields."""
    from career.events import service
    from career.pipeline.vocab import UNCHANGED, Unchanged

    def day(text: str | None) -> date | Unchanged | None:
        if text is None:
            return UNCHANGED
        return parse_when(text, past=False) if text.strip() else None

    changes = service.EventChanges.checked(
        name=name,
        kind=kind,
        host=host,
        start=day(start),
        end=day(end),
        url=url,
        status=status,
        team=team,
        outcome=outcome,
        notes=note,
    )
    _existing(ctx, event_id)
    with get_state(ctx).writing() as sql:
        view, warnings = service.edit_event(sql, event_id, changes)
    for text in warnings:
        warn(text)
    message(f"updated {_label(view)}")


def _existing(ctx: typer.Context, event_id: int) -> "EventView":
    """The event, read without creating or migrating anything."""
    from career.events import queries

    with get_state(ctx).reading() as fetch:
        return queries.show_event(fetch, event_id)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `career` app."""
    app.command("add-event")(add_event)
    app.command("events")(list_events)
    app.add_typer(event_group, name="event")
