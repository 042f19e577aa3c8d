"""Counts and metrics of one unit, from its ledgers, against hand-computed values."""

from __future__ import annotations

import datetime as dt

from core.policy import load_policy
from core.rollup import checks, metrics
from core.rollup.definitions import metric_rows
from tests.core.rollup.helpers import pupil, unit

WINDOW = load_policy(None).window("2026-10")  # 2026-09-29 .. 2026-10-28
IN, OUT = dt.date(2026, 10, 10), dt.date(2026, 9, 1)


def sample_unit(declared: dict | None = None):
    """5 pupils, 3 attending; 2 open suspected, 2 open dropouts, 2 returned this period."""
    return unit(
        "411521",
        "罗山县",
        declared=declared,
        children=[pupil(i) for i in range(5)],
        attendance=[pupil(i, days_present=d) for i, d in enumerate([20, 20, 0, 0, 3])],
        suspected=[
            pupil(2, status="1", orphan=True),
            pupil(3, status="1"),
            pupil(4, status="2", status_date=IN),
            pupil(5, status="2", status_date=OUT),
            pupil(6, status="4"),
        ],
        dropout=[
            pupil(7, status="1", migrant=True, left_behind="2", hukou_region="411302"),
            pupil(8, status="1", disability="5", hukou_region="411521"),
            pupil(9, status="2", status_date=IN),
            pupil(10, status="3"),
        ],
    )


def test_ledger_counts_follow_the_summary_definitions() -> None:
    assert metrics.ledger_counts(sample_unit(), WINDOW) == {
        "roster_count": 5,
        "attending_count": 3,
        "suspected_count": 2,
        "dropout_count": 2,
        "returned_count": 2,
        "resumed_count": 1,
        "closed_count": 1,
        "dropout_total": 4,
        "roll_suspected_count": 2,
        "roll_dropout_count": 2,
        "open_count": 4,
        "orphan": 1,
        "unsupported": 0,
        "disability": 1,
        "left_behind": 1,
        "hardship": 0,
        "migrant": 1,
        "justice": 0,
    }


def test_rates_are_percentages_of_the_right_base() -> None:
    row = metrics.add_rates(dict(metrics.ledger_counts(sample_unit(), WINDOW)))
    assert (row["dropout_rate"], row["possible_rate"], row["return_rate"], row["closing_rate"]) == (
        40.0,
        40.0,
        25.0,
        25.0,
    )


def test_total_row_adds_counts_and_recomputes_rates() -> None:
    rows = [
        {"roster_count": 300, "roll_dropout_count": 3, "roll_suspected_count": 1},
        {"roster_count": 100, "roll_dropout_count": 1, "roll_suspected_count": None},
    ]
    total = metrics.total_row(rows)
    counted = (total["roster_count"], total["roll_dropout_count"], total["roll_suspected_count"])
    assert counted == (400, 4, 1)
    assert total["dropout_rate"] == 1.0
    assert total["possible_rate"] == 0.25


def test_rate_without_a_base_is_empty_not_zero() -> None:
    assert metrics.add_rates({"roll_dropout_count": 1, "roster_count": 0})["dropout_rate"] is None


def test_visit_coverage_counts_the_open_cases_the_units_return_visits_name() -> None:
    """劝返覆盖率 at the level above: the county workbook's 劝返记录 against its open cases."""
    u = sample_unit()
    u.ledgers.update(unit("411521", "罗山县", **{"return-visits": [pupil(2), pupil(9)]}).ledgers)
    row = metrics.add_rates(dict(metrics.ledger_counts(u, WINDOW)))
    assert (row["open_count"], row["visited_open_count"], row["visit_coverage"]) == (4, 1, 25.0)


def test_declared_totals_that_the_ledgers_do_not_give_are_flagged() -> None:
    u = sample_unit(declared={"roster_count": 5, "dropout_count": 3, "suspected_count": 2})
    found = checks.totals_mismatches(u, metrics.ledger_counts(u, WINDOW))
    assert [(f.code, f.file, f.sheet, f.row, f.field, f.value) for f in found] == [
        ("unit-totals-mismatch", "收件箱/罗山县.xlsx", "学校汇总", 9, "辍学人数", "3")
    ]
    assert found[0].message == "罗山县 的“辍学人数”汇总为 3，按其台账应为 2"


def test_open_migrant_dropout_registered_in_another_county_is_a_query() -> None:
    found = checks.migrant_dropouts(sample_unit())
    assert [(f.code, f.severity, f.sheet, f.row, f.value) for f in found] == [
        ("migrant-dropout-elsewhere", "query", "辍学台账", 2, "411302")
    ]


def test_a_county_total_is_its_whole_ledger_the_rows_its_comparisons_added_included() -> None:
    u = unit(
        "411521",
        "罗山县",
        declared={"suspected_count": 2, "dropout_count": 1},
        suspected=[
            pupil(1, status="1", origin="学校上报"),
            pupil(2, status="1", origin="户籍比对"),
        ],
        dropout=[pupil(3, status="1", origin="考勤比对")],
    )
    all_rows = metrics.ledger_counts(u, WINDOW)
    assert (all_rows["suspected_count"], all_rows["dropout_count"]) == (2, 1)
    assert checks.totals_mismatches(u, all_rows) == []
    # The rates over the 学籍 count the 考勤比对 row (a pupil on a roll), not the 户籍比对 child.
    assert (all_rows["roll_suspected_count"], all_rows["roll_dropout_count"]) == (1, 1)


def test_metrics_say_which_counts_include_the_rows_county_comparisons_added() -> None:
    rows = metric_rows(metrics.total_row([]), {"orphan": "孤儿"})
    added = [m.metric for m in rows if "含县区户籍比对、考勤比对发现" in m.scope]
    assert added == [
        "疑似辍学人数",
        "辍学人数",
        "辍学台账总人数",
        "在案个案数",
        "有劝返记录的在案个案数",
        "重点群体：孤儿",
    ]
    assert rows[2].scope == (
        "按各单位报送的台账明细计算（不用单位自报的汇总数）；含县区户籍比对、考勤比对发现并列入台账的"
        "学生（即县区“学校汇总”的“县区核对新增”行）"
    )
