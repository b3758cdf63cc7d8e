"""An export set (`export apps --out A --history H --deadlines D`) is written whole or not at
all: a full disk leaves the old set as it was and no temporaries; a process killed between the
renames leaves every file whole, the files it replaced beside them, and the next export
completes the set and clears what the dead process left.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from career.files import is_temporary
from tests.conftest import CLI, added_id
from tests.storage.conftest import SmallDisk, career, career_env, folder_listing

NAMES = ("apps.csv", "history.csv", "deadlines.csv")

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def export_args(folder: Path, *extra: str) -> list[str]:
    apps, history, deadlines = (str(folder / name) for name in NAMES)
    return ["export", "apps", "--out", apps, "--history", history, "--deadlines", deadlines, *extra]


def read_set(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in NAMES}


def seed(cli: CLI) -> None:
    app = added_id(cli("add-application", "FAR.AI", "research engineer"))
    added_id(cli("add-deadline", "take-home", "--due", "2024-05-01", "--app", str(app)))


def test_a_full_disk_leaves_the_old_set_untouched(
    cli: CLI, db_url: str, home: Path, small_disk: SmallDisk
) -> None:
    seed(cli)
    env = career_env(home, Path(db_url))
    first = career(*export_args(small_disk.folder), env=env, limit=small_disk.limit)
    assert first.returncode == 0, first.stderr
    old = read_set(small_disk.folder)

    for n in range(3):  # an applications file larger than the disk
        added_id(cli("add-application", f"Org {n}", "role", "--note", "n" * 90_000))
    result = career(*export_args(small_disk.folder, "--force"), env=env, limit=small_disk.limit)

    assert result.returncode == 5, (small_disk.how, result.stderr)
    assert result.stderr.count("\n") == 1
    assert f"cannot write {small_disk.folder / 'apps.csv'}" in result.stderr
    assert "no file was changed" in result.stderr
    assert read_set(small_disk.folder) == old
    assert folder_listing(small_disk.folder) == sorted(NAMES)  # no temporaries


def test_killed_before_the_renames_the_old_set_stays(cli: CLI, db_url: str, home: Path) -> None:
    seed(cli)
    folder = Path(db_url).parent / "out"
    folder.mkdir()
    env = career_env(home, Path(db_url))
    assert career(*export_args(folder), env=env).returncode == 0
    old = read_set(folder)
    added_id(cli("add-application", "SPAR", "mentee"))

    killed = career(
        *export_args(folder, "--force"), env={**env, "CAREER_TEST_STOP_AT": "files-written"}
    )
    assert killed.returncode == -signal.SIGKILL
    assert read_set(folder) == old
    leftovers = [p for p in folder.iterdir() if p.name not in NAMES]
    assert len(leftovers) == 3 and all(is_temporary(p) for p in leftovers)

    again = career(*export_args(folder, "--force"), env=env)
    assert again.returncode == 0, again.stderr
    assert folder_listing(folder) == sorted(NAMES)  # the dead writer's temporaries are gone
    assert b"SPAR" in (folder / "apps.csv").read_bytes()


def test_killed_between_the_renames_every_file_is_whole_and_the_next_export_completes(
    cli: CLI, db_url: str, home: Path
) -> None:
    seed(cli)
    folder = Path(db_url).parent / "out"
    fresh = Path(db_url).parent / "fresh"
    folder.mkdir()
    fresh.mkdir()
    env = career_env(home, Path(db_url))
    assert career(*export_args(folder), env=env).returncode == 0
    old = read_set(folder)
    app = added_id(cli("add-application", "SPAR", "mentee"))
    added_id(cli("add-deadline", "interview", "--due", "2024-05-02", "--app", str(app)))
    assert career(*export_args(fresh), env=env).returncode == 0
    new = read_set(fresh)
    assert all(new[name] != old[name] for name in NAMES)

    # The set is placed history, deadlines, applications: killed after the first.
    stop = {**env, "CAREER_TEST_STOP_AT": "files-placed-1"}
    killed = career(*export_args(folder, "--force"), env=stop)
    assert killed.returncode == -signal.SIGKILL
    now = read_set(folder)
    assert now == {**old, "history.csv": new["history.csv"]}  # each file whole, old or new
    leftovers = {p: p.read_bytes() for p in folder.iterdir() if p.name not in NAMES}
    assert all(is_temporary(p) for p in leftovers)
    # What the dead process replaced is still there, beside the file.
    assert old["history.csv"] in [data for p, data in leftovers.items() if p.suffix == ".old"]

    again = career(*export_args(folder, "--force"), env=env)
    assert again.returncode == 0, again.stderr
    assert read_set(folder) == new
    assert folder_listing(folder) == sorted(NAMES)


def test_a_set_is_refused_whole_when_one_file_exists(cli: CLI, db_url: str, home: Path) -> None:
    seed(cli)
    folder = Path(db_url).parent / "out"
    folder.mkdir()
    (folder / "deadlines.csv").write_text("mine\n")
    result = cli(*export_args(folder))
    assert result.exit_code == 4
    assert "deadlines.csv exists already" in result.stderr
    assert folder_listing(folder) == ["deadlines.csv"]
    assert (folder / "deadlines.csv").read_text() == "mine\n"
