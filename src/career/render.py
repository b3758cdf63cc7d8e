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
    """JSON text: a list as one record a line, anything else indented; `printable`, so the
    control characters json writes raw (DEL and C1) are \\u escapes: the same JSON, safe on
    a terminal."""
    if isinstance(value, list):
        if not value:
            return "[]"
        lines = [json.dumps(item, default=_json_default, ensure_ascii=False) for item in value]
        return printable("[\n" + ",\n".join(lines) + "\n]")
    return printable(json.dumps(value, default=_json_default, ensure_ascii=False, indent=2))


_CONTAINERS = frozenset((dict, list))


def _holds_nested(value: Any) -> bool:
    members = value.values() if type(value) is dict else value
    if _CONTAINERS.isdisjoint(map(type, members)):  # the common case, decided in C
        return False
    return any(type(v) in _CONTAINERS and v for v in members)


def to_json_document(value: Any, depth: int = 0) -> str:
    """A large document as readable JSON, written by the C encoder: objects and lists that
    hold other objects or lists are laid out one member a line, indented; anything flatter
    (one evidence line, a list of words) is one line. (`indent=` would switch json to its
    pure-Python encoder, ten times slower on a summary of thousands of lines.)"""
    if type(value) is dict and _holds_nested(value):
        pad = "  " * (depth + 1)
        members = [
            f"{pad}{json.dumps(str(k), ensure_ascii=False)}: {to_json_document(v, depth + 1)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(members) + "\n" + "  " * depth + "}"
    if type(value) is list and _holds_nested(value):
        pad = "  " * (depth + 1)
        items = [pad + to_json_document(v, depth + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + "  " * depth + "]"
    return _encode_leaf(value)


# One encoder for every leaf: json.dumps with options builds a new encoder on each call, and
# JSONEncoder.encode its C encoder; the C encoder is made once here, with the arguments the
# stdlib gives it for ensure_ascii=False (falling back where there is no C accelerator).
_ENCODER = json.JSONEncoder(default=_json_default, ensure_ascii=False)
_MAKE_C_ENCODER: Any = getattr(json.encoder, "c_make_encoder", None)
_C_ENCODER = (
    _MAKE_C_ENCODER(
        None, _json_default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True
    )
    if _MAKE_C_ENCODER is not None
    else None
)


def _encode_leaf(value: Any) -> str:
    if _C_ENCODER is None:  # pragma: no cover - an interpreter without the C accelerator
        return _ENCODER.encode(value)
    if isinstance(value, str):
        return json.encoder.encode_basestring(value)
    return "".join(_C_ENCODER(value, 0))


def due_text(day: date, at: time | None, tz: str | None) -> str:
    """A due date as people read it: 2024-04-22, or 2024-04-22 09:00 Asia/Tokyo."""
    text = day.isoformat()
    if at is not None:
        text += " " + at.strftime("%H:%M")
        if tz:
            text += " " + tz
    return text


# Control characters (C0 but tab and newline, DEL, C1) in user text would drive the terminal
# (colours, a window title, a bell): shown as escapes instead. C0 as \xNN; DEL and C1 as
# \u00NN, which is also how JSON writes them, so a JSON text stays the same JSON (json itself
# escapes C0 in strings and writes DEL and C1 raw).
_CONTROLS = {
    **{code: f"\\x{code:02x}" for code in range(0x20) if code not in (9, 10)},
    **{code: f"\\u{code:04x}" for code in (0x7F, *range(0x80, 0xA0))},
}


def printable(text: str) -> str:
    """`text` with control characters shown as escapes, safe to print to a terminal: the one
    escaping of everything career prints (views, tables, JSON, CSV, messages); a JSON text
    stays the same JSON."""
    return text.translate(_CONTROLS) if not text.isprintable() else text


def cell(value: Any) -> str:
    """One table cell: lists joined, dates in ISO form, always one printable line."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return printable(", ".join(str(v) for v in value))
    if isinstance(value, date | datetime):
        return value.isoformat()
    return printable(" ".join(str(value).split()))


def terminal_width() -> int | None:
    """The width of the terminal on stdout ($COLUMNS first, as shells set it), None if none."""
    import os
    import sys

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns or None
    except (OSError, ValueError):
        return None


def fit(
    headings: Sequence[str], cells: Sequence[Sequence[str]], width: int, cut: Sequence[int]
) -> list[list[str]]:
    """`cells` cut so that their plain lines fit `width`: only the columns `cut` (long text)
    are shortened, the widest first, each to no less than its heading, ending with "…"."""
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headings)]
    excess = sum(widths) + 2 * (len(widths) - 1) - width
    while excess > 0:
        i = max(cut, key=lambda c: widths[c])
        if widths[i] <= len(headings[i]):
            break  # nothing left to cut: the terminal wraps what remains
        widths[i] -= 1
        excess -= 1
    return [
        [c if i not in cut or len(c) <= widths[i] else c[: widths[i] - 1] + "…"
         for i, c in enumerate(line)]
        for line in cells
    ]  # fmt: skip


def plain_lines(headings: Sequence[str], cells: Sequence[Sequence[str]]) -> list[str]:
    """Aligned columns that never wrap: a pipe, a file, cron mail."""
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headings)]
    return [
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
        for line in [headings, *cells]
    ]
