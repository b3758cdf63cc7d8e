"""Advising sessions and their takeaways; their action items are deadlines (kind `action`)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from career.db.base import Base, UTCDateTime
from career.people.models import Contact
from career.pipeline.models import Organization


class AdvisorSession(Base):
    __tablename__ = "advisor_sessions"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    advisor_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    notes_url: Mapped[str | None] = mapped_column(String(2000))
    summary: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    organization: Mapped[Organization] = relationship()
    advisor: Mapped[Contact | None] = relationship()
    takeaways: Mapped[list[SessionTakeaway]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="SessionTakeaway.position"
    )


class SessionTakeaway(Base):
    __tablename__ = "session_takeaways"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("advisor_sessions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
