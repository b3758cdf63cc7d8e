"""Every command against hostile values, generated from the CLI's own command tree.

Each command of the typer app's Click tree (a new command is covered without a line here) is
run with one parameter at a time replaced by a hostile value of its type: ids that are huge,
negative or not ASCII digits; dates at the ends of the calendar; text with terminal escapes, a
bare CR, NUL, or 100 KB long; FIFOs, devices, folders and symlinks as paths. Whatever happens:

- no traceback, and no hang (an alarm stops a case after HANG_SECONDS);
- an exit code of `career.errors` (or 1 for an abort), and a failure ends with one line
  `career: error: ...`;
- the database is unchanged when the command failed (`snapshot`);
- nothing raw on stdout or stderr: no escape, bell, CR or NUL character.

The default run takes a sample: each parameter meets one hostile value of its type, chosen by
the parameter's position. `-m slow` runs every value against every parameter.
"""

from __future__ import annotations

import os
import shutil
import signal
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import given
from hypothesis import strategies as st
from typer._click.exceptions import BadParameter
from typer.core import TyperArgument
from typer.models import TyperPath
from typer.testing import CliRunner

from career.cli.main import app
from career.cli.options import LARGEST, WholeNumber
from tests.conftest import FROZEN_NOW, snapshot

HANG_SECONDS = 20

IDS = [
    "١",  # an Arabic-Indic one
    "１",  # a full-width one
    str(2**63),
    str(-(2**63) - 1),
    "9" * 5000,
    "-1",
    "0x10",
    " 1 ",
]
DATES = ["9999-12-31", "0001-01-01", "+99999999d", "-3000y", "２０２４-01-01", "Feb 30"]
TEXTS = [
    "\x1b]0;owned\x07\x1b[2J",
    "line\rbreak=cmd|' /C calc'!A0",
    "a\x00b",
    "\x9b31mred",
    "x" * 100_000,
    "new\nline",
    "\udcff",
    "=1+1",
]
RAW = ("\x1b", "\x07", "\r", "\x00", "\x9b")


def _paths(root: Path) -> list[str]:
    fifo = root / "fifo.json"
    if not fifo.exists():
        os.mkfifo(fifo)
    folder = root / "folder"
    folder.mkdir(exist_ok=True)
    link = root / "link-to-folder"
    if not link.exists():
        link.symlink_to(folder)
    dangling = root / "dangling"
    if not dangling.is_symlink():
        dangling.symlink_to(root / "nowhere")
    return [str(fifo), "/dev/null", "/dev/zero", str(folder), str(link), str(dangling)]


DATE_WORDS = ("due", "on", "applied", "since", "until", "start", "end", "day", "action_due")
PATH_WORDS = ("file", "out", "history", "deadlines", "paths")
# A value that lets a required parameter pass, so that the hostile one is the one judged.
GOOD = {
    "status": "screening",
    "level": "applied",
    "relation": "referrer",
    "key": "remind.stale.applied",
    "value": "5",
    "day": "2024-04-01",
    "due": "2024-06-01",
    "words": "python",
    "text": "Acme",
    "organization": "Acme",
    "source": "Acme",
    "target": "Other",
}


