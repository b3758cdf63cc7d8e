"""Words of the journal's database side (pure, light): suggestion kinds and statuses, what a
link records, and the fields `career journal accept --edit` may change for each kind."""

from __future__ import annotations

# Evidence levels, by number: what a journal line shows of a skill (career.journal.skills).
LEVELS: tuple[str, ...] = ("intent", "exposure", "practice", "applied", "delivered")


def level_word(level: int | None) -> str:
    """Our word for a level (0 intent ... 4 delivered); "" for none."""
    return "" if level is None else LEVELS[level]


# The records a suggestion creates, and "move": a status move of (or a note on) an application
# that exists already. "interaction": a logged interaction with a contact (career touch).
RECORD_KINDS: tuple[str, ...] = ("application", "session", "event", "deadline", "interaction")
SUGGESTION_KINDS: tuple[str, ...] = (*RECORD_KINDS, "move")
SUGGESTION_STATUSES: tuple[str, ...] = ("pending", "accepted", "dismissed")

# A link from a journal line: a "mention" of an organization (recomputed on every import of the
# day) or the "source" of a record created by accepting a suggestion (kept while the line is).
LINK_KINDS: tuple[str, ...] = ("mention", "source")

# Per suggestion kind: the fields accept understands, and which of them hold a list of texts.
SUGGESTION_FIELDS: dict[str, tuple[str, ...]] = {
    "application": ("organization", "role", "kind", "status", "applied", "url", "opens", "notes"),
    "session": ("organization", "held_on", "advisor", "summary", "notes_url", "takeaways"),
    "event": ("name", "kind", "host", "url", "status", "start", "notes"),
    "deadline": ("title", "due", "kind", "organization"),
    # An empty status: a note on the application, no move.
    "move": ("application", "organization", "role", "status", "on", "note"),
    # The contact by id (`contact_id`), its name shown; how (career.people.vocab), when, note.
    "interaction": ("contact", "contact_id", "on", "via", "note"),
}
LIST_FIELDS: frozenset[str] = frozenset({"takeaways"})
DATE_FIELDS: frozenset[str] = frozenset({"applied", "opens", "held_on", "start", "due", "on"})
# Dates of what happened (a suggestion's own day at the latest): never in the future.
PAST_FIELDS: frozenset[str] = frozenset({"applied", "held_on", "on"})
ALL_FIELDS: frozenset[str] = frozenset(f for names in SUGGESTION_FIELDS.values() for f in names)

# What the user did to a piece of evidence (`career evidence reject|set`): kept by skill, day and
# line text, so that a re-import of the day keeps it.
CORRECTION_ACTIONS: tuple[str, ...] = ("reject", "set")

# The signal and rule of evidence whose level the user set (`career evidence set`).
SET_BY_USER = "set by you"


def line_key(text: str) -> str:
    """What a correction knows a line by: SHA-256 of its text with whitespace collapsed and case
    folded, so that re-indenting or re-capitalising a line keeps its corrections and any other
    edit of its words drops them."""
    import hashlib

    return hashlib.sha256(" ".join(text.split()).casefold().encode()).hexdigest()


def word_key(text: str) -> str:
    """How an ignored word is compared with the words that named a skill."""
    return " ".join(text.split()).casefold()
