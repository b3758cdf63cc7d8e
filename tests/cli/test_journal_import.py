"""`career journal import` on real vaults, through the CLI on both backends: Logseq graphs,
vault roots with topic pages, one day in two files, date headings, encodings and bad files,
what was skipped, pathological input, and progress on a terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CLI, assert_refused, snapshot, write_tree
from tests.terminal import on_terminal


def _import(cli: CLI, *args: str, code: int = 0) -> tuple[dict[str, Any], str]:
    result = cli("journal", "import", "--format", "json", *args)
    assert result.exit_code == code, result.stderr
    summary: dict[str, Any] = json.loads(result.stdout)
    return summary, result.stderr


def _days(cli: CLI) -> dict[str, list[str]]:
    """Each imported day and its lines' texts."""
    result = cli("journal", "entries", "--format", "json")
    assert result.exit_code == 0, result.stderr
    days: dict[str, list[str]] = {}
    for entry in json.loads(result.stdout):
        shown = cli("journal", "show", entry["day"], "--format", "json")
        assert shown.exit_code == 0, shown.stderr
        data = json.loads(shown.stdout)
        days[entry["day"]] = [item["text"] for e in data["entries"] for item in e["items"]]
    return days


# --- formats -----------------------------------------------------------------------------------

LOGSEQ_DAY = """\
- LATER read the DPO paper
  :LOGBOOK:
  CLOCK: [2024-04-19 Fri 10:00:00]--[2024-04-19 Fri 11:00:00] =>  01:00:00
  :END:
- DONE implemented LoRA in PyTorch
  id:: 6624a0c1-1b2c-4d5e-8f90-123456789abc
- query-table:: false
  #+BEGIN_QUERY
  {:query [:find (pull ?b [*])]}
  #+END_QUERY
- see ((6624a0c1-1b2c-4d5e-8f90-123456789abc))
- ((6624a0c1-1b2c-4d5e-8f90-123456789abc))
"""


def test_a_logseq_graph_with_a_custom_journals_folder(cli: CLI, tmp_path: Path) -> None:
    graph = write_tree(
        tmp_path / "graph",
        {
            "logseq/config.edn": '{:journals-directory "diary"\n :preferred-format :markdown}\n',
            "diary/2024_04_19.md": LOGSEQ_DAY,
            "pages/LoRA.md": "- ## [[2024-04-19]]\n\t- notes about LoRA\n",
        },
    )
    summary, _ = _import(cli, str(graph))
    assert summary["entries_added"] == 1
    assert summary["skipped"] == [
        {"file": "pages/LoRA.md", "reason": "not daily notes", "detail": None}
    ]
    lines = _days(cli)["2024-04-19"]
    assert lines[:2] == ["read the DPO paper", "implemented LoRA in PyTorch"]
    text = "\n".join(lines)
    for not_text in ("LOGBOOK", "CLOCK", ":END:", "query-table", "id::", "6624a0c1", "LATER"):
        assert not_text not in text
    assert "see" in lines


def test_a_vault_root_with_topic_pages_reads_only_daily_notes(cli: CLI, tmp_path: Path) -> None:
    vault = write_tree(
        tmp_path / "vault",
        {
            "Daily/2024-04-19.md": "- implemented DPO\n",
            "Topics/RLHF.md": "# RLHF\n## [[2021-03-02]]\n- read about PPO\n## [[2021-03-03]]\n",
        },
    )
    summary, _ = _import(cli, str(vault))
    assert (summary["entries_added"], summary["skipped_not_notes"]) == (1, 1)
    assert list(_days(cli)) == ["2024-04-19"]
    # Named, the topic page is a daily log.
    summary, _ = _import(cli, str(vault / "Topics" / "RLHF.md"))
    assert summary["entries_added"] == 2


def test_both_name_styles_of_one_day_are_one_entry(cli: CLI, tmp_path: Path) -> None:
    vault = write_tree(
        tmp_path / "vault",
        {"2022_03_02.md": "- trained a model in the afternoon\n", "2022-03-02.md": "- read\n"},
    )
    summary, _ = _import(cli, str(vault))
    assert (summary["sources_read"], summary["entries_added"]) == (1, 1)
    assert summary["skipped"] == [
        {"file": "2022_03_02.md", "reason": "duplicate day", "detail": "merged into 2022-03-02.md"}
    ]
    assert _days(cli) == {"2022-03-02": ["read", "trained a model in the afternoon"]}
    table = cli("journal", "import", "--dry-run", str(vault))
    assert "skipped (duplicate day): 1\n  2022_03_02.md (merged into 2022-03-02.md)" in table.stdout
    # Editing the second file updates the one entry.
    (vault / "2022_03_02.md").write_text("- trained two models\n", "utf-8")
    summary, _ = _import(cli, str(vault))
    assert (summary["entries_updated"], summary["entries_gone"]) == (1, 0)
    assert _days(cli) == {"2022-03-02": ["read", "trained two models"]}


