"""A new SQLite file gets the head schema from the shipped snapshot (career.db.snapshot): the
same schema, statement for statement, as the migrations make, and the same answers after."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from career.db.snapshot import migrated, normalized, schema_of
from career.db.sqlite import HEAD_FILE, SCHEMA_HEAD, VERSION_TABLE, create_at_head


def _schema(path: Path) -> tuple[list[tuple[str, str, str]], list[tuple[str, ...]]]:
    conn = sqlite3.connect(path)
    try:
        everything = [
            (kind, name, normalized(sql or ""))
            for kind, name, sql in conn.execute(
                "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
            )
        ]
        return everything, conn.execute(f"SELECT * FROM {VERSION_TABLE}").fetchall()
    finally:
        conn.close()


def test_the_snapshot_is_what_the_migrations_make(tmp_path: Path) -> None:
    shipped = json.loads(HEAD_FILE.read_text("utf-8"))
    made = migrated(tmp_path / "migrated.db")
    assert shipped["revision"] == made["revision"] == SCHEMA_HEAD, (
        "run python -m career.db.snapshot"
    )
    assert [normalized(sql) for sql in shipped["statements"]] == [
        normalized(sql) for sql in made["statements"]
    ], "the head schema changed: run `python -m career.db.snapshot`"


def test_a_new_file_from_the_snapshot_equals_a_migrated_one(tmp_path: Path) -> None:
    migrated(tmp_path / "migrated.db")
    assert create_at_head(tmp_path / "new.db")
    # Every object, the shadow tables of the journal's search index included, and the revision.
    assert _schema(tmp_path / "new.db") == _schema(tmp_path / "migrated.db")
    conn = sqlite3.connect(tmp_path / "new.db")
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert schema_of(conn)  # and not empty
    finally:
        conn.close()


def test_a_file_with_tables_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "theirs.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    assert not create_at_head(path)
    assert _names(path) == ["notes"]


def test_a_statement_this_sqlite_cannot_run_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "head.json"
    snapshot = json.loads(HEAD_FILE.read_text("utf-8"))
    snapshot["statements"].append("CREATE VIRTUAL TABLE x USING no_such_module(a)")
    broken.write_text(json.dumps(snapshot), "utf-8")
    monkeypatch.setattr("career.db.sqlite.HEAD_FILE", broken)
    path = tmp_path / "new.db"
    assert not create_at_head(path)
    assert _names(path) == []


def _names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [name for (name,) in conn.execute("SELECT name FROM sqlite_master")]
    finally:
        conn.close()


def test_first_use_creates_the_file_without_alembic(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from career.cli.entry import run\n"
        "try:\n"
        "    run()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('alembic', 'alembic.command') if m in sys.modules))\n"
    )
    db = tmp_path / "career.db"
    done = subprocess.run(
        [sys.executable, "-c", script, "--db", str(db), "add-application", "FAR.AI", "tech lead"],
        capture_output=True,
        text=True,
        env={"CAREER_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    assert done.stdout.splitlines() == ["1", "[]"], done.stderr
    assert oct(db.stat().st_mode & 0o777) == "0o600"
