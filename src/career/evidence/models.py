"""The skills each application asks for (`career app skills`, `career app import-job`).

A row links an application to a skill of the `skills` table (the journal's taxonomy, synced on
import, plus skills the user named that the taxonomy does not know). Deleting the application
deletes its rows; `position` keeps the order in which they were given (a posting's order).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from career.db.base import Base


class ApplicationSkill(Base):
    __tablename__ = "application_skills"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)
