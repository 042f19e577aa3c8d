"""The inbox: files known by content; accepted, rejected, superseded, missing, late."""

from __future__ import annotations

import datetime as dt

from core.catalogue.school_monthly import SCHOOL_MONTHLY
from core.consolidate.inbox import SchoolEntry, classify, identify
from core.consolidate.result import UNREADABLE, Submission
from core.model.identity import parse_month
from core.policy import Policy
from core.reader.model import WorkbookRead
from tests.conftest import summarize
from tests.core.consolidate.builders import PERIOD, workbook

SCHOOLS = {
    c: SchoolEntry(c, n)
    for c, n in [("2141000001", "城关一小"), ("2141000002", "城关二小"), ("2141000003", "南关中学")]
}


def _sub(wb: WorkbookRead, modified: dt.datetime | None = None) -> Submission:
    sub = Submission(path=wb.path, modified=modified)
    identify(wb, sub)
    return sub


def _statuses(subs: list[Submission]) -> list[tuple[str, str]]:
    return [(s.path, s.status) for s in subs]


def test_each_case_of_the_inbox_is_sorted_by_content_not_name() -> None:
    subs = [
        _sub(workbook("收件箱/城关二小10月.xlsx", "2141000001")),  # the name lies: it is 一小
        _sub(workbook("收件箱/南关中学9月.xlsx", "2141000003", period="2026-09")),
        _sub(workbook("收件箱/外县学校.xlsx", "2141999999")),
        _sub(workbook("收件箱/无标识码.xlsx", None)),
        Submission(path="收件箱/说明.docx", status=UNREADABLE),
    ]
    findings, missing = classify(subs, SCHOOLS, PERIOD, Policy())
    assert _statuses(subs) == [
        ("收件箱/城关二小10月.xlsx", "accepted"),
        ("收件箱/南关中学9月.xlsx", "rejected"),
        ("收件箱/外县学校.xlsx", "rejected"),
        ("收件箱/无标识码.xlsx", "rejected"),
        ("收件箱/说明.docx", "unreadable"),
    ]
    assert subs[0].school == "城关一小"
    assert missing == [
        {"school_code": "2141000002", "school": "城关二小"},
        {"school_code": "2141000003", "school": "南关中学"},
    ]
    assert [(f.code, f.file, f.school_code) for f in findings] == [
        ("wrong-period", "收件箱/南关中学9月.xlsx", "2141000003"),
        ("unknown-school", "收件箱/外县学校.xlsx", "2141999999"),
        ("unidentified-submission", "收件箱/无标识码.xlsx", None),
        ("missing-submission", None, "2141000002"),
        ("missing-submission", None, "2141000003"),
    ]
    assert findings[0].message == "报送的是 2026-09 的数据，本次汇总的是 2026-10"


def test_resent_school_newest_fill_date_wins_and_the_older_is_kept_as_superseded() -> None:
    old = _sub(
        workbook("a/更正前.xlsx", "2141000001", fill=dt.date(2026, 10, 20)),
        modified=dt.datetime(2026, 10, 30),
    )
    new = _sub(
        workbook("b/10月报.xlsx", "2141000001", fill=dt.date(2026, 10, 25)),
        modified=dt.datetime(2026, 10, 21),
    )
    findings, _ = classify([old, new], {"2141000001": SCHOOLS["2141000001"]}, PERIOD, Policy())
    assert _statuses([old, new]) == [("a/更正前.xlsx", "superseded"), ("b/10月报.xlsx", "accepted")]
    assert summarize(findings) == [("superseded-submission", None, None, None)]
    assert findings[0].file == "a/更正前.xlsx"
    assert "b/10月报.xlsx" in findings[0].message
    assert old.findings == findings


def test_same_fill_date_falls_back_to_the_file_time() -> None:
    day = dt.date(2026, 10, 25)
    first = _sub(workbook("x1.xlsx", "2141000001", fill=day), modified=dt.datetime(2026, 10, 26))
    second = _sub(workbook("x2.xlsx", "2141000001", fill=day), modified=dt.datetime(2026, 10, 27))
    classify([second, first], {"2141000001": SCHOOLS["2141000001"]}, PERIOD, Policy())
    assert _statuses([first, second]) == [("x1.xlsx", "superseded"), ("x2.xlsx", "accepted")]


