"""Across schools and 四查三比对, on hand-built ledgers."""

from __future__ import annotations

import datetime as dt

from core.consolidate.compare import References, compare
from core.consolidate.crosscheck import cross_school
from core.consolidate.merge import merge
from core.policy import Policy
from tests.conftest import summarize
from tests.core.consolidate.builders import (
    HOUSEHOLD,
    PERIOD,
    PLATFORM,
    POVERTY,
    pid,
    pupil,
    reference,
    submission,
    workbook,
)

POLICY = Policy(school_days="weekdays")


def _ledgers(*wbs):
    return merge([submission(wb, f"学校{wb.path[0]}") for wb in wbs])


def _where(findings) -> list[tuple]:
    return sorted((f.code, f.file, f.sheet, f.row, f.school_code) for f in findings)


def test_one_pupil_on_two_rolls_is_reported_at_both_places_naming_both_and_the_pupil() -> None:
    ledgers = _ledgers(
        workbook("A.xlsx", "2141000001", roster=[pupil(1), pupil(2)]),
        workbook("B.xlsx", "2141000002", roster=[pupil(3), pupil(1)]),
    )
    found = cross_school(ledgers)
    assert _where(found) == [
        ("duplicate-across-schools", "A.xlsx", "学籍名册", 4, "2141000001"),
        ("duplicate-across-schools", "B.xlsx", "学籍名册", 5, "2141000002"),
    ]
    assert found[0].message == (
        "学生“学生1”同时在本校（学校A 学籍名册 第 4 行）和 学校B（B.xlsx 学籍名册 第 5 行）的名册中"
    )
    assert found[0].id_number == pid(1)


def test_a_match_without_id_is_reported_as_a_fallback() -> None:
    a = pupil(1, id_number=None, student_no="L411525201501011234")
    ledgers = _ledgers(
        workbook("A.xlsx", "2141000001", roster=[a]), workbook("B.xlsx", "2141000002", roster=[a])
    )
    found = cross_school(ledgers)
    assert summarize(found) == [
        ("duplicate-across-schools", "学籍名册", 4, None),
        ("duplicate-across-schools", "学籍名册", 4, None),
        ("matched-by-fallback", "学籍名册", 4, None),
        ("matched-by-fallback", "学籍名册", 4, None),
    ]
    assert found[1].message == "“学生1”没有可用的身份证件号，按学籍号匹配"


def test_a_dropout_seen_at_another_school_is_a_transfer_query_and_borrowed_attendance() -> None:
    ledgers = _ledgers(
        workbook(
            "A.xlsx",
            "2141000001",
            roster=[pupil(1)],
            dropout=[pupil(1, dropout_month="2026-09", status="1")],
        ),
        workbook(
            "B.xlsx",
            "2141000002",
            roster=[pupil(5)],
            attendance=[
                pupil(5, days_due=20, days_present=20),
                pupil(1, days_due=20, days_present=18),
            ],
        ),
    )
    found = cross_school(ledgers)
    assert _where(found) == [
        ("attending-elsewhere", "B.xlsx", "考勤汇总", 5, "2141000002"),
        ("transfer-unrecorded", "A.xlsx", "辍学学生台账", 4, "2141000001"),
    ]
    assert [f.severity for f in found] == ["query", "query"]
    assert found[0].message == "辍学台账中的学生在 学校B 的考勤汇总中，可能是未办理的转学"


def _household(*rows):
    return reference(HOUSEHOLD, list(rows), "户籍适龄儿童名单.xlsx")


def test_household_children_on_no_roll_here_are_pending_not_cases() -> None:
    ledgers = _ledgers(
        workbook(
            "A.xlsx",
            "2141000001",
            roster=[pupil(1)],
            suspected=[pupil(7, first_absence=dt.date(2026, 10, 8))],
        )
    )
    refs = References(
        household=_household(
            pupil(1),  # enrolled
            pupil(2),  # on no roll here: probably enrolled in another county
            pupil(3, schooling="05"),  # 在外地就读: lawful
            pupil(4, year=2008),  # 18: outside the band
            pupil(7),  # already in the suspected ledger
        )
    )
    out = compare(ledgers.frames, refs, POLICY, PERIOD, "411525")
    assert summarize(out.findings) == [("household-unmatched", "户籍适龄儿童名单", 4, None)]
    assert out.findings[0].severity == "query"
    assert out.findings[0].message == (
        "户籍中的适龄儿童“学生2”（11 周岁）在本县全部 1 所学校的名册中都没有学籍，待核实"
    )
    assert out.cases() == {"out_of_school": 0, "household_unmatched": 1, "poverty_dropout": 0}
    assert out.added == {}
    assert [(r["check"], r["name"], r["result"]) for r in out.rows] == [
        ("户籍与学籍", "学生2", "待核实：本县无学籍")
    ]


