"""The window applies the mapping file of the settings folder to the files it checks."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from core.catalogue import fold
from core.mapping import load_mapping
from tests.core.reader.reader_corpus import id_number
from tests.ui.conftest import drop
from ui.main_window import MainWindow
from ui.taught import teach_sheet

pytestmark = pytest.mark.slow
TAUGHT = """
[columns]
"本月上课天数" = "days_due"
"本月到校天数" = "days_present"
"缺课天数" = "days_absent"
"""


def _attendance(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "出勤表"
    sheet.append(["姓名", "身份证件号", "本月上课天数", "本月到校天数", "缺课天数"])
    sheet.append(["学生1", id_number(1), 20, 18, 2])
    book.save(path)
    return path


def _codes(qtbot, ctx, path: Path) -> set[tuple[str, str | None]]:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.validate_view.job.finished, timeout=120_000):
        drop(window, path)
    return {(f.code, f.sheet) for f in window.validate_view.findings.shown()}


def test_a_sheet_unrecognised_without_the_mapping_file_is_read_with_it(qtbot, ctx, tmp_path):
    path = _attendance(tmp_path / "出勤.xlsx")
    ctx.mapping_file = tmp_path / "mapping.toml"
    before = _codes(qtbot, ctx, path)
    ctx.mapping_file.write_text(TAUGHT, encoding="utf-8")
    after = _codes(qtbot, ctx, path)
    # read as the attendance sheet: what is missing now is the rest of a school's report
    assert (before, after) == (
        {("unknown-form", None), ("unrecognised-sheet", "出勤表")},
        {("missing-sheet", None), ("missing-column", "出勤表")},
    )


def test_assign_as_teaches_an_unrecognised_sheet_and_survives_a_restart(qtbot, ctx, tmp_path):
    path = _attendance(tmp_path / "出勤.xlsx")
    ctx.mapping_file = tmp_path / "config" / "mapping.toml"
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    view = window.validate_view
    with qtbot.waitSignal(view.job.finished, timeout=120_000):
        drop(window, path)
    unrecognised = next(f for f in view.findings.shown() if f.code == "unrecognised-sheet")
    view.findings.finding_selected.emit(unrecognised)
    assert view.detail.assign_button.isVisibleTo(view.detail)
    ctx.choosers.answers = ["考勤汇总"]
    with qtbot.waitSignal(view.job.finished, timeout=120_000):
        view.detail.assign_button.click()
    assert ctx.choosers.asked == ["指定为…"]
    after = {(f.code, f.sheet) for f in view.findings.shown()}
    # read as the 考勤汇总 form now: its own columns are missing or extra, not the whole sheet
    assert after == {
        ("missing-sheet", None),
        ("missing-column", "出勤表"),
        ("extra-column", "出勤表"),
    }
    # the CLI's --mapping reads the same file, and a new window (a restart) still applies it
    assert load_mapping(ctx.mapping_file).sheet(fold("出勤表")) == "attendance"
    assert _codes(qtbot, ctx, path) == after


def test_teaching_a_sheet_keeps_what_the_file_already_taught(tmp_path):
    mapping_file = tmp_path / "mapping.toml"
    mapping_file.write_text(TAUGHT, encoding="utf-8")
    teach_sheet(mapping_file, '出勤"表"', "attendance")
    teach_sheet(mapping_file, "学生名单", "roster")
    taught = load_mapping(mapping_file)
    assert (taught.columns, taught.sheets) == (
        frozenset(
            {
                ("本月上课天数", "days_due"),
                ("本月到校天数", "days_present"),
                ("缺课天数", "days_absent"),
            }
        ),
        frozenset({(fold('出勤"表"'), "attendance"), (fold("学生名单"), "roster")}),
    )
    assert [p.name for p in tmp_path.iterdir()] == ["mapping.toml"]
