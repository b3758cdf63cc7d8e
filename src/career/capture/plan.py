"""From a captured posting and the command line to the application to record. Pure.

Rules: every field given on the command line wins over the page's; the posting's description
is the notes (cut at the notes' limit, with a warning) unless ``--note`` is given; its
``validThrough`` is the apply-by deadline unless ``--deadline`` is given (one already past is
kept, with a warning); a captured posting is recorded as ``interested`` unless ``--status``
says otherwise (it is captured before it is applied to). Skills: the names the posting lists,
then every skill of the taxonomy its text names (description, qualifications...), each once.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING

from career.capture.posting import MAX_DESCRIPTION, Captured
from career.capture.source import Found
from career.errors import InvalidInput
from career.pipeline.vocab import PostingFields

if TYPE_CHECKING:
    from career.journal.skills import Taxonomy


@dataclass(frozen=True)
class Planned:
    organization: str
    role: str | None
    location: str | None
    url: str | None
    notes: str | None
    status: str
    deadline: date | None
    posting: PostingFields
    skills: tuple[str, ...]
    source: str
    warnings: tuple[str, ...]


def _page_fields(captured: Captured, posting_url: str | None) -> PostingFields:
    """The page's posting fields, each checked alone: a value the page gets wrong is
    dropped with a warning by `plan`, never guessed."""
    return PostingFields(
        salary_min=captured.salary_min,
        salary_max=captured.salary_max,
        salary_currency=captured.salary_currency,
        salary_period=captured.salary_period,
        employment_type=captured.employment_type,
        workplace=captured.workplace,
        posting_url=posting_url,
        canonical_url=captured.canonical_url,
        posted=captured.posted,
    )


def skills_of(captured: Captured, taxonomy: Taxonomy) -> tuple[str, ...]:
    names: dict[str, str] = {}
    for name in captured.skill_names:
        known = taxonomy.find(name)
        shown = known.name if known is not None else name
        names.setdefault(shown.casefold(), shown)
    for skill in taxonomy.skills_in(captured.skill_text):
        names.setdefault(skill.name.casefold(), skill.name)
    return tuple(names.values())


def plan(
    found: Found,
    taxonomy: Taxonomy,
    *,
    today: date,
    organization: str | None = None,
    role: str | None = None,
    location: str | None = None,
    url: str | None = None,
    notes: str | None = None,
    status: str | None = None,
    deadline: date | None = None,
    given: PostingFields | None = None,
) -> Planned:
    captured = found.captured
    warnings = list(captured.warnings)
    company = organization or captured.company
    if not company:
        raise InvalidInput(
            f"the posting ({captured.source}) names no organization: give it as ORGANIZATION"
        )
    page = _page_fields(captured, found.posting_url)
    try:
        PostingFields.checked(
            salary_min=page.salary_min,
            salary_max=page.salary_max,
            salary_currency=page.salary_currency,
        )
    except InvalidInput as exc:
        warnings.append(f"the posting's {exc.message}: its salary is left empty")
        page = PostingFields(
            **{
                f.name: None if f.name.startswith("salary") else getattr(page, f.name)
                for f in fields(page)
            }
        )
    posting = page.merged(given or PostingFields())
    description = captured.description
    if notes is None and description and len(description) > MAX_DESCRIPTION:
        warnings.append(f"the description was cut to {MAX_DESCRIPTION:,} characters")
        description = description[: MAX_DESCRIPTION - 1] + "…"
    apply_by = deadline if deadline is not None else captured.valid_through
    if deadline is None and apply_by is not None and apply_by < today:
        warnings.append(f"the posting says it closed on {apply_by.isoformat()}")
    return Planned(
        organization=company,
        role=role if role is not None else captured.title,
        location=location if location is not None else captured.location,
        url=url if url is not None else (posting.canonical_url or found.posting_url),
        notes=notes if notes is not None else description,
        status=status or "interested",
        deadline=apply_by,
        posting=posting,
        skills=skills_of(captured, taxonomy),
        source=captured.source,
        warnings=tuple(warnings),
    )
