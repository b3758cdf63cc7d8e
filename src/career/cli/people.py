"""`career add-contact`, `career contacts [--due]`, `career contact show|edit|link|unlink` and
`career touch`."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from career.cli.options import FormatOption, complete_from
from career.cli.output import Format, message, print_json, print_listing, warn
from career.cli.state import get_state
from career.people.vocab import CONTACT_RELATIONS, INTERACTION_VIAS
from career.pipeline.vocab import check_choice
from career.render import printable

if TYPE_CHECKING:
    from career.people.views import ContactView, DueContact, TimelineEntry

RELATION_HELP = "One of: " + ", ".join(CONTACT_RELATIONS) + "."
VIA_HELP = "How: " + ", ".join(INTERACTION_VIAS) + " [default: other]."

# The JSON contract of one contact in a listing: these keys, in this order.
FIELDS = ["id", "name", "organization", "role", "email", "url", "notes"]
COLUMNS = [
    ("id", "ID"),
    ("name", "Name"),
    ("organization", "Organization"),
    ("role", "Role"),
    ("email", "Email"),
]


def record(view: "ContactView", *, detail: bool = False) -> dict[str, Any]:
    """A contact as JSON (the contract) and as the row tables and CSV draw from."""
    row: dict[str, Any] = {
        "id": view.id,
        "name": view.name,
        "organization": view.organization,
        "role": view.role,
        "email": view.email,
        "url": view.url,
        "notes": view.notes,
    }
    if detail:
        row["created_at"] = view.created_at
        row["applications"] = [
            {
                "id": a.id,
                "organization": a.organization,
                "role": a.role,
                "status": a.status,
                "relation": a.relation,
            }
            for a in view.applications
        ]
        row["sessions"] = [
            {"id": s.id, "organization": s.organization, "held_on": s.held_on}
            for s in view.sessions
        ]
        row["every_days"] = view.every_days
        row["timeline"] = [entry_record(e) for e in view.timeline]
    return row


def entry_record(entry: "TimelineEntry") -> dict[str, Any]:
    """One interaction as JSON: these keys, in this order."""
    return {
        "date": entry.day,
        "source": entry.source,
        "id": entry.id,
        "via": entry.via,
        "note": entry.note,
        "application_id": entry.application_id,
        "summary": entry.summary(),
    }


# The JSON contract of one due contact (`contacts --due`): these keys, in this order.
DUE_FIELDS = [
    "id", "name", "organization", "role", "every_days", "since", "due", "overdue_days",
    "last_date", "last",
]  # fmt: skip
DUE_COLUMNS = [
    ("id", "ID"),
    ("name", "Name"),
    ("organization", "Organization"),
    ("every", "Every"),
    ("last_date", "Last"),
    ("overdue", "Overdue"),
    ("last", "Last interaction"),
]


def due_record(due: "DueContact") -> dict[str, Any]:
    from career.people.cadence import every_short

    return {
        "id": due.id,
        "name": due.name,
        "organization": due.organization,
        "role": due.role,
        "every_days": due.every,
        "since": due.since,
        "due": due.due,
        "overdue_days": due.overdue,
        "last_date": due.last.day if due.last is not None else None,
        "last": due.last.summary() if due.last is not None else None,
        # table only
        "every": every_short(due.every),
        "overdue": f"{due.overdue}d",
    }


def _label(view: "ContactView") -> str:
    at = f" ({view.organization})" if view.organization else ""
    return f"#{view.id} {view.name}{at}"


def _print_detail(view: "ContactView") -> None:
    lines = [_label(view)]
    optional = [
        ("role", view.role),
        ("email", view.email),
        ("url", view.url),
        ("notes", view.notes),
    ]
    lines += [f"  {name:<11} {value}" for name, value in optional if value]
    lines.append("applications")
    for a in view.applications:
        role = f" — {a.role}" if a.role else ""
        lines.append(f"  #{a.id} {a.organization}{role} ({a.status}) as {a.relation}")
    if not view.applications:
        lines.append("  none")
    lines.append("sessions advised")
    for s in view.sessions:
        lines.append(f"  #{s.id} {s.held_on} {s.organization}")
    if not view.sessions:
        lines.append("  none")
    lines.append("keep in touch")
    lines.append(f"  {_cadence_line(view)}")
    lines.append("timeline")
    for e in view.timeline:
        lines.append(f"  {e.day} {e.summary()}")
    if not view.timeline:
        lines.append("  none")
    typer.echo(printable("\n".join(lines)))


def _cadence_line(view: "ContactView") -> str:
    """The cadence in effect and where it comes from, and when the contact is due."""
    from career import clock, config
    from career.people.cadence import cadence, due_on, every_text, local_day, role_words

    defaults = config.load().every
    every = cadence(view.every_days, view.role, defaults)
    if view.every_days == 0:
        return "never (--every none)"
    if every is None:
        return "no cadence (set one with `career contact edit ID --every 6w`)"
    if view.every_days is not None:
        origin = "its own"
    else:
        word = next(w for w in role_words(view.role) if defaults.get(w) == every)
        origin = f"setting contacts.every.{word}"
    last = view.timeline[0].day if view.timeline else None
    due = due_on(last, local_day(view.created_at), every)
    when = (
        "due today"
        if due == clock.today()
        else (f"due since {due}" if due < clock.today() else f"due on {due}")
    )
    return f"{every_text(every)} ({origin}); {when}"


def add_contact(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The person's name.")],
    org: Annotated[
        str | None, typer.Option("--org", help="Their organization (name or alias).")
    ] = None,
    role: Annotated[str | None, typer.Option("--role", help="Advisor, recruiter...")] = None,
    email: Annotated[str | None, typer.Option("--email", help="An email address.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="A profile or page.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Free-text notes.")] = None,
) -> None:
    """Record a contact and print its id."""
    from career.people import service

    new = service.NewContact.checked(
        name, organization=org, role=role, email=email, url=url, notes=note
    )
    with get_state(ctx).writing() as sql:
        view, warnings = service.add_contact(sql, new)
    for text in warnings:
        warn(text)
    message(f"added contact {_label(view)}")
    typer.echo(view.id)


def list_contacts(
    ctx: typer.Context,
    org: Annotated[str | None, typer.Option("--org", help="Only this organization.")] = None,
    due: Annotated[
        bool,
        typer.Option(
            "--due", help="Only contacts whose cadence has come round, most overdue first."
        ),
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """List contacts by name (--due: those to get back to, most overdue first)."""
    from career.people import queries

    if due:
        if org is not None:
            from career.errors import InvalidInput

            raise InvalidInput("--due lists every due contact: it does not take --org")
        _list_due(ctx, fmt)
        return
    with get_state(ctx).reading() as fetch:
        views = queries.list_contacts(fetch, organization=org)
    print_listing(
        [record(v) for v in views],
        fmt,
        fields=FIELDS,
        columns=COLUMNS,
        empty="no contacts match" if org else "no contacts",
    )


def _list_due(ctx: typer.Context, fmt: Format) -> None:
    from career import clock, config
    from career.people import queries

    defaults = config.load().every
    with get_state(ctx).reading() as fetch:
        found = queries.due(fetch, defaults, clock.today())
    rows = [due_record(d) for d in found]
    if fmt is Format.json:  # the contract's keys only (the others are the table's cells)
        rows = [{key: row[key] for key in DUE_FIELDS} for row in rows]
    print_listing(
        rows,
        fmt,
        fields=DUE_FIELDS,
        columns=DUE_COLUMNS,
        empty="nobody is due: everyone with a cadence was talked to recently enough",
        short=("id", "every", "last_date", "overdue"),
    )


def touch(
    ctx: typer.Context,
    contact: Annotated[str, typer.Argument(metavar="CONTACT", help="The contact's id or name.")],
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="DATE", help="When it happened [default: today]."),
    ] = None,
    via: Annotated[
        str | None,
        typer.Option("--via", help=VIA_HELP, autocompletion=complete_from(INTERACTION_VIAS)),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="What you talked about.")] = None,
    application_id: Annotated[
        int | None, typer.Option("--app", help="The application it was about.")
    ] = None,
) -> None:
    """Log an interaction with a contact (it resets their keep-in-touch reminder)."""
    from career import clock
    from career.cli.options import parse_when
    from career.people import queries, service

    day = parse_when(on, past=True) if on is not None else clock.today()
    new = service.NewInteraction.checked(on=day, via=via, note=note, application_id=application_id)
    with get_state(ctx).reading() as fetch:
        view = queries.resolve_contact(fetch, contact)
    if application_id is not None:
        _application(ctx, application_id)
    with get_state(ctx).writing() as sql:
        ident = service.log_interaction(sql, view.id, new)
    message(f"logged an interaction ({new.via}) with {_label(view)} on {new.on.isoformat()}")
    typer.echo(ident)


contact_group = typer.Typer(help="Act on one contact.", no_args_is_help=True)


@contact_group.command("edit")
def edit(
    ctx: typer.Context,
    contact_id: Annotated[int, typer.Argument(metavar="ID")],
    every: Annotated[
        str,
        typer.Option(
            "--every",
            metavar="SPAN",
            help="How often to keep in touch: 6w, 30d; none (never remind); default (the "
            "setting contacts.every.<role>).",
        ),
    ],
) -> None:
    """Change a contact's keep-in-touch cadence."""
    from career.people.cadence import every_text, parse_every

    days = parse_every(every)
    contact = _existing(ctx, contact_id)
    if contact.every_days == days:
        message(f"{_label(contact)} already has that cadence; nothing changed")
        return
    from career.people import service

    with get_state(ctx).writing() as sql:
        service.set_every(sql, contact_id, days)
    said = (
        "follows the settings (contacts.every.<role>)"
        if days is None
        else "is never due"
        if days == 0
        else f"is due {every_text(days)}"
    )
    message(f"{_label(contact)} {said}")


