"""Text as spreadsheet cells, shared by every CSV writer (the application export, the
skills summary, `--format csv` listings) and the application import. Pure, stdlib only: light
enough for start-up.

- **Formula guard** (OWASP, "CSV injection"): a cell whose text starts with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return gets a leading apostrophe, so no spreadsheet runs it. So that
  the guard has an exact inverse, a text that starts with apostrophes followed by one of those
  characters gets one more apostrophe; `unguard` removes exactly one apostrophe from a cell of
  that shape and leaves every other cell alone: ``unguard(guard(s)) == s`` for every text.
  A hand-kept ``'=not a formula`` keeps its apostrophe: only our own files are un-guarded.
  Numbers are never guarded.
- **A list in one cell** is written as tags are (`tags_cell`): separated by ``; ``; an item that
  contains ``;`` or starts with ``"`` is written in double quotes, a quote inside doubled, as in
  a CSV field (``"a;b"; c``), so every item survives and the cell stays readable.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

_GUARDED = re.compile(r"'*[=+\-@\t\r]")
_UNGUARD = re.compile(r"'+[=+\-@\t\r]")


_RISKY_FIRST = frozenset("'=+-@\t\r")  # what a guarded cell can start with


def guard(text: str) -> str:
    """`text` as a cell no spreadsheet evaluates (see the module docstring)."""
    if text and text[0] in _RISKY_FIRST and _GUARDED.match(text):
        return "'" + text
    return text


def unguard(text: str) -> str:
    """The exact inverse of `guard`: one apostrophe off a guarded cell, others unchanged."""
    return text[1:] if _UNGUARD.match(text) else text


def cell_text(value: Any) -> str:
    """A value as cell text: None is empty, a list is one cell as tags are (`tags_cell`),
    dates are ISO. Every CSV writer goes through here, so a list reads the same in each."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return tags_cell(str(v) for v in value)
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    return str(value)


def guard_cell(value: Any) -> str:
    """A value as a CSV cell that no spreadsheet will evaluate. A number is written as it is:
    -41 days is not a formula, and a spreadsheet should see a number."""
    if type(value) is str:  # the common case, first
        return guard(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return guard(cell_text(value))


# --- tags in one cell -----------------------------------------------------------------------


def _quoted_tag(tag: str) -> str:
    if ";" in tag or tag.startswith('"'):
        return '"' + tag.replace('"', '""') + '"'
    return tag


def tags_cell(tags: Iterable[str]) -> str:
    """Tags as one readable cell that splits back into the same tags (module docstring)."""
    return "; ".join(_quoted_tag(t) for t in tags)


def csv_text(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """RFC 4180 CSV (CRLF rows, so a lone carriage return in a cell is quoted), guarded."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([guard_cell(row.get(c)) for c in columns])
    return out.getvalue()
