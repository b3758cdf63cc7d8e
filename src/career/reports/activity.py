"""Activity and skills over time: periodic tables, as hledger draws them. Pure.

- **Periods** are calendar months or ISO weeks (Monday to Sunday), labelled `2024-04` and
  `2024-W16`. Without `--since`, a report covers the last 12 periods up to today (the current,
  partial one included); with it, every period from the one holding `--since`. Only days in
  [since, until] are counted, so a partial first or last period is partial in the numbers too.
- **Activity** rows (the keys of `career.reports.queries.ACTIVITY_ROWS`): applications sent (the
  first day an application had a submitted status), responses (its first answer), interviews
  (days an application moved to interviewing), advising sessions, events (by start day),
  deadlines met (marked done by the end of their day, UTC) and missed (their day passed
  without that; `opens` deadlines are neither), journal days (days with a note) and evidence
  lines (at exposure or above). Each row has its total and its average per period.
- **Skills**: evidence lines per skill (or category) per period, and which skills grew: the
  best level in the period is above the best level before it (a skill first seen in the
  period grew from nothing).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

DEFAULT_PERIODS = 12
EVERY = ("week", "month")


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date  # included


def period_of(day: date, every: str) -> Period:
    if every == "week":
        start = day - timedelta(days=day.weekday())
        year, week, _ = start.isocalendar()
        return Period(f"{year}-W{week:02d}", start, start + timedelta(days=6))
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return Period(start.strftime("%Y-%m"), start, following - timedelta(days=1))


def default_since(today: date, every: str, count: int = DEFAULT_PERIODS) -> date:
    """The first day of the period `count - 1` periods before today's."""
    if every == "week":
        return period_of(today, "week").start - timedelta(weeks=count - 1)
    month = today.year * 12 + today.month - 1 - (count - 1)
    return date(month // 12, month % 12 + 1, 1)


def periods(since: date, until: date, every: str) -> list[Period]:
    out = []
    day = since
    while day <= until:
        period = period_of(day, every)
        out.append(period)
        day = period.end + timedelta(days=1)
    return out


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    values: list[int]

    @property
    def total(self) -> int:
        return sum(self.values)

    @property
    def average(self) -> float:
        return round(self.total / len(self.values), 1) if self.values else 0.0


def bucket(days: Mapping[date, int], spans: Sequence[Period]) -> list[int]:
    """The sum of `days` in each period."""
    out = [0] * len(spans)
    if not spans:
        return out
    starts = [p.start for p in spans]
    from bisect import bisect_right

    for day, n in days.items():
        at = bisect_right(starts, day) - 1
        if at >= 0 and day <= spans[at].end:
            out[at] += n
    return out


def activity_rows(
    counts: Mapping[str, Mapping[date, int]],
    labels: Sequence[tuple[str, str]],
    spans: Sequence[Period],
) -> list[Row]:
    return [Row(key, label, bucket(counts.get(key, {}), spans)) for key, label in labels]


@dataclass(frozen=True)
class SkillRow:
    name: str
    category: str
    values: list[int]
    level_before: int | None  # best level before the period (None: no evidence before)
    level_in: int | None  # best level in the period

    @property
    def total(self) -> int:
        return sum(self.values)

    @property
    def grew(self) -> bool:
        return self.level_in is not None and (
            self.level_before is None or self.level_in > self.level_before
        )


def skill_rows(
    skills: Mapping[str, tuple[str, Mapping[date, tuple[int, int]]]],
    spans: Sequence[Period],
    since: date,
    until: date,
    *,
    by_category: bool = False,
) -> list[SkillRow]:
    """Skills (or categories) with evidence in [since, until], most evidence first."""
    merged: dict[str, tuple[str, dict[date, tuple[int, int]]]] = {}
    for name, (category, days) in skills.items():
        key = category if by_category else name
        _, into = merged.setdefault(key, (category, {}))
        for day, (n, level) in days.items():
            old = into.get(day, (0, -1))
            into[day] = (old[0] + n, max(old[1], level))
    rows = []
    for name, (category, days) in merged.items():
        inside = {d: v for d, v in days.items() if since <= d <= until}
        if not inside:
            continue
        before = [lv for d, (_, lv) in days.items() if d < since]
        rows.append(
            SkillRow(
                name=name,
                category=category,
                values=bucket({d: n for d, (n, _) in inside.items()}, spans),
                level_before=max(before) if before else None,
                level_in=max(lv for _, lv in inside.values()),
            )
        )
    rows.sort(key=lambda r: (-r.total, r.name.casefold()))
    return rows


BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int]) -> str:
    """One block per value, scaled to the largest; a zero is a dot (a blank would vanish at
    the ends of a table cell)."""
    most = max(values, default=0)
    return "".join(
        BLOCKS[max(0, -(-v * len(BLOCKS) // most) - 1)] if v > 0 else "·" for v in values
    )
