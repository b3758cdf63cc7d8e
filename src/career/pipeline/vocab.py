"""The pipeline's words: statuses, kinds, and how names are compared.

Pure and light (imported by the CLI at start-up for its choices): no database here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

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


def role_key(role: str | None) -> str:
    """The form in which two roles at one organization are compared (case, spacing)."""
    return " ".join((role or "").casefold().split())


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