# --- date headings -----------------------------------------------------------------------------

HEADINGS = """\
## Tuesday, 23 April 2024
- read about DPO
## April 24, 2024
- implemented DPO
**2024-04-25**
- trained a model
## 2024/04/26
- wrote a blog post
## Samstag, 27. April 2024
- read about LoRA
## dimanche 28 avril 2024
- read about PPO
## lunes, 29 de abril de 2024
- read about RLHF
## 2024-04-31
- lost: not given to the 29th
## 03/04/2024
- a slash date
"""


@pytest.mark.parametrize(("order", "slash_day"), [(None, "2024-04-03"), ("MDY", "2024-03-04")])
def test_date_headings_of_every_form(
    cli: CLI, tmp_path: Path, order: str | None, slash_day: str
) -> None:
    if order is not None:
        assert cli("config", "set", "dates.order", order).exit_code == 0
    log = tmp_path / "log.md"
    log.write_text(HEADINGS, "utf-8")
    summary, stderr = _import(cli, str(log))
    days = _days(cli)
    assert sorted(days) == sorted([slash_day, *(f"2024-04-{day}" for day in range(23, 30))])
    assert days["2024-04-29"] == ["read about RLHF"]
    assert days[slash_day] == ["a slash date"]
    warning = (
        "log.md:15: '## 2024-04-31' looks like a date but cannot be read; the lines under it are"
        " not imported"
    )
    assert summary["warnings"] == [warning]
    assert f"warning: {warning}" in stderr


# --- encodings and bad files -------------------------------------------------------------------


def test_utf16_with_bom_is_read(cli: CLI, tmp_path: Path) -> None:
    log = tmp_path / "log.md"
    log.write_bytes("## 2024-04-19\n- implemented DPO in PyTorch\n".encode("utf-16"))
    note = tmp_path / "vault" / "2024-04-20.md"
    note.parent.mkdir()
    note.write_bytes(b"\xef\xbb\xbf- read about LoRA\r\n")
    _import(cli, str(log))
    _import(cli, str(note.parent))
    assert _days(cli) == {
        "2024-04-19": ["implemented DPO in PyTorch"],
        "2024-04-20": ["read about LoRA"],
    }


def test_a_latin1_note_is_skipped_named_and_the_rest_imported(
    cli: CLI, db_url: str, tmp_path: Path
) -> None:
    vault = write_tree(
        tmp_path / "vault",
        {
            "2024-04-18.md": "- read the DPO paper\n",
            "2024-04-19.md": "- caf\xe9 notes\n".encode("latin-1"),
            "2024-04-20.md": "- implemented DPO\n",
        },
    )
    summary, stderr = _import(cli, str(vault), code=6)
    assert summary["entries_added"] == 2
    assert summary["skipped"] == [
        {
            "file": "2024-04-19.md",
            "reason": "unreadable",
            "detail": "2024-04-19.md: not valid UTF-8 at byte 5 (save the file as UTF-8)",
        }
    ]
    assert "warning: skipped 2024-04-19.md: not valid UTF-8 at byte 5" in stderr
    assert sorted(_days(cli)) == ["2024-04-18", "2024-04-20"]
    table = cli("journal", "import", str(vault))
    assert table.exit_code == 6
    assert "skipped (unreadable): 1\n  2024-04-19.md\n" in table.stdout
    # --strict stops at it, with nothing written.
    (vault / "2024-04-21.md").write_text("- one more\n", "utf-8")
    before = snapshot(db_url)
    assert_refused(cli("journal", "import", "--strict", str(vault)), 2, "byte 5")
    assert snapshot(db_url) == before


def test_broken_front_matter_is_a_warning_and_no_journal_text(cli: CLI, tmp_path: Path) -> None:
    vault = write_tree(
        tmp_path / "vault",
        {"2024-04-19.md": "---\ntitle: [unclosed\nmood: : bad\n---\n- implemented DPO\n"},
    )
    summary, stderr = _import(cli, str(vault))
    assert _days(cli) == {"2024-04-19": ["implemented DPO"]}
    [warning] = summary["warnings"]
    assert warning.startswith("2024-04-19.md:")
    assert "front matter is not valid YAML" in warning
    assert warning in stderr


# --- pathological input ------------------------------------------------------------------------


def test_ten_thousand_levels_of_nesting_import(cli: CLI, tmp_path: Path) -> None:
    vault = write_tree(
        tmp_path / "vault",
        {
            "2024-04-19.md": "- " * 10_000 + "implemented DPO\n",
            "2024-04-20.md": "> " * 10_000 + "read about LoRA\n",
            # 10,000 lines, each a level deeper than the one above (a tab per level).
            "2024-04-21.md": "".join("\t" * (n % 2000) + f"- step {n}\n" for n in range(10_000)),
        },
    )
    summary, _ = _import(cli, str(vault))
    assert summary["entries_added"] == 3


