"""The edge of the CLI: help without arguments, --version, --debug."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from career import __version__
from career.cli.main import app

runner = CliRunner()


@pytest.mark.parametrize("args", [[], ["app"], ["db"]])
def test_a_group_without_a_command_shows_its_help(args: list[str], home: Path) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout.startswith("Usage: career")
    assert "Commands:" in result.stdout
    assert result.stderr == ""


def test_version(home: Path) -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"career {__version__}\n")


def test_debug_shows_the_traceback_of_a_user_error(home: Path) -> None:
    plain = subprocess.run(
        [sys.executable, "-m", "career", "app", "show", "7"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert plain.returncode == 3
    assert plain.stderr == "career: error: no application #7\n"
    debug = subprocess.run(
        [sys.executable, "-m", "career", "--debug", "app", "show", "7"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert debug.returncode != 0
    assert "Traceback (most recent call last)" in debug.stderr
    assert "NotFound: no application #7" in debug.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["config", "show"], ["remind", "--format", "json"]])
def test_a_full_disk_on_stdout_is_one_line_not_a_traceback(args: list[str], home: Path) -> None:
    with Path("/dev/full").open("w") as full:
        ran = subprocess.run(
            [sys.executable, "-m", "career", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert ran.returncode == 1
    assert ran.stderr == "career: error: No space left on device\n"
