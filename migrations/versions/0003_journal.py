"""the journal: sources, entries (days), items (lines), skills, evidence, links, suggestions.

A day is unique per source; evidence is unique per skill and line; a suggestion is unique by
its key whatever its status (an accepted or dismissed one never returns); a link points at one
record at most (a CHECK, portable CASE arithmetic), a mention names its organization by key.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "journal_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=4000), nullable=False),
        sa.Column("name", sa.String(length=4000), nullable=False),
        sa.Column(
            "format",
            sa.Enum(
                "daily-log",
                "obsidian",
                "logseq",
                "jrnl",
                "jrnl-json",
                name="journal_format",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("root", sa.String(length=4000), nullable=False),
        sa.Column(
            "root_format",
            sa.Enum(
                "auto",
                "daily-log",
                "obsidian",
                "logseq",
                "jrnl",
                "jrnl-json",
                name="journal_root_format",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("analysis_hash", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_sources")),
        sa.UniqueConstraint("path", name=op.f("uq_journal_sources_path")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "skills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=200), nullable=False),
        sa.Column("user_defined", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skills")),
        sa.UniqueConstraint("name", name=op.f("uq_skills_name")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "journal_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=1000), nullable=True),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("gone_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["journal_sources.id"],
            name=op.f("fk_journal_entries_source_id_journal_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_entries")),
        sa.UniqueConstraint("source_id", "day", name=op.f("uq_journal_entries_source_id_day")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("journal_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_journal_entries_day"), ["day"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_journal_entries_source_id"), ["source_id"], unique=False
        )

    op.create_table(
        "journal_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "section",
            sa.Enum(
                "goal",
                "done",
                "note",
                "task",
                name="journal_section",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("parent_position", sa.Integer(), nullable=True),
        sa.Column("checked", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["journal_entries.id"],
            name=op.f("fk_journal_items_entry_id_journal_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_items")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("journal_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_journal_items_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "journal_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "application",
                "session",
                "event",
                "deadline",
                name="suggestion_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("key", sa.String(length=1000), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "accepted",
                "dismissed",
                name="suggestion_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "record_kind",
            sa.Enum(
                "application",
                "session",
                "event",
                "deadline",
                name="suggestion_record_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["journal_items.id"],
            name=op.f("fk_journal_suggestions_item_id_journal_items"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_suggestions")),
        sa.UniqueConstraint("key", name=op.f("uq_journal_suggestions_key")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("journal_suggestions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_journal_suggestions_item_id"), ["item_id"], unique=False
        )

    op.create_table(
        "skill_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("signal", sa.String(length=200), nullable=False),
        sa.CheckConstraint("level >= 0 AND level <= 4", name=op.f("ck_skill_evidence_level_range")),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["journal_items.id"],
            name=op.f("fk_skill_evidence_item_id_journal_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_skill_evidence_skill_id_skills"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill_evidence")),
        sa.UniqueConstraint("skill_id", "item_id", name=op.f("uq_skill_evidence_skill_id_item_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("skill_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_skill_evidence_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_skill_evidence_item_id"), ["item_id"], unique=False)

    op.create_table(
        "journal_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "mention",
                "source",
                name="journal_link_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("org_name", sa.String(length=200), nullable=True),
        sa.Column("org_key", sa.String(length=200), nullable=True),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("deadline_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(CASE WHEN application_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN event_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN session_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN deadline_id IS NULL THEN 0 ELSE 1 END) <= 1",
            name=op.f("ck_journal_links_one_target_at_most"),
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_journal_links_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["deadline_id"],
            ["deadlines.id"],
            name=op.f("fk_journal_links_deadline_id_deadlines"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_journal_links_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["journal_items.id"],
            name=op.f("fk_journal_links_item_id_journal_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["advisor_sessions.id"],
            name=op.f("fk_journal_links_session_id_advisor_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_links")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("journal_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_journal_links_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_journal_links_deadline_id"), ["deadline_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_journal_links_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_journal_links_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_journal_links_org_key"), ["org_key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_journal_links_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("journal_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journal_links_session_id"))
        batch_op.drop_index(batch_op.f("ix_journal_links_org_key"))
        batch_op.drop_index(batch_op.f("ix_journal_links_item_id"))
        batch_op.drop_index(batch_op.f("ix_journal_links_event_id"))
        batch_op.drop_index(batch_op.f("ix_journal_links_deadline_id"))
        batch_op.drop_index(batch_op.f("ix_journal_links_application_id"))

    op.drop_table("journal_links")
    with op.batch_alter_table("skill_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skill_evidence_item_id"))
        batch_op.drop_index(batch_op.f("ix_skill_evidence_day"))

    op.drop_table("skill_evidence")
    with op.batch_alter_table("journal_suggestions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journal_suggestions_item_id"))

    op.drop_table("journal_suggestions")
    with op.batch_alter_table("journal_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journal_items_entry_id"))

    op.drop_table("journal_items")
    with op.batch_alter_table("journal_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journal_entries_source_id"))
        batch_op.drop_index(batch_op.f("ix_journal_entries_day"))

    op.drop_table("journal_entries")
    op.drop_table("skills")
    op.drop_table("journal_sources")
