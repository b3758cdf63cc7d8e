"""`career add-application`, `career apps` and `career app show|move|edit|rm`."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from career.cli.options import FormatOption, complete_from, parse_when
from career.cli.output import Format, message, print_json, print_listing, warn
from career.cli.state import get_state
from career.errors import CareerError, InvalidInput
from career.pipeline.vocab import (
    APPLICATION_KINDS,
    EMPLOYMENT_TYPES,
    POSTING_FIELDS,
    SALARY_PERIODS,
    STATUSES,
    WORKPLACES,
    check_choice,
)
from career.render import printable

if TYPE_CHECKING:
    from career.pipeline.views import ApplicationView
    from career.pipeline.vocab import PostingFields
    from career.pipeline.writes import NewApplication


STATUS_HELP = "One of: " + ", ".join(STATUSES) + "."
KIND_HELP = "One of: " + ", ".join(APPLICATION_KINDS) + "."

# The JSON contract of one application in a listing: these keys, in this order.
FIELDS = [
    "id",
    "organization",
    "role",
    "kind",
    "status",
    "status_since",
    "days_in_status",
    "applied",
    "excitement",
    "tags",
    "url",
    "source",
    "location",
    "notes",
    *POSTING_FIELDS,
]
COLUMNS = [
    ("id", "ID"),
    ("organization", "Organization"),
    ("role", "Role"),
    ("kind", "Kind"),
    ("status", "Status"),
    ("days_in_status", "Days"),
    ("applied", "Applied"),
    ("excitement", "Excitement"),
    ("tags", "Tags"),
]


def record(view: "ApplicationView", today: date, *, detail: bool = False) -> dict[str, Any]:
    """An application as JSON (the contract) and as the row tables and CSV draw from."""
    row: dict[str, Any] = {
        "id": view.id,
        "organization": view.organization,
        "role": view.role,
        "kind": view.kind,
        "status": view.status,
        "status_since": view.status_since,
        "days_in_status": (today - view.status_since).days,
        "applied": view.applied,
        "excitement": view.excitement,
        "tags": list(view.tags),
        "url": view.url,
        "source": view.source,
        "location": view.location,
        "notes": view.notes,
        "salary_min": view.salary_min,
        "salary_max": view.salary_max,
        "salary_currency": view.salary_currency,
        "salary_period": view.salary_period,
        "employment_type": view.employment_type,
        "workplace": view.workplace,
        "posting_url": view.posting_url,
        "canonical_url": view.canonical_url,
        "posted": view.posted,
    }
    if detail:
        row["created_at"] = view.created_at
        row["updated_at"] = view.updated_at
        row["timeline"] = [
            {"date": t.on, "from": t.from_status, "to": t.to_status, "note": t.note}
            for t in view.timeline
        ]
    return row


def _label(view: "ApplicationView") -> str:
    role = f" — {view.role}" if view.role else ""
    return f"#{view.id} {view.organization}{role}"


def salary_text(view: "ApplicationView") -> str | None:
    """The salary as a line: "150,000–180,000 USD a year"."""
    low, high = view.salary_min, view.salary_max
    if low is None and high is None:
        return None
    from career.pipeline.vocab import salary_figure

    figures = [f"{salary_figure(v):,}" for v in (low, high) if v is not None]
    text = "–".join(dict.fromkeys(figures))
    if low is None:
        text = f"up to {text}"
    elif high is None:
        text = f"from {text}"
    if view.salary_currency:
        text += f" {view.salary_currency}"
    if view.salary_period:
        text += f" a {view.salary_period}"
    return text


SALARY_PERIOD_HELP = "hour, day, week, month or year."
EMPLOYMENT_HELP = "One of: " + ", ".join(EMPLOYMENT_TYPES) + "."
WORKPLACE_HELP = "remote, hybrid or on-site."
SalaryMin = Annotated[
    str | None, typer.Option("--salary-min", metavar="AMOUNT", help="Lowest salary offered.")
]
SalaryMax = Annotated[
    str | None, typer.Option("--salary-max", metavar="AMOUNT", help="Highest salary offered.")
]
Currency = Annotated[
    str | None, typer.Option("--currency", metavar="CODE", help="The salary's currency (USD).")
]
SalaryPeriod = Annotated[
    str | None,
    typer.Option(
        "--salary-period", help=SALARY_PERIOD_HELP, autocompletion=complete_from(SALARY_PERIODS)
    ),
]
EmploymentType = Annotated[
    str | None,
    typer.Option(
        "--employment-type", help=EMPLOYMENT_HELP, autocompletion=complete_from(EMPLOYMENT_TYPES)
    ),
]
Workplace = Annotated[
    str | None,
    typer.Option("--workplace", help=WORKPLACE_HELP, autocompletion=complete_from(WORKPLACES)),
]
PostingUrl = Annotated[
    str | None, typer.Option("--posting-url", help="Where the posting was found.")
]
CanonicalUrl = Annotated[
    str | None, typer.Option("--canonical-url", help="The address the posting calls its own.")
]
Posted = Annotated[
    str | None, typer.Option("--posted", metavar="DATE", help="When the job was posted.")
]


FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="URL|FILE|-",
        help="Read the posting: a link, a saved HTML or JSON file, or - for standard input.",
    ),
]
AllowLocal = Annotated[
    bool,
    typer.Option(
        "--allow-local", help="Let --from fetch local and private addresses (refused otherwise)."
    ),
]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Print what --from would record; record nothing.")
]


def add_captured(
    ctx: typer.Context,
    where: str,
    *,
    allow_local: bool,
    dry_run: bool,
    force: bool,
    organization: str | None = None,
    role: str | None = None,
    kind: str = "job",
    status: str | None = None,
    applied: date | None = None,
    url: str | None = None,
    source: str | None = None,
    location: str | None = None,
    excitement: int | None = None,
    tags: "Sequence[str]" = (),
    notes: str | None = None,
    deadline: date | None = None,
    posting: "PostingFields | None" = None,
) -> None:
    """Capture the posting `where` names (`--from`), then record it with its skills (or, with
    `dry_run`, print what would be recorded)."""
    import sys

    from career import clock
    from career.capture import plan as planning
    from career.capture.source import capture
    from career.cli.evidence import user_taxonomy as taxonomy
    from career.pipeline import writes

    check_choice(kind, APPLICATION_KINDS, "kind")
    if status is not None:
        check_choice(status, STATUSES, "status")
    stdin = None
    if where == "-":
        from career.capture.fetch import MAX_BYTES

        stdin = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(stdin) > MAX_BYTES:
            raise InvalidInput(f"standard input is larger than {MAX_BYTES // 2**20} MiB")
    try:
        found = capture(where, allow_local=allow_local, stdin=stdin)
    except CareerError as exc:  # a name or address as typed may hold control characters
        exc.message = printable(exc.message)
        raise
    plan = planning.plan(
        found,
        taxonomy(),
        today=clock.today(),
        organization=organization,
        role=role,
        location=location,
        url=url,
        notes=notes,
        status=status,
        deadline=deadline,
        given=posting,
    )
    new = writes.NewApplication.checked(
        plan.organization,
        plan.role,
        kind=kind,
        status=plan.status,
        applied=applied,
        url=plan.url,
        source=source,
        location=plan.location,
        excitement=excitement,
        tags=tags,
        notes=plan.notes,
        deadline=plan.deadline,
        posting=plan.posting,
    )
    for text in plan.warnings:
        warn(text)
    if dry_run:
        _print_plan(new, plan.skills, plan.source)
        return
    from career.evidence import service as evidence

    with get_state(ctx).writing() as sql:
        added = evidence.add_with_skills(sql, new, plan.skills, taxonomy(), force=force)
    for text in added.warnings:
        warn(text)
    view = added.added.application
    message(
        f"added {_label(view)} ({view.status}) from its {plan.source}, asking for "
        f"{len(added.skills)} skill(s)"
    )
    if new.deadline is not None:
        message(f"added an apply-by deadline on {new.deadline.isoformat()}")
    typer.echo(view.id)


def _print_plan(new: "NewApplication", skills: "Sequence[str]", source: str) -> None:
    """What `--dry-run` shows: the application as it would be recorded."""
    from career.pipeline.views import ApplicationView

    p = new.posting
    view = ApplicationView(
        0, new.organization, new.role, new.kind, new.status, new.applied or date.min,
        new.applied, new.excitement, list(new.tags), new.url, new.source, new.location,
        new.notes, datetime.min, datetime.min, [], p.salary_min, p.salary_max,
        p.salary_currency, p.salary_period, p.employment_type, p.workplace, p.posting_url,
        p.canonical_url, p.posted,
    )  # fmt: skip
    role = f" — {new.role}" if new.role else ""
    notes = " ".join((new.notes or "").split())
    rows = [
        ("read from", source),
        ("kind", new.kind),
        ("applied", new.applied.isoformat() if new.applied else None),
        ("location", new.location),
        ("salary", salary_text(view)),
        ("employment", p.employment_type),
        ("workplace", p.workplace),
        ("posted", p.posted.isoformat() if p.posted else None),
        ("apply by", new.deadline.isoformat() if new.deadline else None),
        ("url", new.url),
        ("posting", p.posting_url),
        ("canonical", p.canonical_url),
        ("tags", ", ".join(new.tags) or None),
        ("skills", ", ".join(skills) or None),
        ("notes", notes[:200] + ("…" if len(notes) > 200 else "") if notes else None),
    ]
    lines = [f"would add {new.organization}{role} ({new.status})"]
    lines += [f"  {name:<11} {value}" for name, value in rows if value]
    typer.echo(printable("\n".join(lines)))


def _print_detail(view: "ApplicationView") -> None:
    from career import clock

    days = (clock.today() - view.status_since).days
    lines = [
        _label(view),
        f"  kind        {view.kind}",
        f"  status      {view.status} (since {view.status_since}, {days} days)",
    ]
    optional = [
        ("applied", view.applied.isoformat() if view.applied else None),
        ("excitement", f"{view.excitement}/5" if view.excitement else None),
        ("tags", ", ".join(view.tags) or None),
        ("url", view.url),
        ("source", view.source),
        ("location", view.location),
        ("salary", salary_text(view)),
        ("employment", view.employment_type),
        ("workplace", view.workplace),
        ("posted", view.posted.isoformat() if view.posted else None),
        ("posting", view.posting_url),
        ("canonical", view.canonical_url),
        ("notes", view.notes),
    ]
    lines += [f"  {name:<11} {value}" for name, value in optional if value]
    lines.append("timeline")
    for step in view.timeline:
        change = f"{step.from_status} -> {step.to_status}" if step.from_status else step.to_status
        note = f"  ({step.note})" if step.note else ""
        lines.append(f"  {step.on}  {change}{note}")
    typer.echo(printable("\n".join(lines)))


def add_application(
    ctx: typer.Context,
    organization: Annotated[
        str | None,
        typer.Argument(help="The organization (name or alias); with --from, the page's."),
    ] = None,
    role: Annotated[str | None, typer.Argument(help="The role or program.")] = None,
    kind: Annotated[
        str, typer.Option(help=KIND_HELP, autocompletion=complete_from(APPLICATION_KINDS))
    ] = "job",
    status: Annotated[
        str | None,
        typer.Option(
            help=f"{STATUS_HELP} Default: applied.", autocompletion=complete_from(STATUSES)
        ),
    ] = None,
    applied: Annotated[
        str | None, typer.Option(help="When you applied (default: today when applied).")
    ] = None,
    url: Annotated[str | None, typer.Option(help="The posting's URL.")] = None,
    source: Annotated[
        str | None, typer.Option(help="Where it came from (referral, board...).")
    ] = None,
    location: Annotated[str | None, typer.Option(help="Where the role is.")] = None,
    excitement: Annotated[int | None, typer.Option(help="How much you want it, 1 to 5.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeatable).")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Free-text notes.")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Add even if an active one for this role exists.")
    ] = False,
    deadline: Annotated[
        str | None,
        typer.Option("--deadline", metavar="DATE", help="Also add an apply-by deadline."),
    ] = None,
    salary_min: SalaryMin = None,
    salary_max: SalaryMax = None,
    currency: Currency = None,
    salary_period: SalaryPeriod = None,
    employment_type: EmploymentType = None,
    workplace: Workplace = None,
    posting_url: PostingUrl = None,
    canonical_url: CanonicalUrl = None,
    posted: Posted = None,
    from_: FromOption = None,
    allow_local: AllowLocal = False,
    dry_run: DryRun = False,
) -> None:
    """Record an application and print its id (--from reads it from the posting)."""
    from career.pipeline import writes
    from career.pipeline.vocab import PostingFields

    posting = PostingFields.checked(
        salary_min=salary_min,
        salary_max=salary_max,
        salary_currency=currency,
        salary_period=salary_period,
        employment_type=employment_type,
        workplace=workplace,
        posting_url=posting_url,
        canonical_url=canonical_url,
        posted=parse_when(posted, past=True) if posted is not None else None,
    )
    # What the command line gives: on a captured posting it wins over the page.
    given: dict[str, Any] = {
        "kind": kind,
        "status": status,
        "applied": parse_when(applied, past=True) if applied is not None else None,
        "url": url,
        "source": source,
        "location": location,
        "excitement": excitement,
        "tags": tag or (),
        "notes": note,
        "deadline": parse_when(deadline, past=False) if deadline is not None else None,
        "posting": posting,
    }
    if from_ is not None:
        add_captured(
            ctx,
            from_,
            allow_local=allow_local,
            dry_run=dry_run,
            force=force,
            organization=organization,
            role=role,
            **given,
        )
        return
    if dry_run or allow_local:
        raise InvalidInput(f"{'--dry-run' if dry_run else '--allow-local'} goes with --from")
    if organization is None:
        raise InvalidInput("give the ORGANIZATION, or --from URL|FILE|- to read the posting")
    new = writes.NewApplication.checked(organization, role, **given)
    with get_state(ctx).writing() as sql:
        added = writes.add_application(sql, new, force=force)
    for text in added.warnings:
        warn(text)
    message(f"added {_label(added.application)} ({added.application.status})")
    if new.deadline is not None:
        message(f"added an apply-by deadline on {new.deadline.isoformat()}")
    typer.echo(added.application.id)


def list_apps(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Closed ones too.")] = False,
    status: Annotated[
        list[str] | None,
        typer.Option("--status", help=STATUS_HELP, autocompletion=complete_from(STATUSES)),
    ] = None,
    org: Annotated[str | None, typer.Option("--org", help="Only this organization.")] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help=KIND_HELP, autocompletion=complete_from(APPLICATION_KINDS)),
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Only with this tag.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List applications (active ones unless --all or --status)."""
    from career import clock
    from career.pipeline import queries

    with get_state(ctx).reading() as fetch:
        views = queries.list_applications(
            fetch,
            include_closed=all_,
            statuses=status or (),
            organization=org,
            kinds=kind or (),
            tags=tag or (),
        )
    today = clock.today()
    print_listing(
        [record(v, today) for v in views],
        fmt,
        fields=FIELDS,
        columns=COLUMNS,
        empty="no applications match" if (status or org or kind or tag) else "no applications",
    )


