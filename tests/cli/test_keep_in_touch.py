"""Keeping in touch through the CLI, on both backends: `career touch`, the timeline of
`contact show` (logged and derived interactions), `contact edit --every`, `contacts --due`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import CLI, added_id, assert_refused_unchanged, bad_input_cases

# today is 2024-04-20 (the frozen clock)


def _json(cli: CLI, *args: str) -> Any:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def people(cli: CLI) -> dict[str, int]:
    ids = {
        "ada": added_id(cli("add-contact", "Ada Lovelace", "--org", "80,000 Hours", "--role",
                            "advisor")),
        "byron": added_id(cli("add-contact", "Ada Byron")),
        "dan": added_id(cli("add-contact", "Dan Hendrycks", "--org", "FAR.AI", "--role",
                            "Recruiter")),
    }  # fmt: skip
    ids["app"] = added_id(cli("add-application", "FAR.AI", "engineer", "--applied", "2024-03-01"))
    return ids


def test_touch_finds_the_contact_by_id_or_name_and_logs_today_by_default(cli: CLI) -> None:
    ids = people(cli)
    first = cli("touch", "ada lovelace", "--via", "call", "--note", "talked about SPAR")
    assert added_id(first) == 1
    assert (
        "logged an interaction (call) with #1 Ada Lovelace (80,000 Hours) on 2024-04-20"
        in first.stderr
    )
    second = cli("touch", str(ids["dan"]), "--on", "2024-04-02", "--app", str(ids["app"]))
    assert added_id(second) == 2
    assert added_id(cli("touch", "Hendrycks", "--on", "yesterday", "--via", "EMAIL")) == 3
    timeline = _json(cli, "contact", "show", str(ids["dan"]))["timeline"]
    assert timeline == [
        {"date": "2024-04-19", "source": "logged", "id": 3, "via": "email", "note": None,
         "application_id": None, "summary": "email"},
        {"date": "2024-04-02", "source": "logged", "id": 2, "via": "other", "note": None,
         "application_id": ids["app"], "summary": f"other about application #{ids['app']}"},
    ]  # fmt: skip


CASES = [
    ("ambiguous name", ["touch", "Ada"], 2, "'Ada' could be #2 Ada Byron, #1 Ada Lovelace"),
    ("unknown name", ["touch", "Grace"], 3, "no contact called 'Grace'"),
    ("unknown id", ["touch", "99"], 3, "no contact #99"),
    ("empty name", ["touch", "  "], 2, "name a contact"),
    ("future", ["touch", "1", "--on", "2024-04-21"], 2, "in the future"),
    ("bad date", ["touch", "1", "--on", "2024-02-30"], 2, "2024-02-30"),
    ("bad via", ["touch", "1", "--via", "pigeon"], 2, "choose one of email, call"),
    ("unknown app", ["touch", "1", "--app", "99"], 3, "no application #99"),
    ("long note", ["touch", "1", "--note", "x" * 100_001], 2, "too long"),
    ("bad every", ["contact", "edit", "1", "--every", "soon"], 2, "a cadence"),
    ("every months", ["contact", "edit", "1", "--every", "2m"], 2, "months"),
    ("zero every", ["contact", "edit", "1", "--every", "0"], 2, "use 1d or more"),
    ("edit unknown", ["contact", "edit", "99", "--every", "6w"], 3, "no contact #99"),
    ("due and org", ["contacts", "--due", "--org", "FAR.AI"], 2, "does not take --org"),
]


@bad_input_cases(CASES)
def test_bad_input_is_refused_and_changes_nothing(
    cli: CLI, db_url: str, argv: list[str], code: int, words: str
) -> None:
    people(cli)
    assert_refused_unchanged(cli, db_url, argv, code, words)


def test_the_timeline_has_every_source_newest_first(cli: CLI) -> None:
    """Logged interactions, sessions the contact advised, and status moves of applications
    the contact recruits or interviews for (not the first status, not `ghosted`, not through
    a referrer): derived in the query, so a record's change shows at once."""
    ids = people(cli)
    app, dan, ada = str(ids["app"]), str(ids["dan"]), str(ids["ada"])
    assert cli("contact", "link", dan, "--app", app, "--as", "recruiter").exit_code == 0
    assert cli("contact", "link", ada, "--app", app, "--as", "referrer").exit_code == 0
    assert (
        cli("app", "move", app, "screening", "--on", "2024-03-10", "--note", "call").exit_code == 0
    )
    assert cli("app", "move", app, "ghosted", "--on", "2024-04-15").exit_code == 0
    session = added_id(
        cli("add-session", "FAR.AI", "--advisor", "Dan Hendrycks", "--on", "2024-03-20",
            "--summary", "mock interview")
    )  # fmt: skip
    assert cli("touch", dan, "--on", "2024-03-20", "--via", "video").exit_code == 0
    rows = _json(cli, "contact", "show", dan)["timeline"]
    assert [(r["date"], r["source"], r["summary"]) for r in rows] == [
        ("2024-03-20", "logged", "video"),
        ("2024-03-20", "session", f"advising session #{session} (FAR.AI): mock interview"),
        ("2024-03-10", "status", f"application #{app} (FAR.AI) moved to screening: call"),
    ]
    # A referrer's application moves are not conversations with them.
    assert _json(cli, "contact", "show", ada)["timeline"] == []
    text = cli("contact", "show", dan).stdout.splitlines()
    assert text[text.index("timeline") :] == [
        "timeline",
        "  2024-03-20 video",
        f"  2024-03-20 advising session #{session} (FAR.AI): mock interview",
        f"  2024-03-10 application #{app} (FAR.AI) moved to screening: call",
    ]
    # Relinked as referrer: the derived entry goes with the link (nothing was copied).
    assert cli("contact", "link", dan, "--app", app, "--as", "referrer").exit_code == 0
    assert [r["source"] for r in _json(cli, "contact", "show", dan)["timeline"]] == [
        "logged",
        "session",
    ]


