"""`career --help` and tab completion start without the database stack (checked in a
subprocess with -X importtime, which lists every module the real CLI imported)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("sqlalchemy", "alembic")


def imported_modules(args: list[str], env_extra: dict[str, str], tmp_path: Path) -> set[str]:
    env = {k: v for k, v in os.environ.items() if k != "CAREER_DB"}
    env.update({"CAREER_HOME": str(tmp_path), **env_extra})
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "career", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    modules = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            modules.add(line.rsplit("|", 1)[1].strip())
    assert "career.cli.main" in modules  # the real CLI ran
    return modules


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


@pytest.mark.parametrize(
    "args", [["--help"], ["app", "--help"], ["add-application", "--help"], ["db", "--help"]]
)
def test_help_does_not_import_the_database_stack(args: list[str], tmp_path: Path) -> None:
    assert heavy(imported_modules(args, {}, tmp_path)) == []


def test_tab_completion_does_not_import_the_database_stack(tmp_path: Path) -> None:
    env = {"_CAREER_COMPLETE": "complete_bash", "COMP_WORDS": "career app mo", "COMP_CWORD": "2"}
    modules = imported_modules([], env, tmp_path)
    assert heavy(modules) == []


def test_tab_completion_offers_commands(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "CAREER_HOME": str(tmp_path),
        "_CAREER_COMPLETE": "complete_bash",
        "COMP_WORDS": "career app mo",
        "COMP_CWORD": "2",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "career"], env=env, capture_output=True, text=True, timeout=60
    )
    assert "move" in proc.stdout.split()


def test_upgrading_a_database_does_import_it(tmp_path: Path) -> None:
    # The checks here would pass vacuously if the parser never saw the modules. (Creating a
    # database no longer does: a new SQLite file gets its schema from the shipped snapshot.)
    env = {"CAREER_DB": str(tmp_path / "x.db")}
    assert "sqlalchemy" in imported_modules(["db", "upgrade"], env, tmp_path)


@pytest.mark.parametrize("args", [["apps"], ["apps", "--all", "--format", "json"]])
def test_listing_a_current_sqlite_file_imports_neither_sqlalchemy_nor_rich(
    args: list[str], tmp_path: Path
) -> None:
    env = {"CAREER_DB": str(tmp_path / "x.db")}
    imported_modules(["add-application", "FAR.AI", "tech lead"], env, tmp_path)
    modules = imported_modules(args, env, tmp_path)
    assert "career.pipeline.queries" in modules
    assert heavy(modules) == []
    assert not any(m.split(".")[0] == "rich" for m in modules)
