"""Time `career` commands on the heavy-user dataset against the budgets in DESIGN.md.

    python benchmarks/run.py [--runs N] [--check] [--json FILE] [--data DIR] [--only TEXT]

Every figure is a ratio to the interpreter floor, `python -c "import sqlite3"`, measured in the
same run with the same interpreter. Each command runs as a subprocess (`python -m career ...`)
with `CAREER_HOME` in a temporary folder, `CAREER_DB` on the dataset and `CAREER_NOW` frozen;
one warm-up round first, then `--runs` rounds in which the floor and every command run once each
(interleaved, so that a slow spell of the machine shows in the floor as well). Reported: the
median wall time and the child's own peak RSS (`os.wait4`, from a lean spawner: see SPAWNER).

Exit status: 0; 1 with `--check` when a budget is exceeded; 2 when a command (or building the
dataset) fails: its stderr is shown and it is not timed.

To benchmark a new command, add a line to COMMANDS.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import marshal
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from make_data import ANCHOR_ORGANIZATION, DEFAULT_APPLICATIONS, DEFAULT_SEED
from make_journal import (
    FULL_DAILY,
    FULL_SINGLE,
    REIMPORT,
    TENFOLD,
    build_for,
    build_vaults,
    journal_report,
)

HERE = Path(__file__).resolve().parent
MAKE_DATA = HERE / "make_data.py"
CAREER_NOW = "2026-06-01T09:00:00+00:00"
FLOOR_ARGV = (sys.executable, "-c", "import sqlite3")
CAREER_ARGV = (sys.executable, "-m", "career")
DATASET_NAME = "heavy.db"
STAMP_NAME = "heavy.json"


class BenchError(Exception):
    """The benchmark cannot go on (the dataset or the floor failed)."""


@dataclass(frozen=True)
class Context:
    """What the checks of a command's output may rely on."""

    applications: int


# A check reads a command's stdout and returns what is wrong with it, or None.
Check = Callable[[str, Context], str | None]


def nonempty_table(stdout: str, ctx: Context) -> str | None:
    lines = stdout.splitlines()
    if len(lines) < 2 or "no applications" in stdout:
        return f"expected a table of applications, got {stdout[:200]!r}"
    return None


def all_applications_json(stdout: str, ctx: Context) -> str | None:
    try:
        rows = json.loads(stdout)
    except ValueError as exc:
        return f"stdout is not JSON: {exc}"
    if not isinstance(rows, list) or len(rows) < ctx.applications:
        got = len(rows) if isinstance(rows, list) else type(rows).__name__
        return f"expected {ctx.applications} applications, got {got}"
    return None


def reminded(stdout: str, ctx: Context) -> str | None:
    lines = stdout.splitlines()
    if len(lines) < 2 or not lines[0].startswith("When"):
        return f"expected a list of reminders, got {stdout[:200]!r}"
    return None


def printed_an_id(stdout: str, ctx: Context) -> str | None:
    last = stdout.strip().splitlines()[-1:] or [""]
    return None if last[0].isdigit() else f"expected the new id on stdout, got {stdout!r}"


@dataclass(frozen=True)
class Command:
    """One benchmarked command.

    `argv` follows `python -m career`; "{run}" in it becomes the run's number (so that each run
    of a write can differ). `budget` is the allowed multiple of the floor (DESIGN.md). `kind` is
    shown in the table ("startup", "read", "write"). `copy` runs the command on a private copy of
    the dataset, so the dataset stays as generated.
    """

    name: str
    argv: tuple[str, ...]
    budget: float | None
    kind: str
    copy: bool = False
    check: Check | None = None


# A daily note of one 5 MB line holding 10,000 URLs (issue 11): masking URLs, reading words
# and matching skills on it must stay linear. Built by build_url_line; its budget is seconds of
# wall time for the whole command (start-up and a new database included).
URL_LINE = "career journal import (a 5 MB line of 10,000 URLs)"
URL_LINE_NOTE = "journal-urls/2024-04-19.md"
URL_LINE_BUDGET_S = 2.0
URL_COUNT = 10_000
URL_LINE_BYTES = 5_000_000


