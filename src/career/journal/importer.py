"""The journal importer's plan: find the files, skip the unchanged, parse and analyse the rest,
and decide what each day becomes; the writing is career.journal.service's.

Light on purpose (no SQLAlchemy): re-importing an unchanged vault reads the recorded hashes on
the fast path and never imports the database stack. Rules decided here:

- Everything is read, decoded and parsed before anything is written: a missing path, a folder
  with no notes, or a --from that does not fit stop the whole import with nothing written. A
  note in a folder that cannot be read, decoded or parsed is skipped and named (with the byte
  offset where decoding failed) and the rest is imported; with `strict` it stops the import,
  with nothing written. A file given by name that cannot be read always stops it.
- Two files of one day in one folder (career.journal.sources) are one source: the first
  file's path, a hash of all their bytes, and one entry whose text is their texts joined by a
  blank line; the later file's lines are numbered after the earlier's, as in that text.
- Progress is reported in three phases: "reading" (files), "parsing" (days: the evidence of
  each day is the bulk of the work, so a single big file shows progress too), "writing".
- A source is skipped when its bytes (SHA-256, taken before parsing) and what its evidence was
  computed with are unchanged: the `analysis_hash` covers the shipped taxonomy and
  organizations, the user's skills file, the parser and matchers' own code, and the recorded
  organizations that are not shipped ones. A change re-analyses every day of every source.
- A day is identified by its source and date: new, changed (its text, or it was gone and is
  back), moved (same text at another line), the same, or gone (recorded, not in the file).
- Then the changed sources are written, each whole inside one transaction (small sources, a
  file per day, share one: see BATCH_DAYS), so an interrupted import leaves whole sources or
  none, and the next import completes it.
- The analysis is pure, so a journal of PARALLEL_LINES lines or more is analysed in worker
  processes on Linux (one a core, forked: they inherit the parsed days, and only each day's
  findings are sent back), in order; a transaction is written as soon as its days are
  analysed, while the workers go on with the next, and this process loads the database stack
  while it waits. Elsewhere, and for smaller journals, one process does it all in the same
  order, with the same results (tests/unit/test_journal_parallel.py).
"""

from __future__ import annotations

import gc
import hashlib
import json
import signal
import sys
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from career.db.fetch import Fetch, as_date
from career.errors import InvalidInput
from career.journal import queries
from career.journal.document import Entry, Item, SkippedFile, SourceFile
from career.journal.views import GoneDay, ImportSummary
from career.journal.vocab import line_key, word_key
from career.pipeline.vocab import name_key

if TYPE_CHECKING:
    from career.db.sql import Sql

# (phase, done, total): "reading" files, "parsing" days, "writing" sources.
Progress = Callable[[str, int, int], None]
Reading = Callable[[], AbstractContextManager[Fetch]]
Writing = Callable[[], AbstractContextManager["Sql"]]

# Sources are written whole, in transactions of about this many days: a big source alone, small
# ones (a file per day) together, so that a vault of a file a day does not pay a commit (an
# fsync) per file. A transaction never holds part of a source.
BATCH_DAYS = 1000

HERE = Path(__file__).resolve().parent
# What evidence, mentions and suggestions are computed from, besides the recorded organizations.
ANALYSERS = (
    "parser.py",
    "phrases.py",
    "scope.py",
    "skills.py",
    "linker.py",
    "data/skills.toml",
    "data/evidence.toml",
    "data/organizations.toml",
)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- reading: discovery, parsing, analysis (no database) -----------------------------------------


@dataclass(frozen=True)
class Root:
    """A path the user gave (absolute), the --format it was given with, and its notes."""

    path: str
    format: str
    files: list[SourceFile]
    skipped: list[SkippedFile]


@dataclass(frozen=True)
class ParsedDay:
    entry: Entry
    text_hash: str
    # (item index, skill, level, signal, rule, matched words), one a line and skill
    evidence: list[tuple[int, str, int, str, str, str]]
    mentions: list[tuple[int, str]]  # (item index, organization name), once each
    suggestions: list[Any]  # career.journal.linker.Suggestion


@dataclass(frozen=True)
class ParsedSource:
    source: SourceFile
    root: Root
    content_hash: str
    days: list[ParsedDay]


