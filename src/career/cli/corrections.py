"""`career evidence [reject|set|why|restore|corrections]` and `career skills
ignore|unignore|ignored`: the user corrects what the journal's evidence says, for good.

What a correction is keyed by and how it lasts is decided in career.journal.corrections; the
listing's filters are those of `career export skills`.
"""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from career.cli.evidence import _taxonomy, parse_level
from career.cli.options import (
    FormatOption,
    SinceFilter,
    SkillsFilter,
    UntilFilter,
    ViewFormatOption,
    parse_when,
)
from career.cli.output import Format, message, print_json, print_listing
from career.cli.state import get_state
from career.errors import InvalidInput
from career.journal.vocab import level_word
from career.render import printable

if TYPE_CHECKING:
    from career.db.fetch import Fetch
    from career.journal.views import Corrected, CorrectionView, EvidenceRow, EvidenceWhy

evidence_app = typer.Typer(
    help="List the journal's evidence with ids, and correct it: reject, set, why, restore.",
    invoke_without_command=True,
)

EVIDENCE_FIELDS = [
    "id",
    "day",
    "skill",
    "level",
    "level_name",
    "signal",
    "rule",
    "matched",
    "source",
    "line",
    "text",
]
EVIDENCE_COLUMNS = [
    ("id", "ID"),
    ("day", "Date"),
    ("skill", "Skill"),
    ("level_name", "Level"),
    ("signal", "Signal"),
    ("cited", "Source"),
    ("text", "Line"),
]


def evidence_record(row: "EvidenceRow", *, table: bool = False) -> dict[str, Any]:
    """The JSON contract of one evidence row."""
    record: dict[str, Any] = {
        "id": row.id,
        "day": row.day,
        "skill": row.skill,
        "level": row.level,
        "level_name": level_word(row.level),
        "signal": row.signal,
        "rule": row.rule,
        "matched": row.matched,
        "source": row.source,
        "line": row.line,
        "text": row.text,
    }
    if table:
        record["cited"] = f"{row.source}:{row.line}"
    return record


def correction_record(view: "CorrectionView") -> dict[str, Any]:
    """The JSON contract of one correction."""
    return {
        "id": view.id,
        "skill": view.skill,
        "day": view.day,
        "text": view.text,
        "action": view.action,
        "level": view.level,
        "level_name": level_word(view.level) or None,
        "computed_level": view.computed_level,
        "computed_level_name": level_word(view.computed_level),
        "computed_signal": view.computed_signal,
        "computed_rule": view.computed_rule,
        "computed_matched": view.computed_matched,
        "created_at": view.created_at,
    }


def _skill_ids(fetch: "Fetch", skills: list[str] | None, app: int | None) -> list[int] | None:
    """The skills the listing is narrowed to (None: every skill)."""
    from career.evidence import queries

    wanted: list[int] | None = None
    if skills:
        wanted = queries.skill_filter(fetch, skills, _taxonomy())[0]
    if app is not None:
        asked = [skill_id for skill_id, _, _ in queries.asked_skills(fetch, app)]
        wanted = asked if wanted is None else [n for n in wanted if n in asked]
    return wanted


