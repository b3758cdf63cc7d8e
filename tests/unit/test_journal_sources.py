"""Tests for career.journal.sources: which files of a folder are days, in which format, and
what is skipped and why (filesystem only, no database)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from career.errors import InvalidInput
from career.journal.document import SkippedFile
from career.journal.sources import discover, logseq_name_pattern
from tests.conftest import write_tree

D = date.fromisoformat


def _found(root: Path, fmt: str = "auto") -> tuple[list[Any], list[Any]]:
    sources, skipped = discover(root, fmt)
    return [(s.name, s.format, s.day) for s in sources], [(s.name, s.reason) for s in skipped]


# --- Logseq ------------------------------------------------------------------------------------

CONFIG = """{:meta/version 1
 ;; :journals-directory "commented-out"
 :journals-directory "diary"
 :journal/file-name-format "yyyy-MM-dd"
 :preferred-format :markdown}
"""


def _graph(root: Path) -> Path:
    return write_tree(
        root,
        {
            "logseq/config.edn": CONFIG,
            "diary/2024-04-19.md": "- LATER read the DPO paper\n",
            "diary/2024-04-20.md": "- DONE trained a model\n",
            "pages/LoRA.md": "- ## [[2024-04-19]]\n\t- read the LoRA paper\n",
            "journals/2024_04_21.md": "- an old folder the graph no longer uses\n",
        },
    )


def test_a_logseq_graph_with_a_custom_journals_folder_and_name_format(tmp_path: Path) -> None:
    found, skipped = _found(_graph(tmp_path))
    assert found == [
        ("diary/2024-04-19.md", "logseq", D("2024-04-19")),
        ("diary/2024-04-20.md", "logseq", D("2024-04-20")),
    ]
    assert skipped == [
        ("journals/2024_04_21.md", "not daily notes"),
        ("pages/LoRA.md", "not daily notes"),
    ]


def test_the_journals_folder_of_a_graph_given_alone_is_read_as_logseq(tmp_path: Path) -> None:
    _graph(tmp_path)
    found, skipped = _found(tmp_path / "diary")
    assert [(name, fmt) for name, fmt, _ in found] == [
        ("2024-04-19.md", "logseq"),
        ("2024-04-20.md", "logseq"),
    ]
    assert skipped == []
    # One page of it, named.
    [source], _ = discover(tmp_path / "diary" / "2024-04-19.md")
    assert source.format == "logseq"


@pytest.mark.parametrize(
    ("java", "name", "day"),
    [
        ("yyyy_MM_dd", "2024_04_19", "2024-04-19"),
        ("yyyy-MM-dd", "2024-04-19", "2024-04-19"),
        ("yyyyMMdd", "20240419", "2024-04-19"),
        ("dd.MM.yyyy", "19.04.2024", "2024-04-19"),
        ("yyyy_MMM_dd", "2024_Apr_19", "2024-04-19"),
        ("'day' yyyy-MM-dd", "day 2024-04-19", "2024-04-19"),
    ],
)
def test_logseq_file_name_formats(java: str, name: str, day: str) -> None:
    reader = logseq_name_pattern(java)
    assert reader is not None
    assert reader(name) == D(day)


# --- Obsidian ----------------------------------------------------------------------------------


def test_a_vault_root_reads_dated_notes_only(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "Daily/2024-04-19.md": "- read the DPO paper\n",
            "Projects/RLHF.md": "# RLHF\n## [[2021-03-02]]\n- notes\n## [[2021-03-03]]\n- more\n",
            "Ideas.md": "## 2024-04-23\n- an idea\n",
        },
    )
    found, skipped = _found(tmp_path)
    assert found == [("Daily/2024-04-19.md", "obsidian", D("2024-04-19"))]
    assert skipped == [("Ideas.md", "not daily notes"), ("Projects/RLHF.md", "not daily notes")]
    # Named, a topic page with dated headings is a daily log.
    [named], _ = discover(tmp_path / "Projects" / "RLHF.md")
    assert named.format == "daily-log"


def test_the_periodic_notes_plugin_sets_the_daily_folder_and_format(tmp_path: Path) -> None:
    settings = {"daily": {"enabled": True, "folder": "Journal", "format": "DD-MM-YYYY"}}
    write_tree(
        tmp_path,
        {
            ".obsidian/plugins/periodic-notes/data.json": json.dumps(settings),
            ".obsidian/daily-notes.json": json.dumps({"folder": "Old", "format": "YYYY-MM-DD"}),
            "Journal/19-04-2024.md": "- read the DPO paper\n",
        },
    )
    found, _ = _found(tmp_path)
    assert found == [("Journal/19-04-2024.md", "obsidian", D("2024-04-19"))]


def test_both_name_styles_of_one_day_are_one_source(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "2022_03_02.md": "- afternoon\n",
            "2022-03-02.md": "- morning\n",
            "2022-03-03.md": "- next day\n",
        },
    )
    sources, skipped = discover(tmp_path)
    assert [(s.name, s.day, s.merged_names) for s in sources] == [
        ("2022-03-02.md", D("2022-03-02"), ("2022_03_02.md",)),
        ("2022-03-03.md", D("2022-03-03"), ()),
    ]
    assert sources[0].merged == (tmp_path.resolve() / "2022_03_02.md",)
    assert skipped == [SkippedFile("2022_03_02.md", "duplicate day", "merged into 2022-03-02.md")]


@pytest.mark.parametrize(
    "name",
    [
        "2024-04-19 (1).md",
        "2024-04-19 (conflict 2024-04-20).md",
        "2024-04-19 (Ada's conflicted copy 2024-04-20).md",
        "2024-04-19.sync-conflict-20240420-101010-ABCDEF.md",
        "2024-04-19.md.orig",
        "2024-04-19.orig.md",
    ],
)
def test_conflict_copies_are_skipped_and_named(tmp_path: Path, name: str) -> None:
    write_tree(tmp_path, {"2024-04-19.md": "- the day\n", name: "- the day, again\n"})
    found, skipped = _found(tmp_path)
    assert [n for n, _, _ in found] == ["2024-04-19.md"]
    assert skipped == [(name, "conflict copy")]


def test_a_utf16_log_given_by_name_is_a_daily_log(tmp_path: Path) -> None:
    path = tmp_path / "log.md"
    path.write_bytes("## 2024-04-19\n- read the DPO paper\n".encode("utf-16"))
    [source], _ = discover(path)
    assert source.format == "daily-log"


def test_a_folder_of_topic_pages_says_how_to_read_one(tmp_path: Path) -> None:
    write_tree(tmp_path, {"RLHF.md": "## [[2021-03-02]]\n- notes\n"})
    with pytest.raises(InvalidInput, match="--from daily-log"):
        discover(tmp_path)
    sources, _ = discover(tmp_path, "daily-log")
    assert [s.name for s in sources] == ["RLHF.md"]
