"""The pipeline's words: statuses, kinds, and how names are compared.

Pure and light (imported by the CLI at start-up for its choices): no database here.
"""

from __future__ import annotations

import enum
import heapq
import math
import unicodedata
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Final

from career.errors import InvalidInput

ACTIVE_STATUSES: tuple[str, ...] = (
    "interested",
    "preparing",
    "applied",
    "screening",
    "interviewing",
    "offer",
)
CLOSED_STATUSES: tuple[str, ...] = ("accepted", "declined", "rejected", "withdrawn", "ghosted")
STATUSES: tuple[str, ...] = ACTIVE_STATUSES + CLOSED_STATUSES

APPLICATION_KINDS: tuple[str, ...] = ("job", "fellowship", "program", "grant", "other")
ORGANIZATION_KINDS: tuple[str, ...] = ("company", "lab", "program", "advisor", "host", "other")

# What a posting says about the job (issue 12): the salary's period, the employment type and
# where the work happens. schema.org's words (FULL_TIME, HOUR, ...) are read into these.
SALARY_PERIODS: tuple[str, ...] = ("hour", "day", "week", "month", "year")
EMPLOYMENT_TYPES: tuple[str, ...] = (
    "full-time",
    "part-time",
    "contract",
    "temporary",
    "internship",
    "volunteer",
    "per-diem",
    "other",
)
WORKPLACES: tuple[str, ...] = ("remote", "hybrid", "on-site")
# The largest salary figure accepted (a typo guard; the column holds 12 digits before the point).
MAX_SALARY = 10**11

# Statuses that mean the user has sent an application: moving into one of them records the
# applied date when none is known yet.
SUBMITTED_STATUSES: frozenset[str] = frozenset(STATUSES) - {"interested", "preparing"}


