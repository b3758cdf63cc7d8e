"""Run career as a person at a terminal would: one of its streams on a pseudo-terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from collections.abc import Mapping, Sequence


def on_terminal(
    args: Sequence[str],
    env: Mapping[str, str],
    *,
    stream: str = "stdout",
    columns: int | None = None,
    timeout: float = 60,
) -> tuple[bytes, subprocess.Popen[bytes]]:
    """Run `python -m career ARGS` with its `stream` ("stdout" or "stderr") on a
    pseudo-terminal (`columns` wide when given); the other stream is a pipe. Returns what the
    terminal showed and the finished process (its exit status is checked by the caller)."""
    main, secondary = pty.openpty()
    if columns is not None:
        fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 30, columns, 0, 0))
    on_tty = {stream: secondary}
    proc = subprocess.Popen(
        [sys.executable, "-m", "career", *args],
        stdout=on_tty.get("stdout", subprocess.PIPE),
        stderr=on_tty.get("stderr", subprocess.PIPE),
        stdin=subprocess.DEVNULL,
        env=dict(env),
    )
    os.close(secondary)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the other side closed: everything was read
            break
        if not chunk:
            break
        shown.extend(chunk)
    os.close(main)
    proc.wait(timeout=timeout)
    return bytes(shown), proc
