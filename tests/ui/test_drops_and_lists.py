"""Drops land on the page they are dropped on; the 汇总 problem list has the detail pane."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent
from PySide6.QtWidgets import QApplication

from core.model.findings import make_finding
from tests.conftest import write_workbook
from tests.ui.conftest import drop
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, ctx, tmp_path) -> MainWindow:
    ctx.copies_dir = tmp_path / "副本"
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def county(tmp_path: Path) -> Path:
    (tmp_path / "县" / "收件箱").mkdir(parents=True)
    write_workbook(tmp_path / "县" / "学校名录.xlsx", {"学校名录": [["学校标识码"]]})
    return tmp_path / "县"


def drag_over(window: MainWindow, *paths: Path) -> str:
    """What the status bar says while the paths are dragged over the window."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(
        QPoint(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    return window.statusBar().currentMessage()


def test_a_folder_dropped_on_the_consolidate_page_becomes_its_inbox(window, county) -> None:
    window.tabs.setCurrentWidget(window.consolidate_view)
    assert drag_over(window, county / "收件箱") == "松开即可填入：收件箱（收件箱）"
    drop(window, county / "收件箱")
    assert window.tabs.currentWidget() is window.consolidate_view
    assert window.consolidate_view.inbox.text() == str(county / "收件箱")
    assert window.validate_view.files_model.rowCount() == 0
    assert window.statusBar().currentMessage() == ""


def test_a_school_list_dropped_on_the_consolidate_page_fills_its_field(window, county) -> None:
    window.tabs.setCurrentWidget(window.consolidate_view)
    assert drag_over(window, county / "学校名录.xlsx") == "松开即可填入：学校名录（学校名录.xlsx）"
    drop(window, county / "学校名录.xlsx")
    assert window.consolidate_view.refs["schools"].text() == str(county / "学校名录.xlsx")


def test_a_folder_dropped_on_the_roll_up_page_becomes_its_inbox(window, county) -> None:
    window.tabs.setCurrentWidget(window.rollup_view)
    assert drag_over(window, county) == "松开即可填入：下级汇总文件夹（县）"
    drop(window, county)
    assert window.rollup_view.inbox.text() == str(county)
    assert window.tabs.currentWidget() is window.rollup_view


def test_a_school_workbook_dropped_on_the_consolidate_page_is_checked(qtbot, window, county):
    school = write_workbook(county / "一中.xlsx", {"学籍名册": [["姓名"]]})
    window.tabs.setCurrentWidget(window.consolidate_view)
    assert drag_over(window, school) == "松开即可在“校验”页检查这 1 项"
    with qtbot.waitSignal(window.validate_view.job.finished, timeout=60_000):
        drop(window, school)
    assert window.tabs.currentWidget() is window.validate_view


def test_the_consolidate_problem_list_shows_the_detail_and_opens_a_copy_at_the_cell(
    qtbot, window, county, opened
) -> None:
    school = write_workbook(county / "一中.xlsx", {"说明": [["x"]], "学籍名册": [["姓名"]]})
    finding = make_finding(
        "id-invalid",
        "check",
        file=str(school),
        sheet="学籍名册",
        row=7,
        column="G",
        field="身份证件号",
        value="41152520190304123X",
        expected="5",
    )
    pane = window.consolidate_view.findings_pane
    pane.panel.set_findings([finding], {})
    pane.panel.select_row(0)
    assert pane.detail.title.text() == "【错误】身份证件号无效"
    assert pane.detail.where.text() == f"{school} 学籍名册 第7行 G列"
    with qtbot.waitSignal(pane.job.finished, timeout=30_000):
        pane.detail.open_button.click()
    assert opened == [window.ctx.copies_dir / "一中.xlsx"]
    ws = load_workbook(opened[0]).active
    assert (ws.title, ws.sheet_view.selection[0].activeCell) == ("学籍名册", "G7")
    assert load_workbook(school).active.title == "说明"  # the input is never written to
