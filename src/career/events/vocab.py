"""Words of the events domain (pure, light)."""

from __future__ import annotations

EVENT_KINDS: tuple[str, ...] = ("hackathon", "sprint", "jam", "conference", "course", "other")
EVENT_STATUSES: tuple[str, ...] = (
    "interested",
    "signed-up",
    "participating",
    "submitted",
    "done",
    "skipped",
)
