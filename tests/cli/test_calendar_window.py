"""`career calendar`'s default window: the last year and the future; `--since` for more."""

from __future__ import annotations

from icalendar import Calendar

from tests.conftest import CLI, added_id


def summaries(ics: str) -> list[str]:
    return sorted(str(c["summary"]) for c in Calendar.from_ical(ics).walk("VEVENT"))


def test_a_year_back_by_default_and_since_for_older(cli: CLI) -> None:
    # today is 2024-04-20
    added_id(cli("add-deadline", "old form", "--due", "2023-04-19"))
    added_id(cli("add-deadline", "recent form", "--due", "2023-04-21"))
    added_id(cli("add-deadline", "next essay", "--due", "2024-05-01"))
    added_id(cli("add-event", "Old jam", "--kind", "jam", "--start", "2022-06-01"))
    added_id(cli("add-event", "Undated course", "--kind", "course"))
    result = cli("calendar")
    assert result.exit_code == 0, result.stderr
    assert summaries(result.stdout) == ["next essay", "recent form"]
    assert result.stderr.splitlines() == [
        "wrote 2 deadline(s) and 0 event(s); 1 event(s) without a start date left out,"
        " from 2023-04-21 (--since DATE for older ones)"
    ]
    everything = cli("calendar", "--since", "2000-01-01")
    assert summaries(everything.stdout) == ["Old jam", "next essay", "old form", "recent form"]
