"""`career report funnel` on a hand-built history (both backends).

Today is 2024-06-30. The April cohort, worked out by hand (see career.reports.funnel):

    #1 A  applied 04-01 -> ghosted 05-01                     exit ghosted at applied
    #2 B  applied 04-02 -> rejected 04-10        (referral)  exit rejected at responded, 8 d
    #3 C  applied 04-03 -> interviewing 04-13                skipped screening; waiting, 10 d
    #4 D  applied 04-04 -> screening 04-08 -> interviewing 04-15 -> offer 04-25
          -> accepted 04-28                      (referral)  4 d; 7 d, 10 d, 3 d in stages
    #5 E  applied 04-05 -> rejected 04-12 -> applied 04-20 -> screening 04-22
          reopened: responded on 04-12 (7 d), waiting at screening since 04-22
    #6 F  applied 04-06, no answer                           waiting at applied (85 d so far)
    #7 G  applied 04-07 -> screening 04-09 -> withdrawn 04-11  exit withdrawn at screening, 2 d
    #8 H  interested only                                    never applied: not in the funnel
    #9 I  applied 03-01 -> rejected 03-05                    March: outside the April period

Reached: applied 7; responded B C D E G = 5; screening C D E G = 4; interviewing C D = 2;
offer D = 1; accepted D = 1. Waiting: F at applied, E at screening, C at interviewing.
Rates exclude the waiting at the stage they come from: responded 5/(7-1), screening 4/(5-0),
interviewing 2/(4-1), offer 1/(2-1), accepted 1/(1-0); under 5 decided, no rate.
Days to a response: [2, 4, 7, 8, 10] observed, F censored at 85 -> Kaplan-Meier: 1/6 at 2,
2/6 at 4, 3/6 at 7 (median 7), 4/6 at 8, 5/6 at 10 (75% by 10). In screening: D 7, G 2, E
censored at 69 -> 1/3 at 2, 2/3 at 7 (median 7), 75% not reached. In interviewing: D 10, C
censored at 78 -> median 10, 75% not reached. In offer: D 3.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import CLI, added_id, assert_refused, snapshot

NOW = "2024-06-30T09:00:00+00:00"
CONVERSION_KEYS = ("converted", "decided", "waiting_excluded", "rate")
NONE = {"rejected": 0, "ghosted": 0, "withdrawn": 0, "declined": 0}


@pytest.fixture
def history(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> CLI:
    monkeypatch.setenv("CAREER_NOW", NOW)

    def add(org: str, applied: str, *extra: str) -> int:
        return added_id(cli("add-application", org, "engineer", "--applied", applied, *extra))

    def move(app: int, *steps: tuple[str, str]) -> None:
        for status, day in steps:
            result = cli("app", "move", str(app), status, "--on", day)
            assert result.exit_code == 0, result.stderr

    move(add("A", "2024-04-01"), ("ghosted", "2024-05-01"))
    move(add("B", "2024-04-02", "--source", "referral"), ("rejected", "2024-04-10"))
    move(add("C", "2024-04-03"), ("interviewing", "2024-04-13"))
    move(
        add("D", "2024-04-04", "--source", "Referral"),
        ("screening", "2024-04-08"),
        ("interviewing", "2024-04-15"),
        ("offer", "2024-04-25"),
        ("accepted", "2024-04-28"),
    )
    move(
        add("E", "2024-04-05"),
        ("rejected", "2024-04-12"),
        ("applied", "2024-04-20"),
        ("screening", "2024-04-22"),
    )
    add("F", "2024-04-06")
    move(add("G", "2024-04-07"), ("screening", "2024-04-09"), ("withdrawn", "2024-04-11"))
    added_id(cli("add-application", "H", "--status", "interested"))
    move(add("I", "2024-03-01"), ("rejected", "2024-03-05"))
    return cli


def stage(
    name: str,
    reached: int,
    waiting: int = 0,
    exits: dict[str, int] | None = None,
    conversion: tuple[int, int, int, float | None] | None = None,
) -> dict[str, Any]:
    return {
        "stage": name,
        "reached": reached,
        "waiting": waiting,
        "exits": NONE | (exits or {}),
        "conversion": None
        if conversion is None
        else dict(zip(CONVERSION_KEYS, conversion, strict=True)),
    }


def days(step: str, events: int, censored: int, median: int | None, p75: int | None) -> dict:
    return {"step": step, "events": events, "censored": censored, "median": median, "p75": p75}


APRIL = {
    "group": None,
    "applications": 7,
    "waiting": 3,
    "stages": [
        stage("applied", 7, waiting=1, exits={"ghosted": 1}),
        stage("responded", 5, exits={"rejected": 1}, conversion=(5, 6, 1, 0.8333)),
        stage("screening", 4, waiting=1, exits={"withdrawn": 1}, conversion=(4, 5, 0, 0.8)),
        stage("interviewing", 2, waiting=1, conversion=(2, 3, 1, None)),
        stage("offer", 1, conversion=(1, 1, 1, None)),
        stage("accepted", 1, conversion=(1, 1, 0, None)),
    ],
    "days": [
        days("applied → response", 5, 1, 7, 10),
        days("in screening", 2, 1, 7, None),
        days("in interviewing", 1, 1, 10, None),
        days("in offer", 1, 0, 3, 3),
    ],
}


def funnel_json(cli: CLI, *args: str) -> Any:
    result = cli("report", "funnel", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_april_by_hand(history: CLI) -> None:
    assert funnel_json(history, "--since", "2024-04-01", "--until", "2024-04-30") == {
        "period": {"since": "2024-04-01", "until": "2024-04-30"},
        "filters": {"kind": None, "tag": None, "source": None},
        "by": None,
        "min_for_rate": 5,
        "groups": [APRIL],
    }


def test_every_application_ever_adds_march(history: CLI) -> None:
    (whole,) = funnel_json(history)["groups"]
    assert whole["applications"] == 8
    assert [s["reached"] for s in whole["stages"]] == [8, 6, 4, 2, 1, 1]
    assert whole["stages"][1]["exits"]["rejected"] == 2  # I's rejection too


def test_by_source_groups_case_insensitively_with_the_rest_apart(history: CLI) -> None:
    data = funnel_json(history, "--since", "2024-04-01", "--until", "2024-04-30", "--by", "source")
    groups = {g["group"]: g for g in data["groups"]}
    assert list(groups) == ["(no source)", "referral"]  # "Referral" and "referral" are one
    assert groups["referral"]["applications"] == 2
    assert [s["reached"] for s in groups["referral"]["stages"]] == [2, 2, 1, 1, 1, 1]
    assert groups["referral"]["stages"][1]["conversion"] == {
        "converted": 2,
        "decided": 2,
        "waiting_excluded": 0,
        "rate": None,
    }
    rest = groups["(no source)"]
    assert [s["reached"] for s in rest["stages"]] == [5, 3, 3, 1, 0, 0]
    assert rest["waiting"] == 3


def test_by_month_and_source_filter(history: CLI) -> None:
    data = funnel_json(history, "--by", "month")
    assert [(g["group"], g["applications"]) for g in data["groups"]] == [
        ("2024-03", 1),
        ("2024-04", 7),
    ]
    assert data["groups"][1] | {"group": None} == APRIL
    referral = funnel_json(history, "--source", "REFERRAL")["groups"][0]
    assert referral["applications"] == 2
    assert [s["reached"] for s in referral["stages"]] == [2, 2, 1, 1, 1, 1]


def test_an_empty_period_has_no_rates(history: CLI) -> None:
    (empty,) = funnel_json(history, "--since", "2025-01-01")["groups"]
    assert empty["applications"] == 0
    assert [s["reached"] for s in empty["stages"]] == [0] * 6
    assert all(s["conversion"] is None or s["conversion"]["rate"] is None for s in empty["stages"])
    assert {d["median"] for d in empty["days"]} == {None}
    table = history("report", "funnel", "--since", "2025-01-01")
    assert table.exit_code == 0
    assert "no applications in this period" in table.stdout


def test_table_on_a_pipe_says_what_it_leaves_out(history: CLI) -> None:
    result = history("report", "funnel", "--since", "2024-04-01", "--until", "2024-04-30")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "7 application(s) applied 2024-04-01 to 2024-04-30"
    assert lines[1].split() == ["Stage", "Reached", "From", "previous", "Waiting", "Exits"]
    assert lines[3].split() == ["any", "response", "5", "83%", "(5/6)", "rejected", "1"]
    assert lines[5].split() == ["interviewing", "2", "2/3", "1"]
    assert "  3 still waiting, excluded from the rates of the stage they wait at" in lines
    assert (
        "  days applied → response: median 7 d, 75% by 10 d"
        " (5 had it, 1 still waiting counted as censored)"
    ) in lines


def test_csv_and_markdown(history: CLI) -> None:
    csv_out = history("report", "funnel", "--format", "csv", "--since", "2024-04-01")
    assert csv_out.stdout.splitlines()[:3] == [
        "group,stage,reached,waiting,rejected,ghosted,withdrawn,declined,converted,decided,"
        "waiting_excluded,rate",
        "all,applied,7,1,0,1,0,0,,,,",
        "all,responded,5,0,1,0,0,0,5,6,1,0.8333",
    ]
    md = history("report", "funnel", "--format", "md", "--since", "2024-04-01").stdout
    assert "| any response | 5 | 83% (5/6) |  | rejected 1 |" in md


BAD = [
    (["--by", "color"], "unknown --by 'color'"),
    (["--since", "2024-05-01", "--until", "2024-04-01"], "the period is inverted"),
    (["--kind", "gig"], "unknown kind 'gig'"),
    (["--since", "2024-02-30"], "2024-02-30"),
    (["--by", "source", "--format", "svg", "--out", "x.svg"], "a picture shows one funnel"),
]


@pytest.mark.parametrize(
    ("argv", "words"), BAD, ids=["by", "inverted", "kind", "date", "picture-by"]
)
def test_bad_input_is_one_line_and_changes_nothing(
    history: CLI, db_url: str, argv: list[str], words: str
) -> None:
    before = snapshot(db_url)
    assert_refused(history("report", "funnel", *argv), 2, words)
    assert snapshot(db_url) == before
