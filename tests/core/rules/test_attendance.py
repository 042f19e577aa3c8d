"""Attendance arithmetic, school days in the window, age for grade."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from core.policy import default_policy
from core.rules import attendance
from tests.core.rules.rule_tables import (
    attendance_row,
    context,
    described,
    pupil,
    school,
    with_terms,
)


def _att(**changes: object) -> list[dict]:
    rows = [attendance_row(pupil(i)) for i in range(4)]
    rows[1] = {**rows[1], **changes}
    return rows


def test_attendance_arithmetic() -> None:
    rows = [attendance_row(pupil(i)) for i in range(4)]
    rows[0] = {**rows[0], "days_present": 19}
    rows[1] = {**rows[1], "days_present": 15, "days_absent": 2}
    rows[2] = {**rows[2], "days_present": 16, "days_absent": 2, "longest_run": 3}
    found = attendance.attendance_numbers(context(school(attendance=rows)))
    assert described(found) == [
        ("number-invalid", "error", "考勤汇总", 3, "H", "实出勤天数 19 大于应出勤天数 18"),
        (
            "number-invalid",
            "error",
            "考勤汇总",
            4,
            "I",
            "缺勤天数 2 应等于应出勤天数减实出勤天数（3）",
        ),
        ("number-invalid", "error", "考勤汇总", 5, "J", "最长连续缺勤天数 3 大于缺勤天数 2"),
    ]


def test_days_due_cannot_exceed_the_school_days_of_the_window() -> None:
    # 2026-09-29 .. 2026-10-28 under the 28th cut-off: 国庆 leaves 18 school days.
    found = attendance.due_above_calendar(
        context(school(attendance=_att(days_due=19, days_present=19)))
    )
    assert described(found) == [
        ("number-invalid", "error", "考勤汇总", 4, "G", "应出勤天数 19 多于本月的上课日（18 天）"),
    ]
    assert attendance.due_above_calendar(context(school(), period=None)) == []


def test_a_year_the_holiday_calendar_does_not_know_falls_back_with_a_warning() -> None:
    ctx = context(school(), period="2031-03")
    assert described(attendance.calendar_fallback(ctx)) == [
        (
            "calendar-fallback",
            "warning",
            None,
            None,
            None,
            "2031 年的法定节假日尚未收录，上课日按周一至周五计算",
        ),
    ]
    assert attendance.calendar_fallback(context(school())) == []


def test_age_outside_the_band_and_for_the_grade_are_queries() -> None:
    roster = [pupil(i) for i in range(4)]
    roster[0] = {**roster[0], "birth_date": dt.date(2010, 3, 5)}  # 16 at the cut-off
    roster[1] = {**roster[1], "grade": "1"}  # 10 years old in grade 1
    roster[3] = {**roster[3], "grade": "3"}  # 8 in grade 3: within the tolerance
    found = attendance.age_out_of_range(context(school(roster=roster)))
    assert described(found) == [
        (
            "age-out-of-range",
            "query",
            "学籍名册",
            3,
            "F",
            "按出生日期，16 周岁在义务教育年龄段（6-15 周岁）之外",
        ),
        (
            "age-out-of-range",
            "query",
            "学籍名册",
            4,
            "G",
            "按出生日期 10 周岁，一年级通常为 6-7 周岁",
        ),
    ]


def test_age_thresholds_come_from_the_policy() -> None:
    roster = [{**pupil(0), "birth_date": dt.date(2010, 3, 5), "grade": "9"}]
    ctx = context(school(roster=roster))
    ctx.policy = replace(default_policy(), age_high=16)
    assert attendance.age_out_of_range(ctx) == []


def test_a_july_window_counts_only_the_days_before_the_summer_break() -> None:
    # 2026-06-29 .. 2026-07-28: a spring term ending on 5 July leaves 5 school days.
    rows = [attendance_row(pupil(i), due=5, present=5) for i in range(4)]
    fine = attendance.due_above_calendar(
        with_terms(context(school(attendance=rows), period="2026-07"))
    )
    assert fine == []
    rows[1] = attendance_row(pupil(1), due=22, present=22)
    wrong = attendance.due_above_calendar(
        with_terms(context(school(attendance=rows), period="2026-07"))
    )
    assert described(wrong) == [
        (
            "vacation-absence-overcount",
            "error",
            "考勤汇总",
            4,
            "G",
            "应出勤天数 22 多于本月学期内的上课日（5 天）：假期中的 17 个工作日不是上课日",
        ),
    ]
