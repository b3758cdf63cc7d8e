"""The schema: every model, imported in one place, so that `metadata` is complete.

migrations/env.py imports this package; a new domain adds its models module here."""

from __future__ import annotations

from career.advising.models import AdvisorSession, SessionTakeaway
from career.db.base import Base
from career.deadlines.models import Deadline
from career.events.models import Event
from career.evidence.models import ApplicationSkill
from career.history.models import Change, ChangeNow, ChangeRow
from career.journal.models import (
    JournalEntry,
    JournalItem,
    JournalLink,
    JournalSource,
    JournalSuggestion,
    Skill,
    SkillEvidence,
)
from career.people.models import ApplicationContact, Contact, Interaction
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
    "ApplicationSkill",
    "ApplicationTag",
    "Base",
    "Change",
    "ChangeNow",
    "ChangeRow",
    "Contact",
    "Deadline",
    "Event",
    "Interaction",
    "JournalEntry",
    "JournalItem",
    "JournalLink",
    "JournalSource",
    "JournalSuggestion",
    "Organization",
    "OrganizationAlias",
    "SessionTakeaway",
    "Skill",
    "SkillEvidence",
    "StatusChange",
    "metadata",
]
