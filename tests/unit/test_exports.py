"""The pure side of the skills-evidence export: formats, gaps and job postings (no database)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from datetime import date
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from markdown_it import MarkdownIt

from career.cells import unguard
from career.errors import InvalidInput
from career.exports import formats, gaps
from career.exports.job import JobPosting, read_job
from career.exports.summary import (
    ApplicationDone,
    Citation,
    EventDone,
    Gap,
    SessionDone,
    SkillSummary,
    Summary,
)
from tests.conftest import FIXTURES, SHARED

SCHEMAS = SHARED / "schemas"  # CI only: tests reading it are marked shared_fixture
SHIPPED = files("career.exports").joinpath("data")
LOG = "daily-log-2024-04.md"


def cite(day: int, level: int, signal: str, text: str, line: int, source: str = LOG) -> Citation:
    return Citation(date(2024, 4, day), level, signal, text, source, line)


# Evidence is handed over out of order: the renderers rank it themselves.
BATCH_NORM = SkillSummary(
    "Batch normalization",
    "deep learning",
    3,
    4,
    date(2024, 4, 10),
    date(2024, 4, 17),
    (
        cite(10, 1, "read", "read the batch norm paper", 12),
        cite(17, 3, "implemented", "implemented batch norm on the MLP", 85),
        cite(11, 1, "watched", "watched Karpathy on batch norm", 20),
        cite(12, 2, "worked through", "worked through the batch norm exercises", 40),
    ),
)
BACKPROP = SkillSummary(
    "Backpropagation",
    "deep learning",
    3,
    1,
    date(2024, 4, 15),
    date(2024, 4, 15),
    (cite(15, 3, "implemented", "implemented backprop by hand", 70),),
)
LEETCODE = SkillSummary(
    "LeetCode",
    "software",
    2,
    1,
    date(2024, 4, 18),
    date(2024, 4, 18),
    (cite(18, 2, "solved", "solved 3 LeetCode problems", 90),),
)
DPO = SkillSummary(
    "DPO",
    "alignment",
    4,
    1,
    date(2024, 4, 5),
    date(2024, 4, 5),
    (cite(5, 4, "presented", "presented the DPO paper at the reading group", 3),),
)
FAR = ApplicationDone(
    3, "FAR.AI", "Research Engineer", "job", "screening", date(2024, 4, 12), "https://far.ai/jobs/1"
)
SPAR = ApplicationDone(4, "SPAR", None, "fellowship", "interested", None, None)
SESSION = SessionDone(
    1, "80,000 Hours", date(2024, 4, 15), "Jane Doe", ("Apply to SPAR", "Write up the MLP project")
)
SPRINT = EventDone(
    2,
    "Apart AI Safety Sprint",
    "hackathon",
    "Apart Research",
    date(2024, 4, 19),
    date(2024, 4, 21),
    "done",
    "2nd place",
    "https://apartresearch.com/sprints/1",
)
MEETUP = EventDone(
    5, "ML Meetup", "conference", None, date(2024, 4, 25), None, "interested", None, None
)

SUMMARY = Summary(
    generated=date(2024, 4, 20),
    since=date(2024, 4, 1),
    until=date(2024, 4, 30),
    min_level=1,
    application=None,
    skills=(LEETCODE, BACKPROP, BATCH_NORM, DPO),
    applications=(FAR, SPAR),
    sessions=(SESSION,),
    events=(SPRINT, MEETUP),
)


def empty(**changes: Any) -> Summary:
    values: dict[str, Any] = {
        "generated": date(2024, 4, 20),
        "since": date(2024, 4, 1),
        "until": date(2024, 4, 30),
        "min_level": 1,
        "application": None,
        "skills": (),
        "applications": (),
        "sessions": (),
        "events": (),
    }
    return Summary(**(values | changes))


# --- Markdown -------------------------------------------------------------------------------

EXPECTED_MD = """\
# Skills evidence

Period: 2024-04-01 to 2024-04-30 · generated 2024-04-20

Evidence at exposure or above; plans left out: --min-level intent shows them.

## alignment

### DPO

**delivered** · first 2024-04-05 · last 2024-04-05 · 1 evidence line

- 2024-04-05 · delivered — presented the DPO paper at the reading group \
(daily-log-2024-04.md:3)

## deep learning

### Batch normalization

**applied** · first 2024-04-10 · last 2024-04-17 · 4 evidence lines

- 2024-04-17 · applied — implemented batch norm on the MLP (daily-log-2024-04.md:85)
- 2024-04-12 · practice — worked through the batch norm exercises (daily-log-2024-04.md:40)
- 2024-04-11 · exposure — watched Karpathy on batch norm (daily-log-2024-04.md:20)
- and 1 more in the journal

### Backpropagation

**applied** · first 2024-04-15 · last 2024-04-15 · 1 evidence line

- 2024-04-15 · applied — implemented backprop by hand (daily-log-2024-04.md:70)

## software

### LeetCode

**practice** · first 2024-04-18 · last 2024-04-18 · 1 evidence line

- 2024-04-18 · practice — solved 3 LeetCode problems (daily-log-2024-04.md:90)

## Applications

- **FAR.AI** — Research Engineer (job) · status: screening · applied 2024-04-12 · \
<https://far.ai/jobs/1>
- **SPAR** (fellowship) · status: interested · not applied yet

## Advising sessions

- 2024-04-15 — 80,000 Hours, with Jane Doe
  - Apply to SPAR
  - Write up the MLP project

## Events