@contact_group.command("show")
def show(
    ctx: typer.Context,
    contact_id: Annotated[int, typer.Argument(metavar="ID")],
    fmt: FormatOption = Format.table,
) -> None:
    """Show a contact: applications, sessions it advised, cadence and timeline."""
    view = _existing(ctx, contact_id)
    if fmt is Format.table:
        _print_detail(view)
    elif fmt is Format.json:
        print_json(record(view, detail=True))
    else:
        print_listing([record(view)], fmt, fields=FIELDS, columns=COLUMNS)


@contact_group.command("link")
def link(
    ctx: typer.Context,
    contact_id: Annotated[int, typer.Argument(metavar="ID")],
    application_id: Annotated[int, typer.Option("--app", help="The application's id.")],
    relation: Annotated[
        str,
        typer.Option("--as", help=RELATION_HELP, autocompletion=complete_from(CONTACT_RELATIONS)),
    ],
) -> None:
    """Link a contact to an application (linking again changes the relation)."""
    from career.people import queries

    check_choice(relation, CONTACT_RELATIONS, "relation")
    contact = _existing(ctx, contact_id)
    _application(ctx, application_id)
    with get_state(ctx).reading() as fetch:
        current = queries.link_relation(fetch, contact_id, application_id)
    if current == relation:
        message(
            f"{_label(contact)} is already linked to application #{application_id} "
            f"as {relation}; nothing changed"
        )
        return
    from career.people import service

    with get_state(ctx).writing() as sql:
        linked = service.link_contact(sql, contact_id, application_id, relation)
    if linked.previous is None:
        message(f"linked {_label(contact)} to application #{application_id} as {relation}")
    else:
        message(
            f"{_label(contact)} on application #{application_id}: relation changed "
            f"from {linked.previous} to {relation}"
        )


