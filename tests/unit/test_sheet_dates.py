"""Dates in a sheet's cells: one reading needs no order; two-digit years have a pivot."""

from __future__ import annotations

from datetime import date

import pytest

from career.errors import InvalidInput
from career.pipeline.sheet_mapping import detect_preset
from career.pipeline.sheets import sheet_date

TODAY = date(2024, 4, 20)


@pytest.mark.parametrize(
    ("text", "order", "day"),
    [
        ("04/22/2024", None, date(2024, 4, 22)),
        ("22.04.2024", None, date(2024, 4, 22)),
        ("22-04-2024", None, date(2024, 4, 22)),
        ("05/05/2024", None, date(2024, 5, 5)),  # both readings are one day
        ("4/22/24, 9:15 AM", None, date(2024, 4, 22)),
        ("2024-04-22T10:00:00Z", None, date(2024, 4, 22)),
        ("4/5/24", "MDY", date(2024, 4, 5)),
        ("4/5/24", "DMY", date(2024, 5, 4)),
        ("1/2/68", "MDY", date(2068, 1, 2)),  # the pivot: 00-68 are 20xx
        ("1/2/69", "MDY", date(1969, 1, 2)),  # 69-99 are 19xx
        ("April 22, 2024", None, date(2024, 4, 22)),
    ],
)
def test_sheet_dates(text: str, order: str | None, day: date) -> None:
    assert sheet_date(text, today=TODAY, past=True, date_order=order) == day  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "order", "words"),
    [
        ("04/05/2024", None, "ambiguous date"),
        ("4/5/24", None, "give --date-order DMY or MDY"),
        ("13/13/24", None, "is no date"),
        ("4/22/24", "DMY", "not a valid date read as DMY"),
    ],
)
def test_sheet_dates_refused(text: str, order: str | None, words: str) -> None:
    with pytest.raises(InvalidInput, match=words):
        sheet_date(text, today=TODAY, past=True, date_order=order)  # type: ignore[arg-type]


def test_presets_by_headers() -> None:
    linkedin = detect_preset(["Application Date", "Company Name", "Job Title", "Job Url", "X"])
    assert linkedin is not None and linkedin.name == "linkedin"
    assert detect_preset(["Company", "Title", "Status", "Date Applied"]) is None
