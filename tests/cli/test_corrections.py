"""`career evidence` (list, reject, set, why, restore, corrections), `career skills
ignore|unignore|ignored` and the evidence ids of `career journal show`, through the CLI on both
backends: corrections last through re-imports of the journal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CLI, added_id, assert_refused, snapshot

LOG = """# Learning log

## 2024-04-19
- implemented DPO from scratch in PyTorch
- read about RLHF
  - watched a lecture on PPO

## 2024-04-18
- read the JAX docs
- fixed a bug in my Python script
"""


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "notes" / "log.md"
    path.parent.mkdir()
    path.write_text(LOG, encoding="utf-8")
    return path


def _ok(cli: CLI, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def _rows(cli: CLI, *args: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(_ok(cli, "evidence", *args, "--format", "json"))
    return rows


def _by(rows: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["skill"], r["text"]): r for r in rows}


def _import(cli: CLI, *args: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(_ok(cli, "journal", "import", "--format", "json", *args))
    return found


@pytest.fixture
def imported(cli: CLI, log: Path) -> dict[tuple[str, str], dict[str, Any]]:
    _import(cli, str(log))
    return _by(_rows(cli))


RLHF = ("RLHF", "read about RLHF")
PYTHON = ("Python", "fixed a bug in my Python script")
DPO = ("DPO", "implemented DPO from scratch in PyTorch")


def test_list_filters_and_formats(cli: CLI, imported: dict[tuple[str, str], Any]) -> None:
    rows = _rows(cli)
    assert {(r["skill"], r["day"]) for r in rows} >= {
        ("DPO", "2024-04-19"),
        ("RLHF", "2024-04-19"),
        ("Python", "2024-04-18"),
        ("JAX", "2024-04-18"),
    }
    assert [r["day"] for r in rows] == sorted(r["day"] for r in rows)
    dpo = imported[DPO]
    assert (dpo["source"], dpo["line"], dpo["level_name"]) == ("log.md", 4, "applied")
    assert set(dpo) >= {"id", "rule", "matched", "signal", "level"}

    assert {r["skill"] for r in _rows(cli, "--skill", "dpo")} == {"DPO"}
    assert {r["skill"] for r in _rows(cli, "--skill", "DPO", "--skill", "jax")} == {"DPO", "JAX"}
    assert {r["day"] for r in _rows(cli, "--since", "2024-04-19")} == {"2024-04-19"}
    assert {r["day"] for r in _rows(cli, "--until", "2024-04-18")} == {"2024-04-18"}
    assert all(r["level"] >= 3 for r in _rows(cli, "--min-level", "applied"))
    assert {r["skill"] for r in _rows(cli, "--min-level", "3")} >= {"DPO", "PyTorch"}
    assert "RLHF" not in {r["skill"] for r in _rows(cli, "--min-level", "applied")}

    app = added_id(cli("add-application", "FAR.AI", "engineer"))
    assert cli("app", "skills", str(app), "--add", "RLHF").exit_code == 0
    assert {r["skill"] for r in _rows(cli, "--app", str(app))} == {"RLHF"}
    assert _rows(cli, "--app", str(app), "--skill", "DPO") == []

    csv = _ok(cli, "evidence", "--format", "csv").splitlines()
    assert csv[0] == "id,day,skill,level,level_name,signal,rule,matched,source,line,text"
    assert len(csv) == len(rows) + 1
    table = _ok(cli, "evidence", "--skill", "DPO")
    assert f"{dpo['id']}" in table and "log.md:4" in table and "applied" in table


def test_list_escapes_control_characters(cli: CLI, tmp_path: Path) -> None:
    path = tmp_path / "log.md"
    path.write_text("## 2024-04-19\n- read about RLHF \x1b[31mred\n", encoding="utf-8")
    _import(cli, str(path))
    table = _ok(cli, "evidence")
    assert "\x1b" not in table
    assert "RLHF" in table


def test_reject_and_set_survive_every_kind_of_reimport(
    cli: CLI, log: Path, home: Path, imported: dict[tuple[str, str], Any]
) -> None:
    rejected = _ok(cli, "evidence", "reject", str(imported[RLHF]["id"]))
    assert rejected == ""
    _ok(cli, "evidence", "set", str(imported[PYTHON]["id"]), "delivered")

    def check() -> None:
        rows = _by(_rows(cli))
        assert RLHF not in rows
        assert rows[PYTHON]["level_name"] == "delivered"
        assert rows[PYTHON]["signal"] == "set by you"
        assert rows[DPO]["level_name"] == "applied"

    check()
    # The unchanged file, skipped.
    assert _import(cli)["skipped_unchanged"] == 1
    check()
    # The lines moved to other line numbers (a line added above them).
    log.write_text(LOG.replace("## 2024-04-19\n", "## 2024-04-19\n- a quiet day\n"), "utf-8")
    _import(cli)
    check()
    assert _by(_rows(cli))[PYTHON]["line"] == 11
    # Another day of the file edited.
    text = log.read_text("utf-8").replace("read the JAX docs", "read the JAX docs twice")
    log.write_text(text, "utf-8")
    summary = _import(cli)
    assert summary["entries_updated"] == 1
    check()
    # Every day analysed again (the user's skills file changed the analysis).
    skills_file = Path(_ok(cli, "skills", "path").strip())
    skills_file.parent.mkdir(parents=True, exist_ok=True)
    skills_file.write_text('[skill."Triton"]\ncategory = "ml"\n', "utf-8")
    summary = _import(cli)
    assert summary["entries_unchanged"] == 2 and summary["sources_read"] == 1
    check()
    # The dry run counts what would be stored, rejected evidence left out.
    skills_file.write_text('[skill."Triton"]\ncategory = "gpu"\n', "utf-8")
    dry = _import(cli, "--dry-run")
    assert dry["evidence"] == len(_rows(cli))


def test_the_same_line_in_a_reindented_or_recapitalised_form_keeps_its_correction(
    cli: CLI, log: Path, imported: dict[tuple[str, str], Any]
) -> None:
    _ok(cli, "evidence", "reject", str(imported[RLHF]["id"]))
    log.write_text(LOG.replace("- read about RLHF", "- Read  about RLHF"), "utf-8")
    _import(cli)
    assert "RLHF" not in {r["skill"] for r in _rows(cli)}


def test_a_line_whose_words_changed_is_evidence_again(
    cli: CLI, log: Path, imported: dict[tuple[str, str], Any]
) -> None:
    _ok(cli, "evidence", "reject", str(imported[RLHF]["id"]))
    _ok(cli, "evidence", "set", str(imported[PYTHON]["id"]), "0")
    log.write_text(
        LOG.replace("read about RLHF", "read a paper about RLHF").replace(
            "fixed a bug in my Python script", "fixed two bugs in my Python script"
        ),
        "utf-8",
    )
    _import(cli)
    rows = {r["skill"]: r for r in _rows(cli)}
    assert rows["RLHF"]["text"] == "read a paper about RLHF"
    assert rows["Python"]["signal"] != "set by you"
    # The corrections stay recorded (and apply again if the words come back).
    corrections = json.loads(_ok(cli, "evidence", "corrections", "--format", "json"))
    assert [(c["skill"], c["action"]) for c in corrections] == [
        ("Python", "set"),
        ("RLHF", "reject"),
    ]
    log.write_text(LOG, "utf-8")
    _import(cli)
    assert "RLHF" not in {r["skill"] for r in _rows(cli)}


def test_why_names_the_line_its_parent_the_rule_and_the_correction(
    cli: CLI, imported: dict[tuple[str, str], Any]
) -> None:
    ppo = imported[("PPO", "watched a lecture on PPO")]
    text = _ok(cli, "evidence", "why", str(ppo["id"]))
    assert f"evidence #{ppo['id']}: PPO, exposure (1), 2024-04-19" in text
    assert "log.md:6  watched a lecture on PPO" in text
    assert "parent:     read about RLHF" in text
    assert f"signal:     {ppo['signal']}" in text
    assert "correction: none" in text

    _ok(cli, "evidence", "set", str(ppo["id"]), "practice")
    found = json.loads(_ok(cli, "evidence", "why", str(ppo["id"]), "--format", "json"))
    assert found["level_name"] == "practice"
    assert found["parent"] == "read about RLHF"
    assert found["correction"]["action"] == "set"
    assert found["correction"]["computed_level_name"] == "exposure"
    text = _ok(cli, "evidence", "why", str(ppo["id"]))
    assert "correction: #1 set to practice" in text
    assert "the journal says exposure" in text

    top = _ok(cli, "evidence", "why", str(imported[DPO]["id"]))
    assert "parent:     (none)" in top


def test_restore_takes_a_correction_back(
    cli: CLI, log: Path, imported: dict[tuple[str, str], Any]
) -> None:
    _ok(cli, "evidence", "reject", str(imported[RLHF]["id"]), str(imported[DPO]["id"]))
    _ok(cli, "evidence", "set", str(imported[PYTHON]["id"]), "delivered")
    corrections = json.loads(_ok(cli, "evidence", "corrections", "--format", "json"))
    ids = {c["skill"]: c["id"] for c in corrections}
    assert set(ids) == {"RLHF", "DPO", "Python"}

    _ok(cli, "evidence", "restore", str(ids["RLHF"]), str(ids["Python"]))
    rows = _by(_rows(cli))
    assert rows[RLHF]["level_name"] == "exposure"
    assert rows[PYTHON]["level"] == imported[PYTHON]["level"]
    assert rows[PYTHON]["signal"] == imported[PYTHON]["signal"]
    assert DPO not in rows
    remaining = json.loads(_ok(cli, "evidence", "corrections", "--format", "json"))
    assert [c["skill"] for c in remaining] == ["DPO"]
    # A re-import that analyses the day again keeps it so.
    log.write_text(LOG.replace("## 2024-04-19\n", "## 2024-04-19\n- new line\n"), "utf-8")
    _import(cli)
    rows = _by(_rows(cli))
    assert RLHF in rows and DPO not in rows


def test_journal_show_gives_evidence_ids_and_levels(
    cli: CLI, imported: dict[tuple[str, str], Any]
) -> None:
    shown = _ok(cli, "journal", "show", "2024-04-19")
    assert f"#{imported[DPO]['id']} DPO applied" in shown
    assert f"#{imported[RLHF]['id']} RLHF exposure" in shown
    day = json.loads(_ok(cli, "journal", "show", "2024-04-19", "--format", "json"))
    items = day["entries"][0]["items"]
    first = next(i for i in items if i["text"] == DPO[1])
    assert {"id": imported[DPO]["id"], "skill": "DPO", "level": 3, "level_name": "applied"} in (
        first["evidence"]
    )
    _ok(cli, "evidence", "reject", str(imported[RLHF]["id"]))
    assert "RLHF exposure" not in _ok(cli, "journal", "show", "2024-04-19")


SKILLS_FILE = """# my own skills
[skill."Triton"]
category = "ml"  # GPU kernels
aliases = ["triton kernels"]
"""


def test_ignore_and_unignore_keep_the_rest_of_the_file(cli: CLI, home: Path) -> None:
    path = Path(_ok(cli, "skills", "path").strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SKILLS_FILE, "utf-8")

    result = cli("skills", "ignore", "Rust")
    assert result.exit_code == 0, result.stderr
    text = path.read_text("utf-8")
    assert text.startswith("# my own skills\n")
    assert 'category = "ml"  # GPU kernels' in text
    import tomllib

    data = tomllib.loads(text)
    assert data["ignore"] == ["Rust"]
    assert data["skill"]["Triton"] == {"category": "ml", "aliases": ["triton kernels"]}
    assert path.stat().st_mode & 0o777 == 0o600

    again = cli("skills", "ignore", "rust")
    assert again.exit_code == 0 and "already ignored" in again.stderr
    assert _ok(cli, "skills", "ignore", "torch") == ""
    listed = json.loads(_ok(cli, "skills", "ignored", "--format", "json"))
    assert listed == [{"word": "Rust"}, {"word": "torch"}]

    assert cli("skills", "unignore", "RUST").exit_code == 0
    assert tomllib.loads(path.read_text("utf-8"))["ignore"] == ["torch"]
    assert "# GPU kernels" in path.read_text("utf-8")
    assert_refused(cli("skills", "unignore", "rust"), 3, "'rust' is not ignored")


def test_ignore_removes_the_evidence_the_word_named_at_once(
    cli: CLI, log: Path, imported: dict[tuple[str, str], Any]
) -> None:
    rows = _rows(cli)
    named = [r for r in rows if r["matched"].casefold() == "jax"]
    if not named:
        pytest.skip("the extractor does not record the words that named a skill yet")
    others = [r for r in rows if r["matched"].casefold() != "jax"]
    result = cli("skills", "ignore", "jax")
    assert result.exit_code == 0, result.stderr
    assert "removed 1 evidence row(s)" in result.stderr
    assert _rows(cli) == others
    # And it stays so when the journal is imported again (the file changed: every day is
    # analysed again).
    assert _import(cli)["sources_read"] == 1
    assert "JAX" not in {r["skill"] for r in _rows(cli)}
    # Taken off the list, the next import finds it again.
    _ok(cli, "skills", "unignore", "JAX")
    _import(cli)
    assert "JAX" in {r["skill"] for r in _rows(cli)}


def test_unknown_ids_change_nothing(
    cli: CLI, db_url: str, imported: dict[tuple[str, str], Any]
) -> None:
    known = str(imported[RLHF]["id"])
    before = snapshot(db_url)
    assert_refused(cli("evidence", "reject", known, "9999"), 3, "no evidence #9999")
    assert_refused(cli("evidence", "set", "9999", "applied"), 3, "no evidence #9999")
    assert_refused(cli("evidence", "why", "9999"), 3, "no evidence #9999")
    assert_refused(cli("evidence", "restore", "9999"), 3, "no correction #9999")
    assert_refused(cli("evidence", "set", known, "expert"), 2, "unknown level 'expert'")
    assert_refused(cli("evidence", "set", known, "5"), 2, "unknown level '5'")
    assert_refused(cli("evidence", "reject", "0"), 2, "ids are positive")
    assert_refused(cli("evidence", "reject", "x"), 2, "'x'")
    assert_refused(cli("evidence", "--min-level", "huge"), 2, "unknown level 'huge'")
    assert_refused(cli("evidence", "--skill", "Cobol"), 2, "unknown skill 'Cobol'")
    assert_refused(cli("evidence", "--app", "77"), 3, "no application #77")
    assert_refused(
        cli("evidence", "why", known, "--format", "csv"), 2, "'csv' is not one of 'table', 'json'"
    )
    assert snapshot(db_url) == before


def test_a_bad_skills_file_is_one_line_and_is_not_written(
    cli: CLI, db_url: str, home: Path, imported: dict[tuple[str, str], Any]
) -> None:
    path = Path(_ok(cli, "skills", "path").strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("ignore = [\n", "utf-8")
    before = snapshot(db_url)
    assert_refused(cli("skills", "ignore", "Rust"), 2, "not valid TOML")
    assert_refused(cli("skills", "unignore", "Rust"), 2, "not valid TOML")
    assert_refused(cli("skills", "ignored"), 2, "not valid TOML")
    assert path.read_text("utf-8") == "ignore = [\n"
    path.write_text('ignore = "Rust"\n', "utf-8")
    assert_refused(cli("skills", "ignore", "Go"), 2, '"ignore" must be a list of texts')
    assert path.read_text("utf-8") == 'ignore = "Rust"\n'
    assert_refused(cli("skills", "ignore", "  "), 2, "give a word to ignore")
    assert_refused(cli("skills", "ignore", "a\nb"), 2, "one line of text")
    assert snapshot(db_url) == before
