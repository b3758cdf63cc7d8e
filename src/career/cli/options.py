"""Option types and value parsing shared by commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import typer
from typer._types import TyperChoice  # the enum-aware choice typer itself builds

from career.cli.output import Format

# Option conventions, the same in every command: `-f/--format` is how the answer is written
# (only the formats a command accepts are offered, in its help and its completion), and
# `-o/--out FILE` is where a file is written (default: stdout).

FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]


def format_option(*allowed: Format, help: str = "Output format.") -> Any:
    """`-f/--format` offering only `allowed` (of `Format`): the value is still a `Format`."""
    return typer.Option(
        "--format", "-f", help=help, click_type=TyperChoice(allowed, case_sensitive=False)
    )


ViewFormatOption = Annotated[Format, format_option(Format.table, Format.json)]


def parse_when(text: str, *, past: bool) -> date:
    """A date as a person types it (see career.dates), against today's date; a slash or dot
    date such as 04/05/2024 is read in the order the settings give (`dates.order`)."""
    from career import clock, dates

    order = None
    if "/" in text or "." in text:
        from career import config

        order = config.load().date_order
    return dates.parse_date(text, today=clock.today(), past=past, date_order=order)


def complete_from(values: tuple[str, ...]) -> Callable[[str], list[str]]:
    """Shell completion of a fixed set of words."""

    def complete(incomplete: str) -> list[str]:
        return [v for v in values if v.startswith(incomplete)]

    return complete
