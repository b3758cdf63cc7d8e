"""The README's examples run, in order, as a new user would type them.

Every ```sh block from "## Recording applications" up to "## Development" (the sections about
using career) is run with bash, one block after the other, in one fresh CAREER_HOME, with the
installed `career` first on PATH, stdin answering "y" to any question, and the clock at
README_NOW. A block is left out only when the line before it is the comment
`<!-- readme-test: not run (REASON) -->` (installing, or a server we cannot have); Quickstart
and Development install and test, so they are outside the run. The files the examples name are
given to them from tests/fixtures: `~/notes/daily-log.md` and `~/vault` (HOME is a temporary
folder), `tracker.csv` and `posting.json` (in the working folder).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, OWN_LOG

README = Path(__file__).resolve().parents[2] / "README.md"
FIRST, LAST = "## Recording applications", "## Development"
SKIP = re.compile(r"<!-- readme-test: not run \((?P<reason>[^)]+)\) -->\s*$")
FENCE = re.compile(r"^```sh\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
# After the examples' dates (applied 2024-04-19, moved on "Apr 22") and before their deadlines.
README_NOW = "2024-05-12T09:00:00+00:00"


def usage_blocks() -> list[tuple[int, str, str | None]]:
    """(line number, code, reason it is not run or None) of each sh block about usage."""
    text = README.read_text(encoding="utf-8")
    start, end = text.index(f"\n{FIRST}\n"), text.index(f"\n{LAST}\n")
    blocks = []
    for match in FENCE.finditer(text, start, end):
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        skipped = SKIP.match(before)
        line = text.count("\n", 0, match.start()) + 2
        blocks.append((line, match["body"], skipped["reason"] if skipped else None))
    return blocks


def test_the_usage_sections_have_blocks_and_few_are_left_out() -> None:
    blocks = usage_blocks()
    assert len(blocks) >= 10
    left_out = [reason for _, _, reason in blocks if reason]
    assert left_out == ["installs a driver and needs your own PostgreSQL server"]


def _career_bin() -> Path:
    career = Path(sys.executable).with_name("career")
    if not career.is_file():
        pytest.fail(f"no career script beside {sys.executable}: install the project first")
    return career.parent


def test_the_readme_examples_run_in_order(tmp_path: Path) -> None:
    home, work = tmp_path / "user", tmp_path / "work"
    (home / "notes").mkdir(parents=True)
    work.mkdir()
    shutil.copyfile(OWN_LOG, home / "notes" / "daily-log.md")
    shutil.copytree(FIXTURES / "journal" / "vault", home / "vault")
    shutil.copyfile(FIXTURES / "spreadsheets" / "tracker-export.csv", work / "tracker.csv")
    shutil.copyfile(FIXTURES / "jobs" / "research-engineer.job.json", work / "posting.json")

    env = {k: v for k, v in os.environ.items() if not k.startswith(("CAREER_", "VIRTUAL_ENV"))}
    env.update(
        HOME=str(home),
        CAREER_HOME=str(tmp_path / "career-home"),
        CAREER_NOW=README_NOW,
        PATH=f"{_career_bin()}{os.pathsep}{env.get('PATH', '')}",
        NO_COLOR="1",
    )
    ran = 0
    for line, code, reason in usage_blocks():
        if reason:
            continue
        script = f"set -eu -o pipefail\ntrap 'echo \"failed: $BASH_COMMAND\" >&2' ERR\n{code}"
        done = subprocess.run(
            ["bash", "-c", script],
            cwd=work,
            env=env,
            input="y\n" * 20,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, f"README.md line {line}:\n{code}\n{done.stderr}"
        ran += 1
    assert ran == len(usage_blocks()) - 1
