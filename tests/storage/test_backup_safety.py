"""`career db backup` never leaves a file that looks like a backup and is not one: a full disk
or a process killed part-way leaves only temporaries (which restore refuses and the next backup
clears), and a damaged database is reported, not copied.
"""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

import pytest

from career.files import is_temporary
from tests.conftest import CLI, added_id
from tests.storage.conftest import SmallDisk, career, career_env, folder_listing

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def fill(cli: CLI, count: int) -> None:
    for n in range(count):
        added_id(cli("add-application", f"Org {n}", "role", "--note", "n" * 90_000))


def test_a_full_disk_leaves_no_backup_and_no_journal(
    cli: CLI, db_url: str, home: Path, small_disk: SmallDisk
) -> None:
    fill(cli, 3)  # about 300 KiB: more than the disk holds
    target = small_disk.folder / "saved.db"
    result = career(
        "db", "backup", str(target), env=career_env(home, Path(db_url)), limit=small_disk.limit
    )
    assert result.returncode == 5, (small_disk.how, result.stderr)
    assert result.stderr.count("\n") == 1
    assert "nothing was written" in result.stderr
    assert folder_listing(small_disk.folder) == []


def test_a_backup_killed_part_way_leaves_only_temporaries(
    cli: CLI, db_url: str, home: Path, tmp_path: Path
) -> None:
    fill(cli, 15)  # more pages than one backup step copies
    folder = tmp_path / "saved"
    folder.mkdir()
    target = folder / "saved.db"
    env = career_env(home, Path(db_url))
    killed = career("db", "backup", str(target), env={**env, "CAREER_TEST_STOP_AT": "backup-step"})
    assert killed.returncode == -signal.SIGKILL
    left = sorted(folder.iterdir())
    assert not target.exists()
    assert left and all(is_temporary(p) for p in left)
    assert any(p.name.endswith("-journal") for p in left)  # killed inside the copy

    for unfinished in left:
        refused = cli("db", "restore", str(unfinished))
        assert refused.exit_code == 2, refused.stderr
        assert refused.stderr.count("\n") == 1
        assert "interrupted write" in refused.stderr

    again = career("db", "backup", str(target), env=env)
    assert again.returncode == 0, again.stderr
    assert folder_listing(folder) == ["saved.db"]  # the dead writer's temporaries are gone
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT count(*) FROM applications").fetchone() == (15,)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_a_file_with_an_unfinished_journal_is_not_restored(
    cli: CLI, db_url: str, tmp_path: Path
) -> None:
    added_id(cli("add-application", "FAR.AI", "tech lead"))
    saved = tmp_path / "saved.db"
    assert cli("db", "backup", str(saved)).exit_code == 0
    saved.with_name("saved.db-journal").write_bytes(b"\0" * 512)
    before = saved.read_bytes()
    result = cli("db", "restore", str(saved))
    assert result.exit_code == 2
    assert "unfinished write" in result.stderr
    assert saved.read_bytes() == before


def test_a_damaged_database_is_reported_and_not_copied(
    cli: CLI, db_url: str, tmp_path: Path, home: Path
) -> None:
    fill(cli, 3)
    conn = sqlite3.connect(db_url)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(Path(db_url).read_bytes())
    last = len(data) // 4096 - 1
    data[last * 4096 : last * 4096 + 8] = b"\xff" * 8  # a b-tree page header, not page 1
    Path(db_url).write_bytes(bytes(data))
    target = tmp_path / "saved.db"

    for argv in (["db", "backup", str(target)], ["db", "backup"]):
        result = cli(*argv)
        assert result.exit_code == 5, result.stderr
        assert result.stderr.count("\n") == 1
        assert "fails SQLite's integrity check" in result.stderr
    assert not target.exists()
    assert not (home / "backups").exists() or folder_listing(home / "backups") == []
