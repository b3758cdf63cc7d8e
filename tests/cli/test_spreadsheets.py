"""`career export apps` and `career import apps` through the CLI, on both backends."""

from __future__ import annotations

import csv
import io
import json
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CLI, PG_ADMIN_URL, added_id, snapshot, table_rows

SHEETS = Path(__file__).resolve().parents[1] / "fixtures" / "spreadsheets"
NOW = "2024-04-20T09:00:00+00:00"


@pytest.fixture
def second_db(backend: str, tmp_path: Path) -> Iterator[str]:
    """Another empty database on the same backend (the target of a round trip)."""
    if backend == "sqlite":
        yield str(tmp_path / "second" / "career.db")
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"career_test_second_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def on(cli: CLI, url: str, *args: str) -> tuple[int, str, str]:
    result = cli("--db", url, *args)
    return result.exit_code, result.stdout, result.stderr


def exported(cli: CLI, *args: str) -> list[dict[str, object]]:
    result = cli("export", "apps", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


NO_POSTING = dict.fromkeys(
    [
        "salary_min", "salary_max", "salary_currency", "salary_period", "employment_type",
        "workplace", "posting_url", "canonical_url", "posted",
    ]
)  # fmt: skip


def test_export_json_is_every_field_with_the_timeline(cli: CLI) -> None:
    first = added_id(
        cli(
            "add-application", "FAR.AI", "Tech Lead", "--applied", "2024-04-10",
            "--url", "https://far.ai/jobs", "--source", "referral", "--location", "Berkeley",
            "--excitement", "5", "--tag", "ai-safety", "--tag", "lead", "--note", "via Ana",
            "--salary-min", "120000", "--currency", "GBP", "--salary-period", "year",
            "--workplace", "on-site", "--employment-type", "contract",
            "--posting-url", "https://jobs.lever.co/far/0b5a1c2e-1111-2222-3333-444455556666",
            "--posted", "2024-04-02",
        )
    )  # fmt: skip
    assert cli("app", "move", str(first), "screening", "--on", "2024-04-15").exit_code == 0
    second = added_id(cli("add-application", "SPAR", "--kind", "fellowship", "--status",
                          "interested"))  # fmt: skip
    assert cli("app", "move", str(second), "withdrawn", "--note", "timing").exit_code == 0
    added_id(cli("add-deadline", "prep", "--due", "2024-04-25", "--at", "17:00", "--tz",
                 "Europe/London", "--app", str(first), "--kind", "follow-up",
                 "--remind-days", "2"))  # fmt: skip

    assert exported(cli) == [
        {
            "id": first, "organization": "FAR.AI", "role": "Tech Lead", "kind": "job",
            "status": "screening", "status_since": "2024-04-15", "applied": "2024-04-10",
            "excitement": 5, "tags": ["ai-safety", "lead"], "url": "https://far.ai/jobs",
            "source": "referral", "location": "Berkeley", "notes": "via Ana", "deadline": None,
            "salary_min": 120000, "salary_max": None, "salary_currency": "GBP",
            "salary_period": "year", "employment_type": "contract", "workplace": "on-site",
            "posting_url": "https://jobs.lever.co/far/0b5a1c2e-1111-2222-3333-444455556666",
            "canonical_url": None, "posted": "2024-04-02",
            "created_at": NOW, "updated_at": NOW,
            "timeline": [
                {"date": "2024-04-10", "from": None, "to": "applied", "note": None},
                {"date": "2024-04-15", "from": "applied", "to": "screening", "note": None},
            ],
            "deadlines": [
                {"title": "prep", "kind": "follow-up", "due": "2024-04-25", "time": "17:00",
                 "zone": "Europe/London", "remind_days": 2, "done_at": None,
                 "created_at": NOW},
            ],
        },
        {
            "id": second, "organization": "SPAR", "role": None, "kind": "fellowship",
            "status": "withdrawn", "status_since": "2024-04-20", "applied": "2024-04-20",
            "excitement": None, "tags": [], "url": None, "source": None, "location": None,
            "notes": None, "deadline": None, **NO_POSTING, "created_at": NOW, "updated_at": NOW,
            "timeline": [
                {"date": "2024-04-20", "from": None, "to": "interested", "note": None},
                {"date": "2024-04-20", "from": "interested", "to": "withdrawn", "note": "timing"},
            ],
            "deadlines": [],
        },
    ]  # fmt: skip


def test_export_of_nothing(cli: CLI, db_url: str) -> None:
    assert exported(cli) == []
    result = cli("export", "apps")
    assert result.exit_code == 0
    assert result.stdout_bytes.decode() == (
        "id,organization,role,kind,status,status_since,applied,excitement,tags,url,source,"
        "location,notes,deadline,salary_min,salary_max,salary_currency,salary_period,"
        "employment_type,workplace,posting_url,canonical_url,posted,created_at,updated_at\r\n"
    )


HOSTILE_SHEET = (
    "Company,Role,Status,Applied,Notes,Deadline\r\n"
    'Acme,"=HYPERLINK(""http://x"",""y"")",interested,,"\tleading tab",2024-05-01\r\n'
)


def test_every_csv_writer_writes_tags_the_same_way(cli: CLI) -> None:
    """`apps --format csv` and `export apps`: one tag encoding (`; `, a tag holding `;` quoted,
    the formula guard on the whole cell), which `import apps` splits back into the same tags."""
    tags = ["-urgent", "a;b", "ml"]
    added_id(cli("add-application", "FAR.AI", "lead", *(f"--tag={t}" for t in tags)))
    listed = cli("apps", "--format", "csv")
    export = cli("export", "apps")
    assert listed.exit_code == export.exit_code == 0
    listed_cell = next(csv.DictReader(io.StringIO(listed.stdout)))["tags"]
    export_cell = next(csv.DictReader(io.StringIO(export.stdout)))["tags"]
    assert listed_cell == export_cell == '\'-urgent; "a;b"; ml'
    from career.cells import unguard
    from career.pipeline.sheets import split_tags

    assert sorted(split_tags(unguard(listed_cell))) == sorted(tags)


def test_csv_round_trip_with_hostile_cells_is_identical(
    cli: CLI, db_url: str, second_db: str, tmp_path: Path
) -> None:
    hostile = added_id(
        cli(
            "add-application", "Zürich — 東京 Labs", "+1", "--applied", "2024-04-01",
            "--location=-2", "--source", "@SUM(A1)", "--url", "https://x.test/?a=1,b=2",
            "--tag", "a,b", "--tag", "東京",
            "--note", 'line one, "quoted"\nline two\r\nline three =1+1',
        )
    )  # fmt: skip
    cli("app", "move", str(hostile), "interviewing", "--on", "2024-04-12", "--note", "-3")
    cli("add-application", "SPAR", "fellow", "--status", "interested", "--excitement", "3")
    sheet = tmp_path / "hostile.csv"
    sheet.write_text(HOSTILE_SHEET, encoding="utf-8", newline="")
    assert cli("import", "apps", str(sheet)).exit_code == 0

    first = cli("export", "apps")
    assert first.exit_code == 0, first.stderr
    text = first.stdout_bytes.decode()  # .stdout would turn every CRLF into LF
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    by_id = {row["id"]: row for row in rows}
    assert by_id["1"]["role"] == "'+1"
    assert by_id["1"]["location"] == "'-2"
    assert by_id["1"]["source"] == "'@SUM(A1)"
    assert by_id["1"]["tags"] == "a,b; 東京"
    assert by_id["1"]["notes"] == 'line one, "quoted"\nline two\r\nline three =1+1'
    assert by_id["3"]["role"] == '\'=HYPERLINK("http://x","y")'
    assert by_id["3"]["notes"] == "leading tab"  # text fields are trimmed when recorded
    assert by_id["3"]["deadline"] == "2024-05-01"
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
               for row in rows for cell in row.values())  # fmt: skip

    out = tmp_path / "apps.csv"
    out.write_text(text, encoding="utf-8", newline="")
    if "://" in second_db:
        assert on(cli, second_db, "db", "upgrade")[0] == 0
    code, _, err = on(cli, second_db, "import", "apps", str(out))
    assert code == 0, err
    assert "ignored" not in err  # every column of our own export is read (or is bookkeeping)
    again = cli("--db", second_db, "export", "apps")
    assert again.exit_code == 0, again.stderr
    assert again.stdout_bytes.decode() == text


