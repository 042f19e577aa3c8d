"""The forms' proposals: the month being reported, and output names beside the chosen inbox."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from core.policy import default_policy
from tests.ui.conftest import drop
from ui.main_window import MainWindow
from ui.proposals import reporting_month


@pytest.fixture
def window(qtbot, ctx) -> MainWindow:
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    return w


def test_the_month_being_reported_is_the_previous_one_until_the_cut_off_day() -> None:
    policy = default_policy()  # cut-off on the 28th
    assert reporting_month(dt.date(2026, 11, 10), policy) == "2026-10"
    assert reporting_month(dt.date(2026, 11, 28), policy) == "2026-10"
    assert reporting_month(dt.date(2026, 11, 29), policy) == "2026-11"
    assert reporting_month(dt.date(2027, 1, 5), policy) == "2026-12"


def test_the_form_opens_on_the_month_being_reported(window) -> None:
    expected = reporting_month(dt.date.today(), default_policy())
    assert window.consolidate_view.period.text() == expected
    assert window.rollup_view.period.text() == expected


def test_typing_into_the_inbox_proposes_nothing_until_a_folder_is_chosen(
    qtbot, window, tmp_path
) -> None:
    view = window.consolidate_view
    (tmp_path / "inbox").mkdir()  # QTest types Latin-1 only
    view.inbox.edit.setFocus()
    qtbot.keyClicks(view.inbox.edit, "/")
    assert view.out.text() == ""
    view.inbox.edit.clear()
    qtbot.keyClicks(view.inbox.edit, str(tmp_path / "inbox"))
    assert view.out.text() == ""
    qtbot.keyClick(view.inbox.edit, Qt.Key.Key_Return)
    view.period.setText("2026-10")
    assert view.out.text() == str(tmp_path / "县区汇总_2026-10.xlsx")


def test_the_proposed_name_follows_the_period_until_the_user_chooses_one(window, tmp_path) -> None:
    view = window.consolidate_view
    (tmp_path / "收件箱").mkdir()
    view.period.setText("2026-09")
    drop(view.inbox.edit, tmp_path / "收件箱")
    assert view.out.text() == str(tmp_path / "县区汇总_2026-09.xlsx")
    view.period.setText("2026-10")
    assert view.out.text() == str(tmp_path / "县区汇总_2026-10.xlsx")
    window.ctx.choosers.answers.append(str(tmp_path / "我的汇总.xlsx"))
    view.out.button.click()
    view.period.setText("2026-11")
    assert view.out.text() == str(tmp_path / "我的汇总.xlsx")


def test_the_roll_up_proposes_its_level_and_period_beside_the_inbox(window, tmp_path) -> None:
    view = window.rollup_view
    (tmp_path / "各县区").mkdir()
    view.period.setText("2026-10")
    view.inbox.set_text(str(tmp_path / "各县区"))
    assert Path(view.out.text()) == tmp_path / "地市汇总_2026-10.xlsx"
    view.level.setCurrentIndex(view.level.findData("province"))
    assert Path(view.out.text()) == tmp_path / "省级汇总_2026-10.xlsx"