def test_a_child_verified_out_of_school_is_a_case_and_a_warning() -> None:
    ledgers = _ledgers(workbook("A.xlsx", "2141000001", roster=[pupil(1)]))
    refs = References(household=_household(pupil(1), pupil(2, schooling="08")))
    out = compare(ledgers.frames, refs, POLICY, PERIOD, "411525")
    assert summarize(out.findings) == [("out-of-school", "户籍适龄儿童名单", 4, None)]
    assert out.findings[0].severity == "warning"
    assert out.findings[0].message == (
        "户籍中的适龄儿童“学生2”（11 周岁）经核实失学，在本县任何学校都没有学籍"
    )
    assert out.cases() == {"out_of_school": 1, "household_unmatched": 0, "poverty_dropout": 0}
    added = out.added["suspected"][0]
    assert (added["name"], added["origin"], added["school_code"], added["source_row"]) == (
        "学生2",
        "户籍比对",
        None,
        4,
    )
    assert [(r["check"], r["name"], r["result"]) for r in out.rows] == [
        ("户籍与学籍", "学生2", "适龄失学（已核实）")
    ]


def test_absent_pupils_past_the_thresholds_go_to_the_right_ledger() -> None:
    absent = {"days_due": 20, "absence_type": "3"}
    visit = {"attempt": 1, "visit_date": dt.date(2026, 10, 12)}
    ledgers = _ledgers(
        workbook(
            "A.xlsx",
            "2141000001",
            roster=[pupil(n) for n in range(1, 7)],
            attendance=[
                pupil(1, days_present=14, longest_run=6, **absent),
                pupil(2, days_present=0, longest_run=20, **absent),
                pupil(3, days_present=17, longest_run=3, **absent),
                pupil(4, days_present=0, longest_run=20, **absent),
                pupil(5, days_present=10, run_start=dt.date(2026, 10, 19), **absent),
                pupil(6, days_present=0, longest_run=20, **absent),
            ],
            dropout=[pupil(4, dropout_month="2026-09", status="1")],
            return_visits=[pupil(2, result="3", **visit), pupil(6, result="2", **visit)],
        )
    )
    out = compare(ledgers.frames, References(), POLICY, PERIOD, "411525")
    assert summarize(out.findings) == [
        ("absent-not-in-ledger", "考勤汇总", 4, None),
        ("absent-not-in-ledger", "考勤汇总", 5, None),
        ("absent-not-in-ledger", "考勤汇总", 8, None),
        ("absent-not-in-ledger", "考勤汇总", 9, None),
        ("suspected-overdue", "考勤汇总", 9, None),
    ]
    assert [f.message for f in out.findings] == [
        "学生“学生1”无故连续缺勤 6 个上课日，应列入疑似辍学台账",
        "学生“学生2”无故连续缺勤 20 个上课日，应列入辍学台账",
        "学生“学生5”无故连续缺勤 8 个上课日，应列入疑似辍学台账",
        "学生“学生6”无故连续缺勤 20 个上课日，应列入疑似辍学台账",
        "学生“学生6”已无故连续缺勤 20 天，超过辍学标准（20 天），"
        "但没有劝返未果的记录，仍按疑似辍学跟踪",
    ]
    # 学生2's 劝返 failed (拒绝返校): 辍学; 学生6 agreed to return (同意返校): still 疑似.
    assert [r["name"] for r in out.added["suspected"]] == ["学生1", "学生5", "学生6"]
    assert [(r["name"], r["dropout_month"]) for r in out.added["dropout"]] == [("学生2", PERIOD)]


def test_the_dropout_threshold_may_exclude_its_own_value() -> None:
    absent = {"days_due": 20, "absence_type": "3", "days_present": 0}
    ledgers = _ledgers(
        workbook(
            "A.xlsx",
            "2141000001",
            roster=[pupil(1), pupil(2)],
            attendance=[pupil(1, longest_run=5, **absent), pupil(2, longest_run=6, **absent)],
        )
    )
    strict = Policy(school_days="weekdays", absence_inclusive=False)
    out = compare(ledgers.frames, References(), strict, PERIOD, "411525")
    assert [f.message for f in out.findings] == [
        "学生“学生2”无故连续缺勤 6 个上课日，应列入疑似辍学台账"
    ]


