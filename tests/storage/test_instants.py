"""Instants round-trip as the same instant on both backends; naive datetimes are refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError

from career.db.engine import Database
from career.pipeline.models import Organization


@pytest.mark.parametrize(
    "instant",
    [
        datetime(2024, 4, 17, 12, 0, tzinfo=timezone(timedelta(hours=5))),
        datetime(2024, 3, 10, 2, 30, 15, 123456, tzinfo=timezone(timedelta(hours=-5))),
        datetime(2024, 12, 31, 23, 59, 59, tzinfo=UTC),
    ],
    ids=["plus-5", "minus-5-micro", "utc"],
)
def test_aware_datetimes_round_trip_as_the_same_instant(
    database: Database, instant: datetime
) -> None:
    with database.session(write=True) as session:
        session.add(Organization(name="X", key="x", kind="company", created_at=instant))
    with database.session() as session:
        stored = session.scalars(select(Organization.created_at)).one()
    assert stored == instant
    assert stored.utcoffset() == timedelta(0)
    assert stored.tzinfo is not None


def test_naive_datetimes_are_refused(database: Database) -> None:
    naive = Organization(name="X", key="x", kind="company", created_at=datetime(2024, 4, 17))
    with (
        pytest.raises(StatementError, match="naive datetime refused"),
        database.session(write=True) as session,
    ):
        session.add(naive)
    with database.session() as session:
        assert session.scalars(select(Organization)).all() == []
