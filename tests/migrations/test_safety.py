"""Migrations that fail, batch migrations on SQLite, automatic upgrades with backups."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from career.db import migrate
from career.db.engine import make_engine, open_database, parse_target
from career.db.sqlite import SCHEMA_HEAD as HEAD
from career.errors import SchemaBehind, StorageError
from tests.conftest import snapshot
from tests.migrations.conftest import add_revision

SEED = """
INSERT INTO organizations (id, name, key, kind, created_at)
    VALUES (1, 'FAR.AI', 'farai', 'lab', '2024-04-01 10:00:00');
INSERT INTO organization_aliases (id, organization_id, alias, key)
    VALUES (1, 1, 'FAR AI Labs', 'farailabs');
INSERT INTO applications (id, organization_id, role, kind, status, applied_on, created_at,
                          updated_at)
    VALUES (1, 1, 'tech lead', 'job', 'screening', '2024-04-19', '2024-04-19 10:00:00',
            '2024-04-22 10:00:00');
INSERT INTO application_tags (application_id, tag) VALUES (1, 'ai-safety');
INSERT INTO status_changes (id, application_id, from_status, to_status, changed_on, recorded_at)
    VALUES (1, 1, NULL, 'applied', '2024-04-19', '2024-04-19 10:00:00'),
           (2, 1, 'applied', 'screening', '2024-04-22', '2024-04-22 10:00:00');
"""


def seed(url: str) -> None:
    engine = make_engine(parse_target(url))
    with engine.begin() as conn:
        for statement in SEED.split(";"):
            if statement.strip():
                conn.execute(text(statement))
    engine.dispose()


def schema_and_data(url: str) -> object:
    """Everything a failed migration must not touch: table list, columns, rows, version."""
    engine = make_engine(parse_target(url))
    from sqlalchemy import inspect

    with engine.connect() as conn:
        insp = inspect(conn)
        shape = {
            t: sorted((c["name"], str(c["type"])) for c in insp.get_columns(t))
            for t in sorted(insp.get_table_names())
        }
    engine.dispose()
    return shape, snapshot(url) if "://" in url else _sqlite_rows(url)


def _sqlite_rows(url: str) -> object:
    conn = sqlite3.connect(url)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
    finally:
        conn.close()


@pytest.fixture
def at_head(db_url: str, home: Path) -> str:
    migrate.run_upgrade(parse_target(db_url))
    seed(db_url)
    return db_url


BROKEN = """
op.add_column("applications", sa.Column("priority", sa.Integer()))
op.create_table("junk", sa.Column("id", sa.Integer(), primary_key=True))
op.execute("UPDATE applications SET notes = 'touched'")
op.execute("DELETE FROM status_changes")
raise RuntimeError("injected failure half-way")
"""

FIXED = """
op.add_column("applications", sa.Column("priority", sa.Integer()))
op.execute("UPDATE applications SET priority = 3")
"""


def test_failed_migration_leaves_schema_version_and_data_as_before(
    at_head: str, scratch_migrations: Path
) -> None:
    url = parse_target(at_head)
    before = schema_and_data(at_head)
    add_revision(scratch_migrations, "0099", migrate.SCHEMA_HEAD, BROKEN)

    with pytest.raises(StorageError, match="injected failure half-way"):
        migrate.run_upgrade(url, location=scratch_migrations)

    assert schema_and_data(at_head) == before
    db = open_database(url)
    assert migrate.current_revision(db) == migrate.SCHEMA_HEAD
    db.dispose()

    add_revision(scratch_migrations, "0099", migrate.SCHEMA_HEAD, FIXED)
    migrate.run_upgrade(url, location=scratch_migrations)
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT priority FROM applications")).scalar() == 3
        assert conn.execute(text("SELECT count(*) FROM status_changes")).scalar() == 2
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0099"
    engine.dispose()


RECREATE_PARENT = """
with op.batch_alter_table("applications", recreate="always") as batch:
    batch.add_column(sa.Column("priority", sa.Integer()))
