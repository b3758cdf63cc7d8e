"""The change log's tables (migration 0010). The database fills them itself: row triggers on
every table of the user's records (career.db.changes.install_triggers) write a `change_rows`
row for each row a statement inserts, updates or deletes while a `change_now` row names the
change being recorded (career.db.changes.begin_change / end_change).

- `changes`: one a write command (append-only): when (a UTC instant), the command
  ("career app rm"), a summary of its rows, and `undoes`, the change an undo reverted.
- `change_rows`: the rows of a change in the order they changed: table, key (the primary key's
  values, comma-separated), op ('insert', 'update', 'delete'), the row before and after as JSON
  text (built by the database: json_object on SQLite, to_jsonb on PostgreSQL).
- `change_now`: at most one row (`slot` is 1), the id of the change being recorded; it exists
  only inside a write transaction, so no other connection ever sees it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from career.db.base import Base, UTCDateTime, str_enum

CHANGE_OPS: tuple[str, ...] = ("insert", "update", "delete")


class Change(Base):
    """Append-only; no AUTOINCREMENT (nothing is ever removed but the row of a change that
    recorded nothing, in its own transaction), so that a command that changes nothing leaves
    every row as it was, `sqlite_sequence` included."""

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    command: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, server_default="")
    undoes: Mapped[int | None] = mapped_column(ForeignKey("changes.id"), index=True)


class ChangeRow(Base):
    __tablename__ = "change_rows"
    __table_args__ = (Index("ix_change_rows_table_name_row_id", "table_name", "row_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("changes.id", ondelete="CASCADE"), index=True)
    table_name: Mapped[str] = mapped_column(String(100))
    row_id: Mapped[str] = mapped_column(String(200))
    op: Mapped[str] = mapped_column(str_enum("change_op", CHANGE_OPS))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)


class ChangeNow(Base):
    __tablename__ = "change_now"
    __table_args__ = (CheckConstraint("slot = 1", name="one_row"),)

    slot: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    change_id: Mapped[int] = mapped_column(Integer)
