"""学制 5+4 as a policy setting: grade names and the graduating grades follow it."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest

from core.catalogue.codelists import SCHOOL_SYSTEM
from core.catalogue.school_monthly import INFO
from core.policy import PolicyError, default_policy, policy_from_mapping
from core.rules import attendance, lawful
from core.rules.grades import junior_year
from core.validate import check_workbook
from tests.core.rules.rule_tables import (
    INFO_VALUES,
    context,
    described,
    make_record,
    pupil,
    school,
)


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
            "按出生日期 14 周岁，初一（六年级）通常为 11-12 周岁",
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


# --- 学制 per school: the school list's, else the info sheet's, else the policy's ---------------

_JUNIOR_FIRST = ("初一", "初中一年级", "初1", "初 一")


def _five_four_school(label: str, info_system: str | None):
    """Two 初一 pupils: one a year young (right under 5+4, odd under 6+3), one of 14 (odd
    under 5+4 only). Ages on the period's cut-off 2026-10-28: 10 and 14."""
    rows = [_in_grade(0, label, dt.date(2016, 8, 20)), _in_grade(1, label, dt.date(2012, 9, 10))]
    info = {**INFO_VALUES, **({"school_system": info_system} if info_system else {})}
    wb = _roster_with_raw(rows, [label, label])
    wb.records[0] = replace(wb.records[0], **_record_parts(info))
    return wb


def _record_parts(info: dict) -> dict:
    rec = make_record(INFO, info)
    return {"values": rec.values, "raw": rec.raw, "cells": rec.cells}


def _ages(report) -> list[tuple]:
    return described([f for f in report.findings if f.code == "age-out-of-range"])


YOUNG_UNDER_SIX_THREE = (
    "age-out-of-range",
    "query",
    "学籍名册",
    3,
    "G",
    "按出生日期 10 周岁，七年级通常为 12-13 周岁",
)
"""The pupil a year young, read as grade 7: the false query a 5+4 school got."""
OLD_UNDER_FIVE_FOUR = (
    "age-out-of-range",
    "query",
    "学籍名册",
    4,
    "G",
    "按出生日期 14 周岁，初一（六年级）通常为 11-12 周岁",
)
"""The pupil of 14 in 初一, read as grade 6: the real query."""


@pytest.mark.parametrize("label", _JUNIOR_FIRST)
def test_a_school_s_info_sheet_names_its_school_system(label: str) -> None:
    for spelling in ("5+4", "五四制", "五四学制", "小学五年初中四年", "5·4制"):
        system = SCHOOL_SYSTEM.parse(spelling)
        report = check_workbook(_five_four_school(label, system), default_policy())
        assert _ages(report) == [OLD_UNDER_FIVE_FOUR], spelling
    # Without a 学制 anywhere the policy's 6+3 reads 初一 as grade 7: the young pupil is odd.
    assert _ages(check_workbook(_five_four_school(label, None), default_policy())) == [
        YOUNG_UNDER_SIX_THREE
    ]


@pytest.mark.parametrize("label", _JUNIOR_FIRST)
def test_the_school_list_s_school_system_comes_first(label: str) -> None:
    code = INFO_VALUES["school_code"]
    policy = default_policy()
    blank = _five_four_school(label, None)
    assert _ages(check_workbook(blank, policy, school_systems={code: "5+4"})) == [
        OLD_UNDER_FIVE_FOUR
    ]
    # The list says 6+3 for a school whose own sheet says 5+4: the county's list is kept.
    own = _five_four_school(label, "5+4")
    assert _ages(check_workbook(own, policy, school_systems={code: "6+3"})) == [
        YOUNG_UNDER_SIX_THREE
    ]
    # Another school's entry does not apply; a policy of 5+4 is the fallback.
    five_four = replace(policy, school_system="5+4")
    assert _ages(check_workbook(blank, five_four, school_systems={"3141000001": "6+3"})) == [
        OLD_UNDER_FIVE_FOUR
    ]


def test_the_school_list_s_school_system_column_is_read(tmp_path) -> None:
    import openpyxl

    from core.consolidate.refs import school_systems
    from core.reader import read_workbook

    rng = random.Random(16)
    for header in ("学制", "学校学制", "学制类型"):
        values = [
            rng.choice(["六三制", "五四制", "5+4", "6+3", "五四学制", None]) for _ in range(6)
        ]
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = rng.choice(["学校名录", "Sheet1", "名单"])
        ws.append(["学校标识码", "学校名称", "学段", header])
        for i, v in enumerate(values):
            ws.append([f"31411525{i:02d}", f"固始县第{i + 1}初级中学", "初中", v])
        path = tmp_path / f"名录{header}.xlsx"
        wb.save(path)
        want = {f"31411525{i:02d}": SCHOOL_SYSTEM.parse(v) for i, v in enumerate(values) if v}
        assert school_systems(read_workbook(path)) == (want or None), header


def test_a_five_four_school_s_sixth_grade_may_suspend_in_spring() -> None:
    # 休学 with its 批准文号 in March: 六年级 ends 小学 under 6+3 only; 五年级 ends it under 5+4.
    rows = [
        {**pupil(i), "grade": g, "schooling": "06", "approval_no": f"教[2027]{i}号"}
        for i, g in enumerate(["5", "6"])
    ]
    wb = school(roster=rows, info={**INFO_VALUES, "period": "2027-03"})
    code = INFO_VALUES["school_code"]

    def overlong(systems):
        report = check_workbook(wb, default_policy(), school_systems=systems)
        return described([f for f in report.findings if f.code == "suspension-overlong"])

    assert overlong(None) == [
        (
            "suspension-overlong",
            "error",
            "学籍名册",
            4,
            "K",
            "六年级学生“李娜”在毕业学年的最后一个学期休学",
        )
    ]
    assert overlong({code: "5+4"}) == [
        (
            "suspension-overlong",
            "error",
            "学籍名册",
            3,
            "K",
            "五年级学生“张伟”在毕业学年的最后一个学期休学",
        )
    ]
