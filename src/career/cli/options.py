"""Option types and value parsing shared by commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

import typer

from career.cli.output import Format

FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]


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