def test_history_file_lists_every_status_change(cli: CLI, tmp_path: Path) -> None:
    app_id = added_id(cli("add-application", "FAR.AI", "lead", "--applied", "2024-04-10"))
    cli("app", "move", str(app_id), "rejected", "--on", "2024-04-18", "--note", "=no, sorry")
    history = tmp_path / "history.csv"
    result = cli("export", "apps", "--history", str(history))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("id,organization,")
    assert history.read_bytes().decode() == (
        "application_id,date,from,to,note\n"
        f"{app_id},2024-04-10,,applied,\n"
        f'{app_id},2024-04-18,applied,rejected,"\'=no, sorry"\n'
    ).replace("\n", "\r\n")
    assert stat.S_IMODE(history.stat().st_mode) == 0o600


def test_out_is_private_and_never_overwritten_without_force(
    cli: CLI, db_url: str, tmp_path: Path
) -> None:
    cli("add-application", "FAR.AI", "lead")
    out = tmp_path / "apps.json"
    result = cli("export", "apps", "--format", "json", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "wrote 1 application(s)" in result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text(encoding="utf-8"))[0]["organization"] == "FAR.AI"

    out.write_text("mine", encoding="utf-8")
    refused = cli("export", "apps", "--out", str(out))
    assert refused.exit_code == 4
    assert refused.stderr == f"career: error: {out} exists already; add --force to replace it\n"
    assert out.read_text(encoding="utf-8") == "mine"

    out.chmod(0o644)
    forced = cli("export", "apps", "--out", str(out), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert out.read_text(encoding="utf-8").startswith("id,organization,")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_hand_kept_sheet_imports_with_the_right_fields(cli: CLI) -> None:
    result = cli("import", "apps", str(SHEETS / "hand-kept.csv"))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "ignored columns: Salary\n"
        "5 application(s) created, 0 already recorded (skipped), from hand-kept.csv\n"
    )
    assert result.stdout.splitlines() == [
        "row 2: created FAR.AI — Tech Lead (interviewing, applied 2024-04-10)",
        "row 3: created SPAR — Research fellow (interested)",
        "row 4: created Apart Research — Sprint participant (applied, applied 2024-04-12)",
        "row 5: created Redwood Research — MLE (rejected, applied 2024-03-01)",
        "row 7: created 80000 Hours — Advising call (accepted, applied 2024-02-15)",
    ]
    fields = ["organization", "role", "status", "applied", "url", "location", "notes",
              "deadline", "status_since"]  # fmt: skip
    got = [{k: r[k] for k in fields} for r in exported(cli)]
    assert got == [
        {"organization": "FAR.AI", "role": "Tech Lead", "status": "interviewing",
         "applied": "2024-04-10", "url": "https://far.ai/jobs", "location": "Berkeley",
         "notes": 'Referral from Ana; "strong fit"', "deadline": None,
         "status_since": "2024-04-10"},
        {"organization": "SPAR", "role": "Research fellow", "status": "interested",
         "applied": None, "url": "https://sparai.org", "location": "Remote",
         "notes": "apply before the window closes", "deadline": "2024-05-01",
         "status_since": "2024-04-20"},
        {"organization": "Apart Research", "role": "Sprint participant", "status": "applied",
         "applied": "2024-04-12", "url": None, "location": "Zürich — 東京",
         "notes": "'=not a formula",  # a hand-kept sheet is not un-guarded
         "deadline": None, "status_since": "2024-04-12"},
        {"organization": "Redwood Research", "role": "MLE", "status": "rejected",
         "applied": "2024-03-01", "url": None, "location": None, "notes": "=cold email",
         "deadline": None, "status_since": "2024-03-01"},
        {"organization": "80000 Hours", "role": "Advising call", "status": "accepted",
         "applied": "2024-02-15", "url": None, "location": None, "notes": None,
         "deadline": None, "status_since": "2024-02-15"},
    ]  # fmt: skip
    shown = json.loads(cli("app", "show", "2", "--format", "json").stdout)
    assert shown["timeline"] == [
        {"date": "2024-04-20", "from": None, "to": "interested",
         "note": "imported from hand-kept.csv"}
    ]  # fmt: skip


