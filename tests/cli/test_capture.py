"""`career add-application --from URL|FILE|-` and `career app import-job` with a posting: pages
written for these tests in the shapes real sites use, served by a local HTTP server on
127.0.0.1 that the tests start (no request leaves the machine: the ATS APIs are pointed at it
with CAREER_ATS_API), saved files and standard input; every error is one line and changes
nothing."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from tests.conftest import CLI, added_id, assert_refused, snapshot

DESCRIPTION_HTML = (
    "<p>You will <b>fine-tune LLMs</b> with PyTorch and RLHF.</p>"
    "<ul><li>Python and SQL</li><li>Kubernetes</li></ul>"
)
JSON_LD_POSTING = {
    "@context": "https://schema.org/",
    "@type": "JobPosting",
    "title": "Research Engineer, Evaluations",
    "description": DESCRIPTION_HTML,
    "datePosted": "2024-04-01T08:00:00Z",
    "validThrough": "2024-05-31T23:59",
    "employmentType": ["FULL_TIME"],
    "hiringOrganization": {"@type": "Organization", "name": "Northwind AI"},
    "jobLocation": {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "London",
            "addressCountry": "GB",
        },
    },
    "baseSalary": {
        "@type": "MonetaryAmount",
        "currency": "GBP",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 90000,
            "maxValue": "120000",
            "unitText": "YEAR",
        },
    },
    "skills": "DPO",
}


def page(head: str = "", body: str = "") -> bytes:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    ).encode()


def json_ld(data: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


CANONICAL = '<link rel="canonical" href="/jobs/42">'
MICRODATA = """
<div itemscope itemtype="https://schema.org/JobPosting">
  <h1 itemprop="title">Data Engineer</h1>
  <div itemprop="hiringOrganization" itemscope itemtype="https://schema.org/Organization">
    <span itemprop="name">Contoso Labs</span></div>
  <meta itemprop="datePosted" content="2024-04-10">
  <meta itemprop="employmentType" content="PART_TIME">
  <meta itemprop="jobLocationType" content="TELECOMMUTE">
  <div itemprop="description"><p>Build pipelines in <b>Python</b> and SQL.</p></div>