def build_url_line(data: Path) -> Path:
    """The note of URL_LINE under `data` (written once): a bullet with URL_COUNT long URLs (a
    word or two between them) making one line of URL_LINE_BYTES."""
    path = data / URL_LINE_NOTE
    if path.is_file() and path.stat().st_size >= URL_LINE_BYTES:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    words = " and see "
    room = URL_LINE_BYTES // URL_COUNT - len(words) - len("https://example.com/")
    parts = [
        f"https://example.com/{n:05d}/" + ("a" * max(room - 7, 1)) + words for n in range(URL_COUNT)
    ]
    path.write_text("- " + "".join(parts).rstrip() + "\n", "utf-8")
    return path


def url_line_report(results: Sequence[Any]) -> list[tuple[str, bool]]:
    """URL_LINE's budget as (line, met) when it ran."""
    for result in results:
        if result.name == URL_LINE and result.error is None:
            seconds = result.median_ms / 1000
            line = f"{URL_LINE}: {seconds:.2f} s (<= {URL_LINE_BUDGET_S:g} s)"
            return [(line, seconds <= URL_LINE_BUDGET_S)]
    return []


# Inputs that were quadratic once (issue 16): an import of SIMILAR_ROWS applications of as
# many new, similar organizations (every new name is checked against every other for
# near-duplicates: an index keeps it near linear), and a posting asking for JOB_SKILLS skills.
# Each goes into a new database each run; budgets are ratios to the floor like the others.
SIMILAR_CSV = "similar-organizations.csv"
SIMILAR_ROWS = 10_000
JOB_JSON = "job-5000-skills.json"
JOB_SKILLS = 5_000