"""


def child_counts(url: str) -> tuple[int, int]:
    conn = sqlite3.connect(url)
    try:
        return (
            conn.execute("SELECT count(*) FROM status_changes").fetchone()[0],
            conn.execute("SELECT count(*) FROM application_tags").fetchone()[0],
        )
    finally:
        conn.close()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_batch_migration_recreating_a_parent_keeps_its_cascading_children(
    at_head: str, scratch_migrations: Path
) -> None:
    assert child_counts(at_head) == (2, 1)
    add_revision(scratch_migrations, "0099", migrate.SCHEMA_HEAD, RECREATE_PARENT)

    migrate.run_upgrade(parse_target(at_head), location=scratch_migrations)

    assert child_counts(at_head) == (2, 1)
    conn = sqlite3.connect(at_head)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_same_batch_migration_with_foreign_keys_on_would_delete_the_children(
    at_head: str, scratch_migrations: Path
) -> None:
    """The control for the test above: it fails if foreign keys were left on."""
    from alembic import command

    add_revision(scratch_migrations, "0099", migrate.SCHEMA_HEAD, RECREATE_PARENT)
    url = parse_target(at_head)
    engine = make_engine(url, foreign_keys=True)
    with engine.connect() as conn:
        config = migrate.alembic_config(url, scratch_migrations)
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    engine.dispose()
    assert child_counts(at_head) == (0, 0)


DANGLING = """
op.execute("INSERT INTO status_changes (application_id, to_status, changed_on, recorded_at) "
           "VALUES (404, 'applied', '2024-04-01', '2024-04-01 00:00:00')")
"""


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_migration_that_breaks_a_foreign_key_is_rolled_back(
    at_head: str, scratch_migrations: Path
) -> None:
    before = schema_and_data(at_head)
    add_revision(scratch_migrations, "0099", migrate.SCHEMA_HEAD, DANGLING)
    with pytest.raises(StorageError, match="broken foreign key"):
        migrate.run_upgrade(parse_target(at_head), location=scratch_migrations)
    assert schema_and_data(at_head) == before


ADD_COLUMN = """
op.add_column("applications", sa.Column("priority", sa.Integer()))
"""


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_an_existing_sqlite_file_is_backed_up_then_upgraded_automatically(
    at_head: str, scratch_migrations: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_revision(scratch_migrations, "0099", migrate.SCHEMA_HEAD, ADD_COLUMN)
    monkeypatch.setattr(migrate, "script_location", lambda: scratch_migrations)
    monkeypatch.setattr(migrate, "SCHEMA_HEAD", "0099")

    db = open_database(parse_target(at_head))
    migrate.prepare(db)
    assert migrate.current_revision(db) == "0099"
    db.dispose()

    backups = sorted((home / "backups").iterdir())
    assert len(backups) == 1
    assert f"pre-upgrade-{HEAD}" in backups[0].name
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
    assert copy.execute("SELECT role FROM applications").fetchall() == [("tech lead",)]
    copy.close()


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_postgres_behind_is_an_error_naming_db_upgrade(
    at_head: str, scratch_migrations: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_revision(scratch_migrations, "0099", migrate.SCHEMA_HEAD, ADD_COLUMN)
    monkeypatch.setattr(migrate, "script_location", lambda: scratch_migrations)
    monkeypatch.setattr(migrate, "SCHEMA_HEAD", "0099")
    db = open_database(parse_target(at_head))
    with pytest.raises(SchemaBehind, match="run `career db upgrade`"):
        migrate.prepare(db)
    assert migrate.current_revision(db) == HEAD  # nothing was migrated implicitly
    assert migrate.upgrade(db) == (HEAD, "0099")
    migrate.prepare(db)
    db.dispose()


# What each revision's tables hold in the upgrade test: seeded at that revision, then every
# later migration must carry it over unchanged.
SEEDS: dict[str, str] = {
    "0001": SEED,
    "0002": """
