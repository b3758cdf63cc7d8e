"""keep in touch: a contact's cadence (`every_days`), the interactions the user logs, and
journal suggestions of kind "interaction" (a line naming a known contact).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


OLD_RECORD_KINDS = ("application", "session", "event", "deadline")
RECORD_KINDS = (*OLD_RECORD_KINDS, "interaction")


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True)


def _suggestion_kinds(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    with op.batch_alter_table("journal_suggestions", schema=None) as batch_op:
        batch_op.alter_column(
            "kind",
            existing_type=_enum("suggestion_kind", *old, "move"),
            type_=_enum("suggestion_kind", *new, "move"),
            existing_nullable=False,
        )
        batch_op.alter_column(
            "record_kind",
            existing_type=_enum("suggestion_record_kind", *old),
            type_=_enum("suggestion_record_kind", *new),
            existing_nullable=True,
        )


def upgrade() -> None:
    _suggestion_kinds(OLD_RECORD_KINDS, RECORD_KINDS)
    # Not a batch: SQLite adds a column (with its CHECK) in place, and a batch would reflect
    # `contacts` and its foreign key, which fails on a staged restore that lacks
    # `organizations` before the completeness check can name what is missing.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE contacts ADD COLUMN every_days INTEGER"
            " CONSTRAINT ck_contacts_every_days_range CHECK (every_days >= 0)"
        )
    else:
        op.add_column("contacts", sa.Column("every_days", sa.Integer(), nullable=True))
        op.create_check_constraint(
            op.f("ck_contacts_every_days_range"), "contacts", "every_days >= 0"
        )

    op.create_table(
        "interactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column(
            "via",
            sa.Enum(
                "email",
                "call",
                "video",
                "meeting",
                "message",
                "event",
                "other",
                name="interaction_via",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_interactions_application_id_applications"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_interactions_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interactions")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interactions_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_interactions_contact_id"), ["contact_id"], unique=False
        )


def downgrade() -> None:
    op.execute("DELETE FROM journal_suggestions WHERE kind = 'interaction'")
    op.execute(
        "UPDATE journal_suggestions SET record_kind = NULL, record_id = NULL"
        " WHERE record_kind = 'interaction'"
    )
    _suggestion_kinds(RECORD_KINDS, OLD_RECORD_KINDS)
    op.drop_table("interactions")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_contacts_every_days_range"), type_="check")
        batch_op.drop_column("every_days")
