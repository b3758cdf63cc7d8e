"""Words of the contacts domain (pure, light)."""

from __future__ import annotations

# How a contact relates to an application.
CONTACT_RELATIONS: tuple[str, ...] = ("referrer", "recruiter", "interviewer", "other")