app_group = typer.Typer(help="Act on one application.", no_args_is_help=True)


@app_group.command("show")
def show(
    ctx: typer.Context,
    application_id: Annotated[int, typer.Argument(metavar="ID")],
    fmt: FormatOption = Format.table,
) -> None:
    """Show an application's fields and its status timeline."""
    from career import clock

    view = _existing(ctx, application_id)
    if fmt is Format.table:
        _print_detail(view)
    else:
        data = record(view, clock.today(), detail=True)
        if fmt is Format.json:
            print_json(data)
        else:
            print_listing([data], fmt, fields=FIELDS, columns=COLUMNS)


@app_group.command("move")
def move(
    ctx: typer.Context,
    application_id: Annotated[int, typer.Argument(metavar="ID")],
    status: Annotated[
        str, typer.Argument(help=STATUS_HELP, autocompletion=complete_from(STATUSES))
    ],
    on: Annotated[
        str | None, typer.Option("--on", help="When it happened (default today).")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A note for the timeline.")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Reopen even if an active one for this role exists.")
    ] = False,
) -> None:
    """Move an application to a new status, adding to its timeline."""
    from career.pipeline import writes

    check_choice(status, STATUSES, "status")
    when = parse_when(on, past=True) if on is not None else None
    _existing(ctx, application_id)
    with get_state(ctx).writing() as sql:
        view = writes.move_application(sql, application_id, status, on=when, note=note, force=force)
    message(
        f"{_label(view)}: {view.timeline[-2].to_status} -> {view.status} on {view.status_since}"
    )


