"""`career add-session`, `career sessions` and `career session show`."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from career.cli.options import FormatOption, parse_when
from career.cli.output import Format, message, print_json, print_listing, warn
from career.cli.state import get_state
from career.render import printable

if TYPE_CHECKING:
    from career.advising.views import SessionView

# The JSON contract of one session in a listing: these keys, in this order.
FIELDS = [
    "id",
    "organization",
    "advisor",
    "held_on",
    "notes_url",
    "summary",
    "takeaways",
    "actions_open",
    "actions_done",
]
COLUMNS = [
    ("id", "ID"),
    ("held_on", "Date"),
    ("organization", "Organization"),
    ("advisor", "Advisor"),
    ("actions_open", "Open"),
    ("actions_done", "Done"),
    ("summary", "Summary"),
]


def record(view: "SessionView", *, detail: bool = False) -> dict[str, Any]:
    """A session as JSON (the contract) and as the row tables and CSV draw from."""
    done = sum(1 for a in view.actions if a.done)
    row: dict[str, Any] = {
        "id": view.id,
        "organization": view.organization,
        "advisor": view.advisor,
        "held_on": view.held_on,
        "notes_url": view.notes_url,
        "summary": view.summary,
        "takeaways": list(view.takeaways),
        "actions_open": len(view.actions) - done,
        "actions_done": done,
    }
    if detail:
        row["advisor_id"] = view.advisor_id
        row["created_at"] = view.created_at
        row["actions"] = [
            {
                "deadline_id": a.deadline_id,
                "title": a.title,
                "kind": a.kind,
                "due_on": a.due_on,
                "done": a.done,
                "done_at": a.done_at,
            }
            for a in view.actions
        ]
    return row


def _label(view: "SessionView") -> str:
    return f"#{view.id} {view.organization} on {view.held_on}"


def _print_detail(view: "SessionView") -> None:
    lines = [_label(view)]
    advisor = f"{view.advisor} (contact #{view.advisor_id})" if view.advisor else None
    optional = [("advisor", advisor), ("notes", view.notes_url), ("summary", view.summary)]
    lines += [f"  {name:<11} {value}" for name, value in optional if value]
    lines.append("takeaways")
    lines += [f"  {n}. {text}" for n, text in enumerate(view.takeaways, 1)]
    if not view.takeaways:
        lines.append("  none")
    lines.append("action items")
    for a in view.actions:
        mark = "x" if a.done else " "
        lines.append(f"  [{mark}] deadline #{a.deadline_id}  due {a.due_on}  {a.title}")
    if not view.actions:
        lines.append("  none")
    typer.echo(printable("\n".join(lines)))


def add_session(
    ctx: typer.Context,
    organization: Annotated[str, typer.Argument(help="The advising organization.")],
    advisor: Annotated[
        str | None, typer.Option("--advisor", help="The advisor's name (a contact there).")
    ] = None,
    on: Annotated[
        str | None, typer.Option("--on", help="When it was held (default today).")
    ] = None,
    notes_url: Annotated[
        str | None, typer.Option("--notes-url", help="Where your notes are.")
    ] = None,
    summary: Annotated[str | None, typer.Option("--summary", help="The gist.")] = None,
    takeaway: Annotated[
        list[str] | None, typer.Option("--takeaway", help="A takeaway (repeatable, in order).")
    ] = None,
    action: Annotated[
        list[str] | None,
        typer.Option("--action", help="An action item, tracked as a deadline (repeatable)."),
    ] = None,
    action_due: Annotated[
        str | None,
        typer.Option("--action-due", help="When the action items are due (default +14 days)."),
    ] = None,
) -> None:
    """Record an advising session with its takeaways and action items; print its id."""
    from career.advising import service

    new = service.NewSession.checked(
        organization,
        advisor=advisor,
        held_on=parse_when(on, past=True) if on is not None else None,
        notes_url=notes_url,
        summary=summary,
        takeaways=takeaway or (),
        actions=action or (),
        action_due=parse_when(action_due, past=False) if action_due is not None else None,
    )
    with get_state(ctx).writing() as sql:
        added = service.add_session(sql, new)
    for text in added.warnings:
        warn(text)
    view = added.session
    if added.new_advisor_id is not None:
        message(f"added contact #{added.new_advisor_id} {view.advisor} (advisor)")
    items = f", {len(view.actions)} action item(s) due {new.action_due}" if view.actions else ""
    message(f"added session {_label(view)}{items}")
    typer.echo(view.id)


def list_sessions(
    ctx: typer.Context,
    org: Annotated[str | None, typer.Option("--org", help="Only this organization.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List advising sessions, most recent first."""
    from career.advising import queries

    with get_state(ctx).reading() as fetch:
        views = queries.list_sessions(fetch, organization=org)
    print_listing(
        [record(v) for v in views],
        fmt,
        fields=FIELDS,
        columns=COLUMNS,
        empty="no sessions match" if org else "no sessions",
    )


session_group = typer.Typer(help="Act on one advising session.", no_args_is_help=True)


@session_group.command("show")
def show(
    ctx: typer.Context,
    session_id: Annotated[int, typer.Argument(metavar="ID")],
    fmt: FormatOption = Format.table,
) -> None:
    """Show a session: its fields, takeaways, and action items with whether each is done."""
    from career.advising import queries

    with get_state(ctx).reading() as fetch:
        view = queries.show_session(fetch, session_id)
    if fmt is Format.table:
        _print_detail(view)
    elif fmt is Format.json:
        print_json(record(view, detail=True))
    else:
        print_listing([record(view)], fmt, fields=FIELDS, columns=COLUMNS)


def register(app: typer.Typer) -> None:
    app.command("add-session")(add_session)
    app.command("sessions")(list_sessions)
    app.add_typer(session_group, name="session")
