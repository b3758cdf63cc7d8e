"""Every model, imported in one place so that the metadata is complete (migrations, tests)."""

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