class Analysis:
    """What evidence and links are computed with (built on first use: a re-import that skips
    every file never loads the taxonomy), and its fingerprint (cheap: bytes hashed)."""

    def __init__(
        self,
        recorded: Sequence[tuple[int, str, list[str]]],
        contacts: Sequence[tuple[int, str]] = (),
    ) -> None:
        self.recorded = list(recorded)
        self.contacts = list(contacts)  # (id, name): the people a line may meet
        self.fingerprint = _fingerprint(self.recorded, self.contacts)
        self._built: tuple[Any, frozenset[str], list[Any]] | None = None
        self._ignored: frozenset[str] | None = None

    def _build(self) -> tuple[Any, frozenset[str], list[Any]]:
        if self._built is None:
            self._built = _load(self.recorded)
        return self._built

    @property
    def ignored(self) -> frozenset[str]:
        """The user's stop-list (`career skills ignore`), folded (career.journal.vocab.word_key)."""
        if self._ignored is None:
            self._ignored = frozenset(word_key(w) for w in ignored_words(user_skills_file()))
        return self._ignored

    @property
    def taxonomy(self) -> Any:  # career.journal.skills.Taxonomy
        return self._build()[0]

    @property
    def user_skills(self) -> frozenset[str]:
        return self._build()[1]

    @property
    def orgs(self) -> list[Any]:  # career.journal.linker.KnownOrg
        return self._build()[2]

    @property
    def people(self) -> list[Any]:  # career.journal.linker.KnownContact
        from career.journal.linker import KnownContact

        return [KnownContact(ident, name) for ident, name in self.contacts]


def discover_roots(
    paths: Sequence[tuple[str, str]], *, stored: bool = False, strict: bool = False
) -> list[Root]:
    """The notes under each (path, format). `stored` roots (re-imported without a path) that
    are gone or hold no notes any more give no files, so their days are reported gone."""
    from career.journal.sources import discover

    roots: list[Root] = []
    for text, fmt in paths:
        path = Path(text).expanduser()
        skipped: list[SkippedFile]
        try:
            files, skipped = discover(path, fmt, strict=strict)
        except InvalidInput:
            if not stored:
                raise
            files, skipped = [], []
        absolute = str(path.resolve()) if path.exists() else str(path.absolute())
        roots.append(Root(path=absolute, format=fmt, files=files, skipped=skipped))
    return roots


def user_skills_file() -> Path:
    """Where the user's own skills live (`career skills path`)."""
    from career.paths import config_dir

    return config_dir() / "skills.toml"


def ignored_words(path: Path) -> list[str]:
    """The top-level `ignore = [...]` list of the user's skills file (none when it is absent);
    a file that is not valid TOML, or an `ignore` that is not a list of texts, is an error."""
    if not path.is_file():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"cannot read {path}: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(f"{path}: not valid TOML: {error}") from None
    words = data.get("ignore", [])
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise InvalidInput(f'{path}: "ignore" must be a list of texts')
    return [w for w in words if w.strip()]


def _shipped_org_keys() -> set[str]:
    """Name keys of the organizations shipped with career (names and aliases)."""
    try:
        data = tomllib.loads((HERE / "data" / "organizations.toml").read_text("utf-8"))
    except (OSError, ValueError):
        return set()
    keys: set[str] = set()
    for name, table in (data.get("org") or {}).items():
        keys.add(name_key(name))
        if isinstance(table, dict):
            keys.update(name_key(str(a)) for a in table.get("aliases") or [])
    return keys


def _fingerprint(
    recorded: Sequence[tuple[int, str, list[str]]], contacts: Sequence[tuple[int, str]] = ()
) -> str:
    digest = hashlib.sha256()
    for name in ANALYSERS:
        path = HERE / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
    user_file = user_skills_file()
    digest.update(b"user\0" + (user_file.read_bytes() if user_file.is_file() else b""))
    shipped = _shipped_org_keys()
    own = sorted(
        [name, sorted(aliases)]
        for _, name, aliases in recorded
        if not {name_key(n) for n in (name, *aliases)} & shipped
    )
    digest.update(json.dumps(own, ensure_ascii=False).encode())
    if contacts:  # a new contact is a name the lines are read for again
        people = sorted([ident, name] for ident, name in contacts)
        digest.update(b"contacts\0" + json.dumps(people, ensure_ascii=False).encode())
    return digest.hexdigest()


