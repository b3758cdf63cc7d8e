"""`career journal import|entries|show|search|sources|suggestions|accept|dismiss|prune`,
`career skills [path]` and `career skill show`.

Import reads and parses every file before it opens the database for writing, so a bad path or
a --from that does not fit is refused with nothing written. A note that cannot be read is
skipped, named on stderr, and the import goes on (exit status 6 at the end); --strict stops at
it instead. Its summary goes to stdout (a table of counts and the skipped files by reason, or
JSON); days gone from their files and lines not imported are warnings on stderr. Progress goes
to stderr, on a terminal only, once an import has taken half a second.
"""

import sys
import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from career.cli.options import (
    FormatOption,
    ViewFormatOption,
    complete_from,
    format_option,
    parse_when,
)
from career.cli.output import Format, message, print_json, print_listing, warn
from career.cli.state import get_state
from career.errors import InvalidInput
from career.journal.document import FORMATS
from career.journal.vocab import ALL_FIELDS, DATE_FIELDS, PAST_FIELDS, level_word
from career.render import printable

if TYPE_CHECKING:
    from career.journal.queries import LineHit
    from career.journal.views import (
        Accepted,
        EntryDetail,
        EntryView,
        EvidenceView,
        ImportSummary,
        SkillSummary,
        SourceView,
        SuggestionView,
    )

FORMAT_CHOICES = ("auto", *FORMATS)
FORMAT_HELP = "How to read the files: " + ", ".join(FORMAT_CHOICES) + "."

journal_app = typer.Typer(
    help="Import your daily notes; browse days, sources and suggestions.", no_args_is_help=True
)
skills_app = typer.Typer(
    help="List your skills from the journal's evidence: best level, evidence count, first and "
    "last dates (or: skills path).",
    invoke_without_command=True,
)
skill_app = typer.Typer(help="Act on one skill.", no_args_is_help=True)


def _since(text: str | None) -> date | None:
    return parse_when(text, past=True) if text is not None else None


# --- import ------------------------------------------------------------------------------------

SUMMARY = [
    ("sources_read", "sources read"),
    ("skipped_unchanged", "skipped (unchanged)"),
    ("skipped_not_notes", "skipped (not daily notes)"),
    ("entries_added", "entries added"),
    ("entries_updated", "entries updated"),
    ("entries_unchanged", "entries unchanged"),
    ("entries_gone", "entries gone"),
    ("evidence", "evidence"),
    ("suggestions", "suggestions"),
]


# An import that partly failed: some notes could not be read (named on stderr), the rest is in.
PARTIAL_EXIT = 6
# Skipped files shown per reason in the table (--format json lists them all).
SKIPPED_SHOWN = 10
# Progress shows once an import has taken this long (seconds), on a terminal.
PROGRESS_AFTER = 0.5


def summary_record(summary: "ImportSummary") -> dict[str, Any]:
    """The JSON contract of an import's summary."""
    row: dict[str, Any] = {"dry_run": summary.dry_run}
    row.update({key: getattr(summary, key) for key, _ in SUMMARY})
    row["gone"] = [{"source": g.source, "day": g.day} for g in summary.gone]
    row["skipped"] = [
        {"file": s.name, "reason": s.reason, "detail": s.detail or None} for s in summary.skipped
    ]
    row["warnings"] = list(summary.warnings)
    return row


def _skipped_lines(summary: "ImportSummary") -> list[str]:
    """The table's list of skipped files, by reason (at most SKIPPED_SHOWN of each)."""
    from career.journal.document import SKIP_REASONS

    lines: list[str] = []
    for reason in SKIP_REASONS:
        files = [s for s in summary.skipped if s.reason == reason]
        if not files:
            continue
        lines.append(f"skipped ({reason}): {len(files)}")
        for one in files[:SKIPPED_SHOWN]:
            detail = f" ({one.detail})" if one.detail and reason != "unreadable" else ""
            lines.append(f"  {printable(one.name)}{detail}")
        if len(files) > SKIPPED_SHOWN:
            lines.append(f"  ... and {len(files) - SKIPPED_SHOWN} more (--format json lists all)")
    return lines


