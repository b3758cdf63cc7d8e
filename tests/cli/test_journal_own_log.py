"""`career journal import` of the project's own daily log (tests/fixtures), written in the user's
style: `[[date]]` lines newest first, days with only a `Goals:` line, `Goals:`/`Done:` sections,
an empty bullet, tab-nested bullets two deep, links, bare URLs, `code`, an embed, a day with no
section lines and a date line right after a bullet. These run everywhere; the same checks on the
user's own excerpt are in test_journal.py (marked shared_fixture)."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema

from tests.conftest import CLI, OWN_LOG, snapshot

NAME = OWN_LOG.name
# (day, line where it starts, lines in it, evidence rows)
DAYS = [
    ("2024-05-10", 1, 0, 0),
    ("2024-05-09", 5, 1, 2),
    ("2024-05-08", 10, 3, 1),
    ("2024-05-07", 17, 1, 1),
    ("2024-05-06", 25, 7, 2),
    ("2024-05-03", 38, 7, 3),
]


def _json(cli: CLI, *args: str) -> Any:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _import(cli: CLI, path: Path) -> dict[str, Any]:
    summary: dict[str, Any] = _json(cli, "journal", "import", "--format", "json", str(path))
    return summary


def test_the_days_their_lines_and_evidence(cli: CLI) -> None:
    summary = _import(cli, OWN_LOG)
    assert (summary["sources_read"], summary["entries_added"], summary["suggestions"]) == (1, 6, 4)
    skills = _json(cli, "skills", "--format", "json")
    assert summary["evidence"] == sum(int(row["evidence"]) for row in skills) > 0
    entries = _json(cli, "journal", "entries", "--format", "json")
    assert [(e["day"], e["source"], e["line"], e["items"], e["evidence"]) for e in entries] == [
        (day, NAME, line, items, evidence) for day, line, items, evidence in DAYS
    ]


def test_sections_nesting_links_and_embeds_are_kept(cli: CLI) -> None:
    _import(cli, OWN_LOG)
    items = _json(cli, "journal", "show", "2024-05-06", "--format", "json")["entries"][0]["items"]
    assert [(i["line"], i["section"], i["depth"]) for i in items] == [
        (28, "goal", 0), (31, "done", 0), (32, "done", 0), (33, "done", 1), (34, "done", 2),
        (35, "done", 1), (36, "done", 0),
    ]  # fmt: skip
    assert items[3]["text"] == "the notebook: https://github.com/example/probe-notebooks"
    assert items[5]["text"].endswith("![[probe-accuracy 20240506.png]]")
    goals = _json(cli, "journal", "show", "2024-05-08", "--format", "json")["entries"][0]["items"]
    assert goals[2]["text"] == "try `transformer_lens` on a small model"
    assert goals[0]["text"].startswith("read the [toy models of superposition](https://")
    # A day without section lines is what was done; the bullet before the next date line is
    # the last of its day.
    last = _json(cli, "journal", "show", "2024-05-03", "--format", "json")["entries"][0]["items"]
    assert {i["section"] for i in last} == {"done"}
    assert items[-1]["text"] == "read a post on activation patching"


def test_skills_are_cited_by_line_and_suggestions_found(cli: CLI) -> None:
    _import(cli, OWN_LOG)
    shown = _json(cli, "skill", "show", "interpretability", "--format", "json")
    assert [(e["day"], e["level_name"], e["line"]) for e in shown] == [
        ("2024-05-03", "applied", 46),
        ("2024-05-06", "practice", 32),
        ("2024-05-09", "intent", 8),
    ]
    rows = _json(cli, "journal", "suggestions", "--format", "json")
    assert [(r["kind"], r["line"]) for r in rows] == [
        ("session", 40), ("event", 44), ("application", 45), ("application", 31),
    ]  # fmt: skip
    session = rows[0]["fields"]
    assert session["organization"] == "80,000 Hours"
    assert session["notes_url"] == "https://example.org/notes/advising-may"
    assert len(session["takeaways"]) == 2


def test_importing_again_adds_nothing_and_line_endings_do_not_matter(
    cli: CLI, db_url: str, tmp_path: Path
) -> None:
    _import(cli, OWN_LOG)
    before = snapshot(db_url)
    assert _import(cli, OWN_LOG)["skipped_unchanged"] == 1
    assert snapshot(db_url) == before

    data = OWN_LOG.read_bytes()
    assert b"\r" not in data
    crlf = tmp_path / "crlf" / NAME
    crlf.parent.mkdir()
    crlf.write_bytes(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    _import(cli, crlf)
    for day, *_ in DAYS:
        shown = _json(cli, "journal", "show", day, "--format", "json")["entries"]
        read = [
            [(i["line"], i["section"], i["depth"], i["text"], i["skills"]) for i in e["items"]]
            for e in shown
        ]
        assert len(read) == 2 and read[0] == read[1], day


def test_the_json_resume_export_is_valid(cli: CLI) -> None:
    _import(cli, OWN_LOG)
    document = _json(cli, "export", "skills", "--format", "jsonresume")
    schema_file = files("career.exports").joinpath("data", "jsonresume-resume.schema.json")
    jsonschema.Draft7Validator(json.loads(schema_file.read_text())).validate(document)
    assert "interpretability" in json.dumps(document["skills"])
