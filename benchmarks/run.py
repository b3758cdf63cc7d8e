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
import csv
import hashlib
import json
import marshal
import os
import platform
import re
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
    home: Path  # the commands' working folder: where `--out` files are written


@dataclass(frozen=True)
class Output:
    """What one run of a command left: its output (a terminal run's without its escape
    sequences and carriage returns), its argv and the run's number (0 is the warm-up)."""

    stdout: str
    stderr: str
    argv: tuple[str, ...]
    run: int


# A check reads a command's output and returns what is wrong with it, or None. Every command
# has one: a command that prints the wrong thing quickly must not pass as fast.
Check = Callable[[Output, Context], str | None]


def _shown(text: str) -> str:
    return repr(text[:200])


def contains(*words: str) -> Check:
    """The output (stdout, else stderr) holds every one of `words`."""

    def check(out: Output, ctx: Context) -> str | None:
        text = out.stdout or out.stderr
        missing = [w for w in words if w not in text]
        return f"expected {missing!r} in the output, got {_shown(text)}" if missing else None

    return check


def table_of(*columns: str, rows: int = 1) -> Check:
    """A table: a header line naming `columns`, then at least `rows` lines."""

    def check(out: Output, ctx: Context) -> str | None:
        lines = [line for line in out.stdout.splitlines() if line.strip()]
        header = next((line for line in lines if all(c in line for c in columns)), None)
        if header is None or len(lines) - lines.index(header) - 1 < rows:
            return f"expected a table with columns {columns!r}, got {_shown(out.stdout)}"
        return None

    return check


def all_of(*checks: Check) -> Check:
    def check(out: Output, ctx: Context) -> str | None:
        return next((p for c in checks if (p := c(out, ctx)) is not None), None)

    return check


def all_applications_json(out: Output, ctx: Context) -> str | None:
    try:
        rows = json.loads(out.stdout)
    except ValueError as exc:
        return f"stdout is not JSON: {exc}"
    if not isinstance(rows, list) or len(rows) < ctx.applications:
        got = len(rows) if isinstance(rows, list) else type(rows).__name__
        return f"expected {ctx.applications} applications, got {got}"
    return None


def json_with(key: str) -> Check:
    """A JSON object whose `key` is a non-empty list."""

    def check(out: Output, ctx: Context) -> str | None:
        try:
            document = json.loads(out.stdout)
        except ValueError as exc:
            return f"stdout is not JSON: {exc}"
        if not isinstance(document, dict) or not document.get(key):
            return f"expected a JSON object with a non-empty {key!r}, got {_shown(out.stdout)}"
        return None

    return check


def printed_an_id(out: Output, ctx: Context) -> str | None:
    last = out.stdout.strip().splitlines()[-1:] or [""]
    return None if last[0].isdigit() else f"expected the new id on stdout, got {out.stdout!r}"


def out_file(out: Output, ctx: Context) -> Path:
    """The file a command wrote with `--out`."""
    return ctx.home / out.argv[out.argv.index("--out") + 1]


def ics_file(out: Output, ctx: Context) -> str | None:
    text = out_file(out, ctx).read_text("utf-8")
    if not text.startswith("BEGIN:VCALENDAR") or "BEGIN:VEVENT" not in text:
        return f"expected an ICS calendar with events, got {_shown(text)}"
    return None


def _file_holds(out: Output, ctx: Context, *words: str) -> str | None:
    """The `--out` file holds every one of `words` (a PNG's signature: "PNG")."""
    text = out_file(out, ctx).read_bytes().decode("utf-8", "replace")
    missing = [w for w in words if w not in text]
    return f"expected {missing!r} in the file, got {_shown(text)}" if missing else None


