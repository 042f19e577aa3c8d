"""模板 and 设置 pages."""

from __future__ import annotations

import json

import pytest

from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, ctx) -> MainWindow:
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    return w


def test_templates_are_written_to_the_chosen_folder_and_opened(
    qtbot, window, ctx, opened, tmp_path
) -> None:
    view = window.templates_view
    ctx.choosers.answers = [str(tmp_path / "模板")]
    view.folder.button.click()
    with qtbot.waitSignal(view.job.finished, timeout=60_000):
        view.write_button.click()
    written = sorted(p.name for p in (tmp_path / "模板").iterdir())
    assert written == sorted(p.name for p in view.written)
    assert [view.files.item(i).text() for i in range(view.files.count())] == [
        p.name for p in view.written
    ]
    assert any(name.endswith(".xlsx") for name in written)
    view.open_button.click()
    assert opened == [tmp_path / "模板"]


def test_settings_are_saved_and_impossible_thresholds_refused(window, ctx) -> None:
    view = window.settings_view
    view.editors["suspected_days"].setValue(30)
    view.editors["dropout_days"].setValue(10)
    view.save_button.click()
    assert view.status.text() == "未保存：疑似辍学天数应至少为 1，且不大于辍学天数"
    assert not ctx.store.path.exists()
    view.editors["dropout_days"].setValue(40)
    view.editors["passwords"].setPlainText(" 1234 \n\nabcd")
    view.save_button.click()
    saved = json.loads(ctx.store.path.read_text("utf-8"))
    assert (saved["suspected_days"], saved["dropout_days"], saved["passwords"]) == (
        30,
        40,
        ["1234", "abcd"],
    )
    assert ctx.policy().suspected_days == 30


def test_a_broken_settings_file_opens_the_settings_page_with_a_notice(qtbot, tmp_path) -> None:
    from desktop.settings import SettingsStore
    from ui.context import UiContext

    path = tmp_path / "settings.json"
    path.write_text("{broken", "utf-8")
    window = MainWindow(UiContext(store=SettingsStore(path)))
    qtbot.addWidget(window)
    assert window.tabs.currentWidget() is window.settings_view
    assert window.settings_view.notice.text() == (
        f"设置文件 {path} 已损坏，已改用默认设置；保存后会覆盖它。"
    )
    assert window.settings_view.notice.isVisibleTo(window)


def test_the_settings_page_shows_and_uses_the_entry_age(window, ctx) -> None:
    view = window.settings_view
    assert view.editors["entry_age"].value() == 6
    view.editors["entry_age"].setValue(7)
    view.save_button.click()
    assert json.loads(ctx.store.path.read_text("utf-8"))["entry_age"] == 7
    assert ctx.policy().entry_age == 7
    view.defaults_button.click()
    assert view.editors["entry_age"].value() == 6
