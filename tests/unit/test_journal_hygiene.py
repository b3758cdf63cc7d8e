"""Word hygiene and scope rules that keep names of other things and failed or other people's
work out of the evidence: organizations, everyday senses, product plurals, postcodes, longer
proper names, things made (writing, talks), failed attempts, questions, asides and child
bullets that go on with their parent's sentence (career.journal.skills, career.journal.scope).
Each rule is checked where it must fire and where it must not."""

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


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # An organization of organizations.toml, written as its name, is the organization.
        ("reached out to an alum at Hugging Face for a referral", set()),
        ("applied: Hugging Face (ML Engineer, Open-Source)", set()),
        ("filled in the form for the ML Alignment & Theory Scholars programme", set()),
        ("emailed the AI Safety Institute about the internship", set()),
        ("[[Hugging Face]] internship deadline Friday", set()),
        ("#huggingface hub outage today", set()),
        ("served it with HF transformers on the cluster", {("Hugging Face", "applied")}),
        # Its products, and the skills around it, are still skills.
        ("implemented DPO on top of TRL", {("DPO", "applied"), ("Hugging Face", "applied")}),
        ("read up on AI safety via training data attribution", {("AI alignment", "exposure")}),
    ],
)
def test_organization_names_are_not_skills(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("the CNN headline about AI doom was everywhere today", set()),
        ("#cnn #news the debate was a mess", set()),
        ("trained a CNN on CIFAR-10, 71% after 20 epochs", {("CNN", "applied")}),
        ("cloud types poster for the science fair, with a cumulonimbus", set()),
        ("moved the backups to the cloud, S3 and a lifecycle rule", {("cloud", "applied")}),
        ("coffee at a café in EC2 with Cai and Adam", set()),
        ("spun up two EC2 instances for the sweep", {("cloud", "applied")}),
        ("the EC2 bill doubled this month", {("cloud", "exposure")}),
    ],
)
def test_a_line_about_the_everyday_sense_names_no_skill(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("bought Dockers chinos in the sale", set()),
        ("the dockers at the harbour waved at the crane driver", set()),
        ("the Adams family barbecue, debugged the grill", set()),
        ("wrote two Dockerfiles for the worker", {("Docker", "applied")}),
        (
            "fine-tuned two LLMs on the support tickets",
            {("LLMs", "applied"), ("fine-tuning", "applied")},
        ),
        (
            "compared the transformers on the eval set",
            {("transformers", "applied"), ("evals", "applied")},
        ),
    ],
)
def test_a_product_name_takes_no_plural(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("the office moved to EC2 4AB, fixed the VPN config", set()),
        ("deployed the API on EC2 this morning", {("cloud", "applied"), ("APIs", "applied")}),
        ("uploaded 2GB of logs to S3 2GB at a time", {("cloud", "exposure")}),
    ],
)
def test_a_code_followed_by_a_postcode_tail_is_a_postcode(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("watched Django Unchained again, then fixed a bug", set()),
        ("road trip photos from the Rust Belt, wrote a script to sort them", set()),
        ("dinner at TGI Fridays, fixed a bug on the train home", set()),
        ("[[Monty Python]] quotes all evening, then a code review", set()),
        ("Learning Rust: the borrow checker", {("Rust", "exposure")}),
        ("debugged the Python Flask app", {("Python", "applied"), ("APIs", "applied")}),
        ("served the model with TGI", {("vLLM", "applied")}),
        ("wrote the CLI in Rust", {("Rust", "applied")}),
        ("set up Prometheus Alertmanager on the cluster", {("observability", "applied")}),
        # A noun of what one makes or learns with the product, in title case: still the product.
        ("Deployed the Django Admin for the club site", {("web development", "applied")}),
        ("Set up a Flask App with SQLAlchemy", {("APIs", "applied"), ("SQL", "applied")}),
        ("Read the Rust Book chapter on the borrow checker", {("Rust", "exposure")}),
    ],
)
def test_an_everyday_word_inside_a_longer_proper_name_is_no_skill(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("reread the 37 implementation details of PPO blog post", {("PPO", "exposure")}),
        ("watched a lightning talk on RAG", {("RAG", "exposure")}),
        (
            "published the blog post on my RLHF reward model",
            {("technical writing", "delivered"), ("RLHF", "delivered")},
        ),
        (
            "worked on the blog post about my DPO project",
            {("technical writing", "practice"), ("DPO", "practice")},
        ),
        (
            "want to write a blog post on SAEs",
            {("technical writing", "intent"), ("interpretability", "intent")},
        ),
    ],
)
def test_reading_a_blog_post_is_not_writing_one(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("tried to install vLLM on the Mac, doesn't work on Apple silicon", set()),
        ("tried to get FSDP running on two nodes, no luck with the timeouts", set()),
        ("attempted to compile the CUDA extension, errors out on the old driver", set()),
        ("the Docker build still doesn't work on ARM", set()),
        # A plain "tried X" with a failure in another clause is practice.
        ("tried Kubernetes via kind, couldn't get the ingress right", {("Kubernetes", "practice")}),
        # An attempt that worked, and "failed"/"broken" as adjectives, are no failure.
        ("tried to set up Grafana and it works", {("observability", "applied")}),
        ("fixed the broken Docker build", {("Docker", "applied")}),
        ("reran the failed migration with Alembic", {("databases", "applied")}),
    ],
)
def test_a_failed_attempt_gives_no_credit(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("haven't touched Terraform since the AWS migration", set()),
        ("since we moved to Postgres the reports are fast", {("SQL", "applied")}),
    ],
)
def test_since_before_a_noun_keeps_the_clause(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("mock interview with Jo: she grilled me on transformers", set()),
        ("the interviewer quizzed me on Kubernetes networking", set()),
        ("Lin showed me her Grafana alerts", {("observability", "exposure")}),
    ],
)
def test_what_someone_asks_the_writer_about_is_theirs(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Adam (the postdoc) showed me his diffusion sampler", {("diffusion models", "exposure")}),
        ("Marta (my tech lead) deployed the ingress on Kubernetes", set()),
        ("Ben, the new intern, wrote the Airflow DAG for the exports", set()),
        ("Dad's first Raspberry Pi project: a bash script that tweets the weather", set()),
        ("my Pi project: a bash script that tweets the weather", {("shell scripting", "exposure")}),
        ("Ben and I wrote the Airflow DAG for the exports", {("data engineering", "applied")}),
    ],
)
def test_a_name_with_an_aside_is_still_the_subject(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


def test_a_child_that_goes_on_with_someone_elses_sentence_is_theirs(taxonomy: Taxonomy) -> None:
    text = (
        "- Jonas set up ArgoCD on staging\n"
        "\t- with a GitHub repo per team\n"
        "- I trained the baseline classifier\n"
        "\t- with scikit-learn\n"
        "\t- using PyTorch for the MLP\n"
    )
    assert found(text, taxonomy) == {
        (4, "scikit-learn", "applied"),
        (5, "PyTorch", "applied"),
        (5, "MLP", "applied"),
    }


def test_scope_of_a_failed_attempt_and_a_question() -> None:
    text = "tried to install vLLM, doesn't work"
    assert scope_at(text, *_span(text, "vLLM")).negated
    text = "tried vLLM, doesn't work"
    assert not scope_at(text, *_span(text, "vLLM")).negated
    text = "she grilled me on transformers"
    assert scope_at(text, *_span(text, "transformers")).asked
    text = "she showed me transformers"
    assert not scope_at(text, *_span(text, "transformers")).asked


def _span(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "mock system design w/ Jo: designed a rate limiter with Redis",
            {("system design", "practice"), ("databases", "practice")},
        ),
        ("mock system design with Ravi: a feature store", {("system design", "practice")}),
        ("Next week: mock system design interview with Priya", {("system design", "intent")}),
        # No rehearsal: the words' own level.
        ("designed the rate limiter with Redis", {("databases", "applied")}),
        (
            "added a mock for the S3 client in the unit tests",
            {("cloud", "applied"), ("testing", "applied")},
        ),
    ],
)
def test_what_a_rehearsal_does_is_practice(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Tom from the infra team migrated the cron jobs to Kubernetes", set()),
        ("Li at the lab trained a PPO agent", set()),
        ("a guy at the meetup built a RAG app on his phone", set()),
        ("the new hire set up Grafana for the team", set()),
        # No group word after "from": not an affiliation.
        (
            "Transformers from scratch: implemented attention in PyTorch",
            {("transformers", "applied"), ("PyTorch", "applied")},
        ),
        ("Sam at the lab and I trained a PPO baseline", {("PPO", "applied")}),
    ],
)
def test_someone_with_an_affiliation_or_a_role_is_someone_else(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ran out of time for the LoRA sweep", set()),
        ("didn't manage to finish the JAX port", set()),
        ("finished the LoRA sweep with time to spare", {("LoRA", "exposure")}),
    ],
)
def test_running_out_of_time_is_not_doing_it(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("trained a PPO agent on CartPole", {("PPO", "applied")}),
        ("built a small agent harness w/ function calling", {("LLM agents", "applied")}),
    ],
)
def test_an_agent_in_reinforcement_learning_is_no_llm_agent(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("chose Postgres; MongoDB would have been a mess", {("SQL", "applied")}),
        ("unlike the PyTorch version, the JAX one compiles", {("JAX", "exposure")}),
        ("learned Rust, which would have been impossible without the book", {("Rust", "exposure")}),
    ],
)
def test_what_would_have_been_and_the_far_side_of_unlike_are_no_claim(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("the company uses Terraform and GCP heavily", set()),
        ("their team deployed Kubernetes last year", set()),
        ("at my company I deployed Kubernetes last year", {("Kubernetes", "applied")}),
        ("company offsite: gave a talk on RAG", {("RAG", "delivered")}),
    ],
)
def test_what_a_company_uses_is_theirs(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("reading list: the DPO paper", {("DPO", "intent")}),
        ("Q3 OKR: ship the RAG search", {("RAG", "intent")}),
        ("wishing I knew more CUDA", {("CUDA", "intent")}),
        ("the plan was to use Redis", {("databases", "intent")}),
        (
            "read the DPO paper from my reading group",
            {("DPO", "exposure"), ("literature review", "exposure")},
        ),
    ],
)
def test_lists_objectives_and_wishes_are_plans(
    line: str, expected: set[tuple[str, str]], taxonomy: Taxonomy
) -> None:
    assert skills(line, taxonomy) == expected
