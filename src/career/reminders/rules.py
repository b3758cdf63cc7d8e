"""What `career remind` reminds of: the rules, in one place (pure: no database, no output).

Given the open deadlines, the upcoming events and the waiting applications (read by
`career.reminders.queries`), "now" and the settings (`career.config`):

- **overdue**: an open deadline whose moment has passed: an all-day deadline once its day is
  over, a timed one once its time has passed (in its own zone). Not one of kind `opens`:
- **open**: an open deadline of kind `opens` whose moment has passed: applications are open
  now, which is news, not a failure ("open since 2024-04-01"); `--check` does not count it.
- **due**: an open deadline due within the window (`--within`, setting `remind.within`,
  default 14 days), or within its own `remind_days` when that is longer.
- **action**: an open action item of an advising session (a deadline linked to a session) due
  beyond the window: advice not acted on is never out of sight.
- **event**: an event that starts within the window, unless it is done, skipped or submitted.
- **follow-up**: an application in `applied`, `screening` or `interviewing` with no status
  change for N days (settings `remind.stale.<status>`, defaults 14, 10 and 7).
- **catch-up**: a contact whose keep-in-touch cadence has come round (career.people.cadence:
  its own `--every`, or `contacts.every.<role>`): a nudge, never overdue work, so `--check`
  does not count it.

Every item appears once, under the first rule above that takes it. A deadline shows the date
(and time and zone) it was given; its days count from the user's today to the user's calendar
day of its instant (negative is in the past): 09:00 in Tokyo on the 22nd is "tomorrow" for
someone in New York on the 20th. A time a zone skips (02:30 on 2024-03-10 in New York) is read
as the moment the clocks skip to, a time it repeats as the first, so each appears once; a zone
this system does not know is read as local time.

Most urgent first: by the moment each item falls due on one time line (UTC): a timed deadline
at its instant; an all-day deadline at the end of its day (local time); an event at the start
of its first day; a follow-up or a catch-up at the start of the day it became due. Ties:
overdue before open before due before the rest, then by id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, tzinfo
from typing import NamedTuple

from career.deadlines.moment import deadline_moment, later, start_of
from career.deadlines.views import DeadlineView, Owner
from career.people.cadence import Standing

RULES = ("overdue", "open", "due", "action", "event", "follow-up", "catch-up")
SKIPPED_EVENT_STATUSES = ("done", "skipped", "submitted")
OPENS = "opens"  # the deadline kind that marks when applications open


class UpcomingEvent(NamedTuple):
    id: int
    name: str
    kind: str
    status: str
    starts: date
    host: Owner | None


class Waiting(NamedTuple):
    """An application and the day its current status began."""

    id: int
    organization_id: int
    organization: str
    role: str | None
    status: str
    since: date


class Reminder(NamedTuple):
    rule: str  # one of RULES
    type: str  # "deadline", "event", "application" or "contact"
    id: int
    title: str
    kind: str  # the deadline's kind, the event's kind, the application's status, the role
    # due, starts, (follow-up) the day the status began, (catch-up) the last interaction's day
    date: date
    at: time | None
    tz: str | None
    days: int  # date - today, in days: negative is in the past
    belongs_to: Owner | None
    moment: datetime  # where it sits on the time line (UTC); not part of any output
    every: int | None = None  # a catch-up's cadence in days
    talked: bool = True  # a catch-up: False when nothing was logged yet (date: when added)


class Window(NamedTuple):
    """What the rules need besides the records."""

    now: datetime  # aware
    today: date  # the local calendar date of `now`
    within: int
    stale: dict[str, int]
    local: tzinfo | None = None  # None: the process's local zone
    every: Mapping[str, int] | None = None  # cadences by word of a role (contacts.every.*)

    def start_of(self, day: date) -> datetime:
        return start_of(day, self.local)


def horizon(window: Window, longest_remind_days: int | None) -> date:
    """The last due date any deadline can have and still be reminded of (besides actions)."""
    return later(window.today, max(window.within, longest_remind_days or 0))


def local_day(moment: datetime, local: tzinfo | None) -> date:
    """The user's calendar day of an instant."""
    return (moment.astimezone(local) if local is not None else moment.astimezone()).date()


