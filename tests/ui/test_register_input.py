"""汇总 page's 个案登记册 input without the engine: its default, its refusals before a run, its
picker, and the choice kept across a restart."""

from __future__ import annotations

from pathlib import Path

from ui.context import UiContext
from ui.main_window import MainWindow


def _window(qtbot, ctx: UiContext) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    return window


def _inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "县" / "收件箱"
    inbox.mkdir(parents=True)
    return inbox


def test_without_a_data_folder_register_the_box_is_off(qtbot, ctx) -> None:
    view = _window(qtbot, ctx).consolidate_view
    assert not view.record_box.isChecked()
    assert view.register.text() == ""
    assert not view.register.isEnabled()
    assert view.register_path() is None


def test_an_existing_register_is_proposed_and_on(qtbot, ctx, tmp_path) -> None:
    ctx.register_file = tmp_path / "个案登记册.sqlite"
    ctx.register_file.write_bytes(b"")
    view = _window(qtbot, ctx).consolidate_view
    assert view.record_box.isChecked()
    assert view.register.isEnabled()
    assert view.register_path() == ctx.register_file


def test_a_register_that_cannot_be_one_starts_off(qtbot, ctx, tmp_path) -> None:
    ctx.register_file = tmp_path / "个案登记册.sqlite"
    ctx.register_file.mkdir()  # a folder where the file should be
    view = _window(qtbot, ctx).consolidate_view
    assert view.register.text() == str(ctx.register_file)
    assert not view.record_box.isChecked()


def test_a_wrong_register_is_refused_before_the_run(qtbot, ctx, tmp_path) -> None:
    inbox = _inbox(tmp_path)
    ctx.register_file = tmp_path / "数据" / "个案登记册.sqlite"
    view = _window(qtbot, ctx).consolidate_view
    view.inbox.set_text(str(inbox))
    view.period.setText("2026-10")
    view.out.set_text(str(tmp_path / "县" / "县区汇总_2026-10.xlsx"))
    assert view.problem() is None
    for given, said in (
        ("", "请选择个案登记册，或取消勾选“记入个案登记册”。"),
        (str(tmp_path), f"个案登记册“{tmp_path}”是一个文件夹，请选择或填写一个 .sqlite 文件名。"),
        (
            str(inbox / "个案登记册.sqlite"),
            "个案登记册不能放在收件箱文件夹里，请放到收件箱旁边或数据文件夹中。",
        ),
        (
            str(tmp_path / "县" / "县区汇总_2026-10.xlsx"),
            "个案登记册不能是汇总的输入或输出文件（县区汇总_2026-10.xlsx），请换一个文件名。",
        ),
    ):
        view.register.set_text(given)
        view.run_button.click()
        assert not view.job.running
        assert view.status.text() == said
        assert view.progress.label.text() == f"未开始：{said}"
    view.record_box.setChecked(False)  # unchecked, the register is not asked about
    assert view.problem() is None


def test_the_picker_adds_to_a_register_and_the_choice_is_kept(qtbot, ctx, tmp_path) -> None:
    ctx.register_file = tmp_path / "数据" / "个案登记册.sqlite"
    first = _window(qtbot, ctx)
    chosen = tmp_path / "别处" / "本县登记册.sqlite"
    ctx.choosers.answers = [str(chosen)]
    first.consolidate_view.register.button.click()
    assert ctx.choosers.asked == ["选择个案登记册"]
    assert first.consolidate_view.register.text() == str(chosen)
    first.consolidate_view.record_box.setChecked(False)
    first.close()

    again = _window(qtbot, ctx).consolidate_view  # a restart over the same settings folder
    assert again.register.text() == str(chosen)
    assert not again.record_box.isChecked()
    assert not again.register.isEnabled()
    again.record_box.setChecked(True)
    again.window().close()
    assert _window(qtbot, ctx).consolidate_view.record_box.isChecked()
