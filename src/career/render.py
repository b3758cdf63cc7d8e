"""Text renderings that need only the standard library: JSON and plain aligned columns.

The CLI's output module (`career.cli.output`) and the fast reminder path (`career.reminders`)
share them, so a listing reads the same whichever path printed it. JSON is a contract: stable
keys, ISO 8601 dates; a list is one record a line (fast to write, easy to grep).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def to_json(value: Any) -> str:
    """JSON text: a list as one record a line, anything else indented."""
    if isinstance(value, list):
        if not value:
            return "[]"
        lines = [json.dumps(item, default=_json_default, ensure_ascii=False) for item in value]
        return "[\n" + ",\n".join(lines) + "\n]"
    return json.dumps(value, default=_json_default, ensure_ascii=False, indent=2)


def cell(value: Any) -> str:
    """One table cell: lists joined, dates in ISO form, always one line."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return " ".join(str(value).split())


def plain_lines(headings: Sequence[str], cells: Sequence[Sequence[str]]) -> list[str]:
    """Aligned columns that never wrap: a pipe, a file, cron mail."""
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headings)]
    return [
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
        for line in [headings, *cells]
    ]