def _deadline(deadline: DeadlineView, window: Window) -> Reminder | None:
    moment = deadline_moment(deadline, window.local)
    # A timed deadline counts from the user's day of its instant (09:00 in Tokyo on the 22nd
    # is "tomorrow" on the evening of the 20th in New York); an all-day one from its date.
    day = deadline.due if deadline.at is None else local_day(moment, window.local)
    days = (day - window.today).days
    reach = max(window.within, deadline.remind_days or 0)
    if deadline.done_at is not None:
        return None
    if moment <= window.now:
        rule = "open" if deadline.kind == OPENS else "overdue"
    elif days <= reach:
        rule = "due"
    elif deadline.owner is not None and deadline.owner.type == "session":
        rule = "action"
    else:
        return None
    return Reminder(
        rule=rule,
        type="deadline",
        id=deadline.id,
        title=deadline.title,
        kind=deadline.kind,
        date=deadline.due,
        at=deadline.at,
        tz=deadline.tz,
        days=days,
        belongs_to=deadline.owner,
        moment=moment,
    )


def _event(event: UpcomingEvent, window: Window) -> Reminder | None:
    days = (event.starts - window.today).days
    if event.status in SKIPPED_EVENT_STATUSES or not 0 <= days <= window.within:
        return None
    return Reminder(
        rule="event",
        type="event",
        id=event.id,
        title=event.name,
        kind=event.kind,
        date=event.starts,
        at=None,
        tz=None,
        days=days,
        belongs_to=event.host,
        moment=window.start_of(event.starts),
    )


def _follow_up(app: Waiting, window: Window) -> Reminder | None:
    limit = window.stale.get(app.status)
    if limit is None or (window.today - app.since).days < limit:
        return None
    label = f"{app.organization} — {app.role}" if app.role else app.organization
    return Reminder(
        rule="follow-up",
        type="application",
        id=app.id,
        title=label,
        kind=app.status,
        date=app.since,
        at=None,
        tz=None,
        days=(app.since - window.today).days,
        belongs_to=Owner("organization", app.organization_id, app.organization, app.organization),
        moment=window.start_of(later(app.since, limit)),
    )


def _catch_up(contact: Standing, window: Window) -> Reminder | None:
    if contact.overdue < 0:
        return None
    title = f"{contact.name} ({contact.role})" if contact.role else contact.name
    org = contact.organization
    return Reminder(
        rule="catch-up",
        type="contact",
        id=contact.id,
        title=title,
        kind=contact.role or "contact",
        date=contact.since,
        at=None,
        tz=None,
        days=(contact.since - window.today).days,
        belongs_to=(
            Owner("organization", contact.organization_id, org, org)
            if contact.organization_id is not None and org is not None
            else None
        ),
        moment=window.start_of(contact.due),
        every=contact.every,
        talked=contact.last is not None,
    )


def reminders(
    deadlines: list[DeadlineView],
    events: list[UpcomingEvent],
    waiting: list[Waiting],
    window: Window,
    contacts: Sequence[Standing] = (),
) -> list[Reminder]:
    """Everything to remind of, most urgent first."""
    found = [
        *(_deadline(d, window) for d in deadlines),
        *(_event(e, window) for e in events),
        *(_follow_up(a, window) for a in waiting),
        *(_catch_up(c, window) for c in contacts),
    ]
    items = [r for r in found if r is not None]
    items.sort(key=lambda r: (r.moment, RULES.index(r.rule), r.type, r.id))
    return items


def overdue(items: list[Reminder]) -> bool:
    return any(item.rule == "overdue" for item in items)
