"""汇总 page with the case register: demo --months 2 consolidated month by month in the window
leaves the register the CLI leaves; an earlier month after a later one is refused in Chinese
with nothing written; an unchecked box records nothing; the choice is kept across restarts."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest

from core.reader.workbook import read_workbook
from core.register.query import status
from desktop.cli import main
from desktop.commands.consolidate import summary_text as cli_summary
from ui.context import UiContext
from ui.main_window import MainWindow

pytestmark = pytest.mark.slow
OPEN = {"pending", "suspected", "dropout"}


@pytest.fixture(scope="module")
def months(tmp_path_factory) -> list[Path]:
    """demo --months 2: each month's folder (收件箱 and the county's lists beside it)."""
    out = tmp_path_factory.mktemp("months")
    assert main(["demo", "--out", str(out), "--period", "2026-09", "--months", "2",
                 "--schools", "3", "--students", "40", "--seed", "5"]) == 0  # fmt: skip
    return sorted(m for m in out.iterdir() if m.is_dir())


def _window(qtbot, ctx: UiContext) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.consolidate_view)
    return window


def _consolidate_in_window(qtbot, window: MainWindow, month: Path, out: Path) -> dict[str, str]:
    """Fill the 汇总 page for one month and run it; the reference lists it found by itself."""
    view = window.consolidate_view
    view.inbox.set_text(str(month / "收件箱"))
    view.period.setText(month.name)
    view.out.set_text(str(out))
    with qtbot.waitSignal(view.job.finished, timeout=300_000):
        view.run_button.click()
    return {k: f.text() for k, f in view.refs.items() if f.text()}


def _consolidate_with_cli(month: Path, refs: dict[str, str], register: Path, out: Path) -> dict:
    argv = ["consolidate", str(month / "收件箱"), "--period", month.name, "--out", str(out)]
    for key, path in refs.items():
        argv += [f"--{key}", path]
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        code = main([*argv, "--register", str(register), "--json"])
    assert code in (0, 1)
    return json.loads(text.getvalue())


def _recorded_line(outcome: dict) -> str:
    return (
        f"个案登记册：本月新立案 {outcome['opened']} 件，结案 {outcome['closed']} 件，"
        f"仍在跟踪 {outcome['open']} 件，逐月比对发现问题 {outcome['findings']} 条。"
    )


def _open_cases(doc: dict) -> list[tuple]:
    return sorted(
        (c["id_number"], c["name"], c["school_code"], c["state"], c["opened"], c["attempts"])
        for c in doc["cases"]
        if c["state"] in OPEN
    )


def test_two_months_in_the_window_leave_the_register_the_cli_leaves(
    qtbot, ctx, months, tmp_path
) -> None:
    data = tmp_path / "数据"  # the data folder does not exist yet: the register is created
    ctx.register_file = data / "个案登记册.sqlite"
    window = _window(qtbot, ctx)
    view = window.consolidate_view
    assert view.record_box.text() == "记入个案登记册"
    assert view.record_box.isChecked()
    assert view.register.text() == str(ctx.register_file)
    cli_register = tmp_path / "命令行" / "个案登记册.sqlite"
    for month in months:
        refs = _consolidate_in_window(
            qtbot, window, month, tmp_path / f"县区汇总_{month.name}.xlsx"
        )
        assert set(refs) >= {"schools", "household", "poverty"}
        doc = _consolidate_with_cli(month, refs, cli_register, tmp_path / f"cli_{month.name}.xlsx")
        lines = view.status.text().split("\n")
        assert _recorded_line(doc["register"]) in lines
        assert view.result.register == doc["register"]
        # the CLI's text summary says it in the same words
        assert _recorded_line(doc["register"]) in cli_summary(view.result, None).split("\n")
        assert (tmp_path / f"县区汇总_{month.name}.xlsx").is_file()
        # the 复核 page starts with the register just recorded
        assert window.review_view.register.text() == str(ctx.register_file)
    mine, theirs = status(ctx.register_file), status(cli_register)
    assert mine["periods"] == theirs["periods"] == [m.name for m in months]
    assert mine["months"] == theirs["months"]
    assert mine["cases"] == theirs["cases"]
    assert _open_cases(mine) == _open_cases(theirs)
    assert _open_cases(mine), "the sample keeps cases open across its months"

    # an earlier month after the later one: refused in Chinese, nothing written
    before = status(ctx.register_file)
    refused_out = tmp_path / "补录.xlsx"
    _consolidate_in_window(qtbot, window, months[0], refused_out)
    said = (
        f"登记册中已有 {months[1].name} 的汇总，不能再记录更早的 {months[0].name}；"
        "窗口中不补录更早的月份；只需这个月的汇总工作簿时，请取消勾选“记入个案登记册”再汇总"
    )
    assert view.status.text() == said
    assert view.progress.label.text() == f"未完成：{said}"
    assert window.error_dialog is None
    assert not view.form_box.collapsed
    assert view.result is None
    assert not view.open_workbook_button.isEnabled()
    assert not refused_out.exists()
    assert status(ctx.register_file) == before
    assert view.run_button.isEnabled()


def test_an_unchecked_box_records_nothing(qtbot, ctx, months, tmp_path) -> None:
    ctx.register_file = tmp_path / "数据" / "个案登记册.sqlite"
    window = _window(qtbot, ctx)
    view = window.consolidate_view
    view.record_box.setChecked(False)
    assert not view.register.isEnabled()
    _consolidate_in_window(qtbot, window, months[0], tmp_path / "县区汇总.xlsx")
    assert (tmp_path / "县区汇总.xlsx").is_file()
    assert view.result.register is None
    assert not ctx.register_file.exists()
    assert not ctx.register_file.parent.exists()
    assert not any(line.startswith("个案登记册") for line in view.status.text().split("\n"))
    assert window.review_view.register.text() == ""


def test_the_overview_shows_the_household_coverage_the_county_workbook_has(
    qtbot, ctx, months, tmp_path
) -> None:
    """Month 2 without one school: the 县区概况 shows 户籍比对覆盖学校数, 未覆盖学校数 and the
    户籍 children on its last roll, as 汇总信息 of the county workbook has them."""
    for month in months:
        shutil.copytree(month, tmp_path / month.name, ignore=shutil.ignore_patterns("县区汇总*"))
    first, second = (tmp_path / m.name for m in months)
    inbox = second / "收件箱"
    silent = max(inbox.iterdir(), key=lambda p: read_workbook(p).identity().school_code)
    silent.unlink()
    ctx.register_file = tmp_path / "数据" / "个案登记册.sqlite"
    window = _window(qtbot, ctx)
    view = window.consolidate_view
    _consolidate_in_window(qtbot, window, first, tmp_path / "县区汇总_1.xlsx")
    assert view.overview.coverage.text().split("\n") == [
        "户籍比对覆盖学校数：3",
        "户籍比对未覆盖学校数：0",
        "未覆盖学校上月在籍的户籍儿童数：0",
    ]
    out = tmp_path / "县区汇总_2.xlsx"
    _consolidate_in_window(qtbot, window, second, out)
    info = read_workbook(out).record("county-info").values
    shown = view.overview.coverage.text().split("\n")
    assert shown == [
        f"户籍比对覆盖学校数：{info['household_covered']}",
        f"户籍比对未覆盖学校数：{info['household_not_covered']}",
        f"未覆盖学校上月在籍的户籍儿童数：{info['household_last_roll']}",
    ]
    assert shown[:2] == ["户籍比对覆盖学校数：2", "户籍比对未覆盖学校数：1"]
    assert info["household_last_roll"] > 0, "the silent school's pupils are on the 户籍 list"
    assert not view.overview.coverage.isHidden()
    # without a register the last roll is unknown, and without a 户籍 list nothing is shown
    view.record_box.setChecked(False)
    _consolidate_in_window(qtbot, window, second, tmp_path / "无登记册.xlsx")
    assert view.overview.coverage.text().split("\n") == [
        "户籍比对覆盖学校数：2",
        "户籍比对未覆盖学校数：1",
    ]
    view.inbox.set_text(str(second / "收件箱"))
    view.refs["household"].set_text("")
    with qtbot.waitSignal(view.job.finished, timeout=300_000):
        view.run_button.click()
    assert view.result.coverage is None
    assert (view.overview.coverage.text(), view.overview.coverage.isHidden()) == ("", True)