def name_key(name: str) -> str:
    """The form in which two organization names are compared.

    Case- and punctuation-insensitive, Unicode-normalized: "80,000 Hours", "80000hours" and
    "80 000 HOURS" share one key; "FAR.AI" and "far ai" share another.
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


# How alike two organization keys must be (difflib's ratio) to be called near-duplicates.
SIMILARITY = 0.85


def alike_to(key: str) -> Callable[[str], bool]:
    """The near-duplicate rule for organization keys, as a test of other keys against `key`:
    one contains the other (at four characters or more), or difflib's similarity ratio is at
    least SIMILARITY. The matcher is built once for `key` and difflib's cheap upper bounds are
    tried first, so testing many names stays fast."""
    import difflib

    matcher = difflib.SequenceMatcher(None)
    matcher.set_seq2(key)

    def alike(other: str) -> bool:
        shorter, longer = sorted((key, other), key=len)
        if len(shorter) >= 4 and shorter in longer:
            return True
        matcher.set_seq1(other)
        return (
            matcher.real_quick_ratio() >= SIMILARITY
            and matcher.quick_ratio() >= SIMILARITY
            and matcher.ratio() >= SIMILARITY
        )

    return alike


class NearDuplicates:
    """An index of organization keys answering `alike_to`'s rule for a new key without
    testing every recorded one (an import of thousands of new names would be quadratic).

    Candidates come from shared bigrams, and only those `alike_to` could accept: if difflib's
    ratio of a and b is at least SIMILARITY, its M matched characters form k blocks, two blocks
    apart by at least one unmatched character (k - 1 <= la + lb - 2M), and a block of length n
    holds n - 1 shared bigrams; so a and b share at least 3M - (la + lb) - 1 >= T bigrams,
    T = (1.5 SIMILARITY - 1)(la + lb) - 1, and lb >= la SIMILARITY / (2 - SIMILARITY). A key
    sharing T of a's bigrams shares one of any len(bigrams) - T + 1 of them (prefix
    filtering): the rarest are looked up. A recorded key contained in the new one is looked up
    by its substrings; keys too short for the bound are compared with every short key. Every
    candidate is then tested with `alike_to`, so the answers are the rule's, in the order the
    keys were added."""

    def __init__(self) -> None:
        self._keys: list[tuple[str, Any]] = []
        self._grams: dict[str, list[int]] = {}
        self._exact: dict[str, list[int]] = {}
        self._short: list[int] = []
        self._lengths: set[int] = set()

    def add(self, key: str, value: Any) -> None:
        number = len(self._keys)
        self._keys.append((key, value))
        self._exact.setdefault(key, []).append(number)
        self._lengths.add(len(key))
        for gram in {key[i : i + 2] for i in range(len(key) - 1)}:
            self._grams.setdefault(gram, []).append(number)
        if len(key) <= _SHORT_KEY:
            self._short.append(number)

    def alike(self, key: str, limit: int | None = None) -> list[Any]:
        """The values of the keys alike to `key` (`alike_to`), each once, in the order added;
        at most `limit` of them."""
        lists: list[list[int]] = []  # each ascending: numbers are added in order
        grams = [key[i : i + 2] for i in range(len(key) - 1)]
        least = len(key) * SIMILARITY / (2 - SIMILARITY)
        needed = math.ceil((1.5 * SIMILARITY - 1) * (len(key) + least) - 1 - 1e-9)
        if needed < 1 or len(key) <= _SHORT_KEY:
            lists.append(self._short)
        if needed >= 1 and grams:
            grams.sort(key=lambda g: len(self._grams.get(g, ())))
            chosen = set(grams[: max(1, len(grams) - needed + 1)])
        else:
            chosen = set(grams)
        lists.extend(self._grams[gram] for gram in chosen if gram in self._grams)
        for size in self._lengths:  # recorded keys inside this one (at four characters or more)
            if 4 <= size < len(key):
                for start in range(len(key) - size + 1):
                    inside = self._exact.get(key[start : start + size])
                    if inside is not None:
                        lists.append(inside)
        test = alike_to(key)
        values: list[Any] = []
        last = -1
        for number in heapq.merge(*lists):
            if number == last:
                continue
            last = number
            other, value = self._keys[number]
            if value not in values and test(other):
                values.append(value)
                if limit is not None and len(values) >= limit:
                    break
        return values


_SHORT_KEY = 3  # keys of this length or less are compared with every short key


def role_key(role: str | None) -> str:
    """The form in which two roles at one organization are compared (case, spacing)."""
    return " ".join((role or "").casefold().split())


def duplicate_key(organization: Hashable, role: str | None) -> tuple[Hashable, str]:
    """The one-active-application rule's key: two active applications with the same key (same
    organization, same role with case and spacing ignored) are one too many."""
    return (organization, role_key(role))


def clean_text(value: str | None) -> str | None:
    """Strip a free-text value; an empty one means "none"."""
    if value is None:
        return None
    value = value.strip()
    return value or None


# The longest each text field may be (the columns' lengths; notes is free text but bounded).
TEXT_LIMITS: dict[str, int] = {
    "organization": 200,
    "role": 300,
    "url": 2000,
    "posting_url": 2000,
    "canonical_url": 2000,
    "source": 200,
    "location": 200,
    "tag": 100,
    "notes": 100_000,
}


def checked_text(value: str | None, field: str) -> str | None:
    """`clean_text`, refusing a value longer than its column holds."""
    value = clean_text(value)
    limit = TEXT_LIMITS[field]
    if value is not None and len(value) > limit:
        raise InvalidInput(f"the {field} is too long: {len(value)} characters, at most {limit}")
    return value


def checked_name_key(name: str) -> str:
    """`name_key`, refusing a name that has no letters or digits at all."""
    checked_text(name, "organization")
    key = name_key(name)
    if not key:
        raise InvalidInput(
            "the organization name is empty" if not name.strip() else f"{name!r} is not a name"
        )
    return key


def check_choice(value: str, choices: Sequence[str], what: str) -> str:
    if value not in choices:
        raise InvalidInput(f"unknown {what} {value!r}: choose one of {', '.join(choices)}")
    return value


def clean_tags(tags: Sequence[str]) -> list[str]:
    """Tags as stored: spacing folded, lower case, no duplicates, none empty."""
    cleaned: list[str] = []
    for tag in tags:
        value = " ".join(tag.split()).casefold()
        if not value:
            raise InvalidInput("a tag cannot be empty")
        checked_text(value, "tag")
        if value not in cleaned:
            cleaned.append(value)
    return cleaned


def checked_currency(value: str | None) -> str | None:
    """An ISO 4217 currency code (three letters, any case), as capitals; empty is none."""
    text = clean_text(value)
    if text is None:
        return None
    if len(text) != 3 or not text.isascii() or not text.isalpha():
        raise InvalidInput(f"currency {text!r} is not a three-letter code such as USD or EUR")
    return text.upper()


def checked_salary(value: str | float | None, what: str = "salary") -> float | None:
    """A salary figure: a number (``120000``, ``120,000``, ``120000.50``, ``120k``) from 0 up
    to MAX_SALARY; empty is none."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "").replace(" ", "")
        if not text:
            return None
        scale = 1
        if text[-1:] in ("k", "K"):
            text, scale = text[:-1], 1000
        try:
            number = float(text) * scale if text.replace(".", "", 1).isdigit() else None
        except ValueError:
            number = None
        if number is None:
            raise InvalidInput(f"{what} {value.strip()!r} is not a number such as 120000 or 120k")
    else:
        number = float(value)
    if not (0 <= number <= MAX_SALARY) or math.isnan(number):
        raise InvalidInput(f"{what} {number:g} is out of range (0 to {MAX_SALARY:,})")
    return round(number, 2)


