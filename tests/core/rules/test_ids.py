"""Identity rules: GB 11643 IDs, birth date and sex against the ID, 学籍号."""

from __future__ import annotations

import datetime as dt

from core.rules import ids
from tests.core.rules.rule_tables import context, described, id_number, pupil, school


def _roster_with(**changes: object) -> list[dict]:
    roster = [pupil(i) for i in range(4)]
    roster[1] = {**roster[1], **changes}
    return roster


def _check(rule, **changes: object) -> list[tuple]:
    return described(rule(context(school(roster=_roster_with(**changes)))))


def test_each_kind_of_bad_id_gets_its_own_message() -> None:
    wb = school(
        roster=[
            {**pupil(0), "id_number": "41152520170305011"},
            {**pupil(1), "id_number": "4115252016061101A4"},
            {**pupil(2), "id_number": "411525201302300165"},
            {**pupil(3), "id_number": id_number("20180902", 17, region="100000")},
        ]
    )
    wb.table("roster").data.at[4, "id_number"] = "4115252016061101A4"
    wb.table("attendance").data.loc[:, "id_number"] = ["411525201703050113", None, None, None]
    assert described(ids.id_invalid(context(wb))) == [
        ("id-invalid", "error", "学籍名册", 3, "E", "身份证件号应为 18 位，这里是 17 位"),
        ("id-invalid", "error", "学籍名册", 4, "E", "身份证件号只能是数字，最后一位可以是 X"),
        ("id-invalid", "error", "学籍名册", 5, "E", "身份证件号中的出生日期“20130230”不是有效日期"),
        (
            "id-invalid",
            "error",
            "学籍名册",
            6,
            "E",
            "身份证件号前 6 位“100000”不是有效的行政区划代码",
        ),
        ("id-invalid", "error", "考勤汇总", 3, "E", "身份证件号校验位错误，应为 2"),
    ]


def test_historical_regions_permits_and_foreigner_cards_are_accepted() -> None:
    hk = id_number("20160611", 14, region="810000")
    chongwen = id_number("20080611", 14, region="110103")  # 崇文区, abolished 2010
    foreigner = id_number("20160611", 14, region="915840")
    wb = school(
        roster=[
            {**pupil(0), "id_number": hk},
            {**pupil(1), "id_number": chongwen},
            {**pupil(2), "id_number": foreigner},
            {**pupil(3), "id_number": "USA123456789012", "id_type": "9"},
        ]
    )
    assert ids.id_invalid(context(wb)) == []


def test_passports_are_not_checked_as_resident_ids() -> None:
    assert _check(ids.id_invalid, id_number="E12345678", id_type="A") == []
    assert _check(ids.id_invalid, id_number="E12345678") == [
        ("id-invalid", "error", "学籍名册", 4, "E", "身份证件号应为 18 位，这里是 9 位"),
        ("id-invalid", "error", "考勤汇总", 4, "E", "身份证件号应为 18 位，这里是 9 位"),
    ]


def test_birth_date_must_match_the_id() -> None:
    assert _check(ids.id_birthdate_mismatch, birth_date=dt.date(2016, 6, 12)) == [
        (
            "id-birthdate-mismatch",
            "error",
            "学籍名册",
            4,
            "F",
            "出生日期 2016-06-12 与身份证件号中的 2016-06-11 不一致",
        ),
    ]


def test_birth_date_is_not_compared_with_an_invalid_id() -> None:
    bad_check = pupil(1)["id_number"][:-1] + "0"
    assert (
        _check(ids.id_birthdate_mismatch, id_number=bad_check, birth_date=dt.date(2016, 6, 12))
        == []
    )


def test_sex_must_match_the_ids_17th_digit() -> None:
    assert _check(ids.id_gender_mismatch, gender="1") == [
        (
            "id-gender-mismatch",
            "error",
            "学籍名册",
            4,
            "D",
            "性别“男”与身份证件号（第 17 位表示女）不一致",
        ),
        (
            "id-gender-mismatch",
            "error",
            "考勤汇总",
            4,
            "D",
            "性别“男”与身份证件号（第 17 位表示女）不一致",
        ),
    ]


def test_student_numbers_malformed_differing_and_temporary() -> None:
    wb = school(
        roster=[
            {**pupil(0), "student_no": "LG411525201703050112"},
            {**pupil(1), "student_no": "G411525201606110152"},
            {**pupil(2), "student_no": "L411525201301201234"},
            {**pupil(3), "student_no": "J411525201809020173"},
        ]
    )
    found = ids.student_no_mismatch(context(wb))
    assert described([f for f in found if f.sheet == "学籍名册"]) == [
        (
            "student-no-mismatch",
            "error",
            "学籍名册",
            3,
            "B",
            "学籍号“LG411525201703050112”格式不对，应为 G、J 或 L 加 18 位",
        ),
        (
            "student-no-mismatch",
            "warning",
            "学籍名册",
            4,
            "B",
            "学籍号“G411525201606110152”与身份证件号不一致",
        ),
        (
            "student-no-mismatch",
            "info",
            "学籍名册",
            5,
            "B",
            "学籍号“L411525201301201234”是临时学籍号（L 开头），请跟进正式学籍号",
        ),
    ]