def test_fill_date_after_the_due_date_is_a_late_submission_warning() -> None:
    late = _sub(workbook("late.xlsx", "2141000001", fill=dt.date(2026, 10, 30)))
    on_time = _sub(workbook("ok.xlsx", "2141000002", fill=dt.date(2026, 10, 28)))
    findings, _ = classify([late, on_time], SCHOOLS, PERIOD, Policy(cutoff_day=28))
    late_findings = [f for f in findings if f.code == "late-submission"]
    assert [(f.file, f.message) for f in late_findings] == [
        ("late.xlsx", "填报日期 2026-10-30 晚于截止日 2026-10-28")
    ]
    assert (late.on_time, on_time.on_time) == (False, True)


def test_without_an_info_sheet_the_title_rows_identify_the_file() -> None:
    wb = WorkbookRead(
        path="t.xlsx",
        title_fields={"school_code": "学校标识码：2141000002", "period": "2026年10月"},
    )
    sub = _sub(wb)
    assert (sub.school_code, sub.period) == ("2141000002", "2026-10")


def test_month_spellings_are_normalised() -> None:
    got = [
        parse_month(v)
        for v in ("2026-10", "2026年9月", "2026.10", dt.date(2026, 3, 1), "十月", "2026-13")
    ]
    assert got == ["2026-10", "2026-09", "2026-10", "2026-03", None, None]


def test_a_county_list_dropped_in_the_inbox_is_not_taken_for_a_school() -> None:
    from core.catalogue import county

    wb = WorkbookRead(path="收件箱/学校名录.xlsx", family=county.SCHOOL_LIST_FAMILY)
    sub = _sub(wb)
    findings, _ = classify([sub], None, PERIOD, Policy())
    assert [(f.code, f.message) for f in findings] == [
        ("unidentified-submission", "这不是学校月报，而是“县区学校名录”，不参与汇总")
    ]
    assert sub.status == "rejected"


def test_the_county_name_comes_from_the_school_names_when_they_share_it() -> None:
    from core.consolidate.refs import county_name

    names = ["固始县番城街道第一小学", "固始县蓼城一小", "固始县育才实验学校"]
    assert county_name(names) == "固始县"
    assert county_name(["城关一小", "南关中学"]) is None


FULL_NAMES = {
    c: SchoolEntry(c, n)
    for c, n in [("2141000001", "固始县城关镇第一小学"), ("2141000002", "固始县城关镇第二小学")]
}


def test_a_file_without_a_school_code_is_placed_by_its_school_name_with_a_warning() -> None:
    named = _sub(workbook("收件箱/月报.xlsx", None, name="城关一小"))
    by_file = _sub(WorkbookRead(path="收件箱/城关镇第二小学2026年10月.xlsx", family=SCHOOL_MONTHLY))
    findings, missing = classify([named, by_file], FULL_NAMES, PERIOD, Policy())
    assert _statuses([named, by_file]) == [
        ("收件箱/月报.xlsx", "accepted"),
        ("收件箱/城关镇第二小学2026年10月.xlsx", "accepted"),
    ]
    assert (named.school_code, by_file.school_code, missing) == ("2141000001", "2141000002", [])
    assert [(f.code, f.severity, f.file, f.message) for f in findings] == [
        (
            "identity-assumed",
            "warning",
            "收件箱/月报.xlsx",
            "文件中没有学校标识码，按学校名称“城关一小”认定为“固始县城关镇第一小学”",
        ),
        (
            "identity-assumed",
            "warning",
            "收件箱/城关镇第二小学2026年10月.xlsx",
            "文件中没有学校标识码，按学校名称“城关镇第二小学2026年10月”认定为“固始县城关镇第二小学”",
        ),
        (
            "identity-assumed",
            "warning",
            "收件箱/城关镇第二小学2026年10月.xlsx",
            "“填报信息”和标题行中都没有填报月份，按文件名认定为 2026-10",
        ),
    ]


def test_a_name_that_is_no_school_of_the_list_places_no_file() -> None:
    sub = _sub(workbook("收件箱/月报.xlsx", None, name="城关小学"))
    findings, _ = classify([sub], FULL_NAMES, PERIOD, Policy())
    assert (sub.status, findings[0].code) == ("rejected", "unidentified-submission")


def test_the_period_from_the_title_rows_is_a_warning() -> None:
    wb = WorkbookRead(
        path="t.xlsx",
        family=SCHOOL_MONTHLY,
        title_fields={"school_code": "2141000002", "period": "2026年10月"},
    )
    sub = _sub(wb)
    findings, _ = classify([sub], SCHOOLS, PERIOD, Policy())
    assert [(f.code, f.message) for f in findings if f.school_code == "2141000002"] == [
        ("identity-assumed", "“填报信息”中没有填报月份，按标题行认定为 2026-10"),
    ]
