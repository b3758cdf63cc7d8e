"""`career board`, `career show ORG`, `career org alias|merge`, `career search TEXT`."""

from typing import Annotated, Any

import typer

from career.cli.applications import record
from career.cli.options import FormatOption, ViewFormatOption
from career.cli.output import Format, message, print_json, print_listing
from career.cli.state import get_state
from career.render import printable

SEARCH_FIELDS = ["type", "id", "label", "field", "excerpt"]
SEARCH_COLUMNS = [
    ("type", "Type"),
    ("id", "ID"),
    ("label", "Record"),
    ("field", "Field"),
    ("excerpt", "Text"),
]


def board(
    ctx: typer.Context,
    fmt: ViewFormatOption = Format.table,
) -> None:
    """The active pipeline as columns by status, with days in the current stage."""
    from career import clock
    from career.overview import queries

    with get_state(ctx).reading() as fetch:
        columns = queries.board(fetch)
    today = clock.today()
    if fmt is Format.json:
        print_json(
            [
                {
                    "status": c.status,
                    "count": len(c.cards),
                    "cards": [
                        {k: record(v, today)[k] for k in ("id", "organization", "role")}
                        | {"days_in_status": (today - v.status_since).days}
                        for v in c.cards
                    ],
                }
                for c in columns
            ]
        )
        return
    lines: list[str] = []
    for column in columns:
        lines.append(f"{column.status} ({len(column.cards)})")
        for v in column.cards:
            role = f" — {v.role}" if v.role else ""
            days = (today - v.status_since).days
            lines.append(f"  #{v.id} {v.organization}{role}  {days}d")
    typer.echo(printable("\n".join(lines)))


def show(
    ctx: typer.Context,
    organization: Annotated[str, typer.Argument(metavar="ORG", help="A name or an alias.")],
    fmt: ViewFormatOption = Format.table,
) -> None:
    """An organization's page: aliases, applications, sessions, events, contacts, deadlines."""
    from career import clock
    from career.overview import queries
    from career.pipeline.vocab import checked_name_key

    checked_name_key(organization)
    with get_state(ctx).reading() as fetch:
        page = queries.organization_page(fetch, organization)
    today = clock.today()
    data: dict[str, Any] = {
        "id": page.id,
        "name": page.name,
        "kind": page.kind,
        "website": page.website,
        "aliases": page.aliases,
        "applications": [record(v, today) for v in page.applications],
        "sessions": page.sessions,
        "events": page.events,
        "contacts": page.contacts,
        "deadlines": page.deadlines,
    }
    if fmt is Format.json:
        print_json(data)
        return
    lines = [f"{page.name} (#{page.id}, {page.kind})"]
    if page.website:
        lines.append(f"  website  {page.website}")
    if page.aliases:
        lines.append(f"  also     {', '.join(page.aliases)}")
    sections: list[tuple[str, list[str]]] = [
        (
            "applications",
            [
                f"#{v.id} {v.role or '(no role)'}  {v.status} since {v.status_since}"
                for v in page.applications
            ],
        ),
        (
            "sessions",
            [
                f"#{s['id']} {s['held_on']}"
                + (f" with {s['advisor']}" if s["advisor"] else "")
                + (f": {s['summary']}" if s["summary"] else "")
                for s in page.sessions
            ],
        ),
        (
            "events",
            [f"#{e['id']} {e['name']} ({e['kind']}, {e['status']})" for e in page.events],
        ),
        ("contacts", [f"#{c['id']} {c['name']}" for c in page.contacts]),
        (
            "open deadlines",
            [f"#{d['id']} {d['due']} {d['title']} ({d['kind']})" for d in page.deadlines],
        ),
    ]
    for title, rows in sections:
        if rows:
            lines.append(title)
            lines += [f"  {' '.join(row.split())}" for row in rows]
    typer.echo(printable("\n".join(lines)))


org_group = typer.Typer(help="Names of organizations: aliases and merges.", no_args_is_help=True)


@org_group.command("alias")
def alias(
    ctx: typer.Context,
    organization: Annotated[str, typer.Argument(metavar="ORG")],
    name: Annotated[str, typer.Argument(metavar="ALIAS", help="Another name for it.")],
) -> None:
    """Add another name by which an organization is found."""
    from career.overview import service as organizations
    from career.pipeline.vocab import checked_name_key

    checked_name_key(organization)
    checked_name_key(name)
    _require(ctx, organization)
    with get_state(ctx).writing() as sql:
        named = organizations.add_alias(sql, organization, name)
    message(f"{name!r} now also names {named!r}")


@org_group.command("merge")
def merge(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="A", help="The organization to merge away.")],
    target: Annotated[str, typer.Argument(metavar="B", help="The one that stays.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Merge even if both have an active application.")
    ] = False,
) -> None:
    """Merge organization A into B: every record of A moves to B, and A's names become B's
    aliases."""
    from career.overview import service as organizations

    _require(ctx, source)
    _require(ctx, target)
    if not yes:
        typer.confirm(f"Merge {source!r} into {target!r}?", abort=True, err=True)
    with get_state(ctx).writing() as sql:
        merged = organizations.merge(sql, source, target, force=force)
    moved = ", ".join(f"{n} {kind}" for kind, n in merged.moved.items())
    message(f"merged {merged.removed!r} into {merged.kept!r}: moved {moved}")


def _require(ctx: typer.Context, name: str) -> None:
    """Fail before the database is opened for writing when `name` names nothing."""
    from career.errors import NotFound
    from career.pipeline.queries import organization_id

    with get_state(ctx).reading() as fetch:
        if organization_id(fetch, name) is None:
            raise NotFound(f"no organization called {name!r}")


JOURNAL_LINES_IN_TABLE = 20


def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Literal text; case is ignored.")],
    fmt: FormatOption = Format.table,
) -> None:
    """Search organizations, applications, contacts, sessions, events and journal lines (a
    table shows the newest 20 of those)."""
    from career.overview import queries

    with get_state(ctx).reading() as fetch:
        hits = queries.search(fetch, text)
    lines = [h for h in hits if h.type == "journal"]
    if fmt is Format.table and len(lines) > JOURNAL_LINES_IN_TABLE:
        # A table is for reading: the records, then the newest journal lines only.
        left_out = lines[:-JOURNAL_LINES_IN_TABLE]
        hits = hits[: len(hits) - len(lines)] + lines[-JOURNAL_LINES_IN_TABLE:]
        message(
            f"{len(left_out)} older journal lines not shown: career journal search "
            f"'\"{text}\"' lists them all (or --format json/csv here)"
        )
    rows = [
        {
            "type": h.type,
            "id": h.id,
            "label": h.label,
            "field": h.field,
            "excerpt": h.text if fmt is Format.json else queries.excerpt(h.text, text),
        }
        for h in hits
    ]
    print_listing(
        rows, fmt, fields=SEARCH_FIELDS, columns=SEARCH_COLUMNS, empty=f"nothing matches {text!r}"
    )


def register(app: typer.Typer) -> None:
    app.command("board")(board)
    app.command("show")(show)
    app.command("search")(search)
    app.add_typer(org_group, name="org")
