"""The change triggers are a function of the live schema (career.db.changes.install_triggers):
every migration run ends by installing them, a column added later is recorded without code,
the journal's bulk tables carry none, and nothing is recorded outside a change."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from career.db import changes, migrate
from career.db.engine import Database, make_engine, open_database, parse_target, sql_execute


def _triggers(db: Database) -> dict[str, int]:
    """Change triggers by table."""
    with db.engine.connect() as conn:
        if db.is_sqlite:
            rows = conn.execute(
                text(
                    "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'"
                    " AND name LIKE 'career_change_%'"
                )
            ).fetchall()
        else:
            rows = conn.execute(
                text(
                    "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                    " WHERE NOT t.tgisinternal AND t.tgname LIKE 'career_change_%'"
                )
            ).fetchall()
    found: dict[str, int] = {}
    for (table,) in rows:
        found[table] = found.get(table, 0) + 1
    return found


def test_every_record_table_and_no_bulk_table_is_recorded(database: Database) -> None:
    found = _triggers(database)
    assert set(found.values()) == {3}  # insert, update, delete
    assert {
        "applications",
        "status_changes",
        "deadlines",
        "contacts",
        "organizations",
        "application_tags",
        "evidence_corrections",
        "journal_suggestions",
    } <= set(found)
    assert not set(found) & changes.UNTRACKED
    assert found["journal_links"] == 3  # its "source" rows only
    assert not any(name.startswith("journal_items_fts") for name in found)


def test_an_upgrade_from_an_older_revision_installs_them(db_url: str, home: Path) -> None:
    url = parse_target(db_url)
    migrate.run_upgrade(url, "0009")
    db = open_database(url)
    try:
        assert _triggers(db) == {}
        migrate.run_upgrade(url)
        assert len(_triggers(db)) > 10
    finally:
        db.dispose()


def test_a_column_added_later_is_recorded(database: Database) -> None:
    with database.engine.begin() as conn:
        conn.execute(text("ALTER TABLE organizations ADD COLUMN motto VARCHAR(100)"))
        changes.install_triggers(sql_execute(conn), conn.dialect.name)
    with database.session(write=True, command="career test") as session:
        session.execute(
            text(
                "INSERT INTO organizations (name, key, kind, created_at, motto)"
                " VALUES ('Acme', 'acme', 'company', '2024-04-20 09:00:00', 'go')"
            )
        )
    with database.engine.connect() as conn:
        (after,) = conn.execute(text("SELECT after FROM change_rows")).one()
        command = conn.execute(text("SELECT command FROM changes")).scalar()
    assert json.loads(after)["motto"] == "go"
    assert command == "career test"


def test_nothing_is_recorded_outside_a_change(database: Database, db_url: str) -> None:
    engine = make_engine(parse_target(db_url))
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO organizations (name, key, kind, created_at)"
                    " VALUES ('Acme', 'acme', 'company', '2024-04-20 09:00:00')"
                )
            )
        with database.session(write=True, record=False) as session:
            session.execute(text("UPDATE organizations SET name = 'ACME'"))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM change_rows")).scalar() == 0
            assert conn.execute(text("SELECT COUNT(*) FROM changes")).scalar() == 0
    finally:
        engine.dispose()