def test_due_lists_most_overdue_first_with_the_last_interaction(cli: CLI, home: Path) -> None:
    ids = people(cli)
    ada, dan, byron = str(ids["ada"]), str(ids["dan"]), str(ids["byron"])
    assert _json(cli, "contacts", "--due") == []  # no cadence anywhere
    edited = cli("contact", "edit", ada, "--every", "6w")
    assert edited.exit_code == 0, edited.stderr
    assert "#1 Ada Lovelace (80,000 Hours) is due every 6 weeks" in edited.stderr
    assert cli("touch", ada, "--on", "2024-03-08", "--note", "SPAR advice").exit_code == 0
    # 43 days: due (it came round yesterday)
    assert [r["id"] for r in _json(cli, "contacts", "--due")] == [ids["ada"]]
    assert cli("touch", ada, "--on", "2024-03-09", "--via", "call").exit_code == 0
    # 42 days: due today, overdue 0 days
    (row,) = _json(cli, "contacts", "--due")
    assert row == {
        "id": ids["ada"], "name": "Ada Lovelace", "organization": "80,000 Hours",
        "role": "advisor", "every_days": 42, "since": "2024-03-09", "due": "2024-04-20",
        "overdue_days": 0, "last_date": "2024-03-09", "last": "call",
    }  # fmt: skip
    assert cli("touch", ada, "--on", "2024-03-10").exit_code == 0
    assert _json(cli, "contacts", "--due") == []  # 41 days: not yet

    # A default by role (a word of it, case ignored); a contact with no interaction counts
    # from the day it was added (today here), so it is not due at once.
    assert cli("config", "set", "contacts.every.recruiter", "2w").exit_code == 0
    assert _json(cli, "contacts", "--due") == []
    assert cli("touch", dan, "--on", "2024-03-01", "--note", "first call").exit_code == 0
    assert cli("contact", "edit", byron, "--every", "1w").exit_code == 0
    assert cli("touch", byron, "--on", "2024-04-01").exit_code == 0
    rows = _json(cli, "contacts", "--due")
    assert [(r["name"], r["due"], r["overdue_days"], r["last"]) for r in rows] == [
        ("Dan Hendrycks", "2024-03-15", 36, "other: first call"),
        ("Ada Byron", "2024-04-08", 12, "other"),
    ]
    table = cli("contacts", "--due").stdout.splitlines()
    assert table[0].split() == ["ID", "Name", "Organization", "Every", "Last", "Overdue", "Last",
                                "interaction"]  # fmt: skip
    assert table[1].split()[:7] == [dan, "Dan", "Hendrycks", "FAR.AI", "2w", "2024-03-01", "36d"]
    # none: never due, whatever the settings; default: the settings again
    assert cli("contact", "edit", dan, "--every", "none").exit_code == 0
    assert [r["name"] for r in _json(cli, "contacts", "--due")] == ["Ada Byron"]
    assert "never (--every none)" in cli("contact", "show", dan).stdout
    assert cli("contact", "edit", dan, "--every", "default").exit_code == 0
    assert "every 2 weeks (setting contacts.every.recruiter); due since 2024-03-15" in (
        cli("contact", "show", dan).stdout
    )
    again = cli("contact", "edit", dan, "--every", "default")
    assert again.exit_code == 0 and "nothing changed" in again.stderr
    csv_rows = cli("contacts", "--due", "--format", "csv").stdout.splitlines()
    assert csv_rows[0] == (
        "id,name,organization,role,every_days,since,due,overdue_days,last_date,last"
    )


