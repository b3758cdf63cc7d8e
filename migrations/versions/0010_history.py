"""the change log: `changes` (one a write command), `change_rows` (the rows each changed, before
and after as JSON) and `change_now` (the change being recorded). The row triggers that fill
`change_rows` are no part of a migration: migrations/env.py installs them from the live schema
after every upgrade (career.db.changes.install_triggers).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from career.db.changes import remove_triggers
from career.db.engine import sql_execute

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("command", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), server_default="", nullable=False),
        sa.Column("undoes", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["undoes"], ["changes.id"], name=op.f("fk_changes_undoes_changes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_changes")),
    )
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_changes_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_changes_undoes"), ["undoes"], unique=False)

    op.create_table(
        "change_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=100), nullable=False),
        sa.Column("row_id", sa.String(length=200), nullable=False),
        sa.Column(
            "op",
            sa.Enum(
                "insert",
                "update",
                "delete",
                name="change_op",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["change_id"],
            ["changes.id"],
            name=op.f("fk_change_rows_change_id_changes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_rows")),
    )
    with op.batch_alter_table("change_rows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_rows_change_id"), ["change_id"], unique=False)
        batch_op.create_index(
            "ix_change_rows_table_name_row_id", ["table_name", "row_id"], unique=False
        )

    op.create_table(
        "change_now",
        sa.Column("slot", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("slot = 1", name=op.f("ck_change_now_one_row")),
        sa.PrimaryKeyConstraint("slot", name=op.f("pk_change_now")),
    )


def downgrade() -> None:
    # The triggers write into these tables: they go first (env.py installs none without them).
    bind = op.get_bind()
    remove_triggers(sql_execute(bind), bind.dialect.name)
    op.drop_table("change_now")
    op.drop_table("change_rows")
    op.drop_table("changes")
