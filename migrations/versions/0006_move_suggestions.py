"""journal suggestions of kind "move": a status move of (or a note on) an application that
exists already.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RECORD_KINDS = ("application", "session", "event", "deadline")


def _kind(*values: str) -> sa.Enum:
    return sa.Enum(*values, name="suggestion_kind", native_enum=False, create_constraint=True)


def upgrade() -> None:
    with op.batch_alter_table("journal_suggestions", schema=None) as batch_op:
        batch_op.alter_column(
            "kind",
            existing_type=_kind(*RECORD_KINDS),
            type_=_kind(*RECORD_KINDS, "move"),
            existing_nullable=False,
        )


def downgrade() -> None:
    op.execute("DELETE FROM journal_suggestions WHERE kind = 'move'")
    with op.batch_alter_table("journal_suggestions", schema=None) as batch_op:
        batch_op.alter_column(
            "kind",
            existing_type=_kind(*RECORD_KINDS, "move"),
            type_=_kind(*RECORD_KINDS),
            existing_nullable=False,
        )
