"""The benchmark journal (benchmarks/make_journal.py) looks like a real one: few exact repeats,
and the everyday lines, tasks, nested bullets, links and skill mentions a real one has."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from career.journal.skills import load_taxonomy

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "benchmarks" / "make_journal.py"


@pytest.fixture(scope="module")
def make_journal() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_journal", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_journal"] = module
    spec.loader.exec_module(module)
    return module


def test_duplicate_share_counts_repeated_bullet_lines(make_journal: ModuleType) -> None:
    text = "[[2024-04-19]]\nDone:\n- gym\n- [x] gym\n\t- read DPO\n- read DPO\nDone:\n- gym\n"
    assert make_journal.duplicate_share(text) == pytest.approx(3 / 5)


@pytest.mark.parametrize("layout", ["single", "daily"])
def test_few_lines_repeat_exactly(make_journal: ModuleType, tmp_path: Path, layout: str) -> None:
    make_journal.build_vaults(tmp_path / "vault", days=300)
    files = sorted((tmp_path / "vault" / layout).rglob("*.md"))
    text = "\n".join(path.read_text("utf-8") for path in files)
    share = make_journal.duplicate_share(text)
    assert 0.01 < share < 0.10, share  # a real journal: about 4%; everyday lines do repeat
    bullets = [line.strip() for line in text.splitlines() if line.strip().startswith("- ")]
    nested = sum(line.startswith("\t") for line in text.splitlines())
    texts = [line[2:].removeprefix("[ ] ").removeprefix("[x] ") for line in bullets]
    assert len(bullets) > 300 * 5
    assert nested > len(bullets) * 0.1
    assert sum("[[" in line or "https://" in line for line in bullets) > len(bullets) * 0.1
    # As in the user's own journal (shared/fixtures, April 2024: 27 of 48 lines), a little over
    # half of the lines name a skill of the shipped taxonomy.
    taxonomy = load_taxonomy(None)
    naming = sum(bool(taxonomy.mentions(line)) for line in texts) / len(texts)
    assert 0.45 < naming < 0.70, naming
    assert sum(text in make_journal.EVERYDAY for text in texts) > len(bullets) * 0.01
    if layout == "daily":
        assert sum(line.startswith("- [ ] ") for line in bullets) > 300
        assert sum(line.startswith("- [x] ") for line in bullets) > 300
