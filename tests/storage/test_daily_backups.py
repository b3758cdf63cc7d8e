"""Automatic daily backups of a SQLite database (`career.db.backups`): one before the first
write of a day, rotated to the last `backup.keep` and the first of each month, listed by
`career db backups`, chosen by `career db restore --latest` and `--before DATE`.

A backup that cannot be written is a one-line warning and the write lands; a database that
fails SQLite's integrity check is an error and nothing is written. Reads never back up.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import CLI, added_id, assert_refused, snapshot
from tests.storage.conftest import SmallDisk, career, career_env, folder_listing

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)

START = date(2026, 1, 20)  # day 0 of the 40; a write the day before makes the database hold rows
DAYS = 40  # 2026-01-20 .. 2026-02-28
NOON = "T12:00:00+00:00"  # the same calendar day in every zone from UTC-11 to UTC+11


def on(day: date, monkeypatch: pytest.MonkeyPatch) -> None:
    """Freeze the clock at noon (UTC) of `day` for what runs next in this process."""
    monkeypatch.setenv("CAREER_NOW", f"{day.isoformat()}{NOON}")


def daily(home: Path) -> list[Path]:
    return sorted((home / "backups").glob("career-daily-*.db"))


def day_of(backup: Path) -> date:
    stamp = backup.name.rsplit("-", 1)[1].split("T")[0]
    return date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))


def count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM applications").fetchone()[0])
    finally:
        conn.close()


def warnings(stderr: str) -> list[str]:
    """The warnings among a command's messages (the rest say what it did: "added #2 ...")."""
    lines = stderr.splitlines()
    assert all(line.startswith(("warning: ", "added #", "moved #")) for line in lines), stderr
    return [line for line in lines if line.startswith("warning: ")]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def forty_days(cli: CLI, monkeypatch: pytest.MonkeyPatch, *, manual: bool = False) -> list[date]:
    """One application a day over the 40 days (after one the day before, when the database is
    new and so not backed up; then a manual backup if `manual`); the days."""
    on(START - timedelta(days=1), monkeypatch)
    added_id(cli("add-application", "Seed", "role"))
    if manual:
        assert cli("db", "backup").exit_code == 0
    days = [START + timedelta(days=n) for n in range(DAYS)]
    for day in days:
        on(day, monkeypatch)
        added_id(cli("add-application", f"Org {day}", "role"))
    return days


@pytest.mark.parametrize("keep", [None, 3])
def test_rotation_over_forty_days_keeps_the_last_n_and_one_a_month(
    cli: CLI,
    db_url: str,
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    keep: int | None,
) -> None:
    if keep is not None:
        assert cli("config", "set", "backup.keep", str(keep)).exit_code == 0
    # Another database's daily backup (the same file name in another folder, the same backups
    # folder): never listed nor rotated with this one's.
    other = tmp_path / "elsewhere" / "career.db"
    on(START - timedelta(days=3), monkeypatch)
    added_id(cli("--db", str(other), "add-application", "Other", "role"))
    on(START - timedelta(days=2), monkeypatch)
    added_id(cli("--db", str(other), "add-application", "Other 2", "role"))
    others = daily(home)
    assert len(others) == 1

    days = forty_days(cli, monkeypatch, manual=True)

    last = keep or 14
    expected = sorted({*days[-last:], date(2026, 1, 20), date(2026, 2, 1)})
    mine = [p for p in daily(home) if p not in others]
    assert [day_of(p) for p in mine] == expected
    for path in mine:
        assert mode(path) == 0o600
        # taken before that day's write: the applications of the days before it
        assert count(path) == 1 + (day_of(path) - START).days
        assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert mode(home / "backups") == 0o700
    assert others[0].exists()
    assert not [p for p in (home / "backups").iterdir() if p.name.endswith(".tmp")]

    listed = json.loads(cli("db", "backups", "-f", "json").stdout)
    manual = list((home / "backups").glob("career-backup-*.db"))
    assert len(manual) == 1  # never rotated
    assert [r["file"] for r in listed] == [str(manual[0])] + [str(p) for p in mine]
    assert [r["kind"] for r in listed] == ["manual"] + ["daily"] * len(mine)
    assert listed[1]["taken"] == f"2026-01-20{NOON}"
    table = cli("db", "backups").stdout.splitlines()
    assert len(table) == 1 + len(listed)
    assert table[1].split()[0] == "2026-01-19"  # local time: noon UTC is that day from -11 to +11
    assert "manual" in table[1]


