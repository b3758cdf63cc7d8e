"""`career report funnel|activity|skills|dashboard`: the whole search at a glance.

The numbers are computed in career.reports (pure: funnel.py, activity.py), read by
career.reports.queries and rendered by career.reports.render (text, JSON, CSV, Markdown),
career.reports.pictures (SVG/PNG, matplotlib, imported only there) and career.reports.dashboard
(one HTML file).
"""

from __future__ import annotations

import enum
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from career.cli.options import parse_when
from career.cli.output import message, print_csv, print_table
from career.cli.state import get_state
from career.render import printable

if TYPE_CHECKING:
    from career.reports.funnel import Funnel

report_app = typer.Typer(
    help="Reports: the funnel, activity over time, skills over time, a dashboard.",
    no_args_is_help=True,
)


class ReportFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    svg = "svg"
    png = "png"


FormatOpt = Annotated[
    ReportFormat,
    typer.Option("--format", "-f", case_sensitive=False, help="table, json, csv, md, svg or png."),
]
SinceOpt = Annotated[str | None, typer.Option("--since", metavar="DATE", help="From this day.")]
UntilOpt = Annotated[
    str | None, typer.Option("--until", metavar="DATE", help="Up to this day (included).")
]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Write to this file (a picture must go to a file)."),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing file.")]


def _period(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    from career.errors import InvalidInput

    first = parse_when(since, past=True) if since is not None else None
    last = parse_when(until, past=True) if until is not None else None
    if first is not None and last is not None and first > last:
        raise InvalidInput(f"the period is inverted: --since {first} is after --until {last}")
    return first, last


def _check_output(fmt: ReportFormat, out: Path | None, force: bool) -> None:
    """Before any reading: a picture needs a file unless stdout is a pipe (SVG may go to a
    pipe; PNG bytes never go to a terminal); the file must be writable."""
    from career.errors import InvalidInput
    from career.files import check_target

    if fmt is ReportFormat.png and out is None and sys.stdout.isatty():
        raise InvalidInput("--format png writes a picture: give --out FILE.png")
    if fmt is ReportFormat.svg and out is None and sys.stdout.isatty():
        raise InvalidInput("--format svg writes a picture: give --out FILE.svg")
    if out is not None:
        check_target(out, force=force)


def _emit(data: str | bytes, out: Path | None, force: bool, what: str) -> None:
    from career.files import write_private

    if out is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(printable(data))
            sys.stdout.flush()
        return
    write_private(out, data, force=force)
    message(f"wrote {what} to {out}")


@report_app.command("funnel")
def funnel(
    ctx: typer.Context,
    since: SinceOpt = None,
    until: UntilOpt = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Only this kind (job...).")] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only those with this tag.")] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Only from this source (referral...).")
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="One funnel per source, kind, tag or month.")
    ] = None,
    fmt: FormatOpt = ReportFormat.table,
    out: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    """How applications convert, stage by stage."""
    from career import clock
    from career.pipeline.vocab import APPLICATION_KINDS, check_choice, clean_tags
    from career.reports import funnel as rules
    from career.reports import queries
    from career.reports import render as text

    first, last = _period(since, until)
    if by is not None:
        check_choice(by, rules.BY_CHOICES, "--by")
    if kind is not None:
        check_choice(kind, APPLICATION_KINDS, "kind")
    wanted_tag = clean_tags([tag])[0] if tag is not None else None
    if by is not None and fmt in (ReportFormat.svg, ReportFormat.png):
        from career.errors import InvalidInput

        raise InvalidInput("a picture shows one funnel: use --kind, --tag or --source, not --by")
    _check_output(fmt, out, force)
    today = clock.today()
    with get_state(ctx).reading() as fetch:
        tracks = queries.tracks(
            fetch, since=first, until=last, kind=kind, tag=wanted_tag, source=source
        )
    funnels = rules.grouped(tracks, by, today)
    filters = {"kind": kind, "tag": wanted_tag, "source": source}
    if fmt in (ReportFormat.svg, ReportFormat.png):
        from career.reports import pictures

        picture = pictures.flow(funnels[0], fmt.value)
        _emit(picture, out, force, "the funnel's flow")
        return
    if fmt is ReportFormat.json:
        data = text.funnel_data(funnels, since=first, until=last, filters=filters, by=by)
        _emit_text(_json(data), out, force, "the funnel")
    elif fmt is ReportFormat.md:
        _emit_text(text.funnel_markdown(funnels, first, last), out, force, "the funnel")
    elif fmt is ReportFormat.csv:
        _emit_csv(text.funnel_csv_rows(funnels), text.FUNNEL_CSV_FIELDS, out, force, "the funnel")
    else:
        _funnel_tables(funnels, first, last)


