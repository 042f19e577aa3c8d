"""在 Excel 中打开: the annotated copy opens at the finding's sheet and cell."""

from __future__ import annotations

import json
from dataclasses import replace
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


def _stale_temporaries(folder: Path, name: str) -> dict[str, bool]:
    """Temporaries a killed run left in folder (swept) beside others that must stay."""
    import subprocess
    import sys

    from core.outputs import TEMP_PREFIX

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    folder.mkdir(parents=True, exist_ok=True)
    planted = {
        f"{TEMP_PREFIX}{dead.pid}-0123abcd.{name}": False,  # a killed run's: removed
        f".~{dead.pid}-0123abcd.{name}": True,  # not our naming: never touched
    }
    for planted_name in planted:
        (folder / planted_name).write_bytes(b"half a workbook")
    return planted


def test_opening_at_a_cell_leaves_no_temporary_and_sweeps_a_killed_runs(
    qtbot, window, county, opened
) -> None:
    page = window.validate_view
    school = schools_with_errors(county)[0]
    with qtbot.waitSignal(page.job.finished, timeout=120_000):
        drop(window, school)
    row, finding = next((r, f) for r, f in enumerate(page.findings.shown()) if f.cell)
    copies = window.ctx.copies_dir
    planted = _stale_temporaries(copies, f"{school.stem}_校验结果.xlsx")
    page.findings.select_row(row)
    with qtbot.waitSignal(page.excel_job.finished, timeout=60_000):
        page.detail.open_button.click()
    kept = {name for name, stays in planted.items() if stays}
    assert {p.name for p in copies.iterdir()} == {opened[-1].name, *kept}
    assert active(opened[-1]) == (finding.sheet, finding.cell)


def test_a_copy_of_the_input_opens_at_the_cell_and_leaves_no_temporary(county, tmp_path) -> None:
    from core.model.findings import make_finding
    from core.progress import Progress
    from ui.tasks import copy_at_task

    school = schools_with_errors(county)[0]
    sheet = load_workbook(school, read_only=True).sheetnames[-1]
    finding = replace(
        make_finding("extra-column", file=str(school), sheet=sheet, column="C", field="x"), row=4
    )
    out = tmp_path / "副本"
    planted = _stale_temporaries(out, school.name)
    before = school.read_bytes()
    copy = copy_at_task(school, out, finding)(Progress())
    kept = {name for name, stays in planted.items() if stays}
    assert {p.name for p in out.iterdir()} == {school.name, *kept}
    assert active(copy) == (sheet, "C4")
    assert school.read_bytes() == before  # the input is never written to
