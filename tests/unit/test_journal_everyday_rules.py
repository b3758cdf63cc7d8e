"""Rules that keep everyday journals honest (career.journal.skills, career.journal.scope,
career.journal.parser): the everyday senses of skill words in a school, a lab or a parkrun,
level words that are no level words, plans written as action items and list labels, lines in
other languages, other people's tasks and preferences, lists of things done, and what a
reading verb's object was doing. Each rule is checked where it must fire and where it must
not."""

from __future__ import annotations

from pathlib import Path

import pytest

from career.journal.document import SourceFile
from career.journal.parser import parse
from career.journal.scope import scope_at
from career.journal.skills import LEVELS, Taxonomy, evidence, load_taxonomy


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(None)


def found(text: str, taxonomy: Taxonomy, fmt: str = "obsidian") -> set[tuple[int, str, str]]:
    """(line, skill, level) of each evidence row of a one-day note."""
    name = "2024-05-02.md" if fmt == "obsidian" else "2024_05_02.md"
    source = SourceFile(Path(f"/vault/{name}"), name, fmt)
    [entry] = parse(text, source)
    return {
        (entry.items[row.item].line, row.skill, LEVELS[row.level])
        for row in evidence(entry, taxonomy)
    }


def skills(line: str, taxonomy: Taxonomy, fmt: str = "obsidian") -> set[tuple[str, str]]:
    return {(skill, level) for _, skill, level in found(f"- {line}\n", taxonomy, fmt)}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # A school's unit test and AI debate club.
        ("period 1: year 9 unit test on linear equations, marked the scripts", set()),
        ("year 8 AI debate club, the motion was banning phones", set()),
        ("wrote unit tests for the sampler (top-p, temperature)", {("testing", "applied")}),
        ("ran the AI debate baseline once", {("scalable oversight", "applied")}),
        # Diffusion in biology.
        ("journal club: a Nature paper on morphogen diffusion gradients", set()),
        ("read the stable diffusion paper on the train", {("diffusion models", "exposure")}),
        # Sleeper and secret agents.
        ("reading group on the sleeper agents paper", {("literature review", "exposure")}),
        ("built a tool use agent loop with function calling", {("LLM agents", "applied")}),
        # A cherry-picked photo; a cherry-picked commit.
        ("cherry-picked the best photos for Granny's album", set()),
        ("cherry-picked the fix onto the release branch", {("Git", "applied")}),
        # A personal record and the press office; a pull request.
        ("parkrun with Leo, new PR for me: 24:51", set()),
        ("#running 10k in 52 min, new PR", set()),
        ("the PR team sent the press release out late", set()),
        ("reviewed the PR for the billing export", {("Git", "applied")}),
        ("TODO fix the PR description before Ana reviews it", {("Git", "intent")}),
    ],
)
def test_everyday_senses(line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy) -> None:
    fmt = "logseq" if line.startswith("TODO") else "obsidian"
    assert skills(line, taxonomy, fmt) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # "made sense" is no making.
        ("the bit on the KV cache finally made sense", {("attention mechanisms", "exposure")}),
        ("made a KV cache for the decoder", {("attention mechanisms", "applied")}),
        # Everyday engineering verbs.
        ("squashed the WIP commits with `git rebase -i main`", {("Git", "applied")}),
        ("`Cargo.toml`: pinned tokio to 1.38", {("Rust", "applied")}),
        ("updated the runbook with the new kubectl commands", {("Kubernetes", "applied")}),
    ],
)
def test_level_words(line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy) -> None:
    assert skills(line, taxonomy) == expected


def test_a_commands_words_are_no_level_words(taxonomy: Taxonomy) -> None:
    # "--release" inside a code span is no release; the done task has no level word of its own.
    assert skills("DONE `cargo build --release` for the Pi", taxonomy, "logseq") == {
        ("Rust", "practice")
    }
    assert skills("DONE released the `cargo` crate", taxonomy, "logseq") == {("Rust", "delivered")}


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("DONE build the Docker image for the Pi", "applied"),
        ("DONE Dockerfile: build and push", "applied"),
        ("DONE tidy the repo and build the Docker image", "applied"),
        ("DONE Docker cleanup on the build box", "practice"),
    ],
)
def test_a_done_tasks_base_form_counts_as_its_verb_only(
    line: str, level: str, taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy, "logseq") == {("Docker", level)}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("30 min of the Rust Book before bed", {("Rust", "exposure")}),
        ("fixed the login redirect loop in the [[Flask]] app", {("APIs", "applied")}),
        # No such noun, no other context: an everyday word.
        ("30 min of rust before bed", set()),
        ("[[Flask]] of tea on the hike", set()),
    ],
)
def test_a_noun_of_what_a_product_makes_is_context(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("next step for the probes: repeat with the 4-bit weights", {("quantization", "intent")}),
        ("[Postgres tuning](https://example.com/pg) bookmarked for later", {("SQL", "intent")}),
        ("[[Python]] meetup next Thursday?", {("Python", "intent")}),
        # An action item is a task, mine or someone else's.
        ("action: me to set up Sentry alerts for the worker", {("observability", "intent")}),
        ("next: DPO on the held-out set", {("DPO", "intent")}),
        ("action: Jo to write the Terraform for the staging bucket", set()),
        # Not a label: a GitHub Action is CI.
        ("wrote a GitHub Actions workflow: lint and test", {("CI/CD", "applied")}),
    ],
)
def test_plans(line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy) -> None:
    assert skills(line, taxonomy) == expected


