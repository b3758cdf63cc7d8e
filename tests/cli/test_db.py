"""`career db path | current | upgrade | backup | restore`, and how the database is chosen."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from career.cli.main import app
from career.db.sqlite import SCHEMA_HEAD as HEAD
from tests.conftest import CLI, added_id

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
    cli("add-application", "X")  # SQLite: created and migrated on first write
    assert cli("db", "current").stdout == f"{HEAD} (up to date)\n"
    again = cli("db", "upgrade")
    assert again.exit_code == 0
    assert f"already at {HEAD}" in again.stderr


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_postgres_without_schema_asks_for_db_upgrade(
    home: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREER_DB", db_url)
    code, _, err = run("apps")
    assert code == 5
    assert err.strip() == (
        f"career: error: the database has no schema yet; this career needs {HEAD}: "
        "run `career db upgrade`"
    )
    assert run("db", "current")[1] == f"none (no schema yet: career needs {HEAD})\n"
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
    assert result.exit_code in (2, 5)
    assert "***" in result.stderr
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


def test_a_database_from_a_newer_career_is_refused(cli: CLI, db_url: str) -> None:
    assert cli("add-application", "Y").exit_code == 0
    from sqlalchemy import create_engine, text

    from career.db.engine import parse_target

    engine = create_engine(parse_target(db_url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    for verb in (["apps"], ["add-application", "X"], ["db", "upgrade"]):
        result = cli(*verb)
        assert result.exit_code == 5, verb
        assert "written by a newer career" in result.stderr
    assert cli("db", "current").stdout == (
        f"9999 (newer than this career, which knows up to {HEAD})\n"
    )


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
@pytest.mark.parametrize(
    ("kind", "code", "words"),
    [
        ("garbage", 5, "not a readable SQLite database"),
        ("not-career", 5, "not a career database"),
        ("missing", 3, "no such file"),
        ("corrupt", 5, "malformed"),
        ("version-only", 5, "the backup is incomplete"),
        ("broken-foreign-key", 5, "broken foreign key"),
    ],
)
def test_restore_refuses_a_bad_file_and_changes_nothing(
    cli: CLI, db_url: str, tmp_path: Path, home: Path, kind: str, code: int, words: str
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
    elif kind == "version-only":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("INSERT INTO alembic_version VALUES ('0001')")
        conn.commit()
        conn.close()
    elif kind == "broken-foreign-key":
        assert cli("db", "backup", str(bad)).exit_code == 0
        conn = sqlite3.connect(bad)
        conn.execute("UPDATE status_changes SET application_id = 404")
        conn.commit()
        conn.close()
    before = Path(db_url).read_bytes()
    result = cli("db", "restore", str(bad))
    assert result.exit_code == code, result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert words in result.stderr
    assert Path(db_url).read_bytes() == before
    assert not (home / "backups").exists() or not list((home / "backups").glob("*restore*"))


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_restore_works_when_the_current_database_is_unreadable(
    cli: CLI, db_url: str, tmp_path: Path, home: Path
) -> None:
    added_id(cli("add-application", "FAR.AI", "tech lead"))
    good = tmp_path / "good.db"
    assert cli("db", "backup", str(good)).exit_code == 0
    broken = b"not a database any more" * 500
    Path(db_url).write_bytes(broken)
    assert cli("apps").exit_code == 5

    result = cli("db", "restore", str(good))
    assert result.exit_code == 0, result.stderr
    assert [r["organization"] for r in json.loads(cli("apps", "-f", "json").stdout)] == ["FAR.AI"]
    kept = list((home / "backups").glob("*pre-restore-unreadable*"))
    assert len(kept) == 1
    assert kept[0].read_bytes() == broken


def test_db_current_changes_nothing(home: Path, tmp_path: Path) -> None:
    typo = tmp_path / "typo.db"
    assert run("--db", str(typo), "db", "current") == (
        0,
        "none (no database yet: it is created on first use)\n",
        "",
    )
    assert not typo.exists()


@pytest.mark.parametrize("value", ["", "sqlite://", "sqlite:///:memory:", "mysql://x@h/db"])
def test_unusable_database_values_are_refused(home: Path, value: str) -> None:
    code, out, err = run("--db", value, "apps")
    assert code == 2
    assert out == ""
    assert err.startswith("career: error: ")
    assert not (home / "career.db").exists()  # never a silent fall back to the default


def test_db_upgrade_refuses_a_file_that_is_not_a_career_database(
    home: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    for verb in (["db", "upgrade"], ["db", "current"]):
        code, _, err = run("--db", str(other), *verb)
        assert code == 5, verb
        assert "not a career database" in err
    assert other.read_bytes() == before


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_damaged_database_is_one_line_not_a_traceback(cli: CLI, db_url: str) -> None:
    for n in range(30):
        added_id(cli("add-application", f"Org {n}", "role " * 50, "--note", "n" * 2000))
    data = bytearray(Path(db_url).read_bytes())
    for page in range(2, len(data) // 4096):
        data[page * 4096 : page * 4096 + 8] = b"\xff" * 8
    Path(db_url).write_bytes(bytes(data))
    for argv in (["apps"], ["apps", "--all", "-f", "json"], ["app", "show", "1"]):
        result = cli(*argv)
        assert result.exit_code == 5, (argv, result.stderr)
        assert len(result.stderr.splitlines()) == 1
        assert "malformed" in result.stderr


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("kind", "words"),
    [("dev-null", "not a regular file"), ("fifo", "not a regular file"), ("folder", "is a folder")],
)
def test_restore_refuses_what_is_not_a_file(
    cli: CLI, db_url: str, tmp_path: Path, kind: str, words: str
) -> None:
    added_id(cli("add-application", "FAR.AI", "tech lead"))
    if kind == "dev-null":
        given = Path("/dev/null")
    elif kind == "fifo":
        given = tmp_path / "pipe"
        os.mkfifo(given)
    else:
        given = tmp_path
    before = Path(db_url).read_bytes()
    result = cli("db", "restore", str(given))
    assert result.exit_code == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert words in result.stderr
    assert Path(db_url).read_bytes() == before


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_backup_and_restore_on_postgres_point_to_its_own_tools(
    cli: CLI, db_url: str, tmp_path: Path, home: Path
) -> None:
    added_id(cli("add-application", "FAR.AI", "tech lead"))
    saved = tmp_path / "saved.db"
    for argv in (
        ["db", "backup", str(saved)],
        ["db", "backup"],
        ["db", "backups"],
        ["db", "restore", str(saved)],
        ["db", "restore", "--latest"],
    ):
        result = cli(*argv)
        assert result.exit_code == 2, argv
        assert "use PostgreSQL's own tools" in result.stderr
        tool = "pg_restore --clean" if argv[1] == "restore" else "pg_dump --format=custom"
        assert tool in result.stderr
        assert "--host=127.0.0.1" in result.stderr
        assert len(result.stderr.splitlines()) == 1
    assert not saved.exists()
    assert not (home / "backups").exists()  # and no automatic backups of a server
