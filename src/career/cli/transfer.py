"""`career export apps` and `career import apps`: applications to and from spreadsheets.

The rules (columns, status words, the formula guard, matching) are in
career.pipeline.sheets, career.pipeline.export_format and career.pipeline.transfer.
"""

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from career.cli.output import message, warn
from career.cli.state import get_state
from career.render import printable

export_app = typer.Typer(help="Write your records to files.", no_args_is_help=True)
import_app = typer.Typer(help="Read records from files.", no_args_is_help=True)


class ExportFormat(enum.StrEnum):
    csv = "csv"
    json = "json"


@export_app.command("apps")
def export_apps(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="csv or json.", case_sensitive=False),
    ] = ExportFormat.csv,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file (default: stdout).")
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option("--history", help="CSV only: also write the status changes to this file."),
    ] = None,
    deadlines: Annotated[
        Path | None,
        typer.Option("--deadlines", help="CSV only: also write the deadlines to this file."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing files.")] = False,
) -> None:
    """Export every application, its status history and its deadlines (CSV or JSON)."""
    from career.cells import csv_text
    from career.pipeline import export_format, transfer

    for flag, path in (("--history", history), ("--deadlines", deadlines)):
        if path is not None and fmt is ExportFormat.json:
            raise typer.BadParameter(
                f"{flag} is for CSV: the JSON export holds them in each record", param_hint=flag
            )
    targets = [p for p in (out, history, deadlines) if p is not None]
    if len({p.resolve() for p in targets}) != len(targets):
        raise typer.BadParameter("--out, --history and --deadlines must name different files")
    from career.files import check_target, write_files

    for target in targets:
        check_target(target, force=force)
    with get_state(ctx).reading() as fetch:
        records = transfer.export_records(fetch)
    if fmt is ExportFormat.json:
        text = export_format.json_text(records)
    else:
        text = export_format.apps_csv(records)
    files: list[tuple[Path, str]] = []
    said: list[str] = []
    if history is not None:
        rows = export_format.history_rows(records)
        files.append((history, csv_text(rows, export_format.HISTORY_FIELDS)))
        said.append(f"wrote {len(rows)} status change(s) to {history}")
    if deadlines is not None:
        rows = export_format.deadline_rows(records)
        files.append((deadlines, csv_text(rows, export_format.DEADLINE_FIELDS)))
        said.append(f"wrote {len(rows)} deadline(s) to {deadlines}")
    if out is not None:
        files.append((out, text))
        said.append(f"wrote {len(records)} application(s) to {out}")
    write_files(files, force=force)  # every file of the set, or none
    if out is None:
        # data to import again: exact into a pipe or a file, escaped only on a terminal
        typer.echo(printable(text) if sys.stdout.isatty() else text, nl=False)
    for line in said:
        message(line)


class DateOrder(enum.StrEnum):
    DMY = "DMY"
    MDY = "MDY"


@import_app.command("apps")
def import_apps(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE.csv", help="A CSV sheet (UTF-8).")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be created; change nothing.")
    ] = False,
    maps: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="COLUMN=FIELD",
            help="Read COLUMN as FIELD (or 'ignore' it); repeatable.",
        ),
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option(
            "--history",
            metavar="HISTORY.csv",
            help="The status history file of the same export (export apps --history).",
        ),
    ] = None,
    deadlines: Annotated[
        Path | None,
        typer.Option(
            "--deadlines",
            metavar="DEADLINES.csv",
            help="The deadlines file of the same export (export apps --deadlines).",
        ),
    ] = None,
    date_order: Annotated[
        DateOrder | None,
        typer.Option(
            "--date-order",
            metavar="DMY|MDY",
            case_sensitive=False,
            help="Read year-last dates such as 04/05/2024 day first (DMY) or month first (MDY) "
            "[setting dates.order].",
        ),
    ] = None,
    preset: Annotated[
        str | None,
        typer.Option(
            "--preset",
            metavar="NAME",
            help="Read the file as this tracker's export: huntr, teal, linkedin or simplify "
            "(recognized by its headers otherwise).",
        ),
    ] = None,
    map_status: Annotated[
        list[str] | None,
        typer.Option(
            "--map-status",
            metavar="WORD=STATUS",
            help="Read the stage word WORD as STATUS; repeatable.",
        ),
    ] = None,
) -> None:
    """Import applications from a CSV sheet, a tracker's CSV export, or our own export.

    Headers and status words are matched case-insensitively; a row that matches a recorded
    application (organization, role and applied date) is skipped, so importing again adds
    nothing. Any value that cannot be read is listed with its row and nothing is imported.
    With our own export's --history and --deadlines files, each application gets back its
    timeline and its deadlines; without them, a new one-entry timeline.
    """
    from career import clock, config
    from career.pipeline import sheets, transfer

    order = date_order.value if date_order is not None else config.load().date_order
    source = file.name
    try:
        sheet = transfer.load_sheet(
            file,
            history=history,
            deadlines=deadlines,
            maps=maps or (),
            date_order=order,
            today=clock.today(),
            preset=preset,
            status_maps=map_status or (),
        )
        if sheet.preset is not None:
            message(f"read {source} as a {sheet.preset} export")
        if sheet.ignored_columns:
            message("ignored columns: " + ", ".join(sheet.ignored_columns))
        if not sheet.rows:
            message(f"{source} has no rows to import")
            return
        if dry_run:
            with get_state(ctx).reading() as fetch:
                plan = transfer.plan_import(fetch, sheet.rows, source)
        else:
            with get_state(ctx).writing() as sql:
                done = transfer.import_rows(sql, sheet.rows, source)
            plan = done.plan
            for text in done.warnings:
                warn(text)
    except sheets.SheetProblems as exc:
        for problem in exc.problems:
            message(problem)
        raise
    verb = "would create" if dry_run else "created"
    done_verb = "would be created" if dry_run else "created"
    for row in plan.create:
        typer.echo(printable(f"row {row.row}: {verb} {sheets.describe(row)}"))
    for skipped in plan.skip:
        typer.echo(
            printable(
                f"row {skipped.row.row}: skipped {sheets.describe(skipped.row)}: "
                f"recorded already ({skipped.matches})"
            )
        )
    summary = (
        f"{len(plan.create)} application(s) {done_verb}, {len(plan.skip)} already recorded"
        f" (skipped), from {source}"
    )
    message(f"dry run: {summary}; nothing was changed" if dry_run else summary)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `career` app."""
    app.add_typer(export_app, name="export")
    app.add_typer(import_app, name="import")
