"""`career export skills`, `career app skills`, `career app import-job` and `career gaps`
through the CLI, on both backends, from a database built by importing the user's journal and a
journal of our own."""

from __future__ import annotations

import csv
import io
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import CLI, FIXTURES, SHARED, added_id, assert_refused, snapshot

USER_FILE = SHARED / "fixtures" / "daily-log-2024-04.md"

# Our own journal: hostile text in lines the skills matcher picks up.
HOSTILE = """\
[[2024-05-02]]

Done:
- implemented DPO <script>alert(1)</script> loss, onerror=alert(2) <img src=x onerror=alert(3)>
- read [RLHF notes](javascript:alert(4)) and ![x](https://evil.example/p.png)
- =HYPERLINK("https://evil.example","click") shipped a PyTorch demo
- @SUM(1) learned SQL basics
"""


@pytest.fixture
def journal(cli: CLI, tmp_path: Path) -> dict[str, Any]:
    """The user's journal imported; their FAR.AI application accepted from it."""
    result = cli("journal", "import", str(USER_FILE))
    assert result.exit_code == 0, result.stderr
    listed = json.loads(cli("journal", "suggestions", "--format", "json").stdout)
    far = next(s for s in listed if s["line"] == 41)
    app_id = added_id(cli("journal", "accept", str(far["id"])))
    return {"far": app_id}


def _json(cli: CLI, *args: str) -> Any:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


BATCH_NORM = {
    "name": "batch normalization",
    "category": "deep learning",
    "level": 3,
    "level_name": "applied",
    "count": 1,
    "first": "2024-04-17",
    "last": "2024-04-17",
    "evidence": [
        {
            "day": "2024-04-17",
            "level": 3,
            "level_name": "applied",
            "plan": False,
            "signal": "implemented",
            "text": "implemented batch norm on the MLP from prior lectures",
            "source": "daily-log-2024-04.md",
            "line": 85,
        }
    ],
}


@pytest.mark.shared_fixture
def test_json_of_one_skill_is_exact(cli: CLI, journal: dict[str, Any]) -> None:
    summary = _json(
        cli, "export", "skills", "--format", "json", "--skill", "batch norm", "--since",
        "2024-04-01", "--until", "2024-04-30",
    )  # fmt: skip
    far = {
        "id": journal["far"],
        "organization": "FAR.AI",
        "role": "tech lead",
        "kind": "job",
        "status": "applied",
        "applied": "2024-04-19",
        "url": None,
    }
    assert summary == {
        "generated": "2024-04-20",
        "period": {"since": "2024-04-01", "until": "2024-04-30"},
        "min_level": 1,
        "min_level_name": "exposure",
        "application": None,
        "scope": "Evidence at exposure or above; plans left out: --min-level intent shows them.",
        "skills": [BATCH_NORM],
        "plans": [],
        "applications": [far],
        "sessions": [],
        "events": [],
    }


@pytest.mark.shared_fixture
def test_markdown_cites_the_batch_norm_line(cli: CLI, journal: dict[str, Any]) -> None:
    result = cli("export", "skills")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "### batch normalization" in text
    assert (
        "- 2024-04-17 · applied — implemented batch norm on the MLP from prior lectures "
        "(daily-log-2024-04.md:85)" in text
    )
    section = text[text.index("### batch normalization") :]
    assert section.splitlines()[2].startswith("**applied**")
    for skill in ("DPO", "RLHF", "FSDP", "LeetCode", "MLP"):
        assert f"### {skill}" in text


@pytest.mark.shared_fixture
def test_jsonresume_is_valid_against_the_schema(cli: CLI, journal: dict[str, Any]) -> None:
    document = _json(cli, "export", "skills", "--format", "jsonresume")
    shipped = files("career.exports").joinpath("data", "jsonresume-resume.schema.json")
    schema = json.loads(shipped.read_text())
    jsonschema.validate(document, schema)
    # One entry per category and level, the skills as its keywords.
    level = {name: group["level"] for group in document["skills"] for name in group["keywords"]}
    assert level["batch normalization"] != level["DPO"]
    assert all(len(group["keywords"]) >= 1 for group in document["skills"])