def test_hand_kept_deadline_is_an_apply_by_deadline(cli: CLI, database: object) -> None:
    assert cli("import", "apps", str(SHEETS / "hand-kept.csv")).exit_code == 0
    from sqlalchemy import select

    from career.db.engine import Database
    from career.deadlines.models import Deadline

    assert isinstance(database, Database)
    with database.session() as session:
        rows = [
            (d.title, d.kind, d.due_on.isoformat(), d.application_id, d.done_at)
            for d in session.scalars(select(Deadline))
        ]
    assert rows == [("apply to SPAR", "apply-by", "2024-05-01", 2, None)]


def test_tracker_export_imports_with_the_right_fields(cli: CLI) -> None:
    result = cli("import", "apps", str(SHEETS / "tracker-export.csv"))
    assert result.exit_code == 0, result.stderr
    # Created At is a bookkeeping column (ours has one too): not read, not reported.
    assert result.stderr == (
        "4 application(s) created, 0 already recorded (skipped), from tracker-export.csv\n"
    )
    fields = ["organization", "role", "status", "applied", "url", "source", "notes",
              "excitement", "tags"]  # fmt: skip
    got = [{k: r[k] for k in fields} for r in exported(cli)]
    assert got == [
        {"organization": "Anthropic", "role": "Research Engineer", "status": "screening",
         "applied": "2024-04-02", "url": "https://example.com/re", "source": "LinkedIn",
         "notes": None, "excitement": 4, "tags": ["ai safety", "ml"]},
        {"organization": "Conjecture", "role": "ML Engineer", "status": "ghosted",
         "applied": "2024-02-20", "url": None, "source": "Referral",
         "notes": "line one\r\nline two", "excitement": None, "tags": []},
        {"organization": "GovAI", "role": "Policy Fellow", "status": "interested",
         "applied": None, "url": None, "source": "Website", "notes": None, "excitement": 2,
         "tags": ["policy"]},
        {"organization": "Acme Corp", "role": "Software Engineer", "status": "ghosted",
         "applied": "2024-01-05", "url": None, "source": "Indeed", "notes": None,
         "excitement": None, "tags": []},
    ]  # fmt: skip


def test_map_names_a_column_and_wins_over_the_automatic_match(cli: CLI) -> None:
    result = cli(
        "import", "apps", str(SHEETS / "tracker-export.csv"),
        "--map", "created at=applied", "--map", "Job URL=ignore", "--map", "List=notes",
        "--map", "Job Position=location",
    )  # fmt: skip
    # List is now notes, so no column names the status: rows with a date are "applied".
    assert result.exit_code == 0, result.stderr
    assert "ignored columns: Date Applied" in result.stderr
    got = [(r["applied"], r["status"], r["url"], r["notes"], r["role"], r["location"])
           for r in exported(cli)]  # fmt: skip
    assert got == [
        ("2024-03-30", "applied", None, "Phone Screen", None, "Research Engineer"),
        ("2024-02-19", "applied", None, "Ghosted", None, "ML Engineer"),
        ("2024-04-18", "applied", None, "Bookmarked", None, "Policy Fellow"),
        ("2024-01-04", "applied", None, "No Response", None, "Software Engineer"),
    ]


