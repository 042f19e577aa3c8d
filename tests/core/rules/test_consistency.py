"""Cross-sheet rules: duplicates, roster against attendance and ledgers, unreported absence."""

from __future__ import annotations

import datetime as dt

from core.rules import consistency
from tests.core.rules.rule_tables import (
    attendance_row,
    context,
    described,
    pupil,
    school,
    with_terms,
)


def _identity(p: dict) -> dict:
    return {k: p[k] for k in ("student_no", "name", "gender", "id_number")}


def suspected_row(p: dict, status: str = "1") -> dict:
    """A 疑似辍学 ledger row for a roster row."""
    return {
        **_identity(p),
        "first_absence": dt.date(2026, 10, 12),
        "absent_days": 12,
        "responsible": "孙老师",
        "status": status,
    }


def dropout_row(p: dict, status: str = "1") -> dict:
    """A 辍学 ledger row for a roster row."""
    return {
        **_identity(p),
        "dropout_month": "2026-09",
        "reason": "02",
        "responsible": "孙老师",
        "status": status,
    }


def visit_row(p: dict, day: dt.date) -> dict:
    """A 劝返记录 row."""
    return {
        "student_no": p["student_no"],
        "name": p["name"],
        "id_number": p["id_number"],
        "attempt": 1,
        "visit_date": day,
        "visitor": "孙老师",
        "method": "01",
        "result": "3",
    }


def absent(p: dict, run: int, start: dt.date | None = None, kind: str = "3") -> dict:
    """An attendance row absent for the last `run` school days."""
    return {
        **attendance_row(p, present=18 - run),
        "longest_run": run,
        "absence_type": kind,
        "run_start": start,
    }


def test_the_same_pupil_twice_flags_both_rows_each_naming_the_other() -> None:
    roster = [pupil(0), pupil(1), pupil(0), {**pupil(1), "name": "李娜娜"}, pupil(0)]
    found = consistency.duplicate_student(context(school(roster=roster)))
    msg = "该学生在本表中重复出现（另见第 {} 行）"
    # Rows 3 and 5 are one pupil (row 7 too), rows 4 and 6 another: the first names the second,
    # every later one the first.
    expected = [(3, 5), (4, 6), (5, 3), (6, 4), (7, 3)]
    assert described(found) == [
        ("duplicate-student", "error", sheet, row, "E", msg.format(other))
        for sheet in ("学籍名册", "考勤汇总")
        for row, other in expected
    ]


def test_roster_and_attendance_must_list_the_same_pupils() -> None:
    roster = [pupil(i) for i in range(3)]
    att = [attendance_row(pupil(i)) for i in (0, 1, 3)]
    found = [
        *consistency.not_in_roster(context(school(roster=roster, attendance=att))),
        *consistency.missing_attendance(context(school(roster=roster, attendance=att))),
    ]
    assert described(found) == [
        ("missing-attendance", "error", "学籍名册", 5, "E", "学籍名册中的学生“王芳”没有考勤记录"),
        ("not-in-roster", "error", "考勤汇总", 5, "E", "考勤汇总中的学生“刘洋”不在学籍名册中"),
    ]


def test_a_pupil_matches_by_student_number_when_the_id_has_a_typo() -> None:
    att = [attendance_row(pupil(i)) for i in range(4)]
    att[2] = {**att[2], "id_number": att[2]["id_number"][:-1] + "9"}
    wb = school(attendance=att)
    assert consistency.not_in_roster(context(wb)) == []
    assert consistency.missing_attendance(context(wb)) == []


def test_ledger_rows_must_be_on_the_roster_unless_the_case_is_closed() -> None:
    stranger = {**pupil(3), "id_number": "41152520180902017X", "student_no": None}
    wb = school(suspected=[suspected_row(stranger)], dropout=[dropout_row(stranger, status="3")])
    assert described(consistency.not_in_roster(context(wb))) == [
        (
            "not-in-roster",
            "error",
            "疑似辍学学生台账",
            3,
            "D",
            "疑似辍学学生台账中的学生“刘洋”不在学籍名册中",
        ),
    ]