@pytest.mark.shared_fixture
def test_csv_parses_back_to_the_same_rows(cli: CLI, journal: dict[str, Any]) -> None:
    from career.cells import unguard

    summary = _json(cli, "export", "skills", "--format", "json")
    result = cli("export", "skills", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    expected = [
        (c["day"], s["name"], s["category"], c["level_name"], c["signal"], c["text"],
         c["source"], str(c["line"]))
        for s in summary["skills"] for c in s["evidence"]
    ]  # fmt: skip
    got = [
        tuple(unguard(row[k]) for k in
              ("date", "skill", "category", "level", "signal", "text", "source", "line"))
        for row in rows
    ]  # fmt: skip
    assert sorted(got) == sorted(expected)
    assert len(rows) == sum(s["count"] for s in summary["skills"])


def test_hostile_journal_text_comes_out_inert(cli: CLI, tmp_path: Path) -> None:
    notes = tmp_path / "hostile.md"
    notes.write_text(HOSTILE, encoding="utf-8")
    assert cli("journal", "import", str(notes)).exit_code == 0
    page = cli("export", "skills", "--format", "html").stdout
    assert "<script>" not in page and "<img" not in page
    assert "javascript:" not in page.replace("javascript:alert(4)", "")  # only as escaped text
    assert 'href="javascript' not in page
    assert page.count("<a ") == 1
    assert '<a href="https://evil.example" rel="noopener noreferrer">' in page
    assert "p.png" not in page  # an image in a journal line is dropped, never fetched
    assert "&lt;script&gt;" in page
    md = cli("export", "skills", "--format", "md").stdout
    assert "<script>" not in md and "<img" not in md
    from markdown_it import MarkdownIt  # rich's Markdown parser: what a viewer would render

    rendered = MarkdownIt("commonmark").render(md)
    assert "<script" not in rendered and "<img" not in rendered
    # Only the http(s) URL became a link; the javascript: one is text.
    assert rendered.count("href=") == 1 and 'href="https://evil.example"' in rendered
    assert "onerror=alert(2)" in rendered  # the text is there, as text
    sheet = cli("export", "skills", "--format", "csv").stdout
    cells = [cell for row in csv.reader(io.StringIO(sheet)) for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert "'=HYPERLINK" in sheet and "'@SUM(1)" in sheet


# Our own journal: a goal, links, an Obsidian embed and a wiki link in lines with skills.
LINKED = """\
[[2024-05-02]]

Goals:
- learn CUDA kernels
- implement DPO again

Done:
- implemented DPO from [the DPO paper](https://arxiv.org/abs/2305.18290) ![[dpo loss.png]] \
with [[RLHF notes|my notes]]
- shipped a PyTorch demo, see https://github.com/me/demo.
"""


@pytest.fixture
def linked(cli: CLI, tmp_path: Path) -> None:
    notes = tmp_path / "linked.md"
    notes.write_text(LINKED, encoding="utf-8")
    result = cli("journal", "import", str(notes))
    assert result.exit_code == 0, result.stderr


def test_plans_are_left_out_by_default_and_marked_when_asked_for(cli: CLI, linked: None) -> None:
    md = cli("export", "skills").stdout
    assert "Evidence at exposure or above; plans left out: --min-level intent shows them." in md
    assert "CUDA" not in md and "(plan)" not in md and "## Plans" not in md
    assert "- 2024-05-02 · applied — implemented DPO from" in md
    value = _json(cli, "export", "skills", "--format", "json")
    assert (value["min_level"], value["plans"]) == (1, [])
    assert {s["name"] for s in value["skills"]} >= {"DPO", "PyTorch"}
    assert [c["level_name"] for c in _skill(value, "DPO")["evidence"]] == ["applied"]

    md = cli("export", "skills", "--min-level", "intent").stdout
    assert "Evidence at every level, plans included" in md
    assert "- 2024-05-02 · intent *(plan)* — implement DPO again (linked.md:5)" in md
    held, plans = md.split("## Plans\n")
    assert "### CUDA" in plans and "### CUDA" not in held
    value = _json(cli, "export", "skills", "--format", "json", "--min-level", "0")
    assert [s["name"] for s in value["plans"]] == ["CUDA"]
    assert [(c["level_name"], c["plan"]) for c in _skill(value, "DPO")["evidence"]] == [
        ("applied", False),
        ("intent", True),
    ]
    page = cli("export", "skills", "--format", "html", "--min-level", "intent").stdout
    assert page.count('<span class="level plan">intent · plan</span>') == 3
    rows = list(csv.DictReader(io.StringIO(
        cli("export", "skills", "--format", "csv", "--min-level", "intent").stdout
    )))  # fmt: skip
    assert sorted((r["skill"], r["level"]) for r in rows if r["plan"] == "yes") == [
        ("CUDA", "intent"),
        ("DPO", "intent"),
    ]
    resume = _json(cli, "export", "skills", "--format", "jsonresume", "--min-level", "intent")
    jsonschema.validate(resume, _resume_schema())
    assert "CUDA" not in str(resume["skills"])
    assert [k for i in resume["interests"] for k in i["keywords"]] == ["CUDA"]
    assert resume["meta"]["career"]["minLevel"] == "intent"


def _skill(summary: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in summary["skills"] + summary["plans"] if s["name"] == name)


def _resume_schema() -> Any:
    shipped = files("career.exports").joinpath("data", "jsonresume-resume.schema.json")
    return json.loads(shipped.read_text())


def test_journal_links_stay_links_and_embeds_are_dropped(cli: CLI, linked: None) -> None:
    from markdown_it import MarkdownIt

    md = cli("export", "skills").stdout
    assert (
        "implemented DPO from [the DPO paper](https://arxiv.org/abs/2305.18290) with my notes"
        " (linked.md:8)"
    ) in md
    assert (
        "shipped a PyTorch demo, see [https://github.com/me/demo](https://github.com/me/demo)."
        in md
    )
    assert "dpo loss" not in md and "[[" not in md and "RLHF notes" not in md
    rendered = MarkdownIt("commonmark").render(md)
    assert '<a href="https://arxiv.org/abs/2305.18290">the DPO paper</a>' in rendered
    page = cli("export", "skills", "--format", "html").stdout
    assert (
        '<a href="https://arxiv.org/abs/2305.18290" rel="noopener noreferrer">the DPO paper</a>'
        in page
    )
    assert "dpo loss" not in page and "[[" not in page
    resume = _json(cli, "export", "skills", "--format", "jsonresume")
    jsonschema.validate(resume, _resume_schema())
    # Only the delivered line is a project; the applied one is not.
    assert [(p["name"], p.get("url")) for p in resume["projects"]] == [
        ("Shipped a PyTorch demo, see https://github.com/me/demo.", "https://github.com/me/demo")
    ]
    # The data formats keep the line as the journal wrote it.
    value = _json(cli, "export", "skills", "--format", "json")
    assert "![[dpo loss.png]]" in _skill(value, "DPO")["evidence"][0]["text"]


def test_citations_link_into_an_obsidian_vault_when_asked(cli: CLI, tmp_path: Path) -> None:
    vault = tmp_path / "My (Vault)"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Daily").mkdir()
    (vault / "Daily" / "2024-04-17.md").write_text("- implemented DPO on a small model\n")
    assert cli("journal", "import", str(vault)).exit_code == 0
    link = "obsidian://open?vault=My%20%28Vault%29&file=Daily%2F2024-04-17.md"
    md = cli("export", "skills", "--obsidian-links").stdout
    assert f"implemented DPO on a small model ([Daily/2024-04-17.md:1]({link}))" in md
    page = cli("export", "skills", "--format", "html", "--obsidian-links").stdout
    assert f'<a href="{link.replace("&", "&amp;")}" rel="noopener noreferrer">' in page
    # Off by default (a summary is pasted for others), and only while the vault is there.
    assert "obsidian://" not in cli("export", "skills").stdout
    (vault / ".obsidian").rmdir()
    assert "obsidian://" not in cli("export", "skills", "--obsidian-links").stdout


def test_a_skill_the_journal_only_plans_is_still_a_gap(cli: CLI, linked: None) -> None:
    app = str(added_id(cli("add-application", "Northwind AI Lab", "research engineer")))
    assert cli("app", "skills", app, "--add", "CUDA", "--add", "DPO").exit_code == 0
    report = _json(cli, "gaps", app, "--format", "json")
    found = {g["skill"]: g for g in report["gaps"]}
    assert found["CUDA"]["evidence"] is None
    assert (found["CUDA"]["plan"]["text"], found["CUDA"]["plan"]["plan"]) == (
        "learn CUDA kernels",
        True,
    )
    # DPO's best line is the applied one, not the later plan to do it again.
    assert (found["DPO"]["evidence"]["level_name"], found["DPO"]["plan"]) == ("applied", None)
    md = cli("gaps", app, "--format", "md").stdout
    missing = md.split("Evidence from my journal")[0]
    assert "- **CUDA** (training at scale): only a plan *(plan)*, 2024-05-02 — learn CUDA" in (
        missing
    )
    table = cli("gaps", app).stdout
    assert "no evidence yet (only a plan)" in table.splitlines()[1]


@pytest.mark.shared_fixture
def test_filters_narrow_as_stated(cli: CLI, journal: dict[str, Any]) -> None:
    def skills(*args: str) -> dict[str, Any]:
        found = _json(cli, "export", "skills", "--format", "json", *args)
        return {s["name"]: s for s in found["skills"] + found["plans"]}

    held = skills()
    assert all(c["level"] >= 1 for s in held.values() for c in s["evidence"])
    everything = skills("--min-level", "intent")
    assert set(held) < set(everything)  # the journal plans skills it shows nothing else of
    late = skills("--since", "2024-04-19", "--min-level", "intent")
    assert "batch normalization" in everything and "batch normalization" not in late
    assert all(s["first"] >= "2024-04-19" for s in late.values())
    early = skills("--until", "2024-04-18", "--min-level", "intent")
    assert all(s["last"] <= "2024-04-18" for s in early.values())
    assert "GPT" in everything and "GPT" not in early
    applied = skills("--min-level", "applied")
    assert set(applied) == {n for n, s in everything.items() if s["level"] >= 3}
    assert applied == skills("--min-level", "3")
    assert set(skills("--skill", "DPO", "--skill", "PEFT")) == {"DPO", "LoRA"}
    assert cli("app", "skills", str(journal["far"]), "--add", "DPO", "--add", "MLP").exit_code == 0
    for_far = _json(cli, "export", "skills", "--format", "json", "--app", str(journal["far"]))
    assert [s["name"] for s in for_far["skills"]] == ["MLP", "DPO"]
    assert for_far["application"]["organization"] == "FAR.AI"
    # Meant to be pasted into that application: no other application, no advising session.
    cli("add-application", "Other Lab", "engineer")
    session = _json(cli, "journal", "suggestions", "--format", "json")
    accepted = next(s for s in session if s["kind"] == "session")
    assert cli("journal", "accept", str(accepted["id"])).exit_code == 0
    narrowed = _json(cli, "export", "skills", "--format", "json", "--app", str(journal["far"]))
    assert [a["organization"] for a in narrowed["applications"]] == ["FAR.AI"]
    assert narrowed["sessions"] == []
    everything_else = _json(cli, "export", "skills", "--format", "json")
    assert len(everything_else["applications"]) == 2 and len(everything_else["sessions"]) == 1
    deep = skills("--category", "Deep Learning")
    assert deep and all(s["category"] == "deep learning" for s in deep.values())


@pytest.mark.parametrize("fmt", ["md", "json", "jsonresume", "csv", "html"])
def test_an_empty_database_gives_an_empty_summary_and_a_sentence(
    cli: CLI, db_url: str, fmt: str
) -> None:
    result = cli("export", "skills", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("No skill evidence")
    if fmt == "json":
        assert json.loads(result.stdout)["skills"] == []


@pytest.mark.shared_fixture
def test_a_known_skill_without_evidence_is_an_empty_summary(
    cli: CLI, journal: dict[str, Any]
) -> None:
    result = cli("export", "skills", "--skill", "Kubernetes")
    assert result.exit_code == 0, result.stderr
    assert "No skill evidence of Kubernetes in the journal." in result.stderr


@pytest.mark.shared_fixture
def test_an_empty_period_says_so(cli: CLI, journal: dict[str, Any]) -> None:
    result = cli("export", "skills", "--since", "2023-01-01", "--until", "2023-12-31")
    assert result.exit_code == 0
    assert "No skill evidence between 2023-01-01 and 2023-12-31" in result.stdout
    assert "No skill evidence between 2023-01-01 and 2023-12-31" in result.stderr


@pytest.mark.shared_fixture
def test_out_writes_a_private_file_only_with_force_over_an_existing_one(
    cli: CLI, journal: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "brag.html"
    assert cli("export", "skills", "--format", "html", "--out", str(out)).exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o600
    first = out.read_bytes()
    assert first.startswith(b"<!DOCTYPE html>")
    assert_refused(cli("export", "skills", "--out", str(out)), 4, "exists already")
    assert out.read_bytes() == first
    assert cli("export", "skills", "--out", str(out), "--force").exit_code == 0
    assert out.read_text().startswith("# Skills evidence")


@pytest.mark.shared_fixture
@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--format", "pdf"], 2, "'pdf' is not one of"),
        (["--skill", "basket weaving"], 2, "unknown skill 'basket weaving'"),
        (["--category", "cooking"], 2, "unknown category 'cooking': the categories are"),
        (["--min-level", "expert"], 2, "unknown level 'expert'"),
        (["--since", "2024-02-30"], 2, "2024-02-30"),
        (["--since", "2024-04-20", "--until", "2024-04-01"], 2, "is before --since"),
        (["--app", "99"], 3, "no application #99"),
        (["--out", "{tmp}/missing/brag.md"], 2, "does not exist"),
        (["--out", "{tmp}"], 2, "is a folder"),
    ],
)
def test_bad_input_writes_nothing(
    cli: CLI, journal: dict[str, Any], db_url: str, tmp_path: Path,
    args: list[str], code: int, words: str,
) -> None:  # fmt: skip
    before = snapshot(db_url)
    files = sorted(tmp_path.rglob("*"))
    filled = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert_refused(cli("export", "skills", *filled), code, words)
    assert snapshot(db_url) == before
    assert sorted(tmp_path.rglob("*")) == files


# --- application skills, postings and gaps --------------------------------------------------


@pytest.mark.shared_fixture
def test_app_skills_match_aliases_and_keep_unknown_names(cli: CLI, journal: dict[str, Any]) -> None:
    far = str(journal["far"])
    result = cli("app", "skills", far, "--add", "peft", "--add", "Batch Norm", "--add", "Zig")
    assert result.exit_code == 0, result.stderr
    assert "kept as skills of your own: 'Zig'" in result.stderr
    listed = _json(cli, "app", "skills", far, "--format", "json")
    assert listed == [
        {"skill": "LoRA", "category": "llms"},
        {"skill": "batch normalization", "category": "deep learning"},
        {"skill": "Zig", "category": "other"},
    ]
    again = cli("app", "skills", far, "--add", "LoRA", "--remove", "zig")
    assert again.exit_code == 0
    assert [r["skill"] for r in _json(cli, "app", "skills", far, "--format", "json")] == [
        "LoRA",
        "batch normalization",
    ]
    before = _json(cli, "app", "skills", far, "--format", "json")
    assert_refused(cli("app", "skills", far, "--remove", "COBOL"), 3, "does not ask for 'COBOL'")
    assert_refused(cli("app", "skills", "99", "--add", "DPO"), 3, "no application #99")
    assert _json(cli, "app", "skills", far, "--format", "json") == before


@pytest.mark.shared_fixture
def test_gaps_on_a_partly_evidenced_application(cli: CLI, journal: dict[str, Any]) -> None:
    far = str(journal["far"])
    assert cli("app", "skills", far, "--add", "batch norm", "--add", "DPO", "--add",
               "Kubernetes").exit_code == 0  # fmt: skip
    report = _json(cli, "gaps", far, "--format", "json")
    assert [
        (g["skill"], g["evidence"] and g["evidence"]["level_name"]) for g in report["gaps"]
    ] == [
        ("Kubernetes", None),
        ("DPO", "exposure"),
        ("batch normalization", "applied"),
    ]
    best = report["gaps"][2]["evidence"]
    assert (best["day"], best["source"], best["line"]) == ("2024-04-17", "daily-log-2024-04.md", 85)
    md = cli("gaps", far, "--format", "md").stdout
    assert md.index("Kubernetes") < md.index("DPO") < md.index("batch normalization")
    table = cli("gaps", far).stdout
    assert "no evidence yet" in table.splitlines()[1]


def test_import_job_from_the_sample_posting(cli: CLI) -> None:
    sample = FIXTURES / "jobs" / "research-engineer.job.json"
    result = cli("app", "import-job", str(sample))
    assert result.exit_code == 0, result.stderr
    app_id = int(result.stdout.strip())
    shown = _json(cli, "apps", "--all", "--format", "json")
    posting = json.loads(sample.read_text())
    assert [(a["organization"], a["role"], a["status"], a["url"]) for a in shown] == [
        (posting["company"], posting["title"], "interested", posting["meta"]["canonical"])
    ]
    asked = [r["skill"] for r in _json(cli, "app", "skills", str(app_id), "--format", "json")]
    named = [n for s in posting["skills"] for n in (s["name"], *s["keywords"])]
    from career.journal.skills import load_taxonomy

    taxonomy = load_taxonomy(None)
    resolved = [(taxonomy.find(n) or n) for n in named]
    names = [r if isinstance(r, str) else r.name for r in resolved]
    assert asked == list(dict.fromkeys(names))  # in the posting's order, each once
    assert "SQL" in asked
    shown_app = _json(cli, "app", "show", str(app_id), "--format", "json")
    assert shown_app["notes"] == posting["description"]
    gaps = _json(cli, "gaps", str(app_id), "--format", "json")
    assert all(g["evidence"] is None for g in gaps["gaps"])
    # The same posting (its canonical URL) is refused, naming the record, unless --force.
    assert_refused(cli("app", "import-job", str(sample)), 4, f"recorded already: #{app_id} ")
    assert added_id(cli("app", "import-job", str(sample), "--force")) == app_id + 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "not valid JSON"),
        ('{"company": "X", "skills": [{"name": 3}]}', "skills[0].name"),
        ('{"title": "no company"}', "company"),
    ],
)
def test_an_invalid_posting_is_refused(
    cli: CLI, db_url: str, tmp_path: Path, content: str, words: str
) -> None:
    posting = tmp_path / "job.json"
    posting.write_text(content)
    before = snapshot(db_url)
    assert_refused(cli("app", "import-job", str(posting)), 2, words)
    assert snapshot(db_url) == before


def test_non_ascii_skill_names_match_themselves(cli: CLI) -> None:
    first = added_id(cli("add-application", "A", "r"))
    second = added_id(cli("add-application", "B", "r"))
    assert cli("app", "skills", str(first), "--add", "Écriture").exit_code == 0
    again = cli("app", "skills", str(second), "--add", "ÉCRITURE")
    assert again.exit_code == 0, again.stderr
    assert _json(cli, "app", "skills", str(second), "--format", "json") == [
        {"skill": "Écriture", "category": "other"}
    ]


def test_control_characters_in_a_posting_are_not_echoed_raw(cli: CLI, tmp_path: Path) -> None:
    posting = tmp_path / "job.json"
    posting.write_text(json.dumps({"company": "Evil\u001b]0;pwned\u0007Corp", "title": "x"}))
    result = cli("app", "import-job", str(posting))
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "Evil\\x1b]0;pwned\\x07Corp" in result.stderr
