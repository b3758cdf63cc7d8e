"""`career export skills`, `career app skills`, `career app import-job` and `career gaps`.

What a summary holds is decided in career.evidence.queries; how each format looks, in
career.exports.formats and career.exports.gaps.
"""

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from career.cli.options import SinceFilter, SkillsFilter, UntilFilter, parse_when
from career.cli.output import Format, message, print_listing, warn
from career.cli.state import get_state
from career.render import printable

if TYPE_CHECKING:
    from career.exports.summary import Summary
    from career.journal.skills import Taxonomy


class SummaryFormat(enum.StrEnum):
    md = "md"
    json = "json"
    jsonresume = "jsonresume"
    csv = "csv"
    html = "html"


class GapFormat(enum.StrEnum):
    table = "table"
    md = "md"
    json = "json"


def parse_level(text: str) -> int:
    """A level as 0-4 or its word (intent ... delivered)."""
    from career.errors import InvalidInput
    from career.journal.vocab import LEVELS as LEVEL_WORDS

    key = text.strip().lower()
    if key.isdigit() and int(key) < len(LEVEL_WORDS):
        return int(key)
    if key in LEVEL_WORDS:
        return LEVEL_WORDS.index(key)
    choices = ", ".join(f"{n} {w}" for n, w in enumerate(LEVEL_WORDS))
    raise InvalidInput(f"unknown level {text!r}: use one of {choices}")


def _taxonomy() -> "Taxonomy":
    return user_taxonomy()


def user_taxonomy() -> "Taxonomy":
    """The shipped skills taxonomy with the user's own file."""
    from career.journal.importer import user_skills_file
    from career.journal.skills import load_taxonomy

    path = user_skills_file()
    return load_taxonomy(path if path.is_file() else None)


def _jsonresume_text(summary: "Summary") -> str:
    from career.exports import formats
    from career.render import to_json_document

    return to_json_document(formats.jsonresume(summary)) + "\n"


def _write(text: str, out: Path | None, force: bool, what: str) -> None:
    from career.files import write_private

    if out is None:
        sys.stdout.write(printable(text))
        sys.stdout.flush()
        return
    write_private(out, text, force=force)
    message(f"wrote {what} to {out}")


