"""`career journal search` and the journal lines of `career search`, on both backends: the same
answers from the same journal (SQLite's FTS5 index, PostgreSQL's trigram index or none), and an
index that follows re-imports, edits and prunes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CLI, assert_refused, snapshot

JOURNAL = """\
# 2024-04-15
- read 100% of the DPO paper_v2 with "quotes" and it's fine
- did code review for the PyTorch repo
  - review of the code, nested under it
- 50_50 split, 100 percent sure

# 2024-04-17
- wrote pytest fixtures in Python, the CODE REVIEW went fine
- tried C# and Go for an afternoon
- Straße und Ürün notes, naïve café

# 2024-04-19
- paired on the trigram index: 3x faster
- [[Apart Research]] jam sign-up
"""

# (arguments, expected (day, line) of each hit): the same on both backends.
CASES: list[tuple[list[str], list[tuple[str, int]]]] = [
    (["code review"], [("2024-04-15", 3), ("2024-04-15", 4), ("2024-04-17", 8)]),
    (['"code review"'], [("2024-04-15", 3), ("2024-04-17", 8)]),
    (['"review of the code"'], [("2024-04-15", 4)]),
    (["%"], [("2024-04-15", 2)]),
    (["100%"], [("2024-04-15", 2)]),
    (["_"], [("2024-04-15", 2), ("2024-04-15", 5)]),
    (["50_50"], [("2024-04-15", 5)]),
    (["0_5"], [("2024-04-15", 5)]),
    (['"'], [("2024-04-15", 2)]),
    (['""quotes""'], []),
    (["it's"], [("2024-04-15", 2)]),
    (['"quotes"'], [("2024-04-15", 2)]),
    (["C#"], [("2024-04-17", 9)]),
    (["go"], [("2024-04-17", 9)]),
    (["GO", "C#"], [("2024-04-17", 9)]),
    (["ürün"], [("2024-04-17", 10)]),
    (["STRAßE"], [("2024-04-17", 10)]),
    # The index is asked for a term's ASCII part ("STRASSE"), which "Straße" does not hold.
    (["STRASSE"], []),
    (["NAÏVE CAFÉ"], [("2024-04-17", 10)]),
    (["[[apart"], [("2024-04-19", 14)]),
    (["3x"], [("2024-04-19", 13)]),
    (["code", "--since", "2024-04-16"], [("2024-04-17", 8)]),
    (["code", "--until", "2024-04-16"], [("2024-04-15", 3), ("2024-04-15", 4)]),
    (["fine", "--since", "2024-04-17", "--until", "2024-04-17"], [("2024-04-17", 8)]),
    (["fine", "--skill", "python"], [("2024-04-17", 8)]),
    (["code", "--skill", "PyTorch"], [("2024-04-15", 3)]),
    (["nowhere to be found"], []),
]


def _hits(cli: CLI, *args: str) -> list[tuple[str, int]]:
    result = cli("journal", "search", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return [(row["day"], row["line"]) for row in json.loads(result.stdout)]


@pytest.fixture
def journal(cli: CLI, tmp_path: Path) -> Path:
    path = tmp_path / "notes" / "daily.md"
    path.parent.mkdir()
    path.write_text(JOURNAL, encoding="utf-8")
    result = cli("journal", "import", str(path))
    assert result.exit_code == 0, result.stderr
    return path


def test_search_answers_alike_on_both_backends(cli: CLI, journal: Path) -> None:
    for args, expected in CASES:
        assert _hits(cli, *args) == expected, args


def test_search_without_the_index_answers_the_same(
    cli: CLI, journal: Path, db_url: str, backend: str
) -> None:
    """What a database without the index (no FTS5, no pg_trgm) answers: the same."""
    from sqlalchemy import text

    from career.db.engine import make_engine, parse_target

    engine = make_engine(parse_target(db_url))
    with engine.begin() as conn:
        if backend == "sqlite":
            for trigger in ("ai", "ad", "au"):
                conn.execute(text(f"DROP TRIGGER journal_items_fts_{trigger}"))
            conn.execute(text("DROP TABLE journal_items_fts"))
        else:
            conn.execute(text("DROP INDEX ix_journal_items_text_trgm"))
    engine.dispose()
    for args, expected in CASES:
        assert _hits(cli, *args) == expected, args


def test_table_cites_file_line_and_day(cli: CLI, journal: Path) -> None:
    result = cli("journal", "search", '"code review"')
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Day", "Source", "Line"]
    assert lines[1].split()[:2] == ["2024-04-15", "daily.md:3"]
    assert lines[2].split()[:2] == ["2024-04-17", "daily.md:8"]
    records = json.loads(cli("journal", "search", "3x", "-f", "json").stdout)
    assert records == [
        {
            "day": "2024-04-19",
            "source": "daily.md",
            "line": 13,
            "text": "paired on the trigram index: 3x faster",
        }
    ]


def test_the_index_follows_edits_and_prunes(cli: CLI, journal: Path) -> None:
    edited = JOURNAL.replace("did code review for the PyTorch repo", "did a design review")
    journal.write_text(edited, encoding="utf-8")
    assert cli("journal", "import", str(journal)).exit_code == 0
    assert _hits(cli, "PyTorch") == []
    assert _hits(cli, "design review") == [("2024-04-15", 3)]
    assert _hits(cli, "review of the code") == [("2024-04-15", 4)]  # a kept line

    # The day disappears from its file: not searched; pruned: gone from the index too.
    journal.write_text(edited.split("# 2024-04-19")[0], encoding="utf-8")
    assert cli("journal", "import", str(journal)).exit_code == 0
    assert _hits(cli, "3x") == []
    assert cli("journal", "prune", "--yes").exit_code == 0
    assert _hits(cli, "3x") == []
    # The day comes back: found again.
    journal.write_text(JOURNAL, encoding="utf-8")
    assert cli("journal", "import", str(journal)).exit_code == 0
    assert _hits(cli, "3x") == [("2024-04-19", 13)]
    assert _hits(cli, "PyTorch") == [("2024-04-15", 3)]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_sqlite_index_holds_exactly_the_lines(cli: CLI, journal: Path, db_url: str) -> None:
    """FTS5's own check of an external-content index against its table, after every kind of
    write the journal does."""
    import sqlite3

    def check() -> None:
        conn = sqlite3.connect(db_url)
        try:
            conn.execute(
                "INSERT INTO journal_items_fts(journal_items_fts, rank)"
                " VALUES ('integrity-check', 1)"
            )
            indexed = conn.execute(
                "SELECT COUNT(*) FROM journal_items_fts WHERE journal_items_fts MATCH '\"code\"'"
            ).fetchone()[0]
            stored = conn.execute(
                "SELECT COUNT(*) FROM journal_items WHERE text LIKE '%code%'"
            ).fetchone()[0]
            assert indexed == stored
        finally:
            conn.close()

    check()
    journal.write_text(JOURNAL.replace("code review", "CODE review"), encoding="utf-8")
    assert cli("journal", "import", str(journal)).exit_code == 0
    check()
    journal.write_text(JOURNAL.split("# 2024-04-17")[0], encoding="utf-8")
    assert cli("journal", "import", str(journal)).exit_code == 0
    assert cli("journal", "prune", "--yes").exit_code == 0
    check()


def test_career_search_lists_journal_lines_after_records(cli: CLI, journal: Path) -> None:
    assert cli("add-application", "Code Review Labs", "engineer").exit_code == 0
    result = cli("search", "code review", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["type"], r["label"]) for r in rows] == [
        ("organization", "Code Review Labs"),
        ("journal", "2024-04-15 daily.md:3"),
        ("journal", "2024-04-17 daily.md:8"),
    ]
    assert rows[1]["id"] is None
    assert rows[1]["field"] == "line"
    assert rows[1]["excerpt"] == "did code review for the PyTorch repo"
    # The whole text is one phrase there, as for records: "review code" is in no line.
    assert "journal" not in cli("search", "review code").stdout


def _check(cli: CLI, db_url: str, args: list[str], code: int, words: str) -> None:
    before = snapshot(db_url)
    assert_refused(cli("journal", "search", *args), code, words)
    assert snapshot(db_url) == before


def test_bad_searches_are_refused(cli: CLI, journal: Path, db_url: str) -> None:
    _check(cli, db_url, [""], 2, "the text is empty")
    _check(cli, db_url, ['""'], 2, "the text is empty")
    _check(cli, db_url, ["code", "--skill", "Haskell"], 3, "no skill called 'Haskell'")
    _check(cli, db_url, ["code", "--since", "someday"], 2, "")
    _check(cli, db_url, ["x", "--since", "2024-04-18", "--until", "2024-04-17"], 2, "before")


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_fast_path_and_sqlalchemy_path_agree(cli: CLI, journal: Path, db_url: str) -> None:
    from career.db import sqlite as lite
    from career.db.engine import open_database, parse_target, session_fetch
    from career.journal import queries

    path = Path(db_url)
    database = open_database(parse_target(db_url))
    conn = lite.open_current(path)
    assert conn is not None
    try:
        for args, _ in CASES:
            words = [a for a in args if not a.startswith("--")][:1]
            found: list[Any] = []
            with database.session() as session:
                found.append(queries.search_lines(session_fetch(session), words[0]))
            found.append(queries.search_lines(lite.fetcher(conn, path), words[0]))
            assert found[0] == found[1], args
    finally:
        conn.close()
        database.dispose()


def test_a_database_from_before_the_index_is_searched_after_its_upgrade(
    home: Path, db_url: str, backend: str, cli: CLI
) -> None:
    """Migration 0007 builds the index for the lines already recorded."""
    from sqlalchemy import text

    from career.db import migrate
    from career.db.engine import make_engine, parse_target

    url = parse_target(db_url)
    if backend == "postgres":  # the cli fixture made it at the head: start again at 0006
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        Path(db_url).parent.mkdir(parents=True)
    migrate.run_upgrade(url, "0006")
    engine = make_engine(url)
    with engine.begin() as conn:
        for statement in OLD_ROWS.split(";"):
            conn.execute(text(statement))
    engine.dispose()
    if backend == "postgres":  # never upgraded implicitly
        assert cli("db", "upgrade").exit_code == 0
    assert _hits(cli, "100%") == [("2024-04-19", 41)]
    assert _hits(cli, "read 100") == [("2024-04-19", 41)]


OLD_ROWS = """
INSERT INTO journal_sources (id, path, name, format, root, root_format, content_hash,
                             analysis_hash, imported_at)
    VALUES (1, '/home/me/notes/daily.md', 'daily.md', 'daily-log', '/home/me/notes/daily.md',
            'auto', 'c0ffee', 'beef', '2024-04-20 09:00:00');