INSERT INTO contacts (id, name, organization_id, role, email, created_at)
    VALUES (1, 'Ada Advisor', 1, 'advisor', 'ada@example.org', '2024-04-17 10:00:00');
INSERT INTO application_contacts (application_id, contact_id, relation) VALUES (1, 1, 'referrer');
INSERT INTO advisor_sessions (id, organization_id, advisor_id, held_on, summary, created_at)
    VALUES (1, 1, 1, '2024-04-17', 'on a reasonable path', '2024-04-17 10:00:00');
INSERT INTO session_takeaways (id, session_id, position, text) VALUES (1, 1, 1, 'apply early');
INSERT INTO events (id, name, kind, host_id, starts_on, ends_on, status, created_at, updated_at)
    VALUES (1, 'Alignment jam', 'jam', 1, '2024-05-03', '2024-05-05', 'signed-up',
            '2024-04-17 10:00:00', '2024-04-17 10:00:00');
INSERT INTO deadlines (id, title, kind, due_on, session_id, created_at)
    VALUES (1, 'apply to two SWE roles', 'action', '2024-05-01', 1, '2024-04-17 10:00:00');
""",
    "0003": """
INSERT INTO journal_sources (id, path, name, format, root, root_format, content_hash,
                             analysis_hash, imported_at)
    VALUES (1, '/home/me/notes/daily.md', 'daily.md', 'daily-log', '/home/me/notes/daily.md',
            'auto', 'c0ffee', 'beef', '2024-04-20 09:00:00');
INSERT INTO journal_entries (id, source_id, day, line, title, text_hash, text, gone_at,
                             created_at, updated_at)
    VALUES (1, 1, '2024-04-19', 32, NULL, 'f00d', '- applied to FAR.AI tech lead job', NULL,
            '2024-04-20 09:00:00', '2024-04-20 09:00:00');
INSERT INTO journal_items (id, entry_id, position, line, text, section, depth, parent_position,
                           checked)
    VALUES (1, 1, 0, 41, 'applied to FAR.AI tech lead job', 'done', 0, NULL, NULL);
INSERT INTO skills (id, name, category, user_defined) VALUES (1, 'DPO', 'alignment', FALSE);
INSERT INTO skill_evidence (id, skill_id, item_id, day, level, signal)
    VALUES (1, 1, 1, '2024-04-19', 1, 'read');
INSERT INTO journal_links (id, item_id, kind, org_name, org_key, application_id)
    VALUES (1, 1, 'source', NULL, NULL, 1);
INSERT INTO journal_suggestions (id, kind, key, status, fields, item_id, day, record_kind,
                                 record_id, created_at, decided_at)
    VALUES (1, 'application', 'application|far.ai|tech lead', 'accepted', '{}', 1, '2024-04-19',
            'application', 1, '2024-04-20 09:00:00', '2024-04-20 09:05:00');
""",
    "0004": """
INSERT INTO application_skills (application_id, skill_id, position) VALUES (1, 1, 1);
""",
    "0005": """
UPDATE skill_evidence SET rule = 'own words', matched = 'DPO' WHERE id = 1;
INSERT INTO evidence_corrections (id, skill, day, line_key, text, action, level, computed_level,
                                  computed_signal, computed_rule, computed_matched, created_at)
    VALUES (1, 'DPO', '2024-04-19', 'f00d', 'read about DPO', 'set', 3, 1, 'read', 'own words',
            'DPO', '2024-04-20 09:10:00');
""",
    "0006": """
INSERT INTO applications (id, organization_id, role, kind, status, applied_on, created_at,
                          updated_at)
    VALUES (2, 1, 'research engineer', 'job', 'applied', '2024-04-18', '2024-04-18 10:00:00',
            '2024-04-18 10:00:00');
INSERT INTO journal_suggestions (id, kind, key, status, fields, item_id, day, record_kind,
                                 record_id, created_at, decided_at)
    VALUES (2, 'move', 'move|far.ai|2|interviewing|2024-04-19|@0123456789abcdef', 'pending',
            '{"application": "2", "status": "interviewing"}', 1, '2024-04-19', NULL, NULL,
            '2024-04-20 09:00:00', NULL);
