"""复核 page: the quarter's re-check and the field check-list of demo --months 3, in the window,
off the UI thread, cancellable, remembered; the flags shown with why and the school's months."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from core.policy import default_policy
from core.reader.workbook import read_workbook
from core.register.review import review
from tests.desktop.register_months import consolidated_demo
from ui.main_window import MainWindow
from ui.views.review_view import CANCELLED, MONTH_COLUMNS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """demo --months 3 from 2026-10, each month consolidated into one register (as
    tests/desktop/test_review.py builds it): (dir, register)."""
    out = tmp_path_factory.mktemp("quarter")
    return out, consolidated_demo(out, "2026-10", lists=("schools", "household"))


def _window(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.review_view)
    return window


def _cells(table) -> list[tuple[str, ...]]:
    return [
        tuple(table.item(r, c).text() for c in range(table.columnCount()))
        for r in range(table.rowCount())
    ]


def test_the_quarter_is_re_checked_and_the_check_list_written(qtbot, ctx, county, opened):
    out, register = county
    ctx.register_file = register
    window = _window(qtbot, ctx)
    page = window.review_view
    # the register the CLI keeps is proposed; outputs beside what was chosen
    assert page.register.text() == str(register)
    page.quarter.setText("2026Q4")
    page.county.set_text(str(out / "2026-12" / "县区汇总.xlsx"))
    page.period.setText("2026-12")
    assert page.out.text() == str(out / "2026-12" / "季度复核_2026Q4.xlsx")
    assert page.checklist_out.text() == str(out / "2026-12" / "入户核查清单_2026-12.xlsx")
    with qtbot.waitSignal(page.job.finished, timeout=180_000):
        page.run_button.click()
    expected = review(register, "2026Q4", default_policy())
    assert expected.flags, "the sample plants a reopened case"
    # every flag, with why, as the CLI's review computes it
    assert _cells(page.flags) == [
        (f["school_code"], f["period"], f["flag"], f["why"], f["pupil"] or "")
        for f in expected.flags
    ]
    # the detail pane: the flag's why and its school's three months, the flagged month selected
    page.flags.selectRow(len(expected.flags) - 1)
    last = expected.flags[-1]
    assert page.detail.why.text() == f"为什么：{last['why']}"
    assert page.detail.title.text() == f"【需复核】{last['flag']}"
    mine = [r for r in expected.rows if r["school_code"] == last["school_code"]]
    assert [row[0] for row in _cells(page.detail.months)] == [r["period"] for r in mine]
    selected = page.detail.months.selectionModel().selectedRows()
    assert [mine[i.row()]["period"] for i in selected] == [last["period"]]
    assert len(_cells(page.months)) == len(expected.rows)
    # both workbooks written, read back as their forms; the check-list lists the open cases
    review_book = read_workbook(page.outcome.review_path)
    assert {t.form.key for t in review_book.tables} >= {"review.months", "review.flags"}
    flags_sheet = openpyxl.load_workbook(page.outcome.review_path, read_only=True)["复核关注"]
    whys = [r[list(r).index(last["why"])] for r in flags_sheet.iter_rows(values_only=True)
            if last["why"] in r]  # fmt: skip
    assert whys == [last["why"]]
    # the check-list shown is the one written: its pupils, read back as its form, in order
    listed = read_workbook(page.outcome.checklist_path).tables
    assert [t.data["name"].tolist() for t in listed] == [[row[2] for row in _cells(page.checks)]]
    assert page.checks.rowCount() > 0
    assert Path(page.outcome.checklist_path).is_file()
    assert page.status.text().splitlines()[0] == (
        f"2026Q4：学校 {len({r['school_code'] for r in expected.rows})} 所，"
        f"需复核 {len(expected.flags)} 处。"
    )
    assert page.form_box.collapsed
    page.open_checklist_button.click()
    assert opened == [page.outcome.checklist_path]
    # remembered: a new window (a restart) has the same paths; the quarter and the month
    # follow today, and the outputs proposed follow them
    page.county_name.setText("固始县")
    window.close()
    second = _window(qtbot, ctx)
    again = second.review_view
    month = again.period.text()
    assert (again.register.text(), again.county.text(), again.county_name.text()) == (
        str(register),
        str(out / "2026-12" / "县区汇总.xlsx"),
        "固始县",
    )
    assert again.checklist_out.text() == str(out / "2026-12" / f"入户核查清单_{month}.xlsx")
    assert again.out.text() == str(out / "2026-12" / f"季度复核_{again.quarter.text()}.xlsx")


def test_a_quarter_the_register_does_not_hold_is_refused_and_writes_nothing(
    qtbot, ctx, county, tmp_path
):
    _, register = county
    ctx.register_file = register
    window = _window(qtbot, ctx)
    page = window.review_view
    page.quarter.setText("2025Q1")
    page.out.set_text(str(tmp_path / "复核.xlsx"))
    with qtbot.waitSignal(page.job.finished, timeout=180_000):
        page.run_button.click()
    assert page.status.text() == (
        "登记册中没有 2025Q1（2025-01 至 2025-03）任何月份的汇总："
        "先用 schoolroll consolidate --register 记录这些月份。"
    )
    assert page.progress.label.text() == f"未开始：{page.status.text()}"
    assert not (tmp_path / "复核.xlsx").exists()
    assert page.outcome is None
    page.quarter.setText("2026-10")
    page.run_button.click()
    assert page.status.text() == "复核季度“2026-10”格式不对，应为 YYYYQn（如 2026Q4）。"
    assert not page.job.running


def test_cancelling_writes_nothing_and_says_so(qtbot, ctx, county, tmp_path):
    out, register = county
    ctx.register_file = register
    window = _window(qtbot, ctx)
    page = window.review_view
    page.quarter.setText("2026Q4")
    page.out.set_text(str(tmp_path / "复核.xlsx"))
    page.county.set_text(str(out / "2026-12" / "县区汇总.xlsx"))
    page.checklist_out.set_text(str(tmp_path / "清单.xlsx"))
    with qtbot.waitSignal(page.job.finished, timeout=180_000):
        page.run_button.click()
        page.progress.cancel_button.click()
    assert (page.status.text(), page.progress.label.text()) == (CANCELLED, CANCELLED)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx") == []
    assert not page.open_button.isEnabled()


def test_the_months_table_has_every_column_of_the_review_row(county):
    _, register = county
    row = review(register, "2026Q4", default_policy()).rows[0]
    assert {k for k, _ in MONTH_COLUMNS} <= set(row)