def every_application_csv(out: Output, ctx: Context) -> str | None:
    with out_file(out, ctx).open(newline="", encoding="utf-8") as sheet:
        rows = list(csv.reader(sheet))
    if not rows or rows[0][:3] != ["id", "organization", "role"]:
        return f"expected the export's header, got {rows[:1]!r}"
    if len(rows) - 1 != ctx.applications:
        return f"expected {ctx.applications} applications in the export, got {len(rows) - 1}"
    return None


def created(count: int | None = None) -> Check:
    """An import that created `count` rows (None: the dataset's applications)."""

    def check(out: Output, ctx: Context) -> str | None:
        made = sum(1 for line in out.stdout.splitlines() if ": created " in line)
        wanted = ctx.applications if count is None else count
        return None if made == wanted else f"expected {wanted} rows created, got {made}"

    return check


def _summary(text: str) -> dict[str, int]:
    """The counts `career journal import` prints, by label."""
    found = (re.fullmatch(r"(.+?)\s{2,}(\d+)", line.strip()) for line in text.splitlines())
    return {m.group(1): int(m.group(2)) for m in found if m}


def journal_added(out: Output, ctx: Context) -> str | None:
    counts = _summary(out.stdout)
    if counts.get("entries added", 0) < 1 or counts.get("evidence", 0) < 1:
        return f"expected days added and evidence found, got {_shown(out.stdout)}"
    return None


def journal_again(out: Output, ctx: Context) -> str | None:
    """The re-import: its warm-up imports, every timed run finds the vault unchanged."""
    if out.run == 0:
        return journal_added(out, ctx)
    counts = _summary(out.stdout)
    if counts.get("skipped (unchanged)", 0) < 1 or counts.get("entries added", 1) != 0:
        return f"expected every source skipped as unchanged, got {_shown(out.stdout)}"
    return None


def one_day_added(out: Output, ctx: Context) -> str | None:
    counts = _summary(out.stdout)
    return None if counts.get("entries added") == 1 else f"expected one day, got {counts}"


_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def plain_text(terminal: str) -> str:
    """What a terminal shows of `terminal` output: escape sequences and CRs removed."""
    return _ESCAPES.sub("", terminal).replace("\r\n", "\n")


@dataclass(frozen=True)
class Command:
    """One benchmarked command.

    `argv` follows `python -m career`; "{run}" in it becomes the run's number (so that each run
    of a write can differ). `budget` is the allowed multiple of the floor (DESIGN.md). `kind` is
    shown in the table ("startup", "read", "write"). `copy` runs the command on a private copy of
    the dataset, so the dataset stays as generated. `check` reads its output (every command has
    one); `tty` runs it on a pseudo-terminal instead of a file.
    """

    name: str
    argv: tuple[str, ...]
    budget: float | None
    kind: str
    copy: bool = False
    check: Check | None = None
    tty: bool = False  # stdout is a pseudo-terminal (TERMINAL_SIZE), as when a person reads it


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


# The tables the listing commands print (on a pipe and on a terminal alike).
REMINDED = table_of("When", "Date", "What", "Title", rows=10)
APPS_TABLE = table_of("ID", "Organization", "Role", "Status", rows=10)
DEADLINES_TABLE = table_of("Due", "Left", "Title", "Kind", rows=10)
SEARCH_TABLE = table_of("Type", "Record", "Field", rows=1)
GAPS_TABLE = all_of(table_of("Skill", "Best level", rows=1), contains("DPO", "Kubernetes"))

# The CSV that `career import apps` reads: the dataset's own export, written once per run.
EXPORTED_CSV = "dataset-export.csv"

