"""The console entry point: `career remind` takes a fast way in; everything else, typer.

This module imports nothing but the standard library until it knows which way to go (see
`career.reminders.fast` for why).
"""

from __future__ import annotations

import sys


def standard_streams() -> None:
    """Open /dev/null on a closed stdin, stdout or stderr (`career apps >&-`): the next file we
    open (the database) would otherwise take descriptor 1 and receive the output, and Python
    leaves sys.stdout None. What is printed there is discarded, as for a reader that left."""
    import os

    for number, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        try:
            os.fstat(number)
        except OSError:
            fd = os.open(os.devnull, os.O_RDONLY if number == 0 else os.O_WRONLY)
            if fd != number:
                os.dup2(fd, number)
                os.close(fd)
        if getattr(sys, name) is None:
            mode = "r" if number == 0 else "w"
            setattr(sys, name, open(number, mode, encoding="utf-8", closefd=False))  # noqa: SIM115


def run() -> None:
    """Console-script entry point. Ctrl-C anywhere (here, the fast path, while the full CLI
    loads) prints `career: interrupted` and exits 130, as the full CLI does."""
    standard_streams()
    try:
        args = sys.argv[1:]
        if "remind" in args:
            from career.reminders.fast import try_remind

            code = try_remind(args)
            if code is not None:
                sys.exit(code)
        from career.cli.main import run as run_full

        run_full()
    except KeyboardInterrupt:
        sys.stderr.write("career: interrupted\n")
        sys.exit(130)