- 2024-04-19 to 2024-04-21 — **Apart AI Safety Sprint** (hackathon, Apart Research) · \
status: done · outcome: 2nd place · <https://apartresearch.com/sprints/1>
- 2024-04-25 — **ML Meetup** (conference) · status: interested
"""


def test_markdown_is_the_brag_document_grouped_ranked_and_cited() -> None:
    assert formats.markdown(SUMMARY) == EXPECTED_MD


def test_markdown_does_not_depend_on_the_order_it_is_handed() -> None:
    reordered = empty(
        skills=tuple(
            SkillSummary(**{**vars(s), "evidence": tuple(reversed(s.evidence))})
            for s in reversed(SUMMARY.skills)
        ),
        applications=SUMMARY.applications,
        sessions=SUMMARY.sessions,
        events=SUMMARY.events,
    )
    assert formats.markdown(reordered) == EXPECTED_MD
    assert formats.json_text(reordered) == formats.json_text(SUMMARY)


def test_markdown_top_sets_how_many_lines_are_cited() -> None:
    text = formats.markdown(empty(skills=(BATCH_NORM,)), top=1)
    assert (
        "- 2024-04-17 · applied — implemented batch norm on the MLP (daily-log-2024-04.md:85)\n"
        "- and 3 more in the journal\n"
    ) in text
    assert "worked through" not in text
    everything = formats.markdown(empty(skills=(BATCH_NORM,)), top=10)
    assert "more in the journal" not in everything
    assert everything.count("\n- 2024-04-") == 4


def test_a_negative_top_is_refused() -> None:
    with pytest.raises(InvalidInput, match="number of lines cited per skill must be 0 or more"):
        formats.markdown(SUMMARY, top=-1)


def test_markdown_header_names_the_application_and_the_minimum_level() -> None:
    text = formats.markdown(empty(application=FAR, min_level=3, skills=(BATCH_NORM,)))
    assert text.startswith(
        "# Skills evidence\n\n"
        "Period: 2024-04-01 to 2024-04-30 · generated 2024-04-20\n\n"
        "Evidence at applied or above; plans left out: --min-level intent shows them.\n\n"
        "For application 3: FAR.AI — Research Engineer (job, screening)\n\n"
    )


# --- JSON -----------------------------------------------------------------------------------


def citation(day: str, level: int, name: str, signal: str, text: str, line: int) -> dict[str, Any]:
    return {
        "day": day,
        "level": level,
        "level_name": name,
        "plan": level == 0,
        "signal": signal,
        "text": text,
        "source": LOG,
        "line": line,
    }


SCOPE = "Evidence at exposure or above; plans left out: --min-level intent shows them."
EXPECTED_JSON: dict[str, Any] = {
    "generated": "2024-04-20",
    "period": {"since": "2024-04-01", "until": "2024-04-30"},
    "min_level": 1,
    "min_level_name": "exposure",
    "application": None,
    "scope": SCOPE,
    "skills": [
        {
            "name": "DPO",
            "category": "alignment",
            "level": 4,
            "level_name": "delivered",
            "count": 1,
            "first": "2024-04-05",
            "last": "2024-04-05",
            "evidence": [
                citation(
                    "2024-04-05",
                    4,
                    "delivered",
                    "presented",
                    "presented the DPO paper at the reading group",
                    3,
                )
            ],
        },
        {
            "name": "Batch normalization",
            "category": "deep learning",
            "level": 3,
            "level_name": "applied",
            "count": 4,
            "first": "2024-04-10",
            "last": "2024-04-17",
            "evidence": [
                citation(
                    "2024-04-17",
                    3,
                    "applied",
                    "implemented",
                    "implemented batch norm on the MLP",
                    85,
                ),
                citation(
                    "2024-04-12",
                    2,
                    "practice",
                    "worked through",
                    "worked through the batch norm exercises",
                    40,
                ),
                citation(
                    "2024-04-11", 1, "exposure", "watched", "watched Karpathy on batch norm", 20
                ),
                citation("2024-04-10", 1, "exposure", "read", "read the batch norm paper", 12),
            ],
        },
        {
            "name": "Backpropagation",
            "category": "deep learning",
            "level": 3,
            "level_name": "applied",
            "count": 1,
            "first": "2024-04-15",
            "last": "2024-04-15",
            "evidence": [
                citation(
                    "2024-04-15", 3, "applied", "implemented", "implemented backprop by hand", 70
                )
            ],
        },
        {
            "name": "LeetCode",
            "category": "software",
            "level": 2,
            "level_name": "practice",
            "count": 1,
            "first": "2024-04-18",
            "last": "2024-04-18",
            "evidence": [
                citation("2024-04-18", 2, "practice", "solved", "solved 3 LeetCode problems", 90)
            ],
        },
    ],
    "plans": [],
    "applications": [
        {
            "id": 3,
            "organization": "FAR.AI",
            "role": "Research Engineer",
            "kind": "job",
            "status": "screening",
            "applied": "2024-04-12",
            "url": "https://far.ai/jobs/1",
        },
        {
            "id": 4,
            "organization": "SPAR",
            "role": None,
            "kind": "fellowship",
            "status": "interested",
            "applied": None,
            "url": None,
        },
    ],
    "sessions": [
        {
            "id": 1,
            "organization": "80,000 Hours",
            "held_on": "2024-04-15",
            "advisor": "Jane Doe",
            "takeaways": ["Apply to SPAR", "Write up the MLP project"],
        }
    ],
    "events": [
        {
            "id": 2,
            "name": "Apart AI Safety Sprint",
            "kind": "hackathon",
            "host": "Apart Research",
            "start": "2024-04-19",
            "end": "2024-04-21",
            "status": "done",
            "outcome": "2nd place",
            "url": "https://apartresearch.com/sprints/1",
        },
        {
            "id": 5,
            "name": "ML Meetup",
            "kind": "conference",
            "host": None,
            "start": "2024-04-25",
            "end": None,
            "status": "interested",
            "outcome": None,
            "url": None,
        },
    ],
}


def test_json_is_the_whole_summary_with_every_evidence_line() -> None:
    text = formats.json_text(SUMMARY)
    assert json.loads(text) == EXPECTED_JSON
    assert list(json.loads(text)) == list(EXPECTED_JSON)  # stable key order
    assert text.endswith("}\n")


def test_json_names_the_application_it_was_narrowed_to() -> None:
    value = json.loads(formats.json_text(empty(application=FAR, min_level=2)))
    assert value["application"] == EXPECTED_JSON["applications"][0]
    assert (value["min_level"], value["min_level_name"]) == (2, "practice")


# --- JSON Resume ----------------------------------------------------------------------------


def resume_validator() -> Any:
    schema = json.loads(SHIPPED.joinpath("jsonresume-resume.schema.json").read_text())
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


LEVEL_WORDS = {
    "intent": "Interested",
    "exposure": "Familiar",
    "practice": "Practiced",
    "applied": "Proficient",
    "delivered": "Advanced",
}


def test_jsonresume_has_skills_projects_and_meta_and_validates() -> None:
    document = formats.jsonresume(SUMMARY)
    resume_validator().validate(document)
    assert document == {
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        # One entry per category and level, its skills as keywords, as the schema's example
        # ("Web Development", "Master", ["HTML", "CSS"]) and themes that list keywords expect.
        "skills": [
            {"name": "alignment", "level": "Advanced", "keywords": ["DPO"]},
            {
                "name": "deep learning",
                "level": "Proficient",
                "keywords": ["Batch normalization", "Backpropagation"],
            },
            {"name": "software", "level": "Practiced", "keywords": ["LeetCode"]},
        ],
        # The meetup the user is only interested in is not a project; the one delivered
        # journal line is.
        "projects": [
            {
                "name": "Apart AI Safety Sprint",
                "type": "hackathon",
                "entity": "Apart Research",
                "description": "Hackathon hosted by Apart Research",
                "startDate": "2024-04-19",
                "endDate": "2024-04-21",
                "url": "https://apartresearch.com/sprints/1",
                "highlights": ["2nd place"],
            },
            {
                "name": "Presented the DPO paper at the reading group",
                "description": "From the journal (daily-log-2024-04.md:3)",
                "startDate": "2024-04-05",
                "endDate": "2024-04-05",
                "keywords": ["DPO"],
            },
        ],
        "meta": {
            "lastModified": "2024-04-20",
            "career": {
                "generated": "2024-04-20",
                "since": "2024-04-01",
                "until": "2024-04-30",
                "minLevel": "exposure",
                "scope": SCOPE,
                "levels": LEVEL_WORDS,
            },
        },
    }


def test_jsonresume_leaves_out_what_the_schema_would_refuse() -> None:
    bare = EventDone(9, "Jam", "jam", None, None, None, "done", None, "javascript:alert(1)")
    document = formats.jsonresume(empty(events=(bare,)))
    resume_validator().validate(document)
    assert document["projects"] == [{"name": "Jam", "type": "jam", "description": "Jam"}]


def test_jsonresume_projects_are_only_what_was_delivered() -> None:
    shipped = "shipped [the eval harness](https://github.com/me/harness) with ![[demo.gif]]"
    harness = cite(19, 4, "shipped", shipped, 60)
    pytorch = SkillSummary(
        "PyTorch",
        "software",
        4,
        3,
        date(2024, 4, 2),
        date(2024, 4, 19),
        (harness, cite(2, 3, "built", "built a PyTorch data loader", 5)),
    )
    evals = SkillSummary(
        "Evals", "alignment", 4, 1, date(2024, 4, 19), date(2024, 4, 19), (harness,)
    )
    under_way = EventDone(
        10, "Evals jam", "hackathon", None, None, None, "participating", None, None
    )
    submitted = EventDone(
        11, "Essay prize", "competition", None, None, None, "submitted", None, None
    )
    document = formats.jsonresume(
        empty(skills=(pytorch, evals, LEETCODE), events=(under_way, submitted))
    )
    resume_validator().validate(document)
    # One project for the one delivered line, naming both skills it shows; nothing for the
    # applied line, the practice skill, an event still under way or one only submitted.
    assert document["projects"] == [
        {
            "name": "Shipped the eval harness with",
            "description": "From the journal (daily-log-2024-04.md:60)",
            "startDate": "2024-04-19",
            "endDate": "2024-04-19",
            "keywords": ["Evals", "PyTorch"],
            "url": "https://github.com/me/harness",
        }
    ]


CUDA = SkillSummary(
    "CUDA",
    "software",
    0,
    1,
    date(2024, 4, 20),
    date(2024, 4, 20),
    (cite(20, 0, "want to", "want to learn [CUDA](https://docs.nvidia.com/cuda/) kernels", 95),),
)
# A held skill with a plan among its lines.
BACKPROP_PLANNED = SkillSummary(
    "Backpropagation",
    "deep learning",
    3,
    2,
    date(2024, 4, 15),
    date(2024, 4, 21),
    (
        cite(15, 3, "implemented", "implemented backprop by hand", 70),
        cite(21, 0, "plan to", "plan to redo backprop in JAX", 99),
    ),
)
WITH_PLANS = empty(min_level=0, skills=(BATCH_NORM, BACKPROP_PLANNED, CUDA, DPO))


def test_with_plans_every_format_marks_them_and_lists_plan_only_skills_apart() -> None:
    md = formats.markdown(WITH_PLANS, top=5)
    assert "Evidence at every level, plans included" in md
    assert "- 2024-04-21 · intent *(plan)* — plan to redo backprop in JAX" in md
    held, planned = md.split("## Plans\n")
    assert "### CUDA" not in held and "### CUDA" in planned
    assert "*(plan)* · software · first 2024-04-20 · last 2024-04-20 · 1 plan line" in planned
    assert (
        "- 2024-04-20 · intent *(plan)* — want to learn [CUDA](https://docs.nvidia.com/cuda/)"
        " kernels (daily-log-2024-04.md:95)"
    ) in planned

    page = Page(formats.html(WITH_PLANS, top=5))
    words = " ".join("".join(page.text).split())
    assert "2024-04-21 intent · plan — plan to redo backprop in JAX" in words
    plans_at = words.index("Plans Skills the journal only plans so far: not evidence yet.")
    assert words.index("Backpropagation") < plans_at < words.index("CUDAintent · plan")
    plan_labels = [a for t, a in page.tags if t == "span" and a.get("class") == "level plan"]
    assert len(plan_labels) == 3  # CUDA's heading, its line, and backprop's plan

    record = formats.summary_record(WITH_PLANS)
    assert [s["name"] for s in record["skills"]] == [
        "DPO",
        "Backpropagation",
        "Batch normalization",
    ]
    assert [s["name"] for s in record["plans"]] == ["CUDA"]
    backprop = record["skills"][1]["evidence"]
    assert [(e["level_name"], e["plan"]) for e in backprop] == [
        ("applied", False),
        ("intent", True),
    ]

    rows = parsed(formats.csv_text(WITH_PLANS))
    assert [(r[1], r[3], r[8]) for r in rows[1:] if r[8] == "yes"] == [
        ("Backpropagation", "intent", "yes"),
        ("CUDA", "intent", "yes"),
    ]
    assert rows[-1][1] == "CUDA"  # plans come after every skill held

    resume = formats.jsonresume(WITH_PLANS)
    resume_validator().validate(resume)
    assert "CUDA" not in str(resume["skills"])
    assert resume["interests"] == [{"name": "software", "keywords": ["CUDA"]}]
    assert resume["meta"]["career"]["minLevel"] == "intent"


# A JSON Resume theme renders our document: a folder whose node_modules holds the `resumed`
# renderer and jsonresume-theme-even (`npm install resumed jsonresume-theme-even` in it).
THEME_DIR = os.environ.get("CAREER_TEST_JSONRESUME_THEME_DIR")
RESUMED = Path(THEME_DIR or ".") / "node_modules" / "resumed" / "bin" / "resumed.js"


def _theme_missing() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed"
    if not THEME_DIR:
        return "CAREER_TEST_JSONRESUME_THEME_DIR is not set (a folder with resumed and the theme)"
    if not RESUMED.is_file():
        return f"no resumed renderer in {THEME_DIR}/node_modules"
    if not (Path(THEME_DIR) / "node_modules" / "jsonresume-theme-even").is_dir():
        return f"no jsonresume-theme-even in {THEME_DIR}/node_modules"
    return None


class Sections(HTMLParser):
    """The text of each <section id=...> of a rendered résumé."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text: dict[str, str] = {}
        self.current: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.current = dict(attrs).get("id")
            self.text.setdefault(str(self.current), "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.text[self.current] += data + " "


@pytest.mark.skipif(_theme_missing() is not None, reason=str(_theme_missing()))
def test_a_jsonresume_theme_renders_skills_plans_and_projects_apart(tmp_path: Path) -> None:
    summary = empty(min_level=0, skills=(*WITH_PLANS.skills, LEETCODE), events=(SPRINT,))
    source = tmp_path / "resume.json"
    source.write_text(json.dumps(formats.jsonresume(summary)))
    page = tmp_path / "resume.html"
    done = subprocess.run(
        ["node", str(RESUMED), "render", str(source), "--theme", "jsonresume-theme-even",
         "--output", str(page)],
        cwd=THEME_DIR, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    sections = Sections(page.read_text())
    skills = " ".join(sections.text["skills"].split())
    for held in ("deep learning", "Batch normalization", "Backpropagation", "DPO", "LeetCode"):
        assert held in skills
    assert "CUDA" not in skills  # a plan is never shown as a skill held
    assert "CUDA" in sections.text["interests"]
    projects = " ".join(sections.text["projects"].split())
    assert "Apart AI Safety Sprint" in projects
    assert "Presented the DPO paper at the reading group" in projects
    assert "batch norm" not in projects  # applied, not delivered


# --- CSV ------------------------------------------------------------------------------------


def parsed(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv_has_one_row_per_evidence_item_and_parses_back() -> None:
    rows = parsed(formats.csv_text(SUMMARY))
    assert rows[0] == [
        "date",
        "skill",
        "category",
        "level",
        "signal",
        "text",
        "source",
        "line",
        "plan",
    ]
    assert rows[1:] == [
        [
            "2024-04-05",
            "DPO",
            "alignment",
            "delivered",
            "presented",
            "presented the DPO paper at the reading group",
            LOG,
            "3",
            "no",
        ],
        [
            "2024-04-17",
            "Batch normalization",
            "deep learning",
            "applied",
            "implemented",
            "implemented batch norm on the MLP",
            LOG,
            "85",
            "no",
        ],
        [
            "2024-04-12",
            "Batch normalization",
            "deep learning",
            "practice",
            "worked through",
            "worked through the batch norm exercises",
            LOG,
            "40",
            "no",
        ],
        [
            "2024-04-11",
            "Batch normalization",
            "deep learning",
            "exposure",
            "watched",
            "watched Karpathy on batch norm",
            LOG,
            "20",
            "no",
        ],
        [
            "2024-04-10",
            "Batch normalization",
            "deep learning",
            "exposure",
            "read",
            "read the batch norm paper",
            LOG,
            "12",
            "no",
        ],
        [
            "2024-04-15",
            "Backpropagation",
            "deep learning",
            "applied",
            "implemented",
            "implemented backprop by hand",
            LOG,
            "70",
            "no",
        ],
        [
            "2024-04-18",
            "LeetCode",
            "software",
            "practice",
            "solved",
            "solved 3 LeetCode problems",
            LOG,
            "90",
            "no",
        ],
    ]


# --- HTML -----------------------------------------------------------------------------------


class Page(HTMLParser):
    """Every tag and attribute of a page, and its text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def hrefs(self) -> list[str | None]:
        return [attrs.get("href") for tag, attrs in self.tags if tag == "a"]


def test_html_is_one_self_contained_page() -> None:
    text = formats.html(SUMMARY)
    page = Page(text)
    assert text.startswith("<!DOCTYPE html>\n")
    names = {tag for tag, _ in page.tags}
    assert {"style", "h1", "h2", "h3", "article", "time", "cite"} <= names
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "base", "form"}
    assert not any("src" in attrs for _, attrs in page.tags)
    assert "url(" not in text and "@import" not in text
    csp = [a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in str(csp[0])
    assert "@media print" in text
    assert page.hrefs() == ["https://far.ai/jobs/1", "https://apartresearch.com/sprints/1"]
    words = " ".join("".join(page.text).split())
    assert (
        "2024-04-17 applied — implemented batch norm on the MLP (daily-log-2024-04.md:85)" in words
    )
    assert "Evidence at exposure or above; plans left out: --min-level intent shows them." in words
    assert "Batch normalizationapplied" in words  # the level badge follows the name
    assert "and 1 more in the journal" in words
    assert "Apply to SPAR" in words


# --- hostile text ---------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
LINK = "[click me](javascript:alert(1))"
IMAGE = "![img](https://evil.example/x.png)"
ONERROR = '<img src=x onerror="alert(1)">'
FORMULA = '=HYPERLINK("https://evil.example","x")'
HOSTILE_TEXTS = (SCRIPT, LINK, IMAGE, ONERROR, FORMULA, "<javascript:alert(1)>", "a\n# heading")
# Journal lines with links and embeds, each with the links it may give (encoded URL, text).
LINKED: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "[a <b>bold</b> *claim*](https://ok.example/a)",
        (("https://ok.example/a", "a <b>bold</b> *claim*"),),
    ),
    (
        "[nested [brackets] here](https://ok.example/n) done",
        (("https://ok.example/n", "nested [brackets] here"),),
    ),
    ("[q](https://ok.example/q?a=1&b=(2)) tail)", (("https://ok.example/q?a=1&b=%282%29", "q"),)),
    (
        "see https://ok.example/wiki/Foo_(bar)), then",
        (("https://ok.example/wiki/Foo_%28bar%29", "https://ok.example/wiki/Foo_(bar)"),),
    ),
    ("read https://ok.example/end.", (("https://ok.example/end", "https://ok.example/end"),)),
    (
        '[x](https://ok.example/"onmouseover=alert(1))',
        (("https://ok.example/%22onmouseover=alert%281%29", "x"),),
    ),
    ("[spaced](https://ok.example/a b)", (("https://ok.example/a", "https://ok.example/a"),)),
    (
        "[d](data:text/html;base64,PHNjcmlwdD4=) [v](vbscript:x)"
        " [r](//evil.example/) [f](file:///etc/passwd)",
        (),
    ),
    ("[j](JAVASCRIPT:alert(1)) [[w]](javascript:alert(2)) [](javascript:alert(3))", ()),
    (
        "https://ok.example/<script>alert(1)</script>",
        (("https://ok.example/", "https://ok.example/"),),
    ),
    ("![[secret diagram.png]] drew it ![alt](https://evil.example/pixel.png)", ()),
    ("[[Private Note|the alias]] and [[Other note]] and [[|]]", ()),
    (
        "café https://ok.example/é?q=ü ok",
        (("https://ok.example/%C3%A9?q=%C3%BC", "https://ok.example/é?q=ü"),),
    ),
)

HOSTILE = Summary(
    generated=date(2024, 4, 20),
    since=None,
    until=None,
    min_level=0,
    application=ApplicationDone(7, ONERROR, LINK, "job", "applied", None, "javascript:alert(1)"),
    skills=(
        SkillSummary(
            LINK,
            SCRIPT,
            3,
            len(HOSTILE_TEXTS),
            date(2024, 4, 1),
            date(2024, 4, 1),
            tuple(
                cite(1, 3, FORMULA, text, n, source=IMAGE)
                for n, text in enumerate(HOSTILE_TEXTS, 1)
            ),
        ),
        SkillSummary(
            "Links",
            "journal",
            2,
            len(LINKED),
            date(2024, 4, 1),
            date(2024, 4, 1),
            tuple(cite(1, n % 3, "worked on", text, 100 + n) for n, (text, _) in enumerate(LINKED)),
        ),
    ),
    applications=(
        ApplicationDone(7, ONERROR, LINK, "job", "applied", None, "javascript:alert(1)"),
        ApplicationDone(
            8, SCRIPT, None, "job", "applied", None, 'https://ok.example/"onmouseover='
        ),
    ),
    sessions=(SessionDone(1, SCRIPT, date(2024, 4, 2), ONERROR, (LINK, IMAGE, FORMULA)),),
    events=(
        EventDone(2, IMAGE, "jam", SCRIPT, None, None, "done", ONERROR, "JavaScript:alert(1)"),
    ),
)


def assert_inert(page: Page) -> None:
    allowed = {"h1", "h2", "h3", "p", "strong", "ul", "li", "a", "em", "br"}
    html_page_tags = {"html", "head", "meta", "title", "style", "body", "main", "section"}
    names = {tag for tag, _ in page.tags}
    assert names <= allowed | html_page_tags | {"article", "span", "time", "cite"}, names
    for tag, attrs in page.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert "src" not in attrs
        if tag == "a":
            assert str(attrs["href"]).startswith(("https://", "http://")), attrs


class Anchors(Page):
    """A page's links as (href, text, rel)."""

    def __init__(self, text: str) -> None:
        self.anchors: list[list[Any]] = []
        self.open: list[Any] | None = None
        super().__init__(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        if tag == "a":
            self.open = [dict(attrs)["href"], "", dict(attrs).get("rel")]
            self.anchors.append(self.open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.open = None

    def handle_data(self, data: str) -> None:
        super().handle_data(data)
        if self.open is not None:
            self.open[1] += data


FORMULA_LINK = ("https://evil.example", "https://evil.example")
JOURNAL_LINKS = [FORMULA_LINK] + [link for _, links in LINKED for link in links]
TOP = len(HOSTILE_TEXTS) + len(LINKED)


def assert_journal_text(page: Page) -> None:
    """What the journal lines say, shown as text: no embed, wiki links as their text."""
    words = "".join(page.text)
    for hostile in (SCRIPT, LINK, ONERROR, "<javascript:alert(1)>", "[d](data:text/html"):
        assert hostile in words  # shown as the user wrote it, as text
    assert "secret diagram" not in words and "pixel.png" not in words  # embeds are dropped
    assert "the alias and Other note and" in words and "Private Note" not in words
    assert "drew it" in words


def test_hostile_text_is_inert_in_markdown() -> None:
    text = formats.markdown(HOSTILE, top=TOP)
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    page = Anchors(rendered)
    assert_inert(page)
    # Only the journal's http(s) links are links, with the text the journal gave them.
    assert sorted((href, text) for href, text, _ in page.anchors) == sorted(JOURNAL_LINKS)
    assert_journal_text(page)
    assert "javascript:" not in str(page.hrefs()).lower()
    assert [tag for tag, _ in page.tags].count("h1") == 1  # "# heading" stayed in its line
    assert [tag for tag, _ in page.tags].count("img") == 0


def test_hostile_text_is_inert_in_html() -> None:
    page = Anchors(formats.html(HOSTILE, top=TOP))
    assert_inert(page)
    assert sorted((href, text) for href, text, _ in page.anchors) == sorted(JOURNAL_LINKS)
    assert {rel for _, _, rel in page.anchors} == {"noopener noreferrer"}
    assert_journal_text(page)
    words = "".join(page.text)
    for hostile in (IMAGE, FORMULA, "JavaScript:alert(1)"):
        assert hostile in words  # in the fields that are not journal lines


def test_hostile_text_is_inert_in_csv() -> None:
    rows = parsed(formats.csv_text(HOSTILE))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    signals = [row[4] for row in rows[1:] if row[1] == LINK]
    assert signals == ["'" + FORMULA] * len(HOSTILE_TEXTS)
    # Un-guarding gives back exactly what the journal said.
    assert [[unguard(c) for c in row] for row in rows[1:]] == [
        [str(v) for v in row.values()] for row in formats.csv_rows(HOSTILE)
    ]
    # Journal text is data in a CSV: links and embeds stay exactly as written.
    assert sorted(unguard(row[5]) for row in rows[1:]) == sorted(
        HOSTILE_TEXTS + tuple(text for text, _ in LINKED)
    )


def test_markdown_escaping_keeps_plain_text_readable() -> None:
    assert formats.md_escape("fine-tuned GPT-2 (small) on 3.5k examples") == (
        "fine-tuned GPT-2 (small) on 3.5k examples"
    )
    assert formats.md_escape("a <b> & [c](d) *e* `f` #g") == (
        "a &lt;b&gt; &amp; \\[c\\](d) \\*e\\* \\`f\\` \\#g"
    )


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://far.ai/jobs/1", "https://far.ai/jobs/1"),
        ("HTTP://example.com/a?b=1&c=2", "HTTP://example.com/a?b=1&c=2"),
        ("javascript:alert(1)", None),
        ("  javascript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("https://", None),
        ("https://a.example/ b", None),
        ('https://a.example/"><script>', None),
        ("far.ai/jobs", None),
        (None, None),
    ],
)
def test_only_http_urls_become_links(url: str | None, safe: str | None) -> None:
    assert formats.safe_url(url) == safe


def test_a_citation_links_to_its_obsidian_note_only_with_a_link_we_made() -> None:
    link = "obsidian://open?vault=My%20Vault&file=Daily%2F2024-04-17.md"
    linked = cite(17, 3, "implemented", "implemented batch norm", 85, source="Daily/x.md")
    forged = ("javascript:alert(1)", "obsidian://open?vault=v&file=a)b", link + '"><b>')
    skill = SkillSummary(
        "Batch normalization",
        "deep learning",
        3,
        1 + len(forged),
        date(2024, 4, 17),
        date(2024, 4, 17),
        (linked._replace(link=link), *(linked._replace(link=bad) for bad in forged)),
    )
    md = formats.markdown(empty(skills=(skill,)), top=5)
    assert f"implemented batch norm ([Daily/x.md:85]({link}))" in md
    assert md.count("](obsidian://") == 1 and "javascript" not in md
    page = Anchors(formats.html(empty(skills=(skill,)), top=5))
    assert [(href, text) for href, text, _ in page.anchors] == [(link, "Daily/x.md:85")]
    assert formats.own_link(link) == link
    assert [formats.own_link(bad) for bad in forged] == [None, None, None]


# --- empty summaries ------------------------------------------------------------------------

SENTENCE = "No skill evidence between 2024-04-01 and 2024-04-30."


def test_an_empty_summary_says_so_in_every_format() -> None:
    summary = empty()
    assert formats.empty_message(summary) == SENTENCE
    assert formats.markdown(summary) == (
        "# Skills evidence\n\nPeriod: 2024-04-01 to 2024-04-30 · generated 2024-04-20\n\n"
        f"{SCOPE}\n\n{SENTENCE}\n"
    )
    assert SENTENCE in " ".join("".join(Page(formats.html(summary)).text).split())
    assert json.loads(formats.json_text(summary)) == {
        "generated": "2024-04-20",
        "period": {"since": "2024-04-01", "until": "2024-04-30"},
        "min_level": 1,
        "min_level_name": "exposure",
        "application": None,
        "scope": SCOPE,
        "skills": [],
        "plans": [],
        "applications": [],
        "sessions": [],
        "events": [],
    }
    resume = formats.jsonresume(summary)
    resume_validator().validate(resume)
    assert (resume["skills"], resume["projects"]) == ([], [])
    assert resume["meta"]["career"]["note"] == SENTENCE
    assert formats.csv_text(summary) == "date,skill,category,level,signal,text,source,line,plan\n"


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        ({"since": None, "until": None}, "No skill evidence in the journal."),
        ({"until": None}, "No skill evidence since 2024-04-01."),
        ({"since": None}, "No skill evidence up to 2024-04-30."),
        (
            {"min_level": 3},
            "No skill evidence at level applied or above between 2024-04-01 and 2024-04-30.",
        ),
        (
            {"application": FAR},
            "No skill evidence for the skills application 3 (FAR.AI — Research Engineer) asks"
            " for between 2024-04-01 and 2024-04-30.",
        ),
    ],
)
def test_the_empty_sentence_names_what_was_asked(changes: dict[str, Any], sentence: str) -> None:
    summary = empty(**changes)
    assert formats.empty_message(summary) == sentence
    assert f"\n{sentence}\n" in formats.markdown(summary)


def test_a_summary_with_activity_but_no_evidence_still_lists_the_activity() -> None:
    text = formats.markdown(empty(applications=(FAR,)))
    assert f"{SENTENCE}\n\n## Applications\n\n- **FAR.AI**" in text
    assert formats.empty_message(empty(skills=(DPO,))) is None


# --- gaps -----------------------------------------------------------------------------------

BN_BEST = cite(17, 3, "implemented", "implemented batch norm on the MLP", 85)
GAPS = [
    Gap("PyTorch", "software", cite(9, 1, "read", "read the PyTorch tutorial", 8)),
    Gap("Batch normalization", "deep learning", BN_BEST),
    Gap("RLHF", "alignment", None),
    Gap("CUDA", None, None),
    Gap("backpropagation", "deep learning", cite(15, 3, "implemented", "did backprop", 70)),
]


def test_gaps_put_missing_evidence_first_then_weakest_then_name() -> None:
    assert [g.skill for g in gaps.order(GAPS)] == [
        "CUDA",
        "RLHF",
        "PyTorch",
        "backpropagation",
        "Batch normalization",
    ]


def test_gaps_markdown_is_ready_for_a_cover_letter() -> None:
    assert gaps.gaps_markdown(FAR, GAPS) == (
        "## Skills asked for: FAR.AI — Research Engineer\n"
        "\n"
        "No evidence yet:\n"
        "\n"
        "- **CUDA**\n"
        "- **RLHF** (alignment)\n"
        "\n"
        "Evidence from my journal (weakest first):\n"
        "\n"
        "- **PyTorch** (software): exposure, 2024-04-09 — read the PyTorch tutorial"
        " (daily-log-2024-04.md:8)\n"
        "- **backpropagation** (deep learning): applied, 2024-04-15 — did backprop"
        " (daily-log-2024-04.md:70)\n"
        "- **Batch normalization** (deep learning): applied, 2024-04-17 — implemented batch"
        " norm on the MLP (daily-log-2024-04.md:85)\n"
    )


def test_gaps_markdown_escapes_and_handles_an_application_without_skills() -> None:
    hostile = [Gap(LINK, SCRIPT, cite(1, 1, "read", IMAGE, 1))]
    page = Page(MarkdownIt("commonmark").render(gaps.gaps_markdown(FAR, hostile)))
    assert_inert(page)
    assert page.hrefs() == []
    assert gaps.gaps_markdown(SPAR, []) == (
        "## Skills asked for: SPAR\n\n"
        "Application 4 lists no skills yet (add them with `career app skills 4 --add NAME`).\n"
    )


def test_gaps_json_is_exact() -> None:
    value = json.loads(gaps.gaps_json(FAR, GAPS[:3]))
    assert value == {
        "application": EXPECTED_JSON["applications"][0],
        "gaps": [
            {"skill": "RLHF", "category": "alignment", "evidence": None, "plan": None},
            {
                "skill": "PyTorch",
                "category": "software",
                "evidence": citation(
                    "2024-04-09", 1, "exposure", "read", "read the PyTorch tutorial", 8
                ),
                "plan": None,
            },
            {
                "skill": "Batch normalization",
                "category": "deep learning",
                "evidence": citation(
                    "2024-04-17",
                    3,
                    "applied",
                    "implemented",
                    "implemented batch norm on the MLP",
                    85,
                ),
                "plan": None,
            },
        ],
    }


def test_gaps_rows_fill_a_table() -> None:
    assert gaps.gaps_rows(GAPS[1:3]) == [
        {
            "skill": "RLHF",
            "category": "alignment",
            "level": "no evidence yet",
            "date": None,
            "evidence": None,
        },
        {
            "skill": "Batch normalization",
            "category": "deep learning",
            "level": "applied",
            "date": date(2024, 4, 17),
            "evidence": "implemented batch norm on the MLP (daily-log-2024-04.md:85)",
        },
    ]
    assert [key for key, _ in gaps.GAP_COLUMNS] == list(gaps.GAP_FIELDS)


def test_a_skill_only_planned_is_a_gap_that_shows_its_plan() -> None:
    plan = cite(20, 0, "want to", "want to learn [CUDA](https://docs.nvidia.com/cuda/)", 95)
    planned = Gap("CUDA", "software", None, plan)
    found = [planned, GAPS[1]]
    assert [g.skill for g in gaps.order(found)] == ["CUDA", "Batch normalization"]
    text = gaps.gaps_markdown(FAR, found)
    missing = text.split("Evidence from my journal")[0]
    assert (
        "No evidence yet:\n\n- **CUDA** (software): only a plan *(plan)*, 2024-04-20 — want to"
        " learn [CUDA](https://docs.nvidia.com/cuda/) (daily-log-2024-04.md:95)\n"
    ) in missing
    value = json.loads(gaps.gaps_json(FAR, found))["gaps"][0]
    assert value["evidence"] is None
    assert (value["plan"]["level_name"], value["plan"]["plan"]) == ("intent", True)
    assert gaps.gaps_rows(found)[0] == {
        "skill": "CUDA",
        "category": "software",
        "level": "no evidence yet (only a plan)",
        "date": date(2024, 4, 20),
        "evidence": "plan: want to learn CUDA (daily-log-2024-04.md:95)",
    }


# --- job postings ---------------------------------------------------------------------------

SAMPLE = FIXTURES / "jobs" / "research-engineer.job.json"


def test_the_sample_posting_reads_into_an_application() -> None:
    posting = read_job(SAMPLE.read_bytes(), "sample.job.json")
    assert posting == JobPosting(
        company="Northwind AI Lab",
        title="Research Engineer, Evaluations",
        url="https://jobs.example.org/northwind/research-engineer-evals",
        description=(
            "Build and run evaluations of language models, and the tooling around them."
        ),
        # Each skill's name, then its keywords; a name seen before is not repeated.
        skills=("Machine Learning", "PyTorch", "fine-tuning", "evals", "Data", "SQL",
                "Data Pipelines"),
    )  # fmt: skip


@pytest.mark.shared_fixture
def test_the_shipped_job_schema_is_the_shared_one_unchanged() -> None:
    from importlib.resources import files

    shipped = files("career.exports").joinpath("data", "jsonresume-job.schema.json")
    assert shipped.read_bytes() == (SCHEMAS / "jsonresume-job.schema.json").read_bytes()


def test_skills_are_deduplicated_in_order_and_optional_fields_may_be_missing() -> None:
    document = {
        "company": "  FAR.AI ",
        "skills": [
            {"name": "PyTorch", "keywords": ["CUDA", "pytorch", "  Distributed   training "]},
            {"keywords": ["cuda", "RLHF", ""]},
            {"name": "Rlhf"},
        ],
    }
    data = b"\xef\xbb\xbf" + json.dumps(document).encode()  # with a BOM
    assert read_job(data, "far.json") == JobPosting(
        company="FAR.AI",
        title=None,
        url=None,
        description=None,
        skills=("PyTorch", "CUDA", "Distributed training", "RLHF"),
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff{}", "far.json: not UTF-8 text (byte 0)"),
        (
            b'{\n  "company": FAR.AI\n}',
            "far.json: not valid JSON: Expecting value (line 2, column 14)",
        ),
        (b"[]", "far.json: not a valid job posting: the document: [] is not of type 'object'"),
        (
            b'{"company": "FAR.AI", "skills": [{"name": "ML", "keywords": ["a", 3]}]}',
            "far.json: not a valid job posting: field skills[0].keywords[1]: 3 is not of type"
            " 'string'",
        ),
        (
            b'{"company": "FAR.AI", "remote": "Sometimes"}',
            "far.json: not a valid job posting: field remote: 'Sometimes' is not one of"
            " ['Full', 'Hybrid', 'None']",
        ),
        (
            b'{"company": "FAR.AI", "date": "July 2024"}',
            "far.json: not a valid job posting: field date: 'July 2024' does not match"
            " '^([1-2][0-9]{3}-[0-1][0-9]-[0-3][0-9]|[1-2][0-9]{3}-[0-1][0-9]|[1-2][0-9]{3})$'",
        ),
        (
            b'{"title": "Research Engineer", "company": "  "}',
            "far.json: the posting has no company (an application needs an organization)",
        ),
    ],
)
def test_an_invalid_posting_is_refused_with_one_line(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_job(data, "far.json")
    assert refused.value.message == message
    assert "\n" not in refused.value.message


def test_a_long_schema_message_is_cut_to_one_short_line() -> None:
    data = json.dumps({"company": "X", "title": ["word " * 200]}).encode()
    with pytest.raises(InvalidInput) as refused:
        read_job(data, "far.json")
    assert refused.value.message.startswith("far.json: not a valid job posting: field title: ")
    assert refused.value.message.endswith("…")
    assert len(refused.value.message) < 300