def test_dropouts_in_the_poverty_list_and_the_platform_statuses() -> None:
    ledgers = _ledgers(
        workbook(
            "A.xlsx",
            "2141000001",
            roster=[pupil(1), pupil(2), pupil(3)],
            suspected=[pupil(3, first_absence=dt.date(2026, 10, 8), status="1")],
            dropout=[
                pupil(1, dropout_month="2026-09", status="1"),
                pupil(2, dropout_month="2026-05", status="2"),
            ],
        )
    )
    refs = References(
        poverty=reference(
            POVERTY,
            [
                {"household_head": "张大", "name": "学生1", "id_number": pid(1)},
                {"household_head": "李二", "name": "学生2", "id_number": pid(2)},
            ],
            "脱贫户.xlsx",
        ),
        platform=reference(PLATFORM, [pupil(1), pupil(2), pupil(3), pupil(9)], "平台.xlsx"),
    )
    out = compare(ledgers.frames, refs, POLICY, PERIOD, "411525")
    assert _where(out.findings) == [
        ("platform-status", "平台.xlsx", "平台推送疑似辍学名单", 3, None),
        ("platform-status", "平台.xlsx", "平台推送疑似辍学名单", 4, None),
        ("platform-status", "平台.xlsx", "平台推送疑似辍学名单", 5, None),
        ("platform-status", "平台.xlsx", "平台推送疑似辍学名单", 6, None),
        ("poverty-dropout", "A.xlsx", "辍学学生台账", 4, "2141000001"),
    ]
    assert [r["result"] for r in out.rows if r["check"] == "平台推送名单"] == [
        "辍学",
        "在校",
        "疑似辍学",
        "找不到",
    ]
    assert ledgers["dropout"]["poverty_matched"].tolist() == [True, True]
    assert out.findings[0].severity == "warning"
    assert out.poverty_dropout == 1


def test_school_age_follows_the_31_august_entry_rule() -> None:
    ledgers = _ledgers(workbook("A.xlsx", "2141000001", roster=[pupil(1)]))
    refs = References(
        household=_household(
            pupil(2, year=2020, birth_date=dt.date(2020, 9, 1)),  # 6 after 31 August: not due
            pupil(3, year=2011, birth_date=dt.date(2011, 8, 31)),  # 15: cohort finished 初中
            pupil(4, year=2020, birth_date=dt.date(2020, 8, 31)),  # due this autumn
            pupil(5, year=2011, birth_date=dt.date(2011, 9, 1)),  # 15 now, still in 九年级
        )
    )
    out = compare(ledgers.frames, refs, POLICY, PERIOD, "411525")
    assert [(f.code, f.row, f.message) for f in out.findings] == [
        (
            "household-unmatched",
            5,
            "户籍中的适龄儿童“学生4”（6 周岁）在本县全部 1 所学校的名册中都没有学籍，待核实",
        ),
        (
            "household-unmatched",
            6,
            "户籍中的适龄儿童“学生5”（15 周岁）在本县全部 1 所学校的名册中都没有学籍，待核实",
        ),
    ]


def test_the_school_year_starts_the_day_after_the_entry_cut_off() -> None:
    assert POLICY.school_year("2026-10") == (dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    assert POLICY.school_year("2027-03") == (dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    assert POLICY.school_year("2026-08") == (dt.date(2025, 9, 1), dt.date(2026, 8, 31))


def test_the_county_comparison_silences_only_lawful_absences_with_their_conditions() -> None:
    """随班就读 pupils attend and a 休学 without its 批准文号 is not excused: both are caught."""
    absent = {"days_due": 20, "absence_type": "3", "days_present": 14, "longest_run": 6}
    statuses = [
        ("01", None),  # 在校: caught
        ("02", None),  # 随班就读: attends, caught (was silenced)
        ("03", None),  # 特教学校就读: attends, caught (was silenced)
        ("06", "教休[2026]3号"),  # approved 休学: lawful
        ("06", None),  # 休学 without approval: caught (was silenced)
        ("07", None),  # 延缓入学 without approval: caught (was silenced)
        ("04", None),  # 送教上门: lawful
        ("12", None),  # 转体校就读: lawful
    ]
    ledgers = _ledgers(
        workbook(
            "A.xlsx",
            "2141000001",
            roster=[pupil(n, schooling=s, approval_no=a) for n, (s, a) in enumerate(statuses, 1)],
            attendance=[pupil(n, **absent) for n in range(1, len(statuses) + 1)],
        )
    )
    out = compare(ledgers.frames, References(), POLICY, PERIOD, "411525")
    assert summarize(out.findings) == [
        ("absent-not-in-ledger", "考勤汇总", 4, None),
        ("absent-not-in-ledger", "考勤汇总", 5, None),
        ("absent-not-in-ledger", "考勤汇总", 6, None),
        ("absent-not-in-ledger", "考勤汇总", 8, None),
        ("absent-not-in-ledger", "考勤汇总", 9, None),
    ]
    assert [f.message for f in out.findings] == [
        f"学生“学生{n}”无故连续缺勤 6 个上课日，应列入疑似辍学台账" for n in (1, 2, 3, 5, 6)
    ]
