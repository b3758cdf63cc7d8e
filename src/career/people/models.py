"""Contacts, and which applications they are linked to and how."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from career.db.base import Base, UTCDateTime, str_enum
from career.people.vocab import CONTACT_RELATIONS, INTERACTION_VIAS
from career.pipeline.models import Organization


class Contact(Base):
    __tablename__ = "contacts"
    __table_args__ = (
        CheckConstraint("every_days >= 0", name="every_days_range"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    role: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    url: Mapped[str | None] = mapped_column(String(2000))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # How often to keep in touch, in days: NULL follows the settings (`contacts.every.<role>`),
    # 0 is "never remind" (`--every none`), over 0 is the contact's own cadence.
    every_days: Mapped[int | None] = mapped_column(Integer)

    organization: Mapped[Organization | None] = relationship()


class ApplicationContact(Base):
    """A contact's part in an application (referrer, recruiter, interviewer, other)."""

    __tablename__ = "application_contacts"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    relation: Mapped[str] = mapped_column(str_enum("contact_relation", CONTACT_RELATIONS))


class Interaction(Base):
    """An interaction the user logged (`career touch`). Interactions that other records already
    imply (an advising session, a status change with a recruiter) are not copied here: the
    timeline query derives them (career.people.queries)."""

    __tablename__ = "interactions"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    happened_on: Mapped[date] = mapped_column(Date)
    via: Mapped[str] = mapped_column(str_enum("interaction_via", INTERACTION_VIAS))
    note: Mapped[str | None] = mapped_column(Text)
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
