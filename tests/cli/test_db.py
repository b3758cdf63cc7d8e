"""`career db path | current | upgrade | backup | restore`, and how the database is chosen."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from career.cli.main import app
from tests.conftest import CLI, PG_ADMIN_URL, added_id

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_default_database_lives_in_career_home(home: Path) -> None:
    assert run("db", "path") == (0, f"{home / 'career.db'}\n", "")
    assert not (home / "career.db").exists()  # `db path` creates nothing
    assert run("add-application", "FAR.AI")[0] == 0
    assert (home / "career.db").is_file()


def test_db_option_beats_the_environment(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREER_DB", str(tmp_path / "env.db"))
    assert run("db", "path")[1].strip() == str(tmp_path / "env.db")
    assert run("--db", str(tmp_path / "opt.db"), "db", "path")[1].strip() == str(
        tmp_path / "opt.db"
    )
    assert run("--db", f"sqlite:///{tmp_path / 'url.db'}", "add-application", "X")[0] == 0
    assert (tmp_path / "url.db").is_file()


def test_current_and_upgrade(cli: CLI) -> None:
    cli("apps")  # SQLite: created and migrated on first use
    assert cli("db", "current").stdout == "0001 (up to date)\n"
    again = cli("db", "upgrade")
    assert again.exit_code == 0
    assert "already at 0001" in again.stderr


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_postgres_without_schema_asks_for_db_upgrade(
    home: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREER_DB", db_url)
    code, _, err = run("apps")
    assert code == 5
    assert err.strip() == (
        "career: error: the database has no schema yet; this career needs 0001: "
        "run `career db upgrade`"
    )
    assert run("db", "current")[1] == "none (behind: career needs 0001)\n"
    assert run("db", "upgrade")[0] == 0
    assert run("apps")[0] == 0


def test_password_in_a_url_never_shows(home: Path) -> None:
    url = "postgresql+psycopg://career:s3cr3t-pw@127.0.0.1:1/career"
    for args in (
        ["--db", url, "apps"],
        ["--db", url, "db", "current"],
        ["--db", url, "db", "path"],
    ):
        result = runner.invoke(app, args)
        assert "s3cr3t-pw" not in result.stdout + result.stderr, args
    result = runner.invoke(app, ["--db", url, "apps"])
    assert result.exit_code == 5
    assert "career:***@127.0.0.1:1/career" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_password_never_shows_even_with_debug(home: Path) -> None:
    import subprocess
    import sys

    url = "postgresql+psycopg://career:s3cr3t-pw@127.0.0.1:1/career"
    proc = subprocess.run(
        [sys.executable, "-m", "career", "--debug", "--db", url, "apps"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr  # --debug shows one
    assert "s3cr3t-pw" not in proc.stdout + proc.stderr


def test_a_sqlite_file_that_is_not_a_career_database_is_refused(home: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    code, _, err = run("--db", str(other), "apps")
    assert code == 5
    assert "not a career database" in err
    assert other.read_bytes() == before


def test_a_database_from_a_newer_career_is_refused(home: Path, tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    assert run("--db", str(db), "apps")[0] == 0
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    code, _, err = run("--db", str(db), "apps")
    assert code == 5
    assert "written by a newer career" in err


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_backup_and_restore(cli: CLI, db_url: str, tmp_path: Path, home: Path) -> None:
    added_id(cli("add-application", "FAR.AI", "tech lead"))
    backup = tmp_path / "saved.db"
    assert cli("db", "backup", str(backup)).exit_code == 0
    exists = cli("db", "backup", str(backup))
    assert exists.exit_code == 4
    assert "exists already" in exists.stderr

    added_id(cli("add-application", "SPAR", "--status", "interested"))
    restored = cli("db", "restore", str(backup))
    assert restored.exit_code == 0, restored.stderr
    rows = json.loads(cli("apps", "-f", "json").stdout)
    assert [r["organization"] for r in rows] == ["FAR.AI"]

    # What the restore replaced was kept.
    kept = sorted((home / "backups").glob("*pre-restore*"))
    assert len(kept) == 1
    conn = sqlite3.connect(kept[0])
    assert conn.execute("SELECT count(*) FROM applications").fetchone() == (2,)
    conn.close()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("kind", ["garbage", "not-career", "missing", "corrupt"])
def test_restore_refuses_a_bad_file_and_changes_nothing(
    cli: CLI, db_url: str, tmp_path: Path, kind: str
) -> None:
    added_id(cli("add-application", "FAR.AI", "tech lead"))
    bad = tmp_path / "bad.db"
    if kind == "garbage":
        bad.write_bytes(b"this is not a database" * 100)
    elif kind == "not-career":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
    elif kind == "corrupt":
        assert cli("db", "backup", str(bad)).exit_code == 0
        data = bytearray(bad.read_bytes())
        page = 4096
        data[page * 2 : page * 2 + 12] = b"\xff" * 12  # scribble over a b-tree page header
        bad.write_bytes(bytes(data))
    before = Path(db_url).read_bytes()
    result = cli("db", "restore", str(bad))
    assert result.exit_code in (3, 5), result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert Path(db_url).read_bytes() == before


def test_pg_admin_url_is_configurable() -> None:
    assert PG_ADMIN_URL.startswith("postgresql")