@app_group.command("edit")
def edit(
    ctx: typer.Context,
    application_id: Annotated[int, typer.Argument(metavar="ID")],
    org: Annotated[str | None, typer.Option("--org", help="Another organization.")] = None,
    role: Annotated[str | None, typer.Option(help="The role (empty clears).")] = None,
    kind: Annotated[
        str | None, typer.Option(help=KIND_HELP, autocompletion=complete_from(APPLICATION_KINDS))
    ] = None,
    applied: Annotated[str | None, typer.Option(help="The applied date (empty clears).")] = None,
    url: Annotated[str | None, typer.Option(help="Empty clears.")] = None,
    source: Annotated[str | None, typer.Option(help="Empty clears.")] = None,
    location: Annotated[str | None, typer.Option(help="Empty clears.")] = None,
    excitement: Annotated[int | None, typer.Option(help="1 to 5; 0 clears.")] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="Replace the notes (empty clears).")
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Add a tag.")] = None,
    untag: Annotated[list[str] | None, typer.Option("--untag", help="Remove a tag.")] = None,
    salary_min: SalaryMin = None,
    salary_max: SalaryMax = None,
    currency: Currency = None,
    salary_period: SalaryPeriod = None,
    employment_type: EmploymentType = None,
    workplace: Workplace = None,
    posting_url: PostingUrl = None,
    canonical_url: CanonicalUrl = None,
    posted: Posted = None,
) -> None:
    """Change an application's fields (use `app move` for its status); empty clears one."""
    from career.pipeline import writes

    changes: dict[str, Any] = {}
    for name, value in (
        ("salary_min", salary_min),
        ("salary_max", salary_max),
        ("salary_currency", currency),
        ("salary_period", salary_period),
        ("employment_type", employment_type),
        ("workplace", workplace),
        ("posting_url", posting_url),
        ("canonical_url", canonical_url),
    ):
        if value is not None:
            changes[name] = value if value.strip() else None
    if posted is not None:
        changes["posted"] = parse_when(posted, past=True) if posted.strip() else None
    from career.pipeline.vocab import PostingFields

    PostingFields.checked(  # each value checked before the database is opened
        **{k: v for k, v in changes.items() if k in POSTING_FIELDS}
    )
    for name, value in (("role", role), ("url", url), ("source", source), ("location", location)):
        if value is not None:
            changes[name] = value
    if note is not None:
        changes["notes"] = note
    if applied is not None:
        changes["applied"] = parse_when(applied, past=True) if applied.strip() else None
    if excitement is not None:
        changes["excitement"] = excitement or None
    if org is not None:
        changes["organization"] = org
    if kind is not None:
        changes["kind"] = kind
    edit = writes.ApplicationChanges(add_tags=tag or (), remove_tags=untag or (), **changes)
    _existing(ctx, application_id)
    with get_state(ctx).writing() as sql:
        view, warnings = writes.edit_application(sql, application_id, edit)
    for text in warnings:
        warn(text)
    message(f"updated {_label(view)}")


