"""`career add-contact`, `contacts`, `contact show|link|unlink` through the CLI, on both
backends."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import (
    CLI,
    added_id,
    assert_nothing_created,
    assert_refused,
    assert_refused_unchanged,
    bad_input_cases,
    snapshot,
)


def _json(cli: CLI, *args: str) -> Any:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_add_contact_prints_the_id_and_the_listing_is_the_contract(cli: CLI) -> None:
    first = cli(
        "add-contact", "  Jane   Doe ", "--org", "80,000 Hours", "--role", "advisor",
        "--email", "jane@80000hours.org", "--url", "https://80000hours.org/jane",
        "--note", "met at EAG",
    )  # fmt: skip
    assert first.stdout == "1\n"
    assert "added contact #1 Jane Doe (80,000 Hours)" in first.stderr
    second = added_id(cli("add-contact", "ada lovelace"))
    assert second == 2
    # Sorted by name, case ignored; a contact may have no organization.
    assert _json(cli, "contacts") == [
        {
            "id": 2,
            "name": "ada lovelace",
            "organization": None,
            "role": None,
            "email": None,
            "url": None,
            "notes": None,
        },
        {
            "id": 1,
            "name": "Jane Doe",
            "organization": "80,000 Hours",
            "role": "advisor",
            "email": "jane@80000hours.org",
            "url": "https://80000hours.org/jane",
            "notes": "met at EAG",
        },
    ]


def test_organization_is_found_by_any_spelling_and_filters_the_listing(cli: CLI) -> None:
    cli("add-application", "80,000 Hours", "advising", "--status", "interested")
    jane = added_id(cli("add-contact", "Jane", "--org", "80000hours"))
    bob = added_id(cli("add-contact", "Bob", "--org", "FAR.AI"))
    added_id(cli("add-contact", "Nobody"))
    rows = _json(cli, "contacts", "--org", "80 000 HOURS")
    assert rows == [
        {
            "id": jane,
            "name": "Jane",
            "organization": "80,000 Hours",
            "role": None,
            "email": None,
            "url": None,
            "notes": None,
        }
    ]
    assert [r["id"] for r in _json(cli, "contacts", "--org", "far ai")] == [bob]
    # Only one 80,000 Hours: the contact joined the application's organization.
    apps = _json(cli, "apps")
    assert [a["organization"] for a in apps] == ["80,000 Hours"]


def test_a_near_duplicate_organization_warns_and_is_created(cli: CLI) -> None:
    cli("add-contact", "Ann", "--org", "Apart Research")
    result = cli("add-contact", "Ben", "--org", "Apart Reseach")
    assert result.exit_code == 0, result.stderr
    assert "looks like existing 'Apart Research'" in result.stderr
    orgs = [r["organization"] for r in _json(cli, "contacts")]
    assert orgs == ["Apart Research", "Apart Reseach"]


def test_show_lists_links_and_sessions_advised(cli: CLI) -> None:
    app_id = added_id(cli("add-application", "FAR.AI", "tech lead", "--applied", "2024-04-19"))
    jane = added_id(cli("add-contact", "Jane Doe", "--org", "80,000 Hours", "--role", "advisor"))
    linked = cli("contact", "link", str(jane), "--app", str(app_id), "--as", "referrer")
    assert linked.exit_code == 0, linked.stderr
    assert "linked #1 Jane Doe (80,000 Hours) to application #1 as referrer" in linked.stderr
    session = added_id(
        cli("add-session", "80000 hours", "--advisor", "JANE  doe", "--on", "2024-04-17")
    )
    # The advisor was found (case and spacing ignored): no new contact.
    assert [c["id"] for c in _json(cli, "contacts")] == [jane]

    assert _json(cli, "contact", "show", str(jane)) == {
        "id": jane,
        "name": "Jane Doe",
        "organization": "80,000 Hours",
        "role": "advisor",
        "email": None,
        "url": None,
        "notes": None,
        "created_at": "2024-04-20T09:00:00+00:00",
        "applications": [
            {
                "id": app_id,
                "organization": "FAR.AI",
                "role": "tech lead",
                "status": "applied",
                "relation": "referrer",
            }
        ],
        "sessions": [{"id": session, "organization": "80,000 Hours", "held_on": "2024-04-17"}],
        "every_days": None,
        "timeline": [
            {
                "date": "2024-04-17",
                "source": "session",
                "id": session,
                "via": "meeting",
                "note": None,
                "application_id": None,
                "summary": f"advising session #{session} (80,000 Hours)",
            }
        ],
    }
    text = cli("contact", "show", str(jane)).stdout
    assert text.splitlines() == [
        "#1 Jane Doe (80,000 Hours)",
        "  role        advisor",
        "applications",
        "  #1 FAR.AI — tech lead (applied) as referrer",
        "sessions advised",
        f"  #{session} 2024-04-17 80,000 Hours",
        "keep in touch",
        "  no cadence (set one with `career contact edit ID --every 6w`)",
        "timeline",
        f"  2024-04-17 advising session #{session} (80,000 Hours)",
    ]


def test_linking_again_changes_the_relation_and_says_so(cli: CLI, db_url: str) -> None:
    app_id = added_id(cli("add-application", "FAR.AI", "tech lead"))
    bob = added_id(cli("add-contact", "Bob", "--org", "FAR.AI"))
    assert (
        cli("contact", "link", str(bob), "--app", str(app_id), "--as", "recruiter").exit_code == 0
    )

    before = snapshot(db_url)
    same = cli("contact", "link", str(bob), "--app", str(app_id), "--as", "recruiter")
    assert same.exit_code == 0
    assert "already linked to application #1 as recruiter; nothing changed" in same.stderr
    assert snapshot(db_url) == before

    again = cli("contact", "link", str(bob), "--app", str(app_id), "--as", "interviewer")
    assert again.exit_code == 0, again.stderr
    assert "relation changed from recruiter to interviewer" in again.stderr
    links = _json(cli, "contact", "show", str(bob))["applications"]
    assert [(a["id"], a["relation"]) for a in links] == [(app_id, "interviewer")]


def test_unlink_removes_the_link_only(cli: CLI) -> None:
    app_id = added_id(cli("add-application", "FAR.AI", "tech lead"))
    bob = added_id(cli("add-contact", "Bob"))
    cli("contact", "link", str(bob), "--app", str(app_id), "--as", "other")
    result = cli("contact", "unlink", str(bob), "--app", str(app_id))
    assert result.exit_code == 0, result.stderr
    assert "unlinked #1 Bob from application #1 (was other)" in result.stderr
    assert _json(cli, "contact", "show", str(bob))["applications"] == []
    assert len(_json(cli, "apps")) == 1
    assert len(_json(cli, "contacts")) == 1


def test_loose_email_check_accepts_ordinary_addresses(cli: CLI) -> None:
    for email in ["a@b", "first.last+tag@sub.example.org", "  x@y.z  "]:
        result = cli("add-contact", "P", "--email", email)
        assert result.exit_code == 0, result.stderr
    assert [c["email"] for c in _json(cli, "contacts")] == [
        "a@b",
        "first.last+tag@sub.example.org",
        "x@y.z",
    ]


def test_table_csv_and_empty_listings(cli: CLI) -> None:
    empty = cli("contacts")
    assert (empty.exit_code, empty.stdout) == (0, "")
    assert "no contacts" in empty.stderr
    cli("add-contact", "=cmd", "--org", "FAR.AI", "--email", "a@b.c")
    table = cli("contacts").stdout.splitlines()
    assert table[0].split() == ["ID", "Name", "Organization", "Role", "Email"]
    assert table[1].split() == ["1", "=cmd", "FAR.AI", "a@b.c"]
    rows = list(csv.DictReader(io.StringIO(cli("contacts", "-f", "csv").stdout)))
    assert rows == [
        {
            "id": "1",
            "name": "'=cmd",
            "organization": "FAR.AI",
            "role": "",
            "email": "a@b.c",
            "url": "",
            "notes": "",
        }
    ]


# (id, argv, exit code, words). Application #1 and contact #1 (not linked) exist.
CASES = [
    ("unknown-org-filter", ["contacts", "--org", "Nowhere Inc"], 3, "no organization called"),
    ("bad-email", ["add-contact", "X", "--email", "nope"], 2, "not an email address"),
    ("bad-email-two-at", ["add-contact", "X", "--email", "a@b@c"], 2, "not an email address"),
    ("bad-email-no-local", ["add-contact", "X", "--email", "@b.c"], 2, "not an email address"),
    ("bad-email-no-domain", ["add-contact", "X", "--email", "a@"], 2, "not an email address"),
    ("bad-email-space", ["add-contact", "X", "--email", "a b@c"], 2, "not an email address"),
    ("empty-name", ["add-contact", ""], 2, "the contact's name is empty"),
    ("blank-name", ["add-contact", "   "], 2, "the contact's name is empty"),
    ("empty-org", ["add-contact", "X", "--org", " "], 2, "organization name is empty"),
    ("too-long-name", ["add-contact", "n" * 201], 2, "name is too long"),
    ("too-long-role", ["add-contact", "X", "--role", "r" * 201], 2, "role is too long"),
    ("unknown-id-show", ["contact", "show", "999"], 3, "no contact #999"),
    ("non-numeric-id", ["contact", "show", "abc"], 2, "Invalid value for 'ID'"),
    ("unknown-id-link", ["contact", "link", "999", "--app", "1", "--as", "referrer"], 3,
     "no contact #999"),
    ("unknown-app-link", ["contact", "link", "1", "--app", "999", "--as", "referrer"], 3,
     "no application #999"),
    ("unknown-relation", ["contact", "link", "1", "--app", "1", "--as", "boss"], 2,
     "unknown relation 'boss'"),
    ("missing-relation", ["contact", "link", "1", "--app", "1"], 2, "Missing option '--as'"),
    ("unlink-not-linked", ["contact", "unlink", "1", "--app", "1"], 3, "is not linked"),
    ("unlink-unknown-app", ["contact", "unlink", "1", "--app", "999"], 3,
     "no application #999"),
    ("unlink-unknown-id", ["contact", "unlink", "999", "--app", "1"], 3, "no contact #999"),
    ("unknown-format", ["contacts", "--format", "xml"], 2, "xml"),
]  # fmt: skip

FIRST_RUN = [
    "unknown-org-filter", "bad-email", "empty-name", "empty-org", "unknown-id-show",
    "unknown-id-link", "unknown-relation", "unlink-unknown-id",
]  # fmt: skip


@bad_input_cases(CASES)
def test_bad_input_is_one_clear_line_and_changes_nothing(
    cli: CLI, db_url: str, argv: list[str], code: int, words: str
) -> None:
    assert added_id(cli("add-application", "FAR.AI", "tech lead")) == 1
    assert added_id(cli("add-contact", "Bob", "--org", "FAR.AI")) == 1
    assert_refused_unchanged(cli, db_url, argv, code, words)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [c[1:] for c in CASES if c[0] in FIRST_RUN],
    ids=[c[0] for c in CASES if c[0] in FIRST_RUN],
)
def test_bad_input_on_a_first_run_creates_nothing(
    cli: CLI, db_url: str, home: Path, argv: list[str], code: int, words: str
) -> None:
    assert_refused(cli(*argv), code, words)
    assert_nothing_created(db_url, home)


@pytest.mark.parametrize("args", [["contacts"], ["contact", "show", "1", "--format", "json"]])
def test_reading_contacts_of_a_current_sqlite_file_skips_sqlalchemy(
    args: list[str], tmp_path: Path
) -> None:
    """The fast read path (docs/architecture.md): no SQLAlchemy, no rich."""
    from tests.cli.test_startup import heavy, imported_modules

    env = {"CAREER_DB": str(tmp_path / "x.db")}
    imported_modules(["add-contact", "Jane", "--org", "80,000 Hours"], env, tmp_path)
    modules = imported_modules(args, env, tmp_path)
    assert "career.people.queries" in modules
    assert heavy(modules) == []
    assert not any(m.split(".")[0] == "rich" for m in modules)
