"""Rendering for every command: tables, JSON, CSV on stdout; messages on stderr.

JSON is a contract: keys are stable, dates are ISO 8601, instants are UTC with an offset.
CSV cells that a spreadsheet would run as a formula are guarded with a leading apostrophe
(OWASP's advice). rich is imported only when a table is drawn.
"""

from __future__ import annotations

import csv
import enum
import re
import sys
from collections.abc import Collection, Mapping, Sequence
from datetime import date, time
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
    from career.cells import guard_cell  # the formula guard

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:  # printable: a bare CR would end the row, an escape drive the terminal
        writer.writerow([printable(guard_cell(row.get(c))) for c in columns])


def print_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[tuple[str, str]],
    *,
    empty: str = "nothing to show",
    short: Collection[str] = (),
    whole: Collection[str] = (),
) -> None:
    """`columns` pairs a row key with its heading. On a terminal, a rich table as wide as the
    terminal: short columns (ids, statuses, dates, numbers; see `is_short`, and the keys in
    `short`) never wrap nor shrink; long text is cut to fit with an ellipsis, except in the
    columns of `whole`, whose text wraps and is never cut. `--wide` cuts nothing: the table
    takes the width it needs. Elsewhere (a pipe, a file, cron) plain aligned columns, whole,
    that never wrap."""
    if not rows:
        message(empty)
        return
    cells = [[cell(row.get(key)) for key, _ in columns] for row in rows]
    headings = [heading for _, heading in columns]
    if not sys.stdout.isatty():
        for text in plain_lines(headings, cells):
            typer.echo(text)
        return
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", padding=(0, 2, 0, 0), pad_edge=False)
    for i, (key, heading) in enumerate(columns):
        texts = [line[i] for line in cells]
        if key in short or is_short([row.get(key) for row in rows], texts):
            # A fixed width (its widest cell): never cut nor wrapped, and rich need not measure
            # every cell of it again (most of the time of a long table).
            width = max(cell_len(heading), *(cell_len(t) for t in texts))
            table.add_column(Text(heading, no_wrap=True), no_wrap=True, width=width)
        elif key in whole:  # wraps (a word longer than the column is folded), never cut
            table.add_column(Text(heading, no_wrap=True), overflow="fold")
        else:  # shrinks first when the table is too wide; its cells are cut, not wrapped
            table.add_column(Text(heading, no_wrap=True, overflow="ellipsis"))
    wraps = [key in whole for key, _ in columns]
    for line in cells:
        table.add_row(
            *(
                Text(t, overflow="fold") if wrap else Text(t, no_wrap=True, overflow="ellipsis")
                for t, wrap in zip(line, wraps, strict=True)
            )
        )
    # --wide: as wide as the table needs, lines longer than the terminal and nothing cut
    console = Console(soft_wrap=False, width=WIDE if wide_tables() else None)
    with console.capture() as captured:
        console.print(table)
    # rich pads every cell to its column's width: no trailing blanks for the terminal to wrap
    sys.stdout.write(_TRAILING_BLANKS.sub(r"\1", captured.get()))
    sys.stdout.flush()


_TRAILING_BLANKS = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)


WIDE = 10_000  # columns a --wide table may take (a table never pads itself to this)
SHORT_TEXT = 16  # a one-word text up to this long (a status, a kind, a time) is a short cell


def is_short(values: Sequence[Any], texts: Sequence[str]) -> bool:
    """Whether a column is short, never wrapped nor cut: every value is a number, a date or a
    time, or every text is one word of at most SHORT_TEXT characters (a status, a kind)."""
    if all(v is None or isinstance(v, int | float | date | time) for v in values):
        return True
    return all(len(t) <= SHORT_TEXT and " " not in t for t in texts)


WIDE_KEY = "career.wide"


def wide_tables() -> bool:
    """Whether `--wide` was given to the running command."""
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(WIDE_KEY))


def add_wide_option(command: Any) -> None:
    """Give `--wide` to `command` and every command below it that can print a table (its
    `--format` offers `table`)."""
    for sub in getattr(command, "commands", {}).values():
        add_wide_option(sub)
    params = getattr(command, "params", [])
    formats = [p for p in params if "--format" in getattr(p, "opts", ())]
    offers = [str(getattr(c, "value", c)) for p in formats for c in getattr(p.type, "choices", ())]
    if "table" not in offers or any("--wide" in getattr(p, "opts", ()) for p in params):
        return
    from typer.core import TyperOption

    def remember(ctx: Any, _param: Any, value: bool) -> None:
        if value:
            ctx.meta[WIDE_KEY] = True

    params.append(
        TyperOption(
            param_decls=["--wide"],
            is_flag=True,
            default=False,
            expose_value=False,
            callback=remember,
            help="On a terminal, cut no cell to fit its width.",
        )
    )


def print_listing(
    rows: Sequence[Mapping[str, Any]],
    fmt: Format,
    *,
    fields: Sequence[str],
    columns: Sequence[tuple[str, str]],
    empty: str = "nothing to show",
    short: Collection[str] = (),
    whole: Collection[str] = (),
) -> None:
    """JSON and CSV carry every field; the table shows `columns`."""
    if fmt is Format.json:
        print_json(list(rows))
    elif fmt is Format.csv:
        print_csv(rows, fields)
    else:
        print_table(rows, columns, empty=empty, short=short, whole=whole)


def message(text: str) -> None:
    """A message for the person, not for a pipe: stderr, one line (a newline in a name it
    quotes is shown as \\n)."""
    typer.echo(printable(text).replace("\n", "\\n"), err=True)


def warn(text: str) -> None:
    typer.echo(f"warning: {printable(text)}".replace("\n", "\\n"), err=True)
