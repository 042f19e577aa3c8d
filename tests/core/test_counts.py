"""Each count of the forms on small ledgers, against values counted by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from core.catalogue import counts

WINDOW = (dt.date(2026, 9, 29), dt.date(2026, 10, 28))
IN, BEFORE, AFTER = dt.date(2026, 10, 10), dt.date(2026, 9, 28), dt.date(2026, 10, 29)


def frame(*rows: dict) -> pd.DataFrame:
    """A ledger with one row per dict, missing cells None."""
    return pd.DataFrame(list(rows), dtype=object).astype(object).where(lambda f: f.notna(), None)


SUSPECTED = frame(
    {"status": "1", "orphan": True, "origin": "学校上报"},
    {"status": "1", "left_behind": "2", "origin": "户籍比对"},
    {"status": "2", "status_date": IN, "origin": "学校上报"},
    {"status": "2", "status_date": BEFORE},
    {"status": "2", "status_date": dt.datetime(2026, 10, 28, 18, 30)},
    {"status": "3", "status_date": IN},
    {"status": "4", "disability": "5"},
)
DROPOUT = frame(
    {"status": "1", "disability": "0", "migrant": True, "origin": "考勤比对"},
    {"status": "1", "disability": "5", "left_behind": "0", "origin": ""},
    {"status": "2", "status_date": IN, "migrant": True},
    {"status": "2", "status_date": AFTER},
    {"status": "3", "status_date": IN},
)


def test_status_codes_are_the_code_lists_codes() -> None:
    assert (
        counts.SUSPECTED_TRACKING,
        counts.SUSPECTED_RETURNED,
        counts.SUSPECTED_CONFIRMED,
        counts.SUSPECTED_EXCLUDED,
    ) == ("1", "2", "3", "4")
    assert (counts.DROPOUT_OPEN, counts.DROPOUT_RESUMED, counts.DROPOUT_CLOSED) == ("1", "2", "3")


def test_window_includes_both_ends_and_reads_a_datetime_as_its_day() -> None:
    dates = pd.Series(
        [WINDOW[0], WINDOW[1], BEFORE, AFTER, dt.datetime(2026, 10, 28, 23), "10月", None]
    )
    assert counts.in_window(dates, WINDOW).tolist() == [
        True,
        True,
        False,
        False,
        True,
        False,
        False,
    ]


def test_case_counts_of_the_whole_ledgers() -> None:
    assert counts.suspected_count(SUSPECTED) == 2
    assert counts.dropout_count(DROPOUT) == 2
    assert counts.returned_count(SUSPECTED, DROPOUT, WINDOW) == 3
    assert counts.resumed_count(DROPOUT) == 2
    assert counts.closed_count(DROPOUT) == 1
    assert counts.dropout_total(DROPOUT) == 5


def test_returned_count_with_one_ledger_counts_that_ledger() -> None:
    assert counts.returned_count(SUSPECTED, None, WINDOW) == 2
    assert counts.returned_count(None, DROPOUT, WINDOW) == 1
    assert counts.returned_count(None, None, WINDOW) == 0


def test_school_reported_leaves_out_the_rows_a_county_comparison_added() -> None:
    sus, drop = counts.school_reported(SUSPECTED), counts.school_reported(DROPOUT)
    assert (counts.suspected_count(sus), counts.dropout_count(drop)) == (1, 1)
    assert (len(sus), len(drop)) == (6, 4)
    assert counts.returned_count(sus, drop, WINDOW) == 3


def test_roster_attending_and_visits() -> None:
    roster = frame({"name": "甲"}, {"name": "乙"}, {"name": "丙"})
    attendance = frame({"days_present": 20}, {"days_present": 0}, {"days_present": None})
    visits = frame({"visit_date": IN}, {"visit_date": BEFORE}, {"visit_date": WINDOW[1]})
    assert counts.roster_count(roster) == 3
    assert counts.attending_count(attendance) == 1
    assert counts.visit_count(visits, WINDOW) == 2
    assert counts.attending_count(frame({"name": "甲"})) == 0


def test_key_groups_count_open_cases_only() -> None:
    assert counts.group_counts(SUSPECTED, DROPOUT) == {
        "orphan": 1,
        "unsupported": 0,
        "disability": 1,
        "left_behind": 1,
        "hardship": 0,
        "migrant": 1,
        "justice": 0,
    }
    assert counts.group_counts(None, None) == {}


def test_rates_are_percentages_of_their_base_and_empty_without_one() -> None:
    row = counts.add_rates(
        {
            "roster_count": 400,
            "roll_dropout_count": 3,
            "roll_suspected_count": 1,
            "resumed_count": 1,
            "closed_count": 2,
            "dropout_total": 6,
        }
    )
    assert (row["dropout_rate"], row["possible_rate"], row["return_rate"], row["closing_rate"]) == (
        0.75,
        0.25,
        16.67,
        33.33,
    )
    empty = counts.add_rates(
        {"roll_dropout_count": 1, "roster_count": 0, "roll_suspected_count": None}
    )
    assert (empty["dropout_rate"], empty["possible_rate"], empty["return_rate"]) == (
        None,
        None,
        None,
    )


def test_visit_coverage_counts_open_cases_with_any_visit() -> None:
    """劝返覆盖率's counts: open cases (跟踪中, 未返校) with a 劝返 by any key, over open cases."""

    def person(n: int, **extra) -> dict:
        return {"name": f"学生{n}", "id_number": f"41152520150101{n:03d}X"[:18], **extra}

    suspected = pd.DataFrame(
        [person(1, status="1"), person(2, status="1"), person(3, status="2")], dtype=object
    )
    dropout = pd.DataFrame([person(4, status="1"), person(5, status="3")], dtype=object)
    # 学生1 by ID, 学生4 by 学籍号 only, 学生3 (returned) and 学生5 (closed) do not count.
    visits = pd.DataFrame(
        [
            person(1),
            {"name": "学生4", "student_no": "G" + person(4)["id_number"]},
            person(3),
            person(5),
        ],
        dtype=object,
    )
    assert counts.open_count(suspected, dropout) == 3
    assert counts.visited_open_count(suspected, dropout, visits) == 2
    assert counts.visited_open_count(suspected, dropout, None) == 0
    _key, num, den = counts.VISIT_COVERAGE
    row = {num: counts.visited_open_count(suspected, dropout, visits), den: 3}
    assert counts.percent(row[num], row[den]) == 66.67


