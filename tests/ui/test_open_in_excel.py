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


def school_with_errors(county: Any) -> Path:
    planted = json.loads(county.answer_key.read_text("utf-8"))["planted"]
    files = [p["file"] for p in planted if p["severity"] == "error" and p["file"].endswith("xlsx")]
    return county.inbox.parent / files[0]


def active(path: Path) -> tuple[str, str]:
    ws = load_workbook(path).active
    return ws.title, ws.sheet_view.selection[0].activeCell


def test_the_copy_opens_at_the_findings_sheet_and_cell(qtbot, window, county, opened) -> None:
    page = window.validate_view
    with qtbot.waitSignal(page.job.finished, timeout=120_000):
        drop(window, school_with_errors(county))
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
