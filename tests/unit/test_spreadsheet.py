"""The pure spreadsheet modules (`cells`, `sheet_mapping`, `export_format`, `sheets`): the
formula guard, header and status matching, row reading."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from career.cells import csv_text, guard, guard_cell, tags_cell, unguard
from career.errors import InvalidInput
from career.pipeline.export_format import EARLIER_EXPORT_FIELDS, EXPORT_FIELDS
from career.pipeline.sheet_mapping import header_key, map_status, match_header
from career.pipeline.sheets import (
    Attached,
    SheetProblems,
    Step,
    checked_date_order,
    read_sheet,
    split_tags,
)
from career.pipeline.vocab import clean_tags

TODAY = date(2024, 4, 20)


@given(st.text())
def test_unguard_is_the_exact_inverse_of_guard(text: str) -> None:
    assert unguard(guard(text)) == text


@given(st.text(alphabet="'=+-@\t\rab", max_size=8))
def test_guard_round_trips_apostrophes_and_formula_starts(text: str) -> None:
    assert unguard(guard(text)) == text
    assert not guard(text).startswith(("=", "+", "-", "@", "\t", "\r"))


@given(st.lists(st.text(), max_size=4))
def test_a_guarded_csv_row_reads_back_to_its_text(cells: list[str]) -> None:
    columns = [f"c{n}" for n in range(len(cells))]
    text = csv_text([dict(zip(columns, cells, strict=True))], columns)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [unguard(c) for c in rows[1]] == cells if cells else rows == [[], []]


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),  # an apostrophe the user typed survives the round trip
        ("'hello", "'hello"),  # not guarded: nothing to run
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_guard_prefixes_only_what_a_spreadsheet_would_run(text: str, cell: str) -> None:
    assert guard(text) == cell
    assert unguard(cell) == text


def test_guard_cell_formats_values() -> None:
    assert guard_cell(None) == ""
    assert guard_cell(["a", "-b"]) == "a; -b"  # as tags are written (`tags_cell`)
    assert guard_cell(["a;b", "c"]) == '"a;b"; c'
    assert guard_cell(["-a"]) == "'-a"
    assert guard_cell(date(2024, 4, 1)) == "2024-04-01"
    assert guard_cell(-3) == "-3"  # a number is not a formula
    assert guard_cell("-3") == "'-3"  # text that starts like one is guarded


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Company", "organization"),
        ("ORGANIZATION", "organization"),
        ("employer", "organization"),
        ("Role", "role"),
        ("Title", "role"),
        ("Position", "role"),
        ("Job Title", "role"),
        ("job_title", "role"),
        ("Status", "status"),
        ("Stage", "status"),
        ("List", "status"),
        ("Date Applied", "applied"),
        ("applied on", "applied"),
        ("Applied", "applied"),
        ("URL", "url"),
        ("Link", "url"),
        ("Job URL", "url"),
        ("Notes", "notes"),
        ("Source", "source"),
        ("Location", "location"),
        ("Deadline", "deadline"),
        ("status_since", "status_since"),
        ("  Tags ", "tags"),
        ("id", "ignore"),
        ("created_at", "ignore"),
        ("Salary", None),
    ],
)
def test_headers_are_matched_case_insensitively(header: str, field: str | None) -> None:
    assert match_header(header) == field


def test_every_export_column_is_read_back() -> None:
    assert all(match_header(name) is not None for name in EXPORT_FIELDS)
    assert header_key(" Job_Title-x ") == "job title x"


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Wishlist", "interested"),
        ("bookmarked", "interested"),
        ("Saved", "interested"),
        ("Applying", "preparing"),
        ("Phone Screen", "screening"),
        ("SCREENING", "screening"),
        ("Interview", "interviewing"),
        ("Interviewing", "interviewing"),
        ("On Site", "interviewing"),
        ("on-site", "interviewing"),
        ("Offer", "offer"),
        ("Rejected", "rejected"),
        ("Not Selected", "rejected"),
        ("Withdrawn", "withdrawn"),
        ("I Withdrew", "withdrawn"),
        ("Ghosted", "ghosted"),
        ("No Response", "ghosted"),
        ("Accepted", "accepted"),
        ("Hired", "accepted"),
        ("declined", "declined"),
        ("applied", "applied"),
        ("Maybe", None),
    ],
)
def test_status_words(word: str, status: str | None) -> None:
    assert map_status(word) == status


def test_a_sheet_reads_into_checked_rows() -> None:
    text = (
        "\ufeffEmployer;Job Title;Stage;Applied On;Tags;Excitement;Deadline\r\n"
        'Acme;\'=evil;Interview;Apr 12;"A; b ";4.0;May 1\r\n'
        ";;;;;;\r\n"
        "Beta;;;;;;\r\n"
    )
    sheet = read_sheet(text, "x.csv", today=TODAY)
    assert sheet.ignored_columns == []
    first, second = sheet.rows
    assert (first.row, first.organization, first.role, first.status) == (
        2, "Acme", "'=evil", "interviewing",  # not our export: the apostrophe is the user's
    )  # fmt: skip
    assert (first.applied, first.deadline, first.tags, first.excitement) == (
        date(2024, 4, 12), date(2024, 5, 1), ("a", "b"), 4,
    )  # fmt: skip
    assert (second.row, second.status, second.applied) == (4, "interested", None)


def test_empty_status_with_a_date_is_applied() -> None:
    sheet = read_sheet("Company,Applied\nAcme,2024-04-01\n", "x.csv", today=TODAY)
    assert sheet.rows[0].status == "applied"


def test_every_problem_is_listed_with_its_row() -> None:
    text = (
        "Company,Status,Applied,Excitement,Kind,Salary\n"
        "A,Maybe,2024-13-01,9,gig,1\n"
        ",applied,,,,\n"
        "B,Wishlist,2024-04-01,,,\n"
        "C,applied,,,,,extra\n"
    )
    with pytest.raises(SheetProblems) as caught:
        read_sheet(text, "x.csv", today=TODAY)
    problems = caught.value.problems
    assert [p.split(":")[0] for p in problems] == ["row 2"] * 4 + ["row 3", "row 4", "row 5"]
    assert "unknown kind 'gig'" in problems[0]
    assert "unknown status 'Maybe'" in problems[2] or "unknown status 'Maybe'" in problems[1]
    assert "excitement must be from 1 to 5, not '9'" in problems[3]
    assert problems[4] == "row 3: no organization"
    assert problems[5] == (
        "row 4: status 'interested' has no applied date, but the row gives 2024-04-01"
    )
    assert problems[6] == "row 5: more cells than the header has columns"
    assert caught.value.message == ("7 problems in x.csv (listed above); nothing was imported")


def test_header_problems() -> None:
    with pytest.raises(SheetProblems) as caught:
        read_sheet(
            "Company,Organization,Title,Title\nA,B,C,D\n",
            "x.csv",
            maps=["Nope=role", "Title=salary", "bad"],
            today=TODAY,
        )
    assert caught.value.problems == [
        "--map 'Title=salary': unknown field 'salary' (choose one of organization, role, "
        "status, applied, url, notes, source, location, deadline, kind, excitement, tags, "
        "status_since, salary_min, salary_max, salary_currency, salary_period, "
        "employment_type, workplace, posting_url, canonical_url, posted, ignore)",
        "--map 'bad': write it as COLUMN=FIELD",
        "--map: the file has no column 'nope' (its columns: 'Company', 'Organization', "
        "'Title', 'Title')",
        "header: the columns 'Company' and 'Organization' both mean organization; choose one "
        "with --map 'Organization'=organization or --map 'Organization'=ignore",
        "header: the column 'Title' appears twice",
    ]


def test_map_resolves_two_columns_for_one_field() -> None:
    sheet = read_sheet(
        "Company,Organization\nA,B\n", "x.csv", maps=["organization=organization"], today=TODAY
    )
    assert [r.organization for r in sheet.rows] == ["B"]
    assert sheet.ignored_columns == ["Company"]


def test_unreadable_sheets() -> None:
    with pytest.raises(InvalidInput, match="has no header row"):
        read_sheet("\n\n", "x.csv", today=TODAY)
    with pytest.raises(InvalidInput, match="is not a readable CSV file"):
        read_sheet("Company\n" + "x" * 200_000 + "\n", "x.csv", today=TODAY)


@given(st.lists(st.text(max_size=12), max_size=5))
def test_any_tags_survive_their_cell(raw: list[str]) -> None:
    try:
        tags = clean_tags(raw)
    except InvalidInput:  # an empty tag: not a tag
        return
    assert split_tags(tags_cell(tags)) == tags
    assert split_tags(unguard(guard(tags_cell(tags)))) == tags


@pytest.mark.parametrize(
    ("tags", "cell"),
    [
        (["ai safety", "ml"], "ai safety; ml"),
        (["a;b", "c,d"], '"a;b"; c,d'),
        (['"quoted" tag', 'say "hi"'], '"""quoted"" tag"; say "hi"'),
        ([], ""),
    ],
)
def test_tags_cell_stays_readable(tags: list[str], cell: str) -> None:
    assert tags_cell(tags) == cell
    assert split_tags(cell) == tags


