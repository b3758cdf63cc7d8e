"""Helpers for the storage tests: career in a subprocess, and a disk that fills up.

`small_disk` is a 160 KiB tmpfs when the tests run as root and may mount one (a real full
disk: ENOSPC); elsewhere its subprocesses run under RLIMIT_FSIZE of the same size (EFBIG on
the first write past it), which every POSIX system offers. `CAREER_TEST_DISK=rlimit` chooses the
second way as root too.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import FROZEN_NOW

DISK_BYTES = 160 * 1024


def career_env(home: Path, db: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREER_")}
    env.update(CAREER_HOME=str(home), CAREER_NOW=FROZEN_NOW, CAREER_DB=str(db), **extra)
    return env


def career(
    *args: str, env: dict[str, str], limit: int | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run `career ARGS...` in a new process (with files capped at `limit` bytes)."""

    def cap() -> None:  # pragma: no cover - runs in the child
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "career", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=cap if limit is not None else None,
    )


@dataclass(frozen=True)
class SmallDisk:
    folder: Path
    limit: int | None  # RLIMIT_FSIZE for career(), or None on a real small file system
    how: str


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    folder = tmp_path / "disk"
    folder.mkdir()
    if (
        os.environ.get("CAREER_TEST_DISK") != "rlimit"
        and hasattr(os, "geteuid")
        and os.geteuid() == 0
    ):
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs", str(folder)],
            capture_output=True,
        )
        if mounted.returncode == 0:
            try:
                yield SmallDisk(folder, None, "tmpfs")
            finally:
                subprocess.run(["umount", "-l", str(folder)], capture_output=True)
            return
    try:
        import resource  # noqa: F401
    except ImportError:  # pragma: no cover - not POSIX
        pytest.skip("no way to fill a disk here: not root (no tmpfs) and no RLIMIT_FSIZE")
    yield SmallDisk(folder, DISK_BYTES, "rlimit")


def folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())
