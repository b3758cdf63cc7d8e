"""Words of the contacts domain (pure, light)."""

from __future__ import annotations

# How a contact relates to an application.
CONTACT_RELATIONS: tuple[str, ...] = ("referrer", "recruiter", "interviewer", "other")

# How an interaction took place (`career touch --via`).
INTERACTION_VIAS: tuple[str, ...] = (
    "email",
    "call",
    "video",
    "meeting",
    "message",
    "event",
    "other",
)

# Where a timeline entry comes from: logged with `career touch` (a row of `interactions`), or
# derived from a record that already says the two of you talked (never copied: see
# `career.people.queries.TIMELINE`).
INTERACTION_SOURCES: tuple[str, ...] = ("logged", "session", "status")

# The relations through which an application's status change counts as an interaction.
TALKING_RELATIONS: tuple[str, ...] = ("recruiter", "interviewer")

# A move into this status is the absence of contact, not an interaction.
SILENT_STATUSES: tuple[str, ...] = ("ghosted",)
