"""`career export contacts` and `career import contacts`: vCard, CSV, JSON.

The formats are in career.people.cards, the rules of an import in career.people.transfer.
"""

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from career.cli.output import message, warn
from career.cli.state import get_state
from career.render import printable


class ContactFormat(enum.StrEnum):
    vcf = "vcf"
    csv = "csv"
    json = "json"


def export_contacts(
    ctx: typer.Context,
    fmt: Annotated[
        ContactFormat,
        typer.Option("--format", "-f", help="vcf (vCard 4.0), csv or json.", case_sensitive=False),
    ] = ContactFormat.vcf,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file (default: stdout).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Export every contact as vCards (an address book or phone imports them), CSV or JSON."""
    from career.files import check_target, write_private
    from career.people import cards, transfer

    if out is not None:
        check_target(out, force=force)
    with get_state(ctx).reading() as fetch:
        rows = transfer.export_rows(fetch)
    if fmt is ContactFormat.vcf:
        text = cards.vcards(rows)
    elif fmt is ContactFormat.csv:
        from career.cells import csv_text

        text = csv_text(rows, cards.FIELDS)
    else:
        from career.render import to_json

        text = to_json(rows) + "\n"
    if out is None:
        # data to import again: exact into a pipe or a file, escaped only on a terminal
        typer.echo(printable(text) if sys.stdout.isatty() else text, nl=False)
        return
    write_private(out, text, force=force)
    message(f"wrote {len(rows)} contact(s) to {out}")


def import_contacts(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE.vcf|FILE.csv", help="vCards, or a contacts CSV.")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be added; change nothing.")
    ] = False,
) -> None:
    """Import contacts from vCards (a phone, an address book) or a CSV (ours, Google's,
    Outlook's). A contact recorded already is skipped; a look-alike name is added and warned
    about, never merged."""
    from career.errors import InvalidInput
    from career.files import read_user_file
    from career.people import cards, transfer

    source = file.name
    suffix = file.suffix.casefold()
    if suffix not in (".vcf", ".vcard", ".csv"):
        raise InvalidInput(f"{source}: give a .vcf (vCard) or a .csv file")
    data = read_user_file(file, "a vCard or CSV file")
    try:
        found = (cards.read_csv if suffix == ".csv" else cards.read_vcards)(data, source)
        if not found:
            message(f"{source} has no contacts to import")
            return
        transfer.check(found, source)  # every problem, before the database is opened
        if dry_run:
            with get_state(ctx).reading() as fetch:
                plan = transfer.plan(fetch, found, source)
        else:
            with get_state(ctx).writing() as sql:
                plan = transfer.import_contacts(sql, found, source)
    except cards.FileProblems as exc:
        for problem in exc.problems:
            message(problem)
        raise
    for text in plan.warnings:
        warn(text)
    verb = "would add" if dry_run else "added"
    for new, _ in plan.add:
        at = f" ({new.organization})" if new.organization else ""
        typer.echo(printable(f"{verb} {new.name}{at}"))
    for card, why in plan.skip:
        typer.echo(printable(f"{card.where}: skipped {card.name}: {why}"))
    added = "would be added" if dry_run else "added"
    summary = f"{len(plan.add)} contact(s) {added}, {len(plan.skip)} skipped, from {source}"
    message(f"dry run: {summary}; nothing was changed" if dry_run else summary)


def register(export_app: typer.Typer, import_app: typer.Typer) -> None:
    export_app.command("contacts")(export_contacts)
    import_app.command("contacts")(import_contacts)