def test_unexcused_absence_past_the_threshold_must_be_reported() -> None:
    roster = [pupil(i) for i in range(4)]
    roster[3] = {**roster[3], "schooling": "04"}  # 送教上门: lawfully absent from class
    att = [
        absent(roster[0], 5),  # at the threshold, in no ledger
        absent(roster[1], 2, start=dt.date(2026, 10, 20)),  # still absent: 7 school days
        absent(roster[2], 9, kind="1"),  # sick leave
        absent(roster[3], 9),
    ]
    found = consistency.absence_not_reported(context(school(roster=roster, attendance=att)))
    assert described(found) == [
        (
            "absence-not-reported",
            "error",
            "考勤汇总",
            3,
            "J",
            "无故连续缺勤 5 个上课日（达到 5 天的上报标准），但不在疑似辍学台账中",
        ),
        (
            "absence-not-reported",
            "error",
            "考勤汇总",
            4,
            "J",
            "无故连续缺勤 7 个上课日（达到 5 天的上报标准），但不在疑似辍学台账中",
        ),
    ]
    reported = school(
        roster=roster,
        attendance=att,
        suspected=[suspected_row(roster[0])],
        dropout=[dropout_row(roster[1])],
    )
    assert consistency.absence_not_reported(context(reported)) == []


def test_dropout_cases_attending_unvisited_or_lawfully_absent_are_queries() -> None:
    roster = [pupil(i) for i in range(4)]
    roster[2] = {**roster[2], "schooling": "06", "approval_no": "固教12号"}
    att = [
        attendance_row(p, present=0) if i > 1 else attendance_row(p) for i, p in enumerate(roster)
    ]
    wb = school(
        roster=roster,
        attendance=att,
        dropout=[
            dropout_row(roster[0]),
            dropout_row(roster[1], status="2"),
            dropout_row(roster[2]),
            dropout_row(roster[3]),
        ],
        visits=[
            visit_row(roster[3], dt.date(2026, 10, 9)),
            visit_row(roster[2], dt.date(2026, 9, 9)),
        ],
        suspected=[suspected_row(roster[2])],
    )
    ctx = context(wb)
    found = [
        *consistency.dropout_attending(ctx),
        *consistency.dropout_no_visit(ctx),
        *consistency.lawful_status_in_ledger(ctx),
    ]
    assert described(found) == [
        (
            "lawful-status-in-ledger",
            "query",
            "疑似辍学学生台账",
            3,
            "B",
            "学生“王芳”的就学状态是“休学”，属在籍在学，不应列入疑似辍学学生台账",
        ),
        (
            "dropout-no-visit",
            "query",
            "辍学学生台账",
            3,
            "B",
            "未返校的辍学学生“张伟”本月没有劝返记录",
        ),
        (
            "dropout-attending",
            "query",
            "辍学学生台账",
            3,
            "J",
            "辍学台账中的学生“张伟”本月实出勤 18 天",
        ),
        (
            "dropout-no-visit",
            "query",
            "辍学学生台账",
            5,
            "B",
            "未返校的辍学学生“王芳”本月没有劝返记录",
        ),
        (
            "lawful-status-in-ledger",
            "query",
            "辍学学生台账",
            5,
            "B",
            "学生“王芳”的就学状态是“休学”，属在籍在学，不应列入辍学学生台账",
        ),
    ]


def test_an_absence_run_into_the_summer_break_stops_counting_at_the_break() -> None:
    roster = [pupil(i) for i in range(4)]
    att = [attendance_row(p, due=5, present=5) for p in roster]
    # A term ending 5 July: absent since 1 July is 3 term days, not the 20 workdays to 28 July.
    att[1] = {**attendance_row(roster[1], due=5, present=2), "longest_run": 3}
    att[1] |= {"absence_type": "3", "run_start": dt.date(2026, 7, 1)}
    ctx = with_terms(context(school(roster=roster, attendance=att), period="2026-07"))
    assert consistency.absence_not_reported(ctx) == []
    att[2] = {**attendance_row(roster[2], due=5, present=0), "longest_run": 5}
    att[2] |= {"absence_type": "3", "run_start": dt.date(2026, 6, 29)}
    ctx = with_terms(context(school(roster=roster, attendance=att), period="2026-07"))
    assert described(consistency.absence_not_reported(ctx)) == [
        (
            "absence-not-reported",
            "error",
            "考勤汇总",
            5,
            "J",
            "无故连续缺勤 5 个上课日（达到 5 天的上报标准），但不在疑似辍学台账中",
        ),
    ]
