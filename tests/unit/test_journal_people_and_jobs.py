"""Rules for job-search days, other people's work and everyday acronyms: pronoun contractions
that are other words without their apostrophe, acronyms of other worlds, what a posting, a
brief or the writer's own CV names, minutes in which each item opens with its owner's name,
reported speech, and interview exercises (career.journal.phrases, career.journal.scope,
career.journal.skills). Each rule is checked where it must fire and where it must not."""

from __future__ import annotations

from pathlib import Path

import pytest

from career.journal.document import SourceFile
from career.journal.parser import parse
from career.journal.phrases import PhraseIndex
from career.journal.skills import LEVELS, Taxonomy, evidence, load_taxonomy


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(None)


def found(text: str, taxonomy: Taxonomy) -> set[tuple[int, str, str]]:
    """(line, skill, level) of each evidence row of a one-day Obsidian note."""
    source = SourceFile(Path("/vault/2024-05-02.md"), "2024-05-02.md", "obsidian")
    [entry] = parse(text, source)
    return {
        (entry.items[row.item].line, row.skill, LEVELS[row.level])
        for row in evidence(entry, taxonomy)
    }


def skills(line: str, taxonomy: Taxonomy) -> set[tuple[str, str]]:
    return {(skill, level) for _, skill, level in found(f"- {line}\n", taxonomy)}


