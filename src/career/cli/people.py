"""`career add-contact`, `career contacts` and `career contact show|link|unlink`."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from career.cli.options import FormatOption, complete_from
from career.cli.output import Format, message, print_json, print_listing, warn
from career.cli.state import get_state
from career.people.vocab import CONTACT_RELATIONS
from career.pipeline.vocab import check_choice
from career.render import printable

if TYPE_CHECKING:
    from career.people.views import ContactView

RELATION_HELP = "One of: " + ", ".join(CONTACT_RELATIONS) + "."

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
    return row


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
    typer.echo(printable("\n".join(lines)))


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
    with get_state(ctx).session(write=True) as session:
        view, warnings = service.add_contact(session, new)
    for text in warnings:
        warn(text)
    message(f"added contact {_label(view)}")
    typer.echo(view.id)


def list_contacts(
    ctx: typer.Context,
    org: Annotated[str | None, typer.Option("--org", help="Only this organization.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List contacts by name."""
    from career.people import queries

    with get_state(ctx).reading() as fetch:
        views = queries.list_contacts(fetch, organization=org)
    print_listing(
        [record(v) for v in views],
        fmt,
        fields=FIELDS,
        columns=COLUMNS,
        empty="no contacts match" if org else "no contacts",
    )


contact_group = typer.Typer(help="Act on one contact.", no_args_is_help=True)


@contact_group.command("show")
def show(
    ctx: typer.Context,
    contact_id: Annotated[int, typer.Argument(metavar="ID")],
    fmt: FormatOption = Format.table,
) -> None:
    """Show a contact, the applications it is linked to and the sessions it advised."""
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

    with get_state(ctx).session(write=True) as session:
        linked = service.link_contact(session, contact_id, application_id, relation)
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

    with get_state(ctx).session(write=True) as session:
        relation = service.unlink_contact(session, contact_id, application_id)
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
    app.add_typer(contact_group, name="contact")
