"""Selecting a finding shows its row as read, with the offending cell marked."""

from __future__ import annotations

import pandas as pd

from core.catalogue.school_monthly import ROSTER
from core.model.findings import make_finding
from core.reader.model import SheetTable, WorkbookRead
from ui.views.finding_detail import MARK_COLOR, FindingDetail


def _workbook() -> WorkbookRead:
    index = pd.Index([7, 8])
    raw = pd.DataFrame(
        {"name": ["王小明", "李丽"], "id_number": ["41152520190304123X", None]}, index=index
    )
    table = SheetTable(
        path="城关一小.xlsx",
        sheet="学籍名册",
        form=ROSTER,
        header_row=6,
        columns={"name": "C", "id_number": "G"},
        headers={"name": "学生姓名", "id_number": "身份证件号"},
        data=raw.copy(),
        raw=raw,
        extra_columns={"家长微信": "AA"},
        extra=pd.DataFrame({"家长微信": ["wx1", "wx2"]}, index=index),
    )
    return WorkbookRead(path="城关一小.xlsx", tables=[table])


def test_the_row_is_shown_in_column_order_with_the_bad_cell_marked(qtbot) -> None:
    detail = FindingDetail()
    qtbot.addWidget(detail)
    finding = make_finding(
        "id-invalid",
        "check",
        file="城关一小.xlsx",
        sheet="学籍名册",
        row=7,
        column="G",
        field="身份证件号",
        value="41152520190304123X",
        expected="5",
    )
    detail.show_finding(finding, _workbook())
    assert detail.rows() == [
        ("C", "学生姓名", "王小明", False),
        ("G", "身份证件号", "41152520190304123X", True),
        ("AA", "家长微信", "wx1", False),
    ]
    assert detail.table.item(1, 2).background().color() == MARK_COLOR
    assert detail.message.text() == "身份证件号校验位错误，应为 5"
    assert detail.hint.text() == "怎么改：请对照户口簿逐位核对身份证件号。"
    assert detail.title.text() == "【错误】身份证件号无效"
    assert detail.where.text() == "城关一小.xlsx 学籍名册 第7行 G列"


def test_a_file_level_finding_shows_no_row_and_none_clears(qtbot) -> None:
    detail = FindingDetail()
    qtbot.addWidget(detail)
    detail.show_finding(make_finding("unknown-form", file="城关一小.xlsx"), _workbook())
    assert (detail.rows(), detail.message.text()) == ([], "没有一个工作表与标准报表的表头相符")
    detail.show_finding(None)
    assert (detail.rows(), detail.message.text(), detail.table.rowCount()) == ([], "", 0)