def export_skills(
    ctx: typer.Context,
    fmt: Annotated[
        SummaryFormat,
        typer.Option(
            "--format", "-f", case_sensitive=False, help="md, json, jsonresume, csv or html."
        ),
    ] = SummaryFormat.md,
    since: SinceFilter = None,
    until: UntilFilter = None,
    min_level: Annotated[
        str,
        typer.Option(
            "--min-level",
            metavar="LEVEL",
            help="Lowest level: 0-4 or intent, exposure, practice, applied, delivered."
            " Plans (intent) are not evidence: --min-level intent shows them, marked.",
        ),
    ] = "exposure",
    skills: SkillsFilter = None,
    category: Annotated[str | None, typer.Option("--category", help="Only this category.")] = None,
    app: Annotated[
        int | None,
        typer.Option("--app", metavar="ID", help="Only the skills this application asks for."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file (default: stdout).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    obsidian_links: Annotated[
        bool,
        typer.Option(
            "--obsidian-links",
            help="In md and html, link each citation from an Obsidian vault to its note"
            " (obsidian://open); for your own use: others cannot open them.",
        ),
    ] = False,
) -> None:
    """Export the skills-evidence summary: every claim dated and cited from your journal."""
    from career import clock
    from career.evidence import queries
    from career.exports import formats
    from career.files import check_target

    first = parse_when(since, past=True) if since is not None else None
    last = parse_when(until, past=True) if until is not None else None
    level = parse_level(min_level)
    if out is not None:
        check_target(out, force=force)
    taxonomy = _taxonomy() if skills or category is not None else None
    with get_state(ctx).reading() as fetch:
        summary = queries.build_summary(
            fetch,
            today=clock.today(),
            since=first,
            until=last,
            min_level=level,
            skills=skills or (),
            category=category,
            application_id=app,
            taxonomy=taxonomy,
            obsidian_links=obsidian_links,
        )
    render = {
        SummaryFormat.md: formats.markdown,
        SummaryFormat.json: formats.json_text,
        SummaryFormat.csv: formats.csv_text,
        SummaryFormat.html: formats.html,
        SummaryFormat.jsonresume: _jsonresume_text,
    }[fmt]
    empty = formats.empty_message(summary)
    if empty is not None:
        message(empty)
    _write(render(summary), out, force, f"{len(summary.skills)} skill(s)")


def app_skills(
    ctx: typer.Context,
    application_id: Annotated[int, typer.Argument(metavar="ID")],
    add: Annotated[
        list[str] | None,
        typer.Option("--add", metavar="NAME", help="A skill it asks for (repeatable)."),
    ] = None,
    remove: Annotated[
        list[str] | None,
        typer.Option(
            "--remove", metavar="NAME", help="A skill it no longer asks for (repeatable)."
        ),
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = Format.table,
) -> None:
    """Show or change the skills an application asks for."""
    from career.evidence import queries

    state = get_state(ctx)
    if add or remove:
        from career.evidence import service

        taxonomy = _taxonomy()
        with state.writing() as sql:
            change = service.change_skills(
                sql, application_id, taxonomy, add=add or (), remove=remove or ()
            )
        for text in change.warnings:
            warn(text)
        if change.added:
            message("added: " + ", ".join(change.added))
        if change.removed:
            message("removed: " + ", ".join(change.removed))
    with state.reading() as fetch:
        asked = queries.asked_skills(fetch, application_id)
    rows = [{"skill": name, "category": category} for _, name, category in asked]
    print_listing(
        rows,
        fmt,
        fields=["skill", "category"],
        columns=[("skill", "Skill"), ("category", "Category")],
        empty=f"application #{application_id} asks for no skills yet: add them with --add",
    )


def import_job(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Argument(
            metavar="URL|FILE|-",
            help="A posting: a link, a saved HTML or JSON file (JSON Resume job schema, "
            "schema.org JSON-LD, an ATS's JSON), or - for standard input.",
        ),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Add even if an active one for this role exists.")
    ] = False,
    allow_local: Annotated[
        bool,
        typer.Option(
            "--allow-local",
            help="Let a link reach local and private addresses (refused otherwise).",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would be recorded; record nothing.")
    ] = False,
) -> None:
    """Record a job posting as an application you are interested in, with its skills."""
    from career.cli.applications import add_captured

    add_captured(ctx, source, allow_local=allow_local, dry_run=dry_run, force=force)


def gaps(
    ctx: typer.Context,
    application_id: Annotated[int, typer.Argument(metavar="ID")],
    fmt: Annotated[
        GapFormat, typer.Option("--format", "-f", case_sensitive=False, help="table, md or json.")
    ] = GapFormat.table,
) -> None:
    """Each skill an application asks for, with your best evidence or none yet."""
    from career.evidence import queries
    from career.exports import gaps as report

    with get_state(ctx).reading() as fetch:
        app, found = queries.gaps(fetch, application_id)
    ordered = report.order(found)
    if fmt is GapFormat.md:
        sys.stdout.write(printable(report.gaps_markdown(app, ordered)))
    elif fmt is GapFormat.json:
        sys.stdout.write(printable(report.gaps_json(app, ordered)))
    else:
        print_listing(
            report.gaps_rows(ordered),
            Format.table,
            fields=report.GAP_FIELDS,
            columns=report.GAP_COLUMNS,
            empty=f"application #{application_id} asks for no skills yet: "
            f"add them with career app skills {application_id} --add NAME",
        )


def register(app: typer.Typer, app_group: typer.Typer, export_app: typer.Typer) -> None:
    """Add this module's commands to the `career` app and its `app` and `export` groups."""
    export_app.command("skills")(export_skills)
    app_group.command("skills")(app_skills)
    app_group.command("import-job")(import_job)
    app.command("gaps")(gaps)
