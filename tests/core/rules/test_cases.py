"""Case rules: a 疑似 case past the 辍学 threshold is 辍学 only once 劝返 has failed."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from core.rules import cases
from tests.core.rules.rule_tables import attendance_row, context, described, pupil, school
from tests.core.rules.test_consistency import suspected_row, visit_row


def _overdue(p: dict, days: int = 25) -> dict:
    return {**suspected_row(p), "absent_days": days}


def test_a_case_past_the_dropout_threshold_stays_suspected_until_return_fails() -> None:
    roster = [pupil(i) for i in range(3)]
    visit = dt.date(2026, 10, 15)
    wb = school(
        roster=roster,
        attendance=[attendance_row(p, present=0) for p in roster],
        suspected=[_overdue(roster[0]), _overdue(roster[1]), _overdue(roster[2], 12)],
        visits=[visit_row(roster[1], visit)],  # 拒绝返校: 劝返 failed
    )
    assert described(cases.suspected_overdue(context(wb))) == [
        (
            "suspected-overdue",
            "query",
            "疑似辍学学生台账",
            3,
            "H",
            "学生“张伟”已无故连续缺勤 25 天，超过辍学标准（20 天），"
            "但没有劝返未果的记录，仍按疑似辍学跟踪",
        ),
        (
            "suspected-overdue",
            "query",
            "疑似辍学学生台账",
            4,
            "H",
            "学生“李娜”已无故连续缺勤 25 天，超过辍学标准（20 天），且劝返未果，应转为辍学",
        ),
    ]


def test_a_case_under_the_threshold_or_already_returned_raises_nothing() -> None:
    roster = [pupil(i) for i in range(2)]
    wb = school(
        roster=roster,
        attendance=[attendance_row(p) for p in roster],
        suspected=[_overdue(roster[0], 19), {**_overdue(roster[1]), "status": "2"}],
    )
    assert cases.suspected_overdue(context(wb)) == []


def test_an_exclusive_threshold_needs_one_day_more() -> None:
    roster = [pupil(0)]
    wb = school(
        roster=roster, attendance=[attendance_row(roster[0])], suspected=[_overdue(roster[0], 20)]
    )
    ctx = context(wb)
    assert [f.code for f in cases.suspected_overdue(ctx)] == ["suspected-overdue"]
    ctx.policy = replace(ctx.policy, absence_inclusive=False)
    assert cases.suspected_overdue(ctx) == []
