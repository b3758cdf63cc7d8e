"""The schema: every model, imported in one place, so that `metadata` is complete.

migrations/env.py imports this package; a new domain adds its models module here."""

from __future__ import annotations

from career.advising.models import AdvisorSession, SessionTakeaway
from career.db.base import Base
from career.deadlines.models import Deadline
from career.events.models import Event
from career.people.models import ApplicationContact, Contact
from career.pipeline.models import (
    Application,
    ApplicationTag,
    Organization,
    OrganizationAlias,
    StatusChange,
)

metadata = Base.metadata

__all__ = [
    "AdvisorSession",
    "Application",
    "ApplicationContact",
    "ApplicationTag",
    "Base",
    "Contact",
    "Deadline",
    "Event",
    "Organization",
    "OrganizationAlias",
    "SessionTakeaway",
    "StatusChange",
    "metadata",
]
