"""The pure side of capturing a posting: ATS URLs, posting keys, reading pages and values."""

from __future__ import annotations

import pytest

from career.capture.posting import clean_text, read_json, read_page
from career.capture.urls import AtsJob, ats_job, normal_url, posting_key
from career.errors import InvalidInput
from career.pipeline.vocab import EMPLOYMENT_TYPES, WORKPLACES, checked_salary, choice_word

LEVER = "0b5a1c2e-1111-2222-3333-444455556666"


GH = "https://boards.greenhouse.io"


@pytest.mark.parametrize(
    ("url", "job"),
    [
        ("https://boards.greenhouse.io/acme/jobs/123", AtsJob("greenhouse", "acme", "123")),
        (f"{GH}/acme/jobs/123?gh_src=x".replace("boards", "job-boards"),
         AtsJob("greenhouse", "acme", "123")),
        ("https://job-boards.eu.greenhouse.io/acme/jobs/9", AtsJob("greenhouse", "acme", "9")),
        (f"{GH}/embed/job_app?for=acme&token=77", AtsJob("greenhouse", "acme", "77")),
        (f"https://jobs.lever.co/initech/{LEVER}", AtsJob("lever", "initech", LEVER)),
        (f"https://jobs.lever.co/initech/{LEVER.upper()}/apply", AtsJob("lever", "initech", LEVER)),
        (f"https://jobs.eu.lever.co/initech/{LEVER}", AtsJob("lever", "initech", LEVER, "eu")),
        (f"https://jobs.ashbyhq.com/umbrella/{LEVER}/application",
         AtsJob("ashby", "umbrella", LEVER)),
        ("https://boards.greenhouse.io/acme", None),
        ("https://boards.greenhouse.io/acme/jobs/abc", None),
        ("https://jobs.lever.co/initech", None),
        ("https://jobs.lever.co/initech/not-a-uuid", None),
        ("https://greenhouse.io.evil.example/acme/jobs/1", None),
        ("ftp://boards.greenhouse.io/acme/jobs/1", None),
        ("https://acme.example/careers?gh_jid=123", None),
        ("not a url", None),
    ],
)  # fmt: skip
def test_ats_urls(url: str, job: AtsJob | None) -> None:
    assert ats_job(url) == job


def test_api_urls_and_their_override(monkeypatch: pytest.MonkeyPatch) -> None:
    job = AtsJob("greenhouse", "acme", "123")
    assert job.api_url() == (
        "https://boards-api.greenhouse.io/v1/boards/acme/jobs/123?pay_transparency=true"
    )
    assert (
        AtsJob("lever", "x", LEVER, "eu").api_url()
        == f"https://api.eu.lever.co/v0/postings/x/{LEVER}"
    )
    monkeypatch.setenv("CAREER_ATS_API", "http://127.0.0.1:8000/")
    assert AtsJob("ashby", "u", LEVER).api_url() == (
        "http://127.0.0.1:8000/api.ashbyhq.com/posting-api/job-board/u?includeCompensation=true"
    )


def test_posting_keys() -> None:
    embed = "https://boards.greenhouse.io/embed/job_app?for=Acme&token=123"
    assert posting_key(embed, None) == posting_key(
        "https://boards.greenhouse.io/acme/jobs/123", None
    )
    assert posting_key(None, "https://acme.example/careers/7") == "https://acme.example/careers/7"
    assert posting_key("https://x.example/a", "https://acme.example/7") == "https://acme.example/7"
    assert posting_key(None, None) is None
    assert normal_url("HTTP://WWW.Acme.example:80/jobs/7/?utm_source=li&b=2&a=1#apply") == (
        "https://acme.example/jobs/7?a=1&b=2"
    )


def test_words_of_pages_and_people() -> None:
    assert choice_word("FULL_TIME", EMPLOYMENT_TYPES) == "full-time"
    assert choice_word("Intern", EMPLOYMENT_TYPES) == "internship"
    assert choice_word("OnSite", WORKPLACES) == "on-site"
    assert choice_word("gig", EMPLOYMENT_TYPES) is None
    assert checked_salary("120k") == 120000
    assert checked_salary("1,234.5") == 1234.5
    assert checked_salary(" ") is None
    for bad in ("-5", "1e400", "nan", "12..5"):
        with pytest.raises(InvalidInput):
            checked_salary(bad)


def test_clean_text_of_escaped_html() -> None:
    assert clean_text(
        "&lt;p&gt;Hi &amp;lt;3&lt;/p&gt;&lt;ul&gt;&lt;li&gt;A&lt;/li&gt;&lt;/ul&gt;"
    ) == ("Hi <3\n\nA")
    assert clean_text("<script>alert(1)</script><p>Only this</p>") == "Only this"
    assert clean_text("plain  text &amp; more") == "plain text & more"


def test_a_page_with_a_job_posting_in_a_list_with_a_broken_block_beside_it() -> None:
    page = (
        b'<html><head><script type="application/ld+json">{broken</script>'
        b'<script type="application/ld+json">[{"@type": "WebSite"}, {"@type": "JobPosting", '
        b'"title": "RE", "hiringOrganization": "Acme", "jobLocationType": "TELECOMMUTE", '
        b'"baseSalary": {"currency": "usd", "value": 95}}]</script></head></html>'
    )
    captured = read_page(page, "p.html", "https://acme.example/jobs/1")
    assert (captured.title, captured.company, captured.workplace) == ("RE", "Acme", "remote")
    assert (captured.salary_min, captured.salary_max, captured.salary_currency) == (95, 95, "USD")
    assert captured.warnings == (
        "p.html: its JSON-LD block 1 is not valid JSON (Expecting "
        "property name enclosed in double quotes), read the rest",
    )


def test_json_ld_and_microdata_of_one_posting_are_one() -> None:
    json_ld = b'<script type="application/ld+json">{"@type": "JobPosting", "title": "RE"}</script>'
    assert read_page(json_ld + json_ld, "p").title == "RE"
    with pytest.raises(InvalidInput, match="holds 2 job postings"):
        read_json(
            [{"@type": "JobPosting", "title": "A"}, {"@type": "JobPosting", "title": "B"}], "x"
        )


def test_a_page_in_its_own_encoding() -> None:
    posting = '{"@type": "JobPosting", "title": "Ingénieur", "hiringOrganization": "Société"}'
    body = f'<script type="application/ld+json">{posting}</script>'
    latin = (f'<html><head><meta charset="iso-8859-1">{body}</head></html>').encode("latin-1")
    assert read_page(latin, "p").title == "Ingénieur"
    assert read_page(body.encode("latin-1"), "p", charset="ISO-8859-1").company == "Société"
    assert read_page(body.encode("utf-8"), "p").title == "Ingénieur"
