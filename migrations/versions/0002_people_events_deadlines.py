"""contacts, advising sessions (with takeaways), events, deadlines.

Action items of a session are deadlines of kind `action`; a deadline links to at most one
application, event or session (a CHECK, portable CASE arithmetic).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_contacts_organization_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contacts_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "hackathon",
                "sprint",
                "jam",
                "conference",
                "course",
                "other",
                name="event_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("host_id", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "interested",
                "signed-up",
                "participating",
                "submitted",
                "done",
                "skipped",
                name="event_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("team", sa.String(length=500), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on",
            name=op.f("ck_events_ends_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["host_id"],
            ["organizations.id"],
            name=op.f("fk_events_host_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_host_id"), ["host_id"], unique=False)

    op.create_table(
        "advisor_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("advisor_id", sa.Integer(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("notes_url", sa.String(length=2000), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["advisor_id"],
            ["contacts.id"],
            name=op.f("fk_advisor_sessions_advisor_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_advisor_sessions_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advisor_sessions")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("advisor_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_advisor_sessions_advisor_id"), ["advisor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_advisor_sessions_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "application_contacts",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column(
            "relation",
            sa.Enum(
                "referrer",
                "recruiter",
                "interviewer",
                "other",
                name="contact_relation",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_contacts_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_application_contacts_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "application_id", "contact_id", name=op.f("pk_application_contacts")
        ),
    )
    with op.batch_alter_table("application_contacts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_application_contacts_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "deadlines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "apply-by",
                "opens",
                "follow-up",
                "action",
                "event",
                "other",
                name="deadline_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("due_time", sa.Time(), nullable=True),
        sa.Column("due_zone", sa.String(length=64), nullable=True),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("remind_days", sa.Integer(), nullable=True),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(CASE WHEN application_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN event_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN session_id IS NULL THEN 0 ELSE 1 END) <= 1",
            name=op.f("ck_deadlines_one_link_at_most"),
        ),
        sa.CheckConstraint(
            "due_time IS NOT NULL OR due_zone IS NULL", name=op.f("ck_deadlines_zone_needs_time")
        ),
        sa.CheckConstraint(
            "remind_days IS NULL OR remind_days >= 0",
            name=op.f("ck_deadlines_remind_days_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_deadlines_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_deadlines_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["advisor_sessions.id"],
            name=op.f("fk_deadlines_session_id_advisor_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadlines")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_deadlines_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_deadlines_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_deadlines_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_deadlines_session_id"), ["session_id"], unique=False)

    op.create_table(
        "session_takeaways",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["advisor_sessions.id"],
            name=op.f("fk_session_takeaways_session_id_advisor_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_takeaways")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("session_takeaways", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_takeaways_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("session_takeaways", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_takeaways_session_id"))

    op.drop_table("session_takeaways")
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadlines_session_id"))
        batch_op.drop_index(batch_op.f("ix_deadlines_event_id"))
        batch_op.drop_index(batch_op.f("ix_deadlines_due_on"))
        batch_op.drop_index(batch_op.f("ix_deadlines_application_id"))

    op.drop_table("deadlines")
    with op.batch_alter_table("application_contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_contacts_contact_id"))

    op.drop_table("application_contacts")
    with op.batch_alter_table("advisor_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_advisor_sessions_organization_id"))
        batch_op.drop_index(batch_op.f("ix_advisor_sessions_advisor_id"))

    op.drop_table("advisor_sessions")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_host_id"))

    op.drop_table("events")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_organization_id"))

    op.drop_table("contacts")
