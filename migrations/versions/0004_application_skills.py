"""the skills an application asks for; an index on open deadlines for `career remind`.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "application_skills",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_skills_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_application_skills_skill_id_skills"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("application_id", "skill_id", name=op.f("pk_application_skills")),
    )
    with op.batch_alter_table("application_skills", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_application_skills_skill_id"), ["skill_id"], unique=False
        )
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.create_index("ix_deadlines_open", ["done_at", "due_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.drop_index("ix_deadlines_open")
    with op.batch_alter_table("application_skills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_skills_skill_id"))
    op.drop_table("application_skills")
