"""`career export contacts` and `career import contacts` through the CLI: the vCard round trip
on both backends, Google and Outlook CSV, look-alikes warned and never merged, and hostile
vCards (folded lines, bad encodings, a 10 MB photo, broken cards) read safely or refused with
one line, changing nothing."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from tests.conftest import CLI, added_id, assert_refused, snapshot


def career(*args: str) -> Result:
    from career.cli.main import app

    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def _json(cli: CLI, *args: str) -> Any:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def fill(run: Any) -> None:
    """Contacts with every field, awkward text, and cadences (own, none, default)."""
    ids = [
        added_id(run("add-contact", "Ada Lovelace", "--org", "80,000 Hours", "--role",
                     "advisor", "--email", "ada@example.org", "--url", "https://ada.example.org",
                     "--note", "met at EAG; said: apply early,\nthen write")),
        added_id(run("add-contact", "Zoë Ünal", "--org", "FAR.AI", "--role", "recruiter")),
        added_id(run("add-contact", "Plato")),
        added_id(run("add-contact", "=HYPERLINK(\"x\")", "--note", "a formula-looking name")),
    ]  # fmt: skip
    assert run("contact", "edit", str(ids[0]), "--every", "6w").exit_code == 0
    assert run("contact", "edit", str(ids[2]), "--every", "none").exit_code == 0


def test_vcards_round_trip_into_an_empty_database(
    cli: CLI, db_url: str, backend: str, tmp_path: Path
) -> None:
    """Export, import into an empty database, export again: the same cards. The database
    under test is the source; a fresh SQLite file the target, and on PostgreSQL the other
    way too (so the import runs on both backends)."""
    fill(cli)
    first = cli("export", "contacts")
    assert first.exit_code == 0, first.stderr
    cards = tmp_path / "contacts.vcf"
    assert cli("export", "contacts", "--out", str(cards)).exit_code == 0
    assert cards.read_text(encoding="utf-8") == first.stdout
    assert first.stdout.count("BEGIN:VCARD") == 4
    assert "VERSION:4.0" in first.stdout and "X-CAREER-EVERY:42" in first.stdout
    target = str(tmp_path / "target.db")
    imported = career("--db", target, "import", "contacts", str(cards))
    assert imported.exit_code == 0, imported.stderr
    assert "4 contact(s) added, 0 skipped" in imported.stderr
    again = career("--db", target, "export", "contacts")
    assert again.stdout == first.stdout
    assert json.loads(career("--db", target, "export", "contacts", "-f", "json").stdout) == (
        json.loads(cli("export", "contacts", "-f", "json").stdout)
    )
    if backend == "postgres":  # and into PostgreSQL, empty until now for this
        from sqlalchemy import create_engine, text

        engine = create_engine(db_url)
        with engine.begin() as conn:
            conn.execute(text("TRUNCATE contacts, organizations RESTART IDENTITY CASCADE"))
        engine.dispose()
        assert cli("import", "contacts", str(cards)).exit_code == 0
        assert cli("export", "contacts").stdout == first.stdout
    # Importing again adds nothing.
    twice = career("--db", target, "import", "contacts", str(cards))
    assert "0 contact(s) added, 4 skipped" in twice.stderr


def test_csv_round_trip_and_json_are_the_contract(cli: CLI, tmp_path: Path) -> None:
    fill(cli)
    rows = _json(cli, "export", "contacts")
    assert list(rows[0]) == [
        "id", "name", "organization", "role", "email", "url", "notes", "every_days",
    ]  # fmt: skip
    assert [(r["name"], r["every_days"]) for r in rows] == [
        ("Ada Lovelace", 42),
        ("Zoë Ünal", None),
        ("Plato", 0),
        ('=HYPERLINK("x")', None),
    ]
    sheet = tmp_path / "contacts.csv"
    assert cli("export", "contacts", "-f", "csv", "-o", str(sheet)).exit_code == 0
    assert "'=HYPERLINK" in sheet.read_text()  # guarded for spreadsheets
    target = str(tmp_path / "target.db")
    assert career("--db", target, "import", "contacts", str(sheet)).exit_code == 0
    assert json.loads(career("--db", target, "export", "contacts", "-f", "json").stdout) == rows


GOOGLE = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Nickname,Organization Name,"
    "Organization Title,E-mail 1 - Label,E-mail 1 - Value,Website 1 - Value,Notes\n"
    "Ada,,Lovelace,,,80000 Hours,Advisor,* Work,ada@example.org,https://ada.example.org,"
    '"met at EAG"\n'
    ",,,,,,,,,,\n"
    "Dan,,Hendrycks,,,FAR.AI,,,,,\n"
)
OUTLOOK = (
    "First Name,Middle Name,Last Name,Title,Suffix,Company,Department,Job Title,"
    "E-mail Address,Web Page,Notes\n"
    "Grace,B.,Hopper,,,Navy,,Rear admiral,grace@example.org,,\n"
)


def test_google_and_outlook_csv_are_read_by_their_headers(cli: CLI, tmp_path: Path) -> None:
    cli("add-application", "80,000 Hours", "advising", "--status", "interested")
    google = tmp_path / "google.csv"
    google.write_text(GOOGLE, encoding="utf-8")
    outlook = tmp_path / "outlook.csv"
    outlook.write_bytes(b"\xef\xbb\xbf" + OUTLOOK.replace("\n", "\r\n").encode())
    assert cli("import", "contacts", str(google)).exit_code == 0
    assert cli("import", "contacts", str(outlook)).exit_code == 0
    rows = _json(cli, "contacts")
    assert [(r["name"], r["organization"], r["role"], r["email"]) for r in rows] == [
        ("Ada Lovelace", "80,000 Hours", "Advisor", "ada@example.org"),  # the known org
        ("Dan Hendrycks", "FAR.AI", None, None),
        ("Grace B. Hopper", "Navy", "Rear admiral", "grace@example.org"),
    ]
    assert rows[0]["notes"] == "met at EAG" and rows[0]["url"] == "https://ada.example.org"


def test_look_alikes_are_warned_about_and_never_merged(
    cli: CLI, db_url: str, tmp_path: Path
) -> None:
    added_id(cli("add-contact", "Ada Lovelace", "--email", "ada@example.org"))
    cards = tmp_path / "phone.vcf"
    cards.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEMAIL:ada@example.org\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEMAIL:ada@work.example.org\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelac\nEND:VCARD\n",
        encoding="utf-8",
    )
    before = snapshot(db_url)
    dry = cli("import", "contacts", str(cards), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "dry run: 2 contact(s) would be added, 1 skipped" in dry.stderr
    assert dry.stdout.splitlines() == [
        "would add Ada Lovelace",
        "would add Ada Lovelac",
        "card 1: skipped Ada Lovelace: recorded already",
    ]
    assert snapshot(db_url) == before
    done = cli("import", "contacts", str(cards))
    assert done.exit_code == 0
    assert "warning: card 2: 'Ada Lovelace' looks like #1 Ada Lovelace; added, not merged" in (
        done.stderr
    )
    assert "warning: card 3: 'Ada Lovelac' looks like #1 Ada Lovelace, Ada Lovelace (card 2)" in (
        done.stderr
    )
    assert [r["email"] for r in _json(cli, "contacts")] == [
        None,
        "ada@example.org",
        "ada@work.example.org",
    ]


def test_hostile_vcards_that_can_be_read_are_read_safely(cli: CLI, tmp_path: Path) -> None:
    photo = base64.b64encode(b"\xff\xd8" * (4 * 1024 * 1024)).decode()  # 10.7 MB of base64
    folded_photo = "\r\n ".join(photo[i : i + 74] for i in range(0, len(photo), 74))
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lo\r\n velace\r\n"  # a folded name
        "item1.EMAIL;TYPE=INTERNET:ada@\r\n\texample.org\r\n"  # a group, folded with a tab
        f"PHOTO;ENCODING=b;TYPE=JPEG:{folded_photo}\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ad=C3=A8le L=C3=A9a\r\n"
        "ORG:Apart Research;Sprints\r\nTITLE:Organizer\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\nVERSION:4.0\nN:Hopper;Grace;;;\nEND:VCARD"  # no FN, LF, no last newline
    )
    cards = tmp_path / "phone.vcf"
    cards.write_bytes(text.encode("utf-8"))
    assert cards.stat().st_size > 10 * 1024 * 1024
    result = cli("import", "contacts", str(cards))
    assert result.exit_code == 0, result.stderr
    rows = _json(cli, "contacts")
    assert [(r["name"], r["email"], r["organization"], r["role"]) for r in rows] == [
        ("Ada Lovelace", "ada@example.org", None, None),
        ("Adèle Léa", None, "Apart Research", "Organizer"),
        ("Grace Hopper", None, None, None),
    ]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("BEGIN:VCARD\nFN:Ad\xe8le\nEND:VCARD\n".encode("latin-1"), "is not UTF-8 (byte 17)"),
        (b"BEGIN:VCARD\nFN\nEND:VCARD\n", "card 1: cannot read it"),
        (b"BEGIN:VCARD\nEMAIL:a@b.c\nEND:VCARD\n", "card 1: a card with no name"),
        (b"BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n", "BEGIN:VCARD again"),
        (b"BEGIN:VCARD\nFN:A\nNOTE;ENCODING=b:!!!notbase64\nEND:VCARD\n", "card 1: cannot read it"),
        (b"BEGIN:VCARD\nFN:A\nEMAIL:not-an-address\nEND:VCARD\n", "is not an email address"),
        (b"BEGIN:VCARD\nFN:A\nX-CAREER-EVERY:soon\nEND:VCARD\n", "not a number of days"),
        (b"BEGIN:VCARD\nFN:A\nNOTE:" + b"x" * 200_000 + b"\nEND:VCARD\n", "too long"),
        (b"just some text\n", "holds no vCard"),
        (b"\x00\x01\x02", "holds no vCard"),
    ],
    ids=[
        "latin-1",
        "no-colon",
        "no-name",
        "nested",
        "bad-base64",
        "bad-email",
        "bad-every",
        "huge-note",
        "not-vcard",
        "binary",
    ],
)
def test_hostile_vcards_are_refused_with_one_line_and_change_nothing(
    cli: CLI, db_url: str, tmp_path: Path, content: bytes, words: str
) -> None:
    added_id(cli("add-contact", "Someone"))
    cards = tmp_path / "bad.vcf"
    # After a good card, so that the file is a vCard file and one card is fine; the file as
    # a whole is refused for the bad one. A file that is not UTF-8 or not vCard is alone.
    alone = "holds no vCard" in words or "UTF-8" in words
    cards.write_bytes(content if alone else b"BEGIN:VCARD\nFN:Fine Person\nEND:VCARD\n" + content)
    if not alone:
        words = words.replace("card 1", "card 2")
    before = snapshot(db_url)
    result = cli("import", "contacts", str(cards))
    assert_refused(result, 2, words)
    assert snapshot(db_url) == before


def test_several_problems_are_listed_and_nothing_is_imported(
    cli: CLI, db_url: str, tmp_path: Path
) -> None:
    sheet = tmp_path / "people.csv"
    sheet.write_text("Name,E-mail Address\nAda,ada@x\n,\nBob,bob\n,nobody@example.org\n")
    before = snapshot(db_url)
    result = cli("import", "contacts", str(sheet))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "people.csv: row 4: 'bob' is not an email address (expected name@domain)",
        "people.csv: row 5: no name",
        "career: error: people.csv: 2 problems, nothing imported",
    ]
    assert snapshot(db_url) == before


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("people.txt", b"x", "give a .vcf (vCard) or a .csv file"),
        ("people.csv", b"Phone,Birthday\n1,2\n", "has no name column"),
        ("people.csv", b"Name\n\xff\n", "is not UTF-8 (byte 5)"),
        ("missing.vcf", None, "no file"),
    ],
)
def test_files_that_are_not_contacts_are_refused(
    cli: CLI, db_url: str, tmp_path: Path, name: str, content: bytes | None, words: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = snapshot(db_url)
    assert_refused(cli("import", "contacts", str(path)), 2, words)
    assert snapshot(db_url) == before


def test_export_never_overwrites_without_force(cli: CLI, tmp_path: Path) -> None:
    fill(cli)
    out = tmp_path / "c.vcf"
    out.write_text("mine")
    assert_refused(cli("export", "contacts", "-o", str(out)), 4, "exists already")
    assert out.read_text() == "mine"
    assert cli("export", "contacts", "-o", str(out), "--force").exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o600
