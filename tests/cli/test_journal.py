"""`career journal ...`, `career skills` and `career skill show` through the CLI, on both
backends, with the user's own journal excerpt as the first acceptance case."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import (
    CLI,
    OWN_LOG,
    SHARED,
    added_id,
    assert_nothing_created,
    assert_refused,
    snapshot,
)

USER_FILE = SHARED / "fixtures" / "daily-log-2024-04.md"
NAME = USER_FILE.name

# The user's file: (day, line where it starts, lines in it, evidence rows).
DAYS = [
    ("2024-04-26", 1, 0, 0),
    ("2024-04-25", 5, 0, 0),
    ("2024-04-24", 9, 1, 1),
    ("2024-04-23", 14, 5, 5),
    ("2024-04-22", 23, 2, 1),
    ("2024-04-19", 32, 15, 12),  # "read huggingface rlhf overview": the organization's post
    ("2024-04-18", 53, 12, 10),
    ("2024-04-17", 71, 13, 4),
]


NOTES_URL = (
    "https://docs.google.com/document/d/1oFF3S5yO7fNWcvjggPB-q4aPnjxDl7NcgbKw8o8vlw8/edit"
    "?usp=sharing"
)
TAKEAWAYS = [
    "broad takeaway was that I am on a reasonable path, continuing to learn is good",
    "some advice that I should not hold off on applying totally (like I am), maybe select a few"
    " places to apply to early with more SWE-bent perhaps",
    "focus on producing in public, currently been a challenge as I'm more focused on learning"
    " than project work",
    "found the [jacob hilton curriculum](https://github.com/jacobhilton/deep_learning_curriculum"
    "?tab=readme-ov-file) which matches my interest and current plans well, will continue to"
    " reference this",
]


def _json(cli: CLI, *args: str) -> Any:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _import(cli: CLI, *args: str) -> dict[str, Any]:
    summary: dict[str, Any] = _json(cli, "journal", "import", "--format", "json", *args)
    return summary


def _summary(**counts: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "dry_run": False,
        "sources_read": 0,
        "skipped_unchanged": 0,
        "skipped_not_notes": 0,
        "entries_added": 0,
        "entries_updated": 0,
        "entries_unchanged": 0,
        "entries_gone": 0,
        "evidence": 0,
        "suggestions": 0,
        "gone": [],
        "skipped": [],
        "warnings": [],
    }
    row.update(counts)
    return row


def _evidence_total(cli: CLI) -> int:
    return sum(int(row["evidence"]) for row in _json(cli, "skills", "--format", "json"))


def _copy(tmp_path: Path, folder: str = "notes") -> Path:
    target = tmp_path / folder / NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(USER_FILE, target)
    return target


# --- the user's file ----------------------------------------------------------------------------


@pytest.mark.shared_fixture
def test_the_users_file_gives_its_eight_days(cli: CLI) -> None:
    summary = _import(cli, str(USER_FILE))
    assert summary == _summary(
        sources_read=1, entries_added=8, evidence=_evidence_total(cli), suggestions=4
    )
    assert summary["evidence"] > 20

    entries = _json(cli, "journal", "entries", "--format", "json")
    assert entries == [
        {"day": day, "source": NAME, "line": line, "title": None, "items": items,
         "evidence": evidence, "gone": False}
        for day, line, items, evidence in DAYS
    ]  # fmt: skip
    sources = _json(cli, "journal", "sources", "--format", "json")
    assert [{k: v for k, v in s.items() if k != "imported_at"} for s in sources] == [
        {"id": 1, "name": NAME, "path": str(USER_FILE.resolve()), "format": "daily-log",
         "root": str(USER_FILE.resolve()), "entries": 8, "gone": 0}
    ]  # fmt: skip
    assert sources[0]["imported_at"] == "2024-04-20T09:00:00+00:00"

    since = _json(cli, "journal", "entries", "--since", "2024-04-23", "--format", "json")
    assert [e["day"] for e in since] == ["2024-04-26", "2024-04-25", "2024-04-24", "2024-04-23"]


@pytest.mark.shared_fixture
def test_a_day_keeps_its_sections_nesting_and_text(cli: CLI) -> None:
    _import(cli, str(USER_FILE))
    day = _json(cli, "journal", "show", "2024-04-19", "--format", "json")
    assert day["day"] == "2024-04-19"
    assert [(e["source"], e["line"], e["gone"]) for e in day["entries"]] == [(NAME, 32, False)]
    items = day["entries"][0]["items"]
    assert [(i["line"], i["section"], i["depth"]) for i in items] == [
        (35, "goal", 0), (36, "goal", 0), (37, "goal", 0),
        (40, "done", 0), (41, "done", 0), (42, "done", 0), (43, "done", 1), (44, "done", 0),
        (45, "done", 0), (46, "done", 1), (47, "done", 1), (48, "done", 1), (49, "done", 2),
        (50, "done", 1), (51, "done", 0),
    ]  # fmt: skip
    assert items[4]["text"] == "applied to FAR.AI tech lead job"
    assert "FAR.AI" in items[4]["organizations"]
    assert items[11]["text"] == (
        "learned about `peft` library which can be used for LoRA fine-tuning "
        "https://github.com/huggingface/peft"
    )
    assert items[13]["text"].endswith("![[Pasted image 20240419151846.png]]")

    table = cli("journal", "show", "2024-04-19")
    assert table.exit_code == 0, table.stderr
    assert table.stdout.splitlines()[0] == f"2024-04-19  {NAME}:32"
    assert "    41 done   applied to FAR.AI tech lead job  [" in table.stdout


@pytest.mark.shared_fixture
def test_skills_with_dated_cited_evidence(cli: CLI) -> None:
    _import(cli, str(USER_FILE))
    skills = {row["name"]: row for row in _json(cli, "skills", "--format", "json")}
    for name in ("DPO", "RLHF", "FSDP", "Backpropagation", "Batch normalization", "LeetCode"):
        assert any(s.casefold() == name.casefold() for s in skills), (name, sorted(skills))
    batch = next(v for k, v in skills.items() if k.casefold() == "batch normalization")
    assert batch["level"] == 3
    assert batch["level_name"] == "applied"
    assert (batch["first"], batch["last"]) == ("2024-04-17", "2024-04-17")

    evidence = _json(cli, "skill", "show", "batch normalization", "--format", "json")
    assert evidence == [
        {
            "day": "2024-04-17",
            "level": 3,
            "level_name": "applied",
            "signal": "implemented",
            "source": NAME,
            "line": 85,
            "text": "implemented batch norm on the MLP from prior lectures",
        }
    ]
    table = cli("skill", "show", "batch normalization")
    assert table.exit_code == 0, table.stderr
    assert f"2024-04-17  applied  implemented  {NAME}:85" in table.stdout

    dpo = _json(cli, "skill", "show", "DPO", "--format", "json")
    assert {(e["day"], e["line"]) for e in dpo} >= {("2024-04-19", 42), ("2024-04-19", 35)}
    assert all(e["source"] == NAME for e in dpo)

    with_dpo = _json(cli, "journal", "entries", "--skill", "dpo", "--format", "json")
    assert [e["day"] for e in with_dpo] == ["2024-04-19", "2024-04-18"]
    recent = _json(cli, "skills", "--since", "2024-04-22", "--format", "json")
    assert all(row["first"] >= "2024-04-22" for row in recent)
    assert {row["name"] for row in recent} < set(skills)


@pytest.mark.shared_fixture
def test_the_four_suggestions_and_accepting_them(cli: CLI) -> None:
    _import(cli, str(USER_FILE))
    rows = _json(cli, "journal", "suggestions", "--format", "json")
    assert rows == [
        {
            "id": 1, "kind": "session", "status": "pending", "day": "2024-04-17",
            "source": NAME, "line": 73, "text": "Talked with 80k hours career advisor",
            "fields": {
                "held_on": "2024-04-17",
                "notes_url": NOTES_URL,
                "organization": "80,000 Hours",
                "takeaways": TAKEAWAYS,
            },
            "record_kind": None, "record_id": None,
        },
        {
            "id": 2, "kind": "event", "status": "pending", "day": "2024-04-17",
            "source": NAME, "line": 79,
            "text": "Signed up an AI alignment jam via https://www.apartresearch.com/sprints",
            "fields": {
                "host": "Apart Research", "kind": "jam", "name": "AI alignment jam",
                "status": "signed-up", "url": "https://www.apartresearch.com/sprints",
            },
            "record_kind": None, "record_id": None,
        },
        {
            "id": 3, "kind": "application", "status": "pending", "day": "2024-04-17",
            "source": NAME, "line": 82,
            "text": "next session (over summer) opens apps at EOM, which I plan to apply to",
            "fields": {
                "kind": "program", "opens": "2024-04-30", "organization": "SPAR", "role": "",
                "status": "interested",
            },
            "record_kind": None, "record_id": None,
        },
        {
            "id": 4, "kind": "application", "status": "pending", "day": "2024-04-19",
            "source": NAME, "line": 41, "text": "applied to FAR.AI tech lead job",
            "fields": {
                "applied": "2024-04-19", "kind": "job", "organization": "FAR.AI",
                "role": "tech lead", "status": "applied",
            },
            "record_kind": None, "record_id": None,
        },
    ]  # fmt: skip
    by_line = {r["line"]: r for r in rows}
    far = by_line[41]

    ids = {
        line: added_id(cli("journal", "accept", str(row["id"]))) for line, row in by_line.items()
    }

    apps = {a["organization"]: a for a in _json(cli, "apps", "--all", "--format", "json")}
    assert (apps["FAR.AI"]["id"], apps["FAR.AI"]["role"], apps["FAR.AI"]["status"]) == (
        ids[41], "tech lead", "applied"
    )  # fmt: skip
    assert apps["FAR.AI"]["applied"] == "2024-04-19"
    assert apps["SPAR"]["status"] == "interested"
    deadlines = _json(cli, "deadlines", "--all", "--format", "json")
    assert [(d["due"], d["kind"]) for d in deadlines] == [("2024-04-30", "opens")]
    session = _json(cli, "session", "show", str(ids[73]), "--format", "json")
    assert (session["organization"], session["held_on"]) == ("80,000 Hours", "2024-04-17")
    assert (session["notes_url"], session["takeaways"]) == (NOTES_URL, TAKEAWAYS)
    event = _json(cli, "event", "show", str(ids[79]), "--format", "json")
    assert (event["host"], event["status"], event["url"]) == (
        "Apart Research", "signed-up", "https://www.apartresearch.com/sprints"
    )  # fmt: skip

    # Each record is linked to the line it came from.
    day = _json(cli, "journal", "show", "2024-04-19", "--format", "json")
    assert day["entries"][0]["items"][4]["records"] == [f"application #{ids[41]}"]
    day = _json(cli, "journal", "show", "2024-04-17", "--format", "json")
    records = {i["line"]: i["records"] for i in day["entries"][0]["items"] if i["records"]}
    assert records == {
        73: [f"session #{ids[73]}"],
        79: [f"event #{ids[79]}"],
        81: [f"application #{ids[82]}"],  # mentions SPAR: linked to its open application
        82: [f"application #{ids[82]}", f"deadline #{deadlines[0]['id']}"],
    }
    entries = _json(cli, "journal", "entries", "--org", "far ai", "--format", "json")
    assert [e["day"] for e in entries] == ["2024-04-19"]

    # Accepted: gone from the pending list, never suggested again, not accepted twice.
    assert _json(cli, "journal", "suggestions", "--format", "json") == []
    decided = _json(cli, "journal", "suggestions", "--all", "--format", "json")
    assert {(r["status"], r["record_kind"], r["record_id"]) for r in decided} == {
        ("accepted", "application", ids[41]),
        ("accepted", "session", ids[73]),
        ("accepted", "event", ids[79]),
        ("accepted", "application", ids[82]),
    }
    again = cli("journal", "accept", str(far["id"]))
    assert_refused(again, 4, f"suggestion #{far['id']} is already accepted (application #")


@pytest.mark.shared_fixture
def test_accept_with_edits_and_dismiss(cli: CLI, tmp_path: Path) -> None:
    path = _copy(tmp_path)
    _import(cli, str(path))
    rows = {r["line"]: r for r in _json(cli, "journal", "suggestions", "--format", "json")}
    app_id = added_id(
        cli("journal", "accept", str(rows[41]["id"]), "--edit", "role=Tech Lead, research",
            "--edit", "url=https://far.ai/jobs")
    )  # fmt: skip
    app = _json(cli, "app", "show", str(app_id), "--format", "json")
    assert (app["role"], app["url"]) == ("Tech Lead, research", "https://far.ai/jobs")

    dismissed = cli("journal", "dismiss", str(rows[79]["id"]))
    assert dismissed.exit_code == 0, dismissed.stderr
    assert dismissed.stderr.startswith(f"dismissed suggestion #{rows[79]['id']} (event: ")
    assert_refused(cli("journal", "dismiss", str(rows[79]["id"])), 4, "is already dismissed")

    # Editing the day the dismissed suggestion comes from re-reads it: it does not come back.
    path.write_text(
        path.read_text().replace("- Signed up an AI", "- Finally signed up an AI"), "utf-8"
    )
    _import(cli, str(path))
    path.write_text(USER_FILE.read_text(), "utf-8")
    summary = _import(cli, str(path))
    assert summary["entries_updated"] == 1
    assert summary["suggestions"] == 0
    left = _json(cli, "journal", "suggestions", "--format", "json")
    assert sorted(r["line"] for r in left) == [73, 82]


@pytest.mark.shared_fixture
@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [
        (["journal", "accept", "99"], 3, "no suggestion #99"),
        (["journal", "dismiss", "99"], 3, "no suggestion #99"),
        (["journal", "accept", "{far}", "--edit", "role"], 2, "takes field=value, not 'role'"),
        (["journal", "accept", "{far}", "--edit", "salary=lots"], 2, "has a field 'salary'"),
        (["journal", "accept", "{far}", "--edit", "held_on=2024-04-17"], 2,
         "an application suggestion has no field 'held_on'"),
        (["journal", "accept", "{far}", "--edit", "applied=someday"], 2, "someday"),
        (["journal", "accept", "{far}", "--edit", "applied=2024-05-01"], 2, "future"),
        (["journal", "show", "2024-01-01"], 3, "no journal entry on 2024-01-01"),
        (["skill", "show", "basket weaving"], 3, "no skill called 'basket weaving'"),
        (["journal", "entries", "--org", "Nowhere Inc"], 3, "no organization called 'Nowhere Inc'"),
        (["journal", "import", "--format", "word"], 2, "format"),
    ],
)  # fmt: skip
def test_mistakes_are_refused_and_change_nothing(
    cli: CLI, db_url: str, argv: list[str], code: int, words: str
) -> None:
    _import(cli, str(USER_FILE))
    rows = _json(cli, "journal", "suggestions", "--format", "json")
    far = next(r["id"] for r in rows if r["line"] == 41)
    before = snapshot(db_url)

    result = cli(*(arg.replace("{far}", str(far)) for arg in argv))

    assert_refused(result, code, words)
    assert snapshot(db_url) == before


# --- import safety ------------------------------------------------------------------------------


@pytest.mark.shared_fixture
def test_importing_twice_adds_nothing(cli: CLI, db_url: str) -> None:
    first = _import(cli, str(USER_FILE))
    before = snapshot(db_url)
    assert _import(cli, str(USER_FILE)) == _summary(skipped_unchanged=1)
    assert _import(cli) == _summary(skipped_unchanged=1)
    assert snapshot(db_url) == before
    assert first["entries_added"] == 8


@pytest.mark.shared_fixture
def test_dry_run_reports_the_same_and_writes_nothing(cli: CLI, db_url: str, tmp_path: Path) -> None:
    path = _copy(tmp_path)
    before = snapshot(db_url)
    dry = _import(cli, str(path), "--dry-run")
    assert snapshot(db_url) == before
    real = _import(cli, str(path))
    assert dry == {**real, "dry_run": True}

    path.write_text(path.read_text().replace("[[2024-04-26]]\n\nGoals:\n\n", ""), "utf-8")
    before = snapshot(db_url)
    dry = _import(cli, str(path), "--dry-run")
    assert snapshot(db_url) == before
    assert dry == _summary(
        dry_run=True, sources_read=1, entries_unchanged=7, entries_gone=1,
        gone=[{"source": NAME, "day": "2024-04-26"}],
    )  # fmt: skip


@pytest.mark.shared_fixture
def test_editing_one_day_updates_it_in_place(cli: CLI, tmp_path: Path) -> None:
    path = _copy(tmp_path)
    _import(cli, str(path))
    far = next(
        r for r in _json(cli, "journal", "suggestions", "--format", "json") if r["line"] == 41
    )
    app_id = added_id(cli("journal", "accept", str(far["id"])))
    before = {
        day: _json(cli, "journal", "show", day, "--format", "json")
        for day, _, _, _ in DAYS
        if day != "2024-04-19"
    }

    text = path.read_text()
    text = text.replace("- some leetcode problems\n", "- some leetcode problems (3 mediums)\n")
    text = text.replace(
        "- skimmed a few others papers\n",
        "- skimmed a few other papers\n- wrote a DPO loss from scratch\n",
    )
    path.write_text(text, "utf-8")
    summary = _import(cli, str(path))
    assert {k: summary[k] for k in ("sources_read", "entries_added", "entries_updated")} == {
        "sources_read": 1, "entries_added": 0, "entries_updated": 1,
    }  # fmt: skip
    assert summary["entries_unchanged"] == 7
    assert summary["suggestions"] == 0

    entries = _json(cli, "journal", "entries", "--format", "json")
    assert len(entries) == 8
    changed = next(e for e in entries if e["day"] == "2024-04-19")
    assert (changed["line"], changed["items"]) == (32, 16)
    day = _json(cli, "journal", "show", "2024-04-19", "--format", "json")
    items = day["entries"][0]["items"]
    assert items[3]["text"] == "some leetcode problems (3 mediums)"
    # The accepted record's line kept its row: its link survived the edit.
    assert (items[4]["line"], items[4]["records"]) == (41, [f"application #{app_id}"])
    assert (items[7]["line"], items[7]["text"]) == (44, "skimmed a few other papers")
    assert (items[8]["line"], items[8]["text"]) == (45, "wrote a DPO loss from scratch")
    assert "DPO" in items[8]["skills"]
    # The days below moved one line down; the days above did not change.
    for other, shown in before.items():
        after = _json(cli, "journal", "show", other, "--format", "json")
        if other < "2024-04-19":
            for entry in shown["entries"]:
                entry["line"] += 1
                for item in entry["items"]:
                    item["line"] += 1
        assert after == shown, other
    assert _json(cli, "journal", "suggestions", "--format", "json") != []


@pytest.mark.shared_fixture
def test_a_removed_day_is_reported_then_pruned(cli: CLI, tmp_path: Path) -> None:
    path = _copy(tmp_path)
    _import(cli, str(path))
    text = path.read_text()
    start, end = text.index("[[2024-04-22]]"), text.index("[[2024-04-19]]")
    path.write_text(text[:start] + text[end:], "utf-8")

    result = cli("journal", "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert (
        f"warning: 2024-04-22 is no longer in {NAME}: kept until 'career journal prune'"
        in result.stderr
    )
    assert "entries gone               1" in result.stdout
    entries = {e["day"]: e for e in _json(cli, "journal", "entries", "--format", "json")}
    assert entries["2024-04-22"]["gone"] is True
    assert len(entries) == 8
    # Reported once: the next import has nothing new to say.
    assert _import(cli, str(path)) == _summary(skipped_unchanged=1)
    leet = _json(cli, "skill", "show", "leetcode", "--format", "json")
    assert [e["day"] for e in leet] == ["2024-04-19"]

    refused = cli("journal", "prune", input="n\n")
    assert refused.exit_code == 1
    assert len(_json(cli, "journal", "entries", "--format", "json")) == 8

    pruned = cli("journal", "prune", "--yes")
    assert pruned.exit_code == 0, pruned.stderr
    assert pruned.stderr == f"  2024-04-22  {NAME}\npruned 1 days\n"
    assert [e["day"] for e in _json(cli, "journal", "entries", "--format", "json")] == [
        d for d, _, _, _ in DAYS if d != "2024-04-22"
    ]
    assert cli("journal", "prune").stderr == "nothing to prune\n"


@pytest.mark.shared_fixture
def test_a_day_that_comes_back_is_restored(cli: CLI, tmp_path: Path) -> None:
    path = _copy(tmp_path)
    _import(cli, str(path))
    path.write_text(USER_FILE.read_text().replace("[[2024-04-26]]\n\nGoals:\n\n", ""), "utf-8")
    assert _import(cli, str(path))["entries_gone"] == 1
    shutil.copyfile(USER_FILE, path)
    assert _import(cli, str(path)) == _summary(
        sources_read=1, entries_updated=1, entries_unchanged=7
    )
    assert not any(e["gone"] for e in _json(cli, "journal", "entries", "--format", "json"))


@pytest.mark.shared_fixture
def test_bom_crlf_and_lf_give_identical_rows(cli: CLI, tmp_path: Path) -> None:
    data = USER_FILE.read_bytes()
    assert b"\r" not in data and not data.startswith(b"\xef\xbb\xbf")
    variants = {
        "lf": data,
        "crlf": data.replace(b"\n", b"\r\n"),
        "bom": b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"),
    }
    for folder, content in variants.items():
        (tmp_path / folder).mkdir()
        (tmp_path / folder / NAME).write_bytes(content)
        _import(cli, str(tmp_path / folder / NAME))

    for day, _, _, _ in DAYS:
        shown = _json(cli, "journal", "show", day, "--format", "json")["entries"]
        assert len(shown) == 3
        for entry in shown:  # evidence ids are per row, so they differ between the copies
            for item in entry["items"]:
                assert all(row.pop("id") > 0 for row in item["evidence"])
        assert shown[0] == shown[1] == shown[2]
    evidence = _json(cli, "skill", "show", "batch normalization", "--format", "json")
    assert len(evidence) == 3
    assert evidence[0] == evidence[1] == evidence[2]
    entries = _json(cli, "journal", "entries", "--format", "json")
    assert len(entries) == 24
    assert entries[0::3] == entries[1::3] == entries[2::3]


def test_invalid_utf8_with_strict_names_the_file_and_offset_and_writes_nothing(
    cli: CLI, db_url: str, backend: str, home: Path, tmp_path: Path
) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "2024-04-18.md").write_text("- read the DPO paper\n", "utf-8")
    (vault / "2024-04-19.md").write_bytes(b"- implemented DPO\n- caf\xe9 notes\n")
    before = snapshot(db_url)

    result = cli("journal", "import", "--strict", str(vault))

    assert_refused(result, 2, "2024-04-19.md")
    assert "byte 23" in result.stderr  # the offset of \xe9
    assert snapshot(db_url) == before
    if backend == "sqlite":
        assert_nothing_created(db_url, home)


def test_bad_input_is_refused_with_nothing_written(
    cli: CLI, db_url: str, backend: str, home: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.md").write_text("# not a journal\n", "utf-8")
    before = snapshot(db_url)
    for argv, words in [
        (["journal", "import", str(tmp_path / "missing.md")], "missing.md"),
        (["journal", "import", str(empty)], "empty"),
        (["journal", "import", "--from", "jrnl-json", str(OWN_LOG)], OWN_LOG.name),
        (["journal", "import"], "nothing was imported yet"),
    ]:
        result = cli(*argv)
        assert_refused(result, 2, words)
        assert snapshot(db_url) == before
    if backend == "sqlite":
        assert_nothing_created(db_url, home)


def test_reimport_without_a_path_finds_new_notes(cli: CLI, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / "daily").mkdir(parents=True)
    (vault / "daily" / "2024-04-18.md").write_text("- read the DPO paper\n", "utf-8")
    (vault / "daily" / "2024-04-19.md").write_text("- [x] implemented DPO\n", "utf-8")
    (vault / "ideas.md").write_text("some thoughts\n", "utf-8")
    first = _import(cli, str(vault))
    assert {k: first[k] for k in ("sources_read", "skipped_not_notes", "entries_added")} == {
        "sources_read": 2, "skipped_not_notes": 1, "entries_added": 2,
    }  # fmt: skip

    (vault / "daily" / "2024-04-20.md").write_text("- watched a PPO lecture\n", "utf-8")
    (vault / "daily" / "2024-04-18.md").unlink()
    again = _import(cli)
    assert {
        k: again[k]
        for k in ("sources_read", "skipped_unchanged", "entries_added", "entries_gone", "gone")
    } == {
        "sources_read": 1, "skipped_unchanged": 1, "entries_added": 1, "entries_gone": 1,
        "gone": [{"source": "daily/2024-04-18.md", "day": "2024-04-18"}],
    }  # fmt: skip
    sources = _json(cli, "journal", "sources", "--format", "json")
    # Sources are stored by their resolved path (a temporary folder may sit behind a symlink).
    root = str(vault.resolve())
    assert [(s["name"], s["root"], s["entries"], s["gone"]) for s in sources] == [
        ("daily/2024-04-18.md", root, 1, 1),
        ("daily/2024-04-19.md", root, 1, 0),
        ("daily/2024-04-20.md", root, 1, 0),
    ]
    pruned = cli("journal", "prune", "--yes")
    assert pruned.exit_code == 0, pruned.stderr
    assert [s["name"] for s in _json(cli, "journal", "sources", "--format", "json")] == [
        "daily/2024-04-19.md",
        "daily/2024-04-20.md",
    ]


def test_a_first_run_that_is_refused_creates_nothing(
    cli: CLI, db_url: str, backend: str, home: Path
) -> None:
    before = snapshot(db_url)
    for argv, code in [
        (["journal", "accept", "1"], 3),
        (["journal", "dismiss", "1"], 3),
        (["journal", "show", "2024-04-19"], 3),
        (["skill", "show", "DPO"], 3),
    ]:
        assert_refused(cli(*argv), code, "no ")
    assert cli("journal", "prune", "--yes").stderr == "nothing to prune\n"
    assert snapshot(db_url) == before
    if backend == "sqlite":
        assert_nothing_created(db_url, home)


def test_listings_on_an_empty_database(cli: CLI) -> None:
    for argv, text in [
        (["journal", "entries"], "no journal days\n"),
        (["journal", "sources"], "no journal imported yet (see 'career journal import')\n"),
        (["journal", "suggestions"], "no pending suggestions\n"),
        (["skills"], "no skill evidence yet\n"),
    ]:
        result = cli(*argv)
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", text)


def test_skills_path_is_in_the_config_folder(cli: CLI, home: Path) -> None:
    result = cli("skills", "path")
    assert result.exit_code == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.name == "skills.toml"
    assert path.is_relative_to(home)


def test_the_users_own_skills_file_extends_the_taxonomy(cli: CLI, tmp_path: Path) -> None:
    path = Path(cli("skills", "path").stdout.strip())
    notes = tmp_path / "notes.md"
    notes.write_text(
        "[[2024-04-18]]\n\nDone:\n- worked through basket weaving exercises\n", "utf-8"
    )
    _import(cli, str(notes))
    assert _json(cli, "skills", "--category", "crafts", "--format", "json") == []

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[skill."Basket weaving"]\ncategory = "crafts"\naliases = ["weaving"]\n')
    # The journal did not change, the taxonomy did: the file is read again.
    again = _import(cli, str(notes))
    assert (again["sources_read"], again["entries_unchanged"], again["evidence"]) == (1, 1, 1)
    assert _json(cli, "skills", "--category", "crafts", "--format", "json") == [
        {
            "name": "Basket weaving",
            "category": "crafts",
            "level": 2,
            "level_name": "practice",
            "evidence": 1,
            "first": "2024-04-18",
            "last": "2024-04-18",
        }
    ]
    assert _json(cli, "skill", "show", "weaving", "--format", "json") == [
        {
            "day": "2024-04-18",
            "level": 2,
            "level_name": "practice",
            "signal": "worked through",
            "source": "notes.md",
            "line": 4,
            "text": "worked through basket weaving exercises",
        }
    ]
    assert _import(cli, str(notes)) == _summary(skipped_unchanged=1)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_an_unchanged_reimport_does_not_load_the_database_stack(
    cli: CLI, db_url: str, home: Path
) -> None:
    import os
    import subprocess
    import sys

    _import(cli, str(OWN_LOG))
    probe = (
        "import sys\n"
        "from career.cli.main import app\n"
        "try:\n"
        "    app(['journal', 'import'], prog_name='career')\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "print(sorted(m for m in ('sqlalchemy', 'rich', 'alembic') if m in sys.modules))\n"
    )
    env = {**os.environ, "CAREER_DB": db_url}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
    assert "skipped (unchanged)        1" in done.stdout


@pytest.mark.shared_fixture
def test_an_accepted_organization_gets_the_names_the_shipped_list_knows(
    cli: CLI, home: Path
) -> None:
    assert cli("journal", "import", str(USER_FILE)).exit_code == 0
    listed = _json(cli, "journal", "suggestions", "--format", "json")
    for row in listed:
        assert cli("journal", "accept", str(row["id"])).exit_code == 0
    page = _json(cli, "show", "80k hours", "--format", "json")
    assert page["name"] == "80,000 Hours"
    assert "80k hours" in page["aliases"]
    apart = _json(cli, "show", "apart sprints", "--format", "json")
    assert (apart["name"], apart["website"]) == ("Apart Research", "https://apartresearch.com")


@pytest.mark.shared_fixture
def test_a_line_mentioning_an_organization_links_to_its_open_records(cli: CLI, home: Path) -> None:
    far = added_id(cli("add-application", "FAR.AI", "research engineer", "--applied", "2024-04-10"))
    closed = added_id(cli("add-application", "FAR.AI", "intern", "--status", "rejected"))
    assert cli("journal", "import", str(USER_FILE)).exit_code == 0
    day = _json(cli, "journal", "show", "2024-04-19", "--format", "json")
    line = next(i for i in day["entries"][0]["items"] if i["line"] == 41)
    assert line["organizations"] == ["FAR.AI"]
    assert line["records"] == [f"application #{far}"]  # not the closed one, #{closed}
    assert closed != far