def test_unmapped_values_are_all_listed_and_nothing_is_imported(cli: CLI, db_url: str) -> None:
    added_id(cli("add-application", "FAR.AI", "lead", "--applied", "2024-04-10"))
    before = snapshot(db_url)
    result = cli("import", "apps", str(SHEETS / "unmapped-statuses.csv"))
    assert result.exit_code == 2
    assert result.stdout == ""
    from career.pipeline.sheet_mapping import known_words

    known = known_words()
    assert "interested, interview, interviewing" in known
    assert result.stderr.splitlines() == [
        "row 2: unknown status 'Maybe later': map it with --map-status 'Maybe later'=STATUS "
        f"(known words: {known})",
        "row 4: no organization",
        "row 5: applied: '2024-02-30' is not a valid date: February 2024 has 29 days",
        "row 5: unknown status 'Considering': map it with --map-status 'Considering'=STATUS "
        f"(known words: {known})",
        "row 6: applied: ambiguous date '04/05/2024': it could be 2024-05-04 (day first) or "
        "2024-04-05 (month first); write it as YYYY-MM-DD",
        "career: error: 5 problems in unmapped-statuses.csv (listed above); nothing was imported",
    ]
    assert snapshot(db_url) == before


def test_dry_run_shows_what_would_be_created_and_changes_nothing(cli: CLI, db_url: str) -> None:
    sheet = str(SHEETS / "hand-kept.csv")
    first_run = cli("import", "apps", sheet, "--dry-run")
    assert first_run.exit_code == 0, first_run.stderr
    assert first_run.stdout.splitlines()[0] == (
        "row 2: would create FAR.AI — Tech Lead (interviewing, applied 2024-04-10)"
    )
    assert first_run.stderr.splitlines()[-1] == (
        "dry run: 5 application(s) would be created, 0 already recorded (skipped), "
        "from hand-kept.csv; nothing was changed"
    )
    if "://" not in db_url:
        assert not Path(db_url).exists()  # a first run creates no database
    added_id(cli("add-application", "FAR.AI", "Tech Lead", "--applied", "2024-04-10",
                 "--status", "interviewing"))  # fmt: skip
    before = snapshot(db_url)
    result = cli("import", "apps", sheet, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "row 3: would create SPAR — Research fellow (interested)",
        "row 4: would create Apart Research — Sprint participant (applied, applied 2024-04-12)",
    ]
    assert result.stdout.splitlines()[-1] == (
        "row 2: skipped FAR.AI — Tech Lead (interviewing, applied 2024-04-10): "
        "recorded already (#1)"
    )
    assert snapshot(db_url) == before


def test_importing_again_creates_no_duplicates(cli: CLI, db_url: str) -> None:
    sheet = str(SHEETS / "tracker-export.csv")
    assert cli("import", "apps", sheet).exit_code == 0
    once = exported(cli)
    before = snapshot(db_url) if "://" in db_url else None
    again = cli("import", "apps", sheet)
    assert again.exit_code == 0, again.stderr
    assert again.stderr.splitlines()[-1] == (
        "0 application(s) created, 4 already recorded (skipped), from tracker-export.csv"
    )
    assert exported(cli) == once
    if before is not None:
        assert snapshot(db_url) == before


def test_a_row_that_would_duplicate_an_active_application_is_a_problem(
    cli: CLI, db_url: str, tmp_path: Path
) -> None:
    added_id(cli("add-application", "far ai", "tech lead", "--applied", "2024-04-01"))
    sheet = tmp_path / "dup.csv"
    sheet.write_text(
        "Company,Role,Status,Applied\nFAR.AI,Tech Lead,applied,2024-04-10\n"
        "SPAR,Fellow,Rejected,2024-01-01\nSPAR,fellow,applied,2024-04-02\n"
        "SPAR,Fellow,screening,2024-04-03\n",
        encoding="utf-8",
    )
    before = snapshot(db_url)
    result = cli("import", "apps", str(sheet))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "row 2: an active application for FAR.AI — Tech Lead exists already (#1)",
        "row 5: an active application for SPAR — Fellow exists already (row 4)",
        "career: error: 2 problems in dup.csv (listed above); nothing was imported",
    ]
    assert snapshot(db_url) == before


# (id, argv (FILE is a path in tmp_path), exit code, words in the error line)
BAD = [
    ("history-with-json", ["export", "apps", "-f", "json", "--history", "FILE"], 2,
     "--history is for CSV"),
    ("format-table", ["export", "apps", "-f", "table"], 2, "'table' is not one of"),
    ("out-folder", ["export", "apps", "--out", "DIR"], 2, "is a folder"),
    ("out-no-folder", ["export", "apps", "--out", "DIR/nope/x.csv"], 2, "does not exist"),
    ("out-exists", ["export", "apps", "--out", "EXISTING"], 4, "exists already"),
    ("history-exists", ["export", "apps", "--history", "EXISTING"], 4, "exists already"),
    ("same-file", ["export", "apps", "--out", "FILE", "--history", "FILE"], 2,
     "different files"),
    ("import-missing", ["import", "apps", "DIR/missing.csv"], 2, "no file"),
    ("import-folder", ["import", "apps", "DIR"], 2, "is a folder"),
    ("import-latin1", ["import", "apps", "LATIN1"], 2, "not UTF-8 text (byte 14)"),
    ("import-empty", ["import", "apps", "EMPTY"], 2, "has no header row"),
    ("map-no-equals", ["import", "apps", "GOOD", "--map", "Company"], 2,
     "1 problem in good.csv"),
    ("map-unknown-field", ["import", "apps", "GOOD", "--map", "Company=salary"], 2,
     "1 problem in good.csv"),
    ("map-unknown-column", ["import", "apps", "GOOD", "--map", "Employer=organization"], 2,
     "1 problem in good.csv"),
    ("history-file", ["import", "apps", "HISTORY"], 2, "1 problem in history.csv"),
    ("no-org-column", ["import", "apps", "NOORG"], 2, "1 problem in noorg.csv"),
    ("future-applied", ["import", "apps", "FUTURE"], 2, "1 problem in future.csv"),
    ("history-with-hand-sheet", ["import", "apps", "GOOD", "--history", "HISTORY"], 2,
     "good.csv is not one (its header differs)"),
    ("deadlines-with-hand-sheet", ["import", "apps", "GOOD", "--deadlines", "EXISTING"], 2,
     "--deadlines goes with the applications file of `career export apps`"),
    ("history-not-history", ["import", "apps", "OURS", "--history", "GOOD"], 2,
     "1 problem in good.csv"),
    ("import-same-file", ["import", "apps", "OURS", "--history", "OURS"], 2,
     "must name different files"),
    ("date-order-unknown", ["import", "apps", "GOOD", "--date-order", "YMD"], 2,
     "'YMD' is not one of"),
    ("deadlines-with-json", ["export", "apps", "-f", "json", "--deadlines", "FILE"], 2,
     "--deadlines is for CSV"),
    ("same-file-deadlines", ["export", "apps", "--history", "FILE", "--deadlines", "FILE"], 2,
     "different files"),
    ("deadlines-exists", ["export", "apps", "--deadlines", "EXISTING"], 4, "exists already"),
]  # fmt: skip

# What each case lists before the error line (the problems of a sheet).
LISTED = {
    "map-no-equals": "--map 'Company': write it as COLUMN=FIELD",
    "map-unknown-field": "--map 'Company=salary': unknown field 'salary'",
    "map-unknown-column": "--map: the file has no column 'employer'",
    "history-file": "this is the status history or deadlines file of an export; import the "
    "applications file, and give this one with --history or --deadlines",
    "no-org-column": "header: no column names the organization",
    "future-applied": "row 2: applied 2024-05-01 is in the future (today is 2024-04-20)",
    "history-not-history": "good.csv: not the history file of `career export apps --history` "
    "(its header must be application_id,date,from,to,note)",
}


@pytest.mark.parametrize(("case", "argv", "code", "words"), BAD, ids=[c[0] for c in BAD])
def test_bad_input_is_a_clear_error_and_changes_nothing(
    cli: CLI, db_url: str, tmp_path: Path, case: str, argv: list[str], code: int, words: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    files = {
        "FILE": work / "file.csv",
        "DIR": work,
        "EXISTING": work / "existing.csv",
        "LATIN1": work / "latin1.csv",
        "EMPTY": work / "empty.csv",
        "GOOD": work / "good.csv",
        "HISTORY": work / "history.csv",
        "NOORG": work / "noorg.csv",
        "FUTURE": work / "future.csv",
        "OURS": work / "ours.csv",
    }
    files["OURS"].write_text(OWN_HEADER + "1,FAR.AI,lead,job,interested,,,,,,,,,,,\n")
    files["EXISTING"].write_text("keep", encoding="utf-8")
    files["LATIN1"].write_bytes("Company,Role\nZ\xfcrich AG,x\n".encode("latin-1"))
    files["EMPTY"].write_text("", encoding="utf-8")
    files["GOOD"].write_text("Company,Role\nFAR.AI,lead\n", encoding="utf-8")
    files["HISTORY"].write_text("application_id,date,from,to,note\n1,2024-04-10,,applied,\n")
    files["NOORG"].write_text("Role,Status\nlead,applied\n", encoding="utf-8")
    files["FUTURE"].write_text("Company,Applied\nFAR.AI,2024-05-01\n", encoding="utf-8")
    args = []
    for arg in argv:
        head, _, rest = arg.partition("/")
        args.append(str(files[head]) + ("/" + rest if rest else "") if head in files else arg)
    added_id(cli("add-application", "SPAR", "fellow", "--applied", "2024-04-10"))
    before = snapshot(db_url)
    listing = sorted(p.name for p in work.iterdir())

    result = cli(*args)

    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("career: error: ")
    assert words in lines[-1]
    if case in LISTED:
        assert len(lines) == 2, result.stderr
        assert LISTED[case] in lines[0]
    else:
        assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(db_url) == before
    assert sorted(p.name for p in work.iterdir()) == listing
    assert files["EXISTING"].read_text(encoding="utf-8") == "keep"


OWN_HEADER = (
    "id,organization,role,kind,status,status_since,applied,excitement,tags,url,source,"
    "location,notes,deadline,created_at,updated_at\n"
)


def test_problems_of_the_three_files_are_listed_together_and_nothing_is_imported(
    cli: CLI, db_url: str, tmp_path: Path
) -> None:
    apps, history, deadlines = (tmp_path / n for n in ("apps.csv", "h.csv", "d.csv"))
    apps.write_text(
        OWN_HEADER
        + "1,FAR.AI,lead,job,screening,2024-04-12,2024-04-10,,,,,,,,,\n"
        + "2,SPAR,fellow,job,applied,2024-04-11,2024-04-11,,,,,,,,,\n"
        + "3,Redwood,MLE,job,rejected,2024-04-15,2024-04-01,,,,,,,,,\n",
        encoding="utf-8",
    )
    history.write_text(
        "application_id,date,from,to,note\n"
        "1,2024-04-10,,applied,\n"
        "1,2024-04-12,interviewing,screening,\n"
        "2,2024-04-11,,interested,\n"
        "9,2024-04-01,,applied,\n"
        "3,2024-04-01,,applied,\n"
        "3,2024-04-15,applied,rejected,\n"
        "3,2024-04-14,rejected,ghosted,\n",
        encoding="utf-8",
    )
    deadlines.write_text(
        "application_id,title,kind,due,time,zone,remind_days,done_at,created_at\n"
        "1,prep,follow-up,2024-04-22,,Europe/London,,,\n"
        "1,call,sometime,2024-04-22,25:00,Mars/Base,-1,yesterday,\n"
        "9,x,other,2024-04-22,,,,,\n",
        encoding="utf-8",
    )
    before = snapshot(db_url)
    result = cli("import", "apps", str(apps), "--history", str(history),
                 "--deadlines", str(deadlines))  # fmt: skip
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "h.csv row 3: application 1 moves from interviewing, but the change before it went "
        "to applied",
        "h.csv row 4: application 2 ends as 'interested', but apps.csv row 3 says 'applied'",
        "h.csv row 5: application_id 9 is not in apps.csv",
        "h.csv row 8: 2024-04-14 is before the change above it (2024-04-15)",
        "h.csv row 8: application 3 ends as 'ghosted', but apps.csv row 4 says 'rejected'",
        "d.csv row 2: zone 'Europe/London' needs a time: a zone only applies to a time of day",
        "d.csv row 3: unknown kind 'sometime' (choose one of apply-by, opens, follow-up, "
        "action, event, other)",
        "d.csv row 3: time: cannot read '25:00' as a time: use HH:MM, such as 17:00",
        "d.csv row 3: unknown time zone 'Mars/Base': use an IANA name such as Europe/London",
        "d.csv row 3: remind_days must be from 0 to 36500, not '-1'",
        "d.csv row 3: done_at: cannot read 'yesterday' as an instant: write it as "
        "2024-04-20T09:00:00+00:00",
        "d.csv row 4: application_id 9 is not in apps.csv",
        "career: error: 12 problems in h.csv and d.csv (listed above); nothing was imported",
    ]
    assert snapshot(db_url) == before


def test_a_new_organization_like_another_is_created_with_a_warning(
    cli: CLI, tmp_path: Path
) -> None:
    added_id(cli("add-application", "Apart Research", "sprint"))
    sheet = tmp_path / "near.csv"
    sheet.write_text(
        "Company,Role\nApart Reseach,jam\napart research,hackathon\nRedwood,MLE\nRedwood Res,x\n",
        encoding="utf-8",
    )
    result = cli("import", "apps", str(sheet))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "warning: new organization 'Apart Reseach' looks like existing 'Apart Research' (#1);"
        " if they are one, use that name",
        "warning: new organization 'Redwood Res' looks like existing 'Redwood' (#3);"
        " if they are one, use that name",
        "4 application(s) created, 0 already recorded (skipped), from near.csv",
    ]
    assert [r["organization"] for r in exported(cli)] == [
        "Apart Research", "Apart Reseach", "Apart Research", "Redwood", "Redwood Res",
    ]  # fmt: skip


def test_a_json_file_given_to_import_is_named_as_such(cli: CLI, tmp_path: Path) -> None:
    data = tmp_path / "apps.json"
    data.write_text('[{"organization": "FAR.AI"}]', encoding="utf-8")
    result = cli("import", "apps", str(data))
    assert result.exit_code == 2
    assert "looks like JSON: import reads CSV" in result.stderr


def at(monkeypatch: pytest.MonkeyPatch, instant: str) -> None:
    """Move the frozen clock (every command reads CAREER_NOW when it runs)."""
    monkeypatch.setenv("CAREER_NOW", instant)


def test_export_import_export_with_history_and_deadlines_is_byte_identical(
    cli: CLI, second_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2024-04-01T08:00:00+00:00")
    first = added_id(
        cli(
            "add-application", "Zürich — 東京 Labs", "+1", "--applied", "2024-03-28",
            "--location=-2", "--source", "@SUM(A1)", "--url", "https://x.test/?a=1,b=2",
            "--tag", "a;b", "--tag", "c,d", "--tag", '"quoted" tag', "--tag", "東京",
            "--note", 'line one, "quoted"\nline two\r\nline three =1+1',
            "--salary-min", "90.5", "--salary-max", "120", "--currency", "eur",
            "--salary-period", "hour", "--workplace", "remote", "--employment-type",
            "part-time", "--posting-url", "https://jobs.ashbyhq.com/zlabs/"
            "3f1c2d4e-aaaa-bbbb-cccc-123456789abc", "--canonical-url",
            "https://zlabs.test/jobs/=1", "--posted", "2024-03-20",
        )
    )  # fmt: skip
    at(monkeypatch, "2024-04-10T12:30:00+00:00")
    assert cli("app", "move", str(first), "screening", "--on", "2024-04-05",
               "--note", "-3").exit_code == 0  # fmt: skip
    assert cli("app", "move", str(first), "interviewing", "--on", "2024-04-10",
               "--note", '=HYPERLINK("http://x","y")\nsecond line').exit_code == 0  # fmt: skip
    second = added_id(cli("add-application", "SPAR", "=fellow", "--status", "interested",
                          "--excitement", "3", "--deadline", "2024-04-30"))  # fmt: skip
    later = added_id(cli("add-deadline", "apply, round two", "--due", "2024-06-01",
                         "--app", str(second), "--kind", "apply-by"))  # fmt: skip
    call = added_id(cli("add-deadline", "@call Ana", "--due", "2024-04-22", "--at", "09:30",
                        "--tz", "America/New_York", "--app", str(first), "--kind", "follow-up",
                        "--remind-days", "1"))  # fmt: skip
    assert cli("deadline", "done", str(call)).exit_code == 0
    at(monkeypatch, "2024-04-15T18:45:10+00:00")
    assert cli("app", "move", str(second), "applied", "--on", "2024-04-12").exit_code == 0
    third = added_id(cli("add-application", "Redwood", "MLE", "--applied", "2024-03-01"))
    assert cli("app", "move", str(third), "rejected", "--on", "2024-03-20").exit_code == 0
    assert later and third

    files = {name: tmp_path / f"{name}.csv" for name in ("apps", "history", "deadlines")}
    result = cli("export", "apps", "--out", str(files["apps"]), "--history",
                 str(files["history"]), "--deadlines", str(files["deadlines"]))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"wrote 7 status change(s) to {files['history']}",
        f"wrote 3 deadline(s) to {files['deadlines']}",
        f"wrote 3 application(s) to {files['apps']}",
    ]
    text = {name: path.read_bytes().decode() for name, path in files.items()}
    apps = list(csv.DictReader(io.StringIO(text["apps"], newline="")))
    assert [(r["tags"], r["created_at"], r["updated_at"], r["deadline"]) for r in apps] == [
        ('"""quoted"" tag"; "a;b"; c,d; 東京', "2024-04-01T08:00:00+00:00",
         "2024-04-10T12:30:00+00:00", ""),
        ("", "2024-04-10T12:30:00+00:00", "2024-04-15T18:45:10+00:00", "2024-04-30"),
        ("", "2024-04-15T18:45:10+00:00", "2024-04-15T18:45:10+00:00", ""),
    ]  # fmt: skip
    assert text["deadlines"] == (
        "application_id,title,kind,due,time,zone,remind_days,done_at,created_at\n"
        "1,'@call Ana,follow-up,2024-04-22,09:30,America/New_York,1,"
        "2024-04-10T12:30:00+00:00,2024-04-10T12:30:00+00:00\n"
        "2,apply to SPAR — =fellow,apply-by,2024-04-30,,,,,2024-04-10T12:30:00+00:00\n"
        '2,"apply, round two",apply-by,2024-06-01,,,,,2024-04-10T12:30:00+00:00\n'
    ).replace("\n", "\r\n")
    assert text["history"].splitlines()[1:4] == [
        "1,2024-03-28,,applied,",
        "1,2024-04-05,applied,screening,'-3",
        '1,2024-04-10,screening,interviewing,"\'=HYPERLINK(""http://x"",""y"")',
    ]

    at(monkeypatch, "2024-06-01T00:00:00+00:00")  # a later day: nothing may take its date
    if "://" in second_db:
        assert on(cli, second_db, "db", "upgrade")[0] == 0
    code, out, err = on(cli, second_db, "import", "apps", str(files["apps"]), "--history",
                        str(files["history"]), "--deadlines", str(files["deadlines"]))  # fmt: skip
    assert code == 0, err
    assert out.splitlines() == [
        "row 2: created Zürich — 東京 Labs — +1 (interviewing, applied 2024-03-28)",
        "row 3: created SPAR — =fellow (applied, applied 2024-04-12)",
        "row 4: created Redwood — MLE (rejected, applied 2024-03-01)",
    ]
    assert err == "3 application(s) created, 0 already recorded (skipped), from apps.csv\n"
    again = tmp_path / "again"
    again.mkdir()
    code, _, err = on(cli, second_db, "export", "apps", "--out", str(again / "apps.csv"),
                      "--history", str(again / "history.csv"),
                      "--deadlines", str(again / "deadlines.csv"))  # fmt: skip
    assert code == 0, err
    for name in files:
        assert (again / f"{name}.csv").read_bytes().decode() == text[name], name
    # The open apply-by deadline of a submitted application stays open.
    listed = json.loads(cli("--db", second_db, "deadlines", "--format", "json").stdout)
    assert [(d["title"], d["done_at"]) for d in listed] == [
        ("apply to SPAR — =fellow", None), ("apply, round two", None)
    ]  # fmt: skip


