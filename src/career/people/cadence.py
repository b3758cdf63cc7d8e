"""Keeping in touch: how often, and when a contact is due (pure: no database, no I/O).

- **A cadence** is a whole number of days (`6w` is 42, `10d` is 10; months are refused, as
  everywhere a span must be exact). A contact's own cadence (`career contact edit ID --every
  6w`) wins; `--every none` means never remind, whatever the settings say; `--every default`
  (no cadence of its own) follows the settings `contacts.every.<word>`, where the word is one
  of the words of the contact's role ("advisor", "recruiter"; case ignored). When several words
  of a role have a setting, the shortest cadence applies. No setting, no own cadence: the
  contact is never due.
- **Due**: a contact is due on the day its cadence comes round after the last interaction
  (every source of `career.people.queries.TIMELINE`), that is when the last interaction is
  `every` days old or older: last talked on 1 March, every 6 weeks, due on 12 April. A contact
  with no interaction yet counts from the day it was added (the user's local calendar day of
  its creation instant): adding someone is meeting them, and a new contact is not due at once.
- Everything is calendar days: an interaction has a date, not an instant, so a clock change
  (DST) in between moves nothing; "today" is the user's local day (`career.clock.today`).
- **Most overdue first**: by the day each became due, then name (case ignored), then id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import NamedTuple

from career.errors import InvalidInput

NONE_WORDS = ("none", "never", "off")
DEFAULT_WORD = "default"
# A word a `contacts.every.<word>` setting may name: letters, digits, `-` and `_` (compiled
# on first use: `career remind` imports this module on every shell start).
ROLE_WORD = r"[^\W_][\w-]*"
MAX_EVERY_DAYS = 3650


def parse_every(text: str) -> int | None:
    """`--every`: a number of days (`6w`, `42`, `42d`), 0 for `none`, None for `default`."""
    key = text.strip().lower()
    if key in NONE_WORDS:
        return 0
    if key == DEFAULT_WORD:
        return None
    return check_every(text)


def check_every(text: str) -> int:
    """A cadence of 1 day or more (`6w`, `42d`, `42`), at most ten years."""
    from career import dates

    try:
        days = dates.parse_days(text)
    except InvalidInput as exc:
        raise InvalidInput(
            f"{exc.message} (a cadence: such as 6w or 30d; none to never remind)"
        ) from None
    if days == 0:
        raise InvalidInput("a cadence of 0 days would always be due: use 1d or more, or none")
    if days > MAX_EVERY_DAYS:
        raise InvalidInput(f"a cadence can be at most {MAX_EVERY_DAYS} days (ten years)")
    return days


def every_text(days: int) -> str:
    """A cadence in words: "every 6 weeks", "every 10 days", "every week", "every day"."""
    if days % 7 == 0:
        weeks = days // 7
        return "every week" if weeks == 1 else f"every {weeks} weeks"
    return "every day" if days == 1 else f"every {days} days"


def every_short(days: int) -> str:
    """A cadence as typed: "6w" or "10d"."""
    return f"{days // 7}w" if days % 7 == 0 else f"{days}d"


def role_words(role: str | None) -> list[str]:
    """The words of a role a setting can name ("Research lead" -> research, lead)."""
    if not role:
        return []
    return [w.casefold() for w in re.findall(ROLE_WORD, role)]


def cadence(own: int | None, role: str | None, defaults: Mapping[str, int]) -> int | None:
    """The cadence in effect in days, or None when the contact is never due."""
    if own is not None:
        return own or None
    found = [defaults[w] for w in role_words(role) if w in defaults]
    return min(found) if found else None


def local_day(moment: datetime, local: tzinfo | None = None) -> date:
    """The user's calendar day of an instant (`local` None: the process's zone)."""
    return (moment.astimezone(local) if local is not None else moment.astimezone()).date()


def due_on(last: date | None, added: date, every: int) -> date:
    """The day a contact becomes due: `every` days after the last interaction, or after the day
    it was added when there is none yet."""
    start = last if last is not None else added
    try:
        return start + timedelta(days=every)
    except OverflowError:
        return date.max


class Standing(NamedTuple):
    """Where one contact stands with the user."""

    id: int
    name: str
    role: str | None
    organization_id: int | None
    organization: str | None
    every: int  # days
    last: date | None  # the last interaction's day; None: none yet
    since: date  # `last`, or the day the contact was added
    due: date
    overdue: int  # days since `due` (0 on the day it becomes due; negative: not due yet)


class Candidate(NamedTuple):
    """What the due rule needs of a contact."""

    id: int
    name: str
    role: str | None
    organization_id: int | None
    organization: str | None
    own_every: int | None
    added: date  # the local day it was added (read only when `last` is None)
    last: date | None


def standing(candidate: Candidate, defaults: Mapping[str, int], today: date) -> Standing | None:
    """Where the contact stands, or None when no cadence applies to it."""
    every = cadence(candidate.own_every, candidate.role, defaults)
    if every is None:
        return None
    since = candidate.last if candidate.last is not None else candidate.added
    due = due_on(candidate.last, candidate.added, every)
    return Standing(
        id=candidate.id,
        name=candidate.name,
        role=candidate.role,
        organization_id=candidate.organization_id,
        organization=candidate.organization,
        every=every,
        last=candidate.last,
        since=since,
        due=due,
        overdue=(today - due).days,
    )


def due_contacts(
    candidates: Iterable[Candidate], defaults: Mapping[str, int], today: date
) -> list[Standing]:
    """The contacts due today (or earlier), most overdue first."""
    found = [standing(c, defaults, today) for c in candidates]
    due = [s for s in found if s is not None and s.overdue >= 0]
    due.sort(key=lambda s: (s.due, s.name.casefold(), s.id))
    return due
