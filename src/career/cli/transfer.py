"""`career export apps` and `career import apps`: applications to and from spreadsheets.

The rules (columns, status words, the formula guard, matching) are in
career.pipeline.spreadsheet and career.pipeline.transfer.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from career.cli.output import message, warn
from career.cli.state import get_state

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
    force: Annotated[bool, typer.Option("--force", help="Replace existing files.")] = False,
) -> None:
    """Export every application, its status and its status history (CSV or JSON)."""
    from career.pipeline import spreadsheet, transfer

    if history is not None and fmt is ExportFormat.json:
        raise typer.BadParameter(
            "--history is for CSV: the JSON export holds each timeline", param_hint="--history"
        )
    if out is not None and history is not None and out.absolute() == history.absolute():
        raise typer.BadParameter("--out and --history name the same file")
    for target in (out, history):
        if target is not None:
            transfer.check_target(target, force=force)
    with get_state(ctx).reading() as fetch:
        records = transfer.export_records(fetch)
    if fmt is ExportFormat.json:
        text = spreadsheet.json_text(records)
    else:
        text = spreadsheet.csv_text(records, spreadsheet.EXPORT_FIELDS)
    if history is not None:
        rows = spreadsheet.history_rows(records)
        history_text = spreadsheet.csv_text(rows, spreadsheet.HISTORY_FIELDS)
        transfer.write_private(history, history_text, force=force)
        message(f"wrote {len(rows)} status change(s) to {history}")
    if out is None:
        typer.echo(text, nl=False)
    else:
        transfer.write_private(out, text, force=force)
        message(f"wrote {len(records)} application(s) to {out}")


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
) -> None:
    """Import applications from a CSV sheet or a tracker's CSV export.

    Headers and status words are matched case-insensitively; a row that matches a recorded
    application (organization, role and applied date) is skipped, so importing again adds
    nothing. Any value that cannot be read is listed with its row and nothing is imported.
    A status history file is not imported: each application starts a new timeline.
    """
    from career import clock
    from career.pipeline import spreadsheet, transfer

    source = file.name
    try:
        sheet = spreadsheet.read_sheet(
            transfer.read_text(file), source, maps=maps or (), today=clock.today()
        )
        if sheet.ignored_columns:
            message("ignored columns: " + ", ".join(sheet.ignored_columns))
        if not sheet.rows:
            message(f"{source} has no rows to import")
            return
        if dry_run:
            with get_state(ctx).reading() as fetch:
                plan = transfer.plan_import(fetch, sheet.rows, source)
        else:
            with get_state(ctx).session(write=True) as session:
                done = transfer.import_rows(session, sheet.rows, source)
            plan = done.plan
            for text in done.warnings:
                warn(text)
    except spreadsheet.SheetProblems as exc:
        for problem in exc.problems:
            message(problem)
        raise
    verb = "would create" if dry_run else "created"
    done_verb = "would be created" if dry_run else "created"
    for row in plan.create:
        typer.echo(f"row {row.row}: {verb} {spreadsheet.describe(row)}")
    for skipped in plan.skip:
        typer.echo(
            f"row {skipped.row.row}: skipped {spreadsheet.describe(skipped.row)}: "
            f"recorded already ({skipped.matches})"
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