def test_a_pronoun_contraction_needs_its_apostrophe() -> None:
    index = PhraseIndex([("we'll", "plan"), ("I'll", "plan"), ("didn't", "negation")])
    assert [value for _, _, value in index.find("we'll see, I'll try")] == ["plan", "plan"]
    assert index.find("it went well, I was ill") == []
    assert [value for _, _, value in index.find("didnt work")] == ["negation"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("implemented DPO as well", {("DPO", "applied")}),
        ("the PPO run went well overnight", {("PPO", "exposure")}),
        ("we'll port the RAG service to FastAPI", {("RAG", "intent"), ("APIs", "intent")}),
    ],
)
def test_well_is_no_plan(line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("emailed the DPO about the subject access request", set()),
        ("cycle day 21, the app says 7 DPO, no pregnancy test until Friday", set()),
        ("implemented DPO on the summarisation set", {("DPO", "applied")}),
        ("open enrolment: PPO or the high-deductible plan", set()),
        ("fixed PPO on procgen, the advantage normalisation was off", {("PPO", "applied")}),
        ("our RAG status went from amber to red", set()),
        ("the steering committee meets about the workstream RAG", set()),
        ("gave a talk on RAG at the offsite", {("RAG", "delivered")}),
        ("oil change: 4.5 litres of SAE 5W-30", set()),
        ("ran the SAE sweep over 4 dictionary sizes", {("interpretability", "applied")}),
        ("two DSA needs assessments for students with dyslexia", set()),
        ("did 3 DSA mediums on arrays", {("LeetCode", "practice")}),
        ("assay for the API content of the tablets, two out of spec", set()),
        ("built the API for the billing service", {("APIs", "applied")}),
        ("performance eval with my manager on Friday", set()),
        ("ran the eval on the new checkpoint", {("evals", "applied")}),
        ("architecture design studio open day, the models were great", set()),
        ("my year 12s did statistics today, scatter plots of height", set()),
        ("we're embedding oracy across the curriculum", set()),
        ("wore my grey fedora to the wedding", set()),
        ("installed Fedora 40 on the old ThinkPad", {("Linux", "applied")}),
    ],
)
def test_acronyms_and_names_of_other_worlds(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # What is required or welcome, written after the skill, is asked for too.
        ("Kubernetes and Go are must-haves there, Rust is a plus", set()),
        ("the brief also mentions Docker as a bonus", set()),
        ("the SAE project asks for strong PyTorch", set()),
        # Not across a comma, nor in the writer's own doing.
        ("[ ] Kubernetes basics, since every posting asks for it", {("Kubernetes", "intent")}),
        ("implemented DPO, which requires a reference model", {("DPO", "applied")}),
        ("needed weight decay 1.0 to get it to grok", {("dropout", "exposure")}),
    ],
)
def test_what_a_posting_requires_is_not_the_writers(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("added PyTorch and Weights & Biases to the skills section of my CV", set()),
        ("rewrote my CV summary around the eval work", set()),
        ("wrote my statement of interest for the SAE project", set()),
        ("fine-tuned the cover letter for the ML platform team", set()),
        ("rated myself 4/5 for Python on the application form", set()),
        # A verb "resume" is no résumé; a clause without the document is evidence.
        ("resumed the DPO run from the last checkpoint", {("DPO", "exposure")}),
        ("updated the CV, then fixed the Docker build", {("Docker", "applied")}),
    ],
)
def test_the_writers_cv_is_no_evidence(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("80k job board alert: ML engineer at a nonprofit, Python and AWS", set()),
        ("they use JAX inside, but the residency is PyTorch-friendly", set()),
        ("take-home brief: a service that stores rows in SQLite behind a REST API", set()),
        ("built the take-home in FastAPI, the brief asked for tests", {("APIs", "applied")}),
    ],
)
def test_job_boards_programmes_and_briefs_are_the_jobs(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # Minutes: a name (or names) before a colon or a dash owns the item.
        ("Jonas: Terraform for the staging VPC, done by Friday", set()),
        ("Wen: finished the Postgres partitioning, rolling it out today", set()),
        ("Jonas - blocked on the Terraform state lock", set()),
        ("Kofi / Lin: the flaky pytest fixtures", set()),
        ("Maya — Kafka lag on the orders topic, still digging into the Redis side", set()),
        # The writer's own item, a label that is no name, a skill as the label.
        ("me: the Grafana dashboard is set up", {("observability", "applied")}),
        ("Notes: implemented DPO on the summarisation set", {("DPO", "applied")}),
        ("Thu: prep for the Cohere loop, system design", {("system design", "intent")}),
        ("Postgres: migrated the events table to 16", {("SQL", "applied")}),
        # Someone else after a time, reported speech, a possessive after a comma.
        ("next week Kofi presents the DPO paper", set()),
        ("yesterday, Sam deployed the Helm chart", set()),
        ("according to Wen the Redis cluster is at 80% memory", set()),
        ("Maya is out, her Kafka PR waits for review", set()),
        ("today I deployed the Helm chart", {("Kubernetes", "applied")}),
    ],
)
def test_minutes_and_reported_speech_are_other_peoples(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # A hiring process's timed exercise is practice, as a solved interview problem is.
        ("coding round: a ring buffer in Python, then thread-safe", {("Python", "practice")}),
        ("did the coding test: NumPy and einsum puzzles, 5 of 6", {("NumPy", "practice")}),
        ("SQL on HackerRank for an hour", {("SQL", "practice")}),
        ("took the Codility test for the apprenticeship: 2 SQL tasks", {("SQL", "practice")}),
        # A take-home or a work test is work.
        ("submitted the take-home: a FastAPI service", {("APIs", "applied")}),
    ],
)
def test_interview_exercises_are_practice(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("reran the failed GitHub Actions job, it passed", {("CI/CD", "applied")}),
        ("retrained the linear probes on layer 12", {("interpretability", "applied")}),
        ("paired with Lin on the Rust parser, she drove", {("Rust", "applied")}),
        ("we agreed to move the exports to Kubernetes next sprint", {("Kubernetes", "intent")}),
        ("Kubernetes upgrade next quarter", {("Kubernetes", "intent")}),
        ("[ ] Python: generators, context managers, the GIL", {("Python", "intent")}),
        # A label that opens with a gap or "not done" negates the clause after it, and only as
        # a label.
        ("gaps from the last rejection: Kubernetes, anything frontend", set()),
        ("not done: the Rust book chapter on traits", set()),
        ("closed the gap between the DPO and PPO runs", {("DPO", "exposure"), ("PPO", "exposure")}),
    ],
)
def test_verbs_done_again_plans_and_gaps(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


def test_a_long_paragraph_that_introduces_a_list_is_a_heading(taxonomy: Taxonomy) -> None:
    text = (
        "Prep for the DeepMind research engineer loop on Thursday:\n"
        "- SQL window functions and CTEs\n"
        "- my RLHF project story in two minutes\n"
    )
    assert found(text, taxonomy) == {(2, "SQL", "intent"), (3, "RLHF", "intent")}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("the Python job at Monzo looks good", set()),
        ("Rust jobs are rare in London", set()),
        ("reran the nightly ETL job after the fix", {("data engineering", "applied")}),
        ("fixed the flaky GitHub Actions job", {("CI/CD", "applied")}),
    ],
)
def test_a_job_is_a_role_unless_the_writer_ran_it(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("reached out to 3 people on LinkedIn working on interpretability", set()),
        ("coffee with a founder building an LLM agents startup", set()),
        ("met two engineers at the meetup using JAX on TPUs", set()),
        # Not the writer's own "-ing", nor a noun in "-ing" after the people.
        (
            "spent the day working on the interpretability write-up",
            {("interpretability", "practice"), ("technical writing", "practice")},
        ),
        ("the team meeting ran long, then I fixed the Docker build", {("Docker", "applied")}),
    ],
)
def test_people_doing_something_are_doing_it(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("referral from Tom for the ML infra team at Cohere", set()),
        ("interview for the Kubernetes platform role on Friday", set()),
        ("shipped the RAG demo to the support team", {("RAG", "delivered")}),
        ("deployed Postgres for the data team", {("SQL", "applied")}),
        ("set up Postgres replicas team-wide", {("SQL", "applied")}),
    ],
)
def test_a_role_may_have_words_between_it_and_the_skill(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("pairing round: built a debounce util in TypeScript", {("TypeScript", "applied")}),
        ("mock system design with Jo: designed a rate limiter", {("system design", "practice")}),
        ("updated my GitHub profile README", set()),
    ],
)
def test_own_words_in_an_exercise_keep_their_level(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("she showed me how she uses cargo-insta for snapshot tests", {("Rust", "exposure")}),
        ("Sam explained to me how they deploy with Helm charts", {("Kubernetes", "exposure")}),
        # Without the writer as the object, what they do is theirs.
        ("Sam knows how they deploy with Helm charts", set()),
    ],
)
def test_what_someone_shows_the_writer_is_exposure(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Lena is a Rust expert, she reviewed the parser", set()),
        ("Sam is the Kubernetes person on the team", set()),
        ("congrats to Lena on shipping the RAG search!", set()),
        ("kudos to the infra team for the Postgres upgrade", set()),
        ("thanks to the new index, I got the Postgres query under 10 ms", {("SQL", "exposure")}),
    ],
)
def test_experts_and_congratulations_are_someone_elses(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("job req mentions RLHF and experience with reward models", set()),
        ("interview loop: coding (Python), ML design, behavioural", set()),
        ("interview feedback: strong on PyTorch, weak on system design", set()),
        ("tailored the resume: emphasised Kubernetes and Terraform", set()),
        ("informational interview with someone at DeepMind about their JAX stack", set()),
        # "her" as an object, and someone's thing the writer worked on.
        ("I walked her through the FSDP migration I did", {("FSDP", "exposure")}),
        ("reviewed her PyTorch code before lunch", {("PyTorch", "applied")}),
        ("need a writing sample on AI safety by Friday", {("AI alignment", "intent")}),
    ],
)
def test_postings_loops_feedback_and_their_things(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected
