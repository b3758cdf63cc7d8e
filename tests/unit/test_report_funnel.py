"""The funnel's pure rules: stages reached, censoring, percentiles (career.reports.funnel)."""

from __future__ import annotations

from datetime import date

from career.reports.funnel import Rate, Track, funnel, group_keys, km_percentile


def d(day: int, month: int = 4) -> date:
    return date(2024, month, day)


def test_percentiles_without_censoring_are_the_lower_percentiles() -> None:
    assert km_percentile([2, 4, 6, 8], [], 0.5) == 4
    assert km_percentile([2, 4, 6, 8], [], 0.75) == 6
    assert km_percentile([5], [], 0.75) == 5
    assert km_percentile([], [3, 4], 0.5) is None


def test_censored_waits_push_the_percentiles_up() -> None:
    # 3 answered at 1, 2, 3 days; 3 still waiting after 10 days: by day 3 only half answered
    assert km_percentile([1, 2, 3], [10, 10, 10], 0.5) == 3
    assert km_percentile([1, 2, 3], [10, 10, 10], 0.75) is None  # not reached
    # a censoring before an event shrinks the risk set: 1 of 3 at day 1, then 1 of 1 at day 5
    assert km_percentile([1, 5], [3], 0.5) == 5
    # at a tie, the event counts before the censoring
    assert km_percentile([4], [4], 0.5) == 4


def test_a_skipped_stage_counts_as_passed_on_the_day_of_the_next() -> None:
    t = Track(1, "offer", d(1), {"applied": d(1), "offer": d(9)}, d(9))
    assert t.reached() == {
        "applied": d(1),
        "responded": d(9),
        "screening": d(9),
        "interviewing": d(9),
        "offer": d(9),
    }
    assert t.highest() == "offer"


def test_a_reopened_application_keeps_what_it_reached() -> None:
    first = {"applied": d(1), "rejected": d(3), "screening": d(8)}
    t = Track(1, "screening", d(1), first, d(8))
    assert t.responded_on() == d(3)
    assert t.highest() == "screening" and t.waiting()


def test_stage_identity_and_small_rates() -> None:
    tracks = [
        Track(1, "ghosted", d(1), {"applied": d(1), "ghosted": d(20)}, d(20)),
        Track(2, "applied", d(1), {"applied": d(1)}, d(1)),
        Track(3, "rejected", d(1), {"applied": d(1), "rejected": d(2)}, d(2)),
    ]
    f = funnel(tracks, d(30))
    applied, responded = f.stages[0], f.stages[1]
    assert applied.reached == responded.reached + applied.waiting + sum(applied.exits.values())
    assert responded.conversion == Rate(1, 2, 1)
    assert responded.conversion.text() == "1/2"
    assert Rate(3, 4, 0).rate is None and Rate(4, 5, 0).text() == "80% (4/5)"
    assert Rate(0, 0, 2).text() == "–"


def test_groups() -> None:
    t = Track(1, "applied", d(1), {"applied": d(1)}, d(1), source=" Referral ", tags=("ml",))
    assert group_keys(t, "source") == ["referral"]
    assert group_keys(t, "tag") == ["ml"]
    assert group_keys(t, "month") == ["2024-04"]
    assert group_keys(Track(2, "applied", d(1), {}, d(1)), "tag") == ["(no tag)"]