def test_a_paragraph_that_introduces_a_list_of_plans_opens_a_goal_section(
    taxonomy: Taxonomy,
) -> None:
    text = (
        "Goals for the week:\n- get fluent in JAX\n"
        "Recruiter DM this morning:\n- they use Go\n- migrated the Airflow DAGs\n"
    )
    assert found(text, taxonomy) == {(2, "JAX", "intent"), (5, "data engineering", "applied")}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "heute den nginx Reverse Proxy für die Nextcloud eingerichtet",
            {("web development", "applied")},
        ),
        ("hoy arreglé el bug del parser en Python", {("Python", "applied")}),
        ("j'ai lu la doc de FastAPI", {("APIs", "exposure")}),
        ("mañana: migrar la base de datos a Postgres 16", {("SQL", "intent")}),
        ("Mittagessen mit Jonas, er hat Docker auf seinem NAS installiert", set()),
    ],
)
def test_other_languages(line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Sofia fine-tuned a Whisper model with LoRA for her thesis", set()),
        ("Ana prefers Terraform over Pulumi", set()),
        ("the whole team, me included, migrated our jobs to k8s", {("Kubernetes", "applied")}),
        ("Ben, the new intern, wrote the Airflow DAG", set()),
        # The writer's own hyphenated past form is still the writer's.
        ("fine-tuned Qwen with LoRA on the support tickets", {("LoRA", "applied")}),
    ],
)
def test_whose_work(line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy) -> None:
    assert {row for row in skills(line, taxonomy) if row[0] != "fine-tuning"} == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # A list of things done: the negation stays in its own item.
        (
            "Friday, nothing much going on, skimmed the Postgres 17 release notes",
            {("SQL", "exposure")},
        ),
        (
            "didn't finish the DPO run, fixed the tokenizer bug",
            {("tokenization", "applied")},
        ),
        ("no time for the DPO run, too tired", set()),
        # What the writer needed is the writer's; what a posting needs is not.
        (
            "reproduced the grokking curve, needed weight decay 1.0",
            {("dropout", "applied")},
        ),
        ("the JD needs Kubernetes and Terraform", set()),
        # A sprint's theme.
        ("sprint weekend starts tonight, the theme is deception evals", set()),
    ],
)
def test_clauses_and_requirements(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("read a thread comparing JAX to PyTorch", {("JAX", "exposure")}),
        ("watched a talk implementing DPO from scratch", {("DPO", "exposure")}),
        ("compared the DPO model to the PPO one", {("DPO", "applied")}),
        # Not after a reading word: the writer's own.
        ("implementing DPO from scratch in JAX", {("DPO", "applied"), ("JAX", "applied")}),
    ],
)
def test_what_was_read(line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy) -> None:
    assert skills(line, taxonomy) == expected


def test_a_task_handed_to_someone_is_theirs() -> None:
    text = "action: Jo to write the Terraform"
    start = text.index("Terraform")
    assert scope_at(text, start, start + len("Terraform")).other


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("the dashboard is up, set it up with Prometheus", {("observability", "applied")}),
        # A mock interview one watches is a video; one done is practice.
        (
            "watched a mock interview video on system design",
            {("system design", "exposure")},
        ),
        ("mock interview with Kofi on system design", {("system design", "practice")}),
        # "to" after a comparing verb: the far side right after it, not a purpose.
        ("compared the runs to check the DPO numbers", {("DPO", "applied")}),
    ],
)
def test_more_level_words(line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy) -> None:
    assert skills(line, taxonomy) == expected


def test_the_children_of_todays_plan_are_plans(taxonomy: Taxonomy) -> None:
    text = "- Today's plan\n  - finish the QLoRA take-home\n- ran the QLoRA sweep\n"
    assert found(text, taxonomy, "logseq") == {(2, "LoRA", "intent"), (3, "LoRA", "applied")}