def _load(recorded: Sequence[tuple[int, str, list[str]]]) -> tuple[Any, frozenset[str], list[Any]]:
    """The taxonomy (shipped + the user's file), the user's own skills, and the organizations a
    line can mention: those shipped with career, merged with the recorded ones (by name or
    alias)."""
    from career.journal.linker import KnownOrg, shipped_orgs
    from career.journal.skills import load_taxonomy

    user_file = user_skills_file()
    taxonomy = load_taxonomy(user_file if user_file.is_file() else None)
    shipped_names = {s.name for s in load_taxonomy(None).skills}
    user_skills = frozenset(s.name for s in taxonomy.skills if s.name not in shipped_names)
    orgs: list[KnownOrg] = list(shipped_orgs())
    for org_id, name, aliases in recorded:
        keys = {name_key(n) for n in (name, *aliases)}
        for n, known in enumerate(orgs):
            if keys & {name_key(k) for k in (known.name, *known.aliases)}:
                extra = tuple(a for a in (name, *aliases) if a not in (known.name, *known.aliases))
                orgs[n] = KnownOrg(known.name, known.aliases + extra, known.domains, org_id)
                break
        else:
            orgs.append(KnownOrg(name, tuple(aliases), (), org_id))
    return taxonomy, user_skills, orgs


def analyse_day(entry: Entry, analysis: Analysis) -> ParsedDay:
    """The day's evidence (one row per line and skill, the highest level; none named by a word
    the user ignores), mentions and suggestions. The user's corrections are applied when the
    evidence is stored (career.journal.service)."""
    from career.journal.linker import link
    from career.journal.skills import evidence

    best: dict[tuple[int, str], tuple[int, str, str, str]] = {}
    ignored = analysis.ignored
    for found in evidence(entry, analysis.taxonomy):
        if ignored and word_key(found.matched) in ignored:
            continue
        key = (found.item, found.skill)
        if key not in best or found.level > best[key][0]:
            best[key] = (found.level, found.signal, found.rule, found.matched)
    mentions, suggestions = link(entry, analysis.orgs, analysis.people)
    seen: set[tuple[int, str]] = set()
    unique_mentions = []
    for mention in mentions:
        if (mention.item, mention.org) not in seen:
            seen.add((mention.item, mention.org))
            unique_mentions.append((mention.item, mention.org))
    return ParsedDay(
        entry=entry,
        text_hash=day_hash(entry),
        evidence=[(item, skill, *found) for (item, skill), found in best.items()],
        mentions=unique_mentions,
        suggestions=list(suggestions),
    )


# Analysis runs in worker processes when there are at least this many lines (below it, starting
# them costs more than they save) and the platform forks: the days are pure data the workers
# inherit, and only each day's findings travel back.
PARALLEL_LINES = 5000
_MAX_WORKERS = 8
_FORKED: tuple[Sequence[Entry], Analysis] | None = None


def analyse_days(
    entries: Sequence[Entry], analysis: Analysis, report: Progress | None = None
) -> list[ParsedDay]:
    """`analyse_day` of each of `entries`, in order (see `analysing`)."""
    with analysing(entries, analysis, report) as days:
        return list(days)