""",
    "0007": """
INSERT INTO journal_items (id, entry_id, position, line, text, section, depth, parent_position,
                           checked)
    VALUES (2, 1, 1, 42, 'read 100% of the DPO paper_v2', 'done', 0, NULL, NULL);
""",
    "0008": """
UPDATE applications SET salary_min = 150000, salary_max = 180000.5, salary_currency = 'USD',
    salary_period = 'year', employment_type = 'full-time', workplace = 'hybrid',
    posting_url = 'https://boards.greenhouse.io/acme/jobs/42',
    canonical_url = 'https://acme.example/jobs/42', posting_key = 'greenhouse:acme:42',
    posted_on = '2024-04-01'
    WHERE id = 2;
""",
    "0009": """
UPDATE contacts SET every_days = 42 WHERE id = 1;
INSERT INTO interactions (id, contact_id, happened_on, via, note, application_id, created_at)
    VALUES (1, 1, '2024-04-18', 'call', 'talked about SPAR', 1, '2024-04-18 10:00:00');
INSERT INTO journal_suggestions (id, kind, key, status, fields, item_id, day, record_kind,
                                 record_id, created_at, decided_at)
    VALUES (3, 'interaction', 'interaction|1|2024-04-19|@0123456789abcdef', 'accepted',
            '{"contact": "Ada Advisor", "contact_id": "1"}', 1, '2024-04-19', 'interaction', 1,
            '2024-04-20 09:00:00', '2024-04-20 09:05:00');
""",
    "0010": """
INSERT INTO changes (id, at, command, summary, undoes)
    VALUES (1, '2024-04-20 09:10:00', 'career app edit', 'application 1 changed', NULL);
INSERT INTO change_rows (id, change_id, table_name, row_id, op, before, after)
    VALUES (1, 1, 'applications', '1', 'update', '{"id": 1, "notes": null}',
            '{"id": 1, "notes": "call back"}');
""",
}


def all_rows(url: str) -> dict[str, list[dict[str, object]]]:
    """Every row of every table, by column name (a later revision may add columns)."""
    engine = make_engine(parse_target(url))
    from sqlalchemy import inspect

    with engine.connect() as conn:
        tables = sorted(t for t in inspect(conn).get_table_names() if t != "alembic_version")
        rows = {
            t: [dict(r._mapping) for r in conn.execute(text(f'SELECT * FROM "{t}" ORDER BY 1'))]
            for t in tables
        }
    engine.dispose()
    return rows


def _columns_of(
    rows: dict[str, list[dict[str, object]]], like: dict[str, list[dict[str, object]]]
) -> dict[str, list[dict[str, object]]]:
    """`rows` narrowed to the tables and columns that `like` has."""
    return {
        t: [{c: row[c] for c in like[t][0]} for row in found] if like[t] else found
        for t, found in rows.items()
        if t in like
    }


@pytest.mark.parametrize("start", migrate.known_revisions()[:-1])
def test_seeded_data_survives_upgrade_from_every_revision(
    db_url: str, home: Path, start: str
) -> None:
    assert set(SEEDS) == set(migrate.known_revisions()), "add a seed for the new revision"
    url = parse_target(db_url)
    migrate.run_upgrade(url, start)
    engine = make_engine(url)
    with engine.begin() as conn:
        for revision in migrate.known_revisions()[: migrate.known_revisions().index(start) + 1]:
            for statement in SEEDS[revision].split(";"):
                if statement.strip():
                    conn.execute(text(statement))
    engine.dispose()
    before = all_rows(db_url)
    assert all(before.values())

    migrate.run_upgrade(url)

    after = all_rows(db_url)
    assert _columns_of(after, before) == before
    db = open_database(url)
    assert migrate.current_revision(db) == HEAD
    db.dispose()
