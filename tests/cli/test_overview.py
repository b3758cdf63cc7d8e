"""`career board`, `career show ORG`, `career org alias|merge`, `career search` (both backends)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text

from career.db.engine import parse_target
from tests.conftest import CLI, added_id, snapshot


def execute(db_url: str, *statements: str) -> None:
    engine = create_engine(parse_target(db_url))
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


@pytest.fixture
def april(cli: CLI, db_url: str) -> CLI:
    """The user's April 2024, partly through SQL for the records other commands create."""
    far = added_id(cli("add-application", "FAR.AI", "tech lead", "--applied", "2024-04-19"))
    added_id(cli("add-application", "SPAR", "--kind", "fellowship", "--status", "interested"))
    redwood = added_id(cli("add-application", "Redwood", "MTS", "--applied", "2024-04-01"))
    cli("app", "move", str(redwood), "rejected", "--on", "2024-04-10")
    cli("app", "move", str(far), "screening", "--on", "2024-04-20")
    added_id(cli("add-application", "80,000 Hours", "--status", "interested"))
    execute(
        db_url,
        "INSERT INTO contacts (id, name, organization_id, role, email, created_at) VALUES "
        "(1, 'Ada Advisor', 4, 'advisor', 'ada@example.org', '2024-04-17 10:00:00')",
        "INSERT INTO advisor_sessions (id, organization_id, advisor_id, held_on, summary, "
        "created_at) VALUES (1, 4, 1, '2024-04-17', 'On a reasonable path: 100% keep going', "
        "'2024-04-17 10:00:00')",
        "INSERT INTO session_takeaways (id, session_id, position, text) VALUES "
        "(1, 1, 1, 'Apply early, to SWE-bent roles in Zürich')",
        "INSERT INTO events (id, name, kind, host_id, starts_on, status, created_at, updated_at) "
        "VALUES (1, 'AI alignment jam', 'jam', 4, '2024-05-03', 'signed-up', "
        "'2024-04-17 10:00:00', '2024-04-17 10:00:00')",
        "INSERT INTO deadlines (id, title, kind, due_on, session_id, created_at) VALUES "
        "(1, 'pick three places to apply', 'action', '2024-05-01', 1, '2024-04-17 10:00:00'), "
        "(2, 'done already', 'action', '2024-04-18', 1, '2024-04-17 10:00:00')",
        "UPDATE deadlines SET done_at = '2024-04-18 10:00:00' WHERE id = 2",
    )
    return cli