def commands() -> Iterator[tuple[list[str], Any]]:
    def walk(command: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
        subs = getattr(command, "commands", None)
        if subs:
            for name, sub in sorted(subs.items()):
                yield from walk(sub, [*path, name])
        else:
            yield path, command

    yield from walk(typer.main.get_command(app), [])


def kind_of(param: Any) -> str | None:
    """Which table of hostile values a parameter meets (None: a flag or a fixed choice)."""
    if getattr(param, "is_flag", False) or getattr(param.type, "choices", None):
        return None
    if param.name in PATH_WORDS or isinstance(param.type, TyperPath):
        return "path"
    if type(param.type).__name__ == "IntParamType" or isinstance(param.type, WholeNumber):
        return "id"
    if param.name in DATE_WORDS:
        return "date"
    return "text"


def argv_for(path: list[str], command: Any, hostile: Any, value: str, good: str) -> list[str]:
    """The command line with `hostile` given `value` and every other required one a good
    value."""
    args: list[str] = []
    options: list[str] = []
    for param in command.params:
        if param.name == "help":
            continue
        if param is hostile:
            chosen = value
        elif param.required:
            chosen = GOOD.get(param.name or "", "1" if kind_of(param) == "id" else good)
        else:
            continue
        if isinstance(param, TyperArgument):
            args.append(chosen)
        else:
            options += [param.opts[0], chosen]
    yes = ["--yes"] if any("--yes" in p.opts for p in command.params) else []
    # "--" keeps a value that starts with "-" an argument
    return [*path, *options, *yes, "--", *args] if args else [*path, *options, *yes]


def cases(sample: bool, root: Path) -> list[Any]:
    values = {"id": IDS, "date": DATES, "text": TEXTS, "path": _paths(root)}
    found = []
    for path, command in commands():
        for param in command.params:
            kind = kind_of(param)
            if kind is None:
                continue
            table = values[kind]
            name = " ".join(path) + f" {param.name}"
            picked = [table[zlib.crc32(name.encode()) % len(table)]] if sample else table
            for value in picked:
                found.append(pytest.param(path, param.name, value, id=f"{name}={value[:12]!r}"))
    return found


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


SEEDS = (
    ["add-application", "Acme", "dev", "--applied", "2024-04-01"],
    ["add-contact", "Ann", "--org", "Acme"],
    ["add-event", "Jam", "--start", "2024-05-01"],
    ["add-session", "Advisor Org", "--on", "2024-04-02", "--action", "write"],
    ["add-deadline", "Apply", "--due", "2024-06-01", "--app", "1"],
    ["add-application", "Other", "ops"],
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database with one record of each kind (#1 everywhere), built once."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "career.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAREER_HOME", str(folder / "home"))
        patch.setenv("CAREER_NOW", FROZEN_NOW)
        patch.setenv("CAREER_DB", str(path))
        for argv in SEEDS:
            result = CliRunner().invoke(app, argv, catch_exceptions=False)
            assert result.exit_code == 0, (argv, result.stderr)
    return path


@pytest.fixture
def seeded(home: Path, template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A copy of the template for one case (a checkpointed file: no -wal to copy)."""
    path = tmp_path / "data" / "career.db"
    path.parent.mkdir()
    shutil.copyfile(template, path)
    monkeypatch.setenv("CAREER_DB", str(path))
    monkeypatch.setenv("EDITOR", "true")
    monkeypatch.setenv("VISUAL", "true")
    return str(path)


def _alarm(_signum: int, _frame: Any) -> None:
    raise TimeoutError(f"a command ran longer than {HANG_SECONDS} s")


def run_case(db_url: str, path: list[str], name: str, value: str, good: str) -> None:
    command = dict((tuple(p), c) for p, c in commands())[tuple(path)]
    hostile = next(p for p in command.params if p.name == name)
    argv = argv_for(path, command, hostile, value, good)
    before = snapshot(db_url)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_SECONDS)
    try:
        result = CliRunner().invoke(app, argv, input="n\n", catch_exceptions=True)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    shown = (argv[:6], result.exit_code, result.stdout[-300:], result.stderr[-600:])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{shown}: {result.exception!r}") from result.exception
    assert "Traceback" not in result.stdout + result.stderr, shown
    assert result.exit_code in (0, 1, 2, 3, 4, 5), shown
    for raw in RAW:
        assert raw not in result.stdout, shown
        assert raw not in result.stderr, shown
    if result.exit_code != 0:
        last = result.stderr.splitlines()[-1] if result.stderr else ""
        assert last.startswith(("career: error: ", "career: aborted")), shown
        assert snapshot(db_url) == before, shown


def test_every_command_has_a_case(hostile_root: Path) -> None:
    covered = {" ".join(p.values[0]) for p in cases(True, hostile_root)}
    every = {" ".join(path) for path, command in commands() if any(map(kind_of, command.params))}
    assert covered == every
    assert len(covered) > 40


@pytest.fixture
def good_value(hostile_root: Path) -> str:
    return "Acme"


@pytest.mark.parametrize(("path", "name", "value"), cases(True, Path("/tmp/career-hostile")))
def test_hostile_value(
    seeded: str, path: list[str], name: str, value: str, good_value: str, hostile_root: Path
) -> None:
    value = value.replace("/tmp/career-hostile", str(hostile_root))
    _paths(hostile_root)
    run_case(seeded, path, name, value, good_value)


@pytest.mark.slow
@pytest.mark.parametrize(("path", "name", "value"), cases(False, Path("/tmp/career-hostile")))
def test_every_hostile_value(
    seeded: str, path: list[str], name: str, value: str, good_value: str, hostile_root: Path
) -> None:
    value = value.replace("/tmp/career-hostile", str(hostile_root))
    _paths(hostile_root)
    run_case(seeded, path, name, value, good_value)


@given(st.text(max_size=30))
def test_ids_are_ascii_digits_within_64_bits(text: str) -> None:
    number = WholeNumber()
    stripped = text.strip()
    digits = stripped.lstrip("+-")
    valid = (
        digits.isascii()
        and digits.isdigit()
        and stripped.count("-") + stripped.count("+") <= 1
        and stripped[:1] in ("+", "-", *"0123456789")
        and abs(int(stripped)) <= LARGEST
    )
    if valid:
        assert number.convert(text, None, None) == int(stripped)
    else:
        with pytest.raises(BadParameter):
            number.convert(text, None, None)
