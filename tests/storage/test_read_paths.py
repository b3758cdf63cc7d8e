"""The shared read queries give the same answer through sqlite3 (the fast path) and through a
SQLAlchemy session (PostgreSQL, and SQLite when the schema must be created or upgraded)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from career.db import sqlite as lite
from career.db.engine import Database, session_fetch
from career.db.sql import SessionSql
from career.errors import NotFound
from career.pipeline import queries, writes
from career.pipeline.writes import NewApplication as New

FILTERS: list[dict[str, Any]] = [
    {},
    {"include_closed": True},
    {"statuses": ["rejected", "interested"]},
    {"kinds": ["fellowship"]},
    {"tags": ["remote"]},
    {"tags": ["remote", "lead"], "include_closed": True},
    {"organization": "far ai"},
    {"organization": "80k", "include_closed": True},
]


@pytest.fixture
def populated(database: Database) -> Database:
    with database.session(write=True) as s:
        a = writes.add_application(
            SessionSql(s), New.checked("FAR.AI", "tech lead", tags=["remote", "lead"])
        ).application
        b = writes.add_application(
            SessionSql(s), New.checked("SPAR", kind="fellowship", status="interested")
        ).application
        c = writes.add_application(
            SessionSql(s), New.checked("80,000 Hours", "advising", tags=["remote"])
        ).application
        writes.add_application(
            SessionSql(s), New.checked("Redwood", "MTS", excitement=4, notes='x, "y"\nz')
        )
        writes.move_application(SessionSql(s), c.id, "rejected")
        writes.move_application(SessionSql(s), a.id, "screening")
        writes.edit_application(
            SessionSql(s), b.id, writes.ApplicationChanges(url="https://spar.example")
        )
        from career.overview.service import add_alias

        add_alias(SessionSql(s), "80,000 Hours", "80k")
    return database


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("filters", FILTERS, ids=[str(f) for f in FILTERS])
def test_fast_path_and_sqlalchemy_path_agree(populated: Database, filters: dict[str, Any]) -> None:
    with populated.session() as session:
        through_sqlalchemy = queries.list_applications(session_fetch(session), **filters)
    path = Path(str(populated.url.database))
    conn = lite.open_current(path)
    assert conn is not None
    try:
        through_sqlite3 = queries.list_applications(lite.fetcher(conn, path), **filters)
    finally:
        conn.close()
    assert through_sqlite3 == through_sqlalchemy
    assert through_sqlite3  # every filter above matches something


def test_listing_filters_and_order(populated: Database) -> None:
    with populated.session() as session:
        fetch = session_fetch(session)
        active = queries.list_applications(fetch)
        assert [(v.organization, v.status) for v in active] == [
            ("SPAR", "interested"),
            ("Redwood", "applied"),
            ("FAR.AI", "screening"),
        ]
        by_alias = queries.list_applications(fetch, organization="80k", include_closed=True)
        assert [v.organization for v in by_alias] == ["80,000 Hours"]
        with pytest.raises(NotFound):
            queries.list_applications(fetch, organization="Nobody")


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_fast_path_is_not_taken_for_a_file_that_is_behind(
    populated: Database, tmp_path: Path
) -> None:
    path = Path(str(populated.url.database))
    populated.dispose()
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'old'")
    conn.commit()
    conn.close()
    assert lite.open_current(path) is None
    assert lite.open_current(tmp_path / "missing.db") is None
    assert not (tmp_path / "missing.db").exists()