def test_every_way_of_talking_is_accepted(cli: CLI) -> None:
    ident = str(added_id(cli("add-contact", "Ada")))
    for via in ("email", "call", "video", "meeting", "message", "event", "other"):
        assert cli("touch", ident, "--via", via).exit_code == 0
    vias = [r["via"] for r in _json(cli, "contact", "show", ident)["timeline"]]
    assert vias == ["other", "event", "message", "meeting", "video", "call", "email"]


def test_a_journal_line_meeting_a_contact_is_a_suggested_interaction(
    cli: CLI, tmp_path: Path
) -> None:
    """Accepting it logs the interaction on the journal's day; a contact added after an
    import is looked for in the unchanged journal on the next import."""
    ids = people(cli)
    journal = tmp_path / "log.md"
    journal.write_text(
        "[[2024-04-18]]\nDone:\n- coffee with Dan: talked about the role\n"
        "- coffee with Ada\n- coffee with Grace\n- didn't call Dan Hendrycks\n",
        encoding="utf-8",
    )
    assert cli("journal", "import", str(journal)).exit_code == 0
    pending = _json(cli, "journal", "suggestions")
    assert [(s["kind"], s["fields"]) for s in pending] == [
        (
            "interaction",
            {
                "contact": "Dan Hendrycks",
                "contact_id": str(ids["dan"]),
                "on": "2024-04-18",
                "via": "meeting",
                "note": "coffee with Dan: talked about the role",
            },
        )
    ]  # fmt: skip  (Ada is two contacts; Grace is nobody yet)
    accepted = cli("journal", "accept", str(pending[0]["id"]))
    assert accepted.exit_code == 0, accepted.stderr
    assert "added interaction #1 with #3 Dan Hendrycks" in accepted.stderr
    timeline = _json(cli, "contact", "show", str(ids["dan"]))["timeline"]
    assert [(e["date"], e["source"], e["via"], e["note"]) for e in timeline] == [
        ("2024-04-18", "logged", "meeting", "coffee with Dan: talked about the role")
    ]
    grace = added_id(cli("add-contact", "Grace Hopper"))
    assert cli("journal", "import").exit_code == 0  # the same file, a new contact
    (new,) = _json(cli, "journal", "suggestions")
    assert (new["fields"]["contact_id"], new["fields"]["via"]) == (str(grace), "meeting")
    edited = cli(
        "journal", "accept", str(new["id"]), "--edit", "via=video", "--edit", "on=2024-04-17"
    )
    assert edited.exit_code == 0, edited.stderr
    (entry,) = _json(cli, "contact", "show", str(grace))["timeline"]
    assert (entry["date"], entry["via"]) == ("2024-04-17", "video")
    assert cli("journal", "import").exit_code == 0
    assert _json(cli, "journal", "suggestions") == []  # decided ones never come back
