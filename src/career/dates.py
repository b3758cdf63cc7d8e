"""Turn what people type into calendar dates and day counts.

This module is pure: no I/O, no clock. "Today" is always passed in by the caller.

`parse_date(text, today=..., past=False, date_order=None)` reads, ignoring case and surrounding
whitespace:

- ``2024-05-01`` (ISO, YYYY-MM-DD); ``2024/05/01`` and ``2024.05.01`` (year first) are Y/M/D.
- ``today``, ``tomorrow``, ``yesterday``.
- Offsets from today: ``+3d``, ``-3d``, ``+2w``, ``-1w``, ``+1m``, ``+1y``; no sign means ``+``.
  Months and years keep the day of the month or, if the month is shorter, take its last day
  (Jan 31 ``+1m`` is the last day of February).
- Weekdays, full or short (``fri``, ``friday``, ``tues``, ``thurs``): for a due date
  (``past=False``) the nearest such day on or after today; for something that already happened
  (``past=True``) the nearest on or before today. ``next fri`` is strictly after today and
  ``last fri`` strictly before today, whatever ``past`` says.
- ``eow`` / ``end of week``: the coming Sunday (today on a Sunday); ``eom`` / ``end of month``:
  the last day of this month; ``eoy`` / ``end of year``: December 31 of this year.
- Month names, full or short (``Sept`` too), month or day first, with an optional ordinal
  suffix and year: ``May 1``, ``1 May``, ``May 1st``, ``May 1 2024``, ``May 1, 2024``,
  ``1 May 2024``. Without a year: the next such day on or after today (``past=False``) or the
  last one on or before today (``past=True``); Feb 29 goes to the next/previous leap year.
- ``04/05/2024`` or ``04.05.2024`` (year last, four digits) are ambiguous: they are read only
  with a ``date_order`` (``"DMY"`` or ``"MDY"``) and rejected without one, even when a part is
  over 12.

An impossible date such as ``2023-02-29`` is an error, never moved to a nearby day. Dates run
from 0001-01-02 to 9999-12-30 (`FIRST_DAY`, `LAST_DAY`): a day whose whole length exists as an
instant in every time zone, with the next day (an all-day calendar entry's end) a date too;
the first and last dates Python knows are refused as out of range. The date
is never checked against today: ``past`` only chooses a direction for weekdays and for month
names without a year.

`parse_days(text)` reads the length of a window in days: ``14``, ``14d`` or ``2w`` (14 days),
from 0 to 36500. Months are refused, since they have no fixed length.

Bad input raises `InvalidInput` with a one-line message that quotes the input.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final, Literal

from dateutil.relativedelta import relativedelta

from career.errors import InvalidInput

__all__ = ["FIRST_DAY", "LAST_DAY", "MAX_DAYS", "DateOrder", "in_range", "parse_date", "parse_days"]

DateOrder = Literal["DMY", "MDY"]

MAX_DAYS: Final = 36500
"""The longest window `parse_days` accepts (about 100 years)."""

_FORMS: Final = "use YYYY-MM-DD, today, tomorrow, +3d, -1w, fri, next fri, eom, or May 1"
FIRST_DAY: Final = date(1, 1, 2)
LAST_DAY: Final = date(9999, 12, 30)
"""The dates accepted: every instant of such a day, in any zone (UTC-12 to UTC+14, and the
local mean times of old dates), is a datetime, and so is the end of an all-day entry."""

_RANGE: Final = "dates run from 0001-01-02 to 9999-12-30"
# Until a configured date order exists (the config command), the only way out is ISO.
_SET_ORDER: Final = "write it as YYYY-MM-DD"

_MONTH_NAMES: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# The most days each month can have (February in a leap year).
_MONTH_MAX_DAYS: Final = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

_MONTHS: Final[dict[str, int]] = {
    **{name.lower(): number for number, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3].lower(): number for number, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}

_WEEKDAYS: Final[dict[str, int]] = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}

_DAY_OFFSETS: Final[dict[str, int]] = {"today": 0, "tomorrow": 1, "yesterday": -1}

# Matched against the text lowercased, ASCII only, with inner whitespace collapsed to one space.
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_YEAR_FIRST = re.compile(r"(\d{4})([/.])(\d{1,2})\2(\d{1,2})", re.ASCII)
_YEAR_LAST = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{4})", re.ASCII)
_SHORT_YEAR_LAST = re.compile(r"\d{1,2}([/.])\d{1,2}\1\d{2}", re.ASCII)
_OFFSET = re.compile(r"([+-]?)(\d+)([dwmy])", re.ASCII)
_WEEKDAY = re.compile(r"(?:(next|last) )?([a-z]+)", re.ASCII)
_MONTH_FIRST = re.compile(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?:(?:, ?| )(\d{4}))?", re.ASCII)
_DAY_FIRST = re.compile(r"(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?(?:(?:, ?| )(\d{4}))?", re.ASCII)
_DAYS = re.compile(r"(\+?)(\d+)([dw]?)", re.ASCII)
_DAYS_IN_MONTHS = re.compile(r"[+-]?\d+(?:m|mo|mos|month|months)", re.ASCII)

# More digits than this cannot be a date offset inside 0001..9999 (and keeps int() cheap).
_MAX_DIGITS: Final = 9


def parse_date(
    text: str, *, today: date, past: bool = False, date_order: DateOrder | None = None
) -> date:
    """Read `text` as a calendar date, relative to `today` (see the module docstring).

    `past` is True for the date of something that already happened (applied, held, moved on)
    and False for a due date. `date_order` reads year-last slash or dot dates such as
    04/05/2024; without it they are rejected as ambiguous.
    """
    if date_order not in (None, "DMY", "MDY"):
        raise InvalidInput(f"unknown date order {date_order!r}: use DMY or MDY")
    stripped = text.strip()
    shown = repr(stripped)  # repr() escapes newlines, so messages stay on one line
    if not stripped.isascii():
        raise InvalidInput(f"cannot read {shown} as a date: {_FORMS}")
    key = " ".join(stripped.split()).lower()
    # A datetime is a date too; never let one leak through into the result.
    base = date(today.year, today.month, today.day)
    result = (
        _keyword(key, base, shown)
        or _numeric(key, shown, date_order)
        or _offset(key, base, shown)
        or _weekday(key, base, past, shown)
        or _month_name(key, base, past, shown)
    )
    if result is None:
        raise InvalidInput(f"cannot read {shown} as a date: {_FORMS}")
    if not in_range(result):
        raise InvalidInput(f"{shown} is out of range: {_RANGE}")
    return result


def in_range(day: date) -> bool:
    """Whether `day` is a date this program stores (see `FIRST_DAY`, `LAST_DAY`)."""
    return FIRST_DAY <= day <= LAST_DAY


def parse_days(text: str) -> int:
    """Read `text` as a number of days: ``14``, ``14d`` or ``2w`` (14 days), from 0 to MAX_DAYS.

    Months are refused: they have no fixed length, and a window must be exact.
    """
    stripped = text.strip()
    shown = repr(stripped)
    key = stripped.lower()
    if not key.isascii():
        raise InvalidInput(f"cannot read {shown} as a number of days: use 14, 14d or 2w")
    if key.startswith("-") and _DAYS.fullmatch(key[1:]):
        raise InvalidInput(f"{shown} is negative: a number of days must be 0 or more")
    if _DAYS_IN_MONTHS.fullmatch(key):
        raise InvalidInput(
            f"cannot read {shown} as a number of days: months have no fixed length; "
            "use days or weeks, such as 30d or 4w"
        )
    match = _DAYS.fullmatch(key)
    if match is None:
        raise InvalidInput(f"cannot read {shown} as a number of days: use 14, 14d or 2w")
    digits, unit = match.group(2), match.group(3)
    days = int(digits) * (7 if unit == "w" else 1) if len(digits) <= _MAX_DIGITS else None
    if days is None or days > MAX_DAYS:
        raise InvalidInput(f"{shown} is too long: a window can be at most {MAX_DAYS} days")
    return days


# --- one reader per form: each returns None when the text is not in its form ----------------


def _keyword(key: str, base: date, shown: str) -> date | None:
    if key in _DAY_OFFSETS:
        return _shift(base, _DAY_OFFSETS[key], shown)
    if key in ("eow", "end of week"):
        return _shift(base, 6 - base.weekday(), shown)
    if key in ("eom", "end of month"):
        return date(base.year, base.month, _days_in_month(base.year, base.month))
    if key in ("eoy", "end of year"):
        return date(base.year, 12, 31)
    return None


def _numeric(key: str, shown: str, date_order: DateOrder | None) -> date | None:
    match = _ISO.fullmatch(key)
    if match is not None:
        return _checked(int(match.group(1)), int(match.group(2)), int(match.group(3)), shown)
    match = _YEAR_FIRST.fullmatch(key)
    if match is not None:
        return _checked(int(match.group(1)), int(match.group(3)), int(match.group(4)), shown)
    match = _YEAR_LAST.fullmatch(key)
    if match is not None:
        first, second, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
        if date_order is None:
            dmy = _valid(year, second, first)
            mdy = _valid(year, first, second)
            raise InvalidInput(
                f"ambiguous date {shown}: it could be {_reading(dmy)} (day first) or "
                f"{_reading(mdy)} (month first); {_SET_ORDER}"
            )
        if date_order == "DMY":
            return _checked(year, second, first, shown, f" read as {date_order}")
        return _checked(year, first, second, shown, f" read as {date_order}")
    if _SHORT_YEAR_LAST.fullmatch(key):
        raise InvalidInput(f"cannot read {shown} as a date: write the year with four digits")
    return None


def _offset(key: str, base: date, shown: str) -> date | None:
    match = _OFFSET.fullmatch(key)
    if match is None:
        return None
    sign, digits, unit = match.groups()
    if len(digits) > _MAX_DIGITS:
        raise InvalidInput(f"{shown} is out of range: {_RANGE}")
    amount = -int(digits) if sign == "-" else int(digits)
    if unit == "d":
        return _shift(base, amount, shown)
    if unit == "w":
        return _shift(base, 7 * amount, shown)
    return _add_months(base, amount if unit == "m" else 12 * amount, shown)


def _weekday(key: str, base: date, past: bool, shown: str) -> date | None:
    match = _WEEKDAY.fullmatch(key)
    if match is None or match.group(2) not in _WEEKDAYS:
        return None
    which, target = match.group(1), _WEEKDAYS[match.group(2)]
    ahead = (target - base.weekday()) % 7  # days to the target on or after today
    behind = (base.weekday() - target) % 7  # days back to the target on or before today
    if which == "next":
        return _shift(base, ahead or 7, shown)
    if which == "last":
        return _shift(base, -(behind or 7), shown)
    return _shift(base, -behind if past else ahead, shown)


def _month_name(key: str, base: date, past: bool, shown: str) -> date | None:
    match = _MONTH_FIRST.fullmatch(key)
    if match is not None:
        name, day_text, year_text = match.groups()
    else:
        match = _DAY_FIRST.fullmatch(key)
        if match is None:
            return None
        day_text, name, year_text = match.groups()
    month = _MONTHS.get(name)
    if month is None:
        return None
    day = int(day_text)
    if year_text is not None:
        return _checked(int(year_text), month, day, shown)
    if day == 0:
        raise InvalidInput(f"{shown} is not a valid date: there is no day 0")
    most = _MONTH_MAX_DAYS[month - 1]
    if day > most:
        at_most = "at most " if month == 2 else ""
        raise InvalidInput(
            f"{shown} is not a valid date: {_MONTH_NAMES[month - 1]} has {at_most}{most} days"
        )
    step = -1 if past else 1
    year = base.year
    while 1 <= year <= 9999:  # Feb 29 may need up to 8 years; any other day at most 2
        if day <= _days_in_month(year, month):
            candidate = date(year, month, day)
            if (candidate <= base) if past else (candidate >= base):
                return candidate
        year += step
    raise InvalidInput(f"{shown} is out of range: {_RANGE}")


# --- helpers ---------------------------------------------------------------------------------


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if _is_leap(year) else 28
    return _MONTH_MAX_DAYS[month - 1]


def _why_invalid(year: int, month: int, day: int) -> str | None:
    """Why year-month-day is not a date, or None if it is one."""
    if not 1 <= year <= 9999:
        return f"there is no year {year}"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if day == 0:
        return "there is no day 0"
    if day > _days_in_month(year, month):
        return f"{_MONTH_NAMES[month - 1]} {year} has {_days_in_month(year, month)} days"
    return None


def _valid(year: int, month: int, day: int) -> date | None:
    return None if _why_invalid(year, month, day) else date(year, month, day)


def _reading(value: date | None) -> str:
    return "an impossible date" if value is None else value.isoformat()


def _checked(year: int, month: int, day: int, shown: str, how: str = "") -> date:
    reason = _why_invalid(year, month, day)
    if reason is not None:
        raise InvalidInput(f"{shown} is not a valid date{how}: {reason}")
    return date(year, month, day)


def _shift(base: date, days: int, shown: str) -> date:
    try:
        return base + timedelta(days=days)
    except OverflowError:
        raise InvalidInput(f"{shown} is out of range: {_RANGE}") from None


def _add_months(base: date, months: int, shown: str) -> date:
    """Add calendar months (relativedelta keeps the day, or clamps it to the month's end)."""
    try:
        moved = base + relativedelta(months=months)
    except (OverflowError, ValueError):
        raise InvalidInput(f"{shown} is out of range: {_RANGE}") from None
    assert isinstance(moved, date)
    return moved