INSERT INTO journal_entries (id, source_id, day, line, title, text_hash, text, gone_at,
                             created_at, updated_at)
    VALUES (1, 1, '2024-04-19', 32, NULL, 'f00d', '- read 100% of it', NULL,
            '2024-04-20 09:00:00', '2024-04-20 09:00:00');
INSERT INTO journal_items (id, entry_id, position, line, text, section, depth, parent_position,
                           checked)
    VALUES (1, 1, 0, 41, 'read 100% of it', 'done', 0, NULL, NULL)
"""


def test_career_search_table_shows_the_newest_journal_lines(cli: CLI, tmp_path: Path) -> None:
    path = tmp_path / "many.md"
    path.write_text(
        "".join(f"# 2024-03-{day:02d}\n- read a rust chapter {day}\n\n" for day in range(1, 26)),
        encoding="utf-8",
    )
    assert cli("journal", "import", str(path)).exit_code == 0
    table = cli("search", "rust chapter")
    assert table.exit_code == 0, table.stderr
    shown = [line for line in table.stdout.splitlines() if line.startswith("journal")]
    assert len(shown) == 20
    assert "2024-03-25 many.md:" in shown[-1] and "2024-03-06 many.md:" in shown[0]
    assert "5 older journal lines not shown" in table.stderr
    assert len(json.loads(cli("search", "rust chapter", "-f", "json").stdout)) == 25
