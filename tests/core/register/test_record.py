"""The register remembers months: cases, attempts counted once, re-runs, order, findings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3

import pytest

from core.register import RegisterError, open_register, record_month
from core.register.query import status
from tests.core.register.helpers import SCHOOL_A, SCHOOL_B, month, pupil, suspected, visit

ROSTER = [pupil("张三", row=5), pupil("李四", row=6), pupil("王五", row=7)]


def _states(path) -> dict[str, tuple[str, int]]:
    return {c["name"]: (c["state"], c["attempts"]) for c in status(path)["cases"]}


def _findings(outcome) -> list[tuple]:
    return [(f.code, f.file, f.sheet, f.row, f.message) for f in outcome.findings]


def test_a_suspected_pupil_opens_a_case_and_attempts_reported_twice_count_once(tmp_path):
    reg = tmp_path / "reg.sqlite"
    record_month(reg, month("2026-09", ROSTER, [suspected("张三")], visits=[visit("张三", 3)]))
    out = record_month(
        reg,
        month("2026-10", ROSTER, [suspected("张三")], visits=[visit("张三", 3), visit("张三", 9)]),
    )
    assert _states(reg) == {"张三": ("suspected", 2)}
    assert out.to_json() == {"opened": 0, "closed": 0, "open": 1, "findings": 0}


def test_the_same_month_twice_leaves_the_register_as_once(tmp_path):
    once, twice = tmp_path / "once.sqlite", tmp_path / "twice.sqlite"
    sep = month("2026-09", ROSTER, [suspected("张三")], visits=[visit("张三", 3)])
    octo = month("2026-10", ROSTER, [suspected("张三", "2")], visits=[visit("张三", 3)])
    for m in (sep, octo):
        record_month(once, m)
    for m in (sep, octo, octo):
        record_month(twice, m)
    assert status(twice)["cases"] == status(once)["cases"]
    assert _states(twice) == {"张三": ("returned", 1)}


def test_an_earlier_month_after_a_later_one_is_refused_unless_asked(tmp_path):
    reg = tmp_path / "reg.sqlite"
    record_month(reg, month("2026-10", ROSTER))
    with pytest.raises(RegisterError) as err:
        record_month(reg, month("2026-09", ROSTER))
    assert str(err.value) == (
        "登记册中已有 2026-10 的汇总，不能再记录更早的 2026-09；确需补录时请加 --allow-earlier"
    )
    record_month(reg, month("2026-09", ROSTER), allow_earlier=True)
    assert status(reg)["periods"] == ["2026-09", "2026-10"]


def test_an_open_case_missing_from_every_ledger_is_a_query_at_its_last_row(tmp_path):
    reg = tmp_path / "reg.sqlite"
    record_month(reg, month("2026-09", ROSTER, [suspected("张三", row=9)]))
    out = record_month(reg, month("2026-10", ROSTER))
    assert _findings(out) == [
        (
            "case-unaccounted",
            f"{SCHOOL_A}.xlsx",
            "疑似辍学学生台账",
            9,
            "上月仍在跟踪的“张三”（疑似辍学，2026-09 立案）不在本月任何台账中，也没有销号",
        )
    ]


def test_a_pupil_gone_from_every_roll_is_a_query_and_a_move_is_a_transfer(tmp_path):
    reg = tmp_path / "reg.sqlite"
    record_month(reg, month("2026-09", ROSTER, [suspected("王五")]))
    now = [pupil("张三"), pupil("王五", school=SCHOOL_B, row=3)]
    out = record_month(reg, month("2026-10", now))
    assert _findings(out) == [
        (
            "roster-drop-unexplained",
            f"{SCHOOL_A}.xlsx",
            "学籍名册",
            6,
            "上月在本校学籍名册中的“李四”本月不在本县任何学校的名册中，也没有转出或销号记录",
        )
    ]
    assert _states(reg) == {"王五": ("transferred", 0)}


def test_a_returned_pupil_absent_again_is_a_warning_and_reopens_the_case(tmp_path):
    reg = tmp_path / "reg.sqlite"
    record_month(reg, month("2026-09", ROSTER, [suspected("张三")]))
    back = suspected("张三", "2", row=4, status_date=dt.date(2026, 10, 2))
    record_month(reg, month("2026-10", ROSTER, [back]))
    again = suspected("张三", "1", day=20, row=5)
    out = record_month(reg, month("2026-11", ROSTER, [again]))
    assert _findings(out) == [
        (
            "returned-absent-again",
            f"{SCHOOL_A}.xlsx",
            "疑似辍学学生台账",
            5,
            "“张三”此前已返校，本月又无故缺勤达到上报标准",
        ),
    ]
    assert [(c["state"], c["opened"]) for c in status(reg)["cases"]] == [
        ("returned", "2026-09"),
        ("suspected", "2026-11"),
    ]


def test_a_closure_without_reason_or_evidence_is_an_error(tmp_path):
    reg = tmp_path / "reg.sqlite"
    open_row = pupil("李四", sheet="辍学学生台账", row=4, status="1")
    record_month(reg, month("2026-09", ROSTER, dropout=[open_row]))
    closed = pupil("李四", sheet="辍学学生台账", row=4, status="3", closing_reason="已死亡")
    out = record_month(reg, month("2026-10", ROSTER, dropout=[closed]))
    assert _findings(out) == [
        (
            "closure-without-evidence",
            f"{SCHOOL_A}.xlsx",
            "辍学学生台账",
            4,
            "“李四”已销号，但缺少佐证",
        ),
    ]
    assert out.to_json() == {"opened": 0, "closed": 1, "open": 0, "findings": 1}


def test_a_closure_the_school_rule_already_reported_is_not_reported_again(tmp_path):
    reg = tmp_path / "reg.sqlite"
    open_row = pupil("李四", sheet="辍学学生台账", row=4, status="1")
    record_month(reg, month("2026-09", ROSTER, dropout=[open_row]))
    closed = pupil("李四", sheet="辍学学生台账", row=4, status="3", closing_reason="已死亡")
    told = dataclasses.replace(
        month("2026-10", ROSTER, dropout=[closed]),
        finding_counts={"closure-without-evidence": 1},
        closures_reported=frozenset({(f"{SCHOOL_A}.xlsx", "辍学学生台账", 4)}),
    )
    out = record_month(reg, told)
    assert _findings(out) == []
    assert out.to_json() == {"opened": 0, "closed": 1, "open": 0, "findings": 0}
    assert status(reg)["months"][-1]["findings"] == {"closure-without-evidence": 1}


def test_events_are_never_updated_or_deleted(tmp_path):
    reg = tmp_path / "reg.sqlite"
    record_month(reg, month("2026-09", ROSTER))
    conn = open_register(reg)
    for sql in ("UPDATE events SET state = 'x'", "DELETE FROM events", "DELETE FROM runs"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(sql)
    conn.close()


def test_each_month_keeps_its_submissions_figures_and_finding_counts(tmp_path):
    reg = tmp_path / "reg.sqlite"
    m = month("2026-09", ROSTER, [suspected("张三")], reported=(SCHOOL_A,))
    m.finding_counts = {"id-invalid": 2}
    m.submissions = [{"path": "a.xlsx", "school_code": SCHOOL_A, "status": "accepted"}]
    record_month(reg, m)
    conn = open_register(reg)
    row = conn.execute(
        "SELECT period, submissions, schools, findings FROM month_summaries"
    ).fetchone()
    conn.close()
    assert row == (
        "2026-09",
        '[{"path": "a.xlsx", "school_code": "4115250001", "status": "accepted"}]',
        '{"reported": ["4115250001"], "figures": {"4115250001": {"roster": 3, "suspected": 1}}}',
        '{"id-invalid": 2}',
    )
