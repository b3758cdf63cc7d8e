"""pipeline: organizations (with aliases), applications, tags and status history.

Instants are UTC in plain DateTime columns (career.db.base.UTCDateTime); enums are VARCHARs
with named CHECK constraints.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "organizations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "company",
                "lab",
                "program",
                "advisor",
                "host",
                "other",
                name="organization_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
        sa.UniqueConstraint("key", name=op.f("uq_organizations_key")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=300), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "job",
                "fellowship",
                "program",
                "grant",
                "other",
                name="application_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "interested",
                "preparing",
                "applied",
                "screening",
                "interviewing",
                "offer",
                "accepted",
                "declined",
                "rejected",
                "withdrawn",
                "ghosted",
                name="application_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("applied_on", sa.Date(), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("excitement", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "excitement BETWEEN 1 AND 5", name=op.f("ck_applications_excitement_range")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_applications_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_applications_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index("ix_applications_status", ["status"], unique=False)

    op.create_table(
        "organization_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_aliases_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_aliases")),
        sa.UniqueConstraint("key", name=op.f("uq_organization_aliases_key")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("organization_aliases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organization_aliases_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "application_tags",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_tags_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("application_id", "tag", name=op.f("pk_application_tags")),
    )
    op.create_table(
        "status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column(
            "from_status",
            sa.Enum(
                "interested",
                "preparing",
                "applied",
                "screening",
                "interviewing",
                "offer",
                "accepted",
                "declined",
                "rejected",
                "withdrawn",
                "ghosted",
                name="status_change_from",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "interested",
                "preparing",
                "applied",
                "screening",
                "interviewing",
                "offer",
                "accepted",
                "declined",
                "rejected",
                "withdrawn",
                "ghosted",
                name="status_change_to",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_status_changes_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_changes")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_status_changes_application_id"), ["application_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_changes_application_id"))

    op.drop_table("status_changes")
    op.drop_table("application_tags")
    with op.batch_alter_table("organization_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organization_aliases_organization_id"))

    op.drop_table("organization_aliases")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("ix_applications_status")
        batch_op.drop_index(batch_op.f("ix_applications_organization_id"))

    op.drop_table("applications")
    op.drop_table("organizations")