@contextmanager
def analysing(
    entries: Sequence[Entry], analysis: Analysis, report: Progress | None = None
) -> Iterator[Iterator[ParsedDay]]:
    """`analyse_day` of each of `entries`, in order, as they are ready. On several cores the
    work starts at once in worker processes, which go on while the caller works (writes the
    lines, then the days already given); leaving the block stops them. Reports ("parsing",
    days done, days) as it goes."""
    tell = report or (lambda phase, done, total: None)
    workers = _workers(sum(len(entry.items) for entry in entries))
    if workers < 2:

        def one_by_one() -> Iterator[ParsedDay]:
            for done, entry in enumerate(entries, 1):
                yield analyse_day(entry, analysis)
                tell("parsing", done, len(entries))

        yield one_by_one()
        return
    import multiprocessing

    global _FORKED
    analysis.taxonomy  # noqa: B018  (built once, before the workers inherit it)
    analysis.ignored  # noqa: B018
    from career.journal import linker, skills  # noqa: F401  (imported once, inherited)

    size = max(1, len(entries) // (workers * 8))
    spans = [(start, min(start + size, len(entries))) for start in range(0, len(entries), size)]

    def in_order(coming: Iterator[list[tuple[Any, ...]]]) -> Iterator[ParsedDay]:
        for (start, end), results in zip(spans, coming, strict=True):
            for n, result in enumerate(results):
                yield ParsedDay(entries[start + n], *result)
            tell("parsing", end, len(entries))

    _FORKED = (entries, analysis)
    # Nothing buffered may be written twice (a worker flushes its copy of the streams as it
    # ends), and Ctrl-C is the parent's to handle: it stops the workers as it leaves.
    sys.stdout.flush()
    sys.stderr.flush()
    # The workers ignore Ctrl-C (forked while this process ignores it, for the few
    # milliseconds that takes): it is this process's to handle, and leaving the block below
    # stops them.
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            signal.signal(signal.SIGINT, handler)
            yield in_order(pool.imap(_analyse_span, spans))
    finally:
        signal.signal(signal.SIGINT, handler)
        _FORKED = None


def unanalysed(entry: Entry) -> ParsedDay:
    """A day as `analyse_day` gives it, without its findings (yet)."""
    return ParsedDay(entry, day_hash(entry), [], [], [])


def day_hash(entry: Entry) -> str:
    return _sha256(entry.text.encode())


def _workers(lines: int) -> int:
    import os

    if lines < PARALLEL_LINES or not sys.platform.startswith("linux"):
        return 1  # fork is Linux's to rely on; elsewhere starting workers costs a re-import
    return min(len(os.sched_getaffinity(0)), _MAX_WORKERS)


def _analyse_span(span: tuple[int, int]) -> list[tuple[Any, ...]]:
    """In a worker: the findings of the inherited entries `span` (the entry itself stays)."""
    assert _FORKED is not None
    entries, analysis = _FORKED
    found = []
    for entry in entries[span[0] : span[1]]:
        day = analyse_day(entry, analysis)
        found.append((day.text_hash, day.evidence, day.mentions, day.suggestions))
    return found


def read_source(source: SourceFile) -> list[bytes]:
    """The bytes of a source's file and of the files merged into it (raises InvalidInput)."""
    found: list[bytes] = []
    for path, name in zip(
        (source.path, *source.merged), (source.name, *source.merged_names), strict=True
    ):
        try:
            found.append(path.read_bytes())
        except OSError as error:
            raise InvalidInput(f"{name}: cannot read: {error.strerror or error}") from None
    return found


def content_hash(parts: Sequence[bytes]) -> str:
    """A source's hash: its file's bytes; with merged files, the bytes of each in order."""
    if len(parts) == 1:
        return _sha256(parts[0])
    digest = hashlib.sha256()
    for part in parts:
        digest.update(_sha256(part).encode())
    return digest.hexdigest()


def parse_entries(
    source: SourceFile, parts: Sequence[bytes], date_order: str | None, warnings: list[str]
) -> list[Entry]:
    """A source's days (raises InvalidInput for bytes that do not decode or a day that cannot
    be parsed); a file per day with merged files is one entry, the files in order."""
    from career.journal.parser import decode, parse

    names = (source.name, *source.merged_names)
    entries: list[Entry] = []
    for data, name in zip(parts, names, strict=True):
        one = source if name == source.name else replace(source, name=name)
        found = parse(decode(data, name), one, date_order=date_order, warnings=warnings)
        if entries and found:
            # Line 1 of the later file follows the earlier text and the blank line joining them.
            entries = [_joined(entries[0], found[0], entries[0].text.count("\n") + 2)]
        elif found:
            entries = found
    return entries


def _joined(earlier: Entry, later: Entry, offset: int) -> Entry:
    """One day from two files: the later file's lines after the earlier's, numbered on."""
    shift = len(earlier.items)
    items = tuple(
        Item(
            item.line + offset,
            item.text,
            item.section,
            item.depth,
            None if item.parent is None else item.parent + shift,
            item.checked,
            item.marker,
            item.quoted,
        )
        for item in later.items
    )
    tags = earlier.tags + tuple(t for t in later.tags if t not in earlier.tags)
    return Entry(
        earlier.day,
        earlier.line,
        f"{earlier.text}\n\n{later.text}",
        earlier.items + items,
        earlier.title or later.title,
        tags,
    )


# --- deciding what changes (shared by --dry-run and the writer) ----------------------------------


@dataclass
class DayPlan:
    added: list[ParsedDay]
    changed: list[ParsedDay]  # text differs, or the day was gone and is back
    moved: list[ParsedDay]  # same text, other line
    same: list[ParsedDay]
    gone: list[date]


def plan_days(days: Sequence[ParsedDay], existing: Mapping[date, tuple[str, int, bool]]) -> DayPlan:
    """`existing`: per recorded day, (text hash, line, gone)."""
    plan = DayPlan([], [], [], [], [])
    seen: set[date] = set()
    for day in days:
        seen.add(day.entry.day)
        known = existing.get(day.entry.day)
        if known is None:
            plan.added.append(day)
        elif known[0] != day.text_hash or known[2]:
            plan.changed.append(day)
        elif known[1] != day.entry.line:
            plan.moved.append(day)
        else:
            plan.same.append(day)
    plan.gone = sorted(d for d, (_, _, gone) in existing.items() if d not in seen and not gone)
    return plan


def _analysed(plan: DayPlan, reanalyse: bool) -> list[ParsedDay]:
    """The days whose evidence, mentions and suggestions are (re)computed."""
    days = plan.added + plan.changed
    return days + plan.moved + plan.same if reanalyse else days


def _first_suggestions(days: Iterable[ParsedDay]) -> dict[str, tuple[ParsedDay, Any]]:
    found: dict[str, tuple[ParsedDay, Any]] = {}
    for day in days:
        for suggestion in day.suggestions:
            found.setdefault(suggestion.key, (day, suggestion))
    return found


# --- the import ----------------------------------------------------------------------------------


@contextmanager
def _no_cycle_collector() -> Iterator[None]:
    """Pause Python's cycle collector: an import builds hundreds of thousands of objects that
    all live until it ends (the parsed days, their lines and evidence), and the collector would
    walk them again and again (a tenth of a full import) to find next to no garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_journal(
    paths: Sequence[str],
    fmt: str,
    *,
    reading: Reading,
    writing: Writing,
    dry_run: bool = False,
    progress: Progress | None = None,
    strict: bool = False,
    date_order: str | None = None,
) -> ImportSummary:
    """Import `paths` (every root imported before when empty) read as `fmt` ("auto" detects).

    Reads and parses everything first (errors stop it with nothing written), then writes the
    changed sources, each whole inside one transaction (or, with `dry_run`, only counts). A
    note that cannot be read is skipped and listed in the summary, unless `strict`.
    `date_order` ("DMY", "MDY") reads year-last numeric date headings."""
    with _no_cycle_collector():
        return _import(paths, fmt, reading, writing, dry_run, progress, strict, date_order)


def _import(
    paths: Sequence[str],
    fmt: str,
    reading: Reading,
    writing: Writing,
    dry_run: bool,
    progress: Progress | None,
    strict: bool = False,
    date_order: str | None = None,
) -> ImportSummary:
    report = progress or (lambda phase, done, total: None)
    if paths:
        roots = discover_roots([(p, fmt) for p in paths], strict=strict)
    with reading() as fetch:
        if not paths:
            stored = queries.import_roots(fetch)
            if not stored:
                raise InvalidInput("nothing was imported yet: give a journal file or folder")
            roots = discover_roots(stored, stored=True, strict=strict)
        states = queries.source_states(fetch)
        analysis = Analysis(queries.recorded_organizations(fetch), queries.recorded_contacts(fetch))

    summary = ImportSummary(dry_run=dry_run)
    # Files that are there but could not be read: their recorded days are not gone.
    kept: set[str] = set()
    for root in roots:
        summary.skipped += root.skipped
        kept.update(str(Path(root.path, s.name)) for s in root.skipped if s.reason == "unreadable")
    files: dict[str, tuple[SourceFile, Root]] = {}
    for root in roots:
        for source in root.files:
            files.setdefault(str(source.path), (source, root))

    # Reading: bytes, hash, and the days of every changed file (cheap).
    pending: list[tuple[SourceFile, Root, str, list[Entry]]] = []
    for n, (path, (source, root)) in enumerate(files.items(), 1):
        try:
            parts = read_source(source)
            digest = content_hash(parts)
            state = states.get(path)
            if state is not None and state[0] == digest and state[1] == analysis.fingerprint:
                summary.skipped_unchanged += 1
            else:
                warnings: list[str] = []
                entries = parse_entries(source, parts, date_order, warnings)
                summary.warnings += warnings
                pending.append((source, root, digest, entries))
        except InvalidInput as error:
            if strict or (len(root.files) == 1 and source.path == Path(root.path)):
                raise
            summary.skipped.append(SkippedFile(source.name, "unreadable", error.message))
            kept.add(path)
        report("reading", n, len(files))

    # Parsing: the evidence, mentions and suggestions of each day (the bulk of the work), and
    # writing the sources as their days are ready.
    summary.sources_read = len(pending)
    summary.skipped_not_notes = sum(1 for s in summary.skipped if s.reason == "not daily notes")
    # Sources recorded under a root read now whose file was not found there any more.
    root_paths = {r.path for r in roots}
    vanished = sorted(
        p for p, s in states.items() if s[2] in root_paths and p not in files and p not in kept
    )
    every_entry = [e for *_, entries in pending for e in entries]
    if dry_run:
        with analysing(every_entry, analysis, report) as analysed:
            parsed = [
                ParsedSource(source, root, digest, [next(analysed) for _ in entries])
                for source, root, digest, entries in pending
            ]
        with reading() as fetch:
            _count_dry_run(fetch, parsed, vanished, states, analysis, summary)
        return summary

    if not pending and not vanished:
        return summary
    total = len(pending) + (1 if vanished else 0)
    done = 0
    with analysing(every_entry, analysis, report) as analysed:
        # The writes: only when there is a write, and loaded while the workers start.
        from career.journal import store

        at = 0
        for size in _batch_sizes([len(entries) for *_, entries in pending]):
            batch = pending[at : at + size]
            at += size
            with writing() as sql:
                # The lines first, while the days are analysed; then their findings.
                written = store.store_days(
                    sql,
                    [
                        ParsedSource(source, root, digest, [unanalysed(e) for e in entries])
                        for source, root, digest, entries in batch
                    ],
                    analysis,
                    summary,
                )
                # The findings a thousand days at a time, as they come: little is left to
                # write once the last day is analysed.
                left = sum(len(entries) for *_, entries in batch)
                while left:
                    days = [next(analysed) for _ in range(min(left, BATCH_DAYS))]
                    store.store_findings(sql, written, days, analysis, summary)
                    left -= len(days)
                store.store_suggestions(sql, written, summary)
            done += len(batch)
            report("writing", done, total)
    if vanished:
        with writing() as sql:
            for path in vanished:
                summary.gone += store.mark_source_gone(sql, path)
        report("writing", total, total)
    summary.entries_gone = len(summary.gone)
    return summary


def _batch_sizes(days: Sequence[int]) -> list[int]:
    """How many sources each transaction writes, given each source's number of days (see
    BATCH_DAYS)."""
    sizes: list[int] = []
    held = 0
    for count in days:
        if not sizes or held + count > BATCH_DAYS:
            sizes.append(0)
            held = 0
        sizes[-1] += 1
        held += count
    return sizes


def _count_dry_run(
    fetch: Fetch,
    parsed: Sequence[ParsedSource],
    vanished: Sequence[str],
    states: Mapping[str, tuple[str, str, str]],
    analysis: Analysis,
    summary: ImportSummary,
) -> None:
    keys: dict[str, None] = {}
    counted: list[ParsedDay] = []
    for source in parsed:
        state = states.get(str(source.source.path))
        existing = queries.source_days(fetch, str(source.source.path)) if state else {}
        plan = plan_days(source.days, existing)
        reanalyse = state is not None and state[1] != analysis.fingerprint
        summary.entries_added += len(plan.added)
        summary.entries_updated += len(plan.changed)
        summary.entries_unchanged += len(plan.moved) + len(plan.same)
        summary.gone += [GoneDay(source.source.name, d) for d in plan.gone]
        analysed = _analysed(plan, reanalyse)
        counted += analysed
        keys.update(dict.fromkeys(_first_suggestions(analysed)))
    summary.evidence += _evidence_count(fetch, counted)
    for path in vanished:
        rows = fetch(
            "SELECT s.name, e.day FROM journal_entries e JOIN journal_sources s"
            " ON s.id = e.source_id WHERE s.path = :path AND e.gone_at IS NULL ORDER BY e.day",
            {"path": path},
        )
        summary.gone += [GoneDay(row[0], as_date(row[1])) for row in rows]
    summary.suggestions = len(set(keys) - queries.known_suggestion_keys(fetch, list(keys)))
    summary.entries_gone = len(summary.gone)


def _evidence_count(fetch: Fetch, days: Sequence[ParsedDay]) -> int:
    """How many evidence rows `days` would store: their evidence less what the user rejected
    (career.journal.service applies the same corrections)."""
    total = sum(len(day.evidence) for day in days)
    if not days:
        return total
    dates = [day.entry.day for day in days]
    corrections = queries.corrections_between(fetch, min(dates), max(dates))
    rejected = {key for key, (_, action, _, _) in corrections.items() if action == "reject"}
    if not rejected:
        return total
    rejected_days = {day for day, _, _ in rejected}
    for day in days:
        if day.entry.day in rejected_days:
            items = day.entry.items
            total -= sum(
                (day.entry.day, line_key(items[item].text), skill) in rejected
                for item, skill, *_ in day.evidence
            )
    return total
