"""`career db restore` while 4 processes keep adding applications: every write a writer saw
acknowledged (exit 0 and its id printed) is in the restored database or in the copy the restore
kept of what it replaced.

The restore is held at its most dangerous point (`restore-kept`: the copy of the old database
is taken, the backup not yet in place) until the test lets it go: 15 s, or as soon as writers
have had writes acknowledged inside that window. A restore that did not hold the write lock
there lets them commit into content it is about to replace (they are then in neither file);
this one makes them wait, and they land in the restored database.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import CLI, added_id
from tests.storage.conftest import career, career_env

WRITERS = 4
WINDOW = 15.0


def rows(path: Path) -> set[tuple[int, str]]:
    conn = sqlite3.connect(path)
    try:
        return set(
            conn.execute(
                "SELECT a.id, o.name FROM applications a "
                "JOIN organizations o ON o.id = a.organization_id"
            )
        )
    finally:
        conn.close()


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_restore_loses_no_acknowledged_write(
    cli: CLI, db_url: str, home: Path, tmp_path: Path
) -> None:
    added_id(cli("add-application", "Base", "role"))
    saved = tmp_path / "saved.db"
    assert cli("db", "backup", str(saved)).exit_code == 0
    env = career_env(home, Path(db_url))
    go = tmp_path / "go"

    acknowledged: list[tuple[int, str]] = []
    failures: list[str] = []
    stop = threading.Event()

    def writer(number: int) -> None:
        n = 0
        while not stop.is_set():
            name = f"W{number}-{n}"
            done = career("add-application", name, "role", env=env, timeout=120)
            if done.returncode == 0:
                acknowledged.append((int(done.stdout), name))
            else:
                failures.append(done.stderr)
            n += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    try:
        give_up = time.monotonic() + 120
        while len(acknowledged) < WRITERS and time.monotonic() < give_up:
            time.sleep(0.05)
        restore = subprocess.Popen(
            [sys.executable, "-m", "career", "db", "restore", str(saved)],
            env={**env, "CAREER_TEST_STOP_AT": f"restore-kept:{go}"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        while not list((home / "backups").glob("*pre-restore*")) and restore.poll() is None:
            time.sleep(0.02)
        inside = len(acknowledged)
        window_ends = time.monotonic() + WINDOW
        while len(acknowledged) < inside + WRITERS and time.monotonic() < window_ends:
            time.sleep(0.05)
        go.touch()
        _, restore_err = restore.communicate(timeout=120)
        after = len(acknowledged)
        while len(acknowledged) < after + WRITERS and time.monotonic() < give_up:
            time.sleep(0.05)
    finally:
        go.touch()
        stop.set()
        for thread in threads:
            thread.join(timeout=180)

    assert restore.returncode == 0, restore_err
    assert failures == []
    found = re.search(r"kept at (\S+)$", restore_err.strip())
    assert found, restore_err
    now, old = rows(Path(db_url)), rows(Path(found.group(1)))
    lost = [write for write in acknowledged if write not in now and write not in old]
    assert lost == []
    # The race was real: writes landed on both sides of the restore.
    assert any(write in old for write in acknowledged)
    assert any(write in now for write in acknowledged)
