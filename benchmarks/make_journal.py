"""Generate the journal vaults the import benchmarks run on (DESIGN.md, "Performance budgets").

    python benchmarks/make_journal.py OUT_DIR [--days N] [--seed N] [--force]

Ten years of daily notes (3,650 days by default) ending the day before the benchmarks' "now"
(2026-05-31), written in both layouts `career journal import` reads:

- `single/journal.md`: one file, newest day first, each day opened by a `[[YYYY-MM-DD]]` line
  (the user's own format), with `Goals:` and `Done:` sections and nested bullets;
- `daily/`: an Obsidian vault, a file per day under `daily/YYYY/YYYY-MM-DD.md` (the folder and
  format given in `.obsidian/daily-notes.json`), some with YAML front matter, tasks (`- [ ]`,
  `- [x]`), `#tags`, `[[links]]` and `![[embeds]]`, plus a few notes that are not daily notes.

A day has 1-3 goals and 2-6 done items, some with child bullets (and a few grandchildren); the
lines are written from templates with many slots (verb, object, skill, detail, numbers, dates,
people, projects, commits, links), so that, as in a real journal, most are distinct: under 10%
of the bullet lines repeat an earlier one exactly (`duplicate_share`), most of those being the
everyday lines ("gym", "laundry") that a real journal repeats. About 56% of the lines name a
skill, as in the user's own journal (the April 2024 excerpt): the others are notes from calls
and talks, links, the job search's admin and the day itself (`PLAIN`). The skill lines name
skills of the shipped taxonomy (by name, alias or acronym) with the verbs that set evidence
levels (read, worked through, implemented, shipped), link to papers and videos, and mention
organizations; now and then a line implies a record ("applied to X ... job", "talked with X
advisor").

Deterministic: the same arguments give the same bytes (`random.Random(seed)`, no clock).
`build_vaults` reuses the folder when a stamp says it was made by this generator with these
arguments. `journal_report` turns the benchmark rows into the budget lines: full import of
3,650 days <= 2.0 s and <= 200 MB, one file or a file per day; re-import of the unchanged vault
<= 0.5 s; ten times the days <= 11 times the time.
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
    "Python", "TypeScript", "React", "PostgreSQL", "Terraform", "probing", "activation patching",
    "KV cache", "quantization", "vLLM", "Triton", "linear algebra", "statistics",
    "Bayesian inference",
]  # fmt: skip
ORGS = [
    "FAR.AI", "80k hours", "Apart Research", "SPAR", "MATS", "Anthropic", "Redwood Research",
    "METR", "EleutherAI", "Hugging Face", "BlueDot Impact", "Epoch AI",
]  # fmt: skip
PEOPLE = [
    "Ana", "Ben", "Chloé", "Dev", "Emre", "Fatima", "Gus", "Hana", "Ivo", "Jun", "Kofi", "Lea",
    "Mateo", "Noor", "Oskar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Vik", "Wen",
]  # fmt: skip
PROJECTS = [
    "reward-model", "tiny-llm", "eval-harness", "sae-lab", "job-tracker", "blog", "kaggle-titanic",
    "rl-gridworld", "paper-notes", "homelab", "dotfiles", "thesis-code",
]  # fmt: skip
# A line is a verb, an object and often a detail and a context: many slots, numbers and dates,
# so that most lines are distinct, as in a real journal.
VERBS = [
    "read", "skimmed", "re-read", "worked through", "implemented", "reimplemented", "debugged",
    "shipped", "wrote up", "benchmarked", "profiled", "refactored", "reviewed", "tested",
    "started", "finished", "took notes on", "watched a lecture on", "paired on", "sketched",
]  # fmt: skip
OBJECTS = [
    "the {skill} paper", "{skill} exercises", "chapter {k} of the {skill} book",
    "a {skill} baseline", "my {skill} notes", "section {k}.{k2} on {skill}",
    "the {skill} tutorial", "{skill} with {skill2}", "a small {skill} demo",
    "the {skill} part of {project}", "{skill} for {project}", "the {org} reading list on {skill}",
    "[{skill} talk]({url})", "[[{skill}]] basics", "{k} {skill} problems",
]  # fmt: skip
DETAILS = [
    "took {m} min", "about {h}h", "{k} of {k2} tests pass", "loss down to {f}",
    "batch size {bs}", "lr {lr}", "{pct}% faster", "commit {hex}", "PR #{pr}",
    "issue #{pr} closed", "with {person}", "before lunch", "in the evening", "on the train",
    "{k2} pages", "see {url}", "notes in [[{project}]]", "since {date}", "until {date}",
    "{m} min pomodoro x{k}", "GPU hours: {f}",
]  # fmt: skip
CHILDREN = [
    "{skill} in {project} is simpler than I thought",
    "next: compare {skill} with {skill2} at lr {lr}",
    "question for {person}: {skill} or {skill2}?", "good overview: {url}",
    "![[figure {k}-{pr}.png]]", "{k} takeaways, main one on {skill2} (p. {k2})",
    "TODO try {skill2} on {project} by {date}", "{person} suggested {skill2} for {project}",
    "eval score {f} ({pct}%)", "bug: off by {k} in {project} line {pr}",
    "[[{skill2}]] link to follow up from {person}, {m} min",
]  # fmt: skip
GOALS = [
    "read the {skill} paper ({k2} pages)", "start {skill} chapter {k} of {k2}",
    "review {skill} and {skill2} for {project}", "plan a {skill} project for {project} by {date}",
    "watch [{skill} talk]({url})", "finish {project} PR #{pr}", "{k2} {skill} problems",
    "email {person} about {skill} in {project}", "{m} min of {skill} with {person}",
]  # fmt: skip
# Everyday lines repeat from day to day (the few exact duplicates a real journal has).
EVERYDAY = [
    "gym", "groceries", "laundry", "called mom", "long walk", "rest day", "inbox zero",
    "meditated", "cleaned the flat", "cooked dinner", "slept badly", "dentist", "ran 5k",
    "some leetcode problems", "weekly review", "read a novel", "budget check", "haircut",
]  # fmt: skip
RECORDS = [
    "applied to {org} research engineer job",
    "Talked with {org} career advisor",
    "Signed up for a {org} hackathon via https://example.org/{pr}",
]  # fmt: skip
EVERYDAY_SHARE = 0.04
# Lines that name no skill, in many forms (so that they rarely repeat): notes from talks and
# calls, links to read, progress with no skill in it, the job search's admin, the day itself.
# In the user's own journal (the April 2024 excerpt in shared/fixtures) about 56% of the lines
# name a skill; PLAIN_SHARE of the top-level lines and goals, and the plain children, bring the
# generated journal to about that.
PLAIN = [
    "talked with {person} about the {project} plan, {m} min", "[notes]({url}) from the call",
    "broad takeaway from {person}: keep going, publish more of {project}",
    "worked through part {k} of the lecture series ({k}/{k2})", "{url}",
    "coffee with {person} near the station, {m} min", "updated my CV, {k} bullet points cut",
    "newsletter from {org}, {k} links saved", "cooked {dish} for {person}",
    "walked {k} km along the river with {person}", "slept {h}h, up at {k}:{m}",
    "train to {city} delayed {m} min", "bought {item} for the flat, {k2} pounds",
    "{k2} pages of a novel before bed", "phone call with {person}, {m} min",
    "weekly review: {k} of {k2} goals done", "fixed the bike's back wheel, took {m} min",
    "wrote {k2} lines in the paper journal", "{person}'s birthday dinner in {city}",
    "the {org} office hours got moved to {date}", "watched a film with {person}",
    "skimmed {k} blog posts, nothing new", "cleaned up the notes folder, {k2} files left",
]  # fmt: skip
PLAIN_SHARE = 0.38
DISHES = ["dal", "risotto", "tacos", "soup", "pancakes", "curry", "lasagna", "stir fry"]
CITIES = ["Leeds", "Bristol", "Berlin", "Lyon", "Utrecht", "Porto", "Boston", "Toronto"]
ITEMS = ["a lamp", "a kettle", "shelves", "plants", "a rug", "towels", "a chair", "a mirror"]


def _url(rng: random.Random) -> str:
    host = rng.choice(["arxiv.org/abs", "www.youtube.com/watch?v=", "github.com/someone"])
    return f"https://{host}/{rng.randrange(10**6, 10**7)}"


def _fill(template: str, rng: random.Random, day: date) -> str:
    return template.format(
        skill=rng.choice(SKILLS),
        skill2=rng.choice(SKILLS),
        org=rng.choice(ORGS),
        person=rng.choice(PEOPLE),
        project=rng.choice(PROJECTS),
        url=_url(rng),
        k=rng.randint(1, 12),
        k2=rng.randint(2, 40),
        m=rng.choice((10, 15, 20, 25, 30, 45, 50, 60, 90)),
        h=rng.choice(("1", "1.5", "2", "2.5", "3", "4")),
        f=f"{rng.uniform(0.01, 4):.2f}",
        bs=rng.choice((8, 16, 32, 64, 128, 256)),
        lr=rng.choice(("1e-3", "3e-4", "1e-4", "5e-5", "2e-5")),
        pct=rng.randint(2, 95),
        hex=f"{rng.getrandbits(28):07x}",
        pr=rng.randint(1, 999),
        date=(day - timedelta(days=rng.randint(1, 60))).isoformat(),
        dish=rng.choice(DISHES),
        city=rng.choice(CITIES),
        item=rng.choice(ITEMS),
    )


def _detailed(text: str, rng: random.Random, day: date, share: float) -> str:
    """`text` with a detail (a time, a count, a commit, a date...) added `share` of the time."""
    if rng.random() < share:
        text += f", {_fill(rng.choice(DETAILS), rng, day)}"
    return text


def _line(rng: random.Random, day: date) -> str:
    """One top-level line: an everyday one now and then, else verb + object + one or two
    details."""
    if rng.random() < EVERYDAY_SHARE:
        return rng.choice(EVERYDAY)
    if rng.random() < PLAIN_SHARE:
        return _detailed(_fill(rng.choice(PLAIN), rng, day), rng, day, 1.0)
    text = f"{rng.choice(VERBS)} {_fill(rng.choice(OBJECTS), rng, day)}"
    return _detailed(_detailed(text, rng, day, 1.0), rng, day, 0.25)


def day_notes(day: date, rng: random.Random, *, tasks: bool) -> tuple[list[str], list[str]]:
    """A day's goal and done lines (bullets; children indented with a tab, grandchildren with
    two). With `tasks`, goals are open tasks and top-level done items checked ones."""
    goals = []
    for _ in range(rng.randint(1, 3)):
        everyday = rng.random() < EVERYDAY_SHARE
        template = rng.choice(PLAIN if rng.random() < PLAIN_SHARE else GOALS)
        goal = _detailed(_fill(template, rng, day), rng, day, 0.5)
        goals.append(rng.choice(EVERYDAY) if everyday else goal)
    done: list[str] = []
    for _ in range(rng.randint(2, 6)):
        done.append(("- [x] " if tasks else "- ") + _line(rng, day))
        for _ in range(rng.choice((0, 0, 0, 1, 2))):
            child = rng.choice(PLAIN if rng.random() < PLAIN_SHARE else CHILDREN)
            done.append("\t- " + _detailed(_fill(child, rng, day), rng, day, 0.5))
            if rng.random() < 0.1:
                done.append("\t\t- " + _fill(rng.choice(CHILDREN), rng, day))
    if rng.random() < 0.02:
        done.append("- " + _fill(rng.choice(RECORDS), rng, day))
    return [("- [ ] " if tasks else "- ") + g for g in goals], done


def duplicate_share(text: str) -> float:
    """The share of a journal's bullet lines (what the importer stores and analyses one by one)
    whose text, markers and indentation stripped, is that of an earlier bullet line."""
    seen: set[str] = set()
    total = repeated = 0
    for raw in text.splitlines():
        line = raw.strip()
        if not line.startswith("- "):
            continue
        body = line[2:].removeprefix("[ ] ").removeprefix("[x] ")
        total += 1
        repeated += body in seen
        seen.add(body)
    return repeated / total if total else 0.0


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


MIB = 1024 * 1024


def journal_report(results: Sequence[Row]) -> list[tuple[str, bool]]:
    """The journal budgets as (line, met) for the rows that ran."""
    by_name = {r.name: r for r in results if r.error is None}
    lines: list[tuple[str, bool]] = []
    for name in (FULL_SINGLE, FULL_DAILY):
        if name in by_name:
            row = by_name[name]
            megabytes = row.peak_mib * MIB / 10**6
            ok = row.median_ms <= 2000 and megabytes <= 200
            lines.append(
                (f"{name}: {row.median_ms / 1000:.2f} s (<= 2.0 s), "
                 f"{megabytes:.0f} MB (<= 200 MB)", ok)
            )  # fmt: skip
    if REIMPORT in by_name:
        seconds = by_name[REIMPORT].median_ms / 1000
        lines.append((f"re-import of the unchanged vault: {seconds:.2f} s (<= 0.5 s)",
                      seconds <= 0.5))  # fmt: skip
    if TENFOLD in by_name and FULL_SINGLE in by_name:
        factor = by_name[TENFOLD].median_ms / by_name[FULL_SINGLE].median_ms
        lines.append((f"ten times the days: {factor:.1f} times the time (<= 11)", factor <= 11))
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
