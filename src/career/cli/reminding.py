"""`career remind`, `career calendar` and `career config`.

`career remind` usually never reaches this module: the console entry point answers it through
sqlite3 (career.reminders.fast). It comes here for PostgreSQL, for a SQLite file that must be
upgraded first, and for --help; both ways call `career.reminders.fast.answer`.
"""

import enum
import sys
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from career.cli.options import parse_when
from career.cli.output import Format, message, print_json, print_table
from career.cli.state import get_state

if TYPE_CHECKING:
    from career.db.fetch import Fetch
    from career.reminders.calendar import ContactTask


class RemindFormat(enum.StrEnum):
    table = "table"
    plain = "plain"
    json = "json"


def remind(
    ctx: typer.Context,
    within: Annotated[
        str | None,
        typer.Option(
            "--within",
            metavar="DAYS",
            help="How far ahead to look: 14, 14d or 2w [setting remind.within, default 14d].",
        ),
    ] = None,
    fmt: Annotated[
        RemindFormat,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="table (on a terminal), plain (for cron and mail) or json.",
        ),
    ] = RemindFormat.table,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 when anything is overdue, else 0.")
    ] = False,
) -> None:
    """What is overdue or due soon, events coming up, and applications to follow up."""
    from career.cli.output import wide_tables
    from career.reminders.fast import answer, check_within, emit
    from career.render import terminal_width

    check_within(within)
    terminal = sys.stdout.isatty()
    width = terminal_width() if terminal and not wide_tables() else None
    with get_state(ctx).reading() as fetch:
        result = answer(
            fetch, within=within, fmt=fmt.value, check=check, terminal=terminal, width=width
        )
    emit(result)
    raise typer.Exit(result.code)


def _is_our_calendar(path: Path) -> bool:
    """Whether `path` is a calendar this command wrote (its PRODID is ours): only that one is
    replaced without --force, never another calendar of the user's."""
    from career.reminders.calendar import PRODID_PREFIX

    try:
        with path.open("rb") as existing:
            head = existing.read(4096)
    except OSError:
        return False
    return head.lstrip(b"\xef\xbb\xbf \r\n").startswith(b"BEGIN:VCALENDAR") and (
        b"PRODID:" + PRODID_PREFIX.encode() in head
    )


CALENDAR_PAST = timedelta(days=365)


def calendar(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the ICS file here (default: stdout)."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="Leave out what ends before this date (default: a year ago).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a file this command did not write.")
    ] = False,
) -> None:
    """Export open deadlines and events as an ICS calendar, with alarms."""
    from career import clock, config
    from career.files import check_target, write_private

    # The last year and the future by default: ten years of history is thousands of items a
    # calendar app has no use for, and writing them was most of the command's time.
    first = parse_when(since, past=True) if since is not None else clock.today() - CALENDAR_PAST
    settings = config.load()
    replace = force or (out is not None and out.is_file() and _is_our_calendar(out))
    if out is not None:
        check_target(out, force=replace)
    from career.deadlines.queries import deadline_views
    from career.events.queries import event_views
    from career.reminders.calendar import build

    params = {"first": first.isoformat()}
    condition = " WHERE d.done_at IS NULL AND d.due_on >= :first"
    # an event without a start date is read, to be counted as left out
    event_condition = " WHERE e.starts_on IS NULL OR COALESCE(e.ends_on, e.starts_on) >= :first"
    with get_state(ctx).reading() as fetch:
        deadlines = deadline_views(fetch, condition, params)
        events = event_views(fetch, event_condition, params)
        tasks = _contact_tasks(fetch, settings.every) if settings["calendar.contacts"] else []
    built = build(
        deadlines,
        events,
        stamp=clock.now(),
        today=clock.today(),
        offsets=settings.alarms,
        contacts=tasks,
    )
    if out is None:
        sys.stdout.buffer.write(built.ics.encode("utf-8"))
        sys.stdout.flush()
    else:
        write_private(out, built.ics, force=replace)
    summary = f"{built.deadlines} deadline(s) and {built.events} event(s)"
    if settings["calendar.contacts"]:
        summary += f" and {built.contacts} contact(s) to keep in touch with"
    if built.undated_events:
        summary += f"; {built.undated_events} event(s) without a start date left out"
    message(
        f"wrote {summary}"
        + (f" to {out}" if out is not None else "")
        + (f", from {first} (--since DATE for older ones)" if since is None else "")
    )


