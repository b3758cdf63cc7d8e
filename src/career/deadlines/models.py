"""Deadlines: a due calendar date, an optional time in a named zone, and at most one link."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from career.db.base import Base, UTCDateTime, str_enum
from career.deadlines.vocab import DEADLINE_KINDS

ONE_LINK_AT_MOST = (
    "(CASE WHEN application_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN event_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN session_id IS NULL THEN 0 ELSE 1 END) <= 1"
)


class Deadline(Base):
    __tablename__ = "deadlines"
    __table_args__ = (
        CheckConstraint(ONE_LINK_AT_MOST, name="one_link_at_most"),
        CheckConstraint("remind_days IS NULL OR remind_days >= 0", name="remind_days_positive"),
        CheckConstraint("due_time IS NOT NULL OR due_zone IS NULL", name="zone_needs_time"),
        # `career remind` reads the open deadlines in due order: a handful out of thousands.
        Index("ix_deadlines_open", "done_at", "due_on"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(str_enum("deadline_kind", DEADLINE_KINDS))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    # A time of day in `due_zone` (an IANA name); a deadline without one is all-day.
    due_time: Mapped[time | None] = mapped_column(Time)
    due_zone: Mapped[str | None] = mapped_column(String(64))
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("advisor_sessions.id", ondelete="CASCADE"), index=True
    )
    remind_days: Mapped[int | None] = mapped_column(Integer)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
