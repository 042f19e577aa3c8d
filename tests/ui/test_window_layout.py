"""The window on a 1366x768 laptop: it fits, it remembers, and the results get the room."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QSplitter

from tests.ui.conftest import LAPTOP
from ui.main_window import MainWindow


def open_window(qtbot, ctx) -> MainWindow:
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(10)  # the first fit waits for the frame's size
    return w


def test_the_tests_run_on_the_laptop_screen(qapp) -> None:
    screen = qapp.primaryScreen().geometry()
    assert (screen.width(), screen.height()) == (LAPTOP["width"], LAPTOP["height"])


def test_the_window_fits_the_screen_it_opens_on(qtbot, ctx) -> None:
    w = open_window(qtbot, ctx)
    available = w.screen().availableGeometry()
    assert available.contains(w.frameGeometry())
    # Room for a real title bar and taskbar on the laptop, whatever page is open.
    assert w.minimumSizeHint().height() <= LAPTOP["height"] - 80
    assert w.width() >= 0.9 * available.width() or w.width() == 1280


def test_size_place_splitters_and_inputs_come_back_on_restart(qtbot, ctx, tmp_path) -> None:
    (tmp_path / "县" / "收件箱").mkdir(parents=True)
    (tmp_path / "县" / "学校名录.xlsx").write_bytes(b"")
    (tmp_path / "各县区").mkdir()
    w = open_window(qtbot, ctx)
    w.setGeometry(QRect(40, 30, 1000, 600))
    qtbot.waitUntil(lambda: w.geometry() == QRect(40, 30, 1000, 600))  # after the first fit
    splitter = w.findChild(QSplitter, "validate_findings")
    splitter.setSizes([300, 600])
    w.consolidate_view.inbox.set_text(str(tmp_path / "县" / "收件箱"))
    w.consolidate_view.feedback.set_text(str(tmp_path / "反馈"))
    w.rollup_view.inbox.set_text(str(tmp_path / "各县区"))
    w.rollup_view.level.setCurrentIndex(1)
    sizes = splitter.sizes()
    w.close()

    again = open_window(qtbot, ctx)
    qtbot.wait(50)  # a fit that was wrongly due would have moved it by now
    assert again.geometry() == QRect(40, 30, 1000, 600)
    assert again.findChild(QSplitter, "validate_findings").sizes() == sizes
    page = again.consolidate_view
    assert page.inbox.text() == str(tmp_path / "县" / "收件箱")
    assert page.refs["schools"].text() == str(tmp_path / "县" / "学校名录.xlsx")
    assert page.feedback.text() == str(tmp_path / "反馈")
    assert page.out.text() == str(tmp_path / "县" / f"县区汇总_{page.period.text()}.xlsx")
    page.period.setText("2026-01")  # a remembered proposal is still a proposal
    assert page.out.text() == str(tmp_path / "县" / "县区汇总_2026-01.xlsx")
    assert again.rollup_view.inbox.text() == str(tmp_path / "各县区")
    assert again.rollup_view.level.currentData() == "province"


def test_a_remembered_place_off_every_screen_is_not_used(qtbot, ctx) -> None:
    w = open_window(qtbot, ctx)
    w.setGeometry(QRect(3000, 2000, 1200, 700))
    w.close()
    again = open_window(qtbot, ctx)
    assert again.screen().availableGeometry().contains(again.frameGeometry())


@pytest.mark.parametrize("page", ["consolidate_view", "rollup_view"])
def test_the_form_folds_to_one_line_after_a_run_and_opens_again(qtbot, ctx, page) -> None:
    w = open_window(qtbot, ctx)
    view = getattr(w, page)
    view.form_box.collapse("收件箱：甲　月份：2026-10")
    assert view.form_box.collapsed
    assert view.form_box.summary.text() == "收件箱：甲　月份：2026-10"
    view.form_box.reopen_button.click()
    assert not view.form_box.collapsed


def test_the_state_file_is_beside_the_settings(ctx) -> None:
    assert ctx.store.state_path == Path(ctx.store.path).with_name("window.ini")