@pytest.mark.parametrize(
    ("cell", "tags"),
    [("A; b ", ["a", "b"]), ("ai safety;ml", ["ai safety", "ml"]), ("x;;x", ["x"])],
)
def test_hand_kept_tags_split_on_semicolons(cell: str, tags: list[str]) -> None:
    assert split_tags(cell) == tags


def test_date_orders() -> None:
    assert checked_date_order(None) is None
    assert checked_date_order("dmy") == "DMY"
    assert checked_date_order("MDY") == "MDY"
    with pytest.raises(InvalidInput, match="unknown date order 'YMD'"):
        checked_date_order("YMD")
    text = "Company,Applied\nAcme,04/03/2024\n"
    assert read_sheet(text, "x.csv", today=TODAY, date_order="DMY").rows[0].applied == date(
        2024, 3, 4
    )
    assert read_sheet(text, "x.csv", today=TODAY, date_order="MDY").rows[0].applied == date(
        2024, 4, 3
    )


# An export written before the posting's fields (0008): still our own, read as before.
OWN = ",".join(EARLIER_EXPORT_FIELDS) + "\n"


def test_only_our_exact_header_is_our_export() -> None:
    row = "7,Acme,'=x,job,applied,,2024-04-01,,'-a; b,,,,,,2024-04-01T10:00:00+02:00,\n"
    ours = read_sheet(OWN + row, "x.csv", today=TODAY)
    assert ours.own
    (got,) = ours.rows
    assert (got.source_id, got.role, got.tags) == (7, "=x", ("-a", "b"))
    assert got.created_at is not None and got.created_at.isoformat() == (
        "2024-04-01T08:00:00+00:00"
    )
    assert got.updated_at is None
    renamed = OWN.replace("notes", "Notes")  # a person's sheet now: nothing un-guarded
    theirs = read_sheet(renamed + row, "x.csv", today=TODAY)
    assert not theirs.own
    (got,) = theirs.rows
    assert (got.source_id, got.role, got.tags, got.created_at) == (None, "'=x", ("'-a", "b"), None)


