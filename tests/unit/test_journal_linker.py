"""Tests for career.journal.linker: organizations a line mentions and the records its words
imply (applications, advising sessions, events, deadlines)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from career.journal.document import Entry, SourceFile
from career.journal.linker import (
    KnownContact,
    KnownOrg,
    Mention,
    OpenApplication,
    Suggestion,
    against,
    legacy_key,
    link,
    org_kind,
    shipped_orgs,
    source_key,
    source_tag,
)
from career.journal.parser import decode, parse
from tests.conftest import OWN_LOG, SHARED

USER_FILE = SHARED / "fixtures" / "daily-log-2024-04.md"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "journal"
D = date.fromisoformat


def user_entries() -> list[Entry]:
    source = SourceFile(USER_FILE, USER_FILE.name, "daily-log")
    return parse(decode(USER_FILE.read_bytes(), source.name), source)


def day_of(text: str, day: str = "2024-04-17") -> Entry:
    source = SourceFile(Path("/j/log.md"), "log.md", "daily-log")
    [entry] = parse(f"[[{day}]]\n{text}", source)
    return entry


def suggestions_of(text: str, day: str = "2024-04-17") -> list[Suggestion]:
    return link(day_of(text, day), shipped_orgs())[1]


def test_shipped_orgs_include_the_users_organizations() -> None:
    orgs = {org.name: org for org in shipped_orgs()}
    assert {"FAR.AI", "80,000 Hours", "Apart Research", "SPAR", "MATS"} <= set(orgs)
    assert orgs["80,000 Hours"].domains == ("80000hours.org",)
    assert "80k hours" in orgs["80,000 Hours"].aliases
    assert orgs["Apart Research"].domains == ("apartresearch.com",)
    assert all(org.id is None for org in orgs.values())


@pytest.mark.shared_fixture
def test_user_file_gives_exactly_the_four_suggestions() -> None:
    found = [
        (entry.day.isoformat(), entry.items[s.item].line, s)
        for entry in user_entries()
        for s in link(entry, shipped_orgs())[1]
    ]
    assert found == [
        (
            "2024-04-17",
            73,
            Suggestion(
                "session",
                0,
                "session|80,000 hours|2024-04-17",
                {
                    "organization": "80,000 Hours",
                    "held_on": "2024-04-17",
                    "notes_url": "https://docs.google.com/document/d/"
                    "1oFF3S5yO7fNWcvjggPB-q4aPnjxDl7NcgbKw8o8vlw8/edit?usp=sharing",
                    "takeaways": [
                        "broad takeaway was that I am on a reasonable path, continuing to learn"
                        " is good",
                        "some advice that I should not hold off on applying totally (like I am),"
                        " maybe select a few places to apply to early with more SWE-bent perhaps",
                        "focus on producing in public, currently been a challenge as I'm more"
                        " focused on learning than project work",
                        "found the [jacob hilton curriculum](https://github.com/jacobhilton/"
                        "deep_learning_curriculum?tab=readme-ov-file) which matches my interest"
                        " and current plans well, will continue to reference this",
                    ],
                },
            ),
        ),
        (
            "2024-04-17",
            79,
            Suggestion(
                "event",
                6,
                "event|apart research|ai alignment jam",
                {
                    "name": "AI alignment jam",
                    "kind": "jam",
                    "host": "Apart Research",
                    "url": "https://www.apartresearch.com/sprints",
                    "status": "signed-up",
                },
            ),
        ),
        (
            "2024-04-17",
            82,
            Suggestion(
                "application",
                9,
                "application|spar|",
                {
                    "organization": "SPAR",
                    "role": "",
                    "kind": "program",
                    "status": "interested",
                    "opens": "2024-04-30",
                },
            ),
        ),
        (
            "2024-04-19",
            41,
            Suggestion(
                "application",
                4,
                "application|far.ai|tech lead",
                {
                    "organization": "FAR.AI",
                    "role": "tech lead",
                    "kind": "job",
                    "status": "applied",
                    "applied": "2024-04-19",
                },
            ),
        ),
    ]


@pytest.mark.shared_fixture
def test_user_file_mentions() -> None:
    found = [
        (entry.day.isoformat(), entry.items[m.item].line, m.org)
        for entry in user_entries()
        for m in link(entry, shipped_orgs())[0]
    ]
    assert found == [
        ("2024-04-17", 73, "80,000 Hours"),
        ("2024-04-17", 79, "Apart Research"),  # from the domain in the URL
        ("2024-04-17", 81, "SPAR"),
        ("2024-04-19", 41, "FAR.AI"),
        ("2024-04-19", 45, "Hugging Face"),
        ("2024-04-19", 46, "Hugging Face"),
        ("2024-04-19", 47, "Hugging Face"),
    ]


def test_keys_do_not_change_when_other_days_change() -> None:
    text = OWN_LOG.read_text(encoding="utf-8")
    goal = "- two LeetCode problems\n"
    edited = text.replace(goal, goal + "- one more goal\n- and another\n")
    assert edited != text
    source = SourceFile(OWN_LOG, OWN_LOG.name, "daily-log")
    before = [s.key for e in parse(text, source) for s in link(e, shipped_orgs())[1]]
    after = [s.key for e in parse(edited, source) for s in link(e, shipped_orgs())[1]]
    assert before == after


@pytest.mark.parametrize(
    ("text", "mentioned"),
    [
        ("- coffee with MATS scholars", ["MATS"]),
        ("- bought yoga mats", []),  # an acronym matches only in capitals
        ("- so far, so good; apart from that", []),
        ("- read https://blog.far.ai/post", ["FAR.AI"]),  # a subdomain
        ("- read https://notfar.ai/post", []),
        ("- 80,000 Hours podcast and 80000hours.org", ["80,000 Hours"]),
        ("- the 80k podcast", ["80,000 Hours"]),
        (
            "- [job board](https://jobs.80000hours.org/x) and DeepMind",
            ["Google DeepMind", "80,000 Hours"],
        ),
    ],
)
def test_mentions(text: str, mentioned: list[str]) -> None:
    mentions, _ = link(day_of(text + "\n"), shipped_orgs())
    assert [m.org for m in mentions] == mentioned
    assert all(m == Mention(0, m.org) for m in mentions)


def test_organizations_from_the_database_are_known_too() -> None:
    orgs = [*shipped_orgs(), KnownOrg("Acme Labs", ("Acme",), ("acme.dev",), id=7)]
    mentions, found = link(day_of("- applied to Acme ML engineer position\n"), orgs)
    assert mentions == [Mention(0, "Acme Labs")]
    assert found == [
        Suggestion(
            "application",
            0,
            "application|acme labs|ml engineer",
            {
                "organization": "Acme Labs",
                "role": "ML engineer",
                "kind": "job",
                "status": "applied",
                "applied": "2024-04-17",
            },
        )
    ]


@pytest.mark.parametrize(
    ("text", "role", "url"),
    [
        ("- applied for the research engineer role at Anthropic", "research engineer", None),
        ("- applied to MATS fellowship", "", None),
        ("- applied to MATS, fingers crossed", "", None),
        (
            "- applied to [Redwood](https://www.redwoodresearch.org/careers) member of"
            " technical staff position",
            "member of technical staff",
            "https://www.redwoodresearch.org/careers",
        ),
    ],
)
def test_applications(text: str, role: str, url: str | None) -> None:
    [found] = suggestions_of(text + "\n", "2024-05-02")
    assert found.kind == "application"
    assert found.fields["role"] == role
    assert found.fields["status"] == "applied"
    assert found.fields["applied"] == "2024-05-02"
    assert found.fields.get("url") == url


def test_no_application_without_a_known_organization() -> None:
    assert suggestions_of("- applied to a local startup job\n") == []
    assert suggestions_of("- should not hold off on applying to places\n") == []


def test_session_with_a_named_advisor_and_notes_on_its_own_line() -> None:
    [found] = suggestions_of(
        "- Call with Jane Doe, my 80,000 Hours advisor ([notes](https://docs.example/n))\n"
        "\t- apply more\n"
        "\t\t- a grandchild is not a takeaway of its own\n"
        "\t- build in public\n"
    )
    assert found == Suggestion(
        "session",
        0,
        "session|80,000 hours|2024-04-17",
        {
            "organization": "80,000 Hours",
            "held_on": "2024-04-17",
            "advisor": "Jane Doe",
            "notes_url": "https://docs.example/n",
            "takeaways": ["apply more", "build in public"],
        },
    )


def test_session_without_a_person_named() -> None:
    [found] = suggestions_of("- Met with The 80k advising team\n")
    assert found.fields == {
        "organization": "80,000 Hours",
        "held_on": "2024-04-17",
        "takeaways": [],
    }


def test_talking_with_an_organization_without_advising_is_no_session() -> None:
    # A recruiter is no advisor: the line is a move of an Anthropic application, if any.
    assert [s.kind for s in suggestions_of("- talked with Anthropic recruiter\n")] == ["move"]
    assert suggestions_of("- talked with Anthropic about their API\n") == []


@pytest.mark.parametrize(
    ("text", "fields", "key"),
    [
        (
            "- signed up for the Apart hackathon via https://apartresearch.com/event/x on May 3",
            {
                "name": "Apart hackathon",
                "kind": "hackathon",
                "host": "Apart Research",
                "url": "https://apartresearch.com/event/x",
                "status": "signed-up",
                "start": "2024-05-03",
            },
            "event|apart research|apart hackathon",
        ),
        (
            "- signed up to a weekend sprint",
            {"name": "weekend sprint", "kind": "sprint", "host": "", "status": "signed-up"},
            "event||weekend sprint",  # no host
        ),
    ],
)
def test_events(text: str, fields: dict[str, str], key: str) -> None:
    [found] = suggestions_of(text + "\n")
    assert (found.kind, found.fields, found.key) == ("event", fields, key)


@pytest.mark.parametrize(
    ("text", "opens"),
    [
        ("- MATS applications open May 10", "2024-05-10"),
        ("- MATS opens apps at EOM", "2024-04-30"),
        ("- MATS applications are opening next fri", "2024-04-19"),
        ("- MATS apps open soon", None),
        ("- MATS: applications will be opening on June 1st", "2024-06-01"),
    ],
)
def test_applications_opening(text: str, opens: str | None) -> None:
    [found] = suggestions_of(text + "\n")
    expected = {"organization": "MATS", "role": "", "kind": "program", "status": "interested"}
    if opens is not None:
        expected["opens"] = opens
    assert (found.kind, found.key, found.fields) == ("application", "application|mats|", expected)


def test_applications_closing_is_a_deadline() -> None:
    [found] = suggestions_of("- Learned about MATS\n\t- applications close on May 1st\n")
    assert found == Suggestion(
        "deadline",
        1,
        "deadline|mats|apply-by|2024-05-01",
        {
            "title": "MATS applications close",
            "due": "2024-05-01",
            "kind": "apply-by",
            "organization": "MATS",
        },
    )


def test_opening_date_joins_an_application_of_the_same_day() -> None:
    found = suggestions_of(
        "- applied to MATS fellowship\n\t- applications open May 1 and close May 15\n"
    )
    assert [(s.kind, s.key) for s in found] == [
        ("application", "application|mats|"),
        ("deadline", "deadline|mats|apply-by|2024-05-15"),
    ]
    assert found[0].fields == {
        "organization": "MATS",
        "role": "",
        "kind": "fellowship",
        "status": "applied",
        "applied": "2024-04-17",
        "opens": "2024-05-01",
    }


@pytest.mark.parametrize(
    "text",
    [
        "- open-source application built on the Anthropic API",
        "- opened the FAR.AI app",
        "- MATS apps: no news",
        "- MATS applications close soon",
    ],
)
def test_lines_that_only_look_like_openings_suggest_nothing(text: str) -> None:
    assert suggestions_of(text + "\n") == []


def test_opening_phrase_without_an_organization_suggests_nothing() -> None:
    assert suggestions_of("- applications open at EOM somewhere\n") == []


def test_fixture_journals_give_their_suggestions() -> None:
    source = SourceFile(FIXTURES / "jrnl" / "journal.txt", "journal.txt", "jrnl")
    entries = parse(source.path.read_text(encoding="utf-8"), source)
    found = [s for entry in entries for s in link(entry, shipped_orgs())[1]]
    assert [(s.kind, s.key, s.fields.get("start")) for s in found] == [
        ("event", "event|apart research|apart research hackathon", "2024-05-03")
    ]


# --- what a line claims (career.journal.scope) ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "- didn't apply to FAR.AI",
        "- I haven't applied to FAR.AI yet",
        "- my friend applied to SPAR",
        "- Sam applied to FAR.AI tech lead job",
        "- my friend signed up for the Apart hackathon",
        "- never signed up for the alignment jam",
        "- will talk with my 80k advisor next week",
        "- my friend got rejected by SPAR",
        "- will submit the FAR.AI take-home",
        "- looked at the FAR.AI careers page; might apply to FAR.AI",  # a plan, not the 1st clause
    ],
)
def test_negated_planned_or_someone_elses_lines_suggest_no_record(text: str) -> None:
    found = suggestions_of(text + "\n")
    assert [s for s in found if s.fields.get("status") != "interested"] == []


def test_a_plan_suggests_an_interest_at_most() -> None:
    [plan] = suggestions_of("- plan to apply to SPAR\n")
    assert (plan.kind, plan.fields) == (
        "application",
        {"organization": "SPAR", "role": "", "kind": "program", "status": "interested"},
    )
    [should] = suggestions_of("- should sign up for the Apart hackathon\n")
    assert (should.kind, should.fields["status"]) == ("event", "interested")
    [wish] = suggestions_of("- want to have applied to the MATS fellowship by May 1\n")
    assert wish.fields["status"] == "interested" and "applied" not in wish.fields
    assert suggestions_of("- apply to SPAR\n") == []  # no plan said, no claim made


def test_a_quoted_line_suggests_nothing() -> None:
    assert suggestions_of("> applied to FAR.AI tech lead job\n") == []


# --- what the record takes from the line and the shipped list ------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("- applied to FAR.AI tech lead job", "job"),
        ("- applied to SPAR", "program"),  # the shipped list: SPAR is a program
        ("- applied to the MATS fellowship", "fellowship"),
        ("- applied for an Open Phil grant", "grant"),
    ],
)
def test_an_applications_kind(text: str, kind: str) -> None:
    [found] = suggestions_of(text + "\n")
    assert found.fields["kind"] == kind


def test_organization_kinds_of_the_shipped_list() -> None:
    kinds = {org.name: org.kind for org in shipped_orgs()}
    assert kinds["SPAR"] == "program"
    assert kinds["80,000 Hours"] == "advisor"
    assert kinds["Apart Research"] == "host"
    assert kinds["FAR.AI"] == "lab"
    assert all(kind is not None for kind in kinds.values())
    # An organization of that name from the database takes the shipped kind.
    assert org_kind(KnownOrg("SPAR", (), (), id=4)) == "program"
    assert org_kind(KnownOrg("Acme", (), ())) is None


def test_an_advisor_and_a_summary_from_the_line() -> None:
    [found] = suggestions_of(
        "- talked with Ada from 80k: focus on evals, apply early\n\t- build in public\n",
        "2024-04-12",
    )
    assert found == Suggestion(
        "session",
        0,
        "session|80,000 hours|2024-04-12",
        {
            "organization": "80,000 Hours",
            "held_on": "2024-04-12",
            "advisor": "Ada",
            "summary": "focus on evals, apply early",
            "takeaways": ["build in public"],
        },
    )


def test_notes_of_an_application_and_an_event_from_the_line() -> None:
    [app] = suggestions_of("- applied to FAR.AI tech lead job - referred by Bo\n")
    assert app.fields["notes"] == "referred by Bo"
    [event] = suggestions_of("- signed up for the Apart hackathon: team of three\n")
    assert event.fields["notes"] == "team of three"


def test_every_date_is_the_journal_day() -> None:
    found = suggestions_of(
        "- applied to FAR.AI tech lead job\n- talked with my 80k advisor\n- rejected by SPAR\n",
        "2024-03-02",
    )
    dates = [s.fields.get("applied") or s.fields.get("held_on") or s.fields["on"] for s in found]
    assert dates == ["2024-03-02"] * 3


# --- status moves ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("- submitted the FAR.AI take-home", "interviewing"),
        ("- FAR.AI work test sent", "interviewing"),
        ("- interview scheduled with FAR.AI for Monday", "interviewing"),
        ("- had a second interview at FAR.AI", "interviewing"),
        ("- recruiter call with FAR.AI", "screening"),
        ("- rejected by FAR.AI", "rejected"),
        ("- got a rejection from FAR.AI after the interview", "rejected"),
        ("- FAR.AI rejected me", "rejected"),
        ("- got an offer from FAR.AI!", "offer"),
    ],
)
def test_moves(text: str, status: str) -> None:
    [found] = suggestions_of(text + "\n", "2024-05-02")
    assert found == Suggestion(
        "move",
        0,
        f"move|far.ai|{status}|2024-05-02",
        {"organization": "FAR.AI", "status": status, "on": "2024-05-02", "note": text[2:]},
    )


def test_a_move_under_a_line_naming_the_organization() -> None:
    [found] = suggestions_of("- FAR.AI\n\t- take-home submitted\n")
    assert (found.kind, found.item, found.fields["organization"]) == ("move", 1, "FAR.AI")


def test_no_move_without_an_organization() -> None:
    assert suggestions_of("- got rejected again\n- had an interview\n") == []


OPEN = {
    "farai": [
        OpenApplication(3, "FAR.AI", "tech lead", "interested"),
        OpenApplication(5, "FAR.AI", "research engineer", "applied"),
    ],
    "spar": [OpenApplication(7, "SPAR", "", "applied")],
}


def weighed(text: str) -> list[Suggestion]:
    entry = day_of(text)
    return against(link(entry, shipped_orgs())[1], entry, OPEN)


def test_a_move_names_the_newest_active_application() -> None:
    [found] = weighed("- rejected by FAR.AI\n")
    assert found == Suggestion(
        "move",
        0,
        "move|far.ai|5|rejected|2024-04-17",
        {
            "application": "5",
            "organization": "FAR.AI",
            "role": "research engineer",
            "status": "rejected",
            "on": "2024-04-17",
            "note": "rejected by FAR.AI",
        },
    )
    assert weighed("- rejected by MATS\n") == []  # no application: nothing to move


def test_no_duplicate_of_an_active_application() -> None:
    # Not sent yet: applying moves it to applied.
    [sent] = weighed("- applied to FAR.AI tech lead job\n")
    assert (sent.kind, sent.fields["application"], sent.fields["status"]) == (
        "move",
        "3",
        "applied",
    )
    assert sent.fields["note"] == "applied to FAR.AI tech lead job"
    # Sent already: a note on it.
    [note] = weighed("- applied to SPAR, fingers crossed\n")
    assert (note.kind, note.fields["application"], note.fields["status"]) == ("move", "7", "")
    # A plan or an opening of an organization applied to already adds nothing.
    assert weighed("- plan to apply to SPAR\n") == []
    assert weighed("- SPAR opens apps at EOM\n") == []
    # Another role at the same organization is a new application.
    [other] = weighed("- applied to FAR.AI policy researcher job\n")
    assert (other.kind, other.fields["role"]) == ("application", "policy researcher")


def test_keys_name_their_source() -> None:
    first, second = source_tag("/notes/a.md"), source_tag("/vault/2024-04-17.md")
    assert first != second and len(first) == 16
    key = "application|far.ai|tech lead"
    assert source_key(key, first) != source_key(key, second)
    assert legacy_key(source_key(key, first)) == key
    assert legacy_key(key) == key  # a key stored before keys named their source


# --- interactions with known contacts ----------------------------------------------------------

PEOPLE = [
    KnownContact(1, "Ada Lovelace"),
    KnownContact(2, "Dan Hendrycks"),
    KnownContact(3, "Ada Byron"),
    KnownContact(4, "Grace Hopper"),
]


def met(text: str) -> list[tuple[str, str, str]]:
    """(contact, via, note) of each interaction the day's lines suggest."""
    found = link(day_of(text), shipped_orgs(), PEOPLE)[1]
    return [
        (s.fields["contact"], s.fields["via"], s.fields["note"])
        for s in found
        if s.kind == "interaction"
    ]


