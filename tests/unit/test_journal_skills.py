"""Tests for career.journal.skills: the taxonomy and its extension, how skill names are
matched in journal lines, and the level and signal each line supports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from career.errors import InvalidInput
from career.journal.document import Entry, Item, SourceFile
from career.journal.parser import decode, parse
from career.journal.skills import LEVELS, Evidence, Taxonomy, evidence, load_taxonomy
from tests.conftest import SHARED

USER_FILE = SHARED / "fixtures" / "daily-log-2024-04.md"
D = date.fromisoformat


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(None)


def rows(entry: Entry, taxonomy: Taxonomy) -> list[tuple[int, str, int, str]]:
    """(file line, skill, level, signal) of each evidence row."""
    return [
        (entry.items[e.item].line, e.skill, e.level, e.signal) for e in evidence(entry, taxonomy)
    ]


def day_of(text: str) -> Entry:
    source = SourceFile(Path("/j/log.md"), "log.md", "daily-log")
    [entry] = parse("[[2024-04-19]]\n" + text, source)
    return entry


def skills_of(text: str, taxonomy: Taxonomy) -> list[str]:
    return [skill.name for skill in taxonomy.skills_in(text)]


# --- the taxonomy --------------------------------------------------------------------------------


def test_shipped_taxonomy_covers_the_design_list(taxonomy: Taxonomy) -> None:
    assert 60 <= len(taxonomy.skills) <= 100
    wanted = {
        "DPO": "DPO",
        "ORPO": "ORPO",
        "RLHF": "RLHF",
        "PPO": "PPO",
        "LoRA": "LoRA",
        "PEFT": "LoRA",
        "FSDP": "FSDP",
        "data parallelism": "data parallelism",
        "backprop": "backpropagation",
        "batch norm": "batch normalization",
        "transformer": "transformers",
        "GPT": "GPT",
        "MLP": "MLP",
        "finetuning": "fine-tuning",
        "fine-tune": "fine-tuning",
        "LeetCode": "LeetCode",
        "algorithms": "LeetCode",
        "self-attention": "attention mechanisms",
        "PyTorch": "PyTorch",
        "Python": "Python",
        "SQL": "SQL",
        "Git": "Git",
        "Docker": "Docker",
        "evals": "evals",
        "interpretability": "interpretability",
        "RL": "reinforcement learning",
    }
    found = {name: getattr(taxonomy.find(name), "name", None) for name in wanted}
    assert found == wanted
    assert len({skill.name.casefold() for skill in taxonomy.skills}) == len(taxonomy.skills)
    assert all(skill.category for skill in taxonomy.skills)


def test_find_ignores_case_and_spacing(taxonomy: Taxonomy) -> None:
    assert getattr(taxonomy.find("  batch   NORM "), "name", None) == "batch normalization"
    assert getattr(taxonomy.find("Fine Tuning"), "name", None) == "fine-tuning"
    assert taxonomy.find("cooking") is None
    assert taxonomy.find("DPO and PPO") is None


def test_user_file_adds_skills_and_aliases(tmp_path: Path) -> None:
    user = tmp_path / "skills.toml"
    user.write_text(
        '[skill."Direct preference optimization"]\n'  # an alias of DPO: adds to DPO
        'aliases = ["preference tuning"]\n'
        "\n"
        '[skill."Inspect"]\n'
        'category = "evals tooling"\n'
        'aliases = ["inspect_ai"]\n'
        "\n"
        '[skill."Weaving"]\n'
    )
    taxonomy = load_taxonomy(user)
    dpo = taxonomy.find("preference tuning")
    assert dpo is not None
    assert (dpo.name, dpo.category) == ("DPO", "alignment")
    assert dpo.aliases[-1] == "preference tuning"
    inspect = taxonomy.find("inspect_ai")
    assert inspect is not None
    assert (inspect.name, inspect.category) == ("Inspect", "evals tooling")
    weaving = taxonomy.find("weaving")
    assert weaving is not None
    assert (weaving.category, weaving.aliases) == ("other", ())
    assert len(taxonomy.skills) == len(load_taxonomy(None).skills) + 2
    assert taxonomy.fingerprint != load_taxonomy(None).fingerprint
    assert skills_of("did some preference tuning with Inspect", taxonomy) == ["DPO", "Inspect"]


def test_user_file_can_move_an_alias_but_not_a_name(tmp_path: Path) -> None:
    user = tmp_path / "skills.toml"
    user.write_text(
        '[skill."algorithm design"]\ncategory = "cs"\naliases = ["algorithms", "DPO"]\n'
    )
    taxonomy = load_taxonomy(user)
    assert getattr(taxonomy.find("algorithms"), "name", None) == "algorithm design"
    leetcode = taxonomy.find("LeetCode")
    assert leetcode is not None
    assert "algorithms" not in leetcode.aliases
    assert getattr(taxonomy.find("DPO"), "name", None) == "DPO"
    assert skills_of("algorithms and DPO", taxonomy) == ["algorithm design", "DPO"]


def test_user_file_that_does_not_exist_is_no_extension(tmp_path: Path) -> None:
    assert load_taxonomy(tmp_path / "missing.toml").fingerprint == load_taxonomy(None).fingerprint


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[skill.x\n", "not valid TOML"),
        ('skill = "DPO"\n', '"skill" must be a table of [skill."Name"] tables'),
        ('[skill."X"]\naliases = "x"\n', '[skill."X"] aliases must be a list of texts'),
        ('[skill."X"]\ncategory = 3\n', '[skill."X"] category must be a text'),
        ('[skill."X"]\nalias = ["x"]\n', '[skill."X"] has unknown keys: alias'),
    ],
)
def test_bad_user_file_is_refused(tmp_path: Path, content: str, message: str) -> None:
    user = tmp_path / "skills.toml"
    user.write_text(content)
    with pytest.raises(InvalidInput) as raised:
        load_taxonomy(user)
    assert raised.value.message.startswith(str(user))
    assert message in raised.value.message


# --- matching ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        ("re-read the GPT1 paper", ["GPT"]),  # an explicit alias, not a stripped version
        ("GPT-2 and GPT", ["GPT"]),
        ("GPTQ quantization", ["quantization"]),  # GPTQ is not GPT
        ("learned about `peft` library", ["LoRA"]),
        ("rlhf is not dead", ["RLHF"]),
        ("MLPs and LLMs", ["MLP", "LLMs"]),
        ("batchnorm, batch-norm and batch norm", ["batch normalization"]),
        ("fine tuning vs finetuning vs fine-tuned", ["fine-tuning"]),
        ("FSDP [fully sharded data parallel](https://pytorch.org/x)", ["FSDP"]),
        ("fully sharded data parallel then data parallelism", ["FSDP", "data parallelism"]),
        ("DPO's loss", ["DPO"]),
        ("dropped the DPOs", ["DPO"]),
        ("undpo and dpox", []),
        ("https://huggingface.co/blog/rlhf", []),
        ("[overview](https://huggingface.co/blog/rlhf)", []),
        ("[rlhf overview](https://example.com/x)", ["RLHF"]),
        ("![[rlhf diagram.png]]", []),
        ("www.pytorch.org/dpo", []),
        ("so far so good, apart from that", []),
        ("C++ and C", ["C++"]),
        ("CI/CD pipeline", ["CI/CD"]),
        ("fine. Tuning the guitar", []),
    ],
)
def test_matching(text: str, skills: list[str], taxonomy: Taxonomy) -> None:
    assert skills_of(text, taxonomy) == skills


# --- levels --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level", "signal"),
    [
        ("Goals:\n- implement DPO", 0, "goal"),
        ("Goals:\n- [x] read the DPO paper", 1, "read"),  # a checked task is done, not a goal
        ("- [ ] implemented DPO", 0, "[ ]"),
        ("- [x] implement DPO", 3, "implement"),
        ("- [x] DPO", 2, "[x]"),
        ("- TODO implement DPO", 0, "TODO"),
        ("- LATER read about DPO", 0, "LATER"),
        ("- NOW read the DPO paper", 2, "NOW"),
        ("- DOING implemented the DPO loss", 2, "DOING"),
        ("- DONE DPO", 2, "DONE"),
        ("- I plan to study DPO", 0, "plan to"),
        ("- will look at DPO", 0, "will"),
        ("- want to try DPO", 0, "want to"),
        ("- read the DPO paper", 1, "read"),
        ("- watched a DPO lecture", 1, "watched"),
        ("- skimmed DPO", 1, "skimmed"),
        ("- learned about DPO", 1, "learned about"),
        ("- reviewed DPO notes", 1, "reviewed"),
        ("- worked through DPO exercises", 2, "worked through"),
        ("- some DPO problems", 2, "problems"),
        ("- practiced DPO", 2, "practiced"),
        ("- implemented DPO", 3, "implemented"),
        ("- built a DPO trainer", 3, "built"),
        ("- fine-tuned GPT-2 with DPO", 3, "fine-tuned"),
        ("- reimplemented DPO", 3, "reimplemented"),
        ("- trained a DPO model", 3, "trained"),
        ("- shipped the DPO trainer", 4, "shipped"),
        ("- published a DPO post", 4, "published"),
        ("- presented DPO at the reading group", 4, "presented"),
        ("- won the DPO challenge", 4, "won"),
        ("- merged my DPO PR", 4, "merged"),
        ("- merged the DPO branch", 3, "merged"),
        ("- reviewed Sam's DPO PR", 3, "reviewed"),
        ("- reviewed the DPO notes", 1, "reviewed"),
        ("- read the DPO paper and implemented it", 3, "implemented"),
        ("- implemented DPO, will try ORPO next", 3, "implemented"),
        ("- submitted the DPO take-home", 3, "submitted"),
        ("- ran the DPO sweep", 3, "ran"),
        ("- wrote a DPO trainer", 3, "wrote"),
        ("- fixed the DPO loss", 3, "fixed"),
        ("- debugged the DPO loss", 3, "debugged"),
        ("- set up DPO on the cluster", 3, "set up"),
        ("- gave a talk on DPO", 4, "gave a talk"),
        ("- taught DPO to the reading group", 4, "taught"),
        ("- DPO", 1, "mentioned"),
        ("DPO in a plain text line", 1, "mentioned"),
        ("- [[DPO]]", 1, "mentioned"),
        ("- #DPO", 1, "mentioned"),
    ],
)
def test_levels(text: str, level: int, signal: str, taxonomy: Taxonomy) -> None:
    entry = day_of(text + "\n")
    dpo = [row for row in evidence(entry, taxonomy) if row.skill == "DPO"]
    assert [(row.level, row.signal) for row in dpo] == [(level, signal)]


def test_a_child_takes_its_parents_level_unless_it_has_its_own(taxonomy: Taxonomy) -> None:
    entry = day_of(
        "- watched a lecture on RLHF\n"
        "\t- PPO clips the ratio\n"
        "\t- I should look into DPO\n"
        "\t- implemented KTO and ORPO afterwards\n"
    )
    assert rows(entry, taxonomy) == [
        (2, "RLHF", 1, "watched"),
        (3, "PPO", 1, "watched"),
        (4, "DPO", 0, "should"),
        (5, "ORPO", 3, "implemented"),
    ]


def test_a_level_comes_from_the_direct_parent_only(taxonomy: Taxonomy) -> None:
    entry = day_of(
        "- implemented the whole RLHF pipeline\n"
        "\t- notes:\n"
        "\t\t- PPO clipping matters\n"
        "\t- shipped the DPO variant\n"
        "\t\t- ORPO next week\n"
    )
    assert rows(entry, taxonomy) == [
        (2, "RLHF", 3, "implemented"),
        (4, "PPO", 1, "mentioned"),  # the grandparent's "implemented" does not reach it
        (5, "DPO", 4, "shipped"),
        (6, "ORPO", 0, "next week"),
    ]


def test_one_row_per_skill_per_line(taxonomy: Taxonomy) -> None:
    entry = day_of("- LoRA via `peft`, PEFT and low-rank adaptation\n")
    assert evidence(entry, taxonomy) == [Evidence(0, "LoRA", 1, "mentioned", "mentioned", "LoRA")]


def test_levels_are_named() -> None:
    assert LEVELS == ("intent", "exposure", "practice", "applied", "delivered")


# --- the user's file -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def user_rows(taxonomy: Taxonomy) -> list[tuple[str, int, str, int, str]]:
    source = SourceFile(USER_FILE, USER_FILE.name, "daily-log")
    entries = parse(decode(USER_FILE.read_bytes(), source.name), source)
    return [
        (entry.day.isoformat(), line, skill, level, signal)
        for entry in entries
        for line, skill, level, signal in rows(entry, taxonomy)
    ]


@pytest.mark.shared_fixture
def test_user_file_batch_norm_is_applied_on_line_85(
    user_rows: list[tuple[str, int, str, int, str]],
) -> None:
    assert ("2024-04-17", 85, "batch normalization", 3, "implemented") in user_rows
    assert ("2024-04-17", 85, "MLP", 3, "implemented") in user_rows


@pytest.mark.shared_fixture
def test_user_file_evidence_for_the_required_skills(
    user_rows: list[tuple[str, int, str, int, str]],
) -> None:
    required = {
        "DPO",
        "RLHF",
        "LoRA",
        "FSDP",
        "data parallelism",
        "backpropagation",
        "batch normalization",
        "LeetCode",
        "transformers",
        "GPT",
        "MLP",
    }
    found = [row for row in user_rows if row[2] in required]
    # Line 67 (a takeaway, two levels under "watched") is a mention; line 68 is a plan ("I
    # should at least look into"), and its PPO is "in lieu of" (no credit); line 51's "PEFT"
    # is in a clause that says "not sure how important this is".
    assert found == [
        ("2024-04-17", 85, "batch normalization", 3, "implemented"),
        ("2024-04-17", 85, "MLP", 3, "implemented"),
        ("2024-04-18", 57, "backpropagation", 0, "goal"),
        ("2024-04-18", 62, "backpropagation", 1, "reviewed"),
        ("2024-04-18", 64, "transformers", 1, "watched"),
        ("2024-04-18", 67, "RLHF", 1, "mentioned"),
        ("2024-04-18", 68, "DPO", 0, "should"),
        ("2024-04-18", 68, "RLHF", 0, "should"),
        ("2024-04-18", 69, "DPO", 1, "mentioned"),
        ("2024-04-19", 35, "DPO", 0, "goal"),
        ("2024-04-19", 40, "LeetCode", 2, "problems"),
        ("2024-04-19", 42, "DPO", 1, "read"),
        ("2024-04-19", 45, "RLHF", 1, "read"),
        ("2024-04-19", 48, "LoRA", 1, "learned about"),
        ("2024-04-19", 50, "LoRA", 1, "read"),
        ("2024-04-19", 50, "data parallelism", 1, "read"),
        ("2024-04-19", 51, "FSDP", 1, "mentioned"),
        ("2024-04-22", 26, "LeetCode", 0, "goal"),
        ("2024-04-23", 17, "GPT", 0, "goal"),
        ("2024-04-23", 18, "transformers", 0, "goal"),
        ("2024-04-23", 19, "GPT", 0, "goal"),
        ("2024-04-23", 20, "transformers", 0, "goal"),
        ("2024-04-23", 21, "GPT", 0, "goal"),
        ("2024-04-24", 12, "transformers", 0, "goal"),
    ]


@pytest.mark.shared_fixture
def test_user_file_also_finds_orpo_ppo_and_fine_tuning(
    user_rows: list[tuple[str, int, str, int, str]],
) -> None:
    assert ("2024-04-19", 36, "ORPO", 0, "goal") in user_rows
    assert ("2024-04-19", 48, "fine-tuning", 1, "learned about") in user_rows
    assert ("2024-04-19", 49, "fine-tuning", 1, "learned about") in user_rows
    # Line 83: "many mentors wanted experience with finetuning open source LLMs": the mentors'
    # wish, not the writer's experience; line 68's PPO is "in lieu of" DPO.
    assert not [row for row in user_rows if row[1] in (68, 83) and row[2] in ("PPO", "LLMs")]
    assert not [row for row in user_rows if row[1] == 83]


@pytest.mark.shared_fixture
def test_best_level_per_skill_on_the_user_file(
    user_rows: list[tuple[str, int, str, int, str]],
) -> None:
    best: dict[str, int] = {}
    for _, _, skill, level, _ in user_rows:
        best[skill] = max(best.get(skill, 0), level)
    assert {s: best[s] for s in ("batch normalization", "LeetCode", "DPO", "GPT", "MLP")} == {
        "batch normalization": 3,
        "LeetCode": 2,
        "DPO": 1,  # a done line outranks the goals
        "GPT": 0,
        "MLP": 3,
    }


def test_evidence_points_at_items_of_the_entry(taxonomy: Taxonomy) -> None:
    entry = Entry(
        D("2024-04-19"),
        1,
        "x",
        (Item(3, "nothing here", "done", 0, None), Item(4, "used Docker", "done", 0, None)),
    )
    assert evidence(entry, taxonomy) == [Evidence(1, "Docker", 3, "used", "own words", "Docker")]
