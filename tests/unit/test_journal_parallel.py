"""The journal's analysis gives the same days in worker processes as in one process
(career.journal.importer.analyse_days), in order, with progress reported as it goes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from career.journal import importer
from career.journal.document import SourceFile
from career.journal.parser import parse

JOURNAL = "\n".join(
    f"[[2024-{month:02d}-{day:02d}]]\n\nDone:\n"
    f"- implemented DPO in PyTorch for run {month}-{day}\n"
    f"\t- Sam reviewed the LoRA config, {day} comments\n"
    f"- didn't finish the RLHF chapter ({day} pages left)\n"
    f"- applied to FAR.AI research engineer job\n"
    f"- coffee with Ana, walked {day} km\n"
    for month in range(1, 13)
    for day in range(1, 29)
)


def _entries(tmp_path: Path) -> list:
    path = tmp_path / "journal.md"
    path.write_text(JOURNAL, "utf-8")
    return parse(JOURNAL, SourceFile(path, path.name, "daily-log"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers run on Linux only")
def test_workers_give_the_same_days_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = _entries(tmp_path)
    analysis = importer.Analysis([(1, "FAR.AI", [])])
    monkeypatch.setattr(importer, "PARALLEL_LINES", 10**9)
    alone = importer.analyse_days(entries, analysis)
    monkeypatch.setattr(importer, "PARALLEL_LINES", 1)
    monkeypatch.setattr(importer, "_workers", lambda lines: 2)
    seen: list[tuple[str, int, int]] = []
    together = importer.analyse_days(entries, analysis, lambda *step: seen.append(step))
    assert together == alone
    assert [day.entry.day for day in together] == [entry.day for entry in entries]
    assert sum(len(day.evidence) for day in together) > len(entries)  # it found evidence
    assert any(day.suggestions for day in together)
    assert seen[-1] == ("parsing", len(entries), len(entries))
    assert [done for _, done, _ in seen] == sorted(done for _, done, _ in seen)


def test_small_imports_stay_in_one_process() -> None:
    assert importer._workers(importer.PARALLEL_LINES - 1) == 1
