"""Reading a job posting out of what a page or an API gives. Pure: bytes in, a `Captured` out
(no network, no database, no files).

In order of trust:

1. **schema.org JobPosting** embedded in the page: JSON-LD (``<script
   type="application/ld+json">``, also inside ``@graph`` or a list), then microdata
   (``itemscope itemtype=".../JobPosting"``). Read: ``title``, ``hiringOrganization`` (its
   ``name``, or a text), ``jobLocation`` (the address's locality, region and country) or
   ``applicantLocationRequirements``, ``jobLocationType`` (``TELECOMMUTE`` is remote),
   ``employmentType``, ``datePosted``, ``validThrough`` (the apply-by deadline),
   ``baseSalary`` (a MonetaryAmount: ``currency``, ``value`` as a number or a
   QuantitativeValue with ``minValue``/``maxValue``/``value`` and ``unitText``),
   ``description`` (HTML, also HTML-escaped HTML, made clean text), ``skills``,
   ``qualifications``, ``experienceRequirements`` and ``educationRequirements`` (searched for
   skills with the taxonomy; a list of short names in ``skills`` is taken as skill names).
   A JSON-LD block that is not valid JSON is an error when no posting was read from the
   rest of the page (the posting is probably in it); otherwise a warning.
2. **An applicant-tracking system's JSON** (`read_ats`): Greenhouse, Lever and Ashby shapes
   (see career.capture.urls for the URLs).
3. **OpenGraph and meta tags**, the last resort, with a warning that the fields need a look:
   ``og:title`` (or ``twitter:title``) as the role, ``og:site_name`` as the organization,
   ``og:description`` / ``description`` as the notes. A page without even an ``og:title`` holds
   no posting.

Several different postings on one page (a listing) are refused, naming them: the user gives
the URL of one. The same posting twice (JSON-LD and microdata) is one.

The canonical URL is ``<link rel="canonical">``, else ``og:url``, else the posting's ``url``
(relative ones resolved against the page). Values a page gets wrong (an unknown employment
type, a salary that is no number) are dropped with a warning, never guessed.

The library: extruct (maintained by Zyte) parses the HTML with lxml and reads microdata and
OpenGraph; html-text (the same maintainers, an extruct dependency) turns description HTML into
clean text. JSON-LD blocks are read one by one here, so that a broken one can be named.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin

from career.errors import InvalidInput
from career.pipeline.vocab import (
    EMPLOYMENT_TYPES,
    MAX_SALARY,
    SALARY_PERIODS,
    WORKPLACES,
    choice_word,
)

# Longest description kept as notes (the notes column's limit).
MAX_DESCRIPTION = 100_000


@dataclass(frozen=True)
class Captured:
    """What a posting says, as read (not yet checked against the command line)."""

    source: str  # "JSON-LD", "microdata", "Greenhouse", "Lever", "Ashby", "OpenGraph"
    company: str | None = None
    title: str | None = None
    location: str | None = None
    description: str | None = None
    skill_names: tuple[str, ...] = ()  # names the posting lists as its skills
    skill_text: str = ""  # text the taxonomy is searched in (description, qualifications...)
    salary_min: float | None = None
    salary_max: float | None = None
    salary_currency: str | None = None
    salary_period: str | None = None
    employment_type: str | None = None
    workplace: str | None = None
    canonical_url: str | None = None
    posted: date | None = None
    valid_through: date | None = None
    job_id: str | None = None  # the ATS's id, when it gave one
    warnings: tuple[str, ...] = field(default_factory=tuple)


def absolute(url: str | None, base: str | None) -> str | None:
    """`url` resolved against `base`: only an absolute http(s) address is kept (a saved page's
    relative link names nothing)."""
    if not url:
        return None
    resolved = urljoin(base or "", url.strip())
    return resolved if resolved.startswith(("http://", "https://")) else None


# --- text -----------------------------------------------------------------------------------


def clean_text(value: Any) -> str | None:
    """HTML (or HTML-escaped HTML, or plain text) as clean text: paragraphs and list items
    on lines of their own, no tags, no runs of blank lines."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value
    if "&lt;" in text and "<" not in text:
        text = html.unescape(text)  # Greenhouse and many JSON-LD blocks escape their HTML
    if "<" in text and ">" in text:
        import html_text

        text = html_text.extract_text(text, guess_layout=True)
    else:
        text = html.unescape(text)
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    tidy = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return tidy or None