@contact_group.command("unlink")
def unlink(
    ctx: typer.Context,
    contact_id: Annotated[int, typer.Argument(metavar="ID")],
    application_id: Annotated[int, typer.Option("--app", help="The application's id.")],
) -> None:
    """Remove a contact's link to an application."""
    from career.errors import NotFound
    from career.people import queries

    contact = _existing(ctx, contact_id)
    _application(ctx, application_id)
    with get_state(ctx).reading() as fetch:
        current = queries.link_relation(fetch, contact_id, application_id)
    if current is None:
        raise NotFound(f"contact #{contact_id} is not linked to application #{application_id}")
    from career.people import service

    with get_state(ctx).writing() as sql:
        relation = service.unlink_contact(sql, contact_id, application_id)
    message(f"unlinked {_label(contact)} from application #{application_id} (was {relation})")


def _existing(ctx: typer.Context, contact_id: int) -> "ContactView":
    """The contact, read without creating or migrating anything."""
    from career.people import queries

    with get_state(ctx).reading() as fetch:
        return queries.show_contact(fetch, contact_id)


def _application(ctx: typer.Context, application_id: int) -> None:
    from career.pipeline import queries

    with get_state(ctx).reading() as fetch:
        queries.show_application(fetch, application_id)


def register(app: typer.Typer) -> None:
    app.command("add-contact")(add_contact)
    app.command("contacts")(list_contacts)
    app.command("touch")(touch)
    app.add_typer(contact_group, name="contact")