def test_board_json(april: CLI) -> None:
    result = april("board", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [
        {
            "status": "interested",
            "count": 2,
            "cards": [
                {"id": 2, "organization": "SPAR", "role": None, "days_in_status": 0},
                {"id": 4, "organization": "80,000 Hours", "role": None, "days_in_status": 0},
            ],
        },
        {"status": "preparing", "count": 0, "cards": []},
        {"status": "applied", "count": 0, "cards": []},
        {
            "status": "screening",
            "count": 1,
            "cards": [
                {"id": 1, "organization": "FAR.AI", "role": "tech lead", "days_in_status": 0}
            ],
        },
        {"status": "interviewing", "count": 0, "cards": []},
        {"status": "offer", "count": 0, "cards": []},
    ]


def test_board_plain_text(april: CLI) -> None:
    assert april("board").stdout.splitlines() == [
        "interested (2)",
        "  #2 SPAR  0d",
        "  #4 80,000 Hours  0d",
        "preparing (0)",
        "applied (0)",
        "screening (1)",
        "  #1 FAR.AI — tech lead  0d",
        "interviewing (0)",
        "offer (0)",
    ]


def test_show_organization_json(april: CLI) -> None:
    result = april("show", "80k hours", "-f", "json")
    assert result.exit_code == 3  # no alias yet: "80k hours" is not "80,000 Hours"
    assert april("org", "alias", "80,000 Hours", "80k hours").exit_code == 0
    data = json.loads(april("show", "80K Hours", "-f", "json").stdout)
    assert data["name"] == "80,000 Hours"
    assert data["aliases"] == ["80k hours"]
    assert [a["id"] for a in data["applications"]] == [4]
    assert data["sessions"] == [
        {
            "id": 1,
            "held_on": "2024-04-17",
            "advisor": "Ada Advisor",
            "summary": "On a reasonable path: 100% keep going",
        }
    ]
    assert data["events"] == [
        {
            "id": 1,
            "name": "AI alignment jam",
            "kind": "jam",
            "status": "signed-up",
            "start": "2024-05-03",
            "end": None,
        }
    ]
    assert data["contacts"] == [
        {"id": 1, "name": "Ada Advisor", "role": "advisor", "email": "ada@example.org"}
    ]
    assert data["deadlines"] == [
        {"id": 1, "title": "pick three places to apply", "kind": "action", "due": "2024-05-01"}
    ]
    page = april("show", "80,000 hours").stdout
    assert "80,000 Hours (#4, company)" in page
    assert "#1 2024-04-17 with Ada Advisor" in page
    assert "#1 2024-05-01 pick three places to apply (action)" in page


def test_alias_conflicts_are_named(april: CLI) -> None:
    taken = april("org", "alias", "SPAR", "far ai")
    assert taken.exit_code == 4
    assert "already names another organization, 'FAR.AI'" in taken.stderr
    assert "career org merge" in taken.stderr
    same = april("org", "alias", "SPAR", "spar")
    assert same.exit_code == 4


def test_merge_moves_everything_and_keeps_the_old_name(april: CLI) -> None:
    april("add-application", "Eighty Thousand Hours", "advising call", "--status", "interested")
    declined = april("org", "merge", "Eighty Thousand Hours", "80,000 Hours", input="n\n")
    assert declined.exit_code == 1
    result = april("org", "merge", "Eighty Thousand Hours", "80,000 Hours", "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == (
        "merged 'Eighty Thousand Hours' into '80,000 Hours': moved 1 applications, "
        "0 contacts, 0 sessions, 0 events, 1 aliases"
    )
    data = json.loads(april("show", "eighty thousand hours", "-f", "json").stdout)
    assert data["name"] == "80,000 Hours"
    assert data["aliases"] == ["Eighty Thousand Hours"]
    assert sorted(a["role"] or "" for a in data["applications"]) == ["", "advising call"]


def test_search_is_literal_and_ignores_case(april: CLI) -> None:
    def found(query: str) -> list[tuple[str, int, str]]:
        result = april("search", query, "-f", "json")
        assert result.exit_code == 0, result.stderr
        return [(h["type"], h["id"], h["field"]) for h in json.loads(result.stdout)]

    assert found("100%") == [("session", 1, "summary")]
    assert found("%") == [("session", 1, "summary")]  # not a wildcard
    assert found("_") == []
    assert found("ZÜRICH") == [("session", 1, "takeaway")]
    assert found("far.ai") == [("organization", 1, "name")]
    assert found("ada") == [("contact", 1, "name"), ("contact", 1, "email")]
    assert found("JAM") == [("event", 1, "name")]
    assert found("tech lead") == [("application", 1, "role")]
    none = april("search", "nothing like this")
    assert none.exit_code == 0
    assert "nothing matches" in none.stderr


@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [
        (["show", "Nowhere"], 3, "no organization called 'Nowhere'"),
        (["show", "..."], 2, "is not a name"),
        (["org", "merge", "SPAR", "spar", "--yes"], 2, "one organization already"),
        (["org", "merge", "Nowhere", "SPAR", "--yes"], 3, "no organization called"),
        (["org", "alias", "Nowhere", "x"], 3, "no organization called"),
        (["search", "  "], 2, "text is empty"),
        (["board", "--format", "csv"], 2, "'csv' is not one of 'table', 'json'"),
    ],
)
def test_bad_input(april: CLI, db_url: str, argv: list[str], code: int, words: str) -> None:
    before = snapshot(db_url)
    result = april(*argv)
    assert result.exit_code == code, result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert words in result.stderr
    assert snapshot(db_url) == before


def test_merge_refuses_to_make_two_active_applications_for_one_role(cli: CLI, db_url: str) -> None:
    a = added_id(cli("add-application", "FAR.AI", "Research Engineer"))
    b = added_id(cli("add-application", "FAR AI Inc", "research engineer"))
    before = snapshot(db_url)
    refused = cli("org", "merge", "FAR AI Inc", "FAR.AI", "--yes")
    assert refused.exit_code == 4
    assert f"(#{b} and #{a})" in refused.stderr
    assert snapshot(db_url) == before
    assert cli("org", "merge", "FAR AI Inc", "FAR.AI", "--yes", "--force").exit_code == 0
    orgs = {r["organization"] for r in json.loads(cli("apps", "-f", "json").stdout)}
    assert orgs == {"FAR.AI"}


def test_show_lists_undated_events_last_on_both_backends(cli: CLI, db_url: str) -> None:
    cli("add-application", "Apart Research", "sprint")
    execute(
        db_url,
        "INSERT INTO events (id, name, kind, host_id, starts_on, status, created_at, updated_at)"
        " VALUES (1, 'Undated', 'jam', 1, NULL, 'interested', '2024-04-17 10:00:00',"
        " '2024-04-17 10:00:00'), (2, 'Dated', 'jam', 1, '2024-05-03', 'interested',"
        " '2024-04-17 10:00:00', '2024-04-17 10:00:00')",
    )
    events = json.loads(cli("show", "Apart Research", "-f", "json").stdout)["events"]
    assert [e["name"] for e in events] == ["Dated", "Undated"]
