"""The funnel: how applications convert from stage to stage, computed from their status history.

Pure: it is handed one `Track` per application (the first day each status was reached, read by
`career.reports.queries`) and returns numbers. The rules, which the tests work out by hand:

- **Stages**, in order: applied, responded (any answer from the other side), screening,
  interviewing, offer, accepted. An application is in the funnel once it reached a submitted
  status (`applied` or anything after it); its applied day is the first such day (or its
  `applied_on`, when earlier).
- **Reached** is taken from the whole history, not the current status: an application that
  reached `interviewing` and was then rejected counts at every stage up to interviewing.
  A **skipped** stage counts as passed (applied -> interviewing passed screening, on the day it
  reached interviewing). A **reopened** application (rejected, then applied again) keeps every
  stage it ever reached, and its current status decides whether it is waiting or closed.
- **Any response** is the first day of a status the other side answered with: screening,
  interviewing, offer, accepted, rejected or declined (a declined offer was an answer).
  Ghosted and withdrawn are not answers.
- **Waiting**: an application whose current status is active (applied ... offer) is waiting at
  the highest stage it reached. It has not reached the outcome of that stage yet, so it is
  left out of the rate from that stage to the next (the rate's denominator is "decided":
  reached minus waiting there) and said so; applications waiting further on have already
  converted and count in both.
- **Exits** (rejected, ghosted, withdrawn, declined) are counted at the highest stage the
  application reached: rejected straight after applying is an exit at "responded" (the
  rejection was the answer), ghosted after applying an exit at "applied".
  So for every stage but the last: reached = reached at the next stage + waiting + exits.
- **Small numbers**: a rate whose denominator is under `MIN_FOR_RATE` (5) has no percentage
  (`rate` is None): it is shown as its counts ("3/4").
- **Days**: from applied to the first response, and in each of screening, interviewing and
  offer (from the day the stage was entered to the next change of status), as the median and
  the 75th percentile. Applications still waiting are right-censored at today (they have
  waited at least that long: dropping them would make replies look faster than they are) with
  the Kaplan-Meier product-limit estimate; applications closed without the event (ghosted
  without an answer) are left out. A percentile the data do not reach (more than a quarter
  still waiting past every observed reply) is None, "not reached". With no censoring this is
  the plain lower percentile: the smallest number of days by which at least that share had it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

STAGES: tuple[str, ...] = (
    "applied",
    "responded",
    "screening",
    "interviewing",
    "offer",
    "accepted",
)
STAGE_LABELS: Mapping[str, str] = {
    "applied": "applied",
    "responded": "any response",
    "screening": "screening",
    "interviewing": "interviewing",
    "offer": "offer",
    "accepted": "accepted",
}
EXITS: tuple[str, ...] = ("rejected", "ghosted", "withdrawn", "declined")
WAITING_STATUSES: frozenset[str] = frozenset(
    ("interested", "preparing", "applied", "screening", "interviewing", "offer")
)
RESPONSES: frozenset[str] = frozenset(
    ("screening", "interviewing", "offer", "accepted", "rejected", "declined")
)
# A stage reached by reaching one of these statuses (or a later stage).
STAGE_STATUS: Mapping[str, str] = {
    "screening": "screening",
    "interviewing": "interviewing",
    "offer": "offer",
    "accepted": "accepted",
}
TIMED_STAGES: tuple[str, ...] = ("screening", "interviewing", "offer")
MIN_FOR_RATE = 5
BY_CHOICES: tuple[str, ...] = ("source", "kind", "tag", "month")


@dataclass(frozen=True)
class Track:
    """One application as the funnel sees it: its first day at each status it ever had, the
    day of its last change, its current status, and what it may be grouped by."""

    id: int
    status: str
    applied: date
    first: Mapping[str, date]  # status -> the first day the application had it
    last_change: date
    kind: str = "job"
    source: str | None = None
    tags: tuple[str, ...] = ()
    # Days each timed stage was left (the first later change after entering it), if it was.
    left: Mapping[str, date] = field(default_factory=dict)

    def responded_on(self) -> date | None:
        days = [d for s, d in self.first.items() if s in RESPONSES]
        return min(days) if days else None

    def reached(self) -> dict[str, date]:
        """Stage -> the day it was reached (a skipped stage: the day of the next one)."""
        out: dict[str, date] = {"applied": self.applied}
        answer = self.responded_on()
        if answer is not None:
            out["responded"] = answer
        later: date | None = None
        for stage in reversed(STAGES[2:]):
            day = self.first.get(STAGE_STATUS[stage])
            if day is not None:
                later = day if later is None else min(day, later)
            if later is not None:
                out[stage] = day if day is not None else later
        return out

    def highest(self) -> str:
        reached = self.reached()
        return max(reached, key=STAGES.index)

    def waiting(self) -> bool:
        return self.status in WAITING_STATUSES


@dataclass(frozen=True)
class Rate:
    converted: int
    decided: int
    waiting_excluded: int

    @property
    def rate(self) -> float | None:
        if self.decided < MIN_FOR_RATE:
            return None
        return round(self.converted / self.decided, 4)

    def text(self) -> str:
        """ "62% (5/8)", or "3/4" under MIN_FOR_RATE, or "–" with nothing decided."""
        if self.decided == 0:
            return "–"
        counts = f"{self.converted}/{self.decided}"
        rate = self.rate
        return counts if rate is None else f"{round(rate * 100)}% ({counts})"


@dataclass(frozen=True)
class StageRow:
    stage: str
    reached: int
    waiting: int
    exits: Mapping[str, int]
    conversion: Rate | None  # from the previous stage (None for applied)


@dataclass(frozen=True)
class Duration:
    step: str  # "applied → response", "in screening", ...
    events: int  # applications that had the event
    censored: int  # still waiting: counted as at least their days so far
    median: int | None
    p75: int | None


@dataclass(frozen=True)
class Funnel:
    group: str | None
    applications: int
    waiting: int
    stages: list[StageRow]
    durations: list[Duration]


def funnel(tracks: Sequence[Track], today: date, group: str | None = None) -> Funnel:
    reached_by = [t.reached() for t in tracks]
    highest = [t.highest() for t in tracks]
    rows: list[StageRow] = []
    for n, stage in enumerate(STAGES):
        reached = sum(1 for r in reached_by if stage in r)
        waiting = sum(1 for t, h in zip(tracks, highest, strict=True) if h == stage and t.waiting())
        exits = {
            e: sum(1 for t, h in zip(tracks, highest, strict=True) if h == stage and t.status == e)
            for e in EXITS
        }
        conversion = None
        if n > 0:
            before = rows[n - 1]
            conversion = Rate(reached, before.reached - before.waiting, before.waiting)
        rows.append(StageRow(stage, reached, waiting, exits, conversion))
    return Funnel(
        group=group,
        applications=len(tracks),
        waiting=sum(1 for t in tracks if t.waiting()),
        stages=rows,
        durations=durations(tracks, today),
    )


def durations(tracks: Sequence[Track], today: date) -> list[Duration]:
    out: list[Duration] = []
    observed: list[int] = []
    censored: list[int] = []
    for t in tracks:
        answer = t.responded_on()
        if answer is not None:
            observed.append((answer - t.applied).days)
        elif t.waiting():
            censored.append((today - t.applied).days)
    out.append(_duration("applied → response", observed, censored))
    for stage in TIMED_STAGES:
        observed, censored = [], []
        for t in tracks:
            entered = t.first.get(STAGE_STATUS[stage])
            if entered is None:
                continue
            left = t.left.get(stage)
            if left is not None:
                observed.append((left - entered).days)
            elif t.status == stage:
                censored.append((today - entered).days)
        out.append(_duration(f"in {stage}", observed, censored))
    return out


def _duration(step: str, observed: Sequence[int], censored: Sequence[int]) -> Duration:
    return Duration(
        step=step,
        events=len(observed),
        censored=len(censored),
        median=km_percentile(observed, censored, 0.5),
        p75=km_percentile(observed, censored, 0.75),
    )


def km_percentile(observed: Iterable[int], censored: Iterable[int], q: float) -> int | None:
    """The smallest t at which the Kaplan-Meier estimate of the share that had the event by t
    reaches `q`; None when it never does (or nothing was observed). At a tie, events come
    before censorings (an application censored at day t had not had it by day t)."""
    events = sorted(observed)
    if not events:
        return None
    points = sorted([(d, 0) for d in events] + [(d, 1) for d in censored])
    at_risk = len(points)
    surviving = 1.0
    i = 0
    while i < len(points):
        day = points[i][0]
        happened = 0
        gone = 0
        while i < len(points) and points[i][0] == day:
            if points[i][1] == 0:
                happened += 1
            gone += 1
            i += 1
        if happened:
            surviving *= 1 - happened / at_risk
            if 1 - surviving >= q - 1e-9:
                return day
        at_risk -= gone
    return None


def group_keys(track: Track, by: str) -> list[str]:
    """The groups an application belongs to under `--by` (a tagged one: each of its tags)."""
    if by == "source":
        # sources are typed by hand: "Referral" and "referral " are one group
        source = " ".join((track.source or "").split()).casefold()
        return [source or "(no source)"]
    if by == "kind":
        return [track.kind]
    if by == "tag":
        return list(track.tags) or ["(no tag)"]
    if by == "month":
        return [track.applied.strftime("%Y-%m")]
    raise ValueError(by)


def grouped(tracks: Sequence[Track], by: str | None, today: date) -> list[Funnel]:
    """One funnel, or one per group in the order of their names (months in time order)."""
    if by is None:
        return [funnel(tracks, today)]
    groups: dict[str, list[Track]] = {}
    for t in tracks:
        for key in group_keys(t, by):
            groups.setdefault(key, []).append(t)
    return [funnel(groups[k], today, group=k) for k in sorted(groups, key=str.casefold)]
