"""Structure rules: required sheets and columns."""

from __future__ import annotations

from core.catalogue.school_monthly import INFO
from core.rules import structure
from tests.core.rules.rule_tables import (
    INFO_VALUES,
    PATH,
    context,
    described,
    make_record,
    pupil,
    school,
)


def test_missing_sheets_of_a_school_workbook_are_each_named() -> None:
    wb = school(dropout=[{**pupil(0), "dropout_month": "2026-09", "status": "1"}])
    wb.tables = [t for t in wb.tables if t.kind not in ("return-visits", "summary")]
    assert described(structure.missing_sheet(context(wb))) == [
        ("missing-sheet", "error", None, None, None, "缺少“劝返记录”工作表"),
        ("missing-sheet", "error", None, None, None, "缺少“月报汇总”工作表"),
    ]


def test_no_return_visits_sheet_is_fine_in_a_month_without_dropouts() -> None:
    wb = school()
    wb.tables = [t for t in wb.tables if t.kind != "return-visits"]
    assert structure.missing_sheet(context(wb)) == []


def test_a_column_missing_from_a_ledger_without_rows_is_a_warning() -> None:
    wb = school()
    wb.table("suspected").columns.pop("first_absence")
    assert described(structure.missing_column(context(wb))) == [
        (
            "missing-column",
            "warning",
            "疑似辍学学生台账",
            None,
            None,
            "“疑似辍学学生台账”缺少“首次缺勤日期”列",
        ),
    ]


def test_birth_date_and_gender_are_not_demanded_of_a_sheet_with_the_id() -> None:
    wb = school()
    roster = wb.table("roster")
    roster.columns.pop("birth_date")
    roster.columns.pop("gender")
    assert structure.missing_column(context(wb)) == []


def test_a_workbook_of_another_family_needs_no_school_sheets() -> None:
    wb = school()
    wb.family = None
    wb.tables = []
    assert structure.missing_sheet(context(wb)) == []


def test_missing_required_columns_are_sheet_level_findings() -> None:
    wb = school()
    roster = wb.table("roster")
    roster.columns.pop("id_number")
    info = make_record(INFO, {k: v for k, v in INFO_VALUES.items() if k != "fill_date"})
    wb.records = [info]
    found = structure.missing_column(context(wb))
    assert described(found) == [
        ("missing-column", "warning", "填报信息", None, None, "“填报信息”缺少“填报日期”列"),
        ("missing-column", "error", "学籍名册", None, None, "“学籍名册”缺少“身份证件号”列"),
    ]
    assert {f.file for f in found} == {PATH}


def test_a_record_missing_what_identifies_it_is_an_error_and_the_rest_a_warning() -> None:
    wb = school()
    kept = ("school_name", "period", "filled_by")  # no 学校标识码; no 县区代码, 联系电话, 填报日期
    wb.records = [make_record(INFO, {k: v for k, v in INFO_VALUES.items() if k in kept})]
    assert described(structure.missing_column(context(wb))) == [
        ("missing-column", "error", "填报信息", None, None, "“填报信息”缺少“学校标识码”列"),
        ("missing-column", "warning", "填报信息", None, None, "“填报信息”缺少“县区代码”列"),
        ("missing-column", "warning", "填报信息", None, None, "“填报信息”缺少“联系电话”列"),
        ("missing-column", "warning", "填报信息", None, None, "“填报信息”缺少“填报日期”列"),
    ]
