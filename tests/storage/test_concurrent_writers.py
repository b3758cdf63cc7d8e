"""8 processes x 50 writes at once against one database: every write lands, none is lost, and
each is one recorded change with its rows (career.db.changes).

Each process opens its own engine (as separate CLI runs would) and does read-then-write
transactions: it adds applications, moves them, and appends to a shared application's notes
(a read-modify-write that loses updates unless writers are serialized).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import pytest

from career.db.engine import Database, open_database, parse_target, session_fetch
from career.db.sql import SessionSql
from career.pipeline import queries, writes
from career.pipeline.writes import NewApplication as New

PROCESSES = 8
ADDS = 20  # + 20 moves + 10 note appends = 50 writes a process


def worker(url: str, number: int, now: str) -> int:
    os.environ["CAREER_NOW"] = now
    db = open_database(parse_target(url))
    done = 0
    try:
        for i in range(ADDS):
            with db.session(write=True) as session:
                added = writes.add_application(
                    SessionSql(session), New.checked(f"Org {number}", f"role {i}")
                )
            done += 1
            with db.session(write=True) as session:
                writes.move_application(SessionSql(session), added.application.id, "screening")
            done += 1
            if i % 2 == 0:
                with db.session(write=True) as session:
                    shared = queries.show_application(session_fetch(session), 1)
                    notes = f"{shared.notes or ''} p{number}i{i}"
                    writes.edit_application(
                        SessionSql(session), 1, writes.ApplicationChanges(notes=notes)
                    )
                done += 1
    finally:
        db.dispose()
    return done


@pytest.mark.slow
def test_concurrent_writers_lose_nothing(database: Database, db_url: str) -> None:
    with database.session(write=True) as session:
        writes.add_application(SessionSql(session), New.checked("Shared", "notes"))
    database.dispose()

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=PROCESSES, mp_context=context) as pool:
        futures = [
            pool.submit(worker, db_url, n, os.environ["CAREER_NOW"]) for n in range(PROCESSES)
        ]
        landed = [f.result(timeout=300) for f in futures]  # re-raises any "database is locked"

    assert landed == [50] * PROCESSES
    with database.session() as session:
        apps = queries.list_applications(session_fetch(session), include_closed=True)
        shared = queries.show_application(session_fetch(session), 1)
    mine = [a for a in apps if a.organization.startswith("Org ")]
    assert len(mine) == PROCESSES * ADDS
    assert all(a.status == "screening" for a in mine)
    with database.session() as session:
        fetch = session_fetch(session)
        assert all(len(queries.show_application(fetch, a.id).timeline) == 2 for a in mine)
    tokens = (shared.notes or "").split()
    expected = {f"p{n}i{i}" for n in range(PROCESSES) for i in range(0, ADDS, 2)}
    assert sorted(tokens) == sorted(expected)  # every append landed, none overwritten

    # Every write is one change in the history, with the rows it wrote.
    with database.session() as session:
        fetch = session_fetch(session)
        changes = fetch("SELECT id FROM changes", {})
        assert len(changes) == 1 + PROCESSES * 50
        empty = fetch(
            "SELECT COUNT(*) FROM changes c WHERE NOT EXISTS"
            " (SELECT 1 FROM change_rows r WHERE r.change_id = c.id)",
            {},
        )
        assert empty[0][0] == 0
        recorded = fetch(
            "SELECT table_name, op, COUNT(*) FROM change_rows GROUP BY table_name, op", {}
        )
        counts = {(t, op): n for t, op, n in recorded}
        assert counts[("applications", "insert")] == 1 + PROCESSES * ADDS
        assert counts[("status_changes", "insert")] == 1 + 2 * PROCESSES * ADDS
        # moves and note appends: each updates its application once
        assert counts[("applications", "update")] == PROCESSES * (ADDS + ADDS // 2)
        assert fetch("SELECT COUNT(*) FROM change_now", {})[0][0] == 0
