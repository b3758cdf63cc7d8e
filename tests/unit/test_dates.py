"""Tests for career.dates: what people type, read as calendar dates and day counts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from career.dates import MAX_DAYS, DateOrder, parse_date, parse_days
from career.errors import InvalidInput

D = date.fromisoformat

WED = D("2024-05-15")  # a Wednesday
SUN = D("2024-05-19")  # a Sunday

# (text, today, past, date_order, expected)
GOOD: list[Any] = [
    # ISO
    pytest.param("2024-05-01", WED, False, None, D("2024-05-01"), id="iso"),
    pytest.param("2024-05-01", WED, True, None, D("2024-05-01"), id="iso-past-same"),
    pytest.param("2030-01-01", WED, True, None, D("2030-01-01"), id="iso-future-even-if-past"),
    pytest.param("2024-02-29", WED, False, None, D("2024-02-29"), id="iso-leap-day"),
    pytest.param("2000-02-29", WED, False, None, D("2000-02-29"), id="iso-leap-400"),
    pytest.param("2024-4-5", WED, False, None, D("2024-04-05"), id="iso-single-digits"),
    pytest.param("0001-01-02", WED, False, None, D("0001-01-02"), id="iso-min"),
    pytest.param("9999-12-30", WED, False, None, D("9999-12-30"), id="iso-max"),
    pytest.param("  2024-05-01\n", WED, False, None, D("2024-05-01"), id="iso-whitespace"),
    pytest.param("2024/04/05", WED, False, None, D("2024-04-05"), id="year-first-slash"),
    pytest.param("2024.04.05", WED, False, None, D("2024-04-05"), id="year-first-dot"),
    pytest.param("2024/04/05", WED, False, "DMY", D("2024-04-05"), id="year-first-ignores-order"),
    # keywords
    pytest.param("today", WED, False, None, WED, id="today"),
    pytest.param("today", WED, True, None, WED, id="today-past"),
    pytest.param("TODAY", WED, False, None, WED, id="today-upper"),
    pytest.param("\t Tomorrow  ", WED, False, None, D("2024-05-16"), id="tomorrow-spaces"),
    pytest.param("tomorrow", D("2024-01-31"), False, None, D("2024-02-01"), id="tomorrow-month"),
    pytest.param("tomorrow", D("2024-02-28"), False, None, D("2024-02-29"), id="tomorrow-leap"),
    pytest.param("tomorrow", D("2023-02-28"), False, None, D("2023-03-01"), id="tomorrow-noleap"),
    pytest.param("tomorrow", D("2024-12-31"), False, None, D("2025-01-01"), id="tomorrow-year"),
    pytest.param("yesterday", D("2024-01-01"), True, None, D("2023-12-31"), id="yesterday-year"),
    pytest.param("yesterday", D("2024-03-01"), True, None, D("2024-02-29"), id="yesterday-leap"),
    # offsets
    pytest.param("+3d", WED, False, None, D("2024-05-18"), id="plus-days"),
    pytest.param("-3d", WED, True, None, D("2024-05-12"), id="minus-days"),
    pytest.param("3d", WED, False, None, D("2024-05-18"), id="unsigned-days"),
    pytest.param("+3D", WED, False, None, D("2024-05-18"), id="offset-upper"),
    pytest.param("+0d", WED, False, None, WED, id="zero-days"),
    pytest.param("+20d", WED, False, None, D("2024-06-04"), id="days-cross-month"),
    pytest.param("+2w", WED, False, None, D("2024-05-29"), id="plus-weeks"),
    pytest.param("-1w", WED, True, None, D("2024-05-08"), id="minus-week"),
    pytest.param("2w", WED, False, None, D("2024-05-29"), id="unsigned-weeks"),
    pytest.param("+1m", WED, False, None, D("2024-06-15"), id="plus-month"),
    pytest.param("+1m", D("2024-01-31"), False, None, D("2024-02-29"), id="month-clamp-leap"),
    pytest.param("+1m", D("2023-01-31"), False, None, D("2023-02-28"), id="month-clamp"),
    pytest.param("+1m", D("2024-03-31"), False, None, D("2024-04-30"), id="month-clamp-30"),
    pytest.param("-1m", D("2024-03-31"), True, None, D("2024-02-29"), id="minus-month-clamp"),
    pytest.param("+1m", D("2024-12-15"), False, None, D("2025-01-15"), id="month-year-roll"),
    pytest.param("-1m", D("2024-01-15"), True, None, D("2023-12-15"), id="minus-month-roll"),
    pytest.param("+12m", WED, False, None, D("2025-05-15"), id="twelve-months"),
    pytest.param("1m", WED, False, None, D("2024-06-15"), id="unsigned-month"),
    pytest.param("+1y", WED, False, None, D("2025-05-15"), id="plus-year"),
    pytest.param("-1y", WED, True, None, D("2023-05-15"), id="minus-year"),
    pytest.param("+1y", D("2024-02-29"), False, None, D("2025-02-28"), id="year-from-leap"),
    pytest.param("+4y", D("2024-02-29"), False, None, D("2028-02-29"), id="four-years-leap"),
    # weekdays: a due date looks forward, a past date backward, both include today
    pytest.param("fri", WED, False, None, D("2024-05-17"), id="fri-due"),
    pytest.param("fri", WED, True, None, D("2024-05-10"), id="fri-past"),
    pytest.param("friday", WED, False, None, D("2024-05-17"), id="friday"),
    pytest.param("FRIDAY", WED, True, None, D("2024-05-10"), id="friday-upper"),
    pytest.param("wed", WED, False, None, WED, id="same-weekday-due"),
    pytest.param("wed", WED, True, None, WED, id="same-weekday-past"),
    pytest.param("wednesday", WED, False, None, WED, id="wednesday"),
    pytest.param("mon", WED, False, None, D("2024-05-20"), id="mon-due"),
    pytest.param("mon", WED, True, None, D("2024-05-13"), id="mon-past"),
    pytest.param("tue", WED, False, None, D("2024-05-21"), id="tue"),
    pytest.param("tues", WED, True, None, D("2024-05-14"), id="tues-past"),
    pytest.param("tuesday", WED, False, None, D("2024-05-21"), id="tuesday"),
    pytest.param("thu", WED, False, None, D("2024-05-16"), id="thu"),
    pytest.param("thur", WED, False, None, D("2024-05-16"), id="thur"),
    pytest.param("thurs", WED, True, None, D("2024-05-09"), id="thurs-past"),
    pytest.param("thursday", WED, False, None, D("2024-05-16"), id="thursday"),
    pytest.param("sat", WED, False, None, D("2024-05-18"), id="sat"),
    pytest.param("saturday", WED, True, None, D("2024-05-11"), id="saturday-past"),
    pytest.param("sun", WED, False, None, SUN, id="sun"),
    pytest.param("sunday", SUN, True, None, SUN, id="sunday-on-sunday"),
    pytest.param("fri", D("2024-12-30"), False, None, D("2025-01-03"), id="fri-year-roll"),
    pytest.param("fri", D("2024-03-02"), True, None, D("2024-03-01"), id="fri-past-month"),
    # next / last are strict, whatever `past` says
    pytest.param("next fri", WED, False, None, D("2024-05-17"), id="next-fri"),
    pytest.param("next fri", WED, True, None, D("2024-05-17"), id="next-fri-past-flag"),
    pytest.param("next wed", WED, False, None, D("2024-05-22"), id="next-same-weekday"),
    pytest.param("last wed", WED, False, None, D("2024-05-08"), id="last-same-weekday"),
    pytest.param("last fri", WED, True, None, D("2024-05-10"), id="last-fri"),
    pytest.param("last fri", WED, False, None, D("2024-05-10"), id="last-fri-due-flag"),
    pytest.param("last thu", WED, True, None, D("2024-05-09"), id="last-thu"),
    pytest.param("next tue", WED, False, None, D("2024-05-21"), id="next-tue"),
    pytest.param("  Next   FRIDAY ", WED, False, None, D("2024-05-17"), id="next-case-spaces"),
    pytest.param("last sun", SUN, True, None, D("2024-05-12"), id="last-sun-on-sun"),
    # end of week / month / year
    pytest.param("eow", WED, False, None, SUN, id="eow"),
    pytest.param("eow", SUN, False, None, SUN, id="eow-on-sunday"),
    pytest.param("eow", D("2024-05-20"), False, None, D("2024-05-26"), id="eow-on-monday"),
    pytest.param("end of week", D("2024-12-30"), False, None, D("2025-01-05"), id="eow-year"),
    pytest.param("EOW", WED, True, None, SUN, id="eow-upper-past"),
    pytest.param("eom", WED, False, None, D("2024-05-31"), id="eom"),
    pytest.param("eom", D("2024-02-10"), False, None, D("2024-02-29"), id="eom-feb-leap"),
    pytest.param("eom", D("2023-02-10"), False, None, D("2023-02-28"), id="eom-feb"),
    pytest.param("eom", D("2024-04-30"), False, None, D("2024-04-30"), id="eom-on-last-day"),
    pytest.param("End  Of Month", D("2024-04-01"), False, None, D("2024-04-30"), id="eom-words"),
    pytest.param("eoy", WED, False, None, D("2024-12-31"), id="eoy"),
    pytest.param("end of year", D("2024-12-31"), False, None, D("2024-12-31"), id="eoy-on-day"),
    # month names with a year
    pytest.param("May 1 2024", WED, False, None, D("2024-05-01"), id="mon-day-year"),
    pytest.param("May 1, 2024", WED, False, None, D("2024-05-01"), id="mon-day-comma-year"),
    pytest.param("may 1,2024", WED, False, None, D("2024-05-01"), id="comma-no-space"),
    pytest.param("1 May 2024", WED, False, None, D("2024-05-01"), id="day-mon-year"),
    pytest.param("1 May, 2024", WED, False, None, D("2024-05-01"), id="day-mon-comma-year"),
    pytest.param("MAY 1ST, 2024", WED, True, None, D("2024-05-01"), id="ordinal-upper-year"),
    pytest.param("31 Dec 2023", WED, False, None, D("2023-12-31"), id="day-first-abbrev"),
    pytest.param("Feb 29 2024", WED, False, None, D("2024-02-29"), id="leap-day-with-year"),
    pytest.param("September 30, 2030", WED, True, None, D("2030-09-30"), id="full-name-year"),
    # month names without a year: forward for a due date, backward for a past one
    pytest.param("May 1", D("2024-04-20"), False, None, D("2024-05-01"), id="mon-day-due"),
    pytest.param("May 1", D("2024-04-20"), True, None, D("2023-05-01"), id="mon-day-past"),
    pytest.param("1 May", D("2024-04-20"), False, None, D("2024-05-01"), id="day-mon-due"),
    pytest.param("1 may", D("2024-06-20"), True, None, D("2024-05-01"), id="day-mon-past"),
    pytest.param("May 1", D("2024-06-20"), False, None, D("2025-05-01"), id="mon-day-next-year"),
    pytest.param("May 1", D("2024-05-01"), False, None, D("2024-05-01"), id="mon-day-today-due"),
    pytest.param("May 1", D("2024-05-01"), True, None, D("2024-05-01"), id="mon-day-today-past"),
    pytest.param("Jan 5", D("2024-12-20"), False, None, D("2025-01-05"), id="year-rollover-due"),
    pytest.param("Dec 25", D("2024-12-20"), True, None, D("2023-12-25"), id="year-rollover-past"),
    pytest.param("Dec 25", D("2024-12-20"), False, None, D("2024-12-25"), id="dec-25-due"),
    pytest.param("Dec 31", D("2025-01-01"), True, None, D("2024-12-31"), id="dec-31-past-jan-1"),
    pytest.param("May 1st", WED, False, None, D("2025-05-01"), id="ordinal-st"),
    pytest.param("1st May", WED, True, None, D("2024-05-01"), id="ordinal-day-first"),
    pytest.param("June 2nd", WED, False, None, D("2024-06-02"), id="ordinal-nd"),
    pytest.param("3rd jul", WED, False, None, D("2024-07-03"), id="ordinal-rd"),
    pytest.param("aug 4th", WED, False, None, D("2024-08-04"), id="ordinal-th"),
    pytest.param("Sept 5", WED, False, None, D("2024-09-05"), id="sept"),
    pytest.param("sep 5", WED, False, None, D("2024-09-05"), id="sep"),
    pytest.param("Sept. 5", WED, False, None, D("2024-09-05"), id="sept-dot"),
    pytest.param("september 5", WED, True, None, D("2023-09-05"), id="september-past"),
    pytest.param("  OCT   10 ", WED, False, None, D("2024-10-10"), id="month-case-spaces"),
    pytest.param("Apr 30", WED, False, None, D("2025-04-30"), id="apr-30"),
    pytest.param("Feb 29", D("2024-03-01"), False, None, D("2028-02-29"), id="feb29-due"),
    pytest.param("Feb 29", D("2024-03-01"), True, None, D("2024-02-29"), id="feb29-past"),
    pytest.param("Feb 29", D("2024-02-29"), False, None, D("2024-02-29"), id="feb29-on-day-due"),
    pytest.param("Feb 29", D("2024-02-29"), True, None, D("2024-02-29"), id="feb29-on-day-past"),
    pytest.param("feb 29", D("2024-02-28"), True, None, D("2020-02-29"), id="feb29-past-before"),
    pytest.param("29 Feb", D("2023-06-01"), False, None, D("2024-02-29"), id="feb29-day-first"),
    pytest.param("Feb 29", D("2097-03-01"), False, None, D("2104-02-29"), id="feb29-skips-2100"),
    pytest.param("Feb 29", D("2103-01-01"), True, None, D("2096-02-29"), id="feb29-past-2100"),
    # year-last slash or dot dates, with a date order
    pytest.param("04/05/2024", WED, False, "DMY", D("2024-05-04"), id="dmy"),
    pytest.param("04/05/2024", WED, False, "MDY", D("2024-04-05"), id="mdy"),
    pytest.param("04.05.2024", WED, True, "DMY", D("2024-05-04"), id="dmy-dot"),
    pytest.param("4/5/2024", WED, False, "MDY", D("2024-04-05"), id="mdy-single-digits"),
    pytest.param("31/12/2024", WED, False, "DMY", D("2024-12-31"), id="dmy-over-12"),
    pytest.param("12/31/2024", WED, False, "MDY", D("2024-12-31"), id="mdy-over-12"),
    pytest.param("29/02/2024", WED, False, "DMY", D("2024-02-29"), id="dmy-leap"),
    pytest.param(" 01/02/2024 ", WED, False, "DMY", D("2024-02-01"), id="dmy-spaces"),
]


@pytest.mark.parametrize(("text", "today", "past", "date_order", "expected"), GOOD)
def test_parse_date(
    text: str, today: date, past: bool, date_order: DateOrder | None, expected: date
) -> None:
    result = parse_date(text, today=today, past=past, date_order=date_order)
    assert result == expected
    assert type(result) is date


# (text, today, past, date_order, a part of the expected message)
BAD: list[Any] = [
    pytest.param("", WED, False, None, "cannot read '' as a date: use YYYY-MM-DD", id="empty"),
    pytest.param("   ", WED, False, None, "cannot read '' as a date", id="blank"),
    pytest.param("xyz", WED, False, None, "cannot read 'xyz' as a date", id="word"),
    pytest.param("2024-02-30", WED, False, None, "February 2024 has 29 days", id="feb-30-leap"),
    pytest.param("2023-02-29", WED, False, None, "February 2023 has 28 days", id="feb-29-noleap"),
    pytest.param("1900-02-29", WED, False, None, "February 1900 has 28 days", id="feb-29-1900"),
    pytest.param("2024-04-31", WED, False, None, "April 2024 has 30 days", id="apr-31"),
    pytest.param("2024-13-01", WED, False, None, "there is no month 13", id="month-13"),
    pytest.param("2024-00-10", WED, False, None, "there is no month 0", id="month-0"),
    pytest.param("2024-01-00", WED, False, None, "there is no day 0", id="day-0"),
    pytest.param("0000-01-01", WED, False, None, "there is no year 0", id="year-0"),
    pytest.param("2024/02/30", WED, False, None, "February 2024 has 29 days", id="year-first-bad"),
    pytest.param("24-05-01", WED, False, None, "cannot read '24-05-01'", id="iso-short-year"),
    pytest.param("2024-05-01T10:00", WED, False, None, "cannot read", id="iso-with-time"),
    pytest.param("20240501", WED, False, None, "cannot read", id="iso-basic"),
    pytest.param("04/05/2024", WED, False, None, "ambiguous date '04/05/2024'", id="ambiguous"),
    pytest.param("13/05/2024", WED, False, None, "2024-05-13 (day first)", id="ambiguous-13"),
    pytest.param("05/13/2024", WED, False, None, "2024-05-13 (month first)", id="ambiguous-mdy"),
    pytest.param("04.05.2024", WED, True, None, "ambiguous date '04.05.2024'", id="ambiguous-dot"),
    pytest.param("31/02/2024", WED, False, "DMY", "read as DMY: February 2024", id="dmy-invalid"),
    pytest.param("13/05/2024", WED, False, "MDY", "read as MDY: there is no month 13", id="mdy-13"),
    pytest.param("4/5/24", WED, False, None, "four digits", id="two-digit-year"),
    pytest.param("4/5/24", WED, False, "DMY", "four digits", id="two-digit-year-ordered"),
    pytest.param("04/05", WED, False, "DMY", "cannot read '04/05'", id="no-year"),
    pytest.param("04/05.2024", WED, False, "DMY", "cannot read", id="mixed-separators"),
    pytest.param("May 32", WED, False, None, "May has 31 days", id="may-32"),
    pytest.param("Feb 30", WED, False, None, "February has at most 29 days", id="feb-30"),
    pytest.param("31 Apr", WED, False, None, "April has 30 days", id="apr-31-no-year"),
    pytest.param("May 0", WED, False, None, "there is no day 0", id="may-0"),
    pytest.param("May 32 2024", WED, False, None, "May 2024 has 31 days", id="may-32-year"),
    pytest.param("Feb 29 2023", WED, False, None, "February 2023 has 28 days", id="feb-29-year"),
    pytest.param("Feb 29, 2100", WED, True, None, "February 2100 has 28 days", id="feb-29-2100"),
    pytest.param("May 1 24", WED, False, None, "cannot read", id="month-two-digit-year"),
    pytest.param("May", WED, False, None, "cannot read 'May'", id="month-alone"),
    pytest.param("Foo 5", WED, False, None, "cannot read 'Foo 5'", id="unknown-month"),
    pytest.param("Mayo 5", WED, False, None, "cannot read", id="misspelled-month"),
    pytest.param("May 1 2024 2025", WED, False, None, "cannot read", id="two-years"),
    pytest.param("1st", WED, False, None, "cannot read '1st'", id="ordinal-alone"),
    pytest.param("next", WED, False, None, "cannot read 'next'", id="next-alone"),
    pytest.param("next month", WED, False, None, "cannot read", id="next-month"),
    pytest.param("last 5", WED, False, None, "cannot read", id="last-number"),
    pytest.param("fri next", WED, False, None, "cannot read", id="next-after"),
    pytest.param("next next fri", WED, False, None, "cannot read", id="next-next"),
    pytest.param("fr", WED, False, None, "cannot read 'fr'", id="weekday-too-short"),
    pytest.param("3", WED, False, None, "cannot read '3'", id="bare-number"),
    pytest.param("+3", WED, False, None, "cannot read '+3'", id="offset-no-unit"),
    pytest.param("3x", WED, False, None, "cannot read", id="offset-bad-unit"),
    pytest.param("++3d", WED, False, None, "cannot read", id="double-sign"),
    pytest.param("+ 3d", WED, False, None, "cannot read", id="sign-space"),
    pytest.param("+3 days", WED, False, None, "cannot read", id="offset-words"),
    pytest.param("+1.5w", WED, False, None, "cannot read", id="offset-fraction"),
    pytest.param("+99999999999d", WED, False, None, "out of range", id="offset-many-digits"),
    pytest.param("+999999999d", WED, False, None, "out of range", id="offset-overflow"),
    pytest.param("+8000y", WED, False, None, "out of range", id="years-overflow"),
    pytest.param("-3000y", WED, True, None, "out of range", id="years-underflow"),
    pytest.param("+200000m", WED, False, None, "out of range", id="months-overflow"),
    pytest.param("tomorrow", D("9999-12-31"), False, None, "out of range", id="tomorrow-max"),
    pytest.param("yesterday", D("0001-01-01"), True, None, "out of range", id="yesterday-min"),
    pytest.param("next fri", D("9999-12-31"), False, None, "out of range", id="next-fri-max"),
    pytest.param("eow", D("9999-12-31"), False, None, "out of range", id="eow-max"),
    pytest.param("Jan 1", D("9999-12-31"), False, None, "out of range", id="month-name-max"),
    pytest.param("Dec 31", D("0001-01-01"), True, None, "out of range", id="month-name-min"),
    pytest.param("２０２４-01-01", WED, False, None, "cannot read", id="fullwidth-digits"),
    pytest.param("ｆｒｉ", WED, False, None, "cannot read", id="fullwidth-letters"),
    pytest.param("today\nfoo", WED, False, None, r"'today\nfoo'", id="newline-inside"),
    pytest.param("fri\u2028x", WED, False, None, r"'fri\u2028x'", id="line-separator"),
]


@pytest.mark.parametrize(("text", "today", "past", "date_order", "fragment"), BAD)
def test_parse_date_rejects(
    text: str, today: date, past: bool, date_order: DateOrder | None, fragment: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date(text, today=today, past=past, date_order=date_order)
    message = caught.value.message
    assert len(message.splitlines()) == 1
    assert repr(text.strip()) in message
    assert fragment in message


EXACT_MESSAGES: list[Any] = [
    pytest.param(
        "2024-02-30",
        None,
        "'2024-02-30' is not a valid date: February 2024 has 29 days",
        id="impossible-iso",
    ),
    pytest.param(
        "04/05/2024",
        None,
        "ambiguous date '04/05/2024': it could be 2024-05-04 (day first) or 2024-04-05 "
        "(month first); write it as YYYY-MM-DD",
        id="ambiguous",
    ),
    pytest.param(
        "31/12/2024",
        None,
        "ambiguous date '31/12/2024': it could be 2024-12-31 (day first) or an impossible date "
        "(month first); write it as YYYY-MM-DD",
        id="ambiguous-one-impossible",
    ),
    pytest.param(
        "31/02/2024",
        "DMY",
        "'31/02/2024' is not a valid date read as DMY: February 2024 has 29 days",
        id="impossible-ordered",
    ),
    pytest.param(
        " xyz ",
        None,
        "cannot read 'xyz' as a date: use YYYY-MM-DD, today, tomorrow, +3d, -1w, fri, next fri, "
        "eom, or May 1",
        id="unreadable",
    ),
    pytest.param(
        "Feb 30",
        None,
        "'Feb 30' is not a valid date: February has at most 29 days",
        id="impossible-month-name",
    ),
    pytest.param(
        "+999999999d",
        None,
        "'+999999999d' is out of range: dates run from 0001-01-02 to 9999-12-30",
        id="out-of-range",
    ),
]


@pytest.mark.parametrize(("text", "date_order", "message"), EXACT_MESSAGES)
def test_parse_date_messages(text: str, date_order: DateOrder | None, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date(text, today=WED, date_order=date_order)
    assert caught.value.message == message


@pytest.mark.parametrize("date_order", ["dmy", "YMD", ""])
def test_parse_date_rejects_unknown_date_order(date_order: Any) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date("2024-05-01", today=WED, date_order=date_order)
    assert caught.value.message == f"unknown date order {date_order!r}: use DMY or MDY"


def test_parse_date_returns_a_plain_date_for_a_datetime_today() -> None:
    result = parse_date("tomorrow", today=datetime(2024, 5, 15, 23, 30))
    assert result == D("2024-05-16")
    assert type(result) is date


# --- properties ------------------------------------------------------------------------------

todays = st.dates()
orders = st.sampled_from([None, "DMY", "MDY"])


@given(text=st.text(), today=todays, past=st.booleans(), date_order=orders)
def test_parse_date_any_text_gives_a_date_or_invalid_input(
    text: str, today: date, past: bool, date_order: DateOrder | None
) -> None:
    try:
        result = parse_date(text, today=today, past=past, date_order=date_order)
    except InvalidInput as error:
        assert len(error.message.splitlines()) == 1
    else:
        assert type(result) is date


_GRAMMAR = (
    r"\s{0,2}("
    r"[+-]?[0-9]{1,12}[dwmyDWMY]"
    r"|(next |last )?(mon|tues|thurs|fri|sunday)"
    r"|(today|tomorrow|yesterday|eow|eom|eoy|end of (week|month|year))"
    r"|(jan|feb|sept|dec|may) [0-9]{1,2}(st|th)?(,? [0-9]{4})?"
    r"|[0-9]{1,2} (feb|june)( [0-9]{4})?"
    r"|[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}"
    r")\s{0,2}"
)


@given(
    text=st.from_regex(_GRAMMAR, fullmatch=True),
    today=todays,
    past=st.booleans(),
    date_order=orders,
)
def test_parse_date_near_miss_text_gives_a_date_or_invalid_input(
    text: str, today: date, past: bool, date_order: DateOrder | None
) -> None:
    try:
        result = parse_date(text, today=today, past=past, date_order=date_order)
    except InvalidInput as error:
        assert len(error.message.splitlines()) == 1
        assert repr(text.strip()) in error.message
    else:
        assert type(result) is date


MONTH_NAMES = [
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
]


@given(value=st.dates(min_value=D("0001-01-02"), max_value=D("9999-12-30")), past=st.booleans())
def test_dates_with_a_year_round_trip(value: date, past: bool) -> None:
    name = MONTH_NAMES[value.month - 1]
    assert parse_date(value.isoformat(), today=WED, past=past) == value
    assert parse_date(f"{name} {value.day}, {value.year:04d}", today=WED, past=past) == value
    assert parse_date(f"{value.day} {name[:3]} {value.year:04d}", today=WED, past=past) == value
    assert parse_date(f"{value.year:04d}/{value.month}/{value.day}", today=WED) == value


@given(today=st.dates(), months=st.integers(min_value=-1200, max_value=1200))
def test_month_offsets_match_relativedelta(today: date, months: int) -> None:
    try:
        expected = today + relativedelta(months=months)
    except ValueError:  # beyond year 1..9999
        expected = None
    if expected is None or not D("0001-01-02") <= expected <= D("9999-12-30"):
        with pytest.raises(InvalidInput):
            parse_date(f"{months:+d}m", today=today)
        return
    assert parse_date(f"{months:+d}m", today=today) == expected
    if months % 12 == 0:
        assert parse_date(f"{months // 12:+d}y", today=today) == expected


WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@given(
    today=st.dates(min_value=D("0001-01-08"), max_value=D("9999-12-24")),
    weekday=st.integers(min_value=0, max_value=6),
    short=st.booleans(),
)
def test_weekdays_are_the_nearest_in_their_direction(
    today: date, weekday: int, short: bool
) -> None:
    name = WEEKDAY_NAMES[weekday][:3] if short else WEEKDAY_NAMES[weekday]
    due = parse_date(name, today=today)
    done = parse_date(name, today=today, past=True)
    after = parse_date(f"next {name}", today=today)
    before = parse_date(f"last {name}", today=today)
    for result in (due, done, after, before):
        assert result.weekday() == weekday
    assert 0 <= (due - today).days <= 6
    assert 0 <= (today - done).days <= 6
    assert 1 <= (after - today).days <= 7
    assert 1 <= (today - before).days <= 7


@given(
    today=st.dates(min_value=D("0010-01-01"), max_value=D("9990-12-31")),
    target=st.dates(min_value=D("2000-01-01"), max_value=D("2000-12-31")),  # a leap year
    past=st.booleans(),
)
def test_month_names_without_a_year_are_the_nearest_in_their_direction(
    today: date, target: date, past: bool
) -> None:
    name = MONTH_NAMES[target.month - 1][:3]
    result = parse_date(f"{name} {target.day}", today=today, past=past)
    assert (result.month, result.day) == (target.month, target.day)
    if past:
        assert result <= today
        later = [y for y in range(result.year + 1, today.year + 1) if _exists(y, target)]
        assert all(date(y, target.month, target.day) > today for y in later)
    else:
        assert result >= today
        earlier = [y for y in range(today.year, result.year) if _exists(y, target)]
        assert all(date(y, target.month, target.day) < today for y in earlier)


def _exists(year: int, target: date) -> bool:
    try:
        date(year, target.month, target.day)
    except ValueError:
        return False
    return True


# --- parse_days ------------------------------------------------------------------------------

DAYS_GOOD: list[Any] = [
    pytest.param("14", 14, id="bare"),
    pytest.param("14d", 14, id="days"),
    pytest.param("14D", 14, id="days-upper"),
    pytest.param(" 2w ", 14, id="weeks-spaces"),
    pytest.param("1W", 7, id="week-upper"),
    pytest.param("0", 0, id="zero"),
    pytest.param("0d", 0, id="zero-days"),
    pytest.param("0w", 0, id="zero-weeks"),
    pytest.param("+7", 7, id="plus"),
    pytest.param("007", 7, id="leading-zeros"),
    pytest.param("36500", MAX_DAYS, id="max"),
    pytest.param("5214w", 36498, id="max-weeks"),
]


@pytest.mark.parametrize(("text", "expected"), DAYS_GOOD)
def test_parse_days(text: str, expected: int) -> None:
    assert parse_days(text) == expected


_DAYS_USE = "as a number of days: use 14, 14d or 2w"
_NO_MONTHS = (
    "as a number of days: months have no fixed length; use days or weeks, such as 30d or 4w"
)
_NEGATIVE = "is negative: a number of days must be 0 or more"
_TOO_LONG = "is too long: a window can be at most 36500 days"

# (text, the exact message)
DAYS_BAD: list[Any] = [
    pytest.param("", f"cannot read '' {_DAYS_USE}", id="empty"),
    pytest.param("  ", f"cannot read '' {_DAYS_USE}", id="blank"),
    pytest.param("abc", f"cannot read 'abc' {_DAYS_USE}", id="word"),
    pytest.param("-1", f"'-1' {_NEGATIVE}", id="negative"),
    pytest.param("-3d", f"'-3d' {_NEGATIVE}", id="negative-days"),
    pytest.param("-2W", f"'-2W' {_NEGATIVE}", id="negative-weeks"),
    pytest.param("1m", f"cannot read '1m' {_NO_MONTHS}", id="months"),
    pytest.param("3months", f"cannot read '3months' {_NO_MONTHS}", id="months-word"),
    pytest.param("-1M", f"cannot read '-1M' {_NO_MONTHS}", id="negative-months"),
    pytest.param("2 months", f"cannot read '2 months' {_DAYS_USE}", id="months-words"),
    pytest.param("1y", f"cannot read '1y' {_DAYS_USE}", id="years"),
    pytest.param("14 d", f"cannot read '14 d' {_DAYS_USE}", id="inner-space"),
    pytest.param("3.5", f"cannot read '3.5' {_DAYS_USE}", id="fraction"),
    pytest.param("d", f"cannot read 'd' {_DAYS_USE}", id="unit-alone"),
    pytest.param("++3", f"cannot read '++3' {_DAYS_USE}", id="double-plus"),
    pytest.param("1dw", f"cannot read '1dw' {_DAYS_USE}", id="two-units"),
    pytest.param("１４", f"cannot read '１４' {_DAYS_USE}", id="fullwidth"),
    pytest.param("1\n4", f"cannot read '1\\n4' {_DAYS_USE}", id="newline"),
    pytest.param("36501", f"'36501' {_TOO_LONG}", id="too-long"),
    pytest.param("5215w", f"'5215w' {_TOO_LONG}", id="too-many-weeks"),
    pytest.param("9" * 5000, f"'{'9' * 5000}' {_TOO_LONG}", id="huge"),
]


@pytest.mark.parametrize(("text", "message"), DAYS_BAD)
def test_parse_days_rejects(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_days(text)
    assert caught.value.message == message
    assert len(message.splitlines()) == 1


@given(text=st.text())
def test_parse_days_any_text_gives_a_count_or_invalid_input(text: str) -> None:
    try:
        result = parse_days(text)
    except InvalidInput as error:
        assert len(error.message.splitlines()) == 1
    else:
        assert 0 <= result <= MAX_DAYS