def test_restore_before_a_date_and_latest_pick_the_right_backup(
    cli: CLI, db_url: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forty_days(cli, monkeypatch)
    # kept: 2026-01-20, 2026-02-01 and 2026-02-15 .. 2026-02-28
    on(date(2026, 3, 1), monkeypatch)
    restored = cli("db", "restore", "--before", "2026-02-10")
    assert restored.exit_code == 0, restored.stderr
    assert "daily backup of 2026-02-01" in restored.stderr
    assert count(Path(db_url)) == 1 + 12  # the seed and 2026-01-20 .. 2026-01-31

    assert cli("db", "restore", "--before", "2026-02-20").exit_code == 0
    assert count(Path(db_url)) == 1 + 30  # up to 2026-02-18: the backup of the 19th's morning

    latest = cli("db", "restore", "--latest")
    assert latest.exit_code == 0
    assert "daily backup of 2026-02-28" in latest.stderr
    assert count(Path(db_url)) == 1 + 39
    # What the restores replaced is kept, and never chosen by --latest: restoring again is
    # the same database.
    assert len(list((home / "backups").glob("career-pre-restore-*.db"))) == 3
    assert cli("db", "restore", "--latest").exit_code == 0
    assert count(Path(db_url)) == 1 + 39

    # A weekday, relative dates: read against the (frozen) clock like every date.
    assert cli("db", "restore", "--before", "-10d").exit_code == 0  # 2026-02-19 began
    assert count(Path(db_url)) == 1 + 29


def test_no_matching_backup_is_a_clear_error_and_changes_nothing(
    cli: CLI, db_url: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on(START, monkeypatch)
    added_id(cli("add-application", "Only", "role"))
    for argv in (["--latest"], ["--before", "2026-01-25"]):
        before = snapshot(db_url)
        result = cli("db", "restore", *argv)
        assert_refused(result, 3, "no backup of")
        assert "`career db backups` lists them" in result.stderr
        assert snapshot(db_url) == before
    on(START + timedelta(days=1), monkeypatch)
    added_id(cli("add-application", "Second", "role"))
    assert len(daily(home)) == 1
    # the only backup was taken at noon on the 21st: not before the 21st began
    before = snapshot(db_url)
    assert_refused(cli("db", "restore", "--before", "2026-01-21"), 3, "taken before 2026-01-21")
    assert snapshot(db_url) == before


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--before", "someday"], "cannot read 'someday' as a date"),
        (["--before", "2026-02-30"], "2026-02-30"),
        (["--before", ""], "cannot read '' as a date"),
        ([], "give one of FILE, --latest or --before DATE"),
        (["--latest", "--before", "today"], "give one of FILE, --latest or --before DATE"),
        (["--latest", "saved.db"], "give one of FILE, --latest or --before DATE"),
    ],
)
def test_bad_restore_choices_are_refused_and_change_nothing(
    cli: CLI,
    db_url: str,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    words: str,
) -> None:
    on(START, monkeypatch)
    added_id(cli("add-application", "A", "role"))
    on(START + timedelta(days=1), monkeypatch)
    added_id(cli("add-application", "B", "role"))
    assert len(daily(home)) == 1
    listing = folder_listing(home / "backups")
    before = snapshot(db_url)
    assert_refused(cli("db", "restore", *argv), 2, words)
    assert snapshot(db_url) == before
    assert folder_listing(home / "backups") == listing


