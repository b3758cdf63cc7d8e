"""A plain, non-editable `pip install .` into a fresh virtual environment can create and
migrate a database and record an application (the migrations travel inside the wheel)."""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

import pytest

from career.db.sqlite import SCHEMA_HEAD

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_pip_install_then_add_application(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(REPO)],
        check=True,
        capture_output=True,
        timeout=900,
    )
    site = subprocess.run(
        [
            str(bin_dir / "python"),
            "-c",
            "import career, os; print(os.path.dirname(career.__file__))",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert Path(site, "migrations", "env.py").is_file()
    assert REPO not in Path(site).parents  # really installed, not pointing back at the repo

    env = {k: v for k, v in os.environ.items() if not k.startswith(("CAREER_", "VIRTUAL_ENV"))}
    env["CAREER_HOME"] = str(tmp_path / "home")
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()

    def career(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bin_dir / "career"), *args],
            env=env,
            cwd=workdir,
            capture_output=True,
            text=True,
            timeout=120,
        )

    added = career("add-application", "FAR.AI", "tech lead", "--applied", "2024-04-19")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "1"
    listed = career("apps")
    assert listed.returncode == 0, listed.stderr
    assert "FAR.AI" in listed.stdout and "tech lead" in listed.stdout
    assert (tmp_path / "home" / "career.db").is_file()
    assert career("db", "current").stdout.startswith(f"{SCHEMA_HEAD} (up to date)")
    module = subprocess.run(
        [str(bin_dir / "python"), "-m", "career", "--version"], capture_output=True, text=True
    )
    assert module.stdout.startswith("career ")
