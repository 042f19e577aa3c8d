"""Lawful statuses with their conditions: approval, attending statuses, 休学, 送教 records."""

from __future__ import annotations

from core.rules import consistency, lawful
from tests.core.rules.rule_tables import attendance_row, context, described, pupil, school
from tests.core.rules.test_consistency import absent


def _with(p: dict, schooling: str, approval: str | None = None) -> dict:
    return {**p, "schooling": schooling, "approval_no": approval}


def test_attending_statuses_count_their_absences_and_approved_ones_do_not() -> None:
    roster = [pupil(i) for i in range(4)]
    roster = [
        _with(roster[0], "02"),  # 随班就读: attends class
        _with(roster[1], "03"),  # 特教学校就读: attends (a special school)
        _with(roster[2], "06", "固教[2026]12号"),  # approved 休学
        _with(roster[3], "12"),  # 转体校就读: studies elsewhere
    ]
    ctx = context(school(roster=roster, attendance=[absent(p, 9) for p in roster]))
    message = "无故连续缺勤 9 个上课日（达到 5 天的上报标准），但不在疑似辍学台账中"
    assert described(consistency.absence_not_reported(ctx)) == [
        ("absence-not-reported", "error", "考勤汇总", 3, "J", message),
        ("absence-not-reported", "error", "考勤汇总", 4, "J", message),
    ]
    assert lawful.lawful_unapproved_absence(ctx) == []


def test_an_unapproved_suspension_does_not_hide_an_absence() -> None:
    roster = [_with(pupil(0), "06"), _with(pupil(1), "07", None)]
    ctx = context(school(roster=roster, attendance=[absent(p, 9) for p in roster]))
    assert [f.code for f in consistency.absence_not_reported(ctx)] == ["absence-not-reported"] * 2
    assert described(lawful.lawful_unapproved_absence(ctx)) == [
        (
            "lawful-unapproved-absence",
            "error",
            "考勤汇总",
            3,
            "J",
            "学生“张伟”的就学状态是“休学”，但没有批准文号：无故连续缺勤 9 个上课日"
            "不能按依法缺勤处理",
        ),
        (
            "lawful-unapproved-absence",
            "error",
            "考勤汇总",
            4,
            "J",
            "学生“李娜”的就学状态是“延缓入学”，但没有批准文号：无故连续缺勤 9 个上课日"
            "不能按依法缺勤处理",
        ),
    ]


def test_a_suspension_in_a_graduating_spring_term_is_an_error() -> None:
    roster = [pupil(i) for i in range(3)]
    roster = [
        {**_with(roster[0], "06", "固教12号"), "grade": "9"},
        {**_with(roster[1], "06", "固教13号"), "grade": "8"},
        {**_with(roster[2], "06", "固教14号"), "grade": "6"},
    ]
    wb = school(roster=roster)
    assert lawful.suspension_overlong(context(wb)) == []  # October: not the last term
    assert described(lawful.suspension_overlong(context(wb, period="2027-03"))) == [
        (
            "suspension-overlong",
            "error",
            "学籍名册",
            3,
            "K",
            "九年级学生“张伟”在毕业学年的最后一个学期休学",
        ),
        (
            "suspension-overlong",
            "error",
            "学籍名册",
            5,
            "K",
            "六年级学生“王芳”在毕业学年的最后一个学期休学",
        ),
    ]


def test_home_teaching_needs_its_visits_recorded() -> None:
    roster = [_with(pupil(0), "04"), _with(pupil(1), "04")]
    att = [attendance_row(roster[0], due=4, present=4), attendance_row(roster[1], due=4, present=0)]
    assert described(
        lawful.home_teaching_no_record(context(school(roster=roster, attendance=att)))
    ) == [
        (
            "home-teaching-no-record",
            "query",
            "考勤汇总",
            4,
            "H",
            "送教上门学生“李娜”本月没有送教记录（考勤中实出勤 0 天）",
        ),
    ]


def test_a_borrowing_pupil_on_the_roster_is_no_error() -> None:
    roster = [pupil(0), _with(pupil(1), "10")]  # 借读: on this school's list with its status
    stranger = {**pupil(2), "id_number": "41152520180902017X", "student_no": None}
    att = [attendance_row(p) for p in [*roster, stranger]]
    ctx = context(school(roster=roster, attendance=att))
    assert described(consistency.not_in_roster(ctx)) == [
        ("not-in-roster", "error", "考勤汇总", 5, "E", "考勤汇总中的学生“王芳”不在学籍名册中"),
    ]
