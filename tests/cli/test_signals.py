"""A reader that stops early and Ctrl-C, in a real process: `career apps | head -1` exits 0
quietly (the full CLI and the remind fast path); Ctrl-C at a confirmation or during a command
prints `career: interrupted`, exits 130 and changes nothing. On both backends."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CLI, added_id, snapshot

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and FIFOs")


def _env(db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREER_")}
    env.update(
        CAREER_DB=db_url,
        CAREER_NOW=os.environ["CAREER_NOW"],
        CAREER_HOME=os.environ["CAREER_HOME"],
        PYTHONUNBUFFERED="1",
    )
    return env


def _start(args: list[str], db_url: str, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "career", *args],
        env=_env(db_url),
        text=True,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def _closed_reader(args: list[str], db_url: str) -> tuple[int, str]:
    """Run with a stdout whose reader has gone away before anything is written."""
    read, write = os.pipe()
    os.close(read)
    try:
        proc = _start(args, db_url, stdout=write)
    finally:
        os.close(write)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err


@pytest.mark.parametrize(
    "args",
    [
        ["apps"],
        ["apps", "--format", "json"],
        ["apps", "--format", "csv"],
        ["remind"],  # the fast path on SQLite, the full CLI on PostgreSQL
        ["remind", "--format", "json"],
    ],
    ids=lambda a: " ".join(a),
)
def test_a_reader_that_stops_early_is_not_an_error(cli: CLI, db_url: str, args: list[str]) -> None:
    for i in range(30):
        added_id(cli("add-application", f"Org {i}", "engineer", "--tag", "x"))
        added_id(cli("add-deadline", f"form {i}", "--due", "2024-04-22"))
    code, err = _closed_reader(args, db_url)
    assert (code, err) == (0, "")


def _wait_for(proc: subprocess.Popen[str], ready: object, what: str) -> None:
    deadline = time.monotonic() + 60
    while not ready():  # type: ignore[operator]
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"never reached {what}: {proc.communicate()}")
        time.sleep(0.05)


def _interrupt(proc: subprocess.Popen[str]) -> tuple[int, str]:
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err


def test_ctrl_c_at_a_confirmation_changes_nothing(cli: CLI, db_url: str) -> None:
    app_id = added_id(cli("add-application", "FAR.AI", "tech lead"))
    before = snapshot(db_url)
    proc = _start(["app", "rm", str(app_id)], db_url, stdin=subprocess.PIPE)
    assert proc.stderr is not None
    fd = proc.stderr.fileno()
    seen = bytearray()

    def asked() -> bool:
        if select.select([fd], [], [], 0.05)[0]:
            seen.extend(os.read(fd, 4096))
        return b"[y/N]" in seen

    _wait_for(proc, asked, "the question")
    code, err = _interrupt(proc)
    assert (code, err) == (130, "\ncareer: interrupted\n")  # after the question's line
    assert snapshot(db_url) == before
    assert cli("app", "show", str(app_id)).exit_code == 0


def test_answering_no_is_still_aborted(cli: CLI) -> None:
    app_id = added_id(cli("add-application", "FAR.AI", "tech lead"))
    result = cli("app", "rm", str(app_id), input="n\n")
    assert result.exit_code == 1
    assert result.stderr.endswith("career: aborted\n")
    assert "interrupted" not in result.stderr
    assert cli("app", "show", str(app_id)).exit_code == 0


def test_ctrl_c_during_a_command_changes_nothing(cli: CLI, db_url: str, tmp_path: Path) -> None:
    """`export apps` paused with its file written to a temporary (a crash point): Ctrl-C
    there leaves no file, no temporary, and the database as it was."""
    added_id(cli("add-application", "FAR.AI", "tech lead"))
    before = snapshot(db_url)
    out = tmp_path / "apps.csv"
    proc = subprocess.Popen(
        [sys.executable, "-m", "career", "export", "apps", "--out", str(out)],
        env={**_env(db_url), "CAREER_TEST_STOP_AT": "files-written:60"},
        text=True,
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    time.sleep(1.5)  # let it load and reach the pause; the outcome is the same if it is slower
    assert proc.poll() is None
    code, err = _interrupt(proc)
    assert (code, err) == (130, "career: interrupted\n")
    assert list(tmp_path.glob("*apps.csv*")) == []
    assert snapshot(db_url) == before


def test_a_fifo_is_refused_not_read(cli: CLI, db_url: str, tmp_path: Path) -> None:
    """A FIFO no one writes to would block the reader forever: it is refused at once."""
    fifo = tmp_path / "sheet.csv"
    os.mkfifo(fifo)
    proc = _start(["import", "apps", str(fifo)], db_url, stdout=subprocess.PIPE)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert err == f"career: error: {fifo} is not a regular file: give a CSV file\n"


def test_ctrl_c_while_waiting_for_the_write_lock_changes_nothing(
    cli: CLI, db_url: str, backend: str
) -> None:
    """PostgreSQL: a writer waits for the advisory lock another writer holds; Ctrl-C there
    leaves the database as it was once that writer is done."""
    if backend != "postgres":
        pytest.skip("SQLite waits for a lock inside the library, where no signal is seen")
    from sqlalchemy import create_engine, text

    from career.db.engine import PG_WRITE_LOCK

    added_id(cli("add-application", "FAR.AI", "tech lead"))
    before = snapshot(db_url)
    engine = create_engine(db_url)
    try:
        with engine.connect() as holder:
            holder.execute(text("SELECT pg_advisory_lock(:k)"), {"k": PG_WRITE_LOCK})
            proc = _start(["add-application", "SPAR", "fellow"], db_url, stdout=subprocess.PIPE)

            def waiting() -> bool:
                with engine.connect() as probe:
                    found = probe.execute(
                        text(
                            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                            " AND NOT granted AND database = (SELECT oid FROM pg_database"
                            " WHERE datname = current_database())"
                        )
                    ).scalar()
                return bool(found)

            _wait_for(proc, waiting, "the lock")
            code, err = _interrupt(proc)
            holder.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": PG_WRITE_LOCK})
    finally:
        engine.dispose()
    assert (code, err) == (130, "career: interrupted\n")
    assert snapshot(db_url) == before