</div>"""
GREENHOUSE_JOB = {
    "id": 4012345,
    "title": "ML Engineer",
    "company_name": "Acme Robotics",
    "absolute_url": "https://boards.greenhouse.io/acme/jobs/4012345",
    "location": {"name": "Berlin"},
    "content": "&lt;p&gt;Train models with &lt;strong&gt;JAX&lt;/strong&gt;.&lt;/p&gt;",
    "first_published": "2024-04-02T10:00:00-04:00",
    "pay_input_ranges": [
        {"min_cents": 8000000, "max_cents": 9500000, "currency_type": "EUR", "title": "Base"}
    ],
}
LEVER_ID = "0b5a1c2e-1111-2222-3333-444455556666"
LEVER_JOB = {
    "id": LEVER_ID,
    "text": "Infrastructure Engineer",
    "hostedUrl": f"https://jobs.lever.co/initech/{LEVER_ID}",
    "categories": {"commitment": "Contract", "location": "Remote, EU"},
    "workplaceType": "remote",
    "createdAt": 1712300000000,
    "descriptionPlain": "Run Kubernetes clusters.",
    "lists": [{"text": "Requirements", "content": "<li>Terraform</li><li>Go</li>"}],
    "salaryRange": {"min": 70, "max": 90, "currency": "USD", "interval": "per-hour-wage"},
}
ASHBY_ID = "3f1c2d4e-aaaa-bbbb-cccc-123456789abc"
ASHBY_BOARD = {
    "apiVersion": "1",
    "jobs": [
        {"id": "00000000-0000-0000-0000-000000000000", "title": "Other"},
        {
            "id": ASHBY_ID,
            "title": "Alignment Researcher",
            "employmentType": "FullTime",
            "location": "San Francisco",
            "workplaceType": "Hybrid",
            "descriptionHtml": "<p>Work on RLHF and interpretability.</p>",
            "publishedAt": "2024-04-05T00:00:00.000+00:00",
            "jobUrl": f"https://jobs.ashbyhq.com/umbrella/{ASHBY_ID}",
            "compensation": {
                "summaryComponents": [
                    {
                        "compensationType": "Salary",
                        "interval": "1 YEAR",
                        "currencyCode": "USD",
                        "minValue": 200000,
                        "maxValue": 250000,
                    }
                ]
            },
        },
    ],
}

PAGES: dict[str, tuple[int, str, bytes]] = {
    "/jsonld": (200, "text/html; charset=utf-8", page(CANONICAL + json_ld(JSON_LD_POSTING))),
    "/graph": (
        200,
        "text/html",
        page(json_ld({"@context": "https://schema.org", "@graph": [JSON_LD_POSTING]})),
    ),
    "/microdata": (200, "text/html", page(body=MICRODATA)),
    "/og": (
        200,
        "text/html",
        page(
            '<meta property="og:title" content="Staff Engineer">'
            '<meta property="og:site_name" content="Globex">'
            '<meta property="og:url" content="https://globex.example/careers/7">'
            '<meta property="og:description" content="Lead our PyTorch platform.">'
        ),
    ),
    "/two": (
        200,
        "text/html",
        page(json_ld([JSON_LD_POSTING, {**JSON_LD_POSTING, "title": "Product Manager"}])),
    ),
    "/broken": (
        200,
        "text/html",
        page('<script type="application/ld+json">{"@type": "JobPosting", "title": }</script>'),
    ),
    "/nothing": (200, "text/html", page("<title>Careers</title>", "<p>No jobs today.</p>")),
    "/pdf": (200, "application/pdf", b"%PDF-1.4 not a page"),
    "/missing": (404, "text/html", b"gone"),
    "/error": (500, "text/html", b"oops"),
    "/boards-api.greenhouse.io/v1/boards/acme/jobs/4012345": (
        200,
        "application/json",
        json.dumps(GREENHOUSE_JOB).encode(),
    ),
    f"/api.lever.co/v0/postings/initech/{LEVER_ID}": (
        200,
        "application/json",
        json.dumps(LEVER_JOB).encode(),
    ),
    "/api.ashbyhq.com/posting-api/job-board/umbrella": (
        200,
        "application/json",
        json.dumps(ASHBY_BOARD).encode(),
    ),
}


class Handler(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str]]] = []

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.seen.append((path, self.headers.get("User-Agent", "")))
        if path == "/loop":
            self._answer(302, {"Location": "/loop"})
        elif path == "/to-private":
            port = self.server.server_address[1]
            self._answer(302, {"Location": f"http://127.0.0.2:{port}/jsonld"})
        elif path == "/hop":
            self._answer(301, {"Location": "/jsonld"})
        elif path == "/declared-huge":
            self._answer(200, {"Content-Type": "text/html", "Content-Length": str(50 * 2**20)})
        elif path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"<p>" + b"x" * (2**20) + b"</p>"
            try:
                for _ in range(8):
                    self.wfile.write(chunk)
            except OSError:
                pass  # the client hung up at its limit
        elif path in PAGES:
            status, kind, body = PAGES[path]
            self._answer(status, {"Content-Type": kind}, body)
        else:
            self._answer(404, {}, b"")

    def _answer(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def ats(server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The ATS APIs answered by the local server."""
    monkeypatch.setenv("CAREER_ATS_API", server)
    return server


