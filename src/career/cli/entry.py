"""The console entry point: `career remind` takes a fast way in; everything else, typer.

This module imports nothing but the standard library until it knows which way to go (see
`career.reminders.fast` for why).
"""

from __future__ import annotations

import sys


def run() -> None:
    """Console-script entry point. Ctrl-C anywhere (here, the fast path, while the full CLI
    loads) prints `career: interrupted` and exits 130, as the full CLI does."""
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