@evidence_app.callback()
def evidence(
    ctx: typer.Context,
    skills: SkillsFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    min_level: Annotated[
        str,
        typer.Option(
            "--min-level",
            metavar="LEVEL",
            help="Lowest level: 0-4 or intent, exposure, practice, applied, delivered.",
        ),
    ] = "0",
    app: Annotated[
        int | None,
        typer.Option("--app", metavar="ID", help="Only the skills this application asks for."),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List the journal's evidence, one row a line and skill, with the ids the corrections
    take."""
    if ctx.invoked_subcommand is not None:
        return
    from career.journal import queries

    first = parse_when(since, past=True) if since is not None else None
    last = parse_when(until, past=True) if until is not None else None
    level = parse_level(min_level)
    with get_state(ctx).reading() as fetch:
        wanted = _skill_ids(fetch, skills, app)
        rows = queries.list_evidence(
            fetch, skill_ids=wanted, since=first, until=last, min_level=level
        )
    narrowed = bool(skills or since or until or app is not None or level)
    print_listing(
        [evidence_record(r, table=fmt is Format.table) for r in rows],
        fmt,
        fields=EVIDENCE_FIELDS,
        columns=EVIDENCE_COLUMNS,
        empty="no evidence matches" if narrowed else "no skill evidence yet",
    )


def _ids(values: list[int]) -> list[int]:
    if any(n <= 0 for n in values):
        raise InvalidInput("ids are positive numbers")
    return list(dict.fromkeys(values))


def _report(done: "Corrected", verb: str) -> None:
    for view in done.corrections:
        message(
            f"{verb} {view.skill} on {view.day.isoformat()}: {view.text!r} (correction #{view.id})"
        )


@evidence_app.command("reject")
def reject(
    ctx: typer.Context,
    evidence_ids: Annotated[list[int], typer.Argument(metavar="ID...", help="Evidence ids.")],
) -> None:
    """Reject evidence: it is gone now and stays gone when the journal is imported again."""
    from career.journal import corrections, queries

    ids = _ids(evidence_ids)
    with get_state(ctx).reading() as fetch:
        queries.evidence_rows(fetch, ids)
    with get_state(ctx).writing() as sql:
        done = corrections.reject(sql, ids)
    _report(done, "rejected")
    message(
        f"removed {done.removed} evidence row(s); take one back with"
        " 'career evidence restore CORRECTION'"
    )


@evidence_app.command("set")
def set_(
    ctx: typer.Context,
    evidence_id: Annotated[int, typer.Argument(metavar="ID", help="An evidence id.")],
    level: Annotated[
        str,
        typer.Argument(
            metavar="LEVEL", help="0-4 or intent, exposure, practice, applied, delivered."
        ),
    ],
) -> None:
    """Set evidence to your level: it keeps it when the journal is imported again."""
    from career.journal import corrections, queries

    (checked,) = _ids([evidence_id])
    wanted = parse_level(level)
    with get_state(ctx).reading() as fetch:
        queries.evidence_rows(fetch, [checked])
    with get_state(ctx).writing() as sql:
        done = corrections.set_level(sql, checked, wanted)
    _report(done, f"set to {level_word(wanted)}:")


@evidence_app.command("restore")
def restore(
    ctx: typer.Context,
    correction_ids: Annotated[
        list[int],
        typer.Argument(
            metavar="CORRECTION...", help="Correction ids (see 'career evidence corrections')."
        ),
    ],
) -> None:
    """Take corrections back: the evidence is as the journal says again."""
    from career.journal import corrections, queries

    ids = _ids(correction_ids)
    with get_state(ctx).reading() as fetch:
        queries.corrections(fetch, ids)
    with get_state(ctx).writing() as sql:
        done = corrections.restore(sql, ids)
    _report(done, "restored")
    message(f"evidence rows put back: {done.restored}, changed back: {done.changed}")


CORRECTION_FIELDS = [
    "id",
    "skill",
    "day",
    "text",
    "action",
    "level",
    "level_name",
    "computed_level",
    "computed_level_name",
    "computed_signal",
    "computed_rule",
    "computed_matched",
    "created_at",
]
CORRECTION_COLUMNS = [
    ("id", "ID"),
    ("day", "Date"),
    ("skill", "Skill"),
    ("what", "Correction"),
    ("computed_level_name", "Computed"),
    ("text", "Line"),
]


@evidence_app.command("corrections")
def list_corrections(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """List your corrections (the ids `restore` takes)."""
    from career.journal import queries

    with get_state(ctx).reading() as fetch:
        views = queries.list_corrections(fetch)
    rows = []
    for view in views:
        row = correction_record(view)
        if fmt is Format.table:
            row["what"] = (
                "rejected" if view.action == "reject" else f"set to {level_word(view.level)}"
            )
        rows.append(row)
    print_listing(
        rows,
        fmt,
        fields=CORRECTION_FIELDS,
        columns=CORRECTION_COLUMNS,
        empty="no corrections",
    )


def why_record(found: "EvidenceWhy") -> dict[str, Any]:
    record = evidence_record(found.row)
    record["parent"] = found.parent
    record["correction"] = (
        correction_record(found.correction) if found.correction is not None else None
    )
    return record


def _why_lines(found: "EvidenceWhy") -> list[str]:
    row, fix = found.row, found.correction
    lines = [
        f"evidence #{row.id}: {row.skill}, {level_word(row.level)} ({row.level}), {row.day}",
        f"line:       {row.source}:{row.line}  {row.text}",
        f"parent:     {found.parent if found.parent is not None else '(none)'}",
        f"matched:    {row.matched or '(not recorded)'}",
        f"rule:       {row.rule or '(not recorded)'}",
        f"signal:     {row.signal}",
    ]
    if fix is None:
        lines.append("correction: none")
    else:
        what = "rejected" if fix.action == "reject" else f"set to {level_word(fix.level)}"
        lines.append(
            f"correction: #{fix.id} {what} on {fix.created_at.date().isoformat()};"
            f" the journal says {level_word(fix.computed_level)} ({fix.computed_rule or 'no rule'},"
            f" signal {fix.computed_signal!r})"
        )
    return [printable(line) for line in lines]


@evidence_app.command("why")
def why(
    ctx: typer.Context,
    evidence_id: Annotated[int, typer.Argument(metavar="ID", help="An evidence id.")],
    fmt: ViewFormatOption = Format.table,
) -> None:
    """Why a line is evidence of a skill at its level: the words, the rule, any correction."""
    from career.journal import queries

    with get_state(ctx).reading() as fetch:
        found = queries.why(fetch, evidence_id)
    if fmt is Format.json:
        print_json(why_record(found))
        return
    typer.echo(printable("\n".join(_why_lines(found))))


# --- the stop-list -------------------------------------------------------------------------------


def ignore(
    ctx: typer.Context,
    word: Annotated[str, typer.Argument(metavar="WORD", help="A word or alias.")],
) -> None:
    """Never let WORD name a skill; its evidence goes now."""
    from career.journal import corrections
    from career.journal.importer import user_skills_file

    edit = corrections.plan_ignore(user_skills_file(), word, add=True)
    if edit.text is None:
        message(f"{edit.word!r} is already ignored")
        return
    with get_state(ctx).writing() as sql:
        change = corrections.ignore(sql, edit)
    message(f"ignored {edit.word!r} in {edit.path}; removed {change.removed} evidence row(s)")


def unignore(
    word: Annotated[str, typer.Argument(metavar="WORD", help="A word on the list.")],
) -> None:
    """Take WORD off the list; the next 'career journal import' finds its evidence again."""
    from career.journal import corrections
    from career.journal.importer import user_skills_file

    edit = corrections.plan_ignore(user_skills_file(), word, add=False)
    corrections.write_ignore(edit)
    message(f"{edit.word!r} is no longer ignored: run 'career journal import' to find it again")


def ignored(fmt: FormatOption = Format.table) -> None:
    """List the words that never name a skill."""
    from career.journal.importer import ignored_words, user_skills_file

    words = ignored_words(user_skills_file())
    print_listing(
        [{"word": w} for w in words],
        fmt,
        fields=["word"],
        columns=[("word", "Ignored word")],
        empty="no ignored words (see 'career skills ignore')",
    )


def register(app: typer.Typer, skills_app: typer.Typer) -> None:
    """Add `evidence` to the `career` app and the stop-list commands to `skills`."""
    app.add_typer(evidence_app, name="evidence")
    skills_app.command("ignore")(ignore)
    skills_app.command("unignore")(unignore)
    skills_app.command("ignored")(ignored)
