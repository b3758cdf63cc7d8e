"""Where a posting comes from (`--from URL|FILE|-`): an ATS's API for its posting URLs, a
page fetched over HTTP, a saved HTML or JSON file, or standard input.

A saved or piped document is HTML unless it starts with ``{`` or ``[`` (JSON): schema.org
JSON-LD, a Greenhouse, Lever or Ashby posting, or a JSON Resume job (`career app import-job`'s
format, career.exports.job).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from career.capture.posting import Captured, load_json, read_ats, read_json, read_page
from career.capture.urls import ats_job
from career.errors import InvalidInput


@dataclass(frozen=True)
class Found:
    captured: Captured
    posting_url: str | None  # the address given (None for a file or stdin)


def is_url(text: str) -> bool:
    return "://" in text


def from_document(data: bytes, name: str, base_url: str | None = None) -> Captured:
    """A saved or fetched document: JSON or HTML (see the module docstring)."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if not head:
        raise InvalidInput(f"{name} is empty: no job posting in it")
    if head in (b"{", b"["):
        document = load_json(data, name)
        captured = read_json(document, name)
        if captured is not None:
            return captured
        from career.exports.job import read_job

        job = read_job(data, name)
        return Captured(
            source="JSON Resume",
            company=job.company,
            title=job.title,
            description=job.description,
            skill_names=job.skills,
            # The schema lists the skills: the description is not searched for more.
            skill_text="" if job.skills else (job.description or ""),
            canonical_url=job.url,
        )
    return read_page(data, name, base_url)


HTML_TYPES = ("text/html", "application/xhtml+xml")
JSON_TYPES = ("application/json", "application/ld+json")


def capture(source: str, *, allow_local: bool = False, stdin: bytes | None = None) -> Found:
    """The posting `source` names: "-" (then `stdin` holds the bytes), a URL or a file."""
    if source == "-":
        return Found(from_document(stdin or b"", "standard input"), None)
    if not is_url(source):
        from career.capture.fetch import MAX_BYTES
        from career.files import read_user_file

        path = Path(source)
        data = read_user_file(path, "a saved posting (HTML or JSON)", limit=MAX_BYTES)
        return Found(from_document(data, path.name), None)

    from career.capture.fetch import FetchFailed, check_url, fetch

    check_url(source)
    job = ats_job(source)
    if job is not None:
        fetched = fetch(job.api_url(), allow_local=allow_local, accept="application/json")
        document = load_json(fetched.body, f"the {job.ats.capitalize()} API")
        captured = read_ats(job.ats, job.board, job.job_id, document, source)
        return Found(replace(captured, canonical_url=captured.canonical_url or source), source)
    fetched = fetch(source, allow_local=allow_local)
    kind = fetched.content_type
    if kind in JSON_TYPES:
        return Found(from_document(fetched.body, fetched.url), source)
    if kind and kind not in HTML_TYPES:
        raise FetchFailed(f"{fetched.url} is not a web page ({kind}): no job posting in it")
    return Found(read_page(fetched.body, fetched.url, fetched.url, fetched.charset), source)
