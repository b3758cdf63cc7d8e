"""`career add-application`, `apps`, `app show|move|edit|rm` through the CLI, on both backends."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from tests.conftest import CLI, added_id
from tests.terminal import on_terminal


def test_add_prints_the_new_id_and_lists_it(cli: CLI) -> None:
    first = added_id(cli("add-application", "FAR.AI", "tech lead", "--applied", "2024-04-19"))
    second = added_id(
        cli("add-application", "SPAR", "--kind", "fellowship", "--status", "interested")
    )
    assert second == first + 1
    rows = json.loads(cli("apps", "--format", "json").stdout)
    assert [r["id"] for r in rows] == [second, first]  # pipeline order: interested before applied


def test_json_listing_is_the_contract(cli: CLI) -> None:
    app_id = added_id(
        cli(
            "add-application", "FAR.AI", "Tech Lead",
            "--applied", "2024-04-19", "--url", "https://far.ai/jobs", "--source", "board",
            "--location", "Remote", "--excitement", "5", "--tag", "AI-Safety", "--tag", "lead",
            "--note", "applied via the site", "--salary-min", "150k", "--salary-max",
            "180,000.50", "--currency", "usd", "--salary-period", "yearly",
            "--employment-type", "FULL_TIME", "--workplace", "hybrid",
            "--posting-url", "https://boards.greenhouse.io/farai/jobs/42?gh_src=x",
            "--canonical-url", "https://far.ai/jobs/42", "--posted", "2024-04-01",
        )
    )  # fmt: skip
    result = cli("apps", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [
        {
            "id": app_id,
            "organization": "FAR.AI",
            "role": "Tech Lead",
            "kind": "job",
            "status": "applied",
            "status_since": "2024-04-19",
            "days_in_status": 1,
            "applied": "2024-04-19",
            "excitement": 5,
            "tags": ["ai-safety", "lead"],
            "url": "https://far.ai/jobs",
            "source": "board",
            "location": "Remote",
            "notes": "applied via the site",
            "salary_min": 150000,
            "salary_max": 180000.5,
            "salary_currency": "USD",
            "salary_period": "year",
            "employment_type": "full-time",
            "workplace": "hybrid",
            "posting_url": "https://boards.greenhouse.io/farai/jobs/42?gh_src=x",
            "canonical_url": "https://far.ai/jobs/42",
            "posted": "2024-04-01",
        }
    ]


def test_move_builds_a_timeline_that_show_displays(cli: CLI) -> None:
    app_id = added_id(cli("add-application", "FAR.AI", "tech lead", "--applied", "2024-04-10"))
    assert cli("app", "move", str(app_id), "screening", "--on", "2024-04-15").exit_code == 0
    moved = cli("app", "move", str(app_id), "interviewing", "--note", "onsite booked")
    assert moved.exit_code == 0, moved.stderr

    shown = cli("app", "show", str(app_id), "--format", "json")
    data = json.loads(shown.stdout)
    assert data["status"] == "interviewing"
    assert data["status_since"] == "2024-04-20"
    assert data["timeline"] == [
        {"date": "2024-04-10", "from": None, "to": "applied", "note": None},
        {"date": "2024-04-15", "from": "applied", "to": "screening", "note": None},
        {"date": "2024-04-20", "from": "screening", "to": "interviewing", "note": "onsite booked"},
    ]
    assert data["created_at"] == "2024-04-20T09:00:00+00:00"

    text = cli("app", "show", str(app_id)).stdout
    assert "#1 FAR.AI — tech lead" in text
    assert "2024-04-15  applied -> screening" in text
    assert "2024-04-20  screening -> interviewing  (onsite booked)" in text


def test_interested_then_applied_records_the_applied_date(cli: CLI) -> None:
    app_id = added_id(cli("add-application", "SPAR", "--status", "interested"))
    assert json.loads(cli("app", "show", str(app_id), "-f", "json").stdout)["applied"] is None
    too_early = cli("app", "move", str(app_id), "applied", "--on", "yesterday")
    assert too_early.exit_code == 2
    assert "has been 'interested' since 2024-04-20" in too_early.stderr
    assert cli("app", "move", str(app_id), "applied").exit_code == 0
    assert json.loads(cli("app", "show", str(app_id), "-f", "json").stdout)["applied"] == (
        "2024-04-20"
    )


def test_duplicate_active_application_is_refused_unless_forced(cli: CLI) -> None:
    first = added_id(cli("add-application", "FAR.AI", "tech lead"))
    again = cli("add-application", "far ai", "Tech  Lead")
    assert again.exit_code == 4
    assert f"#{first} FAR.AI for 'tech lead' (applied)" in again.stderr
    assert "--force" in again.stderr
    assert len(json.loads(cli("apps", "-f", "json").stdout)) == 1

    forced = added_id(cli("add-application", "far ai", "Tech  Lead", "--force"))
    assert forced == first + 1
    # A closed application does not block a new one.
    cli("app", "move", str(first), "rejected")
    cli("app", "move", str(forced), "withdrawn")
    assert cli("add-application", "FAR.AI", "tech lead").exit_code == 0


def test_organization_names_match_across_case_and_punctuation(cli: CLI) -> None:
    cli("add-application", "80,000 Hours", "advising", "--status", "interested")
    cli("add-application", "80000hours", "job board role", "--status", "interested")
    rows = json.loads(cli("apps", "-f", "json").stdout)
    assert {r["organization"] for r in rows} == {"80,000 Hours"}
    assert len(json.loads(cli("apps", "--org", "80 000 HOURS", "-f", "json").stdout)) == 2


def test_near_duplicate_organization_warns_but_is_created(cli: CLI) -> None:
    cli("add-application", "Apart Research", "sprint")
    result = cli("add-application", "Apart Reseach", "sprint")
    assert result.exit_code == 0
    assert "looks like existing 'Apart Research'" in result.stderr
    orgs = {r["organization"] for r in json.loads(cli("apps", "-f", "json").stdout)}
    assert orgs == {"Apart Research", "Apart Reseach"}


def test_filters(cli: CLI) -> None:
    a = added_id(cli("add-application", "FAR.AI", "eng", "--tag", "remote"))
    b = added_id(cli("add-application", "SPAR", "--kind", "fellowship", "--status", "interested"))
    c = added_id(cli("add-application", "Redwood", "research", "--tag", "remote"))
    cli("app", "move", str(c), "rejected")

    def ids(*args: str) -> list[int]:
        result = cli("apps", "-f", "json", *args)
        assert result.exit_code == 0, result.stderr
        return sorted(r["id"] for r in json.loads(result.stdout))

    assert ids() == [a, b]
    assert ids("--all") == [a, b, c]
    assert ids("--status", "rejected") == [c]
    assert ids("--status", "rejected", "--status", "interested") == [b, c]
    assert ids("--kind", "fellowship") == [b]
    assert ids("--tag", "remote") == [a]
    assert ids("--tag", "REMOTE", "--all") == [a, c]
    assert ids("--org", "far.ai") == [a]


def test_csv_listing_has_every_field_and_guards_formulas(cli: CLI) -> None:
    cli("add-application", '=HYPERLINK("http://x")', "@SUM", "--note", '+1, "quoted"\nline')
    rows = list(csv.DictReader(io.StringIO(cli("apps", "-f", "csv").stdout)))
    assert len(rows) == 1
    assert rows[0]["organization"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["role"] == "'@SUM"
    assert rows[0]["notes"] == '\'+1, "quoted"\nline'
    assert list(rows[0]) == [
        "id", "organization", "role", "kind", "status", "status_since", "days_in_status",
        "applied", "excitement", "tags", "url", "source", "location", "notes",
        "salary_min", "salary_max", "salary_currency", "salary_period", "employment_type",
        "workplace", "posting_url", "canonical_url", "posted",
    ]  # fmt: skip


def test_table_listing_and_empty_listing(cli: CLI) -> None:
    empty = cli("apps")
    assert empty.exit_code == 0
    assert empty.stdout == ""
    assert "no applications" in empty.stderr
    cli("add-application", "FAR.AI", "tech lead")
    table = cli("apps").stdout
    assert "FAR.AI" in table
    assert "tech lead" in table


def test_edit_changes_fields_and_tags(cli: CLI) -> None:
    app_id = added_id(cli("add-application", "FAR.AI", "eng", "--tag", "a", "--url", "http://x"))
    result = cli(
        "app", "edit", str(app_id), "--role", "tech lead", "--excitement", "4", "--tag", "b",
        "--untag", "a", "--url", "", "--location", "Berkeley", "--kind", "fellowship",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(cli("app", "show", str(app_id), "-f", "json").stdout)
    assert (data["role"], data["excitement"], data["tags"], data["url"]) == (
        "tech lead",
        4,
        ["b"],
        None,
    )
    assert (data["location"], data["kind"]) == ("Berkeley", "fellowship")
    assert len(data["timeline"]) == 1  # editing fields is not a status change


def test_edit_into_a_duplicate_is_refused(cli: CLI) -> None:
    cli("add-application", "FAR.AI", "tech lead")
    other = added_id(cli("add-application", "FAR.AI", "engineer"))
    result = cli("app", "edit", str(other), "--role", "Tech Lead")
    assert result.exit_code == 4
    assert json.loads(cli("app", "show", str(other), "-f", "json").stdout)["role"] == "engineer"


def test_rm_asks_and_reports_what_it_removed(cli: CLI) -> None:
    app_id = added_id(cli("add-application", "FAR.AI", "tech lead"))
    cli("app", "move", str(app_id), "screening")

    declined = cli("app", "rm", str(app_id), input="n\n")
    assert declined.exit_code == 1
    assert len(json.loads(cli("apps", "-f", "json").stdout)) == 1

    accepted = cli("app", "rm", str(app_id), input="y\n")
    assert accepted.exit_code == 0
    assert "removed #1 FAR.AI — tech lead (screening) and its 2 status change(s)" in (
        accepted.stderr
    )
    assert json.loads(cli("apps", "--all", "-f", "json").stdout) == []

    again = cli("app", "rm", str(app_id), "--yes")
    assert again.exit_code == 3
    assert "no application #1" in again.stderr


def test_ids_are_never_reused(cli: CLI) -> None:
    first = added_id(cli("add-application", "FAR.AI", "a"))
    second = added_id(cli("add-application", "FAR.AI", "b"))
    assert cli("app", "rm", str(second), "--yes").exit_code == 0
    third = added_id(cli("add-application", "FAR.AI", "c"))
    assert third == second + 1 != first


def test_reopening_into_a_duplicate_is_refused_unless_forced(cli: CLI) -> None:
    first = added_id(cli("add-application", "FAR.AI", "tech lead"))
    cli("app", "move", str(first), "rejected")
    second = added_id(cli("add-application", "FAR.AI", "tech lead"))
    refused = cli("app", "move", str(first), "interviewing")
    assert refused.exit_code == 4
    assert f"duplicate the active application #{second}" in refused.stderr
    assert json.loads(cli("app", "show", str(first), "-f", "json").stdout)["status"] == "rejected"
    assert cli("app", "move", str(first), "interviewing", "--force").exit_code == 0
    assert cli("app", "move", str(second), "withdrawn").exit_code == 0  # closed -> closed: fine


def test_applied_date_can_be_moved_earlier_not_past_the_timeline(cli: CLI) -> None:
    app_id = added_id(cli("add-application", "FAR.AI", "x", "--applied", "2024-04-15"))
    assert cli("app", "edit", str(app_id), "--applied", "2024-04-12").exit_code == 0
    data = json.loads(cli("app", "show", str(app_id), "-f", "json").stdout)
    assert data["applied"] == "2024-04-12"
    assert data["timeline"][0]["date"] == "2024-04-15"  # the timeline is never rewritten
    late = cli("app", "edit", str(app_id), "--applied", "2024-04-16")
    assert late.exit_code == 2


def test_on_a_terminal_the_listing_is_a_rich_table(cli: CLI, home: Path, db_url: str) -> None:
    """The terminal branch of the table renderer, through a real pseudo-terminal."""
    cli("add-application", "FAR.AI", "tech lead", "--tag", "[bold]x[/bold]")
    env = {**os.environ, "CAREER_DB": db_url, "COLUMNS": "160", "TERM": "xterm"}
    shown, proc = on_terminal(["apps"], env)
    assert proc.returncode == 0
    screen = shown.decode()
    assert "\x1b[1mID" in screen  # rich's bold header: the rich table, not the plain one
    assert "FAR.AI" in screen
    assert "[bold]x[/bold]" in screen  # user text is shown as typed, not as markup


def test_rm_reports_the_deadlines_and_contact_links_it_removes(cli: CLI) -> None:
    app_id = added_id(cli("add-application", "FAR.AI", "RE", "--deadline", "2024-04-30"))
    contact = added_id(cli("add-contact", "Ada", "--org", "FAR.AI"))
    assert (
        cli("contact", "link", str(contact), "--app", str(app_id), "--as", "referrer").exit_code
        == 0
    )
    asked = cli("app", "rm", str(app_id), input="n\n")
    assert "1 deadline(s), 1 contact link(s)" in asked.stderr
    removed = cli("app", "rm", str(app_id), "--yes")
    assert removed.exit_code == 0
    assert "and its 1 status change(s), 1 deadline(s), 1 contact link(s)" in removed.stderr
    assert json.loads(cli("deadlines", "--all", "-f", "json").stdout) == []
