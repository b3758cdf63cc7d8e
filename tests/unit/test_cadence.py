"""The keep-in-touch arithmetic (career.people.cadence): pure, on a frozen "today"."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from career.errors import InvalidInput
from career.people.cadence import (
    Candidate,
    cadence,
    due_contacts,
    due_on,
    every_text,
    local_day,
    parse_every,
    standing,
)


def person(
    ident: int = 1,
    *,
    own: int | None = 42,
    role: str | None = None,
    added: date = date(2024, 1, 1),
    last: date | None = None,
    name: str = "Ada",
) -> Candidate:
    return Candidate(ident, name, role, None, None, own, added, last)


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (date(2024, 4, 11), False),  # 41 days after the last interaction
        (date(2024, 4, 12), True),  # 42: the cadence has come round
        (date(2024, 4, 13), True),
    ],
)
def test_due_on_the_day_the_cadence_comes_round(today: date, due: bool) -> None:
    found = due_contacts([person(last=date(2024, 3, 1))], {}, today)
    assert bool(found) is due
    if due:
        assert found[0].due == date(2024, 4, 12)
        assert found[0].overdue == (today - date(2024, 4, 12)).days


def test_no_interaction_yet_counts_from_the_day_the_contact_was_added() -> None:
    fresh = person(added=date(2024, 4, 1), last=None)
    assert due_contacts([fresh], {}, date(2024, 5, 12)) == []
    (found,) = due_contacts([fresh], {}, date(2024, 5, 13))
    assert (found.since, found.due, found.last) == (date(2024, 4, 1), date(2024, 5, 13), None)


def test_a_clock_change_in_between_moves_nothing() -> None:
    """New York springs forward on 2024-03-10: 42 calendar days are still 42."""
    zone = ZoneInfo("America/New_York")
    # Added at 02:30 UTC on 1 March: still 29 February in New York.
    added = local_day(datetime(2024, 3, 1, 2, 30, tzinfo=UTC), zone)
    assert added == date(2024, 2, 29)
    assert due_on(None, added, 42) == date(2024, 4, 11)
    # "today" as New York sees it just after midnight, after the change
    today = local_day(datetime(2024, 4, 11, 4, 30, tzinfo=UTC), zone)
    assert today == date(2024, 4, 11)
    assert [s.id for s in due_contacts([person(added=added)], {}, today)] == [1]
    yesterday = local_day(datetime(2024, 4, 11, 3, 30, tzinfo=UTC), zone)
    assert due_contacts([person(added=added)], {}, yesterday) == []
    # Across the autumn change too (3 November 2024).
    assert due_on(date(2024, 10, 20), added, 28) == date(2024, 11, 17)


def test_own_cadence_wins_none_never_and_defaults_come_from_role_words() -> None:
    defaults = {"advisor": 56, "recruiter": 28, "lead": 14}
    assert cadence(42, "advisor", defaults) == 42
    assert cadence(0, "advisor", defaults) is None  # --every none
    assert cadence(None, "Advisor", defaults) == 56  # case ignored
    assert cadence(None, "research lead", defaults) == 14
    assert cadence(None, "Tech recruiter / lead", defaults) == 14  # the shortest applies
    assert cadence(None, "engineer", defaults) is None
    assert cadence(None, None, defaults) is None
    assert standing(person(own=None, role="mentor"), defaults, date(2030, 1, 1)) is None


def test_most_overdue_first_then_name() -> None:
    found = due_contacts(
        [
            person(1, name="bob", last=date(2024, 3, 5)),
            person(2, name="Ann", last=date(2024, 3, 5)),
            person(3, name="Zed", last=date(2024, 2, 1)),
            person(4, name="New", last=date(2024, 4, 10)),
        ],
        {},
        date(2024, 4, 20),
    )
    assert [s.id for s in found] == [3, 2, 1]


@pytest.mark.parametrize(
    ("text", "days"),
    [("6w", 42), ("30d", 30), ("10", 10), ("none", 0), ("NEVER", 0), ("default", None)],
)
def test_every_reads_spans_none_and_default(text: str, days: int | None) -> None:
    assert parse_every(text) == days


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("0d", "0 days"),
        ("2m", "months"),
        ("soon", "cannot read"),
        ("-1w", "negative"),
        ("9999w", "too long"),
        ("600w", "at most 3650 days"),
    ],
)
def test_bad_cadences_are_refused(text: str, words: str) -> None:
    with pytest.raises(InvalidInput, match=words):
        parse_every(text)


def test_every_text() -> None:
    assert [every_text(d) for d in (1, 7, 10, 42)] == [
        "every day",
        "every week",
        "every 10 days",
        "every 6 weeks",
    ]