COMMANDS: list[Command] = [
    Command("career --help", ("--help",), 8, "startup", check=contains("Usage: career", "remind")),
    # The shell start-up command: 6x (DESIGN.md). Answered through sqlite3 without typer.
    Command("career remind", ("remind",), 6, "startup", check=REMINDED),
    Command("career apps", ("apps",), 30, "read", check=APPS_TABLE),
    Command(
        "career apps --all --format json",
        ("apps", "--all", "--format", "json"),
        30,
        "read",
        check=all_applications_json,
    ),
    Command("career app show", ("app", "show", "1"), 30, "read", check=contains("#1 ", "timeline")),
    Command("career board", ("board",), 30, "read", check=contains("interested (", "applied (")),
    Command(
        "career show ORG",
        ("show", ANCHOR_ORGANIZATION),
        30,
        "read",
        check=contains(ANCHOR_ORGANIZATION, "applications"),
    ),
    Command("career search", ("search", "interpretability"), 30, "read", check=SEARCH_TABLE),
    Command("career deadlines", ("deadlines",), 30, "read", check=DEADLINES_TABLE),
    # Whom to write to: the contacts whose cadence has come round (the dataset gives a third
    # of them one), with the last of ~3,000 logged interactions each.
    Command(
        "career contacts --due",
        ("contacts", "--due"),
        30,
        "read",
        check=table_of("ID", "Name", "Every", "Overdue", rows=10),
    ),
    Command(
        "career calendar (ics)",
        ("calendar", "--out", "calendar-{run}.ics"),
        20,  # DESIGN.md: exports and the calendar <= 20x
        "read",
        check=ics_file,
    ),
    # The whole history (what `calendar` wrote before its default window): reported only.
    Command(
        "career calendar --since 2000-01-01 (ics)",
        ("calendar", "--since", "2000-01-01", "--out", "calendar-all-{run}.ics"),
        None,
        "read",
        check=ics_file,
    ),
    # The skills-evidence summary and the gap report read the dataset's journal (the 3,650-day
    # vault, imported once by prepare_evidence) and the skills application 1 asks for.
    *(
        Command(
            f"career export skills ({fmt})",
            ("export", "skills", "--format", fmt),
            30,
            "read",
            check=check,
        )
        for fmt, check in (
            ("md", contains("# Skills evidence", "\n## ", "evidence lines")),
            ("json", json_with("skills")),
            ("jsonresume", json_with("skills")),
            ("csv", table_of("date,skill,category,level", rows=100)),
            ("html", contains("<title>Skills evidence</title>", "</html>")),
        )
    ),
    Command("career gaps", ("gaps", "1"), 30, "read", check=GAPS_TABLE),
    # Journal search (migration 0007's index) over the same journal; `career search` above reads
    # its lines too.
    Command(
        "career journal search",
        ("journal", "search", "PyTorch", "paper", "--since", "2020-01-01"),
        30,
        "read",
        check=table_of("Day", "Source", "Line", rows=1),
    ),
    # Reports (career report ...): reads, <= 30x. A picture (svg, png) and the dashboard (one
    # HTML page of every report with two inline pictures) <= 60x: matplotlib's import alone is
    # about 25x the floor.
    Command(
        "career report funnel",
        ("report", "funnel"),
        30,
        "read",
        check=all_of(table_of("Stage", "Reached", rows=6), contains("any response", "waiting")),
    ),
    Command(
        "career report funnel --by source (json)",
        ("report", "funnel", "--by", "source", "--format", "json"),
        30,
        "read",
        check=json_with("groups"),
    ),
    Command(
        "career report activity",
        ("report", "activity"),
        30,
        "read",
        check=table_of("Activity", "Total", rows=9),
    ),
    Command(
        "career report activity --weekly (json)",
        ("report", "activity", "--weekly", "--format", "json"),
        30,
        "read",
        check=json_with("rows"),
    ),
    Command(
        "career report skills",
        ("report", "skills"),
        30,
        "read",
        check=all_of(table_of("Skill", "Level", rows=5), contains("grew in level")),
    ),
    Command(
        "career report funnel (svg)",
        ("report", "funnel", "--format", "svg", "--out", "flow-{run}.svg"),
        60,
        "read",
        check=lambda out, ctx: _file_holds(out, ctx, "<svg", "any response"),
    ),
    Command(
        "career report skills (png)",
        ("report", "skills", "--format", "png", "--out", "calendar-{run}.png"),
        60,
        "read",
        check=lambda out, ctx: _file_holds(out, ctx, "PNG"),
    ),
    Command(
        "career report dashboard",
        ("report", "dashboard", "--out", "dashboard-{run}.html"),
        60,
        "read",
        check=lambda out, ctx: _file_holds(out, ctx, "<title>Job search dashboard", "</html>"),
    ),
    Command(
        "career export apps (csv)",
        ("export", "apps", "--format", "csv", "--out", "export-{run}.csv"),
        30,
        "read",
        check=every_application_csv,
    ),
    # Into a new, empty database each run (so it includes creating the schema). A bulk write:
    # DESIGN.md sets no budget for it, so it is reported, not judged.
    Command(
        "career import apps (csv)",
        ("--db", "import-{run}.db", "import", "apps", EXPORTED_CSV),
        None,
        "write",
        check=created(),
    ),
    Command(
        "career import apps (10,000 similar organizations)",
        ("--db", "similar-{run}.db", "import", "apps", "{data}/" + SIMILAR_CSV),
        400,
        "write",
        check=created(SIMILAR_ROWS),
    ),
    Command(
        "career app import-job (5,000 skills)",
        ("--db", "job-{run}.db", "app", "import-job", "{data}/" + JOB_JSON),
        100,
        "write",
        check=printed_an_id,
    ),
    # Writes (DESIGN.md: <= 10x the floor on SQLite), each on a private copy of the dataset;
    # "{run}" makes every run's write a new one.
    Command(
        "career add-application",
        ("add-application", ANCHOR_ORGANIZATION, "Benchmark Engineer {run}", "--tag", "bench"),
        10,
        "write",
        copy=True,
        check=printed_an_id,
    ),
    Command(
        "career app move",
        ("app", "move", "1{run}", "withdrawn", "--note", "run {run}"),
        10,
        "write",
        copy=True,
        check=contains("-> withdrawn"),
    ),
    Command(
        "career add-deadline",
        ("add-deadline", "bench {run}", "--due", "2031-02-01", "--app", "1"),
        10,
        "write",
        copy=True,
        check=printed_an_id,
    ),
    Command(
        "career deadline move",
        ("deadline", "move", "1", "--due", "2031-01-1{run}"),
        10,
        "write",
        copy=True,
        check=contains("moved deadline #1"),
    ),
    Command(
        "career app edit",
        ("app", "edit", "1", "--note", "run {run}", "--tag", "bench{run}"),
        10,
        "write",
        copy=True,
        check=contains("updated #1"),
    ),
    Command(
        "career app rm",
        ("app", "rm", "1{run}", "--yes"),
        10,
        "write",
        copy=True,
        check=contains("removed #1"),
    ),
    Command(
        "career add-event",
        ("add-event", "Bench sprint {run}", "--kind", "hackathon", "--host", "Apart Research"),
        10,
        "write",
        copy=True,
        check=printed_an_id,
    ),
    Command(
        "career add-session",
        ("add-session", "80,000 Hours", "--advisor", "Bench Advisor", "--takeaway", "run {run}"),
        10,
        "write",
        copy=True,
        check=printed_an_id,
    ),
    Command(
        "career org alias",
        ("org", "alias", ANCHOR_ORGANIZATION, "Bench Alias {run}"),
        10,
        "write",
        copy=True,
        check=contains("now also names"),
    ),
    Command(
        "career add-contact",
        ("add-contact", "Bench Person {run}", "--org", ANCHOR_ORGANIZATION),
        10,
        "write",
        copy=True,
        check=printed_an_id,
    ),
    Command(
        "career touch",
        ("touch", "1", "--via", "email", "--note", "run {run}"),
        10,
        "write",
        copy=True,
        check=printed_an_id,
    ),
    # Journal import (benchmarks/make_journal.py): into a new database each run, except the
    # re-import, whose warm-up run imports and whose timed runs find the vault unchanged. Their
    # budgets (seconds, MiB, ratios between rows) are judged by make_journal.journal_report.
    *(
        Command(name, ("--db", db, "journal", "import", vault), None, "write", check=check)
        for name, db, vault, check in (
            (
                FULL_SINGLE,
                "journal-single-{run}.db",
                "{data}/journal/single/journal.md",
                journal_added,
            ),
            (FULL_DAILY, "journal-daily-{run}.db", "{data}/journal/daily", journal_added),
            (REIMPORT, "journal-again.db", "{data}/journal/daily", journal_again),
            (
                TENFOLD,
                "journal-10x-{run}.db",
                "{data}/journal-10x/single/journal.md",
                journal_added,
            ),
            (URL_LINE, "journal-urls-{run}.db", "{data}/" + URL_LINE_NOTE, one_day_added),
        )
    ),
    # The table commands again on a pseudo-terminal (TERMINAL_SIZE), as a person sees them:
    # rich (or remind's own ANSI table) and fitting the width are part of the time.
    Command("career remind (terminal)", ("remind",), 6, "startup", check=REMINDED, tty=True),
    *(
        Command(f"{name} (terminal)", argv, 30, "read", check=check, tty=True)
        for name, argv, check in (
            ("career apps", ("apps",), APPS_TABLE),
            ("career deadlines", ("deadlines",), DEADLINES_TABLE),
            ("career search", ("search", "interpretability"), SEARCH_TABLE),
            ("career gaps", ("gaps", "1"), GAPS_TABLE),
        )
    ),
]


