"""The schema: every model, imported in one place, so that `metadata` is complete.

migrations/env.py imports this package; a new domain adds its models module here."""

from __future__ import annotations

from career.db.base import Base
from career.pipeline.models import (
    Application,
    ApplicationTag,
    Organization,
    OrganizationAlias,
    StatusChange,
)

metadata = Base.metadata

__all__ = [
    "Application",
    "ApplicationTag",
    "Base",
    "Organization",
    "OrganizationAlias",
    "StatusChange",
    "metadata",
]