def build_quadratic_inputs(data: Path) -> None:
    """SIMILAR_CSV and JOB_JSON under `data` (written once)."""
    sheet = data / SIMILAR_CSV
    if not sheet.is_file():
        stems = ("Northwind Analytics", "Northwind Analytic", "North Wind Analytics Lab")
        rows = [
            f"{stems[n % len(stems)]} {n:05d},Research Engineer {n},applied,2024-03-01"
            for n in range(SIMILAR_ROWS)
        ]
        sheet.write_text("Organization,Role,Status,Applied\n" + "\n".join(rows) + "\n", "utf-8")
    job = data / JOB_JSON
    if not job.is_file():
        skills = [
            {"name": f"Skill {n:05d}", "keywords": [f"tool{n}x"]} for n in range(JOB_SKILLS // 2)
        ]
        posting = {"title": "Engineer", "company": "Big Posting Inc", "skills": skills}
        job.write_text(json.dumps(posting), "utf-8")


# The CSV that `career import apps` reads: the dataset's own export, written once per run.
EXPORTED_CSV = "dataset-export.csv"

COMMANDS: list[Command] = [
    Command("career --help", ("--help",), 8, "startup"),
    # The shell start-up command: 6x (DESIGN.md). Answered through sqlite3 without typer.
    Command("career remind", ("remind",), 6, "startup", check=reminded),
    Command("career apps", ("apps",), 30, "read", check=nonempty_table),
    Command(
        "career apps --all --format json",
        ("apps", "--all", "--format", "json"),
        30,
        "read",
        check=all_applications_json,
    ),
    Command("career app show", ("app", "show", "1"), 30, "read"),
    Command("career board", ("board",), 30, "read"),
    Command("career show ORG", ("show", ANCHOR_ORGANIZATION), 30, "read"),
    Command("career search", ("search", "interpretability"), 30, "read"),
    Command("career deadlines", ("deadlines",), 30, "read"),
    Command("career calendar (ics)", ("calendar", "--out", "calendar-{run}.ics"), 30, "read"),
    # The skills-evidence summary and the gap report read the dataset's journal (the 3,650-day
    # vault, imported once by prepare_evidence) and the skills application 1 asks for.
    *(
        Command(f"career export skills ({fmt})", ("export", "skills", "--format", fmt), 30, "read")
        for fmt in ("md", "json", "jsonresume", "csv", "html")
    ),
    Command("career gaps", ("gaps", "1"), 30, "read"),
    Command(
        "career export apps (csv)",
        ("export", "apps", "--format", "csv", "--out", "export-{run}.csv"),
        30,
        "read",
    ),
    # Into a new, empty database each run (so it includes creating the schema). A bulk write:
    # DESIGN.md sets no budget for it, so it is reported, not judged.
    Command(
        "career import apps (csv)",
        ("--db", "import-{run}.db", "import", "apps", EXPORTED_CSV),
        None,
        "write",
    ),
    Command(
        "career import apps (10,000 similar organizations)",
        ("--db", "similar-{run}.db", "import", "apps", "{data}/" + SIMILAR_CSV),
        400,
        "write",
    ),
    Command(
        "career app import-job (5,000 skills)",
        ("--db", "job-{run}.db", "app", "import-job", "{data}/" + JOB_JSON),
        100,
        "write",
    ),
    # A write: DESIGN.md states no separate budget, so it is held to the read budget.
    Command(
        "career add-application",
        ("add-application", ANCHOR_ORGANIZATION, "Benchmark Engineer {run}", "--tag", "bench"),
        30,
        "write",
        copy=True,
        check=printed_an_id,
    ),
    # Journal import (benchmarks/make_journal.py): into a new database each run, except the
    # re-import, whose warm-up run imports and whose timed runs find the vault unchanged. Their
    # budgets (seconds, MiB, ratios between rows) are judged by make_journal.journal_report.
    *(
        Command(name, ("--db", db, "journal", "import", vault), None, "write")
        for name, db, vault in (
            (FULL_SINGLE, "journal-single-{run}.db", "{data}/journal/single/journal.md"),
            (FULL_DAILY, "journal-daily-{run}.db", "{data}/journal/daily"),
            (REIMPORT, "journal-again.db", "{data}/journal/daily"),
            (TENFOLD, "journal-10x-{run}.db", "{data}/journal-10x/single/journal.md"),
            (URL_LINE, "journal-urls-{run}.db", "{data}/" + URL_LINE_NOTE),
        )
    ),
]


@dataclass
class Sample:
    seconds: float
    peak_kib: int
    spawner_kib: int  # the spawner's own peak RSS: a child's ru_maxrss never reads below it
    returncode: int
    stdout: str
    stderr: str


@dataclass
class Result:
    name: str
    kind: str
    argv: list[str]
    budget: float | None
    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    spawner_kib: int = 0
    error: str | None = None

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000 if self.seconds else float("nan")

    @property
    def peak_mib(self) -> float:
        return max(self.peak_kib) / 1024 if self.peak_kib else float("nan")

    @property
    def peak_exact(self) -> bool:
        """False when the peak may be the spawner's own (see SPAWNER): an upper bound."""
        return bool(self.peak_kib) and max(self.peak_kib) > self.spawner_kib

    def add(self, sample: Sample) -> None:
        self.seconds.append(sample.seconds)
        self.peak_kib.append(sample.peak_kib)
        self.spawner_kib = max(self.spawner_kib, sample.spawner_kib)

    def ratio(self, floor_ms: float) -> float:
        return self.median_ms / floor_ms

    def verdict(self, floor_ms: float) -> str:
        if self.error is not None:
            return "FAILED"
        if self.budget is None:
            return "-"
        return "ok" if self.ratio(floor_ms) <= self.budget else "OVER"


# Why the children are not started by this process: on Linux, exec carries the RSS high-water
# mark of the process that calls it into the new program's ru_maxrss, and a subprocess starts as
# a (v)fork of its parent; so every child of this runner would read at least the runner's own
# peak (20-30 MiB, more than `career --help` uses). A lean spawner (`python -I -S`, about 9 MiB:
# less than the floor) starts each command: it times it with perf_counter around posix_spawn and
# os.wait4, which reaps that one child and returns the child's own rusage. (RUSAGE_CHILDREN
# would be the maximum over every child so far.) Jobs and replies cross as marshal'd dicts
# behind an 8-byte length; marshal is built in, so the spawner imports nearly nothing.
SPAWNER = """
import marshal, os, sys, time
from resource import RUSAGE_SELF, getrusage


def own_peak():
    # The high-water mark of this process's memory map, which is what a child inherits.
    # (ru_maxrss would not do: it carries the runner's peak, inherited at this exec.)
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return getrusage(RUSAGE_SELF).ru_maxrss


read, write = sys.stdin.buffer, sys.stdout.buffer
flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
while header := read.read(8):
    job = marshal.loads(read.read(int.from_bytes(header, "big")))
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, job["stdout"], flags, 0o600),
        (os.POSIX_SPAWN_OPEN, 2, job["stderr"], flags, 0o600),
    ]
    try:
        started = time.perf_counter()
        pid = os.posix_spawn(job["argv"][0], job["argv"], job["env"], file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        reply = {
            "seconds": time.perf_counter() - started,
            "returncode": os.waitstatus_to_exitcode(status),
            "peak": usage.ru_maxrss,
            "spawner_peak": own_peak(),
        }
    except OSError as exc:
        reply = {"error": f"cannot start {job['argv'][0]}: {exc}"}
    data = marshal.dumps(reply)
    write.write(len(data).to_bytes(8, "big") + data)
    write.flush()
"""


class Spawner:
    """The lean process that starts and measures every command (see SPAWNER)."""

    def __init__(self, cwd: Path, io: Path) -> None:
        self.folder = io  # where the child's stdout and stderr go
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", SPAWNER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=cwd,
        )

    def _ask(self, job: dict[str, Any]) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        data = marshal.dumps(job)
        try:
            self.proc.stdin.write(len(data).to_bytes(8, "big") + data)
            self.proc.stdin.flush()
        except BrokenPipeError:
            raise BenchError("the spawner process died") from None
        header = self.proc.stdout.read(8)
        if len(header) < 8:
            raise BenchError(f"the spawner process died (exit status {self.proc.wait()})")
        reply: dict[str, Any] = marshal.loads(self.proc.stdout.read(int.from_bytes(header, "big")))
        return reply

    def measure(self, argv: Sequence[str], env: dict[str, str]) -> Sample:
        """Run `argv` once: its wall time, its own peak RSS, its output."""
        out, err = self.folder / "stdout.txt", self.folder / "stderr.txt"
        reply = self._ask({"argv": list(argv), "env": env, "stdout": str(out), "stderr": str(err)})
        if "error" in reply:
            raise BenchError(str(reply["error"]))
        # ru_maxrss is in KiB on Linux, in bytes on macOS.
        scale = 1024 if sys.platform == "darwin" else 1
        return Sample(
            seconds=reply["seconds"],
            peak_kib=reply["peak"] // scale,
            spawner_kib=reply["spawner_peak"] // scale,
            returncode=reply["returncode"],
            stdout=out.read_text(errors="replace"),
            stderr=err.read_text(errors="replace"),
        )

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def describe_failure(argv: Sequence[str], sample: Sample, problem: str | None = None) -> str:
    what = problem or f"exit status {sample.returncode}"
    lines = [f"`{' '.join(argv)}` failed: {what}"]
    stderr = sample.stderr.strip()
    if stderr:
        tail = stderr.splitlines()[-25:]
        lines += ["  stderr:", *(f"    {line}" for line in tail)]
    return "\n".join(lines)


