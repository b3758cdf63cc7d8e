"""`career calendar`'s default window: the last year and the future; `--since` for more."""

from __future__ import annotations

from icalendar import Calendar

from tests.conftest import CLI, added_id


def summaries(ics: str) -> list[str]:
    return sorted(str(c["summary"]) for c in Calendar.from_ical(ics).walk("VEVENT"))


def test_a_year_back_by_default_and_since_for_older(cli: CLI) -> None:
    # today is 2024-04-20
    added_id(cli("add-deadline", "old form", "--due", "2023-04-19"))
    added_id(cli("add-deadline", "recent form", "--due", "2023-04-21"))
    added_id(cli("add-deadline", "next essay", "--due", "2024-05-01"))
    added_id(cli("add-event", "Old jam", "--kind", "jam", "--start", "2022-06-01"))
    added_id(cli("add-event", "Undated course", "--kind", "course"))
    result = cli("calendar")
    assert result.exit_code == 0, result.stderr
    assert summaries(result.stdout) == ["next essay", "recent form"]
    assert result.stderr.splitlines() == [
        "wrote 2 deadline(s) and 0 event(s); 1 event(s) without a start date left out,"
        " from 2023-04-21 (--since DATE for older ones)"
    ]
    everything = cli("calendar", "--since", "2000-01-01")
    assert summaries(everything.stdout) == ["Old jam", "next essay", "old form", "recent form"]


HOSTILE = [
    "a, b; c \\ d",
    "line one\nline two\r\nthree\rfour",
    ("Zürich — 東京 " * 12).strip(),  # long, multi-byte: folded, never inside a character
    "ends with a backslash \\",
    "x" * 74 + "\\,",
]


def test_text_survives_the_file_as_written(cli: CLI) -> None:
    for n, title in enumerate(HOSTILE):
        added_id(cli("add-deadline", title, "--due", f"2024-05-0{n + 1}"))
    added_id(
        cli("add-deadline", "call", "--due", "2024-05-09", "--at", "14:30", "--tz", "Asia/Tokyo")
    )
    added_id(
        cli(
            "add-event",
            "Jam, with; text",
            "--kind",
            "jam",
            "--start",
            "2024-06-01",
            "--url",
            "https://example.org/a,b;c",
        )
    )
    result = cli("calendar")
    assert result.exit_code == 0, result.stderr
    raw = result.stdout_bytes  # stdout turns CRLF into LF
    assert [line for line in raw.split(b"\r\n") if len(line) > 75] == []
    cal = Calendar.from_ical(raw)
    items = {str(c["summary"]): c for c in cal.walk("VEVENT")}
    # a line break of any kind is one newline in iCalendar text
    assert {t.replace("\r\n", "\n").replace("\r", "\n") for t in HOSTILE} <= set(items)
    call = items["call"]
    assert call["dtstart"].params["TZID"] == "Asia/Tokyo"
    assert call["dtstart"].dt.isoformat() == "2024-05-09T14:30:00+09:00"
    assert [str(t.name) for t in cal.walk("VTIMEZONE")] == ["VTIMEZONE"]
    jam = items["Jam, with; text"]
    assert str(jam["url"]) == "https://example.org/a,b;c"
    assert [a["trigger"].dt.days for a in jam.walk("VALARM")] == [-3, -1]
