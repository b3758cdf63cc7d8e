"""Whose claim a journal line makes, and word hygiene: career.journal.scope and the rules of
career.journal.skills that use it (pure; no database)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from career.journal.document import Entry, SourceFile
from career.journal.parser import parse
from career.journal.scope import Claim, claim_at, line_claim, scope_at
from career.journal.skills import LEVELS, Taxonomy, evidence, load_taxonomy


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(None)


def note(text: str, fmt: str = "obsidian") -> Entry:
    name = "2024_05_02.md" if fmt == "logseq" else "2024-05-02.md"
    source = SourceFile(Path("/vault") / name, name, fmt, date(2024, 5, 2))
    [entry] = parse(text, source)
    return entry


def found(text: str, taxonomy: Taxonomy, fmt: str = "obsidian") -> list[tuple[int, str, str]]:
    """(line, skill, level word) of each evidence row of a one-day note."""
    entry = note(text, fmt)
    return [
        (entry.items[row.item].line, row.skill, LEVELS[row.level])
        for row in evidence(entry, taxonomy)
    ]


def span(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


# --- scope ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "negated", "planned", "other"),
    [
        ("never fine-tuned a Llama model", "Llama", True, False, False),
        ("didn't get to the JAX port today", "JAX", True, False, False),
        ("no longer use TensorFlow at all", "TensorFlow", True, False, False),
        ("not only profiled the CUDA kernel but also fixed it", "CUDA", False, False, False),
        ("want to try Triton kernels", "Triton", False, True, False),
        ("should have benchmarked vLLM", "vLLM", False, True, False),
        ("Grafana dashboards next week", "Grafana", False, True, False),
        ("Priya deployed the Helm chart", "Helm", False, False, True),
        ("my teammate migrated us to Postgres", "Postgres", False, False, True),
        ("they trained a reward model", "reward", False, False, True),
        ("Priya and I deployed the Helm chart", "Helm", False, False, False),
        ("Finally deployed the Helm chart", "Helm", False, False, False),
        ("Priya set up the cluster, then benchmarked NCCL", "NCCL", False, False, True),
        ("Priya set up the cluster, then I benchmarked NCCL", "NCCL", False, False, False),
        ("Omar's notebook uses JAX", "JAX", False, False, True),
    ],
)
def test_claim_of_a_span(text: str, word: str, negated: bool, planned: bool, other: bool) -> None:
    assert claim_at(text, *span(text, word)) == Claim(negated, planned, other)


@pytest.mark.parametrize(
    ("text", "word", "credited"),
    [
        ("served it with vLLM instead of TGI", "TGI", False),
        ("served it with vLLM instead of TGI", "vLLM", True),
        ("Rust vs Go for the CLI", "Go", False),
        ("evaluated the SAE against a PCA baseline", "PCA", False),
        ("evaluated the SAE against a PCA baseline on my data", "data", True),
        ("wrote tests against a real Postgres", "Postgres", True),
        ("the posting requires Kubernetes", "Kubernetes", False),
        ("applied to the ML engineer role", "ML", False),
        ("emailed two AI safety orgs", "AI safety", False),
        ('he said "DPO is overrated"', "DPO", False),
        ("a library which can be used for LoRA", "LoRA", True),
    ],
)
def test_credit_of_a_span(text: str, word: str, credited: bool) -> None:
    assert scope_at(text, *span(text, word)).credited is credited


def test_line_claim_reads_the_first_clause() -> None:
    assert line_claim("didn't apply to FAR.AI") == Claim(True, False, False)
    assert line_claim("my friend applied to SPAR") == Claim(False, False, True)
    assert line_claim("plan to apply to SPAR") == Claim(False, True, False)
    assert line_claim("applied to SPAR today") == Claim(False, False, False)


def test_notes_is_no_not_and_may_is_no_plan() -> None:
    text = "notes on SAE features from May"
    assert claim_at(text, *span(text, "SAE")) == Claim(False, False, False)


# --- evidence: whose claim -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "- never trained a transformer model",
        "- haven't read the ORPO paper yet",
        "- Sam implemented DPO for the team",
        "- my colleague deployed the Kubernetes cluster",
        "- they shipped a new RLHF pipeline",
        "- the JD wants Terraform",
        "- used LoRA rather than QLoRA",
        "- recruiter pinged about a PyTorch engineer role",
        "> implemented DPO in an afternoon",
        "- [-] ~~implemented DPO~~",
    ],
)
def test_lines_that_are_not_the_writers_claim(line: str, taxonomy: Taxonomy) -> None:
    rows = found(line + "\n", taxonomy)
    assert ("LoRA" in line and rows == [(1, "LoRA", "applied")]) or rows == []


def test_fenced_code_and_blockquotes_are_no_claim(taxonomy: Taxonomy) -> None:
    text = "- ran the tests\n```python\nimport torch  # PyTorch\n```\n> RLHF is solved\n"
    assert found(text, taxonomy) == []


def test_cancelled_logseq_task_is_no_claim(taxonomy: Taxonomy) -> None:
    assert found("- CANCELED set up Docker\n", taxonomy, "logseq") == []


def test_a_continuation_shares_its_parents_subject(taxonomy: Taxonomy) -> None:
    text = "- Jo wrote the slides\n\t- and the GPT-4 judge prompts\n"
    assert found(text, taxonomy) == []


def test_a_negation_after_the_name_needs_no_level_word_before_it(taxonomy: Taxonomy) -> None:
    text = (
        "- the FSDP run has not started yet\n- debugged the NCCL hang for hours, still not fixed\n"
    )
    assert found(text, taxonomy) == [(2, "distributed training", "applied")]


# --- evidence: word hygiene ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "- saw a python at the zoo with the kids",
        "- wheel alignment at the garage",
        "- the crowd's reaction was great, nobody could react in time",
        "- bought batteries for the torch",
        "- cloud cover all day, no sun",
        "- covid testing centre was closed",
        "- coffee with Adam",
        "- drank 500 ml of water",
        "- rust on the bike chain again",
        "- a flask of tea on the hike",
        "- cargo shorts are back",
        "- went to a birthday bash",
        "- pandas at the zoo",
    ],
)
def test_everyday_words_are_no_skills(line: str, taxonomy: Taxonomy) -> None:
    assert found(line + "\n", taxonomy) == []


@pytest.mark.parametrize(
    ("line", "skill"),
    [
        ("- fixed a python traceback in the scraper", "Python"),
        ("- upgraded to Python 3.12", "Python"),
        ("- rewrote `parse.py` in python", "Python"),
        ("- learned rust ownership rules", "Rust"),
        ("- cleaned up the torch training loop", "PyTorch"),
        ("- moved the cloud bucket to another region", "cloud"),
        ("- tuned Adam betas for the model", "optimizers"),
        ("- read about #python decorators", "Python"),
        ("- practiced [[Python]] katas", "Python"),
        ("- React hooks for the dashboard", "TypeScript"),
        ("- set up pytest and python for the repo", "Python"),
    ],
)
def test_everyday_words_count_with_technical_context(
    line: str, skill: str, taxonomy: Taxonomy
) -> None:
    assert skill in [name for _, name, _ in found(line + "\n", taxonomy)]


def test_context_may_come_from_the_parent_or_the_days_tags(taxonomy: Taxonomy) -> None:
    parent = "- debugged the scraper\n\t- python was the culprit\n"
    assert found(parent, taxonomy) == [(2, "Python", "applied")]
    tagged = "---\ntags: [python, side-project]\n---\n- python again tonight\n"
    assert found(tagged, taxonomy) == [(4, "Python", "exposure")]
    untagged = "---\ntags: [family]\n---\n- python again tonight\n"
    assert found(untagged, taxonomy) == []


def test_logseq_tags_property_counts_as_the_days_tags(taxonomy: Taxonomy) -> None:
    text = "tags:: python, scraping\n\n- python again tonight\n"
    assert found(text, taxonomy, "logseq") == [(3, "Python", "exposure")]


def test_short_acronyms_only_in_capitals_long_ones_in_any_case(taxonomy: Taxonomy) -> None:
    assert found("- read about ML and rlhf\n", taxonomy) == [
        (1, "machine learning", "exposure"),
        (1, "RLHF", "exposure"),
    ]
    assert found("- read about ml and rag\n", taxonomy) == []
    assert found("- read about `rag`\n", taxonomy) == [(1, "RAG", "exposure")]
    assert found("- read about MoE routing, moe is a name\n", taxonomy) == [
        (1, "mixture of experts", "exposure")
    ]


def test_a_name_inside_a_longer_name_is_no_level_word(taxonomy: Taxonomy) -> None:
    text = "- the learning rate schedule was off\n"
    assert found(text, taxonomy) == [(1, "optimizers", "exposure")]


def test_a_name_in_its_past_form_is_its_own_level_word(taxonomy: Taxonomy) -> None:
    assert found("- red-teamed my own chatbot\n", taxonomy) == [(1, "red teaming", "applied")]


def test_plan_heading_opens_a_goal_section(taxonomy: Taxonomy) -> None:
    text = "## Next week\n- implemented the DPO loss\n## Log\n- implemented ORPO\n"
    assert found(text, taxonomy) == [(2, "DPO", "intent"), (4, "ORPO", "applied")]


def test_the_users_stop_list(tmp_path: Path) -> None:
    user = tmp_path / "skills.toml"
    user.write_text('ignore = ["pytest"]\n')
    taxonomy = load_taxonomy(user)
    assert found("- wrote pytest fixtures\n", taxonomy) == []
    assert found("- wrote python3 scripts\n", taxonomy) == [(1, "Python", "applied")]
    assert taxonomy.fingerprint != load_taxonomy(None).fingerprint


# --- cases a review found ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "rows"),
    [
        ("- Sam used JAX", []),
        ("- Sam is using JAX", []),
        ("- Sam rewrote the Rust parser", []),
        ("- the authors only trained on GPT-2", []),
        ("- havent trained PPO", []),
        ("- didnt use Docker", []),
        ("- vLLM shipped speculative decoding", [(1, "vLLM", "exposure")]),
        ("- DeepSpeed", [(1, "FSDP", "exposure")]),
        ("- bought a new torch 2 days ago", []),
        ("- watched the MLS final", []),
        ("- read the FSDP impl", [(1, "FSDP", "exposure")]),
        (
            "- shipped the RAG demo. Tomorrow: evals on GPT-4",
            [(1, "RAG", "delivered"), (1, "GPT", "intent")],
        ),
        ("- mention the vLLM setup", [(1, "vLLM", "exposure")]),
    ],
)
def test_review_cases(line: str, rows: list[tuple[int, str, str]], taxonomy: Taxonomy) -> None:
    got = found(line + "\n", taxonomy)
    assert [row for row in got if row[1] != "evals"] == rows


def test_a_continuation_with_an_ampersand_shares_its_parent(taxonomy: Taxonomy) -> None:
    assert found("- Jo wrote the slides\n\t- & the GPT-4 judge prompts\n", taxonomy) == []


def test_a_moved_alias_stays_an_everyday_word(tmp_path: Path) -> None:
    user = tmp_path / "skills.toml"
    user.write_text('[skill."Lightning"]\naliases = ["torch"]\n')
    taxonomy = load_taxonomy(user)
    assert found("- bought batteries for the torch\n", taxonomy) == []
    assert found("- rewrote the torch training loop\n", taxonomy) == [(1, "Lightning", "applied")]
