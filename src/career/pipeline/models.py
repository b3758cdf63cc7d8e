"""Organizations (with aliases), applications, tags and the append-only status history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    event,
)
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

from career.db.base import Base, UTCDateTime, str_enum
from career.pipeline.vocab import (
    APPLICATION_KINDS,
    EMPLOYMENT_TYPES,
    ORGANIZATION_KINDS,
    SALARY_PERIODS,
    STATUSES,
    WORKPLACES,
)

# Salaries: a decimal column read back as a float on both backends (`asdecimal=False`: SQLite
# has no decimal type, and SQLAlchemy warns on every Decimal it converts there).
SALARY = Numeric(14, 2, asdecimal=False)


class Organization(Base):
    __tablename__ = "organizations"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # name_key(name): unique, so two spellings of one name are one organization.
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(str_enum("organization_kind", ORGANIZATION_KINDS))
    website: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    aliases: Mapped[list[OrganizationAlias]] = relationship(
        back_populates="organization",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="OrganizationAlias.alias",
    )
    applications: Mapped[list[Application]] = relationship(back_populates="organization")


class OrganizationAlias(Base):
    __tablename__ = "organization_aliases"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    alias: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200), unique=True)

    organization: Mapped[Organization] = relationship(back_populates="aliases")


class Application(Base):
    __tablename__ = "applications"
    __table_args__ = (
        CheckConstraint("excitement BETWEEN 1 AND 5", name="excitement_range"),
        CheckConstraint(
            "salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max",
            name="salary_range",
        ),
        Index("ix_applications_status", "status"),
        Index("ix_applications_posting_key", "posting_key"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(str_enum("application_kind", APPLICATION_KINDS))
    status: Mapped[str] = mapped_column(str_enum("application_status", STATUSES))
    applied_on: Mapped[date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(2000))
    source: Mapped[str | None] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(200))
    excitement: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    # What the posting says (migration 0008): salary, employment type, workplace, its URLs and
    # the day it was posted. `posting_url` is where it was captured from, `canonical_url` the
    # address the page calls its own; `posting_key` (derived from them, see
    # career.capture.ats.posting_key) is what the duplicate-posting check compares.
    salary_min: Mapped[float | None] = mapped_column(SALARY)
    salary_max: Mapped[float | None] = mapped_column(SALARY)
    salary_currency: Mapped[str | None] = mapped_column(String(3))
    salary_period: Mapped[str | None] = mapped_column(str_enum("salary_period", SALARY_PERIODS))
    employment_type: Mapped[str | None] = mapped_column(
        str_enum("employment_type", EMPLOYMENT_TYPES)
    )
    workplace: Mapped[str | None] = mapped_column(str_enum("workplace", WORKPLACES))
    posting_url: Mapped[str | None] = mapped_column(String(2000))
    canonical_url: Mapped[str | None] = mapped_column(String(2000))
    posting_key: Mapped[str | None] = mapped_column(String(300))
    posted_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    organization: Mapped[Organization] = relationship(back_populates="applications")
    tags: Mapped[list[ApplicationTag]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ApplicationTag.tag"
    )
    history: Mapped[list[StatusChange]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="[StatusChange.changed_on, StatusChange.id]",
    )

    @property
    def tag_names(self) -> list[str]:
        return [t.tag for t in self.tags]


class ApplicationTag(Base):
    __tablename__ = "application_tags"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(100), primary_key=True)


class StatusChange(Base):
    """One step of an application's timeline. Append-only: created with the change it records,
    in the same transaction, and never updated (the ORM refuses)."""

    __tablename__ = "status_changes"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(str_enum("status_change_from", STATUSES))
    to_status: Mapped[str] = mapped_column(str_enum("status_change_to", STATUSES))
    changed_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str | None] = mapped_column(Text)

    application: Mapped[Application] = relationship(back_populates="history")


@event.listens_for(StatusChange, "before_update")
def _refuse_history_edits(mapper: Mapper[Any], connection: Any, target: StatusChange) -> None:
    raise ValueError("status history is append-only: a StatusChange is never edited")