def test_importing_our_export_again_with_its_history_creates_nothing(
    cli: CLI, db_url: str, tmp_path: Path
) -> None:
    app_id = added_id(cli("add-application", "FAR.AI", "lead", "--applied", "2024-04-10"))
    cli("app", "move", str(app_id), "screening", "--on", "2024-04-12")
    apps, history = tmp_path / "apps.csv", tmp_path / "history.csv"
    assert cli("export", "apps", "--out", str(apps), "--history", str(history)).exit_code == 0
    # Every row as it was (a write that changes nothing still writes its transaction's pages).
    before = table_rows(db_url)
    result = cli("import", "apps", str(apps), "--history", str(history))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "row 2: skipped FAR.AI — lead (screening, applied 2024-04-10): recorded already (#1)\n"
    )
    assert table_rows(db_url) == before


def test_only_our_own_export_is_unguarded(cli: CLI, tmp_path: Path) -> None:
    ours = tmp_path / "ours.csv"
    ours.write_text(
        "id,organization,role,kind,status,status_since,applied,excitement,tags,url,source,"
        "location,notes,deadline,created_at,updated_at\n"
        "7,Acme,'=SUM(1),job,interested,,,,'-x; b,,,,'+1,,"
        "2024-04-01T10:00:00+00:00,2024-04-02T10:00:00+00:00\n",
        encoding="utf-8",
    )
    theirs = tmp_path / "theirs.csv"
    theirs.write_text(
        "Company,Role,Notes,Tags\nBeta,'=not a formula,'+1,'-x; b\n", encoding="utf-8"
    )
    assert cli("import", "apps", str(ours)).exit_code == 0
    assert cli("import", "apps", str(theirs)).exit_code == 0
    got = [(r["organization"], r["role"], r["notes"], r["tags"], r["created_at"],
            r["updated_at"]) for r in exported(cli)]  # fmt: skip
    assert got == [
        ("Acme", "=SUM(1)", "+1", ["-x", "b"], "2024-04-01T10:00:00+00:00",
         "2024-04-02T10:00:00+00:00"),
        ("Beta", "'=not a formula", "'+1", ["'-x", "b"], NOW, NOW),
    ]  # fmt: skip


DATED = "Company,Role,Date Applied\nFAR.AI,lead,04/15/2024\nSPAR,fellow,03/04/2024\n"


@pytest.mark.parametrize(
    ("order", "applied"),
    [("MDY", ["2024-04-15", "2024-03-04"]), ("dmy", None), (None, None)],
)  # 04/15/2024 has one reading (read without an order), 03/04/2024 two
def test_date_order_reads_year_last_dates(
    cli: CLI, db_url: str, tmp_path: Path, order: str | None, applied: list[str] | None
) -> None:
    sheet = tmp_path / "dated.csv"
    sheet.write_text(DATED, encoding="utf-8")
    before = snapshot(db_url)
    result = cli("import", "apps", str(sheet), *(["--date-order", order] if order else []))
    if applied is not None:
        assert result.exit_code == 0, result.stderr
        assert [r["applied"] for r in exported(cli)] == applied
        return
    assert result.exit_code == 2
    if order is None:
        assert result.stderr.splitlines() == [
            "row 3: applied: ambiguous date '03/04/2024': it could be 2024-04-03 (day first) "
            "or 2024-03-04 (month first); write it as YYYY-MM-DD",
            "career: error: 1 problem in dated.csv (listed above); nothing was imported",
        ]
    else:  # day first: 15 is no month; 3 April is read
        assert result.stderr.splitlines() == [
            "row 2: applied: '04/15/2024' is not a valid date read as DMY: there is no month 15",
            "career: error: 1 problem in dated.csv (listed above); nothing was imported",
        ]
    assert snapshot(db_url) == before


def test_the_date_order_setting_is_the_default_and_the_option_wins(
    cli: CLI, tmp_path: Path
) -> None:
    sheet = tmp_path / "dated.csv"
    sheet.write_text(DATED, encoding="utf-8")
    assert cli("config", "set", "dates.order", "DMY").exit_code == 0
    refused = cli("import", "apps", str(sheet))
    assert refused.exit_code == 2
    assert "'04/15/2024' is not a valid date read as DMY" in refused.stderr
    assert cli("config", "set", "dates.order", "MDY").exit_code == 0
    assert cli("import", "apps", str(sheet), "--dry-run").exit_code == 0
    assert cli("import", "apps", str(sheet), "--date-order", "DMY").exit_code == 2
    assert cli("import", "apps", str(sheet)).exit_code == 0
    assert [r["applied"] for r in exported(cli)] == ["2024-04-15", "2024-03-04"]
