"""A job posting in the JSON Resume job schema, read into what an application needs.

Pure: `read_job` takes the file's bytes and its name (for messages) and touches nothing else.

Decisions:

- The file is UTF-8 (a BOM is allowed) JSON, validated with the `jsonschema` library against
  the JSON Resume job schema shipped in ``data/jsonresume-job.schema.json`` (draft-04,
  unchanged). A file that is not UTF-8, not JSON or not valid is refused with one line naming
  the file and, for the schema, the field and the schema's own message (the most relevant
  error, `jsonschema.exceptions.best_match`).
- The schema requires no field, but an application needs an organization: a posting without a
  non-blank ``company`` is refused. ``title`` (the role), ``meta.canonical`` (the url) and
  ``description`` are optional; blank ones read as absent.
- Skills are ``skills[].name`` and then that entry's ``keywords``, entry by entry, in the file's
  order, with spacing tidied and duplicates dropped case-insensitively (the first spelling
  stays). Matching them to the taxonomy is the caller's job.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from dataclasses import dataclass
from typing import Any, Final

from career.errors import InvalidInput

__all__ = ["JobPosting", "read_job"]

SCHEMA_FILE: Final = "jsonresume-job.schema.json"
_MESSAGE_LIMIT: Final = 200


@dataclass(frozen=True)
class JobPosting:
    """What an application takes from a posting."""

    company: str
    title: str | None
    url: str | None
    description: str | None
    skills: tuple[str, ...]


@functools.cache
def job_schema() -> dict[str, Any]:
    """The shipped JSON Resume job schema."""
    text = (
        importlib.resources.files("career.exports").joinpath("data", SCHEMA_FILE).read_text("utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


def read_job(data: bytes, name: str) -> JobPosting:
    """The posting in `data` (the bytes of the file called `name`), validated."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(f"{name}: not UTF-8 text (byte {error.start})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"{name}: not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise InvalidInput(f"{name}: not a job posting: nested too deep") from None
    except ValueError:  # an integer of more digits than Python converts (4,300)
        raise InvalidInput(f"{name}: not valid JSON: a number has too many digits") from None
    _check_shape(document, name)
    _validate(document, name)
    company = _text(document.get("company"))
    if company is None:
        raise InvalidInput(
            f"{name}: the posting has no company (an application needs an organization)"
        )
    meta = document.get("meta") or {}
    return JobPosting(
        company=company,
        title=_text(document.get("title")),
        url=_text(meta.get("canonical")),
        description=_description(document.get("description")),
        skills=_skills(document.get("skills") or []),
    )


MAX_DEPTH: Final = 32
"""The deepest nesting a posting may have (the schema's own is four)."""


def _check_shape(document: Any, name: str) -> None:
    """Refuse what no posting holds and the schema check cannot take: nesting deeper than
    MAX_DEPTH, and text that is not Unicode (a lone surrogate, from a \\ud800 escape)."""
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            texts = [value]
            members: list[Any] = []
        elif isinstance(value, dict):
            texts = list(value)
            members = list(value.values())
        elif isinstance(value, list):
            texts, members = [], value
        else:
            continue
        for text in texts:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise InvalidInput(
                    f"{name}: not a valid job posting: a text holds a lone surrogate "
                    "(an escape such as \\ud800 that is no character)"
                ) from None
        if members and depth >= MAX_DEPTH:
            raise InvalidInput(
                f"{name}: not a valid job posting: nested deeper than {MAX_DEPTH} levels"
            )
        stack.extend((member, depth + 1) for member in members)


def _validate(document: Any, name: str) -> None:
    import jsonschema  # type: ignore[import-untyped]  # no stubs shipped; 0.17 s to import

    schema = job_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is None:
        return
    where = "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path
    ).lstrip(".")
    message = " ".join(str(error.message).split())
    if len(message) > _MESSAGE_LIMIT:
        message = message[: _MESSAGE_LIMIT - 1] + "…"
    field = f"field {where}" if where else "the document"
    raise InvalidInput(f"{name}: not a valid job posting: {field}: {message}")


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    tidy = " ".join(value.split())
    return tidy or None


def _description(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()


def _skills(entries: list[dict[str, Any]]) -> tuple[str, ...]:
    seen: set[str] = set()
    names: list[str] = []
    for entry in entries:
        for raw in [entry.get("name"), *(entry.get("keywords") or [])]:
            skill = _text(raw)
            if skill is not None and skill.casefold() not in seen:
                seen.add(skill.casefold())
                names.append(skill)
    return tuple(names)
