"""学制 5+4 as a policy setting: grade names and the graduating grades follow it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from core.policy import PolicyError, policy_from_mapping
from core.rules import attendance, lawful
from core.rules.grades import junior_year
from tests.core.rules.rule_tables import context, described, pupil, school


def _five_four(ctx):
    ctx.policy = replace(ctx.policy, school_system="5+4")
    return ctx


def _in_grade(i: int, label: str, born: dt.date) -> dict:
    return {**pupil(i), "grade": "7" if label.startswith("初") else "6", "birth_date": born}


def _roster_with_raw(rows: list[dict], labels: list[str]):
    wb = school(roster=rows)
    roster = wb.table("roster")
    for row, label in zip(roster.raw.index, labels, strict=True):
        roster.raw.at[row, "grade"] = label
    return wb


@pytest.mark.parametrize(
    ("text", "year"),
    [("初一", 1), ("初中二年级", 2), ("初3", 3), ("初四", 4), ("初 一", 1), ("六年级", None)],
)
def test_the_junior_year_a_grade_names(text: str, year: int | None) -> None:
    assert junior_year(text) == year


def test_first_junior_year_is_grade_six_under_five_four() -> None:
    # Ages on 2026-10-28: 10 and 14, both written 初一; a 六年级 pupil of 14 for contrast.
    young, old = dt.date(2016, 3, 1), dt.date(2012, 3, 1)
    rows = [_in_grade(0, "初一", young), _in_grade(1, "初一", old), _in_grade(2, "六年级", old)]
    wb = _roster_with_raw(rows, ["初一", "初一", "六年级"])
    assert described(attendance.age_out_of_range(context(wb))) == [
        (
            "age-out-of-range",
            "query",
            "学籍名册",
            3,
            "G",
            "按出生日期 10 周岁，七年级通常为 12-13 周岁",
        ),
        (
            "age-out-of-range",
            "query",
            "学籍名册",
            5,
            "G",
            "按出生日期 14 周岁，六年级通常为 11-12 周岁",
        ),
    ]
    assert described(attendance.age_out_of_range(_five_four(context(wb)))) == [
        (
            "age-out-of-range",
            "query",
            "学籍名册",
            4,
            "G",
            "按出生日期 14 周岁，六年级通常为 11-12 周岁",
        ),
        (
            "age-out-of-range",
            "query",
            "学籍名册",
            5,
            "G",
            "按出生日期 14 周岁，六年级通常为 11-12 周岁",
        ),
    ]


def test_fifth_grade_graduates_under_five_four() -> None:
    rows = [
        {**pupil(i), "grade": g, "schooling": "06", "approval_no": f"教[2027]{i}号"}
        for i, g in enumerate(["5", "6", "9"])
    ]
    wb = school(roster=rows)
    spring = "2027-03"
    assert [f.row for f in lawful.suspension_overlong(context(wb, period=spring))] == [4, 5]
    assert described(lawful.suspension_overlong(_five_four(context(wb, period=spring)))) == [
        (
            "suspension-overlong",
            "error",
            "学籍名册",
            3,
            "K",
            "五年级学生“张伟”在毕业学年的最后一个学期休学",
        ),
        (
            "suspension-overlong",
            "error",
            "学籍名册",
            5,
            "K",
            "九年级学生“王芳”在毕业学年的最后一个学期休学",
        ),
    ]


def test_the_school_system_setting_is_checked() -> None:
    assert policy_from_mapping({"age": {"school_system": "5+4"}}, "t").graduating_grades == {
        "5",
        "9",
    }
    with pytest.raises(PolicyError, match="学制"):
        policy_from_mapping({"age": {"school_system": "4+5"}}, "t")