def test_listing_with_no_backups(cli: CLI, db_url: str, home: Path) -> None:
    result = cli("db", "backups")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"no backups of {db_url} in {home / 'backups'} yet\n"
    assert cli("db", "backups", "-f", "json").stdout == "[]\n"
    assert not Path(db_url).exists()  # listing creates nothing
    assert not (home / "backups").exists()

    added_id(cli("add-application", "A", "role"))  # a new database: nothing to back up
    assert cli("db", "backups").stdout == ""
    (home / "backups").mkdir(parents=True)
    (home / "backups" / "notes.txt").write_text("not a backup")
    assert cli("db", "backups", "-f", "json").stdout == "[]\n"


def test_first_write_of_a_day_backs_up_once_and_reads_never(
    cli: CLI, db_url: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each command a process of its own, as a person runs them."""
    on(START, monkeypatch)
    added_id(cli("add-application", "A", "role"))  # the database's first rows: nothing before
    env = career_env(home, Path(db_url))
    env["CAREER_NOW"] = f"{START + timedelta(days=1)}{NOON}"
    for argv in (["apps"], ["remind"], ["db", "backups"], ["deadlines"]):
        done = career(*argv, env=env)
        assert done.returncode == 0, done.stderr
    assert not (home / "backups").exists()

    first = career("add-application", "B", "role", env=env)
    assert first.returncode == 0 and warnings(first.stderr) == [], first.stderr
    made = daily(home)
    assert len(made) == 1
    assert count(made[0]) == 1  # before B was written
    second = career("app", "move", "1", "screening", env=env)
    assert second.returncode == 0, second.stderr
    assert daily(home) == made

    env["CAREER_NOW"] = f"{START + timedelta(days=2)}{NOON}"
    assert career("add-deadline", "Next", "--due", "tomorrow", env=env).returncode == 0
    assert len(daily(home)) == 2
    assert sorted(p.name for p in (home / "backups").iterdir() if p.name.startswith(".")) == [
        f".{made[0].name.split('-2026')[0]}.lock"
    ]


@pytest.mark.parametrize("how", ["a file where the folder goes", "a read-only folder"])
def test_a_backup_that_cannot_be_written_is_a_warning_and_the_write_lands(
    cli: CLI, db_url: str, home: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    on(START, monkeypatch)
    added_id(cli("add-application", "A", "role"))
    folder = home / "backups"
    home.mkdir(parents=True, exist_ok=True)
    if how == "a file where the folder goes":
        folder.write_text("in the way")
    else:
        if os.geteuid() == 0:
            pytest.skip("root writes in a read-only folder")
        folder.mkdir(mode=0o500)
    on(START + timedelta(days=1), monkeypatch)
    result = cli("add-application", "B", "role")
    assert result.exit_code == 0
    assert result.stdout.strip().isdigit()
    lines = warnings(result.stderr)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("warning: no automatic backup today: ")
    assert lines[0].endswith("the change is written all the same")
    assert count(Path(db_url)) == 2
    # once a process: its next write does not try (nor warn) again
    again = cli("add-application", "C", "role")
    assert again.exit_code == 0 and warnings(again.stderr) == []
    if folder.is_dir():
        assert list(folder.iterdir()) == []


def test_a_full_disk_is_a_warning_and_the_write_lands(
    cli: CLI, db_url: str, home: Path, small_disk: SmallDisk, monkeypatch: pytest.MonkeyPatch
) -> None:
    if small_disk.limit is not None:
        pytest.skip("needs a small file system of its own (a tmpfs, as root)")
    on(START, monkeypatch)
    added_id(cli("add-application", "A", "role"))
    home.mkdir(exist_ok=True)
    (home / "backups").symlink_to(small_disk.folder)
    env = career_env(home, Path(db_url))
    env["CAREER_NOW"] = f"{START + timedelta(days=1)}{NOON}"
    done = career("add-application", "B", "role", env=env)
    assert done.returncode == 0, done.stderr
    (warning,) = warnings(done.stderr)
    assert warning.startswith("warning: no automatic backup today: the disk holding")
    assert "MiB free" in done.stderr
    assert count(Path(db_url)) == 2
    assert folder_listing(small_disk.folder) == []  # not even a lock file: nothing was tried


def test_a_damaged_database_is_not_written_on(
    cli: CLI, db_url: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on(START, monkeypatch)
    for n in range(3):
        added_id(cli("add-application", f"Org {n}", "role", "--note", "n" * 90_000))
    conn = sqlite3.connect(db_url)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(Path(db_url).read_bytes())
    last = len(data) // 4096 - 1
    data[last * 4096 : last * 4096 + 8] = b"\xff" * 8  # a b-tree page header, not page 1
    Path(db_url).write_bytes(bytes(data))

    on(START + timedelta(days=1), monkeypatch)
    result = cli("add-application", "More", "role")
    assert_refused(result, 5, "fails SQLite's integrity check")
    assert "nothing was changed" in result.stderr
    assert "career db restore --latest" in result.stderr
    assert Path(db_url).read_bytes() == bytes(data)
    assert daily(home) == []


def test_a_bad_setting_keeps_every_backup(
    cli: CLI, db_url: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on(START, monkeypatch)
    added_id(cli("add-application", "A", "role"))
    home.mkdir(exist_ok=True)
    (home / "config.toml").write_text("[backup]\nkeep = 0\n")
    on(START + timedelta(days=1), monkeypatch)
    result = cli("add-application", "B", "role")
    assert result.exit_code == 0
    (warning,) = warnings(result.stderr)
    assert warning.startswith("warning: old automatic backups were not removed: ")
    assert "backup.keep: keep between 1 and 10000 backups, not 0" in warning
    assert len(daily(home)) == 1


def test_two_first_writes_at_once_make_one_backup(
    cli: CLI, db_url: str, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on(START, monkeypatch)
    added_id(cli("add-application", "A", "role"))
    env = career_env(home, Path(db_url))
    env["CAREER_NOW"] = f"{START + timedelta(days=1)}{NOON}"
    go = tmp_path / "go"

    # The first holds the lock, before copying; a second finds it held (and is killed there).
    first = subprocess.Popen(
        [sys.executable, "-m", "career", "add-application", "First", "role"],
        env={**env, "CAREER_TEST_STOP_AT": f"daily-locked:{go}"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        give_up = time.monotonic() + 60
        while not held(home) and first.poll() is None and time.monotonic() < give_up:
            time.sleep(0.02)
        assert held(home), first.poll()
        second = career(
            "add-application", "Second", "role", env={**env, "CAREER_TEST_STOP_AT": "daily-busy"}
        )
        assert second.returncode == -9  # it waited at the lock
        assert daily(home) == []
    finally:
        go.touch()
        _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert len(daily(home)) == 1

    # Four at once: one backup, every write lands.
    env["CAREER_NOW"] = f"{START + timedelta(days=2)}{NOON}"
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "career", "add-application", f"W{n}", "role"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0 and warnings(err) == [], err
    made = daily(home)
    assert len(made) == 2
    assert count(made[1]) == 2  # A and First: none of the four
    assert count(Path(db_url)) == 6
    for path in made:
        assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert not [p for p in (home / "backups").iterdir() if p.name.endswith((".tmp", "-journal"))]


def held(home: Path) -> bool:
    """Whether another process holds the daily-backup lock in `home`'s backups folder."""
    locks = (
        list((home / "backups").glob(".career-daily-*.lock")) if (home / "backups").is_dir() else []
    )
    if not locks:
        return False
    with locks[0].open("rb") as file:
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(file.fileno(), fcntl.LOCK_UN)
    return False


def test_the_daily_backup_needs_neither_sqlalchemy_nor_alembic(
    cli: CLI, db_url: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`before_write` is called on every write path, the light ones too."""
    on(START, monkeypatch)
    added_id(cli("add-application", "A", "role"))
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from career.db.backups import before_write\n"
        f"assert before_write(Path({db_url!r})) == []\n"  # takes it
        f"assert before_write(Path({db_url!r})) == []\n"  # settled
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic'))\n"
        "print(heavy)\n"
    )
    env = career_env(home, Path(db_url))
    env["CAREER_NOW"] = f"{START + timedelta(days=1)}{NOON}"
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[]\n"
    assert len(daily(home)) == 1
