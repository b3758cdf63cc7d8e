"""Tests for career.journal.parser and career.journal.sources: days and lines of each journal
format, encodings, discovery of files in folders and vaults, and bad input."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from career.errors import InvalidInput
from career.journal.document import FORMATS, Entry, Item, SourceFile
from career.journal.parser import decode, link_targets, masked, parse
from career.journal.sources import daily_note_pattern, discover
from tests.conftest import OWN_LOG, SHARED

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "journal"
USER_FILE = SHARED / "fixtures" / "daily-log-2024-04.md"
D = date.fromisoformat


def read(source: SourceFile) -> list[Entry]:
    return parse(decode(source.path.read_bytes(), source.name), source)


def only(path: Path, fmt: str = "auto") -> SourceFile:
    sources, skipped = discover(path, fmt)
    assert len(skipped) == 0
    assert len(sources) == 1
    return sources[0]


def shape(entry: Entry) -> list[tuple[int, str, str, int, int | None, bool | None]]:
    return [(i.line, i.section, i.text, i.depth, i.parent, i.checked) for i in entry.items]


def by_day(entries: list[Entry]) -> dict[date, Entry]:
    return {entry.day: entry for entry in entries}


# --- the user's file -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def user_entries() -> dict[date, Entry]:
    source = only(USER_FILE)
    assert source.format == "daily-log"
    assert source.name == "daily-log-2024-04.md"
    return by_day(read(source))


@pytest.mark.shared_fixture
def test_user_file_gives_exactly_eight_days(user_entries: dict[date, Entry]) -> None:
    assert list(user_entries) == [
        D("2024-04-17"),
        D("2024-04-18"),
        D("2024-04-19"),
        D("2024-04-22"),
        D("2024-04-23"),
        D("2024-04-24"),
        D("2024-04-25"),
        D("2024-04-26"),
    ]
    assert {day.isoformat(): e.line for day, e in user_entries.items()} == {
        "2024-04-26": 1,
        "2024-04-25": 5,
        "2024-04-24": 9,
        "2024-04-23": 14,
        "2024-04-22": 23,
        "2024-04-19": 32,
        "2024-04-18": 53,
        "2024-04-17": 71,
    }


@pytest.mark.shared_fixture
def test_user_file_days_with_only_a_goals_line_have_no_items(
    user_entries: dict[date, Entry],
) -> None:
    assert user_entries[D("2024-04-26")].items == ()
    assert user_entries[D("2024-04-25")].items == ()
    assert user_entries[D("2024-04-26")].text == "[[2024-04-26]]\n\nGoals:"


@pytest.mark.shared_fixture
def test_user_file_goals_and_done_sections_and_empty_bullets(
    user_entries: dict[date, Entry],
) -> None:
    # 2024-04-22: "Done:" followed by an empty bullet: the goals only.
    assert shape(user_entries[D("2024-04-22")]) == [
        (26, "goal", "leetcode", 0, None, None),
        (27, "goal", "complete karpathy lecture 6/8", 0, None, None),
    ]
    assert shape(user_entries[D("2024-04-24")]) == [
        (
            12,
            "goal",
            "read illustrated transformer more closely, look at more detailed references too",
            0,
            None,
            None,
        ),
    ]


@pytest.mark.shared_fixture
def test_user_file_day_before_a_date_line_keeps_its_nesting(
    user_entries: dict[date, Entry],
) -> None:
    day = user_entries[D("2024-04-19")]
    rows = [(line, section, depth, parent) for line, section, _, depth, parent, _ in shape(day)]
    assert rows == [
        (35, "goal", 0, None),
        (36, "goal", 0, None),
        (37, "goal", 0, None),
        (40, "done", 0, None),
        (41, "done", 0, None),
        (42, "done", 0, None),
        (43, "done", 1, 5),
        (44, "done", 0, None),
        (45, "done", 0, None),
        (46, "done", 1, 8),
        (47, "done", 1, 8),
        (48, "done", 1, 8),
        (49, "done", 2, 11),
        (50, "done", 1, 8),
        (51, "done", 0, None),
    ]
    # The empty bullet on line 52, right before [[2024-04-18]], is not an item and the date
    # line was not folded into the day before.
    assert day.items[-1].line == 51
    assert "[[2024-04-18]]" not in day.text


@pytest.mark.shared_fixture
def test_user_file_keeps_links_urls_code_and_embeds_as_written(
    user_entries: dict[date, Entry],
) -> None:
    texts = {item.line: item.text for item in user_entries[D("2024-04-19")].items}
    assert texts[35] == "1st pass of reading [DPO paper](https://arxiv.org/pdf/2305.18290.pdf)"
    assert texts[47] == "https://huggingface.co/blog/stackllama"
    assert texts[48] == (
        "learned about `peft` library which can be used for LoRA fine-tuning"
        " https://github.com/huggingface/peft"
    )
    assert texts[50].endswith("to average the gradients ![[Pasted image 20240419151846.png]]")


@pytest.mark.shared_fixture
def test_user_file_day_without_section_lines_is_done(user_entries: dict[date, Entry]) -> None:
    day = user_entries[D("2024-04-17")]
    assert {item.section for item in day.items} == {"done"}
    assert [(i.line, i.depth, i.parent) for i in day.items] == [
        (73, 0, None),
        (74, 1, 0),
        (75, 1, 0),
        (76, 1, 0),
        (77, 1, 0),
        (78, 1, 0),
        (79, 0, None),
        (80, 1, 6),
        (81, 0, None),
        (82, 1, 8),
        (83, 1, 8),
        (84, 0, None),
        (85, 1, 11),
    ]
    assert day.items[-1].text == "implemented batch norm on the MLP from prior lectures"


@pytest.mark.shared_fixture
def test_user_file_nested_takeaways_two_levels_deep(user_entries: dict[date, Entry]) -> None:
    day = user_entries[D("2024-04-18")]
    assert [(i.line, i.section, i.depth, i.parent) for i in day.items] == [
        (56, "goal", 0, None),
        (57, "goal", 0, None),
        (58, "goal", 1, 1),
        (59, "goal", 1, 1),
        (62, "done", 0, None),
        (63, "done", 0, None),
        (64, "done", 0, None),
        (65, "done", 1, 6),
        (66, "done", 2, 7),
        (67, "done", 2, 7),
        (68, "done", 2, 7),
        (69, "done", 2, 7),
    ]


# --- encodings -----------------------------------------------------------------------------------


def test_bom_crlf_cr_and_lf_give_identical_entries(tmp_path: Path) -> None:
    lf = OWN_LOG.read_bytes()
    assert b"\r" not in lf
    variants = {
        "lf.md": lf,
        "crlf.md": lf.replace(b"\n", b"\r\n"),
        "bom.md": b"\xef\xbb\xbf" + lf,
        "bom-crlf.md": b"\xef\xbb\xbf" + lf.replace(b"\n", b"\r\n"),
        "cr.md": lf.replace(b"\n", b"\r"),
    }
    results = []
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
        source = SourceFile(tmp_path / name, "journal.md", "daily-log")
        results.append(read(source))
    assert all(result == results[0] for result in results)
    assert len(results[0]) == 6


def test_crlf_fixture_splits_days_like_its_lf_twin() -> None:
    crlf = only(FIXTURES / "crlf" / "log-crlf.md")
    lf = only(FIXTURES / "crlf" / "log-lf.md")
    assert b"\r\n" in crlf.path.read_bytes()
    crlf_entries, lf_entries = read(crlf), read(lf)
    assert crlf_entries == lf_entries
    assert [(e.day, e.line) for e in crlf_entries] == [(D("2024-04-18"), 9), (D("2024-04-19"), 1)]
    assert shape(crlf_entries[1]) == [
        (4, "goal", "read the DPO paper", 0, None, None),
        (7, "done", "implemented DPO", 0, None, None),
        (8, "done", "trained with LoRA", 1, 1, None),
    ]
    assert "\r" not in crlf_entries[1].text


def test_invalid_utf8_names_the_file_and_byte_offset() -> None:
    with pytest.raises(InvalidInput) as raised:
        decode(b"[[2024-04-19]]\n- caf\xe9\n", "journal/log.md")
    assert raised.value.message == (
        "journal/log.md: not valid UTF-8 at byte 20 (save the file as UTF-8)"
    )


def test_invalid_utf8_offset_counts_the_bom() -> None:
    with pytest.raises(InvalidInput, match=r"log\.md: not valid UTF-8 at byte 4 "):
        decode(b"\xef\xbb\xbfa\xff", "log.md")


# --- single-file logs with headings --------------------------------------------------------------


def test_date_headings_day_first_sections_tasks_and_a_repeated_day() -> None:
    source = only(FIXTURES / "headings" / "daily-log-headings.md")
    assert source.format == "daily-log"
    entries = read(source)
    assert [(e.day, e.line, e.title) for e in entries] == [
        (D("2024-04-15"), 5, "2024-04-15"),
        (D("2024-04-16"), 15, "16-04-2024, Tuesday"),
    ]
    fifteenth, sixteenth = entries
    # The 15th occurs twice: one entry, its parts in file order, its text both parts.
    assert shape(fifteenth) == [
        (8, "goal", "read the [LoRA paper](https://arxiv.org/abs/2106.09685)", 0, None, None),
        (11, "done", "Practiced LeetCode problems on graphs", 0, None, None),
        (12, "task", "shipped the PyTorch training script", 0, None, True),
        (13, "task", "write the blog post", 0, None, False),
        (26, "note", "a second part of the 15th: SQL and Git notes", 0, None, None),
    ]
    assert fifteenth.text.startswith("## 2024-04-15\n\nTodo:\n")
    assert "\n\n## 2024-04-15\n\nNotes:\n" in fifteenth.text
    assert shape(sixteenth) == [
        (18, "done", "implemented DPO loss in PyTorch", 0, None, None),
        (19, "done", "trained on a small model", 1, 0, None),
        (20, "done", "no GPU, so it took all night", 2, 1, None),
        (21, "done", "watched a lecture on RLHF", 0, None, None),
    ]


@pytest.mark.parametrize(
    ("heading", "day"),
    [
        ("## 2024-04-19", "2024-04-19"),
        ("# 2024-04-19 Friday", "2024-04-19"),
        ("### [[2024-04-19]]", "2024-04-19"),
        ("#### 19-04-2024, Friday", "2024-04-19"),
        ("## 05-04-2024", "2024-04-05"),
        # Day first does not agree with the weekday, month first does.
        ("## 04-05-2024, Friday", "2024-04-05"),
        ("## 2024/04/19 ##", "2024-04-19"),
        ("## 2024/04/23", "2024-04-23"),
        ("## Tuesday, 23 April 2024", "2024-04-23"),
        ("## Tue 23 Apr 2024", "2024-04-23"),
        ("## April 23, 2024", "2024-04-23"),
        ("## Tuesday, April 23rd, 2024", "2024-04-23"),
        ("## Sept 3, 2024", "2024-09-03"),
        ("## 23rd of April 2024", "2024-04-23"),
        ("**2024-04-23**", "2024-04-23"),
        ("__April 23, 2024__", "2024-04-23"),
        ("## **23 April 2024**", "2024-04-23"),
        ("## [[April 23rd, 2024]]", "2024-04-23"),
        ("[[Apr 23rd, 2024]]", "2024-04-23"),
        ("## Dienstag, 23. April 2024", "2024-04-23"),
        ("## 3. März 2024", "2024-03-03"),
        ("## 3. Marz 2024", "2024-03-03"),
        ("## mardi 23 avril 2024", "2024-04-23"),
        ("## 1er février 2024", "2024-02-01"),
        ("## martes, 23 de abril de 2024", "2024-04-23"),
        ("## 5 de septiembre de 2024", "2024-09-05"),
        ("## 23 aprile 2024", "2024-04-23"),
        # Only one reading is possible: month first.
        ("## 04/22/2024", "2024-04-22"),
    ],
)
def test_date_heading_forms(heading: str, day: str) -> None:
    source = SourceFile(Path("/x/log.md"), "log.md", "daily-log")
    entries = parse(f"{heading}\n- read about RLHF\n", source)
    assert [(e.day, e.items[0].text) for e in entries] == [(D(day), "read about RLHF")]


@pytest.mark.parametrize(
    ("heading", "order", "day"),
    [
        ("## 03/04/2024", None, "2024-04-03"),
        ("## 03/04/2024", "DMY", "2024-04-03"),
        ("## 03/04/2024", "MDY", "2024-03-04"),
        ("## 03.04.2024", "MDY", "2024-03-04"),
        ("## 04/22/2024", "DMY", "2024-04-22"),  # the only reading, whatever the order
        ("## 22/04/2024", "MDY", "2024-04-22"),
        ("## 04/05/2024, Friday", "DMY", "2024-04-05"),  # the weekday agrees with MDY only
        ("## 05/04/2024, Friday", "MDY", "2024-04-05"),  # the weekday agrees with DMY only
    ],
)
def test_slash_dates_follow_the_date_order(heading: str, order: str | None, day: str) -> None:
    source = SourceFile(Path("/x/log.md"), "log.md", "daily-log")
    entries = parse(f"{heading}\n- read about RLHF\n", source, date_order=order)
    assert [e.day for e in entries] == [D(day)]


def test_headings_that_only_mention_a_date_open_no_day() -> None:
    source = SourceFile(Path("/x/log.md"), "log.md", "daily-log")
    text = (
        "## 2024-04-22\n## Meeting 23 April 2024\n- notes\n## 2024 goals\n- more\n"
        "**important**\n- last\n"
    )
    warnings: list[str] = []
    [entry] = parse(text, source, warnings=warnings)
    assert [i.text for i in entry.items] == [
        "Meeting 23 April 2024",
        "notes",
        "2024 goals",
        "more",
        "**important**",
        "last",
    ]
    assert warnings == []


@pytest.mark.parametrize(
    ("heading", "line"),
    [
        ("[[2024-02-30]]", "[[2024-02-30]]"),
        ("## 31-02-2024", "## 31-02-2024"),
        ("## 2024-13-01", "## 2024-13-01"),
        ("## 31 April 2024", "## 31 April 2024"),
        ("## Tuesday, 23 Avrol 2024", "## Tuesday, 23 Avrol 2024"),
        ("**2024/02/30**", "**2024/02/30**"),
    ],
)
def test_a_date_heading_that_cannot_be_read_is_a_warning_and_its_lines_are_not_imported(
    heading: str, line: str
) -> None:
    source = SourceFile(Path("/x/log.md"), "log.md", "daily-log")
    warnings: list[str] = []
    text = f"## 2024-04-22\n- kept\n{heading}\n- not given to the day before\n## 2024-04-24\n- b\n"
    entries = parse(text, source, warnings=warnings)
    assert [(e.day, [i.text for i in e.items]) for e in entries] == [
        (D("2024-04-22"), ["kept"]),
        (D("2024-04-24"), ["b"]),
    ]
    assert warnings == [
        f"log.md:3: {line!r} looks like a date but cannot be read; the lines under it are not"
        " imported"
    ]


@pytest.mark.parametrize(
    ("line", "section"),
    [
        ("Goals:", "goal"),
        ("Goal:", "goal"),
        ("goals", "goal"),
        ("Todo:", "goal"),
        ("TO DO:", "goal"),
        ("## Plan for today", "goal"),
        ("**Done:**", "done"),
        ("## Done", "done"),
        ("Did:", "done"),
        ("Completed:", "done"),
        ("### Notes", "note"),
    ],
)
def test_section_spellings(line: str, section: str) -> None:
    source = SourceFile(Path("/x/log.md"), "log.md", "daily-log")
    [entry] = parse(f"[[2024-04-19]]\n{line}\n- read about DPO\n", source)
    assert [(i.section, i.text) for i in entry.items] == [(section, "read about DPO")]


def test_section_word_with_text_on_the_same_line() -> None:
    source = SourceFile(Path("/x/log.md"), "log.md", "daily-log")
    [entry] = parse("[[2024-04-19]]\nGoals: read DPO\nDone: watched RLHF talk\n", source)
    assert shape(entry) == [
        (2, "goal", "read DPO", 0, None, None),
        (3, "done", "watched RLHF talk", 0, None, None),
    ]


def test_indentation_with_spaces_and_tabs_and_continuation_text() -> None:
    source = SourceFile(Path("/x/log.md"), "log.md", "daily-log")
    text = (
        "[[2024-04-19]]\n"
        "- parent\n"
        "  - two spaces\n"
        "      - six spaces\n"
        "    - four spaces\n"
        "\t- a tab\n"
        "    continuation text of the bullet above\n"
        "- [ ]\n"
        "- [x] done thing\n"
        "top level text\n"
        "---\n"
    )
    [entry] = parse(text, source)
    assert shape(entry) == [
        (2, "done", "parent", 0, None, None),
        (3, "done", "two spaces", 1, 0, None),
        (4, "done", "six spaces", 2, 1, None),
        (5, "done", "four spaces", 2, 1, None),
        (6, "done", "a tab", 2, 1, None),
        (7, "done", "continuation text of the bullet above", 3, 4, None),
        (9, "task", "done thing", 0, None, True),
        (10, "note", "top level text", 0, None, None),
    ]


def test_lines_before_the_first_day_are_not_part_of_any_day() -> None:
    source = SourceFile(Path("/x/log.md"), "log.md", "daily-log")
    entries = parse("- orphan line\n[[2024-04-19]]\n- kept\n", source)
    assert [(e.day, [i.text for i in e.items]) for e in entries] == [(D("2024-04-19"), ["kept"])]


# --- Obsidian vaults -----------------------------------------------------------------------------


def test_vault_with_daily_notes_config_skips_and_counts_other_notes() -> None:
    vault = FIXTURES / "vault"
    sources, skipped = discover(vault)
    assert [(s.name, s.format, s.day) for s in sources] == [
        ("2024-04-21.md", "obsidian", D("2024-04-21")),
        ("Daily/2024/04/2024-04-19.md", "obsidian", D("2024-04-19")),
        ("Daily/2024/04/2024-04-20.md", "obsidian", D("2024-04-20")),
    ]
    # Inbox.md, Projects/DPO.md and README.txt; not the image, not .obsidian/.
    assert len(skipped) == 3
    assert all(s.path.is_absolute() and s.path == s.path.resolve() for s in sources)


def test_vault_note_front_matter_tasks_tags_links_and_embeds() -> None:
    sources, _ = discover(FIXTURES / "vault")
    [entry] = read(sources[1])
    assert (entry.day, entry.line, entry.title) == (D("2024-04-19"), 1, None)
    assert entry.text.startswith("---\ntags: [daily, ml]\n")
    assert shape(entry) == [
        (5, "note", "Friday", 0, None, None),
        (8, "task", "implement DPO from scratch #ml", 0, None, False),
        (9, "task", "read the [[DPO]] paper", 0, None, True),
        (10, "task", "skim ORPO", 0, None, True),
        (13, "done", "Worked through PyTorch FSDP tutorial ![[fsdp-diagram.png]]", 0, None, None),
        (
            14,
            "done",
            "Notes in [[Distributed training]], see"
            " https://pytorch.org/tutorials/intermediate/FSDP_tutorial.html",
            1,
            4,
            None,
        ),
        (
            15,
            "done",
            "applied to the research engineer role at Anthropic https://www.anthropic.com/careers",
            0,
            None,
            None,
        ),
        (17, "done", "Plain text line about transformers.", 0, None, None),
    ]


def test_front_matter_that_is_not_valid_yaml_is_a_warning_and_no_text() -> None:
    sources, _ = discover(FIXTURES / "vault")
    source = sources[2]
    warnings: list[str] = []
    [entry] = parse(decode(source.path.read_bytes(), source.name), source, warnings=warnings)
    assert shape(entry) == [(5, "done", "watched a video on batch norm", 0, None, None)]
    assert "title: [unclosed" not in entry.text
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{source.name}:")
    assert "front matter is not valid YAML" in warnings[0]


def test_front_matter_that_is_a_list_is_a_warning_and_no_text() -> None:
    source = SourceFile(Path("/x/2024-04-19.md"), "2024-04-19.md", "obsidian")
    warnings: list[str] = []
    [entry] = parse("---\n- a\n- b\n---\n- trained a model\n", source, warnings=warnings)
    assert [i.text for i in entry.items] == ["trained a model"]
    assert warnings == ["2024-04-19.md:1: front matter is not a mapping of keys: skipped"]


@pytest.mark.parametrize(
    ("front", "first_item_line"),
    [
        ("---\n---\n", 3),  # empty front matter
        ("---\na: 1\n...\n", 4),  # YAML's document end marker
        ("---\n- a list\n---\n", 4),  # valid YAML but not a mapping: skipped, a warning
        ("---\nwhen: 2024-02-30\n---\n", 4),  # a timestamp PyYAML cannot build: a warning
        ("---\nnever closed\n- a\n", 2),
    ],
)
def test_front_matter_edge_cases(front: str, first_item_line: int) -> None:
    source = SourceFile(Path("/v/2024-04-19.md"), "2024-04-19.md", "obsidian")
    [entry] = parse(front + "- the note\n", source)
    assert entry.items[0].line == first_item_line


def test_daily_notes_json_with_day_first_names(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "daily-notes.json").write_text(
        json.dumps({"folder": "Journal/", "format": "DD.MM.YYYY, dddd"})
    )
    (tmp_path / "Journal").mkdir()
    (tmp_path / "Journal" / "19.04.2024, Friday.md").write_text("- read about DPO\n")
    (tmp_path / "Journal" / "not a day.md").write_text("- x\n")
    sources, skipped = discover(tmp_path)
    assert [(s.name, s.format, s.day) for s in sources] == [
        ("Journal/19.04.2024, Friday.md", "obsidian", D("2024-04-19"))
    ]
    assert len(skipped) == 1
    [entry] = read(sources[0])
    assert entry.day == D("2024-04-19")


def test_unreadable_daily_notes_json_falls_back_to_iso_names(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "daily-notes.json").write_text("{not json")
    (tmp_path / "2024-04-19.md").write_text("- read about DPO\n")
    sources, skipped = discover(tmp_path)
    assert [(s.name, s.day) for s in sources] == [("2024-04-19.md", D("2024-04-19"))]
    assert len(skipped) == 0


@pytest.mark.parametrize(
    ("moment", "stem", "day"),
    [
        ("YYYY-MM-DD", "2024-04-19", "2024-04-19"),
        ("YYYY/MM/YYYY-MM-DD", "2024/04/2024-04-19", "2024-04-19"),
        ("YYYY/MM/YYYY-MM-DD", "2024/05/2024-04-19", None),  # folders disagree with the name
        ("DD-MM-YYYY", "19-04-2024", "2024-04-19"),
        ("YYYYMMDD", "20240419", "2024-04-19"),
        ("MMMM Do, YYYY", "April 19th, 2024", "2024-04-19"),
        ("MMM D YY", "Apr 9 24", "2024-04-09"),
        ("[Journal] YYYY-MM-DD ddd", "Journal 2024-04-19 Fri", "2024-04-19"),
        ("YYYY-MM-DD", "2024-02-30", None),
        ("YYYY-MM-DD", "notes", None),
    ],
)
def test_moment_formats(moment: str, stem: str, day: str | None) -> None:
    reader = daily_note_pattern(moment)
    assert reader is not None
    assert reader(stem) == (None if day is None else D(day))


@pytest.mark.parametrize("moment", ["YYYY-[W]ww", "MMMM", "YYYY-MM"])
def test_moment_formats_without_a_day_are_not_usable(moment: str) -> None:
    assert daily_note_pattern(moment) is None


# --- Logseq --------------------------------------------------------------------------------------


def test_logseq_graph_pages_are_skipped_and_journals_read() -> None:
    sources, skipped = discover(FIXTURES / "logseq-graph")
    assert [(s.name, s.format, s.day) for s in sources] == [
        ("journals/2024_04_19.md", "logseq", D("2024-04-19")),
        ("journals/2024_04_20.md", "logseq", D("2024-04-20")),
    ]
    assert len(skipped) == 1  # pages/LoRA.md (logseq/config.edn is Logseq's own folder)


def test_logseq_graph_with_iso_journal_names(tmp_path: Path) -> None:
    (tmp_path / "logseq").mkdir()
    (tmp_path / "logseq" / "config.edn").write_text('{:journal/file-name-format "yyyy-MM-dd"}')
    (tmp_path / "journals").mkdir()
    (tmp_path / "journals" / "2024-04-19.md").write_text("- DONE read about DPO\n")
    sources, skipped = discover(tmp_path)
    assert [(s.name, s.format, s.day) for s in sources] == [
        ("journals/2024-04-19.md", "logseq", D("2024-04-19"))
    ]
    assert len(skipped) == 0
    [entry] = read(sources[0])
    assert shape(entry) == [(1, "task", "read about DPO", 0, None, True)]


def test_logseq_properties_markers_and_drawers() -> None:
    sources, _ = discover(FIXTURES / "logseq-graph")
    [entry] = read(sources[0])
    assert shape(entry) == [
        (2, "task", "implement [[LoRA]] fine-tuning on GPT-2", 0, None, True),
        (4, "task", "used `peft` with rank 8", 1, 0, None),
        (5, "task", "read the [[QLoRA]] paper", 0, None, False),
        (7, "task", "practice LeetCode dynamic programming", 0, None, False),
        (8, "task", "writing evals for the model", 0, None, False),
        (12, "done", "talked with a MATS mentor about interpretability", 0, None, None),
    ]


# --- jrnl ----------------------------------------------------------------------------------------


def test_jrnl_text_entries_titles_bodies_and_a_shared_day() -> None:
    source = only(FIXTURES / "jrnl" / "journal.txt")
    assert source.format == "jrnl"
    entries = read(source)
    assert [(e.day, e.line, e.title) for e in entries] == [
        (D("2024-04-18"), 1, "Read the RLHF overview on Hugging Face."),
        (D("2024-04-19"), 4, "Implemented batch norm"),
    ]
    assert shape(entries[1]) == [
        (4, "note", "Implemented batch norm", 0, None, None),
        (5, "done", "the MLP trains faster now", 0, None, None),
        (6, "done", "plan to try layer norm next", 1, 1, None),
        (8, "note", "Signed up for the Apart Research hackathon on May 3", 0, None, None),
    ]
    assert entries[0].text == (
        "[2024-04-18 09:15] Read the RLHF overview on Hugging Face.\n"
        "It explains reward modeling and PPO step by step."
    )


def test_jrnl_json_export_matches_the_text_journal_items() -> None:
    source = only(FIXTURES / "jrnl" / "export.json")
    assert source.format == "jrnl-json"
    entries = read(source)
    assert [(e.day, e.line, e.title) for e in entries] == [
        (D("2024-04-18"), 9, "Read the RLHF overview on Hugging Face."),
        (D("2024-04-19"), 17, "Implemented batch norm"),
    ]
    # Every item cites the line of its entry's title.
    assert shape(entries[1]) == [
        (17, "note", "Implemented batch norm", 0, None, None),
        (17, "done", "the MLP trains faster now", 0, None, None),
        (17, "done", "plan to try layer norm next", 1, 1, None),
    ]


def test_jrnl_time_forms() -> None:
    source = SourceFile(Path("/j/journal.txt"), "journal.txt", "jrnl")
    text = "[2024-04-18 09:15:00 AM] One *\n[2024-04-19T21:00] Two\nbody\n"
    entries = parse(text, source)
    assert [(e.day, e.title, [i.text for i in e.items]) for e in entries] == [
        (D("2024-04-18"), "One", ["One"]),
        (D("2024-04-19"), "Two", ["Two", "body"]),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", 'journal.json: not a jrnl JSON export (no "entries" list)'),
        ('{"entries": [{"title": "x"}]}', 'journal.json: entry 1 has no "date"'),
        (
            '{"entries": [{"date": "2024-13-01"}]}',
            "journal.json: entry 1 has an invalid date '2024-13-01'",
        ),
    ],
)
def test_jrnl_json_bad_shapes(text: str, message: str) -> None:
    source = SourceFile(Path("/j/journal.json"), "journal.json", "jrnl-json")
    with pytest.raises(InvalidInput) as raised:
        parse(text, source)
    assert raised.value.message == message


# --- discovery and bad input ---------------------------------------------------------------------


def test_a_file_per_day_given_alone(tmp_path: Path) -> None:
    note = tmp_path / "2024-04-19.md"
    note.write_text("- read about DPO\n")
    assert only(note) == SourceFile(note.resolve(), "2024-04-19.md", "obsidian", D("2024-04-19"))


def test_in_a_folder_a_page_with_dated_headings_is_no_daily_log(tmp_path: Path) -> None:
    shutil.copy(OWN_LOG, tmp_path / "log.md")
    shutil.copy(FIXTURES / "jrnl" / "export.json", tmp_path / "export.json")
    (tmp_path / "settings.json").write_text('{"entries": "no"}')
    sources, skipped = discover(tmp_path)
    assert [(s.name, s.format, s.day) for s in sources] == [("export.json", "jrnl-json", None)]
    assert [(s.name, s.reason) for s in skipped] == [
        ("log.md", "not daily notes"),
        ("settings.json", "not daily notes"),
    ]
    # Named, or with --from daily-log, it is one.
    assert only(tmp_path / "log.md").format == "daily-log"
    forced, _ = discover(tmp_path, "daily-log")
    assert [s.name for s in forced] == ["log.md"]


def test_missing_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"^no such file or folder: .*nowhere$"):
        discover(tmp_path / "nowhere")


def test_folder_with_no_notes_is_refused(tmp_path: Path) -> None:
    (tmp_path / "ideas.md").write_text("# Ideas\n- none\n")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")
    with pytest.raises(InvalidInput) as raised:
        discover(tmp_path)
    assert raised.value.message == (
        f"no daily notes in {tmp_path} (1 other files skipped) (a page with dated headings is"
        " read as a daily log when you name the file or give --from daily-log)"
    )


def test_a_file_that_is_not_a_journal_is_refused(tmp_path: Path) -> None:
    note = tmp_path / "ideas.md"
    note.write_text("# Ideas\n- none\n")
    with pytest.raises(InvalidInput, match=r"^ideas\.md is not a journal: no date in its name"):
        discover(note)


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("jrnl/journal.txt", "daily-log"),
        ("jrnl/journal.txt", "jrnl-json"),
        ("jrnl/export.json", "jrnl"),
        ("headings/daily-log-headings.md", "obsidian"),
        ("headings/daily-log-headings.md", "logseq"),
    ],
)
def test_forced_format_that_does_not_fit_a_file_is_refused(path: str, fmt: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        discover(FIXTURES / path, fmt)
    assert raised.value.message == f"{Path(path).name} is not a {fmt} journal"


def test_forced_format_that_fits_nothing_in_a_folder_is_refused() -> None:
    with pytest.raises(InvalidInput, match=r"^no jrnl notes in .*vault \(6 other files skipped\)$"):
        discover(FIXTURES / "vault", "jrnl")


def test_forced_format_in_a_folder_keeps_only_what_fits() -> None:
    sources, skipped = discover(FIXTURES / "jrnl", "jrnl")
    assert [(s.name, s.format) for s in sources] == [("journal.txt", "jrnl")]
    assert len(skipped) == 1


def test_forced_format_is_used_when_it_fits() -> None:
    source = only(FIXTURES / "vault" / "2024-04-21.md", "logseq")
    assert (source.format, source.day) == ("logseq", D("2024-04-21"))


def test_unknown_format_is_refused() -> None:
    with pytest.raises(InvalidInput, match=r"^unknown journal format 'org': use auto, daily-log"):
        discover(FIXTURES / "vault", "org")


def test_obsidian_file_whose_name_is_not_a_date_is_refused_by_the_parser() -> None:
    source = SourceFile(Path("/v/ideas.md"), "ideas.md", "obsidian")
    with pytest.raises(InvalidInput, match=r"^ideas\.md: the file name is not a date"):
        parse("- x\n", source)


# --- link helpers --------------------------------------------------------------------------------


def test_masked_blanks_urls_link_targets_and_embeds_but_keeps_link_text() -> None:
    text = (
        "see [DPO paper](https://arxiv.org/x) and https://hf.co/rlhf, "
        "[notes][https://docs.google.com/d] ![[img rlhf.png]] `peft`"
    )
    shown = masked(text)
    assert len(shown) == len(text)
    assert shown.split() == ["see", "[DPO", "paper", "and", ",", "[notes", "`peft`"]
    assert link_targets(text) == [
        "https://arxiv.org/x",
        "https://hf.co/rlhf",
        "https://docs.google.com/d",
    ]


def test_a_line_of_thousands_of_urls_and_links_is_masked_in_order() -> None:
    parts = [f"[n{n}](https://a.org/{n}) https://b.org/{n}_(x) ![[e{n}.png]]" for n in range(5000)]
    text = " and ".join(parts)
    shown = masked(text)
    assert len(shown) == len(text)
    assert "http" not in shown
    assert "png" not in shown
    assert shown.split()[:3] == ["[n0", "and", "[n1"]
    urls = link_targets(text)
    assert len(urls) == 10_000
    assert urls[:4] == [
        "https://a.org/0",
        "https://b.org/0_(x)",
        "https://a.org/1",
        "https://b.org/1_(x)",
    ]


@pytest.mark.parametrize(
    ("text", "shown", "urls"),
    [
        (
            "[the paper](https://en.wikipedia.org/wiki/Transformer_(deep_learning)) read",
            "[the paper read",
            ["https://en.wikipedia.org/wiki/Transformer_(deep_learning)"],
        ),
        (
            "see https://en.wikipedia.org/wiki/Transformer_(deep_learning).",
            "see .",
            ["https://en.wikipedia.org/wiki/Transformer_(deep_learning)"],
        ),
        (
            "(https://arxiv.org/abs/1) and www.far.ai, too",
            "( ) and , too",
            [
                "https://arxiv.org/abs/1",
                "www.far.ai",
            ],
        ),
    ],
)
def test_urls_with_parentheses_and_punctuation(text: str, shown: str, urls: list[str]) -> None:
    assert " ".join(masked(text).split()) == shown
    assert link_targets(text) == urls


# --- never anything but InvalidInput -------------------------------------------------------------


_JOURNALISH = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(
            [
                "[[2024-04-19]]",
                "[[2024-02-30]]",
                "## 19-04-2024, Friday",
                "Goals:",
                "Done:",
                "- ",
                "\t- [x] done",
                "- TODO x",
                "---",
                "title: [x",
                "key:: value",
                ":LOGBOOK:",
                "[2024-04-19 10:00] t",
                '{"entries": [{"date": "2024-04-19"}]}',
            ]
        ),
    ),
    max_size=30,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(), _JOURNALISH), fmt=st.sampled_from(FORMATS))
def test_parse_of_any_text_raises_only_invalid_input(text: str, fmt: str) -> None:
    source = SourceFile(Path("/j/2024-04-19.md"), "2024-04-19.md", fmt)
    try:
        entries = parse(text, source)
    except InvalidInput:
        return
    for entry in entries:
        for index, item in enumerate(entry.items):
            assert isinstance(item, Item)
            assert item.parent is None or item.parent < index


@settings(max_examples=300, deadline=None)
@given(data=st.binary(), fmt=st.sampled_from(FORMATS))
def test_decode_and_parse_of_any_bytes_raise_only_invalid_input(data: bytes, fmt: str) -> None:
    source = SourceFile(Path("/j/2024_04_19.md"), "2024_04_19.md", fmt)
    try:
        text = decode(data, source.name)
        parse(text, source)
    except InvalidInput:
        return
    assert "\r" not in text


def test_nul_characters_are_dropped_when_a_note_is_decoded() -> None:
    assert decode(b"- read\x00 the DPO paper\r\n", "n.md") == "- read the DPO paper\n"
    assert decode("\ufeff- a\x00b\n".encode("utf-16"), "n.md") == "- ab\n"