# --- the dataset ---------------------------------------------------------------------------


def generator_stamp(seed: int, applications: int) -> dict[str, Any]:
    digest = hashlib.sha256(MAKE_DATA.read_bytes()).hexdigest()
    return {"seed": seed, "applications": applications, "generator_sha256": digest}


def build_dataset(folder: Path, seed: int, applications: int) -> tuple[Path, float | None]:
    """The dataset in `folder`, reused when it was made by this generator with these
    arguments; returns its path and the seconds it took to build (None when reused)."""
    path = folder / DATASET_NAME
    stamp_path = folder / STAMP_NAME
    stamp = generator_stamp(seed, applications)
    if path.is_file() and stamp_path.is_file():
        try:
            if json.loads(stamp_path.read_text()) == stamp:
                return path, None
        except ValueError:
            pass
    folder.mkdir(parents=True, exist_ok=True)
    stamp_path.unlink(missing_ok=True)
    argv = [sys.executable, str(MAKE_DATA), str(path), "--force"]
    argv += ["--seed", str(seed), "--applications", str(applications)]
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise BenchError(
            f"building the dataset failed (exit status {done.returncode}):\n{done.stderr}"
        )
    stamp_path.write_text(json.dumps(stamp, indent=2) + "\n")
    return path, seconds


# What application 1 of the dataset asks for: some with evidence in the vault, some without.
ASKED_SKILLS = (
    "DPO", "RLHF", "PyTorch", "transformers", "fine-tuning", "Kubernetes", "SQL", "evals",
    "interpretability", "Rust",
)  # fmt: skip