def _funnel_tables(funnels: list[Funnel], first: date | None, last: date | None) -> None:
    from career.reports import render as text

    keys = [h.replace(" ", "_") for h in text.FUNNEL_HEADINGS]
    columns = list(zip(keys, [h.capitalize() for h in text.FUNNEL_HEADINGS], strict=True))
    for n, f in enumerate(funnels):
        if n:
            typer.echo("")
        typer.echo(printable(text.funnel_heading(f, first, last)))
        if f.applications:
            rows = [dict(zip(keys, cells, strict=True)) for cells in text.funnel_table(f)]
            print_table(rows, columns)
        for line in text.funnel_notes(f):
            typer.echo(printable(f"  {line}"))


def _json(data: Any) -> str:
    from career.render import to_json_document

    return to_json_document(data) + "\n"


def _csv(rows: list[dict[str, Any]], fields: list[str]) -> str:
    from career.cells import csv_text

    return csv_text(rows, fields)


def _emit_csv(
    rows: list[dict[str, Any]], fields: list[str], out: Path | None, force: bool, what: str
) -> None:
    """CSV to stdout as every listing writes it, or to a file (RFC 4180, CRLF rows)."""
    if out is None:
        print_csv(rows, fields)
    else:
        _emit(_csv(rows, fields), out, force, what)


def _emit_text(data: str, out: Path | None, force: bool, what: str) -> None:
    if out is None:
        sys.stdout.write(printable(data))
        sys.stdout.flush()
        return
    _emit(data, out, force, what)


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")


def _window(since: str | None, until: str | None, every: str) -> tuple[date, date, list[Any]]:
    """The period of a periodic report: the last 12 periods up to today by default."""
    from career import clock
    from career.reports import activity

    first, last = _period(since, until)
    last = last or clock.today()
    if first is None:
        first = activity.default_since(last, every)
    elif first > last:
        from career.errors import InvalidInput

        raise InvalidInput(f"the period is inverted: --since {first} is after today ({last})")
    return first, last, activity.periods(first, last, every)


def _periodic_table(
    rows: list[dict[str, Any]], labels: list[str], head: list[tuple[str, str]]
) -> None:
    """Periods as columns, then total and average; a sparkline on a terminal."""
    from career.reports.activity import sparkline

    columns = [*head, *((f"p{n}", label) for n, label in enumerate(labels))]
    columns += [("total", "Total"), ("average", "Avg")]
    if sys.stdout.isatty():
        columns.append(("trend", ""))
    table = []
    for row in rows:
        cells = {k: row[k] for k, _ in head}
        cells |= {f"p{n}": v for n, v in enumerate(row["values"])}
        cells |= {"total": row["total"], "average": row["average"]}
        cells["trend"] = sparkline(row["values"])
        table.append(cells)
    print_table(table, columns, short=[k for k, _ in columns])


def _every(weekly: bool, monthly: bool) -> str:
    from career.errors import InvalidInput

    if weekly and monthly:
        raise InvalidInput("--weekly or --monthly, not both")
    return "week" if weekly else "month"


