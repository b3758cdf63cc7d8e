"""The journal's tables: sources (files), entries (days), items (lines), the skill taxonomy and
its evidence, links from lines to records, and suggestions.

- A source is one file, unique by its absolute path; `root` is the path the user gave (a file
  or a folder) so that `career journal import` without a path can find new files there.
- An entry is one day of one source (unique per source and day); `gone_at` marks a day that
  disappeared from its file: kept, with its evidence, until `career journal prune`.
- Items are the day's lines in order (`position`); evidence, links and suggestions point at an
  item, so that every claim cites a file and a line.
- A suggestion is unique by `key` (kind + identity + source, see career.journal.linker),
  whatever its status: an accepted or dismissed one is never suggested again. A "move"
  suggestion's record is the application it moves (`record_kind` "application").
- An evidence correction (`career evidence reject|set`) is unique by what survives a re-import:
  the skill's name, the day, and the hash of the line's text (`line_key`); it holds no foreign
  key, so that it outlives the rows a re-import deletes and rewrites.
- The lines' search index is not a model: migration 0007 makes it (an FTS5 table and triggers
  on SQLite, a pg_trgm index on PostgreSQL) and `SEARCH_INDEX_NAMES` keeps Alembic's comparison
  of models and schema off it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from career.db.base import Base, UTCDateTime, str_enum
from career.journal.document import FORMATS, SECTIONS
from career.journal.vocab import (
    CORRECTION_ACTIONS,
    LINK_KINDS,
    RECORD_KINDS,
    SUGGESTION_KINDS,
    SUGGESTION_STATUSES,
)

# The search index of `journal_items.text` (migration 0007): the FTS5 table (and its shadow
# tables and triggers, named after it) on SQLite, the trigram index on PostgreSQL.
SEARCH_INDEX_NAMES = ("journal_items_fts", "ix_journal_items_text_trgm")


def outside_models(name: str | None) -> bool:
    """True for a schema object of the search index, which no model describes."""
    return name is not None and name.startswith(SEARCH_INDEX_NAMES)


# The record a "source" link points at: one at most. A mention names its organization by key
# (`org_key`, career.pipeline.vocab.name_key), matched against organizations' names and
# aliases when read, so that it holds before the organization is recorded and after a merge.
ONE_TARGET_AT_MOST = (
    "(CASE WHEN application_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN event_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN session_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN deadline_id IS NULL THEN 0 ELSE 1 END) <= 1"
)


class JournalSource(Base):
    __tablename__ = "journal_sources"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(String(4000), unique=True)
    name: Mapped[str] = mapped_column(String(4000))
    format: Mapped[str] = mapped_column(str_enum("journal_format", FORMATS))
    root: Mapped[str] = mapped_column(String(4000))
    # The --format the root was imported with ("auto" unless forced): a re-import reuses it.
    root_format: Mapped[str] = mapped_column(str_enum("journal_root_format", ("auto", *FORMATS)))
    content_hash: Mapped[str] = mapped_column(String(64))
    # What the evidence and links were computed with (taxonomy, known organizations): a change
    # re-reads the file even when its bytes did not change.
    analysis_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())


class JournalEntry(Base):
    __tablename__ = "journal_entries"
    __table_args__ = (
        UniqueConstraint("source_id", "day"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("journal_sources.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(Date, index=True)
    line: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(String(1000))
    text_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    gone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class JournalItem(Base):
    __tablename__ = "journal_items"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("journal_entries.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    line: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    section: Mapped[str] = mapped_column(str_enum("journal_section", SECTIONS))
    depth: Mapped[int] = mapped_column(Integer)
    parent_position: Mapped[int | None] = mapped_column(Integer)
    checked: Mapped[bool | None] = mapped_column(Boolean)


class Skill(Base):
    __tablename__ = "skills"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    category: Mapped[str] = mapped_column(String(200))
    user_defined: Mapped[bool] = mapped_column(Boolean)


class SkillEvidence(Base):
    __tablename__ = "skill_evidence"
    __table_args__ = (
        UniqueConstraint("skill_id", "item_id"),
        CheckConstraint("level >= 0 AND level <= 4", name="level_range"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # No index of its own: the unique (skill_id, item_id) serves lookups by skill.
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(
        ForeignKey("journal_items.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(Date, index=True)
    level: Mapped[int] = mapped_column(Integer)
    signal: Mapped[str] = mapped_column(String(200))
    # Which rule set the level, and the words of the line that named the skill (`evidence why`).
    rule: Mapped[str] = mapped_column(String(200), server_default="")
    matched: Mapped[str] = mapped_column(String(200), server_default="")


class EvidenceCorrection(Base):
    """The user's correction of one (skill, day, line): rejected, or set to a level. What was
    computed when it was made is kept, so that `career evidence restore` can put it back."""

    __tablename__ = "evidence_corrections"
    __table_args__ = (
        # Day first: the import reads the corrections of the days it writes.
        UniqueConstraint("day", "line_key", "skill"),
        CheckConstraint(
            "(action = 'set' AND level IS NOT NULL AND level >= 0 AND level <= 4)"
            " OR (action = 'reject' AND level IS NULL)",
            name="level_fits_action",
        ),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    skill: Mapped[str] = mapped_column(String(200))
    day: Mapped[date] = mapped_column(Date)
    # SHA-256 of the line's text, whitespace collapsed and case folded (career.journal.importer).
    line_key: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)  # the line when corrected, for display
    action: Mapped[str] = mapped_column(str_enum("correction_action", CORRECTION_ACTIONS))
    level: Mapped[int | None] = mapped_column(Integer)
    computed_level: Mapped[int] = mapped_column(Integer)
    computed_signal: Mapped[str] = mapped_column(String(200))
    computed_rule: Mapped[str] = mapped_column(String(200))
    computed_matched: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class JournalLink(Base):
    __tablename__ = "journal_links"
    __table_args__ = (
        CheckConstraint(ONE_TARGET_AT_MOST, name="one_target_at_most"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("journal_items.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(str_enum("journal_link_kind", LINK_KINDS))
    # The organization mentioned (as the linker names it, and its name_key).
    org_name: Mapped[str | None] = mapped_column(String(200))
    org_key: Mapped[str | None] = mapped_column(String(200), index=True)
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("advisor_sessions.id", ondelete="CASCADE"), index=True
    )
    deadline_id: Mapped[int | None] = mapped_column(
        ForeignKey("deadlines.id", ondelete="CASCADE"), index=True
    )


class JournalSuggestion(Base):
    __tablename__ = "journal_suggestions"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(str_enum("suggestion_kind", SUGGESTION_KINDS))
    key: Mapped[str] = mapped_column(String(1000), unique=True)
    status: Mapped[str] = mapped_column(str_enum("suggestion_status", SUGGESTION_STATUSES))
    # What accept would create: a JSON object of strings and lists of strings.
    fields: Mapped[str] = mapped_column(Text)
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("journal_items.id", ondelete="SET NULL"), index=True
    )
    day: Mapped[date] = mapped_column(Date)
    record_kind: Mapped[str | None] = mapped_column(
        str_enum("suggestion_record_kind", RECORD_KINDS)
    )
    record_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