class _Bar:
    """A rich progress bar on stderr (reading, parsing, writing), only on a terminal and only
    once the import has taken PROGRESS_AFTER seconds: a quick import shows nothing."""

    def __init__(self) -> None:
        self.progress: Any = None
        self.tasks: dict[str, Any] = {}
        self.started = time.monotonic()
        self.terminal = sys.stderr.isatty()

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.terminal or total <= 0:
            return
        if self.progress is None:
            if time.monotonic() - self.started < PROGRESS_AFTER:
                return
            from rich.console import Console
            from rich.progress import Progress

            self.progress = Progress(console=Console(stderr=True), transient=True)
            self.progress.start()
        if phase not in self.tasks:
            self.tasks[phase] = self.progress.add_task(phase, total=total)
        self.progress.update(self.tasks[phase], completed=done)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


@journal_app.command("import")
def import_(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Journal files or folders (vaults). None: every one imported before.",
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option("--from", help=FORMAT_HELP, autocompletion=complete_from(FORMAT_CHOICES)),
    ] = "auto",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; write nothing.")
    ] = False,
    output: Annotated[
        Format, format_option(Format.table, Format.json, help="The summary's format.")
    ] = Format.table,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Stop at the first note that cannot be read; write nothing."),
    ] = False,
) -> None:
    """Import daily notes: skills with dated evidence, links and suggestions."""
    from career import config
    from career.journal import importer
    from career.pipeline.vocab import check_choice

    check_choice(fmt, FORMAT_CHOICES, "format")
    state = get_state(ctx)
    order = config.load().date_order
    bar = _Bar()
    try:
        summary = importer.import_journal(
            paths or [],
            fmt,
            reading=state.reading,
            writing=lambda: state.writing(record=False),
            dry_run=dry_run,
            progress=bar,
            strict=strict,
            date_order=order,
        )
    finally:
        bar.stop()
    for gone in summary.gone:
        warn(
            f"{gone.day.isoformat()} is no longer in {gone.source}: kept until "
            "'career journal prune'"
        )
    for line in summary.warnings:
        warn(line)
    unreadable = [s for s in summary.skipped if s.reason == "unreadable"]
    for one in unreadable:
        warn(f"skipped {one.detail or one.name}")
    if dry_run:
        message("dry run: nothing was written")
    if output is Format.json:
        print_json(summary_record(summary))
    else:
        width = max(len(label) for _, label in SUMMARY)
        for key, label in SUMMARY:
            typer.echo(f"{label:<{width}}  {getattr(summary, key)}")
        for line in _skipped_lines(summary):
            typer.echo(printable(line))
    if unreadable:
        raise typer.Exit(PARTIAL_EXIT)


# --- browsing ----------------------------------------------------------------------------------

SOURCE_FIELDS = ["id", "name", "path", "format", "root", "entries", "gone", "imported_at"]
SOURCE_COLUMNS = [
    ("id", "ID"),
    ("name", "Name"),
    ("format", "Format"),
    ("entries", "Days"),
    ("gone", "Gone"),
    ("imported_at", "Imported"),
]


def source_record(view: "SourceView") -> dict[str, Any]:
    return {
        "id": view.id,
        "name": view.name,
        "path": view.path,
        "format": view.format,
        "root": view.root,
        "entries": view.entries,
        "gone": view.gone,
        "imported_at": view.imported_at,
    }


