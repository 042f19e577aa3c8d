"""The window applies the mapping file of the settings folder to the files it checks."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.core.reader.reader_corpus import id_number
from tests.ui.conftest import drop
from ui.main_window import MainWindow

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
