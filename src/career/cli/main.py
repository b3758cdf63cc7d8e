"""The `career` application: global options, command registration, and the error edge.

Every CareerError raised below a command becomes one line on stderr and its exit code here;
so do usage errors (unknown option, bad choice). `--debug` lets the traceback through. A reader
that stops early (`career apps | head -1`) ends the command quietly with 0, as other Unix tools
do; Ctrl-C (at a confirmation or during a command) prints `career: interrupted` and exits 130,
and a write it interrupts is rolled back with its transaction.
"""

import sys
from typing import Annotated, Any

import typer
from typer._click.exceptions import (  # typer's own copy of Click
    ClickException,
    NoArgsIsHelpError,
)
from typer.core import TyperGroup

from career import __version__
from career.cli import (
    advising,
    applications,
    contact_files,
    corrections,
    database,
    deadlines,
    events,
    evidence,
    history,
    journal,
    overview,
    people,
    reminding,
    reports,
    transfer,
)
from career.cli.options import strict_numbers
from career.cli.output import add_wide_option
from career.cli.state import State, get_state
from career.errors import CareerError, one_line
from career.render import printable


def _fail(text: str, code: int) -> None:
    # One line whatever the message quotes: a name or path the user typed may hold a newline.
    shown = printable(text).replace("\r", "\\r").replace("\n", "\\n")
    typer.echo(one_line(shown), err=True)
    sys.exit(code)


class _Interrupted(Exception):
    """Ctrl-C, carried past typer (which would turn it into a silent exit 130)."""


class _PipeClosed(Exception):
    """The reader of stdout went away, carried past typer (which would exit 1)."""


def interrupted(*, at_prompt: bool = False) -> None:
    """Ctrl-C: say so (on a line of its own after a question), exit 130 (128 + SIGINT)."""
    sys.stderr.write(("\n" if at_prompt else "") + "career: interrupted\n")
    sys.exit(130)


def pipe_closed() -> None:
    """The reader stopped (`| head`): nothing more to say, and nothing is wrong. stdout is
    pointed at /dev/null so the interpreter's last flush cannot fail again."""
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError):  # no descriptor: nothing left to flush there
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(0)


class CareerGroup(TyperGroup):
    """Turns errors into one-line messages, once, at the edge."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _Interrupted from None
        except BrokenPipeError:
            raise _PipeClosed from None

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        add_wide_option(self)  # every command that can print a table takes --wide
        strict_numbers(self)  # ids and numbers: ASCII digits, within 64 bits
        state = kwargs.setdefault("obj", State())
        argv = kwargs.get("args") or (args[0] if args else None) or sys.argv[1:]
        for arg in argv:
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                shown = arg.encode("utf-8", "backslashreplace").decode("ascii", "replace")
                _fail(f"an argument is not valid UTF-8 text: {shown}", 2)
        try:
            result = super().main(*args, **kwargs)
        except (_Interrupted, KeyboardInterrupt):
            interrupted()
        except _PipeClosed:
            pipe_closed()
        except NoArgsIsHelpError as exc:  # `career`, `career app`: show the help, as asked
            typer.echo(exc.format_message())
            sys.exit(exc.exit_code)
        except ClickException as exc:
            hint = ""
            ctx = getattr(exc, "ctx", None)
            if ctx is not None:
                hint = f" (see '{ctx.command_path} --help')"
            _fail(f"{exc.format_message()}{hint}", exc.exit_code)
        except typer.Abort as exc:
            if isinstance(exc.__context__, KeyboardInterrupt):  # Ctrl-C at a confirmation
                interrupted(at_prompt=True)
            typer.echo("career: aborted", err=True)
            sys.exit(1)
        except CareerError as exc:
            if state.debug:
                raise
            _fail(exc.message, exc.exit_code)
        except OSError as exc:  # the system refused a read or write: a full disk, a lost terminal
            if state.debug or exc.strerror is None:
                raise
            where = f": {exc.filename}" if exc.filename else ""
            _fail(f"{exc.strerror}{where}", 1)
        sys.exit(result if isinstance(result, int) else 0)


app = typer.Typer(
    cls=CareerGroup,
    name="career",
    help="A local-first CRM for a job search: applications, deadlines, and your journal.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"career {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH|URL",
            help="Database: a SQLite file path or a SQLAlchemy URL [env: CAREER_DB].",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    state = get_state(ctx)
    state.db_target = db
    state.debug = debug
    ctx.call_on_close(state.close)


applications.register(app)
people.register(app)
advising.register(app)
events.register(app)
deadlines.register(app)
overview.register(app)
transfer.register(app)
contact_files.register(transfer.export_app, transfer.import_app)
evidence.register(app, applications.app_group, transfer.export_app)
reminding.register(app)
journal.register(app)
corrections.register(app, journal.skills_app)
reports.register(app)
history.register(app)
app.add_typer(database.app, name="db")


def run() -> None:
    """Console-script entry point."""
    app(prog_name="career")