def test_our_export_with_its_history_and_deadlines() -> None:
    apps = OWN + "1,Acme,,job,screening,2024-04-12,2024-04-10,,,,,,,2024-05-01,,\n"
    history = Attached(
        "h.csv",
        "application_id,date,from,to,note\n"
        "1,2024-04-10,,applied,'=first\n"
        "1,04/12/2024,applied,screening,\n",
    )
    deadlines = Attached(
        "d.csv",
        "due,application_id,title,kind,time,zone,remind_days,done_at,created_at\n"  # any order
        "2024-04-30,1,'@prep,follow-up,17:00,Asia/Tokyo,3,2024-04-19T01:02:03+00:00,\n",
    )
    sheet = read_sheet(
        apps, "a.csv", today=TODAY, date_order="MDY", history=history, deadlines=deadlines
    )
    (row,) = sheet.rows
    assert row.timeline == (
        Step(date(2024, 4, 10), None, "applied", "=first"),
        Step(date(2024, 4, 12), "applied", "screening", None),
    )
    assert row.deadlines is not None
    (item,) = row.deadlines
    assert (item.title, item.kind, item.due, str(item.at), item.zone, item.remind_days) == (
        "@prep", "follow-up", date(2024, 4, 30), "17:00:00", "Asia/Tokyo", 3,
    )  # fmt: skip
    assert item.done_at is not None and item.done_at.isoformat() == "2024-04-19T01:02:03+00:00"
    assert item.created_at is None


def test_a_history_must_end_where_the_application_is() -> None:
    apps = OWN + "1,Acme,,job,screening,2024-04-11,2024-04-10,,,,,,,,,\n"
    history = Attached(
        "h.csv",
        "application_id,date,from,to,note\n"
        "1,2024-04-10,,applied,\n"
        "1,2024-04-12,applied,screening,\n"
        "1,2024-04-12,screening,screening,\n",
    )
    with pytest.raises(SheetProblems) as caught:
        read_sheet(apps, "a.csv", today=TODAY, history=history)
    assert caught.value.problems == [
        "h.csv row 4: a move from screening to itself",
        "h.csv row 4: application 1 became 'screening' on 2024-04-12, but a.csv row 2 says "
        "since 2024-04-11",
    ]
    assert caught.value.message == "2 problems in h.csv (listed above); nothing was imported"


def test_repeated_ids_in_our_export() -> None:
    apps = OWN + "1,Acme,,job,,,,,,,,,,,,\n1,Beta,,job,,,,,,,,,,,,\nx,Gamma,,job,,,,,,,,,,,,\n"
    big = OWN + "123456789012345678,Acme,,job,,,,,,,,,,,,\n"
    assert read_sheet(big, "a.csv", today=TODAY).rows[0].source_id == 123456789012345678
    with pytest.raises(SheetProblems) as caught:
        read_sheet(apps, "a.csv", today=TODAY)
    assert caught.value.problems == [
        "row 3: id 1 appears on an earlier row too",
        "row 4: id must be a whole number from 1 up, not 'x'",
    ]
