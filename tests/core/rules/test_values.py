"""Field rules: required cells, codes, phones, approvals, future dates, negative numbers."""

from __future__ import annotations

import datetime as dt

from core.rules import values
from tests.core.rules.rule_tables import (
    INFO_VALUES,
    Raw,
    attendance_row,
    context,
    described,
    pupil,
    school,
)


def test_required_cells_are_tested_on_the_raw_text() -> None:
    roster = [pupil(i) for i in range(4)]
    roster[0] = {**roster[0], "name": " "}
    roster[1] = {**roster[1], "birth_date": Raw("2016年13月")}  # unparseable, not empty
    roster[2] = {**roster[2], "id_number": None, "id_type": "Z"}  # 其他: may be blank
    roster[3] = {**roster[3], "grade": None}
    info = {**INFO_VALUES, "filled_by": None}
    att = [attendance_row(pupil(i)) for i in range(4)]
    found = values.required_missing(context(school(roster=roster, attendance=att, info=info)))
    assert described(found) == [
        ("required-missing", "error", "填报信息", 6, "B", "填表人不能为空"),
        ("required-missing", "error", "学籍名册", 3, "C", "姓名不能为空"),
        ("required-missing", "error", "学籍名册", 6, "H", "年级不能为空"),
    ]


def test_codes_have_their_lengths_and_the_school_code_its_province() -> None:
    info = {**INFO_VALUES, "school_code": "2132012345"}
    roster = [{**pupil(0), "hukou_region": "41152"}, pupil(1), pupil(2), pupil(3)]
    found = values.code_invalid(context(school(roster=roster, info=info)))
    assert described(found) == [
        (
            "code-invalid",
            "warning",
            "填报信息",
            3,
            "B",
            "学校标识码“2132012345”第 3-4 位（省代码）与县区代码“411525”不符",
        ),
        ("code-invalid", "error", "学籍名册", 3, "I", "区划代码“41152”应为 6 位或 12 位数字"),
    ]
    info = {**INFO_VALUES, "school_code": "214101234", "county_code": "4115X5"}
    assert described(values.code_invalid(context(school(info=info)))) == [
        ("code-invalid", "error", "填报信息", 3, "B", "学校标识码“214101234”应为 10 位数字"),
        ("code-invalid", "error", "填报信息", 4, "B", "县区代码“4115X5”应为 6 位数字"),
    ]


def test_phone_numbers_mobile_or_with_area_code() -> None:
    phones = ["138 0013 8000", "0376-1234567", "1234567", "13800138000/0376-7654321"]
    roster = [{**pupil(i), "guardian_phone": p} for i, p in enumerate(phones)]
    assert described(values.phone_invalid(context(school(roster=roster)))) == [
        ("phone-invalid", "warning", "学籍名册", 5, "J", "联系电话“1234567”不像有效的电话号码"),
    ]


def test_leave_and_deferred_entry_need_an_approval_number() -> None:
    roster = [pupil(i) for i in range(4)]
    roster[0] = {**roster[0], "schooling": "06", "approval_no": None}
    roster[1] = {**roster[1], "schooling": "07", "approval_no": "固教[2026]12号"}
    roster[2] = {**roster[2], "schooling": "04", "approval_no": None}  # 送教上门: none needed
    found = values.lawful_status_no_approval(context(school(roster=roster)))
    assert described(found) == [
        (
            "lawful-status-no-approval",
            "query",
            "学籍名册",
            3,
            "L",
            "就学状态为“休学”，但没有填写批准文号",
        ),
    ]


def test_event_dates_after_the_cut_off_and_fill_date() -> None:
    roster = [pupil(i) for i in range(4)]
    roster[0] = {**roster[0], "birth_date": dt.date(2027, 1, 1)}
    att = [attendance_row(p) for p in roster]
    att[1] = {**att[1], "run_start": dt.date(2026, 10, 27)}  # before the fill date: fine
    found = values.date_in_future(context(school(roster=roster, attendance=att)))
    assert described(found) == [
        ("date-invalid", "error", "学籍名册", 3, "F", "出生日期 2027-01-01 晚于填报月份"),
    ]
    assert values.date_in_future(context(school(roster=roster), period=None)) == []


def test_negative_numbers_anywhere() -> None:
    att = [attendance_row(pupil(i)) for i in range(4)]
    att[2] = {**att[2], "longest_run": -1}
    found = values.negative_numbers(context(school(attendance=att)))
    assert described(found) == [
        ("number-invalid", "error", "考勤汇总", 5, "J", "最长连续缺勤天数不能为负数"),
    ]
