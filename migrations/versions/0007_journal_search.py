"""full-text search of the journal's lines: an FTS5 trigram index on SQLite, kept in step with
`journal_items` by triggers; a pg_trgm GIN index on PostgreSQL where the extension can be had.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29

The index finds candidate lines; career.journal.queries.search_lines decides (a literal,
case-folded match in Python), so both backends answer the same whatever the index folds.

- SQLite: `journal_items_fts` is an external-content FTS5 table (it stores only the index, the
  text stays in `journal_items`) with the trigram tokenizer, so any substring of three
  characters or more is found, punctuation included. Triggers keep it in step with every
  insert, delete (also a day's lines deleted by a cascade, as `journal prune` does) and change
  of a line's text; the upgrade builds it for the lines already recorded. A SQLite built without
  FTS5 or its trigram tokenizer (older than 3.34) gets no index: search reads every line.
- PostgreSQL: `CREATE EXTENSION pg_trgm` needs a superuser or, pg_trgm being a trusted
  extension since PostgreSQL 13, the CREATE privilege on the database. It is tried under a
  savepoint; where it fails there is no index, and search reads every line (same answers).

A later migration that rebuilds `journal_items` (batch mode on SQLite copies and drops it) drops
these triggers with it and must create them again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS = "journal_items_fts"
TRGM_INDEX = "ix_journal_items_text_trgm"

SQLITE_UP = (
    f"CREATE VIRTUAL TABLE {FTS} USING fts5("
    "text, content='journal_items', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON journal_items BEGIN"
    f" INSERT INTO {FTS}(rowid, text) VALUES (new.id, new.text); END",
    f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON journal_items BEGIN"
    f" INSERT INTO {FTS}({FTS}, rowid, text) VALUES ('delete', old.id, old.text); END",
    f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF text ON journal_items"
    " WHEN old.text IS NOT new.text BEGIN"
    f" INSERT INTO {FTS}({FTS}, rowid, text) VALUES ('delete', old.id, old.text);"
    f" INSERT INTO {FTS}(rowid, text) VALUES (new.id, new.text); END",
)
# The lines recorded before the upgrade. Only when there are some: SQLite (3.40) cannot roll back
# to a savepoint taken before an FTS5 table was created and written.
SQLITE_REBUILD = f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')"
SQLITE_DOWN = (
    f"DROP TRIGGER IF EXISTS {FTS}_au",
    f"DROP TRIGGER IF EXISTS {FTS}_ad",
    f"DROP TRIGGER IF EXISTS {FTS}_ai",
    f"DROP TABLE IF EXISTS {FTS}",
)


def _sqlite_has_trigram(bind: sa.Connection) -> bool:
    try:
        bind.exec_driver_sql(
            "CREATE VIRTUAL TABLE temp.career_fts_probe USING fts5(x, tokenize='trigram')"
        )
    except sa.exc.OperationalError:
        return False
    bind.exec_driver_sql("DROP TABLE temp.career_fts_probe")
    return True


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        if _sqlite_has_trigram(bind):
            for statement in SQLITE_UP:
                op.execute(statement)
            if bind.exec_driver_sql("SELECT 1 FROM journal_items LIMIT 1").first():
                op.execute(SQLITE_REBUILD)
    elif bind.dialect.name == "postgresql":
        try:
            with bind.begin_nested():
                bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except sa.exc.DBAPIError:
            return  # no trigram index: search reads every line
        op.execute(f"CREATE INDEX {TRGM_INDEX} ON journal_items USING gin (text gin_trgm_ops)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {TRGM_INDEX}")