def _line(value: Any) -> str | None:
    """A short text field (a title, a name): one line, spacing tidied."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return None
    text = " ".join(html.unescape(value).split())
    return text or None


def _date(value: Any) -> date | None:
    """A schema.org Date or DateTime (or epoch milliseconds, Lever's)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value / 1000).date()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.replace(",", "").strip())
        except ValueError:
            return None
    else:
        return None
    return number if 0 <= number <= MAX_SALARY else None


# --- schema.org JobPosting -----------------------------------------------------------------


def _types(item: Mapping[str, Any]) -> list[str]:
    raw = item.get("@type", item.get("type"))
    values = raw if isinstance(raw, list) else [raw]
    return [v.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for v in values if isinstance(v, str)]


def _postings(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JobPosting in a JSON-LD value: itself, in a list, in ``@graph``."""
    if depth > 8:
        return
    if isinstance(value, list):
        for item in value:
            yield from _postings(item, depth + 1)
    elif isinstance(value, dict):
        if "JobPosting" in _types(value):
            yield value
        elif "@graph" in value:
            yield from _postings(value["@graph"], depth + 1)


def _from_microdata(item: Mapping[str, Any]) -> dict[str, Any]:
    """An extruct microdata item as JSON-LD shaped data: properties, nested items alike."""

    def convert(value: Any) -> Any:
        if isinstance(value, dict) and "properties" in value:
            return _from_microdata(value)
        if isinstance(value, list):
            return [convert(v) for v in value]
        return value

    data: dict[str, Any] = {"@type": item.get("type")}
    for name, value in (item.get("properties") or {}).items():
        data[name] = convert(value)
    return data


def _name(value: Any) -> str | None:
    """An Organization (or a Place, a Country...) or a text: its name."""
    if isinstance(value, list):
        for item in value:
            found = _name(item)
            if found:
                return found
        return None
    if isinstance(value, dict):
        return _line(value.get("name")) or _line(value.get("legalName"))
    return _line(value)


def _place(value: Any) -> str | None:
    """A jobLocation: its address's locality, region and country, or its name."""
    places = value if isinstance(value, list) else [value]
    names: list[str] = []
    for place in places:
        text: str | None = None
        if isinstance(place, dict):
            address = place.get("address", place)
            if isinstance(address, dict):
                parts = [
                    _name(address.get(key))
                    for key in ("addressLocality", "addressRegion", "addressCountry")
                ]
                text = ", ".join(dict.fromkeys(p for p in parts if p)) or None
            else:
                text = _line(address)
            text = text or _name(place)
        else:
            text = _line(place)
        if text and text not in names:
            names.append(text)
    return "; ".join(names)[:200] or None


def _choice(value: Any, choices: Sequence[str], what: str, warnings: list[str]) -> str | None:
    values = value if isinstance(value, list) else [value]
    words = [v for v in values if isinstance(v, str) and v.strip()]
    for word in words:
        found = choice_word(word, choices)
        if found is not None:
            return found
    if words:
        warnings.append(f"the posting's {what} {words[0]!r} is not one career knows: left empty")
    return None


def _salary(value: Any, warnings: list[str]) -> dict[str, Any]:
    """baseSalary (a MonetaryAmount) as the salary fields."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        number = _number(value)
        return {"salary_min": number, "salary_max": number} if number is not None else {}
    if not isinstance(value, dict):
        return {}
    amount = value.get("value")
    found: dict[str, Any] = {}
    currency = _line(value.get("currency"))
    if currency and len(currency) == 3 and currency.isalpha():
        found["salary_currency"] = currency.upper()
    unit: Any = value.get("unitText")
    if isinstance(amount, dict):
        low = _number(amount.get("minValue"))
        high = _number(amount.get("maxValue"))
        single = _number(amount.get("value"))
        if low is None and high is None and single is not None:
            low = high = single
        unit = amount.get("unitText", unit)
    else:
        low = high = _number(amount)
    if low is not None and high is not None and low > high:
        warnings.append("the posting's salary minimum is above its maximum: left empty")
        low = high = None
    found["salary_min"], found["salary_max"] = low, high
    if unit is not None:
        found["salary_period"] = _choice(unit, SALARY_PERIODS, "salary period", warnings)
    return found


def _texts(value: Any) -> list[str]:
    """Every text in a value (a text, a list, a DefinedTerm or an object with a name)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [t for item in value for t in _texts(item)]
    if isinstance(value, dict):
        return [t for key in ("name", "description") for t in _texts(value.get(key))]
    return []


def _skill_names(value: Any) -> tuple[str, ...]:
    """`skills` given as a list of names (or one comma-separated line of them)."""
    names = [" ".join(t.split()) for t in _texts(value)]
    if len(names) == 1 and "," in names[0] and len(names[0]) <= 300:
        names = [n.strip() for n in names[0].split(",")]
    short = [n for n in names if n and len(n) <= 60 and "\n" not in n]
    return tuple(dict.fromkeys(short)) if short and len(short) == len(names) else ()


def read_job_posting(data: Mapping[str, Any], source: str, base_url: str | None) -> Captured:
    """A schema.org JobPosting (JSON-LD shaped) as what an application takes."""
    warnings: list[str] = []
    description = clean_text(data.get("description"))
    extra = [
        clean_text(t) or ""
        for key in ("skills", "qualifications", "experienceRequirements", "educationRequirements")
        for t in _texts(data.get(key))
    ]
    workplace = None
    if any(v.upper() == "TELECOMMUTE" for v in _texts(data.get("jobLocationType"))):
        workplace = "remote"
    location = _place(data.get("jobLocation")) or _name(data.get("applicantLocationRequirements"))
    url = _line(data.get("url"))
    identifier = data.get("identifier")
    job_id = _line(identifier.get("value")) if isinstance(identifier, dict) else _line(identifier)
    return Captured(
        source=source,
        company=_name(data.get("hiringOrganization")),
        title=_line(data.get("title")) or _line(data.get("name")),
        location=location,
        description=description,
        skill_names=_skill_names(data.get("skills")),
        skill_text="\n".join([description or "", *extra]),
        employment_type=_choice(
            data.get("employmentType"), EMPLOYMENT_TYPES, "employment type", warnings
        ),
        workplace=workplace,
        canonical_url=absolute(url, base_url),
        posted=_date(data.get("datePosted")),
        valid_through=_date(data.get("validThrough")),
        job_id=job_id,
        **_salary(data.get("baseSalary"), warnings),
        warnings=tuple(warnings),
    )


# --- a page ---------------------------------------------------------------------------------

_COMMENT = re.compile(r"^\s*(?://[^\n]*|<!--|-->)\s*$", re.MULTILINE)


def _json_ld(tree: Any) -> tuple[list[Any], list[str]]:
    """The JSON-LD blocks of a page, parsed, and a problem for each that is not JSON."""
    blocks: list[Any] = []
    problems: list[str] = []
    scripts = tree.xpath('//script[translate(@type, "LDJSON", "ldjson")="application/ld+json"]')
    for number, script in enumerate(scripts, start=1):
        text = _COMMENT.sub("", script.text_content() or "").strip()
        if not text:
            continue
        try:
            blocks.append(json.loads(text, strict=False))
        except (ValueError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deep"
            problems.append(f"its JSON-LD block {number} is not valid JSON ({reason})")
    return blocks, problems


def _meta(tree: Any) -> dict[str, str]:
    """OpenGraph, Twitter and description meta tags, and the canonical link."""
    found: dict[str, str] = {}
    for node in tree.xpath("//meta[@content]"):
        name = (node.get("property") or node.get("name") or "").strip().casefold()
        if name and name not in found and node.get("content", "").strip():
            found[name] = node.get("content").strip()
    for node in tree.xpath("//link[@href]"):
        if "canonical" in (node.get("rel") or "").casefold().split():
            found.setdefault("canonical", node.get("href").strip())
    return found


def _same(a: Captured, b: Captured) -> bool:
    def key(c: Captured) -> tuple[str, str]:
        return ((c.title or "").casefold(), (c.company or "").casefold())

    return key(a) == key(b)


_META_CHARSET = re.compile(rb"<meta[^>]+charset", re.IGNORECASE)


def page_encoding(data: bytes, charset: str | None) -> str | None:
    """How a page's bytes are decoded: the HTTP header's charset; else the page's own
    ``<meta charset>`` (None: lxml reads it); else UTF-8."""
    if charset:
        import codecs

        try:
            return codecs.lookup(charset).name
        except LookupError:
            pass
    return None if _META_CHARSET.search(data[:4096]) else "utf-8"


def read_page(
    data: bytes, name: str, base_url: str | None = None, charset: str | None = None
) -> Captured:
    """The posting in an HTML page (`name` is what messages call it). Raises InvalidInput
    for a page with no posting, several, or a broken JSON-LD block and nothing else."""
    from extruct.utils import parse_html  # type: ignore[import-untyped]
    from extruct.w3cmicrodata import MicrodataExtractor  # type: ignore[import-untyped]

    try:
        tree = parse_html(data, encoding=page_encoding(data, charset))
    except Exception as exc:  # lxml's errors for a document it cannot parse at all
        raise InvalidInput(f"{name}: not an HTML page ({type(exc).__name__})") from None
    if tree is None:
        raise InvalidInput(f"{name}: an empty page: no job posting in it")
    meta = _meta(tree)
    base = absolute(meta.get("canonical"), base_url) or base_url
    blocks, problems = _json_ld(tree)
    found = [read_job_posting(p, "JSON-LD", base) for b in blocks for p in _postings(b)]
    if not found:
        items = MicrodataExtractor().extract_items(tree, base_url)
        found = [
            read_job_posting(_from_microdata(item), "microdata", base)
            for item in items
            if "JobPosting" in _types(item)
        ]
    postings: list[Captured] = []
    for posting in found:
        if not any(_same(posting, other) for other in postings):
            postings.append(posting)
    if len(postings) > 1:
        named = "; ".join(f"{p.title or '?'} at {p.company or '?'}" for p in postings[:5])
        raise InvalidInput(
            f"{name} holds {len(postings)} job postings ({named}): give the address of one"
        )
    canonical = absolute(meta.get("canonical"), base_url) or absolute(meta.get("og:url"), base_url)
    if postings:
        posting = postings[0]
        warnings = [*posting.warnings, *(f"{name}: {p}, read the rest" for p in problems)]
        return _with(posting, canonical=canonical or posting.canonical_url, warnings=warnings)
    if problems:
        raise InvalidInput(f"{name}: {problems[0]}, and no job posting could be read")
    title = meta.get("og:title") or meta.get("twitter:title")
    if not title:
        raise InvalidInput(
            f"{name}: no job posting in it (no schema.org JobPosting, no OpenGraph title)"
        )
    description = clean_text(
        meta.get("og:description") or meta.get("twitter:description") or meta.get("description")
    )
    return Captured(
        source="OpenGraph",
        company=_line(meta.get("og:site_name")),
        title=_line(title),
        description=description,
        skill_text=description or "",
        canonical_url=canonical,
        warnings=(
            f"{name} has no schema.org JobPosting: read its OpenGraph title and description "
            "only; check the fields (career app edit ID)",
        ),
    )


def _with(posting: Captured, *, canonical: str | None, warnings: list[str]) -> Captured:
    from dataclasses import replace

    return replace(posting, canonical_url=canonical, warnings=tuple(warnings))


# --- JSON: a saved file, or an ATS's API ----------------------------------------------------


def load_json(data: bytes, name: str) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{name}: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{name}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except (RecursionError, ValueError):
        raise InvalidInput(f"{name}: not valid JSON") from None


def _board_name(board: str) -> str:
    return " ".join(part.capitalize() for part in re.split(r"[-_.]+", board) if part) or board


def _greenhouse(job: Mapping[str, Any], board: str | None) -> Captured:
    warnings: list[str] = []
    pay = job.get("pay_input_ranges") or []
    salary: dict[str, Any] = {}
    if isinstance(pay, list) and pay and isinstance(pay[0], dict):
        low = _number(pay[0].get("min_cents"))
        high = _number(pay[0].get("max_cents"))
        salary = {
            "salary_min": None if low is None else low / 100,
            "salary_max": None if high is None else high / 100,
            "salary_currency": _line(pay[0].get("currency_type")),
        }
    description = clean_text(job.get("content"))
    location = job.get("location")
    return Captured(
        source="Greenhouse",
        company=_line(job.get("company_name")) or (_board_name(board) if board else None),
        title=_line(job.get("title")),
        location=_name(location) if isinstance(location, dict) else _line(location),
        description=description,
        skill_text=description or "",
        canonical_url=absolute(_line(job.get("absolute_url")), None),
        posted=_date(job.get("first_published") or job.get("updated_at")),
        job_id=str(job.get("id")) if job.get("id") is not None else None,
        warnings=tuple(warnings),
        **salary,
    )


_LEVER_INTERVAL = {"hour": "hour", "day": "day", "week": "week", "month": "month", "year": "year"}


def _lever(job: Mapping[str, Any], board: str | None) -> Captured:
    warnings: list[str] = []
    categories = job.get("categories") if isinstance(job.get("categories"), dict) else {}
    assert isinstance(categories, dict)
    lists = job.get("lists") if isinstance(job.get("lists"), list) else []
    assert isinstance(lists, list)
    parts = [clean_text(job.get("descriptionPlain") or job.get("description")) or ""]
    for item in lists:
        if isinstance(item, dict):
            heading = _line(item.get("text")) or ""
            body = clean_text(item.get("content")) or ""
            parts.append(f"{heading}\n{body}".strip())
    parts.append(clean_text(job.get("additionalPlain") or job.get("additional")) or "")
    description = "\n\n".join(p for p in parts if p) or None
    salary: dict[str, Any] = {}
    pay = job.get("salaryRange")
    if isinstance(pay, dict):
        interval = str(pay.get("interval") or "")
        period = next((v for k, v in _LEVER_INTERVAL.items() if k in interval), None)
        salary = {
            "salary_min": _number(pay.get("min")),
            "salary_max": _number(pay.get("max")),
            "salary_currency": _line(pay.get("currency")),
            "salary_period": period,
        }
    workplace = _line(job.get("workplaceType"))
    company = _board_company("Lever", board, warnings)
    return Captured(
        source="Lever",
        company=company,
        title=_line(job.get("text")),
        location=_line(categories.get("location")),
        description=description,
        skill_text=description or "",
        employment_type=_choice(
            categories.get("commitment"), EMPLOYMENT_TYPES, "employment type", warnings
        ),
        workplace=choice_word(workplace, WORKPLACES) if workplace else None,
        canonical_url=absolute(_line(job.get("hostedUrl")), None),
        posted=_date(job.get("createdAt")),
        job_id=_line(job.get("id")),
        warnings=tuple(warnings),
        **salary,
    )


def _board_company(source: str, board: str | None, warnings: list[str]) -> str | None:
    """The company named by its job board (Lever and Ashby do not give its name), with a
    warning saying so."""
    company = _board_name(board) if board else None
    if company:
        warnings.append(
            f"{source} does not give the company's name: recorded as {company!r} "
            "(give ORGANIZATION, or career app edit ID --org NAME)"
        )
    return company


def _ashby(job: Mapping[str, Any], board: str | None) -> Captured:
    warnings: list[str] = []
    salary: dict[str, Any] = {}
    compensation = job.get("compensation")
    if isinstance(compensation, dict):
        for part in compensation.get("summaryComponents") or []:
            if isinstance(part, dict) and part.get("compensationType") == "Salary":
                interval = str(part.get("interval") or "").casefold()
                salary = {
                    "salary_min": _number(part.get("minValue")),
                    "salary_max": _number(part.get("maxValue")),
                    "salary_currency": _line(part.get("currencyCode")),
                    "salary_period": next((p for p in SALARY_PERIODS if p in interval), None),
                }
                break
    description = clean_text(job.get("descriptionHtml") or job.get("descriptionPlain"))
    workplace = _line(job.get("workplaceType"))
    if workplace is None and job.get("isRemote") is True:
        workplace = "remote"
    company = _board_company("Ashby", board, warnings)
    return Captured(
        source="Ashby",
        company=company,
        title=_line(job.get("title")),
        location=_line(job.get("location")),
        description=description,
        skill_text=description or "",
        employment_type=_choice(
            job.get("employmentType"), EMPLOYMENT_TYPES, "employment type", warnings
        ),
        workplace=choice_word(workplace, WORKPLACES) if workplace else None,
        canonical_url=absolute(_line(job.get("jobUrl")), None),
        posted=_date(job.get("publishedAt")),
        job_id=_line(job.get("id")),
        warnings=tuple(warnings),
        **salary,
    )


def read_ats(ats: str, board: str, job_id: str, document: Any, name: str) -> Captured:
    """A posting from an ATS's API answer (Ashby's is the whole board: the job is found by
    its id)."""
    if ats == "ashby":
        jobs = document.get("jobs") if isinstance(document, dict) else None
        if not isinstance(jobs, list):
            raise InvalidInput(f"{name}: not an Ashby job board (no jobs list)")
        job = next(
            (j for j in jobs if isinstance(j, dict) and str(j.get("id", "")).lower() == job_id),
            None,
        )
        if job is None:
            raise InvalidInput(f"{name}: the board has no job {job_id} (closed, or mistyped)")
        return _ashby(job, board)
    if not isinstance(document, dict):
        raise InvalidInput(f"{name}: not a {ats.capitalize()} posting")
    return _greenhouse(document, board) if ats == "greenhouse" else _lever(document, board)


def read_json(document: Any, name: str) -> Captured | None:
    """A saved JSON file: schema.org JSON-LD, or a Greenhouse, Lever or Ashby posting. None
    when it is none of these (the caller tries the JSON Resume job schema)."""
    postings = list(_postings(document))
    if len(postings) > 1:
        raise InvalidInput(f"{name} holds {len(postings)} job postings: save one")
    if postings:
        return read_job_posting(postings[0], "JSON-LD", None)
    if not isinstance(document, dict):
        return None
    if "absolute_url" in document and "title" in document:
        return _greenhouse(document, None)
    if "hostedUrl" in document and "text" in document:
        return _lever(document, None)
    if "jobUrl" in document and "title" in document:
        return _ashby(document, None)
    return None
