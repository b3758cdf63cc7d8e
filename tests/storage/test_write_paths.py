"""The write path (career.db.sql): the same write functions give the same rows through sqlite3
and through a SQLAlchemy session (on SQLite and on PostgreSQL), and the commands that use it
run on a SQLite file without importing SQLAlchemy or Alembic."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from career.db import sqlite as lite
from career.db.engine import Database
from career.db.sql import LiteSql, SessionSql, Sql
from career.deadlines import service as deadlines
from career.errors import Conflict, InvalidInput
from career.pipeline import writes
from career.pipeline.vocab import PostingFields

# Every table these writes touch, in an order that makes dumps comparable.
TABLES = {
    "organizations": "id",
    "applications": "id",
    "application_tags": "application_id, tag",
    "status_changes": "id",
    "deadlines": "id",
}


def scenario(sql: Sql) -> None:
    """Adds, moves, finishes and removes: every write of add-application, app move and the
    deadline commands, with every kind of value (dates, times, instants, floats, NULLs)."""
    posting = PostingFields.checked(
        salary_min="90000",
        salary_max="120000.5",
        salary_currency="gbp",
        salary_period="year",
        posting_url="https://jobs.example/far/42",
        posted=date(2024, 4, 1),
    )
    far = writes.add_application(
        sql,
        writes.NewApplication.checked(
            "FAR.AI",
            "Research engineer",
            tags=["remote", "ML"],
            notes="via SPAR",
            deadline=date(2024, 5, 1),
            posting=posting,
            excitement=5,
        ),
    ).application
    spar = writes.add_application(
        sql, writes.NewApplication.checked("SPAR", kind="fellowship", status="interested")
    ).application
    added = writes.add_application(sql, writes.NewApplication.checked("far ai ", "Intern"))
    assert added.warnings == []  # the alias of an existing name is that organization
    writes.add_application(sql, writes.NewApplication.checked("FAR AI Labs", "Intern"))
    writes.move_application(sql, far.id, "screening", note="call booked")
    writes.move_application(sql, spar.id, "applied")
    timed = deadlines.add_deadline(
        sql,
        deadlines.NewDeadline.checked(
            "essay", date(2024, 4, 30), at="17:30", tz="Europe/London", application=spar.id
        ),
    )
    plain = deadlines.add_deadline(
        sql, deadlines.NewDeadline.checked("update CV", date(2024, 4, 25), remind_days=2)
    )
    deadlines.finish_deadline(sql, plain.id)
    deadlines.move_deadline(
        sql, timed.id, deadlines.DeadlineMove.checked(date(2024, 5, 2), "09:00")
    )
    gone = deadlines.add_deadline(sql, deadlines.NewDeadline.checked("gone", date(2024, 6, 1)))
    deadlines.remove_deadline(sql, gone.id)


def _stored(value: Any) -> Any:
    """A value as SQLite stores it, from either backend's driver."""
    if isinstance(value, datetime):
        value = value.replace(tzinfo=UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    elif isinstance(value, date):
        value = value.isoformat()
    elif isinstance(value, time):
        value = value.strftime("%H:%M:%S.%f")
    elif isinstance(value, float | int) and not isinstance(value, bool):
        value = float(value)
    return value


def dump(sql: Sql) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: [
            tuple(_stored(v) for v in row)
            for row in sql.rows(f"SELECT * FROM {table} ORDER BY {order}")
        ]
        for table, order in TABLES.items()
    }


def lite_dump(path: Path, write: bool = False) -> dict[str, list[tuple[Any, ...]]]:
    conn = lite.open_for_writing(path)
    assert conn is not None
    sql = LiteSql(conn, path)
    try:
        sql.write("BEGIN IMMEDIATE")
        if write:
            scenario(sql)
        found = dump(sql)
        sql.write("COMMIT")
    finally:
        conn.close()
    return found


def test_both_drivers_write_the_same_rows(database: Database, tmp_path: Path) -> None:
    with database.session(write=True) as session:
        scenario(SessionSql(session))
    with database.session() as session:
        reference = dump(SessionSql(session))
    direct = lite_dump(tmp_path / "direct" / "career.db", write=True)
    assert direct == reference
    assert len(direct["status_changes"]) == 6 and len(direct["deadlines"]) == 3