def _contact_tasks(fetch: "Fetch", defaults: dict[str, int]) -> "list[ContactTask]":
    """A task for every contact with a cadence, on the day it is due."""
    from career import clock
    from career.db.fetch import as_instant
    from career.people.cadence import every_text, standing
    from career.people.standing import candidates
    from career.reminders.calendar import ContactTask

    today = clock.today()
    created = {
        int(r[0]): as_instant(r[1]) for r in fetch("SELECT id, created_at FROM contacts", {})
    }
    tasks = []
    for candidate in candidates(fetch, cadenced_only=not defaults):
        found = standing(candidate, defaults, today)
        if found is None:
            continue
        who = f"{found.name} ({found.role})" if found.role else found.name
        last = (
            f"last talked on {found.last.isoformat()}"
            if found.last is not None
            else f"added on {found.since.isoformat()}, nothing logged yet"
        )
        tasks.append(
            ContactTask(
                id=found.id,
                created_at=created[found.id],
                title=f"Catch up with {who}",
                description=f"{last}; {every_text(found.every)}",
                due=found.due,
            )
        )
    return tasks


config_app = typer.Typer(
    help="Settings: reminder window, follow-up days, calendar alarms, date order.",
    no_args_is_help=True,
)


@config_app.command("path")
def config_path() -> None:
    """Print where the settings file is (it may not exist yet)."""
    from career import config

    typer.echo(str(config.config_file()))


@config_app.command("show")
def config_show(
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = Format.table,
) -> None:
    """Every setting: its value, whether it is set or the default, and what it means."""
    from career import config

    settings = config.load()
    rows = [
        {
            "key": name,
            "value": key.show(settings[name]) if settings[name] is not None else None,
            "set": settings.is_set(name),
            "help": key.help,
        }
        for name, key in config.KEYS.items()
    ]
    # The family of cadences by role: the pattern (unset), then each one the file sets.
    rows.append(
        {"key": config.EVERY_PATTERN, "value": None, "set": False, "help": config.EVERY_KEY.help}
    )
    rows += [
        {
            "key": config.EVERY_PREFIX + word,
            "value": config.show_value(config.EVERY_PREFIX + word, days),
            "set": True,
            "help": config.EVERY_KEY.help,
        }
        for word, days in sorted(settings.every.items())
    ]
    if fmt is Format.json:
        print_json(rows)
        return
    table = [{**row, "set": "set" if row["set"] else "default"} for row in rows]
    if fmt is Format.csv:
        from career.cli.output import print_csv

        print_csv(table, ["key", "value", "set", "help"])
        return
    columns = [("key", "Key"), ("value", "Value"), ("set", "From"), ("help", "Meaning")]
    print_table(table, columns)


@config_app.command("set", context_settings={"ignore_unknown_options": True})  # VALUE -1
def config_set(
    key: Annotated[str, typer.Argument(metavar="KEY")],
    value: Annotated[str, typer.Argument(metavar="VALUE")],
) -> None:
    """Set a setting (`career config show` lists them)."""
    from career import config

    name, stored = config.set_value(key, value)
    message(f"{name} = {config.show_value(name, stored)}")


@config_app.command("unset")
def config_unset(key: Annotated[str, typer.Argument(metavar="KEY")]) -> None:
    """Remove a setting from the file: its default applies again."""
    from career import config

    if config.unset_value(key):
        message(f"{key.strip().lower()} is back to its default")
    else:
        message(f"{key.strip().lower()} was not set")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `career` app."""
    app.command("remind")(remind)
    app.command("calendar")(calendar)
    app.add_typer(config_app, name="config")