def shown(cli: CLI, app_id: int) -> dict[str, Any]:
    result = cli("app", "show", str(app_id), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def gap_skills(cli: CLI, app_id: int) -> list[str]:
    result = cli("gaps", str(app_id), "--format", "json")
    assert result.exit_code == 0, result.stderr
    return [g["skill"] for g in json.loads(result.stdout)["gaps"]]


def deadlines_of(cli: CLI, app_id: int) -> list[tuple[str, str]]:
    result = cli("deadlines", "--all", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return [
        (d["kind"], d["due"])
        for d in json.loads(result.stdout)
        if d["belongs_to"] and d["belongs_to"]["id"] == app_id
    ]


def test_json_ld_posting_becomes_a_complete_application(cli: CLI, server: str) -> None:
    url = f"{server}/jsonld"
    result = cli("add-application", "--from", url, "--allow-local")
    app_id = added_id(result)
    assert "from its JSON-LD" in result.stderr
    data = shown(cli, app_id)
    assert {k: data[k] for k in (
        "organization", "role", "status", "location", "salary_min", "salary_max",
        "salary_currency", "salary_period", "employment_type", "workplace", "posting_url",
        "canonical_url", "posted", "url",
    )} == {
        "organization": "Northwind AI", "role": "Research Engineer, Evaluations",
        "status": "interested", "location": "London, GB", "salary_min": 90000,
        "salary_max": 120000, "salary_currency": "GBP", "salary_period": "year",
        "employment_type": "full-time", "workplace": None, "posting_url": url,
        "canonical_url": f"{server}/jobs/42", "posted": "2024-04-01",
        "url": f"{server}/jobs/42",
    }  # fmt: skip
    assert data["notes"] == (
        "You will fine-tune LLMs with PyTorch and RLHF.\n\nPython and SQL\nKubernetes"
    )
    assert deadlines_of(cli, app_id) == [("apply-by", "2024-05-31")]
    assert set(gap_skills(cli, app_id)) == {
        "DPO", "fine-tuning", "LLMs", "PyTorch", "RLHF", "Python", "SQL", "Kubernetes",
    }  # fmt: skip
    assert Handler.seen[-1][1].startswith("career/")  # a clear user agent


def test_command_line_fields_win_over_the_page(cli: CLI, server: str) -> None:
    app_id = added_id(
        cli(
            "add-application", "Northwind", "Evals RE", "--from", f"{server}/graph",
            "--allow-local", "--salary-min", "100k", "--workplace", "remote", "--status",
            "applied", "--deadline", "2024-05-01", "--note", "mine", "--location", "Remote",
        )
    )  # fmt: skip
    data = shown(cli, app_id)
    assert (data["organization"], data["role"], data["status"], data["applied"]) == (
        "Northwind", "Evals RE", "applied", "2024-04-20",
    )  # fmt: skip
    assert (data["salary_min"], data["salary_max"], data["workplace"]) == (100000, 120000, "remote")
    assert (data["notes"], data["location"]) == ("mine", "Remote")
    assert deadlines_of(cli, app_id) == [("apply-by", "2024-05-01")]


def test_microdata_posting(cli: CLI, server: str) -> None:
    app_id = added_id(cli("add-application", "--from", f"{server}/microdata", "--allow-local"))
    data = shown(cli, app_id)
    assert (data["organization"], data["role"], data["employment_type"], data["workplace"]) == (
        "Contoso Labs", "Data Engineer", "part-time", "remote",
    )  # fmt: skip
    assert data["posted"] == "2024-04-10"
    assert set(gap_skills(cli, app_id)) == {"Python", "SQL"}


def test_opengraph_only_page_is_read_with_a_warning(cli: CLI, server: str) -> None:
    result = cli("add-application", "--from", f"{server}/og", "--allow-local")
    app_id = added_id(result)
    assert "no schema.org JobPosting" in result.stderr
    data = shown(cli, app_id)
    assert (data["organization"], data["role"], data["canonical_url"], data["notes"]) == (
        "Globex", "Staff Engineer", "https://globex.example/careers/7",
        "Lead our PyTorch platform.",
    )  # fmt: skip
    assert gap_skills(cli, app_id) == ["PyTorch"]


@pytest.mark.parametrize(
    ("url", "ats_name", "expected"),
    [
        (
            "https://boards.greenhouse.io/acme/jobs/4012345",
            "Greenhouse",
            {"organization": "Acme Robotics", "role": "ML Engineer", "location": "Berlin",
             "salary_min": 80000, "salary_max": 95000, "salary_currency": "EUR",
             "posted": "2024-04-02", "canonical_url":
             "https://boards.greenhouse.io/acme/jobs/4012345"},
        ),
        (
            f"https://jobs.lever.co/initech/{LEVER_ID}/apply",
            "Lever",
            {"organization": "Initech", "role": "Infrastructure Engineer",
             "location": "Remote, EU", "salary_min": 70, "salary_max": 90,
             "salary_period": "hour", "employment_type": "contract", "workplace": "remote"},
        ),
        (
            f"https://jobs.ashbyhq.com/umbrella/{ASHBY_ID}",
            "Ashby",
            {"organization": "Umbrella", "role": "Alignment Researcher",
             "salary_min": 200000, "salary_period": "year", "employment_type": "full-time",
             "workplace": "hybrid", "posted": "2024-04-05"},
        ),
    ],
)  # fmt: skip
def test_ats_postings_come_from_their_api(
    cli: CLI, ats: str, url: str, ats_name: str, expected: dict[str, Any]
) -> None:
    result = cli("add-application", "--from", url, "--allow-local")
    app_id = added_id(result)
    assert f"from its {ats_name}" in result.stderr
    data = shown(cli, app_id)
    assert {k: data[k] for k in expected} == expected
    assert data["posting_url"] == url
    assert gap_skills(cli, app_id)  # JAX, Kubernetes, RLHF...


def test_saved_html_and_standard_input(cli: CLI, tmp_path: Path) -> None:
    saved = tmp_path / "posting.html"
    saved.write_bytes(PAGES["/jsonld"][2])
    first = added_id(cli("add-application", "--from", str(saved)))
    data = shown(cli, first)
    assert data["role"] == "Research Engineer, Evaluations"
    # A saved page's relative canonical link names no address: none is recorded.
    assert (data["canonical_url"], data["posting_url"], data["url"]) == (None, None, None)
    piped = cli("app", "import-job", "-", input=PAGES["/microdata"][2].decode())
    second = added_id(piped)
    assert shown(cli, second)["organization"] == "Contoso Labs"
    greenhouse = tmp_path / "job.json"
    greenhouse.write_text(json.dumps(GREENHOUSE_JOB))
    third = added_id(cli("app", "import-job", str(greenhouse)))
    assert shown(cli, third)["salary_currency"] == "EUR"


def test_dry_run_prints_and_records_nothing(cli: CLI, server: str, db_url: str) -> None:
    cli("add-application", "Seed", "x")  # the database exists
    before = snapshot(db_url)
    result = cli("add-application", "--from", f"{server}/jsonld", "--allow-local", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "would add Northwind AI — Research Engineer, Evaluations (interested)"
    )
    assert "  salary      90,000–120,000 GBP a year" in result.stdout
    assert "  apply by    2024-05-31" in result.stdout
    assert "PyTorch" in result.stdout
    assert snapshot(db_url) == before


def test_the_same_posting_twice_is_refused_unless_forced(
    cli: CLI, server: str, ats: str, db_url: str
) -> None:
    first = added_id(cli("add-application", "--from", f"{server}/jsonld", "--allow-local"))
    before = snapshot(db_url)
    # Another address that lands on the same page: its canonical URL is the same.
    assert_refused(
        cli("add-application", "--from", f"{server}/hop", "--allow-local"),
        4,
        f"this posting is recorded already: #{first} Northwind AI",
    )
    assert snapshot(db_url) == before
    gh = added_id(
        cli(
            "add-application", "--from", "https://boards.greenhouse.io/acme/jobs/4012345",
            "--allow-local",  # the API is the local server
        )
    )  # fmt: skip
    # The same Greenhouse job by its embed address: the ATS job id is the same.
    embed = "https://boards.greenhouse.io/embed/job_app?for=acme&token=4012345"
    before = snapshot(db_url)
    assert_refused(
        cli("add-application", "--from", embed, "--allow-local"), 4, f"recorded already: #{gh} "
    )
    assert snapshot(db_url) == before
    forced = cli("add-application", "--from", embed, "--allow-local", "--force")
    assert added_id(forced) > gh


ERRORS = [
    ("no posting", "/nothing", 2, "no job posting in it"),
    ("two postings", "/two", 2, "holds 2 job postings"),
    ("broken JSON-LD", "/broken", 2, "JSON-LD block 1 is not valid JSON"),
    ("not HTML", "/pdf", 7, "is not a web page (application/pdf)"),
    ("404", "/missing", 7, "the server answered 404"),
    ("500", "/error", 7, "the server answered 500"),
    ("redirect loop", "/loop", 7, "more than 5 redirects (a redirect loop)"),
    ("declared huge", "/declared-huge", 7, "too large (50.0 MiB, at most 5 MiB)"),
    ("huge", "/huge", 7, "larger than 5 MiB"),
]


@pytest.mark.parametrize(
    ("path", "code", "words"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_errors_are_one_line_and_change_nothing(
    cli: CLI, server: str, db_url: str, path: str, code: int, words: str
) -> None:
    cli("add-application", "Seed", "x")
    before = snapshot(db_url)
    assert_refused(cli("add-application", "--from", server + path, "--allow-local"), code, words)
    assert snapshot(db_url) == before


def test_local_and_private_addresses_are_refused_without_allow_local(
    cli: CLI, server: str, db_url: str
) -> None:
    cli("add-application", "Seed", "x")
    before = snapshot(db_url)
    requests = len(Handler.seen)
    for url in (f"{server}/jsonld", "http://localhost:9/", "http://10.1.2.3/job",
                "http://[::1]:9/", "http://169.254.169.254/latest/meta-data"):  # fmt: skip
        assert_refused(cli("add-application", "--from", url), 2, "local or private address")
    assert_refused(
        cli("add-application", "--from", "file:///etc/passwd"), 2, "file:// addresses are refused"
    )
    assert_refused(cli("add-application", "--from", "ftp://x.example/a"), 2, "only http")
    assert len(Handler.seen) == requests  # not one request reached the server
    assert snapshot(db_url) == before


def test_network_failures(
    cli: CLI, server: str, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add-application", "Seed", "x")
    before = snapshot(db_url)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    assert_refused(
        cli("add-application", "--from", f"http://127.0.0.1:{closed}/", "--allow-local"),
        7,
        "cannot fetch it",
    )

    def no_dns(*args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    assert_refused(
        cli("add-application", "--from", "https://jobs.nowhere.example/1"),
        7,
        "cannot find the host jobs.nowhere.example",
    )
    assert snapshot(db_url) == before


def test_timeout(cli: CLI, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from career.capture import fetch

    monkeypatch.setattr(fetch, "TIMEOUT", 0.3)
    silent = socket.socket()  # accepts connections (the backlog) and never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    try:
        port = silent.getsockname()[1]
        assert_refused(
            cli("add-application", "--from", f"http://127.0.0.1:{port}/", "--allow-local"),
            7,
            "no answer within 0.3 seconds",
        )
    finally:
        silent.close()


def test_bad_posting_fields_on_the_command_line(cli: CLI, db_url: str) -> None:
    cli("add-application", "Seed", "x")
    before = snapshot(db_url)
    for argv, words in [
        (["--salary-min", "200", "--salary-max", "100"], "above its maximum"),
        (["--salary-min", "lots"], "not a number"),
        (["--currency", "dollars"], "three-letter code"),
        (["--workplace", "moon"], "unknown workplace 'moon'"),
        (["--employment-type", "gig"], "unknown employment type"),
        (["--salary-period", "fortnight"], "unknown salary period"),
    ]:
        assert_refused(cli("add-application", "Acme", "y", *argv), 2, words)
    app_id = 1
    assert_refused(cli("app", "edit", str(app_id), "--salary-max", "-5"), 2, "not a number")
    assert cli("app", "edit", str(app_id), "--salary-max", "100").exit_code == 0
    assert_refused(cli("app", "edit", str(app_id), "--salary-min", "200"), 2, "above its maximum")
    assert snapshot(db_url) != before
    edited = cli("app", "edit", str(app_id), "--salary-max", "", "--workplace", "On site")
    assert edited.exit_code == 0, edited.stderr
    data = shown(cli, app_id)
    assert (data["salary_max"], data["workplace"]) == (None, "on-site")
    assert_refused(cli("add-application", "--dry-run", "Acme"), 2, "--dry-run goes with --from")
    assert_refused(cli("add-application"), 2, "give the ORGANIZATION")


def test_every_redirect_is_checked(
    cli: CLI, server: str, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A public page that redirects into the private network is refused at the hop: here
    127.0.0.1 stands for a public address and 127.0.0.2 for a private one."""
    from career.capture import fetch

    monkeypatch.setattr(fetch, "_allowed", lambda address: address == "127.0.0.1")
    cli("add-application", "Seed", "x")
    before = snapshot(db_url)
    requests = len(Handler.seen)
    assert_refused(
        cli("add-application", "--from", f"{server}/to-private"),
        2,
        "127.0.0.2 is a local or private address",
    )
    assert [path for path, _ in Handler.seen[requests:]] == ["/to-private"]
    assert snapshot(db_url) == before


def test_the_connected_address_is_checked_before_sending(server: str) -> None:
    """However the name resolved a moment before, the socket's own peer decides."""
    from career.capture.fetch import _checked_connect
    from career.errors import InvalidInput

    port = int(server.rsplit(":", 1)[1])
    requests = len(Handler.seen)
    with pytest.raises(InvalidInput, match="local or private address"):
        _checked_connect("jobs.example", allow_local=False)(("127.0.0.1", port), 1.0)
    assert len(Handler.seen) == requests
    _checked_connect("jobs.example", allow_local=True)(("127.0.0.1", port), 1.0).close()


def test_an_edit_to_the_url_of_another_recorded_posting_is_refused(cli: CLI, db_url: str) -> None:
    url = "https://boards.greenhouse.io/acme/jobs/1"
    first = added_id(cli("add-application", "Acme", "a", "--posting-url", url))
    second = added_id(cli("add-application", "Acme", "b"))
    before = snapshot(db_url)
    embed = "https://boards.greenhouse.io/embed/job_app?for=acme&token=1"
    assert_refused(
        cli("app", "edit", str(second), "--canonical-url", embed),
        4,
        f"that is the posting of #{first} Acme",
    )
    assert snapshot(db_url) == before
    assert cli("app", "edit", str(first), "--posting-url", url + "?utm_source=x").exit_code == 0
