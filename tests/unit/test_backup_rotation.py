"""Which daily backups rotation keeps (`career.db.backups.kept`) and when a disk is too full
for one (`room_problem`): pure decisions, on names and numbers."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from career.db.backups import RESERVE, Backup, kept, room_problem


def backups(first: datetime, days: int) -> list[Backup]:
    return [
        Backup(Path(f"b{n}.db"), "daily", first + timedelta(days=n), "daily-00000000")
        for n in range(days)
    ]


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Months are local months: this test's local time is UTC."""
    with monkeypatch.context() as patch:
        patch.setenv("TZ", "UTC")
        time.tzset()
        yield
    time.tzset()


def test_the_last_n_and_the_first_of_each_month_across_a_year_end() -> None:
    made = backups(datetime(2025, 11, 28, 12, tzinfo=UTC), 70)  # 2025-11-28 .. 2026-02-05
    days = [b.taken.date().isoformat() for b in kept(made, 3)]
    assert days == ["2025-11-28", "2025-12-01", "2026-01-01", "2026-02-01", "2026-02-03",
                    "2026-02-04", "2026-02-05"]  # fmt: skip


def test_fewer_backups_than_kept_are_all_kept_and_order_is_by_time() -> None:
    made = backups(datetime(2026, 3, 1, 12, tzinfo=UTC), 5)
    assert kept(list(reversed(made)), 14) == made


def test_two_backups_of_one_second_are_told_apart_by_their_number() -> None:
    at = datetime(2026, 3, 10, 12, tzinfo=UTC)
    made = [Backup(Path(f"b{n}.db"), "daily", at, "daily-00000000", n) for n in (2, 0, 1)]
    assert [b.number for b in kept(made, 1)] == [0, 2]  # the month's first, and the last


def test_a_disk_must_keep_the_copy_again_and_the_reserve_free(tmp_path: Path) -> None:
    assert room_problem(tmp_path, 1024) is None
    free = shutil.disk_usage(tmp_path).free
    problem = room_problem(tmp_path / "not" / "made" / "yet", (free - RESERVE) // 2 + 2**28)
    assert problem is not None and problem.startswith(f"the disk holding {tmp_path}")
    assert "MiB free" in problem
