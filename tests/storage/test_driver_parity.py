"""Every command gives the same answer and leaves the same rows whichever driver runs its SQL.

One script of commands (every write the package has moved to portable SQL, then the reads
that show what they did, `history` included) runs through the CLI twice on a fresh database
of the backend under test: once as a user runs it (sqlite3 for a SQLite file, psycopg for a
server at head), once with those direct drivers switched off, so that every statement goes
through the reference driver, a SQLAlchemy session (`career.db.sql.SessionSql`). The two runs
must print the same thing, exit the same way, and leave the same rows in every table (values
with their types), the change log included; the search index finds the same lines. The clock is
frozen, so instants match too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from career.cli.state import State
from tests.conftest import OWN_LOG, table_rows

SCRIPT: list[list[str]] = [
    ["add-application", "FAR.AI", "tech lead", "--tag", "remote", "--deadline", "2024-05-01",
     "--applied", "2024-04-10"],
    ["add-application", "SPAR", "--kind", "fellowship", "--status", "interested"],
    ["add-application", "FAR.AI", "tech lead"],  # a duplicate: refused
    ["app", "move", "1", "screening", "--note", "call booked"],
    ["app", "edit", "2", "--url", "https://spar.example", "--tag", "x", "--excitement", "4"],
    ["add-deadline", "essay", "--due", "2024-05-03", "--at", "17:30", "--tz", "Europe/London",
     "--app", "2"],
    ["deadline", "move", "2", "--due", "2024-05-04"],
    ["deadline", "done", "1"],
    ["add-event", "Apart sprint", "--kind", "hackathon", "--host", "Apart Research",
     "--start", "2024-05-10"],
    ["event", "edit", "1", "--team", "solo"],
    ["add-session", "80,000 Hours", "--advisor", "Sam Lee", "--takeaway", "apply broadly",
     "--action", "write to FAR"],
    ["add-contact", "Ana Ruiz", "--org", "FAR.AI", "--role", "recruiter"],
    ["contact", "link", "2", "--app", "1", "--as", "recruiter"],
    ["touch", "2", "--via", "email", "--note", "hi"],
    ["org", "alias", "FAR.AI", "FAR AI Labs"],
    ["app", "skills", "1", "--add", "PyTorch", "--add", "Kubernetes"],
    ["journal", "import", str(OWN_LOG)],
    ["journal", "accept", "1"],
    ["journal", "dismiss", "2"],
    ["evidence", "reject", "1"],
    ["evidence", "set", "2", "3"],
    ["app", "rm", "2", "--yes"],
    ["org", "merge", "Apart Research", "80,000 Hours", "--yes"],
    ["apps", "--all", "--format", "json"],
    ["app", "show", "1", "--format", "json"],
    ["deadlines", "--all", "--format", "json"],
    ["contacts", "--format", "json"],
    ["journal", "suggestions", "--format", "json"],
    ["skills", "--format", "json"],
    ["evidence", "--format", "json"],
    ["remind", "--format", "json"],
    ["search", "FAR", "--format", "json"],
    ["journal", "search", "torch", "--format", "json"],
    ["gaps", "1", "--format", "json"],
    ["history", "--format", "json"],
]  # fmt: skip


# The search index's own storage on SQLite: its segments depend on how many rows a statement
# wrote (what it finds is compared through `journal search` above).
FTS_SHADOW = tuple(f"journal_items_fts{part}" for part in ("_data", "_idx", "_docsize", "_config"))


@contextmanager
def _none(self: State) -> Iterator[None]:
    yield None


def run_script(db_url: str) -> list[tuple[list[str], int, str, str]]:
    from career.cli.main import app

    runner = CliRunner()
    done = []
    for args in SCRIPT:
        result = runner.invoke(app, ["--db", db_url, *args], catch_exceptions=False)
        done.append((args, result.exit_code, result.stdout, result.stderr))
    return done


def fresh(db_url: str, tmp_path: Path, name: str) -> str:
    """An empty database at head on the backend of `db_url`."""
    from career.db.engine import open_database, parse_target
    from career.db.migrate import prepare, run_upgrade

    if "://" not in db_url:
        return str(tmp_path / name / "career.db")
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    url = parse_target(db_url)
    run_upgrade(url)
    db = open_database(url)
    prepare(db)
    db.dispose()
    return db_url


def test_every_command_is_the_same_through_the_reference_driver(
    home: Path, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    direct_url = fresh(db_url, tmp_path, "direct")
    direct = run_script(direct_url)
    direct_rows = table_rows(direct_url, skip=FTS_SHADOW)

    monkeypatch.setattr(State, "_direct_read", _none)
    monkeypatch.setattr(State, "_direct_write", _none)
    reference_url = fresh(db_url, tmp_path, "reference")
    reference = run_script(reference_url)

    for one, other in zip(direct, reference, strict=True):
        assert one == other
    # Most of it did something: a script of errors would agree as well.
    assert sum(code == 0 for _, code, _, _ in direct) >= len(SCRIPT) - 2
    assert table_rows(reference_url, skip=FTS_SHADOW) == direct_rows
    assert len(direct_rows["change_rows"]) > 20


def test_the_script_ran_through_the_direct_drivers(
    home: Path, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The comparison above would pass vacuously if nothing took the direct drivers.
    from career.db import sql

    used: list[str] = []
    real = sql.SessionSql.__init__

    def counting(self: Any, session: Any) -> None:
        used.append("session")
        real(self, session)

    monkeypatch.setattr(sql.SessionSql, "__init__", counting)
    url = fresh(db_url, tmp_path, "direct")
    run_script(url)
    assert used == []