@journal_app.command("sources")
def sources(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """List the journal files imported, with their days."""
    from career.journal import queries

    with get_state(ctx).reading() as fetch:
        views = queries.list_sources(fetch)
    print_listing(
        [source_record(v) for v in views],
        fmt,
        fields=SOURCE_FIELDS,
        columns=SOURCE_COLUMNS,
        empty="no journal imported yet (see 'career journal import')",
    )


ENTRY_FIELDS = ["day", "source", "line", "title", "items", "evidence", "gone"]
ENTRY_COLUMNS = [
    ("day", "Day"),
    ("source", "Source"),
    ("line", "Line"),
    ("items", "Lines"),
    ("evidence", "Evidence"),
    ("gone_mark", "Gone"),
]


def entry_record(view: "EntryView", *, table: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {
        "day": view.day,
        "source": view.source,
        "line": view.line,
        "title": view.title,
        "items": view.items,
        "evidence": view.evidence,
        "gone": view.gone,
    }
    if table:
        row["gone_mark"] = "gone" if view.gone else ""
    return row


def _resolver() -> Callable[[str], str | None]:
    """A skill's name from one of its aliases, by the taxonomy (shipped and the user's)."""
    from career.journal.importer import user_skills_file
    from career.journal.skills import load_taxonomy

    def resolve(name: str) -> str | None:
        path = user_skills_file()
        found = load_taxonomy(path if path.is_file() else None).find(name)
        return found.name if found is not None else None

    return resolve


@journal_app.command("entries")
def entries(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option(help="Days from this date on.")] = None,
    skill: Annotated[str | None, typer.Option(help="Days with evidence of this skill.")] = None,
    org: Annotated[
        str | None, typer.Option(help="Days that mention this organization or its records.")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List journal days, newest first."""
    from career.journal import queries

    start = _since(since)
    with get_state(ctx).reading() as fetch:
        if skill is not None:
            skill = queries.find_skill(fetch, skill, _resolver())[1]
        views = queries.list_entries(fetch, since=start, skill=skill, organization=org)
    print_listing(
        [entry_record(v, table=fmt is Format.table) for v in views],
        fmt,
        fields=ENTRY_FIELDS,
        columns=ENTRY_COLUMNS,
        empty="no journal days match" if (since or skill or org) else "no journal days",
    )


def day_record(day: date, details: "list[EntryDetail]") -> dict[str, Any]:
    return {
        "day": day,
        "entries": [
            {
                "source": d.source,
                "line": d.line,
                "title": d.title,
                "gone": d.gone,
                "items": [
                    {
                        "line": i.line,
                        "section": i.section,
                        "depth": i.depth,
                        "text": i.text,
                        "checked": i.checked,
                        "skills": i.skills,
                        "organizations": i.organizations,
                        "records": i.records,
                        "evidence": [
                            {
                                "id": evidence_id,
                                "skill": skill,
                                "level": level,
                                "level_name": level_word(level),
                            }
                            for evidence_id, skill, level in i.evidence
                        ],
                    }
                    for i in d.items
                ],
            }
            for d in details
        ],
    }


@journal_app.command("show")
def show(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(metavar="DATE", help="The day.")],
    fmt: ViewFormatOption = Format.table,
) -> None:
    """Show a day's lines with their evidence (id, skill, level), mentions and records."""
    from career.journal import queries

    when = parse_when(day, past=True)
    with get_state(ctx).reading() as fetch:
        details = queries.show_day(fetch, when)
    if fmt is not Format.table:
        print_json(day_record(when, details))
        return
    lines: list[str] = []
    for detail in details:
        gone = "  (gone from the file)" if detail.gone else ""
        lines.append(f"{when.isoformat()}  {detail.source}:{detail.line}{gone}")
        for item in detail.items:
            evidence = [
                f"#{evidence_id} {skill} {level_word(level)}"
                for evidence_id, skill, level in item.evidence
            ]
            notes = [*evidence, *item.organizations, *item.records]
            extra = f"  [{', '.join(notes)}]" if notes else ""
            box = "" if item.checked is None else ("[x] " if item.checked else "[ ] ")
            indent = "  " * (item.depth + 1)
            line = f"{item.line:>6} {item.section:<5}{indent}{box}{item.text}{extra}"
            lines.append(printable(line))
    typer.echo(printable("\n".join(lines)))


# --- suggestions --------------------------------------------------------------------------------

SUGGESTION_FIELDS = [
    "id",
    "kind",
    "status",
    "day",
    "source",
    "line",
    "text",
    "fields",
    "record_kind",
    "record_id",
]
SUGGESTION_COLUMNS = [
    ("id", "ID"),
    ("kind", "Kind"),
    ("day", "Day"),
    ("what", "What"),
    ("status", "Status"),
    ("cited", "Line"),
    ("text", "Text"),
]


def _what(view: "SuggestionView") -> str:
    f = view.fields
    if view.kind == "move":
        app = f"application #{f.get('application', '?')} {f.get('organization', '')}".strip()
        role = f" — {f['role']}" if f.get("role") else ""
        change = f" -> {f['status']}" if f.get("status") else ": note"
        return f"{app}{role}{change}"
    if view.kind == "application":
        return " — ".join(str(v) for v in (f.get("organization"), f.get("role")) if v)
    if view.kind == "session":
        return f"{f.get('organization', '')} {f.get('held_on', '')}".strip()
    if view.kind == "interaction":
        return f"{f.get('via', 'other')} with {f.get('contact', '?')} {f.get('on', '')}".strip()
    if view.kind == "event":
        host = f" ({f['host']})" if f.get("host") else ""
        return f"{f.get('name', '')}{host}"
    return f"{f.get('title', '')} {f.get('due', '')}".strip()


def suggestion_record(view: "SuggestionView", *, table: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": view.id,
        "kind": view.kind,
        "status": view.status,
        "day": view.day,
        "source": view.source,
        "line": view.line,
        "text": view.text,
        "fields": view.fields,
        "record_kind": view.record_kind,
        "record_id": view.record_id,
    }
    if table:
        row["what"] = _what(view)
        row["cited"] = f"{view.source}:{view.line}" if view.source else ""
    return row


@journal_app.command("suggestions")
def suggestions(
    ctx: typer.Context,
    all_: Annotated[
        bool, typer.Option("--all", "-a", help="Accepted and dismissed ones too.")
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """List the records the journal suggests (pending ones unless --all)."""
    import json

    from career.journal import queries

    with get_state(ctx).reading() as fetch:
        views = queries.list_suggestions(fetch, include_decided=all_)
    rows = [suggestion_record(v, table=fmt is Format.table) for v in views]
    if fmt is Format.csv:
        for row in rows:
            row["fields"] = json.dumps(row["fields"], ensure_ascii=False, sort_keys=True)
    print_listing(
        rows,
        fmt,
        fields=SUGGESTION_FIELDS,
        columns=SUGGESTION_COLUMNS,
        empty="no suggestions" if all_ else "no pending suggestions",
        whole=("text",),  # the line in full: it wraps on a terminal, never cut
    )


def _edits(values: list[str] | None) -> dict[str, str]:
    """`--edit field=value` pairs, checked before the database is opened."""
    edits: dict[str, str] = {}
    for text in values or []:
        name, sep, value = text.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InvalidInput(f"--edit takes field=value, not {text!r}")
        if name not in ALL_FIELDS:
            raise InvalidInput(
                f"no suggestion has a field {name!r}: use one of {', '.join(sorted(ALL_FIELDS))}"
            )
        if name in DATE_FIELDS and value.strip():
            value = parse_when(value, past=name in PAST_FIELDS).isoformat()
        edits[name] = value
    return edits


def _chosen(ids: list[int] | None, all_: bool, edits: dict[str, str]) -> list[int]:
    """The ids a decision names, checked before the database is opened."""
    if all_ and ids:
        raise InvalidInput("give suggestion ids or --all, not both")
    if not all_ and not ids:
        raise InvalidInput("give at least one suggestion id, or --all")
    if edits and (all_ or len(set(ids or [])) > 1):
        raise InvalidInput("--edit applies to one suggestion: give a single id")
    return list(dict.fromkeys(ids or []))


def _check_known(ctx: typer.Context, ids: list[int]) -> None:
    """Every id names a suggestion (NotFound, exit 3, before anything is opened for writing)."""
    from career.journal import queries

    with get_state(ctx).reading() as fetch:
        for suggestion_id in ids:
            queries.show_suggestion(fetch, suggestion_id)


IdsArgument = Annotated[
    list[int] | None,
    typer.Argument(metavar="[ID]...", help="Suggestion ids (see 'career journal suggestions')."),
]


@journal_app.command("accept")
def accept(
    ctx: typer.Context,
    suggestion_ids: IdsArgument = None,
    all_: Annotated[bool, typer.Option("--all", help="Every pending suggestion.")] = False,
    edit: Annotated[
        list[str] | None,
        typer.Option(
            "--edit",
            metavar="FIELD=VALUE",
            help="Change a field first (repeatable; one suggestion only).",
        ),
    ] = None,
) -> None:
    """Create the suggested records, linked to their journal lines; print their ids.

    All the ids are checked first and accepted together: if one is refused, none is."""
    from career.journal import suggestions

    edits = _edits(edit)
    ids = _chosen(suggestion_ids, all_, edits)
    _check_known(ctx, ids)
    with get_state(ctx).writing() as sql:
        if all_:
            ids = suggestions.pending_ids(sql)
        if edits:
            done = [suggestions.accept(sql, ids[0], edits)]
        else:
            done = suggestions.accept_many(sql, ids)
    if not done:
        message("no pending suggestions")
    for accepted in done:
        for text in accepted.warnings:
            warn(text)
        message(f"accepted suggestion #{accepted.suggestion.id}: {_done(accepted)}")
        typer.echo(accepted.record_id)


def _done(accepted: "Accepted") -> str:
    if accepted.suggestion.kind == "move":
        return accepted.label
    return f"added {accepted.label}"


@journal_app.command("dismiss")
def dismiss(
    ctx: typer.Context,
    suggestion_ids: IdsArgument = None,
    all_: Annotated[bool, typer.Option("--all", help="Every pending suggestion.")] = False,
) -> None:
    """Dismiss suggestions: they do not come back on re-import."""
    from career.journal import suggestions

    ids = _chosen(suggestion_ids, all_, {})
    _check_known(ctx, ids)
    with get_state(ctx).writing() as sql:
        if all_:
            ids = suggestions.pending_ids(sql)
        views = suggestions.dismiss_many(sql, ids)
    if not views:
        message("no pending suggestions")
    for view in views:
        message(f"dismissed suggestion #{view.id} ({view.kind}: {_what(view)})")


@journal_app.command("prune")
def prune(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Delete the days that disappeared from their files."""
    from career.journal import queries, service

    with get_state(ctx).reading() as fetch:
        gone = queries.gone_days(fetch)
    if not gone:
        message("nothing to prune")
        return
    for day in gone:
        message(f"  {day.day.isoformat()}  {day.source}")
    if not yes:
        typer.confirm(f"Delete these {len(gone)} days?", abort=True, err=True)
    # Not a recorded change, as the import is not: the days it removes are the journal's.
    with get_state(ctx).session(write=True, record=False) as session:
        pruned = service.prune(session)
    message(f"pruned {len(pruned.days)} days")


# --- skills ------------------------------------------------------------------------------------

SKILL_FIELDS = ["name", "category", "level", "level_name", "evidence", "first", "last"]
SKILL_COLUMNS = [
    ("name", "Skill"),
    ("category", "Category"),
    ("level_name", "Best level"),
    ("evidence", "Evidence"),
    ("first", "First"),
    ("last", "Last"),
]


def skill_record(view: "SkillSummary") -> dict[str, Any]:
    return {
        "name": view.name,
        "category": view.category,
        "level": view.level,
        "level_name": level_word(view.level),
        "evidence": view.evidence,
        "first": view.first,
        "last": view.last,
    }


@skills_app.callback()
def skills(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option(help="Evidence from this date on.")] = None,
    category: Annotated[str | None, typer.Option(help="Only this category.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List your skills: best level, evidence count, first and last dates."""
    if ctx.invoked_subcommand is not None:
        return
    from career.journal import queries

    start = _since(since)
    with get_state(ctx).reading() as fetch:
        views = queries.list_skills(fetch, since=start, category=category)
    print_listing(
        [skill_record(v) for v in views],
        fmt,
        fields=SKILL_FIELDS,
        columns=SKILL_COLUMNS,
        empty="no skills match" if (since or category) else "no skill evidence yet",
    )


@skills_app.command("path")
def skills_path() -> None:
    """Print where your own skills TOML file lives."""
    from career.journal.importer import user_skills_file

    typer.echo(str(user_skills_file()))


EVIDENCE_FIELDS = ["day", "level", "level_name", "signal", "source", "line", "text"]
EVIDENCE_COLUMNS = [
    ("day", "Day"),
    ("level_name", "Level"),
    ("signal", "Signal"),
    ("cited", "Source"),
    ("text", "Line"),
]


def evidence_record(view: "EvidenceView", *, table: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {
        "day": view.day,
        "level": view.level,
        "level_name": level_word(view.level),
        "signal": view.signal,
        "source": view.source,
        "line": view.line,
        "text": view.text,
    }
    if table:
        row["cited"] = f"{view.source}:{view.line}"
    return row


@skill_app.command("show")
def skill_show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The skill (name or alias).")],
    fmt: FormatOption = Format.table,
) -> None:
    """Show a skill's evidence: date, level, signal and source file:line."""
    from career.journal import queries

    with get_state(ctx).reading() as fetch:
        skill, views = queries.skill_evidence(fetch, name, _resolver())
    print_listing(
        [evidence_record(v, table=fmt is Format.table) for v in views],
        fmt,
        fields=EVIDENCE_FIELDS,
        columns=EVIDENCE_COLUMNS,
        empty=f"no evidence of {skill} in days still in their files",
    )


SEARCH_FIELDS = ["day", "source", "line", "text"]
SEARCH_COLUMNS = [("day", "Day"), ("cited", "Source"), ("text", "Line")]


def line_hit_record(hit: "LineHit", *, table: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {"day": hit.day, "source": hit.source, "line": hit.line, "text": hit.text}
    if table:
        row["cited"] = f"{hit.source}:{hit.line}"
    return row


@journal_app.command("search")
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="TEXT...",
            help='Words the line must all contain, or a "quoted phrase"; literal, case ignored.',
        ),
    ],
    since: Annotated[str | None, typer.Option(help="Days from this date on.")] = None,
    until: Annotated[str | None, typer.Option(help="Days up to this date.")] = None,
    skill: Annotated[
        str | None, typer.Option(help="Only lines that are evidence of this skill.")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Search the journal's lines (days still in their files), oldest first, citing file:line."""
    from career.journal import queries

    text = " ".join(words)
    terms = queries.search_terms(text)
    start, end = _since(since), parse_when(until, past=True) if until is not None else None
    with get_state(ctx).reading() as fetch:
        hits = queries.search_lines(
            fetch, text, since=start, until=end, skill=skill, resolve=_resolver()
        )
    print_listing(
        [line_hit_record(h, table=fmt is Format.table) for h in hits],
        fmt,
        fields=SEARCH_FIELDS,
        columns=SEARCH_COLUMNS,
        empty="no journal line has " + " and ".join(repr(t) for t in terms),
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `career` app."""
    app.add_typer(journal_app, name="journal")
    app.add_typer(skills_app, name="skills")
    app.add_typer(skill_app, name="skill")