def prepare_evidence(dataset: Path, data: Path) -> None:
    """Give the dataset a journal (the 3,650-day vault as one file) and the skills application
    1 asks for. Both commands change nothing the second time, so a reused dataset is fine."""
    vault = build_vaults(data / "journal") / "single" / "journal.md"
    home = data / "prepare-home"
    home.mkdir(exist_ok=True)
    env = child_env(home, dataset)
    asked = [f"--add={name}" for name in ASKED_SKILLS]
    for argv in (["journal", "import", str(vault)], ["app", "skills", "1", *asked]):
        done = subprocess.run(
            [*CAREER_ARGV, *argv], env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise BenchError(f"could not prepare {' '.join(argv[:2])}: {done.stderr.strip()}")


def copy_database(source: Path, dest: Path) -> None:
    """A consistent copy of a SQLite file (its WAL included) with the online backup API."""
    from career.db.migrate import backup_sqlite

    for suffix in ("", "-wal", "-shm"):
        dest.with_name(dest.name + suffix).unlink(missing_ok=True)
    backup_sqlite(source, dest)


# --- running -------------------------------------------------------------------------------


def export_dataset(home: Path, env: dict[str, str]) -> None:
    """Write EXPORTED_CSV into `home` (the commands' working folder) with `career export`."""
    argv = [*CAREER_ARGV, "export", "apps", "--format", "csv", "--out", EXPORTED_CSV, "--force"]
    done = subprocess.run(argv, cwd=home, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchError(f"could not export the dataset: {done.stderr.strip()}")


def child_env(home: Path, database: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREER_")}
    env.update(CAREER_HOME=str(home), CAREER_DB=str(database), CAREER_NOW=CAREER_NOW)
    return env


def run_benchmarks(
    commands: Sequence[Command], dataset: Path, work: Path, runs: int, ctx: Context
) -> tuple[Result, list[Result]]:
    """Warm-up round, then `runs` rounds of the floor and every command, interleaved.

    A command that fails (exit status, or output its check refuses) is not timed further: its
    result carries the error, with the child's stderr.
    """
    home = work / "home"
    home.mkdir(parents=True, exist_ok=True)
    floor = Result("python -c 'import sqlite3'", "floor", list(FLOOR_ARGV), None)
    floor_env = child_env(home, dataset)
    results: list[Result] = []
    envs: list[dict[str, str]] = []
    for n, command in enumerate(commands):
        database = dataset
        if command.copy:
            database = work / f"copy-{n}.db"
            copy_database(dataset, database)
        envs.append(child_env(home, database))
        results.append(
            Result(command.name, command.kind, [*CAREER_ARGV, *command.argv], command.budget)
        )

    export_dataset(home, floor_env)
    spawner = Spawner(cwd=home, io=work)
    try:
        for run in range(runs + 1):  # run 0 is the warm-up: checked, not kept
            sample = spawner.measure(FLOOR_ARGV, floor_env)
            if sample.returncode != 0:
                raise BenchError(describe_failure(FLOOR_ARGV, sample))
            if run:
                floor.add(sample)
            for command, result, env in zip(commands, results, envs, strict=True):
                if result.error is not None:
                    continue
                argv = [
                    *CAREER_ARGV,
                    *(
                        a.replace("{run}", str(run)).replace("{data}", str(dataset.parent))
                        for a in command.argv
                    ),
                ]
                sample = spawner.measure(argv, env)
                problem = None
                if sample.returncode == 0 and command.check is not None:
                    problem = command.check(sample.stdout, ctx)
                if sample.returncode != 0 or problem is not None:
                    result.error = describe_failure(argv, sample, problem)
                    result.seconds.clear()
                    result.peak_kib.clear()
                elif run:
                    result.add(sample)
    finally:
        spawner.close()
    return floor, results


def table(floor: Result, results: Sequence[Result]) -> str:
    floor_ms = floor.median_ms
    header = (
        "command",
        "kind",
        "median ms",
        "x floor",
        "budget",
        "peak MiB",
        "mem x floor",
        "verdict",
    )
    rows = [header]
    for result in [floor, *results]:
        failed = result.error is not None
        rows.append(
            (
                result.name,
                result.kind,
                "-" if failed else f"{result.median_ms:.1f}",
                "-" if failed else f"{result.ratio(floor_ms):.1f}x",
                "-" if result.budget is None else f"<= {result.budget:g}x",
                "-" if failed else f"{'' if result.peak_exact else '<='}{result.peak_mib:.1f}",
                "-" if failed else f"{result.peak_mib / floor.peak_mib:.1f}x",
                result.verdict(floor_ms),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for row in rows:
        cells = [
            cell.ljust(width) if i in (0, 1, 7) else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def as_json(floor: Result, results: Sequence[Result], meta: dict[str, Any]) -> dict[str, Any]:
    floor_ms = floor.median_ms

    def one(result: Result) -> dict[str, Any]:
        failed = result.error is not None
        return {
            "name": result.name,
            "kind": result.kind,
            "argv": result.argv,
            "budget": result.budget,
            "median_ms": None if failed else round(result.median_ms, 2),
            "ratio": None if failed else round(result.ratio(floor_ms), 2),
            "peak_mib": None if failed else round(result.peak_mib, 1),
            "peak_ratio": None if failed else round(result.peak_mib / floor.peak_mib, 2),
            "peak_exact": result.peak_exact,
            "spawner_peak_kib": result.spawner_kib,
            "verdict": result.verdict(floor_ms),
            "samples_ms": [round(s * 1000, 2) for s in result.seconds],
            "peak_kib": result.peak_kib,
            "error": result.error,
        }

    return {**meta, "floor": one(floor), "results": [one(r) for r in results]}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (default 7)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a budget is exceeded")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write results as JSON")
    parser.add_argument(
        "--data", type=Path, metavar="DIR", help="keep the dataset in DIR and reuse it"
    )
    parser.add_argument(
        "--only", action="append", metavar="TEXT", help="only commands whose name contains TEXT"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="dataset seed")
    parser.add_argument(
        "--applications", type=int, default=DEFAULT_APPLICATIONS, help="dataset size"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    commands = [c for c in COMMANDS if not args.only or any(t in c.name for t in args.only)]
    if not commands:
        parser.error(f"no command matches {args.only}")

    with tempfile.TemporaryDirectory(prefix="career-bench-") as tmp:
        work = Path(tmp)
        folder: Path = args.data if args.data is not None else work / "data"
        try:
            dataset, built = build_dataset(folder.resolve(), args.seed, args.applications)
            build_for([c.argv for c in commands], folder.resolve())
            if any(c.name == URL_LINE for c in commands):
                build_url_line(folder.resolve())
            build_quadratic_inputs(folder.resolve())
            if any(c.argv[:2] in (("export", "skills"), ("gaps", "1")) for c in commands):
                prepare_evidence(dataset, folder.resolve())
            made = f"reused from {folder}" if built is None else f"built in {built:.2f} s"
            floor, results = run_benchmarks(
                commands, dataset, work, args.runs, Context(applications=args.applications)
            )
        except BenchError as exc:
            print(f"benchmark failed: {exc}", file=sys.stderr)
            return 2

    meta: dict[str, Any] = {
        "python": platform.python_version(),
        "executable": sys.executable,
        "platform": platform.platform(),
        "runs": args.runs,
        "career_now": CAREER_NOW,
        "dataset": {"seed": args.seed, "applications": args.applications, "build_s": built},
    }
    print(f"python {meta['python']} ({sys.executable}) on {meta['platform']}")
    print(f"dataset: {args.applications} applications, seed {args.seed}, {made}")
    print(f"{args.runs} runs after a warm-up, interleaved; median wall time, peak RSS of the child")
    print(table(floor, results))
    journal = journal_report(results) + url_line_report(results)
    for line, met in journal:
        print(f"journal budget: {line}: {'ok' if met else 'OVER'}")
    bounded = [r for r in [floor, *results] if r.peak_kib and not r.peak_exact]
    if bounded:
        print(
            f"<= : at or below the spawner's own peak RSS ({bounded[0].spawner_kib / 1024:.1f} "
            "MiB), which Linux carries into a child's ru_maxrss: an upper bound"
        )
    failures = [r for r in results if r.error is not None]
    for result in failures:
        print(f"\n{result.name}: {result.error}", file=sys.stderr)
    over = [r for r in results if r.verdict(floor.median_ms) == "OVER"]
    for result in over:
        ratio = result.ratio(floor.median_ms)
        print(
            f"over budget: {result.name} at {ratio:.1f}x the floor (budget {result.budget:g}x, "
            f"{ratio / (result.budget or 1):.2f} times the budget)"
        )
    if args.json is not None:
        args.json.write_text(json.dumps(as_json(floor, results, meta), indent=2) + "\n")
    if failures:
        return 2
    return 1 if (over or not all(met for _, met in journal)) and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
