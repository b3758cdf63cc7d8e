"""Generate the journal vaults the import benchmarks run on (DESIGN.md, "Performance budgets").

    python benchmarks/make_journal.py OUT_DIR [--days N] [--seed N] [--force]

Ten years of daily notes (3,650 days by default) ending the day before the benchmarks' "now"
(2026-05-31), written in both layouts `career journal import` reads:

- `single/journal.md`: one file, newest day first, each day opened by a `[[YYYY-MM-DD]]` line
  (the user's own format), with `Goals:` and `Done:` sections and nested bullets;
- `daily/`: an Obsidian vault, a file per day under `daily/YYYY/YYYY-MM-DD.md` (the folder and
  format given in `.obsidian/daily-notes.json`), some with YAML front matter, tasks (`- [ ]`,
  `- [x]`), `#tags`, `[[links]]` and `![[embeds]]`, plus a few notes that are not daily notes.

A day has 1-3 goals and 2-6 done items, some with child bullets; the lines name skills of the
shipped taxonomy (by name, alias or acronym) with the verbs that set evidence levels (read,
worked through, implemented, shipped), link to papers and videos, and mention organizations;
now and then a line implies a record ("applied to X ... job", "talked with X advisor").

Deterministic: the same arguments give the same bytes (`random.Random(seed)`, no clock).
`build_vaults` reuses the folder when a stamp says it was made by this generator with these
arguments. `journal_report` turns the benchmark rows into the budget lines of DESIGN.md: full
import <= 5 s and <= 250 MiB; re-import of the unchanged vault <= 10% of a full import; ten
times the notes <= 12 times the time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol

LAST_DAY = date(2026, 5, 31)
DEFAULT_DAYS = 3650
DEFAULT_SEED = 7
STAMP = "journal.json"

SKILLS = [
    "DPO", "RLHF", "PPO", "ORPO", "LoRA", "PEFT", "FSDP", "data parallelism", "backprop",
    "batch norm", "transformers", "GPT", "MLP", "LeetCode", "fine-tuning", "attention",
    "interpretability", "sparse autoencoders", "evals", "red teaming", "PyTorch", "JAX",
    "Kubernetes", "Rust", "SQL", "tokenization", "RL", "diffusion models", "CUDA", "Docker",
]  # fmt: skip
ORGS = [
    "FAR.AI", "80k hours", "Apart Research", "SPAR", "MATS", "Anthropic", "Redwood Research",
    "METR", "EleutherAI", "Hugging Face", "BlueDot Impact", "Epoch AI",
]  # fmt: skip
GOALS = [
    "read the {skill} paper", "start the {skill} lecture", "skim {skill} notes",
    "review {skill} and {skill2}", "plan a {skill} project", "watch [{skill} talk]({url})",
]  # fmt: skip
DONE = [
    "read about {skill} in [this post]({url})",
    "worked through {skill} exercises",
    "implemented {skill} from scratch",
    "reimplemented {skill} on top of {skill2}",
    "shipped a {skill} demo, write-up at {url}",
    "watched a lecture on {skill}",
    "some leetcode problems",
    "chatted with someone from {org} about {skill}",
    "skimmed a few {skill} papers",
    "fixed a bug in my `{skill}` code",
]  # fmt: skip
CHILDREN = [
    "good overview of {skill}: {url}",
    "{skill} is simpler than I thought",
    "next: compare with {skill2}",
    "![[figure {n}.png]]",
]  # fmt: skip
RECORDS = [
    "applied to {org} research engineer job",
    "Talked with {org} career advisor",
    "Signed up for a {org} hackathon via https://example.org/{n}",
]  # fmt: skip


def _url(rng: random.Random) -> str:
    host = rng.choice(["arxiv.org/abs", "www.youtube.com/watch?v=", "github.com/someone"])
    return f"https://{host}/{rng.randrange(10**6, 10**7)}"


def _fill(template: str, rng: random.Random, n: int) -> str:
    return template.format(
        skill=rng.choice(SKILLS),
        skill2=rng.choice(SKILLS),
        org=rng.choice(ORGS),
        url=_url(rng),
        n=n,
    )


def day_notes(day: date, rng: random.Random, *, tasks: bool) -> tuple[list[str], list[str]]:
    """A day's goal and done lines (bullets; children indented with a tab). With `tasks`, goals
    are open tasks and top-level done items checked ones."""
    n = day.toordinal()
    goals = [_fill(rng.choice(GOALS), rng, n) for _ in range(rng.randint(1, 3))]
    done: list[str] = []
    for _ in range(rng.randint(2, 6)):
        done.append(("- [x] " if tasks else "- ") + _fill(rng.choice(DONE), rng, n))
        for _ in range(rng.choice((0, 0, 0, 1, 2))):
            done.append("\t- " + _fill(rng.choice(CHILDREN), rng, n))
    if rng.random() < 0.02:
        done.append("- " + _fill(rng.choice(RECORDS), rng, n))
    return [("- [ ] " if tasks else "- ") + g for g in goals], done


def days_of(count: int) -> list[date]:
    return [LAST_DAY - timedelta(days=n) for n in range(count)]


def write_single(folder: Path, count: int, seed: int) -> Path:
    """The single-file daily log, newest first."""
    rng = random.Random(f"{seed}-single")
    lines: list[str] = []
    for day in days_of(count):
        goals, done = day_notes(day, rng, tasks=False)
        lines += [f"[[{day.isoformat()}]]", "", "Goals:", *goals, "", "Done:", *done, ""]
    path = folder / "single" / "journal.md"
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(lines), "utf-8")
    return path


def write_daily(folder: Path, count: int, seed: int) -> Path:
    """The Obsidian vault, a file per day in yearly folders."""
    rng = random.Random(f"{seed}-daily")
    vault = folder / "daily"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / ".obsidian" / "daily-notes.json").write_text(
        json.dumps({"folder": "journal", "format": "YYYY/YYYY-MM-DD"}), "utf-8"
    )
    for n in range(5):
        (vault / f"project {n}.md").write_text(f"# Project {n}\n\n- an idea\n", "utf-8")
    for day in days_of(count):
        goals, done = day_notes(day, rng, tasks=True)
        head = []
        if rng.random() < 0.3:
            head = ["---", f"tags: [daily, {rng.choice(SKILLS).lower().replace(' ', '-')}]", "---"]
        tag = f"#{rng.choice(['learning', 'jobsearch', 'reading'])}"
        body = [*head, f"# {day.isoformat()} {tag}", "", "Goals:", *goals, "", "Done:", *done]
        body.append(f"see [[{(day - timedelta(days=1)).isoformat()}]]")
        path = vault / "journal" / str(day.year) / f"{day.isoformat()}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(body) + "\n", "utf-8")
    return vault


def stamp_of(days: int, seed: int) -> dict[str, Any]:
    digest = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return {"days": days, "seed": seed, "generator_sha256": digest}


def build_vaults(
    folder: Path, days: int = DEFAULT_DAYS, seed: int = DEFAULT_SEED, *, daily: bool = True
) -> Path:
    """`folder` with the single file (and, with `daily`, the vault of a file per day) of `days`
    days, reused when made with these arguments."""
    stamp = folder / STAMP
    wanted = {**stamp_of(days, seed), "daily": daily}
    if stamp.is_file():
        try:
            if json.loads(stamp.read_text()) == wanted:
                return folder
        except ValueError:
            pass
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    write_single(folder, days, seed)
    if daily:
        write_daily(folder, days, seed)
    stamp.write_text(json.dumps(wanted, indent=2) + "\n")
    return folder


def build_for(argvs: Sequence[Sequence[str]], data: Path) -> None:
    """Build the vaults that benchmark command lines refer to (as "{data}/journal..."): the
    3,650-day one in both layouts, the 36,500-day one as a single file."""
    used = " ".join(a for argv in argvs for a in argv)
    if "{data}/journal/" in used:
        build_vaults(data / "journal")
    if "{data}/journal-10x/" in used:
        build_vaults(data / "journal-10x", DEFAULT_DAYS * 10, daily=False)


# --- the budgets ---------------------------------------------------------------------------


class Row(Protocol):
    """What journal_report reads of a benchmark result (benchmarks/run.py's Result)."""

    name: str
    error: str | None

    @property
    def median_ms(self) -> float: ...

    @property
    def peak_mib(self) -> float: ...


# The rows of benchmarks/run.py that the budgets compare.
FULL_SINGLE = "career journal import (3,650 days, one file)"
FULL_DAILY = "career journal import (3,650 days, file per day)"
REIMPORT = "career journal import (unchanged vault, file per day)"
TENFOLD = "career journal import (36,500 days, one file)"


def journal_report(results: Sequence[Row]) -> list[tuple[str, bool]]:
    """The journal budgets as (line, met) for the rows that ran."""
    by_name = {r.name: r for r in results if r.error is None}
    lines: list[tuple[str, bool]] = []
    for name in (FULL_SINGLE, FULL_DAILY):
        if name in by_name:
            row = by_name[name]
            ok = row.median_ms <= 5000 and row.peak_mib <= 250
            lines.append(
                (f"{name}: {row.median_ms / 1000:.2f} s (<= 5 s), "
                 f"{row.peak_mib:.0f} MiB (<= 250 MiB)", ok)
            )  # fmt: skip
    if REIMPORT in by_name and FULL_DAILY in by_name:
        share = by_name[REIMPORT].median_ms / by_name[FULL_DAILY].median_ms
        lines.append((f"re-import of the unchanged vault: {share:.0%} of a full import (<= 10%)",
                      share <= 0.10))  # fmt: skip
    if TENFOLD in by_name and FULL_SINGLE in by_name:
        factor = by_name[TENFOLD].median_ms / by_name[FULL_SINGLE].median_ms
        lines.append((f"ten times the notes: {factor:.1f} times the time (<= 12)", factor <= 12))
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the folder to write the vaults into")
    parser.add_argument("--days", type=int, default=DEFAULT_DAYS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="replace an existing folder")
    args = parser.parse_args(argv)
    if args.out.exists() and not args.force:
        parser.error(f"{args.out} exists (use --force)")
    if args.out.exists():
        shutil.rmtree(args.out)
    build_vaults(args.out, args.days, args.seed)
    print(f"wrote {args.days} days in both layouts to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
