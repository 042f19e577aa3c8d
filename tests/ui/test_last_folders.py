"""Every 浏览… opens in the folder last used for its input, after a restart too, and an
output's picker never opens inside the inbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog

from ui.context import FileChoosers, UiContext
from ui.main_window import MainWindow


class Dialogs:
    """Stands for QFileDialog's static methods: records (method, start) and answers a queue."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.starts: list[tuple[str, str]] = []
        self.answers: list[str] = []
        for name in ("getOpenFileName", "getSaveFileName"):
            monkeypatch.setattr(QFileDialog, name, self._file(name))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", self._folder)

    def _file(self, name: str) -> Any:
        def ask(_parent: Any, _title: str, start: str, _filters: str) -> tuple[str, str]:
            self.starts.append((name, start))
            return self.answers.pop(0), ""

        return staticmethod(ask)

    def _folder(self, _parent: Any, _title: str, start: str) -> str:
        self.starts.append(("getExistingDirectory", start))
        return self.answers.pop(0)


def _window(qtbot, store: Any) -> MainWindow:
    window = MainWindow(UiContext(store=store, choosers=FileChoosers(), open_path=lambda _p: None))
    qtbot.addWidget(window)
    return window


def test_pickers_start_where_they_were_last_used_after_a_restart(
    qtbot, ctx, tmp_path: Path, monkeypatch
) -> None:
    dialogs = Dialogs(monkeypatch)
    lists, reports, units = (tmp_path / n for n in ("名单", "上报", "单位"))
    for folder in (lists, reports, units):
        folder.mkdir()
    first = _window(qtbot, ctx.store)
    dialogs.answers = [str(lists / "学校名录.xlsx"), str(reports), str(units / "单位.xlsx")]
    first.consolidate_view.refs["schools"].button.click()
    first.rollup_view.inbox.button.click()
    first.rollup_view.units.button.click()
    first.close()

    again = _window(qtbot, ctx.store)  # a new window over the same settings folder
    dialogs.answers = ["", "", ""]
    fields = (
        again.consolidate_view.refs["schools"],
        again.rollup_view.inbox,
        again.rollup_view.units,
    )
    for field in fields:
        # the restored inputs come back too; an emptied field starts in its last folder
        field.set_text("")
        field.button.click()
    assert dialogs.starts[3:] == [
        ("getOpenFileName", str(lists)),
        ("getExistingDirectory", str(reports)),
        ("getOpenFileName", str(units)),
    ]


def test_an_output_picker_never_starts_inside_the_inbox(qtbot, ctx, tmp_path: Path, monkeypatch):
    dialogs = Dialogs(monkeypatch)
    inbox = tmp_path / "收件箱"
    (inbox / "乡镇").mkdir(parents=True)
    first = _window(qtbot, ctx.store)
    view = first.consolidate_view
    view.inbox.set_text(str(inbox))
    # the user once saved inside the inbox's subfolder (refused later); never start there again
    dialogs.answers = [str(inbox / "乡镇"), ""]
    view.feedback.button.click()
    view.feedback.set_text("")
    view.feedback.button.click()
    assert dialogs.starts == [
        ("getExistingDirectory", str(tmp_path)),
        ("getExistingDirectory", str(tmp_path)),
    ]
