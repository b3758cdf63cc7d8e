"""Pruning what the journal import found gone (career.journal.store writes what it finds).

Takes an open Session and returns data; nothing here prints. A day that is no longer in its
file was marked gone by the import and kept; `prune` deletes it with its lines, evidence and
pending suggestions, and a source left with no day whose file is gone.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

import career.models  # noqa: F401  (the whole schema, for the ORM's foreign keys)
from career.db.sql import SessionSql, chunked
from career.journal import suggestion_store
from career.journal.models import JournalEntry, JournalSource
from career.journal.views import GoneDay, Pruned


def prune(session: Session) -> Pruned:
    """Delete the days that disappeared from their files (with their lines and evidence), and
    sources left with no day whose file is gone."""
    rows = session.execute(
        select(JournalEntry.id, JournalSource.name, JournalEntry.day)
        .join(JournalSource, JournalSource.id == JournalEntry.source_id)
        .where(JournalEntry.gone_at.is_not(None))
        .order_by(JournalSource.name, JournalEntry.day)
    ).all()
    for chunk in chunked([entry_id for entry_id, _, _ in rows]):
        session.execute(delete(JournalEntry).where(JournalEntry.id.in_(chunk)))
    suggestion_store.drop_orphans(SessionSql(session))
    for source in session.scalars(select(JournalSource)):
        has_days = session.scalar(
            select(JournalEntry.id).where(JournalEntry.source_id == source.id).limit(1)
        )
        if has_days is None and not Path(source.path).exists():
            session.delete(source)
    return Pruned(days=[GoneDay(name, day) for _, name, day in rows])
