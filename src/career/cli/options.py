"""Option types and value parsing shared by commands."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import typer
from typer._click.types import IntParamType  # typer's own copy of Click
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

# The filters of the journal's evidence, the same in `export skills` and `evidence`.
SkillsFilter = Annotated[
    list[str] | None,
    typer.Option("--skill", metavar="NAME", help="Only this skill (repeatable)."),
]
SinceFilter = Annotated[
    str | None, typer.Option("--since", metavar="DATE", help="Evidence from this day.")
]
UntilFilter = Annotated[
    str | None, typer.Option("--until", metavar="DATE", help="Evidence up to this day.")
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


# --- whole numbers: every id argument and number option -----------------------------------

LARGEST = 2**63 - 1
"""The largest id or number a command accepts: a signed 64-bit integer, what both databases
store."""

_WHOLE = re.compile(r"[+-]?[0-9]+", re.ASCII)


class WholeNumber(IntParamType):
    """An integer written in ASCII digits (an optional sign), within a signed 64-bit integer.
    Click's own reads any digits Python's int() reads (Arabic-Indic, full-width), so `١` would
    be application 1; and a number SQLite cannot store would reach the database."""

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = str(value).strip()
            shown = repr(text) if len(text) <= 40 else repr(text[:40] + "…")
            if not _WHOLE.fullmatch(text):
                self.fail(f"{shown} is not a whole number in digits 0-9.", param, ctx)
            if len(text.lstrip("+-").lstrip("0")) > len(str(LARGEST)):
                self.fail(f"{shown} is too large (at most {LARGEST}).", param, ctx)
            number = int(text)
        if abs(number) > LARGEST:
            self.fail(f"{number} is too large (at most {LARGEST}).", param, ctx)
        return number


WHOLE = WholeNumber()


def strict_numbers(command: Any) -> None:
    """Give every integer parameter of `command` and the commands below it `WholeNumber`: one
    reading of ids and numbers for every command, a new one included."""
    for sub in getattr(command, "commands", {}).values():
        strict_numbers(sub)
    for param in getattr(command, "params", []):
        if type(param.type) is IntParamType:
            param.type = WHOLE
