"""what a job posting says: salary, employment type, workplace, posting and canonical URLs,
the duplicate-posting key and the day it was posted.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(
        *values,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(v) for v in values),
    )


SALARY = sa.Numeric(14, 2, asdecimal=False)


def _sequence() -> int | None:
    """SQLite's AUTOINCREMENT counter of applications (ids are never reused: the batch copy
    of the table must carry it on, or a deleted highest id would be given again)."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return None
    value = bind.execute(
        sa.text("SELECT seq FROM sqlite_sequence WHERE name = 'applications'")
    ).scalar()
    return None if value is None else int(value)


def _restore_sequence(value: int | None) -> None:
    if value is None:
        return
    bind = op.get_bind()
    bind.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = 'applications'"))
    bind.execute(
        sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('applications', :seq)"),
        {"seq": value},
    )


# The table keeps AUTOINCREMENT when SQLite's batch mode copies it.
TABLE_KWARGS = {"sqlite_autoincrement": True}


def _has_applications() -> bool:
    """Whether the table is there: a restore upgrades a staged backup first and then checks
    that every table exists, naming a missing one ("the backup is incomplete"); a batch
    alteration of a missing table would fail with a less useful error before that check."""
    return sa.inspect(op.get_bind()).has_table("applications")


def upgrade() -> None:
    if not _has_applications():
        return
    sequence = _sequence()
    with op.batch_alter_table("applications", table_kwargs=TABLE_KWARGS) as batch_op:
        batch_op.add_column(sa.Column("salary_min", SALARY, nullable=True))
        batch_op.add_column(sa.Column("salary_max", SALARY, nullable=True))
        batch_op.add_column(sa.Column("salary_currency", sa.String(length=3), nullable=True))
        batch_op.add_column(
            sa.Column(
                "salary_period",
                _enum("salary_period", "hour", "day", "week", "month", "year"),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column(
                "employment_type",
                _enum(
                    "employment_type",
                    "full-time",
                    "part-time",
                    "contract",
                    "temporary",
                    "internship",
                    "volunteer",
                    "per-diem",
                    "other",
                ),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column("workplace", _enum("workplace", "remote", "hybrid", "on-site"), nullable=True)
        )
        batch_op.add_column(sa.Column("posting_url", sa.String(length=2000), nullable=True))
        batch_op.add_column(sa.Column("canonical_url", sa.String(length=2000), nullable=True))
        batch_op.add_column(sa.Column("posting_key", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("posted_on", sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_applications_salary_range"),
            "salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max",
        )
        batch_op.create_index(op.f("ix_applications_posting_key"), ["posting_key"], unique=False)
    _restore_sequence(sequence)


def downgrade() -> None:
    if not _has_applications():
        return
    sequence = _sequence()
    with op.batch_alter_table("applications", table_kwargs=TABLE_KWARGS) as batch_op:
        batch_op.drop_index(op.f("ix_applications_posting_key"))
        for name in ("salary_range", "salary_period", "employment_type", "workplace"):
            batch_op.drop_constraint(op.f(f"ck_applications_{name}"), type_="check")
        for column in (
            "posted_on",
            "posting_key",
            "canonical_url",
            "posting_url",
            "workplace",
            "employment_type",
            "salary_period",
            "salary_currency",
            "salary_max",
            "salary_min",
        ):
            batch_op.drop_column(column)
    _restore_sequence(sequence)
