"""在 Excel 中打开: the annotated copy opens at the finding's sheet and cell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from tests.ui.conftest import drop
from ui.main_window import MainWindow

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from core.demo import generate_county

    return generate_county(tmp_path_factory.mktemp("county"), students=60)


@pytest.fixture
def window(qtbot, ctx, tmp_path) -> MainWindow:
    ctx.copies_dir = tmp_path / "副本"
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    return w


def schools_with_errors(county: Any) -> list[Path]:
    planted = json.loads(county.answer_key.read_text("utf-8"))["planted"]
    files = [p["file"] for p in planted if p["severity"] == "error" and p["file"].endswith("xlsx")]
    return [county.inbox.parent / f for f in dict.fromkeys(files)]


def active(path: Path) -> tuple[str, str]:
    ws = load_workbook(path).active
    return ws.title, ws.sheet_view.selection[0].activeCell


def test_the_copy_opens_at_the_findings_sheet_and_cell(qtbot, window, county, opened) -> None:
    page = window.validate_view
    with qtbot.waitSignal(page.job.finished, timeout=120_000):
        drop(window, schools_with_errors(county)[0])
    rows = [(r, f) for r, f in enumerate(page.findings.shown()) if f.cell and f.sheet]
    (first_row, first), (last_row, last) = rows[0], rows[-1]
    page.findings.select_row(first_row)
    with qtbot.waitSignal(page.excel_job.finished, timeout=60_000):
        page.detail.open_button.click()
    assert opened[-1].parent == window.ctx.copies_dir
    assert active(opened[-1]) == (first.sheet, first.cell)

    view = page.findings.view
    index = view.model().index(last_row, 0)
    view.scrollTo(index)
    where = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    with qtbot.waitSignal(page.excel_job.finished, timeout=60_000):
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert active(opened[-1]) == (last.sheet, last.cell)
    assert len(opened) == 2


def test_selecting_a_file_shows_its_findings_and_copies_are_written_for_all_or_it(
    qtbot, window, county, tmp_path
) -> None:
    page = window.validate_view
    schools = schools_with_errors(county)[:2]
    with qtbot.waitSignal(page.job.finished, timeout=120_000):
        drop(window, *schools)
    every = {f.file for f in page.findings.shown()}
    assert every == {str(p) for p in schools}
    page.files_view.selectRow(0)
    chosen = page.selected_report().path
    assert {f.file for f in page.findings.shown()} == {chosen}
    assert page.findings.file_label.text() == f"只显示：{Path(chosen).name}"
    assert page.annotate_button.text() == "写出所选文件的标注副本…"
    page.findings.all_files_button.click()
    assert {f.file for f in page.findings.shown()} == every
    assert page.annotate_button.text() == "写出全部文件的标注副本…"

    window.ctx.choosers.answers = [str(tmp_path / "标注")]
    with qtbot.waitSignal(page.annotate_job.finished, timeout=60_000):
        page.annotate_button.click()
    assert len(list((tmp_path / "标注").glob("*_校验结果.xlsx"))) == 2
    assert page.annotated_label.text().startswith("已写出 2 份标注副本：")
