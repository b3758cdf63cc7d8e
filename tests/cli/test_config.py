"""`career config path|show|set|unset`: a TOML file a person can read, written atomically,
refusing unknown keys and bad values with the list of what is valid."""

from __future__ import annotations

import json
import stat
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.conftest import assert_refused

KEYS = [
    "remind.within",
    "remind.stale.applied",
    "remind.stale.screening",
    "remind.stale.interviewing",
    "calendar.alarms",
    "calendar.contacts",
    "dates.order",
    "backup.keep",
]


def career(*args: str) -> Result:
    from career.cli.main import app

    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def settings_file(home: Path) -> Path:
    return home / "config.toml"


def test_path_is_in_the_config_folder_and_creates_nothing(home: Path) -> None:
    result = career("config", "path")
    assert result.exit_code == 0
    assert Path(result.stdout.strip()) == settings_file(home)
    assert not home.exists()


def test_show_lists_every_key_with_its_default(home: Path) -> None:
    result = career("config", "show", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["key"], r["value"], r["set"]) for r in rows] == [
        ("remind.within", "14d", False),
        ("remind.stale.applied", "14d", False),
        ("remind.stale.screening", "10d", False),
        ("remind.stale.interviewing", "7d", False),
        ("calendar.alarms", "3d, 1d", False),
        ("calendar.contacts", "false", False),
        ("dates.order", None, False),
        ("backup.keep", "14", False),
        ("contacts.every.<role>", None, False),
    ]
    assert all(r["help"] for r in rows)
    assert not home.exists()


def test_set_writes_a_private_readable_toml_file(home: Path) -> None:
    assert career("config", "set", "remind.within", "3w").exit_code == 0
    assert career("config", "set", "calendar.alarms", "1d, 2h, 1w").exit_code == 0
    assert career("config", "set", "dates.order", "dmy").exit_code == 0
    assert career("config", "set", "Remind.Stale.Applied", "21").exit_code == 0
    path = settings_file(home)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert tomllib.loads(path.read_text()) == {
        "remind": {"within": 21, "stale": {"applied": 21}},
        "calendar": {"alarms": ["7d", "1d", "2h"]},
        "dates": {"order": "DMY"},
    }
    assert path.read_text().startswith("# career settings")
    shown = {r["key"]: r for r in json.loads(career("config", "show", "-f", "json").stdout)}
    assert shown["remind.within"]["value"] == "21d" and shown["remind.within"]["set"]
    assert shown["calendar.alarms"]["value"] == "7d, 1d, 2h"
    assert not shown["remind.stale.screening"]["set"]
    assert not list(path.parent.glob(".*.tmp"))  # no temporary file left behind


def test_unset_brings_the_default_back(home: Path) -> None:
    assert career("config", "set", "remind.within", "30").exit_code == 0
    result = career("config", "unset", "remind.within")
    assert result.exit_code == 0
    assert "back to its default" in result.stderr
    assert tomllib.loads(settings_file(home).read_text()) == {}
    again = career("config", "unset", "remind.within")
    assert again.exit_code == 0 and "was not set" in again.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["set", "remind.window", "3"], "unknown setting 'remind.window': the settings are"),
        (["set", "remind.within", "abc"], "cannot read 'abc' as a number of days"),
        (["set", "remind.within", "--", "-3d"], "'-3d' is negative"),
        (["set", "remind.within", "1m"], "months have no fixed length"),
        (["set", "remind.stale.applied", "0"], "use 1 or more"),
        (["set", "remind.stale.offer", "3"], "unknown setting 'remind.stale.offer'"),
        (["set", "calendar.alarms", "soon"], "cannot read 'soon' as an alarm offset"),
        (["set", "calendar.alarms", "400d"], "at most 365 days"),
        (["set", "dates.order", "YMD"], "use one of DMY, MDY"),
        (["set", "backup.keep", "0"], "keep between 1 and 10000 backups, not 0"),
        (["set", "backup.keep", "lots"], "'lots' is not a number of backups"),
        (["set", "backup.keep", "--", "-3"], "'-3' is not a number of backups"),
        (["set", "backup.keep", "99999"], "keep between 1 and 10000 backups"),
        (["unset", "nope"], "unknown setting 'nope'"),
    ],
)
def test_bad_keys_and_values_are_refused_and_change_nothing(
    home: Path, args: list[str], words: str
) -> None:
    assert career("config", "set", "remind.within", "21").exit_code == 0
    before = settings_file(home).read_bytes()
    result = career("config", *args)
    assert_refused(result, 2, words)
    if "unknown setting" in words:
        for key in KEYS:
            assert key in result.stderr
    assert settings_file(home).read_bytes() == before


