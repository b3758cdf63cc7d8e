"""Rendering for every command: tables, JSON, CSV on stdout; messages on stderr.

JSON is a contract: keys are stable, dates are ISO 8601, instants are UTC with an offset.
CSV cells that a spreadsheet would run as a formula are guarded with a leading apostrophe
(OWASP's advice). rich is imported only when a table is drawn.
"""

from __future__ import annotations

import csv
import enum
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import typer

from career.render import cell, plain_lines, printable, to_json


class Format(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def print_json(value: Any) -> None:
    typer.echo(to_json(value))


def print_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> None:
    from career.pipeline.spreadsheet import guard_cell  # the formula guard and its inverse

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([guard_cell(row.get(c)) for c in columns])


def print_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[tuple[str, str]],
    *,
    empty: str = "nothing to show",
) -> None:
    """`columns` pairs a row key with its heading. A rich table on a terminal; elsewhere
    (a pipe, a file, cron) plain aligned columns that never wrap."""
    if not rows:
        message(empty)
        return
    cells = [[cell(row.get(key)) for key, _ in columns] for row in rows]
    headings = [heading for _, heading in columns]
    if not sys.stdout.isatty():
        for text in plain_lines(headings, cells):
            typer.echo(text)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_edge=False, header_style="bold")
    for heading in headings:
        table.add_column(heading, overflow="fold")
    for line in cells:
        table.add_row(*(_escape(c) for c in line))
    Console(soft_wrap=False).print(table)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def print_listing(
    rows: Sequence[Mapping[str, Any]],
    fmt: Format,
    *,
    fields: Sequence[str],
    columns: Sequence[tuple[str, str]],
    empty: str = "nothing to show",
) -> None:
    """JSON and CSV carry every field; the table shows `columns`."""
    if fmt is Format.json:
        print_json(list(rows))
    elif fmt is Format.csv:
        print_csv(rows, fields)
    else:
        print_table(rows, columns, empty=empty)


def message(text: str) -> None:
    """A message for the person, not for a pipe: stderr."""
    typer.echo(printable(text), err=True)


def warn(text: str) -> None:
    typer.echo(f"warning: {printable(text)}", err=True)
