"""evidence says which rule set its level and which words named the skill; the user's
corrections of evidence, keyed by skill, day and line text.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("skill_evidence", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("rule", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("matched", sa.String(length=200), server_default="", nullable=False)
        )

    op.create_table(
        "evidence_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("skill", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("line_key", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "reject",
                "set",
                name="correction_action",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("computed_level", sa.Integer(), nullable=False),
        sa.Column("computed_signal", sa.String(length=200), nullable=False),
        sa.Column("computed_rule", sa.String(length=200), nullable=False),
        sa.Column("computed_matched", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(action = 'set' AND level IS NOT NULL AND level >= 0 AND level <= 4)"
            " OR (action = 'reject' AND level IS NULL)",
            name=op.f("ck_evidence_corrections_level_fits_action"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_corrections")),
        sa.UniqueConstraint(
            "day", "line_key", "skill", name=op.f("uq_evidence_corrections_day_line_key_skill")
        ),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("evidence_corrections")
    with op.batch_alter_table("skill_evidence", schema=None) as batch_op:
        batch_op.drop_column("matched")
        batch_op.drop_column("rule")