def test_a_bad_hand_edit_is_an_error_naming_the_file_and_key(home: Path) -> None:
    path = settings_file(home)
    path.parent.mkdir(parents=True)
    path.write_text("[remind]\nwithin = 'soon'\n")
    assert_refused(career("config", "show"), 2, f"{path}: remind.within: cannot read 'soon'")
    path.write_text("[remind]\nwindow = 3\n")
    assert_refused(career("config", "show"), 2, "unknown setting 'remind.window'")
    path.write_text("[remind\n")
    assert_refused(career("config", "show"), 2, "is not valid TOML")
    assert_refused(career("remind"), 2, "is not valid TOML")
    assert_refused(career("config", "set", "remind.within", "3"), 2, "is not valid TOML")
    assert path.read_text() == "[remind\n"  # a broken file is never overwritten


def test_a_hand_written_file_is_read(home: Path) -> None:
    path = settings_file(home)
    path.parent.mkdir(parents=True)
    path.write_text('[remind]\nwithin = "2w"\n[calendar]\nalarms = ["1d"]\n')
    shown = {
        r["key"]: r["value"] for r in json.loads(career("config", "show", "-f", "json").stdout)
    }
    assert shown["remind.within"] == "14d"
    assert shown["calendar.alarms"] == "1d"


def test_the_date_order_reads_slash_dates(home: Path) -> None:
    refused = career("add-application", "FAR.AI", "engineer", "--applied", "04/03/2024")
    assert_refused(refused, 2, "ambiguous")
    assert career("config", "set", "dates.order", "DMY").exit_code == 0
    added = career("add-application", "FAR.AI", "engineer", "--applied", "04/03/2024")
    assert added.exit_code == 0, added.stderr
    apps = json.loads(career("apps", "--format", "json").stdout)
    assert apps[0]["applied"] == "2024-03-04"


def test_a_bad_value_can_be_put_right_with_set_or_unset(home: Path) -> None:
    path = settings_file(home)
    path.parent.mkdir(parents=True)
    path.write_text("[remind]\nwithin = 'soon'\n[dates]\norder = 'DMY'\n")
    assert career("config", "set", "remind.within", "3").exit_code == 0
    assert tomllib.loads(path.read_text()) == {"remind": {"within": 3}, "dates": {"order": "DMY"}}
    path.write_text("[remind]\nwithin = 'soon'\n")
    assert career("config", "unset", "remind.within").exit_code == 0
    assert tomllib.loads(path.read_text()) == {}
    path.write_text("[remind]\nwithin = 'soon'\n[dates]\norder = 'YMD'\n")
    assert_refused(career("config", "set", "remind.within", "3"), 2, "dates.order")


def test_cadences_by_role_are_a_family_of_keys(home: Path) -> None:
    assert career("config", "set", "contacts.every.Advisor", "8w").exit_code == 0
    assert career("config", "set", "contacts.every.recruiter", "30").exit_code == 0
    path = settings_file(home)
    assert tomllib.loads(path.read_text()) == {
        "contacts": {"every": {"advisor": 56, "recruiter": 30}}
    }
    shown = json.loads(career("config", "show", "-f", "json").stdout)
    assert [(r["key"], r["value"], r["set"]) for r in shown[-3:]] == [
        ("contacts.every.<role>", None, False),
        ("contacts.every.advisor", "8w", True),
        ("contacts.every.recruiter", "30d", True),
    ]
    assert career("config", "unset", "contacts.every.advisor").exit_code == 0
    assert tomllib.loads(path.read_text()) == {"contacts": {"every": {"recruiter": 30}}}
    before = path.read_bytes()
    for args, words in [
        (["contacts.every.advisor", "0"], "0 days"),
        (["contacts.every.advisor", "2m"], "months"),
        (["contacts.every.", "2w"], "one word of a role"),
        (["contacts.every.a.b", "2w"], "one word of a role"),
        (["contacts.every.research lead", "2w"], "one word of a role"),
    ]:
        assert_refused(career("config", "set", *args), 2, words)
    assert path.read_bytes() == before
    path.write_text("[contacts.every]\nmentor = 'soon'\n")
    assert_refused(career("config", "show"), 2, "contacts.every.mentor: cannot read 'soon'")
