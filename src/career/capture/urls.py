"""Posting URLs: which applicant-tracking system (ATS) a URL belongs to, its public API, and
the key that makes two captures of one posting the same. Pure: no network.

Recognised (the public job-board APIs, no key needed):

- **Greenhouse**: ``boards.greenhouse.io/BOARD/jobs/ID``, ``job-boards.greenhouse.io/...``
  (also ``.eu.``), ``boards.greenhouse.io/embed/job_app?for=BOARD&token=ID``. API:
  ``boards-api.greenhouse.io/v1/boards/BOARD/jobs/ID?pay_transparency=true``.
- **Lever**: ``jobs.lever.co/COMPANY/UUID`` (``/apply`` too; ``jobs.eu.lever.co``). API:
  ``api.lever.co/v0/postings/COMPANY/UUID`` (``api.eu.lever.co``).
- **Ashby**: ``jobs.ashbyhq.com/ORG/UUID`` (``/application`` too). API: the board,
  ``api.ashbyhq.com/posting-api/job-board/ORG?includeCompensation=true``, searched for UUID.

`CAREER_ATS_API` (tests, a mirror) replaces the scheme and host of every API URL, so that no
request leaves the machine under test.

**The posting key** (`posting_key`): ``ats:board:id`` when either URL is an ATS posting, else
the canonical URL, else the posting URL, normalised (scheme and host in lower case, no
``www.``, no fragment, no trailing ``/``, no ``utm_*``/``gh_src``/``ref``/``source``
tracking parameters, the other parameters sorted). Two captures with one key are one posting.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

ATS_API_ENV = "CAREER_ATS_API"

_GREENHOUSE_HOSTS = re.compile(r"(?:job-)?boards(?:\.eu)?\.greenhouse\.io")
_LEVER_HOSTS = re.compile(r"jobs(\.eu)?\.lever\.co")
_ASHBY_HOSTS = re.compile(r"jobs\.ashbyhq\.com")
_SLUG = r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}"
_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_TRACKING = re.compile(r"utm_.*|gh_src|ref|source|src|lever-source|lever-origin")


@dataclass(frozen=True)
class AtsJob:
    """A posting of an applicant-tracking system, named by its URL."""

    ats: str  # greenhouse, lever, ashby
    board: str  # the company's board name at that ATS
    job_id: str
    region: str = ""  # Lever's "eu" board

    @property
    def key(self) -> str:
        return f"{self.ats}:{self.board.casefold()}:{self.job_id.casefold()}"

    def api_url(self) -> str:
        """The public API that returns this posting (or, for Ashby, its board) as JSON."""
        if self.ats == "greenhouse":
            url = (
                f"https://boards-api.greenhouse.io/v1/boards/{self.board}/jobs/{self.job_id}"
                "?pay_transparency=true"
            )
        elif self.ats == "lever":
            host = "api.eu.lever.co" if self.region == "eu" else "api.lever.co"
            url = f"https://{host}/v0/postings/{self.board}/{self.job_id}"
        else:
            url = (
                f"https://api.ashbyhq.com/posting-api/job-board/{self.board}"
                "?includeCompensation=true"
            )
        return _api_base(url)


def _api_base(url: str) -> str:
    base = os.environ.get(ATS_API_ENV)
    if not base:
        return url
    parts = urlsplit(url)
    return (
        base.rstrip("/")
        + "/"
        + parts.netloc
        + parts.path
        + (f"?{parts.query}" if parts.query else "")
    )


def ats_job(url: str | None) -> AtsJob | None:
    """The ATS posting `url` names, or None."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").casefold()
    segments = [s for s in parts.path.split("/") if s]
    if _GREENHOUSE_HOSTS.fullmatch(host):
        if segments[:2] == ["embed", "job_app"]:
            query = dict(parse_qsl(parts.query))
            board, token = query.get("for", ""), query.get("token", "")
            if re.fullmatch(_SLUG, board) and token.isdigit():
                return AtsJob("greenhouse", board, token)
            return None
        if (
            len(segments) >= 3
            and segments[1] == "jobs"
            and segments[2].isdigit()
            and re.fullmatch(_SLUG, segments[0])
        ):
            return AtsJob("greenhouse", segments[0], segments[2])
        return None
    lever = _LEVER_HOSTS.fullmatch(host)
    posting = (
        len(segments) >= 2
        and re.fullmatch(_SLUG, segments[0]) is not None
        and re.fullmatch(_UUID, segments[1]) is not None
    )
    if lever:
        if posting:
            return AtsJob("lever", segments[0], segments[1].lower(), "eu" if lever[1] else "")
        return None
    if _ASHBY_HOSTS.fullmatch(host) and posting:
        return AtsJob("ashby", segments[0], segments[1].lower())
    return None


def normal_url(url: str) -> str:
    """`url` as compared (see the module docstring)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").casefold().removeprefix("www.")
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80)
        or (parts.scheme == "https" and parts.port == 443)
    ):
        host += f":{parts.port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING.fullmatch(k)
    )
    scheme = "https" if parts.scheme in ("http", "https") else parts.scheme.casefold()
    return urlunsplit((scheme, host, parts.path.rstrip("/"), urlencode(query), ""))


def posting_key(posting_url: str | None, canonical_url: str | None) -> str | None:
    """The key of a posting (see the module docstring); None without a URL."""
    for url in (canonical_url, posting_url):
        job = ats_job(url)
        if job is not None:
            return job.key
    for url in (canonical_url, posting_url):
        if url and url.strip():
            return normal_url(url)[:300]
    return None
