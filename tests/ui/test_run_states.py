"""What a refused, failed or cancelled run leaves on screen: a message, no file, no old results."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from core.consolidate.figures import CountyFigures
from core.progress import Progress
from ui.main_window import MainWindow
from ui.output_check import output_file_problem, output_folder_problem
from ui.views import consolidate_view


@pytest.fixture
def window(qtbot, ctx) -> MainWindow:
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    return w


@pytest.fixture
def county_dir(tmp_path: Path) -> Path:
    """An inbox with one (unreadable, but present) workbook and a school list beside it."""
    (tmp_path / "收件箱").mkdir()
    (tmp_path / "收件箱" / "一中.xlsx").write_bytes(b"")
    (tmp_path / "学校名录.xlsx").write_bytes(b"")
    return tmp_path


def test_a_folder_as_the_county_workbook_is_refused_before_the_run(window, county_dir) -> None:
    view = window.consolidate_view
    view.inbox.set_text(str(county_dir / "收件箱"))
    view.period.setText("2026-10")
    (county_dir / "输出").mkdir()
    view.out.set_text(str(county_dir / "输出"))
    view.run_button.click()
    message = (
        f"县区汇总工作簿的保存位置“{county_dir / '输出'}”是一个文件夹，"
        "请选择或填写一个 .xlsx 文件名。"
    )
    assert view.status.text() == message
    assert view.progress.label.text() == f"未开始：{message}"
    assert not view.job.running
    assert sorted(p.name for p in county_dir.rglob("*")) == [
        "一中.xlsx",
        "学校名录.xlsx",
        "收件箱",
        "输出",
    ]


def test_output_paths_that_would_overwrite_an_input_or_land_in_the_inbox(tmp_path) -> None:
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    school_list = tmp_path / "学校名录.xlsx"
    school_list.write_bytes(b"")
    label = "县区汇总工作簿"
    assert output_file_problem(str(school_list), label, [str(school_list)], str(inbox)) == (
        "县区汇总工作簿不能保存到输入文件本身（学校名录.xlsx），否则会覆盖它，请换一个文件名。"
    )
    assert output_file_problem(str(inbox / "汇总.xlsx"), label, [], str(inbox)) == (
        "县区汇总工作簿不能保存在收件箱文件夹里（下次汇总会把它当成学校报表），"
        "请保存到收件箱旁边的文件夹。"
    )
    assert output_file_problem(str(tmp_path / "汇总.txt"), label) == (
        "县区汇总工作簿应保存为 .xlsx 文件，请改一下文件名：汇总.txt"
    )
    assert output_folder_problem(str(inbox / "反馈"), "各校标注副本文件夹", str(inbox)) == (
        "各校标注副本文件夹不能放在收件箱文件夹里（下次汇总会把副本当成学校报表），请换一个文件夹。"
    )
    assert output_file_problem(str(tmp_path / "新建" / "汇总.xlsx"), label, [], str(inbox)) is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_folder_is_refused(tmp_path) -> None:
    locked = tmp_path / "只读"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert output_file_problem(str(locked / "汇总.xlsx"), "县区汇总工作簿") == (
            f"没有权限在文件夹“{locked}”中写入县区汇总工作簿，请换一个位置。"
        )
    finally:
        locked.chmod(0o700)


class FakeResult:
    """What the 汇总 page reads of a ConsolidationResult, for one school."""

    def __init__(self, out: Path) -> None:
        self.submissions: list[Any] = []
        self.missing: list[Any] = []
        self.accepted: list[Any] = []
        self.totals: dict[str, int] = {}
        self.notes: list[str] = []
        self.out_path = out
        self.feedback_paths: list[Path] = []
        self.figures = CountyFigures()
        self.register = None
        self.coverage = None

    def all_findings(self) -> list[Any]:
        return []


def test_a_failed_run_clears_the_old_results_and_says_so(
    qtbot, window, county_dir, monkeypatch
) -> None:
    view = window.consolidate_view
    view.inbox.set_text(str(county_dir / "收件箱"))
    view.period.setText("2026-10")
    view.out.set_text(str(county_dir / "县区汇总.xlsx"))
    monkeypatch.setattr(
        consolidate_view,
        "consolidate_task",
        lambda *_a: lambda _p: (FakeResult(county_dir / "县区汇总.xlsx"), None),
    )
    with qtbot.waitSignal(view.job.finished):
        view.run_button.click()
    assert view.open_workbook_button.isEnabled()

    def broken(*_args: Any) -> Any:
        def task(_progress: Progress) -> None:
            raise RuntimeError("a bug")

        return task

    monkeypatch.setattr(consolidate_view, "consolidate_task", broken)
    with qtbot.waitSignal(view.job.finished):
        view.run_button.click()
    assert view.status.text() == (
        "汇总出错，未完成，没有写出县区汇总工作簿（详见错误窗口和日志）。"
    )
    assert view.progress.label.text() == "出错，未完成（详见错误窗口和日志）"
    assert view.progress.bar.value() == 0
    assert not view.open_workbook_button.isEnabled()
    assert view.result is None
    window.error_dialog.close()


def test_a_full_disk_is_said_in_chinese_without_the_crash_dialog(
    qtbot, window, county_dir, monkeypatch
) -> None:
    import errno

    view = window.consolidate_view
    view.inbox.set_text(str(county_dir / "收件箱"))
    view.period.setText("2026-10")
    out = county_dir / "县区汇总.xlsx"

    def full(*_args: Any) -> Any:
        def task(_progress: Progress) -> None:
            raise OSError(errno.ENOSPC, "No space left on device", str(out))

        return task

    monkeypatch.setattr(consolidate_view, "consolidate_task", full)
    with qtbot.waitSignal(view.job.finished):
        view.run_button.click()
    said = "无法读写文件“县区汇总.xlsx”：磁盘空间不足（系统信息：No space left on device）。"
    assert view.status.text() == said
    assert view.progress.label.text() == said
    assert window.error_dialog is None
    assert view.run_button.isEnabled()


@pytest.mark.parametrize("page", ["consolidate_view", "rollup_view"])
def test_a_refusal_after_a_run_unfolds_the_form_on_the_field_to_fix(
    qtbot, window, county_dir, page
) -> None:
    # after a run the form is folded into its summary line; a refused rerun opens it again
    view = getattr(window, page)
    view.inbox.set_text(str(county_dir / "收件箱"))
    view.period.setText("2026-10")
    view.form_box.collapse("上次的条件")
    assert not view.out.isVisibleTo(view)
    view.out.set_text(str(county_dir / "收件箱"))
    view.run_button.click()
    label = "县区汇总工作簿" if page == "consolidate_view" else "本级汇总工作簿"
    message = (
        f"{label}的保存位置“{county_dir / '收件箱'}”是一个文件夹，请选择或填写一个 .xlsx 文件名。"
    )
    assert (view.form_box.collapsed, view.out.isVisibleTo(view), view.status.isVisibleTo(view)) == (
        False,
        True,
        True,
    )
    assert (view.status.text(), view.progress.label.text()) == (message, f"未开始：{message}")
    assert not view.job.running
