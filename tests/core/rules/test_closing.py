"""Closing and returning with evidence: 销号 with reason, 佐证 and date; 复学 with school, date."""

from __future__ import annotations

import datetime as dt

from core.rules import closing
from tests.core.rules.rule_tables import context, described, pupil, school
from tests.core.rules.test_consistency import dropout_row

DAY = dt.date(2026, 10, 16)


def _closed(p: dict, **cells) -> dict:
    row = dropout_row(p, status="3")
    return {
        **row,
        "status_date": DAY,
        "closing_reason": "03",
        "closing_evidence": "死亡医学证明书",
        "return_school": None,
        **cells,
    }


def _resumed(p: dict, **cells) -> dict:
    return {**_closed(p, closing_reason=None, closing_evidence=None), "status": "2", **cells}


def test_a_closure_with_reason_evidence_and_date_passes() -> None:
    roster = [pupil(i) for i in range(2)]
    wb = school(
        roster=roster, dropout=[_closed(roster[0]), _resumed(roster[1], return_school="城关一小")]
    )
    ctx = context(wb)
    assert closing.closure_without_evidence(ctx) == []
    assert closing.resumed_without_school(ctx) == []


def test_a_closure_without_evidence_or_date_is_an_error_at_the_first_missing_cell() -> None:
    roster = [pupil(i) for i in range(3)]
    wb = school(
        roster=roster,
        dropout=[
            _closed(roster[0], closing_evidence=None),
            _closed(roster[1], closing_reason=None, closing_evidence=" ", status_date=None),
            {**_closed(roster[2], closing_evidence=None), "status": "1"},  # open: nothing needed
        ],
    )
    assert described(closing.closure_without_evidence(context(wb))) == [
        ("closure-without-evidence", "error", "辍学学生台账", 3, "M", "“张伟”已销号，但缺少佐证"),
        (
            "closure-without-evidence",
            "error",
            "辍学学生台账",
            4,
            "L",
            "“李娜”已销号，但缺少销号原因、佐证和销号日期",
        ),
    ]


def test_a_complete_closure_beside_a_bare_one_leaves_only_the_bare_one() -> None:
    roster = [pupil(i) for i in range(2)]
    wb = school(
        roster=roster,
        dropout=[
            _closed(roster[0]),
            _closed(roster[1], closing_reason=None, closing_evidence=None),
        ],
    )
    assert described(closing.closure_without_evidence(context(wb))) == [
        (
            "closure-without-evidence",
            "error",
            "辍学学生台账",
            4,
            "L",
            "“李娜”已销号，但缺少销号原因和佐证",
        ),
    ]


def test_a_return_without_the_school_or_the_date_is_an_error() -> None:
    roster = [pupil(i) for i in range(2)]
    wb = school(
        roster=roster,
        dropout=[
            _resumed(roster[0]),
            _resumed(roster[1], return_school="城关一中", status_date=None),
        ],
    )
    assert described(closing.resumed_without_school(context(wb))) == [
        (
            "resumed-without-school",
            "error",
            "辍学学生台账",
            3,
            "N",
            "辍学学生“张伟”状态为“已复学”，但缺少复学学校",
        ),
        (
            "resumed-without-school",
            "error",
            "辍学学生台账",
            4,
            "K",
            "辍学学生“李娜”状态为“已复学”，但缺少复学日期",
        ),
    ]