def test_a_refused_write_changes_nothing(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "career.db"
    before = lite_dump(path, write=True)
    conn = lite.open_for_writing(path)
    assert conn is not None
    sql = LiteSql(conn, path)
    try:
        sql.write("BEGIN IMMEDIATE")
        with pytest.raises(Conflict):
            writes.add_application(
                sql, writes.NewApplication.checked("FAR.AI", "research engineer")
            )
        with pytest.raises(InvalidInput):
            writes.move_application(sql, 1, "offer", on=date(2024, 1, 1))
        with pytest.raises(InvalidInput, match="NUL"):
            deadlines.add_deadline(sql, deadlines.NewDeadline.checked("a\x00b", date(2024, 5, 1)))
        with pytest.raises(ValueError, match="naive"):
            sql.write("UPDATE deadlines SET done_at = :at", {"at": datetime(2024, 1, 1)})
    finally:
        conn.close()
    assert lite_dump(path) == before


COMMANDS = [
    ["add-application", "FAR.AI", "Research engineer", "--deadline", "2030-01-01", "--tag", "x"],
    ["app", "move", "1", "screening"],
    ["add-deadline", "essay", "--due", "2030-02-01", "--app", "1", "--at", "09:30"],
    ["deadline", "move", "2", "--due", "2030-02-03"],
    ["deadline", "done", "2"],
    ["deadline", "rm", "1", "--yes"],
]

PROBE = """
import runpy, sys
sys.argv = ["career", *sys.argv[1:]]
try:
    runpy.run_module("career", run_name="__main__")
except SystemExit as exc:
    code = exc.code or 0
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"sqlalchemy", "alembic", "typer"})
print("IMPORTED", ",".join(heavy), file=sys.stderr)
sys.exit(code)
"""


def test_write_commands_on_sqlite_import_neither_sqlalchemy_nor_alembic(
    home: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "CAREER_DB": str(tmp_path / "new" / "career.db"), "TZ": "UTC"}
    for args in COMMANDS:  # the first one creates the file
        done = subprocess.run(
            [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, (args, done.stderr)
        assert "IMPORTED typer\n" in done.stderr, (args, done.stderr)
    rows = lite_dump(tmp_path / "new" / "career.db")
    assert [row[4] for row in rows["applications"]] == ["screening"]
    assert [(row[0], row[3]) for row in rows["deadlines"]] == [(2, "2030-02-03")]
    assert rows["deadlines"][0][4] == "09:30:00.000000" and rows["deadlines"][0][10] is not None


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_psycopg_driver_writes_what_sqlite_does(
    database: Database, db_url: str, tmp_path: Path
) -> None:
    from career.db.sql import PgSql, open_pg

    conn = open_pg(db_url, lite.SCHEMA_HEAD)
    assert conn is not None
    try:
        sql = PgSql(conn)
        scenario(sql)
        conn.commit()
        server = dump(sql)
    finally:
        conn.close()
    assert server == lite_dump(tmp_path / "direct" / "career.db", write=True)


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_commands_on_a_server_at_head_import_no_sqlalchemy(
    database: Database, db_url: str, home: Path
) -> None:
    env = {**os.environ, "CAREER_DB": db_url, "TZ": "UTC"}
    for args in [*COMMANDS, ["apps"], ["deadlines"], ["remind"]]:
        done = subprocess.run(
            [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, (args, done.stderr)
        # remind answers before the CLI is loaded, on a server too
        imported = "IMPORTED \n" if args == ["remind"] else "IMPORTED typer\n"
        assert imported in done.stderr, (args, done.stderr)
    with database.session() as session:
        rows = dump(SessionSql(session))
    assert [row[4] for row in rows["applications"]] == ["screening"]
    assert [(row[0], row[3]) for row in rows["deadlines"]] == [(2, "2030-02-03")]


def test_pyformat_keeps_literals_and_casts() -> None:
    from career.db.sql import pyformat

    assert pyformat("SELECT ':x', a::text FROM t WHERE b = :b AND c LIKE '%' || :c") == (
        "SELECT ':x', a::text FROM t WHERE b = %(b)s AND c LIKE '%%' || %(c)s"
    )


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_a_value_the_server_refuses_is_a_storage_error(database: Database, db_url: str) -> None:
    from career.db.sql import PgSql, open_pg
    from career.errors import StorageError

    conn = open_pg(db_url, lite.SCHEMA_HEAD)
    assert conn is not None
    try:
        sql = PgSql(conn)
        with pytest.raises(StorageError, match="too long"):
            sql.insert_rows(
                "skills", ("name", "category", "user_defined"), [("x" * 5000, "y", True)]
            )
        conn.rollback()
        with pytest.raises(StorageError, match="too long"):
            sql.write(
                "INSERT INTO skills (name, category, user_defined) VALUES (:n, 'y', TRUE)",
                {"n": "x" * 5000},
            )
    finally:
        conn.close()


def test_values_are_stored_as_sqlalchemy_stores_them_on_sqlite() -> None:
    # The direct driver and the ORM write one file: a date, a time, an instant, a flag or a
    # salary must be the same text or number whichever wrote it.
    from sqlalchemy import Boolean, Date, Time
    from sqlalchemy.dialects import sqlite as sqlite_dialect

    from career.db.base import UTCDateTime
    from career.db.sql import _lite_value
    from career.pipeline.models import SALARY

    dialect = sqlite_dialect.dialect()
    cases = [
        (Date(), date(2024, 4, 20)),
        (Time(), time(9, 30)),
        (Time(), time(23, 59, 59, 123456)),
        (UTCDateTime(), datetime(2024, 4, 20, 9, 0, tzinfo=UTC)),
        (UTCDateTime(), datetime(2024, 4, 20, 11, 0, 0, 250, tzinfo=ZoneInfo("Europe/Berlin"))),
        (Boolean(), True),
        (Boolean(), False),
        (SALARY, 90000.5),
    ]
    for column_type, value in cases:
        process = column_type.dialect_impl(dialect).bind_processor(dialect)
        stored = process(value) if process is not None else value
        assert _lite_value(value) == stored, (column_type, value)
