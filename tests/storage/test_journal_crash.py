"""A journal import killed with SIGKILL at 20 random points: the SQLite file stays sound, no
source is half imported, and the next import completes it.

The vault has a file per day (more than one transaction's worth, see
career.journal.service.BATCH_DAYS) and one long daily log, so that a kill lands inside a
transaction, between transactions, before the first and after the last. Each source's days,
lines and evidence are compared with a clean import of the same vault.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import FROZEN_NOW

KILLS = 20
SEED = 20240419


def _vault(folder: Path) -> Path:
    skills = ["DPO", "RLHF", "LoRA", "FSDP", "backprop", "batch norm", "transformers", "PPO"]
    days = [date(2020, 1, 1) + timedelta(days=n) for n in range(1350)]
    notes = folder / "vault"
    (notes / "daily").mkdir(parents=True)
    for n, day in enumerate(days[:1100]):
        (notes / "daily" / f"{day.isoformat()}.md").write_text(
            f"- read about {skills[n % 8]}\n- [x] implemented {skills[(n + 3) % 8]}\n"
            f"- [ ] practise {skills[(n + 5) % 8]}\n\t- with exercises\n",
            "utf-8",
        )
    log = []
    for n, day in enumerate(reversed(days[1100:])):
        log += [
            f"[[{day.isoformat()}]]",
            "",
            "Goals:",
            f"- read the {skills[n % 8]} paper",
            "",
            "Done:",
            f"- implemented {skills[(n + 1) % 8]} from scratch",
            f"\t- watched a lecture on {skills[(n + 2) % 8]}",
            f"- applied to FAR.AI research engineer {n} job" if n % 50 == 0 else "- leetcode",
            "",
        ]
    (notes / "log.md").write_text("\n".join(log), "utf-8")
    return notes


def _import(vault: Path, db: Path, home: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CAREER_DB": str(db),
        "CAREER_HOME": str(home),
        "CAREER_NOW": FROZEN_NOW,
    }
    return subprocess.Popen(
        # The folder's daily notes, and its log by name (a folder reads dated notes only).
        [sys.executable, "-m", "career", "journal", "import", str(vault), str(vault / "log.md")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _sources(db: Path) -> dict[str, tuple[int, int, int]]:
    """Per source: (days, lines, evidence rows), read with plain sqlite3."""
    if not db.exists():
        return {}
    conn = sqlite3.connect(db)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "journal_sources" not in tables:
            return {}
        rows = conn.execute(
            "SELECT s.name,"
            " (SELECT COUNT(*) FROM journal_entries e WHERE e.source_id = s.id),"
            " (SELECT COUNT(*) FROM journal_items i JOIN journal_entries e ON e.id = i.entry_id"
            "  WHERE e.source_id = s.id),"
            " (SELECT COUNT(*) FROM skill_evidence v JOIN journal_items i ON i.id = v.item_id"
            "  JOIN journal_entries e ON e.id = i.entry_id WHERE e.source_id = s.id)"
            " FROM journal_sources s"
        ).fetchall()
        return {name: (days, lines, evidence) for name, days, lines, evidence in rows}
    finally:
        conn.close()


def _integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.slow
def test_an_import_killed_anywhere_leaves_whole_sources(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    home = tmp_path / "home"
    reference_db = tmp_path / "reference.db"
    started = time.monotonic()
    clean = _import(vault, reference_db, home)
    assert clean.wait(timeout=300) == 0, clean.stderr.read() if clean.stderr else ""
    duration = time.monotonic() - started
    reference = _sources(reference_db)
    assert len(reference) == 1101
    assert reference["log.md"][0] == 250

    rng = random.Random(SEED)
    partial = 0
    for n in range(KILLS):
        db = tmp_path / f"killed-{n}.db"
        process = _import(vault, db, home)
        # Most of a run is start-up and parsing; writing is its last part: aim there mostly.
        time.sleep(rng.uniform(0.3 * duration, duration))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)

        if db.exists():
            assert _integrity(db) == "ok"
        found = _sources(db)
        for name, counts in found.items():
            assert counts == reference[name], (n, name)
        partial += 0 < len(found) < len(reference)

        finish = _import(vault, db, home)
        assert finish.wait(timeout=300) == 0, finish.stderr.read() if finish.stderr else ""
        assert _integrity(db) == "ok"
        assert _sources(db) == reference, n
    print(f"{partial} of {KILLS} kills left some sources written and others not")
