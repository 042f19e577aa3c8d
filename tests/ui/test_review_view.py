"""复核 page: the quarter's re-check and the field check-list of demo --months 3, in the window,
off the UI thread, cancellable, remembered; the flags shown with why and the school's months."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from core.catalogue import review as rv
from core.policy import default_policy
from core.reader.workbook import read_workbook
from core.register.query import status
from core.register.review import review
from tests.desktop.register_months import (
    check_list_columns,
    consolidated_demo,
    fill_check_list,
    run,
)
from ui.main_window import MainWindow
from ui.views.review_view import (
    CANCELLED,
    IMPORT_CANCELLED,
    MONTH_COLUMNS,
    REFRESHED,
    _text,
)

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


def _check_list(county, tmp_path) -> tuple[Path, Path, dict[int, tuple[str, str]]]:
    """A copy of the register and its 2026-12 入户核查清单: (register, list, Excel row ->
    (学校标识码, 个案状态) of each case listed)."""
    out, shared = county
    register = tmp_path / "个案登记册.sqlite"
    shutil.copy(shared, register)
    book = tmp_path / "入户核查清单.xlsx"
    month = out / "2026-12"
    code, _ = run("checklist", "--period", month.name, "--county", str(month / "县区汇总.xlsx"),
                  "--register", str(register), "--out", str(book))  # fmt: skip
    assert code == 0
    ws = openpyxl.load_workbook(book, read_only=True)["入户核查清单"]
    keys = [c.key for c in rv.FIELD_CHECK.columns]
    listed = {
        n: (r[keys.index("school_code")], r[keys.index("case_state")])
        for n, r in enumerate(ws.iter_rows(min_row=3, values_only=True), start=3)
    }
    return register, book, listed


def _import(qtbot, page, paths: list[Path], choosers) -> None:
    choosers.answers.append([str(p) for p in paths])
    with qtbot.waitSignal(page.job.finished, timeout=180_000):
        page.import_button.click()


def _row_of(table, school: str, period: str) -> tuple[str, ...]:
    return next(r for r in _cells(table) if r[:2] == (school, period))


def test_a_filled_check_list_is_imported_and_the_review_shown_again(qtbot, ctx, county, tmp_path):
    register, book, listed = _check_list(county, tmp_path)
    # the clerk visits one 疑似辍学 pupil of a school (back at school) and writes a result
    # outside the code list for another
    back = next(n for n, (school, state) in listed.items() if school and state == "疑似辍学")
    wrong = next(n for n in listed if n != back)
    day = dt.date(2026, 12, 3)
    visits = {
        back: {"check_date": day, "checker": "核查员甲", "check_result": "已返校"},
        wrong: {"check_date": day, "checker": "核查员甲", "check_result": "回老家了"},
    }
    filled = fill_check_list(book, visits, tmp_path / "已填入户核查清单.xlsx")
    ctx.register_file = register
    window = _window(qtbot, ctx)
    page = window.review_view
    page.quarter.setText("2026Q4")
    page.out.set_text(str(tmp_path / "季度复核.xlsx"))
    with qtbot.waitSignal(page.job.finished, timeout=180_000):
        page.run_button.click()
    school = listed[back][0]
    before = _row_of(page.months, school, "2026-12")
    _import(qtbot, page, [filled], ctx.choosers)
    assert ctx.choosers.asked[-1] == "选择已填写的入户核查清单或平台推送核实工作簿"
    # what each file was recognised as and what it turned into, in the words of the CLI
    assert page.import_summary.text().split("\n") == [
        f"已导入个案登记册：{register}",
        f"入户核查清单 2026-12（{filled}）：已核查 1 人，未填 {len(listed) - 2} 行，"
        "个案状态变更：已返校 1 件，问题 1 处",
    ]
    assert page.tabs.currentWidget() is page.import_tab
    # the unreadable result is a finding at its file, sheet, row and column
    allowed = "、".join(c.label for c in rv.cl.CHECK_RESULT.codes)
    column = check_list_columns()["check_result"]
    assert [
        (f.severity, f.file, f.sheet, f.row, f.column, f.message)
        for f in page.import_findings.panel.shown()
    ] == [
        (
            "error",
            str(filled),
            "入户核查清单",
            wrong,
            column,
            f"核查结果“回老家了”不在可选值中（可选：{allowed}）",
        )
    ]
    page.import_findings.panel.select_row(0)
    assert page.import_findings.detail.title.text() == "【错误】不在代码表中"
    # the register has the visit
    assert status(register)["field_checks"] == {"visits": 1, "by_result": {"已返校": 1}}
    # and the review shown is run again from it: the pupil is back at school in 2026-12
    with qtbot.waitSignal(page.job.finished, timeout=180_000):
        pass  # the review the import started
    after = review(register, "2026Q4", default_policy())
    assert _cells(page.months) == [
        (r["school_code"], *(_text(r.get(k)) for k, _ in MONTH_COLUMNS)) for r in after.rows
    ]
    changed = {
        header: (before[i + 1], now)
        for i, ((_, header), now) in enumerate(
            zip(MONTH_COLUMNS, _row_of(page.months, school, "2026-12")[1:], strict=True)
        )
        if before[i + 1] != now
    }
    assert set(changed) == {"返校", "结案"}
    assert all(int(now) == int(was) + 1 for was, now in changed.values())
    assert page.status.text().split("\n")[-1] == REFRESHED
    # the workbook of the review is rewritten with it
    written = read_workbook(page.outcome.review_path)
    months = next(t for t in written.tables if t.form.key == "review.months").data
    mine = months[(months["school_code"] == school) & (months["period"] == "2026-12")]
    now = next(r for r in after.rows if (r["school_code"], r["period"]) == (school, "2026-12"))
    pair = [[now["returned_n"], now["closed_n"]]]
    assert mine[["returned_n", "closed_n"]].values.tolist() == pair
    assert (page.import_button.isEnabled(), page.run_button.isEnabled()) == (True, True)


def test_a_damaged_register_or_an_earlier_month_is_refused_with_nothing_written(
    qtbot, ctx, county, tmp_path
):
    out, _ = county
    register, book, _ = _check_list(county, tmp_path)
    ctx.register_file = register
    window = _window(qtbot, ctx)
    page = window.review_view
    before = status(register)
    # a county workbook of a month before the register's last: core's words, the window's hint
    _import(qtbot, page, [out / "2026-10" / "县区汇总.xlsx"], ctx.choosers)
    said = (
        "登记册中已有 2026-12 的汇总，不能再记录更早的 2026-10；窗口中不补录更早的月份；"
        "确需补录时请用命令行 schoolroll register import --allow-earlier"
    )
    assert page.status.text() == said
    assert page.progress.label.text() == f"未导入：{said}"
    assert status(register) == before
    assert page.imported is None
    # a workbook that is neither a filled list nor a county workbook
    school_list = out / "2026-12" / "学校名录.xlsx"
    _import(qtbot, page, [school_list, book], ctx.choosers)
    assert page.status.text() == (
        f"“{school_list}”读作县区学校名录，不是可导入的工作簿：只能导入 SchoolRoll 的"
        "县区汇总工作簿和填好的入户核查清单、平台推送核实（请保留它们原有的表头）；未导入任何内容"
    )
    assert status(register) == before
    # a file that is no register at all
    fake = tmp_path / "假登记册.sqlite"
    fake.write_bytes(b"not a database" * 100)
    page.register.set_text(str(fake))
    _import(qtbot, page, [book], ctx.choosers)
    assert page.status.text() == (
        f"“{fake}”已损坏或不是个案登记册（file is not a database），未作任何改动"
    )
    assert fake.read_bytes() == b"not a database" * 100
    # no register chosen: nothing is asked
    page.register.set_text("")
    asked = len(ctx.choosers.asked)
    page.import_button.click()
    assert page.status.text() == (
        "请选择存在的个案登记册（命令行 consolidate --register 记录的 .sqlite 文件）。"
    )
    assert len(ctx.choosers.asked) == asked


def test_cancelling_an_import_says_so(qtbot, ctx, county, tmp_path):
    register, book, listed = _check_list(county, tmp_path)
    first = min(listed)
    filled = fill_check_list(book, {first: {"check_result": "已返校"}}, tmp_path / "已填.xlsx")
    ctx.register_file = register
    window = _window(qtbot, ctx)
    page = window.review_view
    ctx.choosers.answers.append([str(filled)])
    with qtbot.waitSignal(page.job.finished, timeout=180_000):
        page.import_button.click()
        page.progress.cancel_button.click()
    assert (page.status.text(), page.progress.label.text()) == (IMPORT_CANCELLED, IMPORT_CANCELLED)
    assert status(register)["field_checks"] == {"visits": 0, "by_result": {}}
    assert page.imported is None