@report_app.command("activity")
def activity_report(
    ctx: typer.Context,
    weekly: Annotated[bool, typer.Option("--weekly", help="One column a week.")] = False,
    monthly: Annotated[
        bool, typer.Option("--monthly", help="One column a month (default).")
    ] = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
    fmt: FormatOpt = ReportFormat.table,
    out: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    """What you did each month or week."""
    from career import clock
    from career.reports import activity, queries

    every = _every(weekly, monthly)
    first, last, spans = _window(since, until, every)
    _check_output(fmt, out, force)
    with get_state(ctx).reading() as fetch:
        counts = queries.day_counts(fetch, first, last, clock.today())
    rows = activity.activity_rows(counts.counts, queries.ACTIVITY_ROWS, spans)
    labels = [p.label for p in spans]
    if fmt in (ReportFormat.svg, ReportFormat.png):
        from career.reports import pictures

        by_key = {r.key: r.values for r in rows}
        picture = pictures.periods(
            labels,
            {"applications sent": by_key["applications"], "responses": by_key["responses"]},
            fmt.value,
            f"Applications and responses per {every}, {first} to {last}",
        )
        _emit(picture, out, force, f"applications per {every}")
        return
    data: list[dict[str, Any]] = [
        {
            "key": r.key,
            "activity": r.label,
            "values": r.values,
            "total": r.total,
            "average": r.average,
        }
        for r in rows
    ]
    if fmt is ReportFormat.json:
        doc = {
            "period": {"since": first, "until": last},
            "every": every,
            "periods": [{"label": p.label, "start": p.start, "end": p.end} for p in spans],
            "rows": data,
        }
        _emit_text(_json(doc), out, force, "the activity")
    elif fmt in (ReportFormat.csv, ReportFormat.md):
        flat = [
            {
                "activity": r["activity"],
                **dict(zip(labels, r["values"], strict=True)),
                "total": r["total"],
                "average": r["average"],
            }
            for r in data
        ]
        fields = ["activity", *labels, "total", "average"]
        if fmt is ReportFormat.csv:
            _emit_csv(flat, fields, out, force, "the activity")
        else:
            _emit_text(_md_table(flat, fields), out, force, "the activity")
    else:
        _periodic_table(data, labels, [("activity", "Activity")])


def _md_table(rows: list[dict[str, Any]], fields: list[str]) -> str:
    from career.render import cell
    from career.reports.render import md_cell

    lines = ["| " + " | ".join(md_cell(f) for f in fields) + " |", "|" + "---|" * len(fields)]
    lines += ["| " + " | ".join(md_cell(cell(r.get(f))) for f in fields) + " |" for r in rows]
    return "\n".join(lines) + "\n"


@report_app.command("skills")
def skills_report(
    ctx: typer.Context,
    since: SinceOpt = None,
    until: UntilOpt = None,
    by: Annotated[str, typer.Option("--by", help="week or month (default).")] = "month",
    category: Annotated[
        bool, typer.Option("--category", help="One row per category, not per skill.")
    ] = False,
    fmt: FormatOpt = ReportFormat.table,
    out: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    """Evidence per skill over time; what grew."""
    from career import clock
    from career.journal.vocab import LEVELS
    from career.pipeline.vocab import check_choice
    from career.reports import activity, queries

    check_choice(by, activity.EVERY, "--by")
    first, last, spans = _window(since, until, by)
    _check_output(fmt, out, force)
    picture_asked = fmt in (ReportFormat.svg, ReportFormat.png)
    with get_state(ctx).reading() as fetch:
        if picture_asked:
            days = queries.day_counts(fetch, first, last, clock.today())
        else:
            found = queries.skill_days(fetch, last)
    if picture_asked:
        from career.reports import pictures

        picture = pictures.calendar(
            first,
            last,
            days.counts["evidence"],
            set(days.counts["journal_days"]),
            fmt.value,
            "Journal activity: evidence of skills per day",
        )
        _emit(picture, out, force, "the journal calendar")
        return
    rows = activity.skill_rows(found.skills, spans, first, last, by_category=category)
    labels = [p.label for p in spans]

    def word(level: int | None) -> str | None:
        return None if level is None else LEVELS[level]

    data: list[dict[str, Any]] = [
        {
            "skill": r.name,
            "category": r.category,
            "values": r.values,
            "total": r.total,
            "average": round(r.total / len(spans), 1),
            "level_before": word(r.level_before),
            "level_in_period": word(r.level_in),
            "grew": r.grew,
        }
        for r in rows
    ]
    if fmt is ReportFormat.json:
        doc = {
            "period": {"since": first, "until": last},
            "by": by,
            "rows_are": "categories" if category else "skills",
            "periods": [{"label": p.label, "start": p.start, "end": p.end} for p in spans],
            "skills": data,
            "grew": [r["skill"] for r in data if r["grew"]],
        }
        _emit_text(_json(doc), out, force, "the skills report")
        return
    if fmt in (ReportFormat.csv, ReportFormat.md):
        fields = ["skill", "category", *labels, "total", "level_before", "level_in_period", "grew"]
        flat = [
            {**{k: r[k] for k in fields if k in r}, **dict(zip(labels, r["values"], strict=True))}
            for r in data
        ]
        if fmt is ReportFormat.csv:
            _emit_csv(flat, fields, out, force, "the skills report")
        else:
            _emit_text(_md_table(flat, fields), out, force, "the skills report")
        return
    if not data:
        message(f"no evidence from {first} to {last}")
        return
    for r in data:
        r["level"] = (
            f"{r['level_before'] or '–'} → {r['level_in_period']}"
            if r["grew"]
            else r["level_in_period"]
        )
    head = [("skill", "Category" if category else "Skill"), ("level", "Level")]
    _periodic_table(data, labels, head)
    grew = [r["skill"] for r in data if r["grew"]]
    typer.echo(printable(f"grew in level: {', '.join(grew)}" if grew else "no skill grew in level"))


@report_app.command("dashboard")
def dashboard(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")],
    force: ForceOpt = False,
) -> None:
    """The whole search as one offline HTML page."""
    from datetime import timedelta

    from career import clock
    from career.evidence import queries as evidence
    from career.files import check_target
    from career.overview import queries as overview
    from career.reports import activity, pictures, queries
    from career.reports import dashboard as board_page
    from career.reports import funnel as rules

    check_target(out, force=force)
    today = clock.today()
    since = activity.default_since(today, "month")
    spans = activity.periods(since, today, "month")
    with get_state(ctx).reading() as fetch:
        columns = overview.board(fetch)
        due = queries.upcoming_deadlines(
            fetch, today - timedelta(days=30), today + timedelta(days=14)
        )
        tracks = queries.tracks(fetch)
        counts = queries.day_counts(fetch, since, today, today)
        skills = evidence.build_summary(fetch, today=today)
    the_funnel = rules.funnel(tracks, today)
    rows = activity.activity_rows(counts.counts, queries.ACTIVITY_ROWS, spans)
    labels = [p.label for p in spans]
    by_key = {r.key: r.values for r in rows}
    page = board_page.Dashboard(
        today=today,
        board=[
            (
                c.status,
                [
                    board_page.Card(
                        v.id, v.organization, v.role, v.status, (today - v.status_since).days
                    )
                    for v in c.cards
                ],
            )
            for c in columns
        ],
        deadlines=due,
        funnel=the_funnel,
        flow_svg=str(pictures.flow(the_funnel, "svg")),
        activity=rows,
        activity_labels=labels,
        activity_svg=str(
            pictures.periods(
                labels,
                {"applications sent": by_key["applications"], "responses": by_key["responses"]},
                "svg",
                "Applications and responses per month",
            )
        ),
        skills=skills,
    )
    _emit(board_page.page(page), out, force, "the dashboard")
