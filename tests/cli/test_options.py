"""Option conventions across every command: `-o/--out` is a file to write, `-f/--format` how
the answer is written, and a help text offers only the values a command accepts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tests.conftest import CLI


def _commands() -> Iterator[tuple[str, Any]]:
    from career.cli.main import app

    root = typer.main.get_command(app)

    def walk(path: str, command: Any) -> Iterator[tuple[str, Any]]:
        yield path, command
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(f"{path} {name}", sub)

    yield from walk("career", root)


def _options(command: Any) -> Iterator[Any]:
    return (p for p in command.params if getattr(p, "param_type_name", "") == "option")


def test_o_is_always_out_and_a_file() -> None:
    seen = []
    for path, command in _commands():
        for option in _options(command):
            names = [*option.opts, *option.secondary_opts]
            if "-o" in names or "--out" in names or "--output" in names:
                assert option.opts == ["--out", "-o"], (path, option.opts)
                assert option.type.name == "path", (path, option.type)
                seen.append(path)
            if "-f" in names:
                assert option.opts == ["--format", "-f"], (path, option.opts)
    assert {"career calendar", "career export apps", "career export skills"} <= set(seen)


@pytest.mark.parametrize(
    ("argv", "offered"),
    [
        (["board", "--help"], "<table|json>"),
        (["show", "--help"], "<table|json>"),
        (["journal", "import", "--help"], "<table|json>"),
        (["journal", "show", "--help"], "<table|json>"),
        (["evidence", "why", "--help"], "<table|json>"),
        (["apps", "--help"], "<table|json|csv>"),
    ],
)
def test_help_offers_only_the_formats_a_command_accepts(argv: list[str], offered: str) -> None:
    from career.cli.main import app

    result = CliRunner().invoke(app, argv, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert offered in result.output


def test_journal_import_reads_with_from_and_summarizes_with_format(cli: CLI, tmp_path: Any) -> None:
    notes = tmp_path / "log.md"
    notes.write_text("[[2024-04-18]]\n- Did: read the DPO paper\n", "utf-8")
    result = cli("journal", "import", "--from", "daily-log", "--format", "json", str(notes))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.lstrip().startswith("{")
    for argv, words in [
        (["--format", "csv"], "'csv' is not one of 'table', 'json'"),
        (["-o", "json"], "No such option: -o"),
        (["--from", "word"], "word"),
    ]:
        refused = cli("journal", "import", *argv, str(notes))
        assert refused.exit_code == 2, refused.stderr
        assert refused.stdout == ""
        assert words in refused.stderr
