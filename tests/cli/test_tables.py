"""Tables as a person sees them: in a real process on a terminal (a pseudo-terminal) of 80
columns, and on a pipe. Short columns (ids, statuses, dates, numbers) are never wrapped nor
cut; long text is cut with an ellipsis to the terminal's width; `--wide` cuts nothing; a pipe
gets plain columns, whole. On both backends."""

from __future__ import annotations

import os
import re
import sys

import pytest

from tests.conftest import CLI, added_id
from tests.terminal import on_terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")

ORG = "Organization With A Long Name International"
ROLE = "Senior research engineer, alignment and interpretability"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _on_terminal(args: list[str], db_url: str, columns: int = 80) -> list[str]:
    """What `career ARGS` shows on a terminal `columns` wide, without colours and styles."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREER_")}
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    env.update(
        CAREER_DB=db_url,
        CAREER_NOW=os.environ["CAREER_NOW"],
        CAREER_HOME=os.environ["CAREER_HOME"],
        TERM="xterm-256color",
    )
    out, proc = on_terminal(args, env, columns=columns)
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    text = ANSI.sub("", out.decode()).replace("\r\n", "\n")
    return text.splitlines()


@pytest.fixture
def listed(cli: CLI) -> dict[str, int]:
    tags = ["--tag", "ai-safety", "--tag", "a very long tag indeed"]
    ids = {
        "long": added_id(
            cli("add-application", ORG, ROLE, "--applied", "2024-04-19", "--excitement", "4", *tags)
        ),
        "short": added_id(cli("add-application", "FAR.AI", "tech lead", "--tag", "x")),
    }
    cli("add-deadline", "SPAR applications open", "--due", "2024-04-01", "--kind", "opens")
    cli("add-deadline", "Send the portfolio and both references", "--due", "2024-04-25",
        "--at", "09:00", "--tz", "Asia/Tokyo", "--app", str(ids["long"]))  # fmt: skip
    return ids


def _row(lines: list[str], start: str) -> list[str]:
    return next(line for line in lines if line.startswith(start)).split()


def test_a_listing_fits_80_columns_and_short_cells_stay_whole(
    listed: dict[str, int], db_url: str
) -> None:
    lines = _on_terminal(["apps"], db_url)
    assert len(lines) == 3  # a heading and one line a row: nothing wrapped
    assert all(len(line) <= 80 for line in lines), lines
    headings = lines[0].split()
    for heading in ("ID", "Kind", "Status", "Days", "Applied", "Excitement"):
        assert heading in headings
    long = next(line for line in lines if line.startswith(f"{listed['long']} "))
    assert re.search(r" job +applied +1 +2024-04-19 +4 ", long), long
    assert ORG not in long and ROLE not in long
    assert long.count("…") >= 2  # the organization, the role (and the tags) are cut
    short = next(line for line in lines if line.startswith(f"{listed['short']} "))
    assert re.search(r" FAR\.AI +tech lead +job +applied +0 +2024-04-20 +x$", short), short


def test_deadlines_keep_dates_times_and_open_since_whole(
    listed: dict[str, int], db_url: str
) -> None:
    lines = _on_terminal(["deadlines"], db_url)
    assert len(lines) == 3 and all(len(line) <= 80 for line in lines), lines
    assert re.search(r"^1 +2024-04-01 +open since 2024-04-01 +SPAR", lines[1]), lines
    assert re.search(r"^2 +2024-04-25 +09:00 +5 +Send", lines[2]), lines


def test_wide_cuts_nothing(listed: dict[str, int], db_url: str) -> None:
    lines = _on_terminal(["apps", "--wide"], db_url)
    text = "\n".join(lines)
    assert ORG in text and ROLE in text and "a very long tag indeed" in text
    assert "…" not in text


def test_a_narrower_terminal_cuts_more_and_still_never_wraps(
    listed: dict[str, int], db_url: str
) -> None:
    lines = _on_terminal(["apps"], db_url, columns=60)
    assert len(lines) == 3 and all(len(line) <= 60 for line in lines), lines
    assert "2024-04-19" in lines[1] + lines[2]


def test_a_pipe_gets_plain_whole_columns(cli: CLI, listed: dict[str, int]) -> None:
    result = cli("apps", "--wide")  # --wide changes nothing off a terminal
    assert result.exit_code == 0
    assert result.stdout == cli("apps").stdout
    assert ORG in result.stdout and ROLE in result.stdout
    assert "…" not in result.stdout and "\x1b[" not in result.stdout


def test_remind_fits_the_terminal_on_either_path(listed: dict[str, int], db_url: str) -> None:
    """The fast path (a SQLite file) and the full CLI (PostgreSQL) cut the same columns."""
    lines = _on_terminal(["remind"], db_url)
    assert len(lines) == 3 and all(len(line) <= 80 for line in lines), lines
    assert lines[1].startswith("open since 2024-04-01  2024-04-01 ")
    assert "2024-04-25 09:00 Asia/Tokyo  apply-by" in lines[2]
    assert "…" in lines[2]
    wide = _on_terminal(["remind", "--wide"], db_url)
    assert "Send the portfolio and both references" in "".join(wide)
