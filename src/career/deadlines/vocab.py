"""Words of the deadlines domain (pure, light)."""

from __future__ import annotations

DEADLINE_KINDS: tuple[str, ...] = ("apply-by", "opens", "follow-up", "action", "event", "other")