# --- progress ----------------------------------------------------------------------------------

pty_only = pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")


def _big_log(tmp_path: Path) -> Path:
    """A log long enough to take more than half a second (ten years of days, four lines
    each: the import is fast)."""
    log = tmp_path / "big.md"
    lines = []
    for n in range(3650):
        day = f"{2020 + n // 365}-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
        lines += [
            f"## {day}",
            f"- implemented DPO in PyTorch, run {n}",
            f"- read about LoRA and RLHF, {n % 40} pages",
            f"- walked {n % 9} km with Ana",
            f"- applied to FAR.AI research engineer job {n}",
        ]
    log.write_text("\n".join(lines) + "\n", "utf-8")
    return log


def _env(db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREER_")}
    env.update(
        CAREER_DB=db_url,
        CAREER_NOW=os.environ["CAREER_NOW"],
        CAREER_HOME=os.environ["CAREER_HOME"],
        TERM="xterm-256color",
    )
    return env


@pty_only
def test_progress_shows_on_a_terminal(cli: CLI, db_url: str, tmp_path: Path) -> None:
    log = _big_log(tmp_path)
    shown, proc = on_terminal(
        ["journal", "import", str(log)], _env(db_url), stream="stderr", timeout=120
    )
    assert proc.returncode == 0
    assert proc.stdout is not None
    assert "entries added" in proc.stdout.read().decode()
    assert any(phase in shown for phase in (b"reading", b"parsing", b"writing"))
    assert b"100%" in shown


def test_no_progress_on_a_pipe(cli: CLI, db_url: str, tmp_path: Path) -> None:
    log = _big_log(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "career", "journal", "import", str(log)],
        capture_output=True,
        env=_env(db_url),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert b"\x1b" not in done.stdout


# --- analysis in worker processes ---------------------------------------------------------------

ROTATION = ("DPO", "LoRA", "RLHF", "PPO", "JAX", "CUDA", "Rust", "Docker", "ORPO", "SQL", "FSDP")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers run on Linux only")
def test_a_big_vault_analysed_in_workers_stores_each_day_with_its_own_evidence(
    cli: CLI, db_url: str, tmp_path: Path
) -> None:
    from career.journal.importer import PARALLEL_LINES

    vault = tmp_path / "vault"
    days = PARALLEL_LINES // 4 + 50  # four lines a day: over the threshold
    for n in range(days):
        skill = ROTATION[n % len(ROTATION)]
        day = f"{2010 + n // 336}-{n // 28 % 12 + 1:02d}-{n % 28 + 1:02d}"
        write_tree(
            vault,
            {
                f"{day}.md": f"- implemented {skill} for run {n}\n"
                f"- never tried {ROTATION[(n + 1) % len(ROTATION)]}\n"
                f"- walked {n} m\n- applied to FAR.AI research engineer job {n}\n"
            },
        )
    done = subprocess.run(
        [sys.executable, "-m", "career", "journal", "import", str(vault), "--format", "json"],
        capture_output=True,
        env=_env(db_url),
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["entries_added"] == days
    result = cli("evidence", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    # One row a day, the day's own skill (a row given to the wrong day would name another).
    assert len(rows) == days
    for row in rows:
        n = int(row["text"].rsplit(" ", 1)[1])
        assert row["skill"] == ROTATION[n % len(ROTATION)], row
        assert row["level_name"] == "applied"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().split()[3]) == pid:
                found.append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers run on Linux only")
def test_ctrl_c_while_workers_analyse_stops_all_of_it_cleanly(
    cli: CLI, db_url: str, tmp_path: Path
) -> None:
    import signal
    import time

    from career.journal.importer import PARALLEL_LINES

    log = tmp_path / "big.md"
    lines = []
    for n in range(PARALLEL_LINES):  # a day of four lines: four times the threshold
        day = f"{2000 + n // 336}-{n // 28 % 12 + 1:02d}-{n % 28 + 1:02d}"
        skill = ROTATION[n % len(ROTATION)]
        lines += [f"[[{day}]]", f"- implemented {skill} in run {n}", "- read about LoRA", "- gym"]
    log.write_text("\n".join(lines) + "\n", "utf-8")
    _import(cli, str(write_tree(tmp_path / "small", {"2024-04-19.md": "- gym\n"})))
    before = snapshot(db_url)
    proc = subprocess.Popen(
        [sys.executable, "-m", "career", "journal", "import", str(log)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(db_url),
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C reaches it
    )
    deadline = time.monotonic() + 60
    while not _children(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)  # past the few milliseconds in which the workers are being forked
    assert proc.poll() is None, "the import ended before its workers could be seen"
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.decode().strip().splitlines()[-1] == "career: interrupted"
    assert b"Traceback" not in err
    assert snapshot(db_url) == before  # nothing half-written
    assert not _children(proc.pid)
