"""At 1366x768 with the Chinese font, the values a clerk must fix are shown whole."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QWidget

from core.model.findings import make_finding
from tests.ui.test_finding_detail import _workbook
from ui.main_window import MainWindow
from ui.models.findings_table_model import COL_CELL, COL_VALUE

CJK = "WenQuanYi Micro Hei"


@pytest.fixture
def window(qtbot, ctx) -> MainWindow:
    if CJK not in QFontDatabase.families():
        pytest.skip("needs fonts-wqy-microhei")
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(10)
    return w


def finding() -> object:
    return make_finding(
        "id-invalid",
        "check",
        file="城关一小.xlsx",
        sheet="学籍名册",
        row=1950,
        column="G",
        field="身份证件号",
        value="41152520190304123X",
        expected="5",
    )


def visible_width(widget: QWidget, top: QWidget) -> int:
    """How much of the widget's width is on screen inside top (its splitter, scroll area)."""
    left = widget.mapTo(top, QPoint(0, 0)).x()
    return min(widget.width(), top.width() - left)


def test_the_detail_pane_shows_the_id_the_place_and_the_message_whole(window) -> None:
    page = window.validate_view
    detail = page.detail
    f = finding()
    detail.show_finding(f)
    assert detail.where.text() == "城关一小.xlsx 学籍名册 第1950行 G列"
    assert len(detail.message.text()) < 40
    for label in (detail.where, detail.message):
        width = QFontMetrics(label.font()).horizontalAdvance(label.text())
        assert width <= visible_width(label, page), label.text()

    detail.show_finding(
        make_finding(
            "id-invalid",
            "check",
            file="城关一小.xlsx",
            sheet="学籍名册",
            row=7,
            column="G",
            field="身份证件号",
            value="41152520190304123X",
            expected="5",
        ),
        _workbook(),
    )
    table = detail.table
    item = table.item(1, 2)
    assert item.text() == "41152520190304123X"
    margin = 2 * (table.style().pixelMetric(table.style().PixelMetric.PM_FocusFrameHMargin) + 1)
    text_width = QFontMetrics(item.font()).horizontalAdvance(item.text()) + margin
    column_right = table.columnViewportPosition(2) + table.columnWidth(2)
    assert text_width <= table.columnWidth(2)
    assert column_right <= visible_width(table.viewport(), page)


def test_the_findings_table_cuts_the_middle_and_shows_the_whole_value_on_hover(window) -> None:
    panel = window.validate_view.findings
    panel.set_findings([finding()], {})
    assert panel.view.textElideMode() == Qt.TextElideMode.ElideMiddle
    model = panel.model
    value = model.index(0, COL_VALUE)
    assert model.data(value) == "41152520190304123X"
    assert model.data(value, Qt.ItemDataRole.ToolTipRole) == "41152520190304123X"
    place = model.index(0, COL_CELL)
    width = QFontMetrics(panel.view.font()).horizontalAdvance(model.data(place))
    assert width < panel.view.columnWidth(COL_CELL)
    assert width < panel.view.columnWidth(COL_VALUE)


def test_the_file_table_shows_a_county_inbox_worth_of_rows(window) -> None:
    files = window.validate_view.files_view
    rows = files.viewport().height() // files.verticalHeader().defaultSectionSize()
    assert rows >= 7


def test_the_detail_panes_buttons_stay_in_view_under_a_long_message(window, qtbot) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QScrollArea

    page = window.validate_view
    detail = page.detail
    header = "学校自行增加的统计栏目（本学期各月合计，含请假与旷课，单位：天）"
    detail.show_finding(
        make_finding(
            "extra-column", file="城关一小.xlsx", sheet="考勤汇总", column="N", field=header
        )
    )
    qtbot.wait(100)  # the pane lays the wrapped labels out again
    area = next(w for w in page.findChildren(QScrollArea) if w.widget() is detail)
    viewport = area.viewport()
    button = detail.open_button
    where = QRect(button.mapTo(viewport, QPoint(0, 0)), button.size())
    assert viewport.rect().contains(where), (where, viewport.rect())