@app_group.command("rm")
def remove(
    ctx: typer.Context,
    application_id: Annotated[int, typer.Argument(metavar="ID")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Delete an application with its timeline, deadlines and contact links."""
    from career.pipeline import queries, writes

    found = _existing(ctx, application_id)
    with get_state(ctx).reading() as fetch:
        linked = queries.linked_records(fetch, application_id)

    def described(view: "ApplicationView") -> str:
        parts = [f"{len(view.timeline)} status change(s)"]
        parts += [f"{n} {what}" for what, n in linked.items() if n]
        return f"{_label(view)} ({view.status}) and its {', '.join(parts)}"

    if not yes:
        typer.confirm(f"Delete {described(found)}?", abort=True, err=True)
    with get_state(ctx).writing() as sql:
        removed = writes.remove_application(sql, application_id)
    message(f"removed {described(removed)}")


def _existing(ctx: typer.Context, application_id: int) -> "ApplicationView":
    """The application, read without creating or migrating anything: a command about an
    application that does not exist fails before the database is touched."""
    from career.pipeline import queries

    with get_state(ctx).reading() as fetch:
        return queries.show_application(fetch, application_id)


def register(app: typer.Typer) -> None:
    app.command("add-application")(add_application)
    app.command("apps")(list_apps)
    app.add_typer(app_group, name="app")
