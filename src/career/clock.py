"""The one place that knows what time it is.

`CAREER_NOW` (an ISO 8601 instant with an offset, such as 2024-04-20T09:00:00+00:00) freezes
the clock for a whole process: tests and reproducible runs use it, so that a subprocess and an
in-process CLI run see the same "today".
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from career.errors import InvalidInput


def now() -> datetime:
    """The current instant, aware, in UTC."""
    frozen = os.environ.get("CAREER_NOW")
    if frozen:
        try:
            value = datetime.fromisoformat(frozen)
        except ValueError:
            raise InvalidInput(f"CAREER_NOW is not an ISO 8601 instant: {frozen!r}") from None
        if value.tzinfo is None:
            raise InvalidInput(f"CAREER_NOW needs a UTC offset: {frozen!r}")
        return value.astimezone(UTC)
    return datetime.now(UTC)


def today() -> date:
    """Today's calendar date in the local time zone."""
    return now().astimezone().date()
