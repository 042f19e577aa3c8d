"""FindingsTableModel: display, roles, filters, search and sorting, without a window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.model.findings import Finding, Severity, make_finding
from ui.models.findings_table_model import (
    CODE_ROLE,
    COL_CELL,
    COL_SCHOOL,
    COL_SEVERITY,
    COL_TITLE,
    FINDING_ROLE,
    SCHOOL_ROLE,
    SEVERITY_ROLE,
    SHEET_ROLE,
    FindingsTableModel,
)

FINDINGS = [
    make_finding(
        "id-invalid",
        "check",
        file="a.xlsx",
        sheet="学籍名册",
        row=7,
        column="G",
        field="身份证件号",
        value="41152520190304123X",
        expected="5",
    ),
    make_finding(
        "required-missing", file="a.xlsx", sheet="考勤汇总", row=12, column="C", field="姓名"
    ),
    make_finding("unknown-form", file="b.xlsx"),
    Finding(
        "age-out-of-range",
        Severity.QUERY,
        "年龄与年级不符",
        file="b.xlsx",
        sheet="学籍名册",
        row=3,
        column="H",
        explanation="留级一年",
    ),
]
SCHOOLS = {"a.xlsx": "城关一小（4115250001）", "b.xlsx": "南关小学（4115250002）"}


def _model(qtbot) -> FindingsTableModel:
    model = FindingsTableModel()
    model.set_findings(FINDINGS, SCHOOLS)
    return model


def _codes(model: FindingsTableModel) -> list[str]:
    return [model.data(model.index(r, 0), CODE_ROLE) for r in range(model.rowCount())]


def test_rows_show_severity_title_school_and_cell_in_chinese(qtbot) -> None:
    model = _model(qtbot)
    row = [model.data(model.index(0, c)) for c in (COL_SEVERITY, COL_TITLE, COL_SCHOOL, COL_CELL)]
    assert row == ["错误", "身份证件号无效", "城关一小（4115250001）", "G7"]
    assert model.data(model.index(2, COL_CELL)) == ""
    assert model.data(model.index(0, 0), FINDING_ROLE) is FINDINGS[0]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "级别",
        "问题",
        "学校",
        "文件",
        "工作表",
        "位置",
        "字段",
        "值",
        "说明",
    ]


def test_custom_roles_carry_the_filter_values(qtbot) -> None:
    model = _model(qtbot)
    index = model.index(3, 0)
    assert [model.data(index, r) for r in (SEVERITY_ROLE, CODE_ROLE, SHEET_ROLE, SCHOOL_ROLE)] == [
        "query",
        "age-out-of-range",
        "学籍名册",
        "南关小学（4115250002）",
    ]


def test_filters_combine_and_clear(qtbot) -> None:
    proxy = _model(qtbot)
    proxy.set_filter(SEVERITY_ROLE, "error")
    assert _codes(proxy) == ["id-invalid", "required-missing", "unknown-form"]
    proxy.set_filter(SCHOOL_ROLE, "城关一小（4115250001）")
    assert _codes(proxy) == ["id-invalid", "required-missing"]
    proxy.set_filter(SHEET_ROLE, "考勤汇总")
    assert _codes(proxy) == ["required-missing"]
    for role in (SEVERITY_ROLE, SCHOOL_ROLE, SHEET_ROLE):
        proxy.set_filter(role, None)
    assert len(_codes(proxy)) == 4


def test_search_matches_message_value_field_and_title(qtbot) -> None:
    proxy = _model(qtbot)
    proxy.set_text("校验位")
    assert _codes(proxy) == ["id-invalid"]
    proxy.set_text("姓名")
    assert _codes(proxy) == ["required-missing"]
    proxy.set_text("不是标准报表")
    assert _codes(proxy) == ["unknown-form"]
    proxy.set_text("  ")
    assert len(_codes(proxy)) == 4


def test_sorting_by_severity_puts_errors_first_and_by_cell_numerically(qtbot) -> None:
    model = FindingsTableModel()
    model.set_findings(list(reversed(FINDINGS)), SCHOOLS)
    model.sort(COL_SEVERITY)
    assert _codes(model)[-1] == "age-out-of-range"
    model.sort(COL_CELL)
    assert [model.data(model.index(r, COL_CELL)) for r in range(4)] == ["", "H3", "G7", "C12"]
    model.sort(COL_CELL, Qt.SortOrder.DescendingOrder)
    assert [model.data(model.index(r, COL_CELL)) for r in range(4)] == ["C12", "G7", "H3", ""]


def test_filters_and_search_combine_over_many_files(qtbot) -> None:
    many = [
        make_finding(
            "required-missing",
            file=f"{i % 30}.xlsx",
            sheet="学籍名册",
            row=i,
            column="C" if i % 2 else "D",
            field="姓名" if i % 2 else "性别",
        )
        for i in range(3000)
    ]
    model = FindingsTableModel()
    model.set_findings(many, {f"{i}.xlsx": f"学校{i}" for i in range(30)})
    model.set_filter(SCHOOL_ROLE, "学校7")
    model.set_text("姓名")
    assert [model.finding(r).row for r in range(model.rowCount())] == [
        i for i in range(3000) if i % 30 == 7 and i % 2
    ]