# On PostgreSQL (--pg): reads and writes held to 15x the floor (DESIGN.md, issue 14's budget for
# the multi-device set-up); the server is on loopback. Writes add to the loaded dataset.
PG_COMMANDS: list[Command] = [
    Command(
        "career remind (PostgreSQL)", ("--db", "{pg}", "remind"), 15, "startup", check=REMINDED
    ),
    Command("career apps (PostgreSQL)", ("--db", "{pg}", "apps"), 15, "read", check=APPS_TABLE),
    Command(
        "career add-application (PostgreSQL)",
        ("--db", "{pg}", "add-application", ANCHOR_ORGANIZATION, "PG Engineer {run}"),
        15,
        "write",
        check=printed_an_id,
    ),
    Command(
        "career add-deadline (PostgreSQL)",
        ("--db", "{pg}", "add-deadline", "bench {run}", "--due", "2031-02-01", "--app", "1"),
        15,
        "write",
        check=printed_an_id,
    ),
    Command(
        "career deadline move (PostgreSQL)",
        ("--db", "{pg}", "deadline", "move", "1", "--due", "2031-03-1{run}"),
        15,
        "write",
        check=contains("moved deadline #1"),
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
    terminal = None
    if job["tty"]:  # stdout is a pseudo-terminal of that size; we read what it shows
        import termios

        terminal, screen = os.openpty()
        termios.tcsetwinsize(screen, job["tty"])
        actions[1] = (os.POSIX_SPAWN_DUP2, screen, 1)
    try:
        started = time.perf_counter()
        pid = os.posix_spawn(job["argv"][0], job["argv"], job["env"], file_actions=actions)
        if terminal is not None:
            os.close(screen)
            shown = []
            while True:
                try:
                    chunk = os.read(terminal, 65536)
                except OSError:  # EIO: the child closed its end
                    break
                if not chunk:
                    break
                shown.append(chunk)
        _, status, usage = os.wait4(pid, 0)
        if terminal is not None:
            os.close(terminal)
            with open(job["stdout"], "wb") as out:
                out.write(b"".join(shown))
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


# The pseudo-terminal of a `tty` command: (rows, columns).
TERMINAL_SIZE = (50, 160)


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

    def measure(self, argv: Sequence[str], env: dict[str, str], *, tty: bool = False) -> Sample:
        """Run `argv` once: its wall time, its own peak RSS, its output. With `tty`, stdout is
        a pseudo-terminal of TERMINAL_SIZE (the time includes reading what it shows)."""
        out, err = self.folder / "stdout.txt", self.folder / "stderr.txt"
        job: dict[str, Any] = {
            "argv": list(argv),
            "env": env,
            "stdout": str(out),
            "stderr": str(err),
        }
        job["tty"] = TERMINAL_SIZE if tty else None
        reply = self._ask(job)
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


def build_server_dataset(url: str, seed: int, applications: int) -> None:
    """The dataset loaded into the PostgreSQL database `url` (its schema emptied first)."""
    from make_data import DEFAULT_ORGANIZATIONS, generate, write

    try:
        write(generate(seed, applications, DEFAULT_ORGANIZATIONS), url)
    except Exception as exc:  # the server's own words: unreachable, no such database, ...
        raise BenchError(f"loading the dataset into {url} failed: {exc}") from None


# What application 1 of the dataset asks for: some with evidence in the vault, some without.
ASKED_SKILLS = (
    "DPO", "RLHF", "PyTorch", "transformers", "fine-tuning", "Kubernetes", "SQL", "evals",
    "interpretability", "Rust",
)  # fmt: skip


# Commands that read the dataset's journal: prepare_evidence imports it first.
JOURNAL_READERS = (
    ("export", "skills"),
    ("gaps", "1"),
    ("journal", "search"),
    ("search", "interpretability"),
    ("report", "activity"),
    ("report", "skills"),
    ("report", "dashboard"),
)


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
    from career.db.backups import backup_sqlite

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


def check_output(
    command: Command, sample: Sample, argv: Sequence[str], run: int, ctx: Context
) -> str | None:
    """What is wrong with a run's output (its command's check), or None."""
    stdout = sample.stdout
    if command.tty:
        if "\x1b[" not in stdout:
            return f"expected a terminal rendering (escape sequences), got {stdout[:200]!r}"
        stdout = plain_text(stdout)
    if command.check is None:
        return None
    return command.check(Output(stdout, sample.stderr, tuple(argv), run), ctx)


def run_benchmarks(
    commands: Sequence[Command],
    dataset: Path,
    work: Path,
    runs: int,
    ctx: Context,
    pg_url: str | None = None,
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
        env = child_env(home, database)
        if command.tty:  # a colour terminal, as a person has
            env = {k: v for k, v in env.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
            env["TERM"] = "xterm-256color"
        envs.append(env)
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
                        a.replace("{run}", str(run))
                        .replace("{data}", str(dataset.parent))
                        .replace("{pg}", pg_url or "")
                        for a in command.argv
                    ),
                ]
                sample = spawner.measure(argv, env, tty=command.tty)
                problem = None
                if sample.returncode == 0:
                    problem = check_output(command, sample, argv, run, ctx)
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
    parser.add_argument(
        "--pg",
        metavar="URL",
        help="also time commands on this PostgreSQL database (its schema is emptied and the "
        "dataset loaded), e.g. postgresql+psycopg://postgres@127.0.0.1:5432/bench",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="dataset seed")
    parser.add_argument(
        "--applications", type=int, default=DEFAULT_APPLICATIONS, help="dataset size"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    listed = [*COMMANDS, *(PG_COMMANDS if args.pg else ())]
    commands = [c for c in listed if not args.only or any(t in c.name for t in args.only)]
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
            if any(c.argv[:2] in JOURNAL_READERS for c in commands):
                prepare_evidence(dataset, folder.resolve())
            made = f"reused from {folder}" if built is None else f"built in {built:.2f} s"
            if args.pg and any("{pg}" in c.argv for c in commands):
                build_server_dataset(args.pg, args.seed, args.applications)
            ctx = Context(applications=args.applications, home=work / "home")
            floor, results = run_benchmarks(commands, dataset, work, args.runs, ctx, args.pg)
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
