"""The clerk's rules of the rules issue: ledgers agree with 考勤, the 劝返记录, each other and the
roster; long leave; the birth date inside a J or L 学籍号; the 学校标识码's category."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from core.catalogue.codelists import COMPULSORY_CATEGORIES, SCHOOL_CATEGORIES
from core.rules import cases, ids, lawful, values
from tests.core.rules.rule_tables import (
    INFO_VALUES,
    attendance_row,
    context,
    described,
    pupil,
    school,
)
from tests.core.rules.test_consistency import absent, dropout_row, suspected_row, visit_row

SHEET_S = "疑似辍学学生台账"


def _roster() -> list[dict]:
    return [pupil(i) for i in range(4)]


def test_ledger_days_below_the_attendance_run_or_above_a_dated_run_are_queried() -> None:
    r = _roster()
    wb = school(
        roster=r,
        attendance=[
            absent(r[0], 9),  # ledger 7 < 9: under-counted
            absent(r[1], 6, dt.date(2026, 10, 20)),  # dated run of 7 days, ledger 12: over
            absent(r[2], 8),  # undated run: the ledger's 30 may begin last month
            attendance_row(r[3], present=0),  # no unexcused run: nothing to compare
        ],
        suspected=[
            {**suspected_row(r[0]), "absent_days": 7},
            {**suspected_row(r[1]), "absent_days": 12},
            {**suspected_row(r[2]), "absent_days": 30},
            {**suspected_row(r[3]), "absent_days": 3},
        ],
    )
    assert described(cases.suspected_days_mismatch(context(wb))) == [
        (
            "suspected-days-mismatch",
            "query",
            SHEET_S,
            3,
            "H",
            "疑似辍学学生“张伟”台账中的连续缺勤天数是 7 天，考勤汇总中已连续缺勤 9 天",
        ),
        (
            "suspected-days-mismatch",
            "query",
            SHEET_S,
            4,
            "H",
            "疑似辍学学生“李娜”台账中的连续缺勤天数是 12 天，按考勤汇总的连续缺勤起始日期只有 7 天",
        ),
    ]


@pytest.mark.parametrize("run", [5, 9, 14])
def test_ledger_days_equal_to_the_run_raise_nothing(run: int) -> None:
    r = _roster()
    wb = school(
        roster=r,
        attendance=[absent(p, run) for p in r],
        suspected=[{**suspected_row(p), "absent_days": run} for p in r],
    )
    assert cases.suspected_days_mismatch(context(wb)) == []


def test_a_case_open_since_last_month_with_no_visit_is_queried() -> None:
    r = _roster()
    firsts = [
        dt.date(2026, 9, 14),
        dt.date(2026, 9, 20),
        dt.date(2026, 10, 12),
        dt.date(2026, 9, 1),
    ]
    rows = [{**suspected_row(p), "first_absence": d} for p, d in zip(r, firsts, strict=True)]
    rows[3]["status"] = "2"  # 已返校: closed
    # 李娜 was visited; 王芳's absence began this month; 刘洋 has returned.
    wb = school(roster=r, suspected=rows, visits=[visit_row(r[1], dt.date(2026, 9, 25))])
    assert described(cases.suspected_no_visit(context(wb))) == [
        (
            "suspected-no-visit",
            "query",
            SHEET_S,
            3,
            "J",
            "疑似辍学学生“张伟”自 2026-09-14 起缺勤，本月仍在跟踪，但劝返记录中没有一次劝返",
        )
    ]


def test_converted_cases_must_be_in_the_dropout_ledger() -> None:
    r = _roster()
    wb = school(
        roster=r,
        suspected=[suspected_row(r[0], "3"), suspected_row(r[1], "3"), suspected_row(r[2], "1")],
        dropout=[dropout_row(r[1])],
    )
    assert described(cases.status_converted_missing(context(wb))) == [
        (
            "status-converted-missing",
            "error",
            SHEET_S,
            3,
            "J",
            "疑似辍学学生“张伟”的状态是“转为辍学”，但辍学台账中没有该学生",
        )
    ]
    both = school(roster=r, suspected=[suspected_row(r[1], "3")], dropout=[dropout_row(r[1])])
    assert cases.status_converted_missing(context(both)) == []


def _visit(p: dict, day: dt.date, attempt: int) -> dict:
    return {**visit_row(p, day), "attempt": attempt}


def test_visit_numbers_repeat_or_contradict_the_dates() -> None:
    r = _roster()
    wb = school(
        roster=r,
        visits=[
            _visit(r[0], dt.date(2026, 9, 20), 1),
            _visit(r[0], dt.date(2026, 10, 8), 2),
            _visit(r[0], dt.date(2026, 10, 9), 2),  # a second 第 2 次
            _visit(r[1], dt.date(2026, 10, 15), 1),
            _visit(r[1], dt.date(2026, 10, 2), 2),  # 第 2 次 before 第 1 次
            _visit(r[2], dt.date(2026, 10, 2), 3),  # a gap is history elsewhere: fine
        ],
    )
    assert described(cases.visit_sequence_invalid(context(wb))) == [
        (
            "visit-sequence-invalid",
            "warning",
            "劝返记录",
            5,
            "D",
            "学生“张伟”的第 2 次劝返登记了两次（另见第 4 行）",
        ),
        (
            "visit-sequence-invalid",
            "warning",
            "劝返记录",
            7,
            "D",
            "学生“李娜”的第 2 次劝返日期（2026-10-02）早于第 1 次劝返（2026-10-15，第 6 行）",
        ),
    ]


def test_visits_numbered_in_date_order_raise_nothing() -> None:
    rng = random.Random(16)
    r = _roster()
    visits = []
    for p in r:
        day = dt.date(2026, 9, rng.randint(1, 10))
        for n in range(1, rng.randint(2, 5)):
            visits.append(_visit(p, day, n))
            day += dt.timedelta(days=rng.randint(0, 9))  # the same day twice is allowed
    rng.shuffle(visits)
    assert cases.visit_sequence_invalid(context(school(roster=r, visits=visits))) == []


def test_a_poverty_flag_the_ledger_lost_or_contradicts_is_a_warning() -> None:
    flags = [True, True, False, None]  # the roster may leave non-members blank
    r = [{**pupil(i), "poverty": f} for i, f in enumerate(flags)]
    ledger = [True, None, True, True]  # agrees; member left blank; contradicts; not a member
    d = [{**dropout_row(p), "poverty": f} for p, f in zip(r, ledger, strict=True)]
    assert described(cases.poverty_flag_mismatch(context(school(roster=r, dropout=d)))) == [
        (
            "poverty-flag-mismatch",
            "warning",
            "辍学学生台账",
            4,
            "I",
            "辍学学生“李娜”在辍学台账中没有填是否脱贫户，学籍名册中标为脱贫户",
        ),
        (
            "poverty-flag-mismatch",
            "warning",
            "辍学学生台账",
            5,
            "I",
            "辍学学生“王芳”在辍学台账中标为脱贫户，学籍名册中没有标为脱贫户",
        ),
        (
            "poverty-flag-mismatch",
            "warning",
            "辍学学生台账",
            6,
            "I",
            "辍学学生“刘洋”在辍学台账中标为脱贫户，学籍名册中没有标为脱贫户",
        ),
    ]


@pytest.mark.parametrize(
    ("roster", "ledger"), [(True, True), (None, False), (False, None), (None, None)]
)
def test_poverty_flags_that_agree_raise_nothing(roster, ledger) -> None:
    r = [{**pupil(i), "poverty": roster} for i in range(4)]
    d = [{**dropout_row(p), "poverty": ledger} for p in r]
    assert cases.poverty_flag_mismatch(context(school(roster=r, dropout=d))) == []


def test_long_leave_without_a_lawful_status_is_queried() -> None:
    r = _roster()
    r[2] = {**r[2], "schooling": "06", "approval_no": "教[2026]1号"}  # approved 休学
    att = [
        absent(r[0], 18, dt.date(2026, 9, 21), "1"),  # 病假 since September: 23 school days
        absent(r[1], 18, None, "2"),  # 事假 18 days: under the 20-day threshold
        absent(r[2], 18, dt.date(2026, 9, 21), "1"),  # lawfully absent
        absent(r[3], 18, dt.date(2026, 9, 21), "3"),  # unexcused: the absence rules' case
    ]
    assert described(lawful.long_excused_absence(context(school(roster=r, attendance=att)))) == [
        (
            "long-excused-absence",
            "query",
            "考勤汇总",
            3,
            "J",
            "学生“张伟”请病假已连续 23 个上课日，超过 20 天：长期请假应办理休学手续或核实是否辍学",
        )
    ]


def _number(letter: str, region: str, birth: dt.date, tail: str) -> str:
    return f"{letter}{region}{birth:%Y%m%d}{tail}"


def test_the_birth_date_inside_j_and_l_numbers() -> None:
    rng = random.Random(7)
    r = _roster()
    for p in r:  # generated J and L numbers carrying each pupil's own birth date: silent
        letter = rng.choice("JL")
        tail = f"{rng.randint(0, 999):03d}{rng.choice('0123456789X')}"
        p["student_no"] = _number(
            letter, "411525", p["birth_date"], tail if letter == "J" else tail[:3] + "1"
        )
    assert ids.student_no_birthdate(context(school(roster=r))) == []
    r[1]["student_no"] = "L411525201606121234"  # one day after 李娜's 2016-06-11
    r[2]["student_no"] = "J411525201313200013"  # month 13
    assert described(ids.student_no_birthdate(context(school(roster=r)))) == [
        (
            "student-no-birthdate",
            "warning",
            "学籍名册",
            4,
            "B",
            "学籍号“L411525201606121234”中的出生日期是 2016-06-12，与出生日期 2016-06-11 不一致",
        ),
        (
            "student-no-birthdate",
            "warning",
            "学籍名册",
            5,
            "B",
            "学籍号“J411525201313200013”第 8-15 位（20131320）不是有效的出生日期",
        ),
        (
            "student-no-birthdate",
            "warning",
            "考勤汇总",
            5,
            "B",
            "学籍号“J411525201313200013”第 8-15 位（20131320）不是有效的出生日期",
        ),
    ]


def _info_code(code: str) -> list:
    wb = school(info={**INFO_VALUES, "school_code": code})
    return described(values.school_code_category(context(wb)))


@pytest.mark.parametrize("category", sorted(COMPULSORY_CATEGORIES))
def test_school_codes_of_compulsory_categories_pass(category: str) -> None:
    assert _info_code(f"{category}41012345") == []


def test_school_codes_of_other_or_unknown_categories_are_warnings() -> None:
    assert _info_code("1141012345") == [
        (
            "school-code-category",
            "warning",
            "填报信息",
            3,
            "B",
            "学校标识码“1141012345”前两位 11 是幼儿园的类别代码，不是义务教育学校",
        )
    ]
    assert _info_code("7741012345") == [
        (
            "school-code-category",
            "warning",
            "填报信息",
            3,
            "B",
            "学校标识码“7741012345”前两位 77 不是已知的学校类别代码",
        )
    ]
    others = sorted(set(SCHOOL_CATEGORIES) - COMPULSORY_CATEGORIES)
    assert others == ["11", "22", "33", "35", "36", "41", "42"]
    assert [len(_info_code(f"{c}41012345")) for c in others] == [1] * len(others)
    assert _info_code("21410123") == []  # malformed: code-invalid's finding, not this one


@pytest.mark.parametrize(
    "county", ["419001", "429004", "429005", "429006", "429021", "469001", "659001"]
)
def test_county_level_cities_under_a_province_are_county_codes(county: str) -> None:
    """济源, 仙桃, 潜江, 天门, 神农架, 五指山, 石河子: 省直辖县级市 pass the code rules."""
    school_code = f"21{county[:2]}012345"
    wb = school(info={**INFO_VALUES, "county_code": county, "school_code": school_code})
    assert values.code_invalid(context(wb)) == []
    assert values.school_code_category(context(wb)) == []
