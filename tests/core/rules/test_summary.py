"""The summary sheet's counts against the lists; the info sheet against the content."""

from __future__ import annotations

import datetime as dt

from test_consistency import dropout_row, suspected_row, visit_row

from core.model.identity import parse_month
from core.rules import summary
from tests.core.rules.rule_tables import (
    INFO_VALUES,
    attendance_row,
    context,
    described,
    pupil,
    school,
)


def _school(summary_counts: dict) -> object:
    roster = [pupil(i) for i in range(4)]
    att = [
        attendance_row(p, present=0) if i == 3 else attendance_row(p) for i, p in enumerate(roster)
    ]
    returned = {**suspected_row(roster[1], status="2"), "status_date": dt.date(2026, 10, 20)}
    earlier = {**suspected_row(roster[2], status="2"), "status_date": dt.date(2026, 9, 20)}
    return school(
        roster=roster,
        attendance=att,
        suspected=[suspected_row(roster[0]), returned, earlier],
        dropout=[dropout_row(roster[3])],
        visits=[
            visit_row(roster[3], dt.date(2026, 10, 9)),
            visit_row(roster[3], dt.date(2026, 9, 9)),
        ],
        summary=summary_counts,
    )


def test_counts_follow_the_catalogue_definitions() -> None:
    right = {
        "roster_count": 4,
        "attending_count": 3,
        "suspected_count": 1,
        "dropout_count": 1,
        "returned_count": 1,
        "visit_count": 1,
    }
    assert summary.summary_mismatch(context(_school(right))) == []
    wrong = {**right, "attending_count": 4, "suspected_count": 3, "visit_count": 2}
    assert described(summary.summary_mismatch(context(_school(wrong)))) == [
        ("summary-mismatch", "error", "月报汇总", 3, "B", "在校学生数填的是 4，按明细应为 3"),
        ("summary-mismatch", "error", "月报汇总", 3, "C", "疑似辍学人数填的是 3，按明细应为 1"),
        ("summary-mismatch", "error", "月报汇总", 3, "F", "本月劝返次数填的是 2，按明细应为 1"),
    ]


def test_info_sheet_against_the_title_fields() -> None:
    wb = school()
    wb.title_fields = {"period": "2026年9月", "school_code": "2141012399"}
    assert described(summary.info_mismatch(context(wb))) == [
        (
            "info-mismatch",
            "error",
            "填报信息",
            3,
            "B",
            "填报信息中的学校标识码 2141012345 与名册中的 2141012399 不一致",
        ),
        (
            "info-mismatch",
            "error",
            "填报信息",
            5,
            "B",
            "填报月份 2026-10 与文件中的数据月份 2026-09 不一致",
        ),
    ]
    wb = school(info={**INFO_VALUES})
    wb.title_fields = {"period": "2026.10"}
    assert summary.info_mismatch(context(wb)) == []


def test_months_are_read_in_the_spellings_schools_use() -> None:
    assert [
        parse_month(v)
        for v in ("2026-10", "2026年9月", "2026.10", "2026-13", None, dt.date(2026, 3, 1))
    ] == ["2026-10", "2026-09", "2026-10", None, None, "2026-03"]
