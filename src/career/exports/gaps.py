"""The gap report: each skill an application asks for, with the user's best evidence.

Pure: the caller hands the application and its `Gap` rows (`career.exports.summary`).

Decisions:

- **A plan is not evidence**: `best` is the strongest line at exposure or above. A skill the
  journal only plans (intent: a goal, an open task, a wish) is a gap like one it never names,
  and carries its latest plan (`Gap.plan`) so the report can say "only a plan".
- **Order** (`order`), strongest gaps first: skills with no evidence yet, then evidenced skills
  by their best level, weakest first, then by name (case-insensitive). Equal levels are not
  split by date: the level is the gap; the date is in the citation.
- **Markdown** (`gaps_markdown`) is ready to paste into a cover-letter draft: a heading naming
  the application, the skills with no evidence yet as one list (a planned one followed by
  ``: only a plan *(plan)*, 2024-05-02 — learn CUDA kernels (log.md:4)``), then each evidenced
  skill with its level in words and its best line cited as in the summary
  (``2024-04-17 — implemented batch norm on the MLP (daily-log-2024-04.md:85)``). User text is
  escaped as in the summary's Markdown (`career.exports.formats.md_escape`); journal lines
  keep their http(s) links and drop embeds (`career.exports.formats.md_text`).
- **JSON** (`gaps_json`)::

      {"application": {"id", "organization", "role", "kind", "status", "applied", "url"},
       "gaps": [{"skill", "category",
                 "evidence": null | CITATION,
                 "plan": null | CITATION}, ...]}

  where CITATION is ``{"day", "level", "level_name", "plan", "signal", "text", "source",
  "line"}`` as in the summary's JSON; ``plan`` is set only when ``evidence`` is null.
- **Table** rows (`gaps_rows`, columns `GAP_COLUMNS`): skill, category, level (in words, or
  "no evidence yet", or "no evidence yet (only a plan)"), date, evidence (the line as plain
  text and its source; a plan's prefixed ``plan:``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from career.exports.formats import (
    application_record,
    citation_record,
    level_name,
    md_escape,
    md_text,
    plain_text,
)
from career.exports.summary import ApplicationDone, Gap
from career.render import to_json_document

__all__ = [
    "GAP_COLUMNS",
    "GAP_FIELDS",
    "NO_EVIDENCE",
    "ONLY_A_PLAN",
    "gaps_json",
    "gaps_markdown",
    "gaps_rows",
]

NO_EVIDENCE: Final = "no evidence yet"
ONLY_A_PLAN: Final = "no evidence yet (only a plan)"
GAP_FIELDS: Final = ("skill", "category", "level", "date", "evidence")
GAP_COLUMNS: Final = (
    ("skill", "Skill"),
    ("category", "Category"),
    ("level", "Best level"),
    ("date", "Date"),
    ("evidence", "Evidence"),
)


def _key(gap: Gap) -> tuple[int, int, str, str]:
    level = -1 if gap.best is None else gap.best.level
    return (0 if gap.best is None else 1, level, gap.skill.casefold(), gap.skill)


def order(gaps: Iterable[Gap]) -> list[Gap]:
    """Strongest gaps first: no evidence, then weakest evidence, then by name."""
    return sorted(gaps, key=_key)


def _title(app: ApplicationDone) -> str:
    label = md_escape(app.organization)
    if app.role:
        label += f" — {md_escape(app.role)}"
    return label


def gaps_markdown(app: ApplicationDone, gaps: Iterable[Gap]) -> str:
    """The gaps as Markdown for a cover-letter draft."""
    ordered = order(gaps)
    out = [f"## Skills asked for: {_title(app)}", ""]
    if not ordered:
        out += [
            f"Application {app.id} lists no skills yet"
            f" (add them with `career app skills {app.id} --add NAME`).",
        ]
        return "\n".join(out) + "\n"
    missing = [g for g in ordered if g.best is None]
    evidenced = [(g, g.best) for g in ordered if g.best is not None]
    if missing:
        out += ["No evidence yet:", ""]
        out += [f"- **{md_escape(g.skill)}**" + _category(g) + _plan(g) for g in missing]
        out.append("")
    if evidenced:
        out += ["Evidence from my journal (weakest first):", ""]
        for g, best in evidenced:
            out.append(
                f"- **{md_escape(g.skill)}**{_category(g)}: {level_name(best.level)}, "
                f"{best.day} — {md_text(best.text)} ({md_escape(best.source)}:{best.line})"
            )
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _category(gap: Gap) -> str:
    return f" ({md_escape(gap.category)})" if gap.category else ""


def _plan(gap: Gap) -> str:
    plan = gap.plan
    if plan is None:
        return ""
    return (
        f": only a plan *(plan)*, {plan.day} — {md_text(plan.text)}"
        f" ({md_escape(plan.source)}:{plan.line})"
    )


def gap_record(gap: Gap) -> dict[str, Any]:
    return {
        "skill": gap.skill,
        "category": gap.category,
        "evidence": None if gap.best is None else citation_record(gap.best),
        "plan": None if gap.plan is None else citation_record(gap.plan),
    }


def gaps_json(app: ApplicationDone, gaps: Iterable[Gap]) -> str:
    """The application and its gaps, strongest first, as indented JSON."""
    value = {
        "application": application_record(app),
        "gaps": [gap_record(g) for g in order(gaps)],
    }
    return to_json_document(value) + "\n"


def gaps_rows(gaps: Iterable[Gap]) -> list[dict[str, Any]]:
    """Rows for a table (keys: `GAP_FIELDS`), strongest gaps first."""
    rows: list[dict[str, Any]] = []
    for g in order(gaps):
        best = g.best
        if best is None and g.plan is not None:
            plan = g.plan
            rows.append(
                {
                    "skill": g.skill,
                    "category": g.category,
                    "level": ONLY_A_PLAN,
                    "date": plan.day,
                    "evidence": f"plan: {plain_text(plan.text)} ({plan.source}:{plan.line})",
                }
            )
            continue
        rows.append(
            {
                "skill": g.skill,
                "category": g.category,
                "level": NO_EVIDENCE if best is None else level_name(best.level),
                "date": None if best is None else best.day,
                "evidence": None
                if best is None
                else f"{plain_text(best.text)} ({best.source}:{best.line})",
            }
        )
    return rows