def salary_figure(value: float | None) -> int | float | None:
    """A stored salary as shown: a whole number without ``.0``."""
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def check_salary_range(low: float | None, high: float | None) -> None:
    if low is not None and high is not None and low > high:
        raise InvalidInput(
            f"the salary minimum {salary_figure(low)} is above its maximum {salary_figure(high)}"
        )


# The posting's fields of an application (migration 0008), in the order every listing, export
# and JSON record shows them.
POSTING_FIELDS: Final = (
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "employment_type",
    "workplace",
    "posting_url",
    "canonical_url",
    "posted",
)


@dataclass(frozen=True)
class PostingFields:
    """What a posting says about a job, checked (`checked`) and ready to store. Every field is
    optional; `checked` takes text as a person types it or a page gives it."""

    salary_min: float | None = None
    salary_max: float | None = None
    salary_currency: str | None = None
    salary_period: str | None = None
    employment_type: str | None = None
    workplace: str | None = None
    posting_url: str | None = None
    canonical_url: str | None = None
    posted: date | None = None

    @classmethod
    def checked(
        cls,
        *,
        salary_min: str | float | None = None,
        salary_max: str | float | None = None,
        salary_currency: str | None = None,
        salary_period: str | None = None,
        employment_type: str | None = None,
        workplace: str | None = None,
        posting_url: str | None = None,
        canonical_url: str | None = None,
        posted: date | None = None,
    ) -> PostingFields:
        low = checked_salary(salary_min, "salary minimum")
        high = checked_salary(salary_max, "salary maximum")
        check_salary_range(low, high)
        return cls(
            salary_min=low,
            salary_max=high,
            salary_currency=checked_currency(salary_currency),
            salary_period=checked_word(salary_period, SALARY_PERIODS, "salary period"),
            employment_type=checked_word(employment_type, EMPLOYMENT_TYPES, "employment type"),
            workplace=checked_word(workplace, WORKPLACES, "workplace"),
            posting_url=checked_text(posting_url, "posting_url"),
            canonical_url=checked_text(canonical_url, "canonical_url"),
            posted=posted,
        )

    def merged(self, over: PostingFields) -> PostingFields:
        """These fields with every field `over` gives put over them (the command line over a
        page)."""
        values = {
            f.name: getattr(over, f.name)
            if getattr(over, f.name) is not None
            else getattr(self, f.name)
            for f in fields(self)
        }
        return PostingFields(**values)

    def columns(self) -> dict[str, Any]:
        """The application row's columns of these fields."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["posted_on"] = values.pop("posted")
        return values


NO_POSTING = PostingFields()
"""The posting fields of an application that has none."""

# Words people and pages use for the choices above (case, `_` and spaces ignored).
_CHOICE_WORDS: dict[str, str] = {
    "fulltime": "full-time",
    "parttime": "part-time",
    "contractor": "contract",
    "intern": "internship",
    "temp": "temporary",
    "perdiem": "per-diem",
    "onsite": "on-site",
    "office": "on-site",
    "inoffice": "on-site",
    "telecommute": "remote",
    "hourly": "hour",
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "annual": "year",
    "yearly": "year",
    "annually": "year",
}


def choice_word(value: str, choices: Sequence[str]) -> str | None:
    """The choice `value` names (``FULL_TIME``, ``Full time``, ``onsite``...), else None."""
    key = "".join(ch for ch in value.casefold() if ch.isalnum())
    for choice in choices:
        if key == "".join(ch for ch in choice if ch.isalnum()):
            return choice
    found = _CHOICE_WORDS.get(key)
    return found if found in choices else None


def checked_word(value: str | None, choices: Sequence[str], what: str) -> str | None:
    """`choice_word` for a value a person gave: unknown words are invalid input."""
    text = clean_text(value)
    if text is None:
        return None
    found = choice_word(text, choices)
    if found is None:
        raise InvalidInput(f"unknown {what} {text!r}: choose one of {', '.join(choices)}")
    return found


class Unchanged(enum.Enum):
    """The value of a field an edit leaves as it is (None clears an optional one)."""

    UNCHANGED = "unchanged"


UNCHANGED: Final = Unchanged.UNCHANGED