@pytest.mark.parametrize(
    ("line", "contact", "via"),
    [
        ("coffee with Grace: talked about evals", "Grace Hopper", "meeting"),
        ("call with Dan from FAR.AI", "Dan Hendrycks", "call"),
        ("Lunch with Ada Lovelace", "Ada Lovelace", "meeting"),
        ("zoom call with Dan", "Dan Hendrycks", "video"),
        ("emailed Dan Hendrycks the take-home", "Dan Hendrycks", "email"),
        ("texted Grace", "Grace Hopper", "message"),
        ("met Grace at the jam", "Grace Hopper", "meeting"),
        ("talked with grace hopper about MATS", "Grace Hopper", "other"),
    ],
)
def test_a_line_meeting_a_known_contact_is_an_interaction(
    line: str, contact: str, via: str
) -> None:
    assert met(f"- {line}") == [(contact, via, line)]
    (found,) = [s for s in link(day_of(f"- {line}"), shipped_orgs(), PEOPLE)[1]]
    assert found.key == f"interaction|{found.fields['contact_id']}|2024-04-17"
    assert found.fields["on"] == "2024-04-17"


@pytest.mark.parametrize(
    "line",
    [
        "coffee with Ada",  # two contacts are called Ada
        "coffee with Alan",  # nobody known
        "didn't call Dan",
        "should email Grace tomorrow",
        "my friend had coffee with Grace",
        "met with the team",
        "a call with grace",  # a first name alone counts only as written, with a capital
        "read about Grace Hopper",  # naming is not meeting
    ],
)
def test_no_interaction_from_these_lines(line: str) -> None:
    assert met(f"- {line}") == []


def test_a_line_that_implies_another_record_is_not_also_an_interaction() -> None:
    found = link(
        day_of("- talked with Grace Hopper from 80k about careers"), shipped_orgs(), PEOPLE
    )
    assert [s.kind for s in found[1]] == ["session"]  # the session counts for its advisor
    assert link(day_of("- coffee with Grace"), shipped_orgs())[1] == []  # no contacts given