# --- rates that need history: one 辍学 case episode over a span ---------------------------------

_OUTCOME_CASES = [
    # (steps, first, last, outcome)
    ([("2026-09", "suspected", None), ("2026-10", "returned", None)], "2026-09", "2026-10", None),
    (
        [("2026-09", "dropout", None), ("2026-10", "resumed", None), ("2026-11", "closed", "01")],
        "2026-11",
        "2026-11",
        None,  # back at school before November: no open 辍学 case at its start
    ),
    (
        [("2026-09", "dropout", None), ("2026-10", "resumed", None), ("2026-11", "closed", "01")],
        "2026-10",
        "2026-11",
        {"open_at_start": True, "opened": False, "resumed": True, "closed": True},
    ),
    (
        [("2026-09", "suspected", None), ("2026-10", "dropout", None), ("2026-11", "closed", "06")],
        "2026-09",
        "2026-11",
        {"open_at_start": False, "opened": True, "resumed": False, "closed": True},
    ),
    (
        [("2026-09", "dropout", None), ("2026-12", "resumed", None)],
        "2026-10",
        "2026-11",
        {"open_at_start": True, "opened": False, "resumed": False, "closed": False},
    ),
    ([("2026-12", "dropout", None)], "2026-10", "2026-11", None),
]


@pytest.mark.parametrize(("steps", "first", "last", "outcome"), _OUTCOME_CASES)
def test_a_dropout_case_s_outcome_over_a_span(steps, first, last, outcome) -> None:
    assert counts.dropout_outcome(steps, first, last) == outcome


def test_the_rates_over_the_roll_leave_out_the_children_the_household_comparison_added() -> None:
    """辍学率 and 可能辍学率 divide by 在籍学生数: their numerators count the pupils on the 学籍
    (a school's rows and 考勤比对's), not the 户籍 children with no 学籍 in the county."""
    origins = [counts.ORIGIN_SCHOOL, counts.ORIGIN_HOUSEHOLD, counts.ORIGIN_ATTENDANCE, None, ""]
    suspected = pd.DataFrame(
        [{"name": f"疑似{i}", "status": "1", "origin": o} for i, o in enumerate(origins)]
        + [{"name": "已返校", "status": "2", "origin": counts.ORIGIN_SCHOOL}],
        dtype=object,
    )
    dropout = pd.DataFrame(
        [
            {"name": "辍学0", "status": "1", "origin": counts.ORIGIN_HOUSEHOLD},
            {"name": "辍学1", "status": "1", "origin": counts.ORIGIN_ATTENDANCE},
            {"name": "辍学2", "status": "3", "origin": counts.ORIGIN_SCHOOL},
        ],
        dtype=object,
    )
    visits = pd.DataFrame([{"name": "疑似1"}, {"name": "辍学1"}], dtype=object)
    assert counts.rate_counts(suspected, dropout, visits) == {
        "roll_suspected_count": 4,
        "roll_dropout_count": 1,
        "resumed_count": 0,
        "closed_count": 1,
        "dropout_total": 3,
        "open_count": 7,
        "visited_open_count": 0,
    }
    assert counts.rate_counts(suspected, None, None) == {"roll_suspected_count": 4}
    row = counts.add_rates({"roster_count": 200, **counts.rate_counts(suspected, dropout, None)})
    assert (row["dropout_rate"], row["possible_rate"], row["visit_coverage"]) == (0.5, 2.0, None)
