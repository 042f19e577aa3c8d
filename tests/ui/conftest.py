"""Qt test fixtures: no real dialog can open; a UiContext with fake choosers and opener."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from desktop.settings import SettingsStore
from ui.context import UiContext

LAPTOP = {"width": 1366, "height": 768}
"""The common county-office laptop screen: the window tests run on it."""


def _laptop_screen() -> None:
    # Conftests are imported before any test creates the QApplication, so the offscreen
    # platform can still be given a screen of the laptop's size (its default is 800x800).
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        return
    screen = {"name": "laptop", "x": 0, "y": 0, **LAPTOP, "logicalDpi": 96, "dpr": 1}
    fd, config = tempfile.mkstemp(prefix="schoolroll-screen-", suffix=".json")
    with os.fdopen(fd, "w") as f:
        json.dump({"screens": [screen]}, f)
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


_laptop_screen()

DIALOGS = {
    QFileDialog: (
        "getOpenFileName",
        "getOpenFileNames",
        "getSaveFileName",
        "getExistingDirectory",
        "getOpenFileUrl",
        "getExistingDirectoryUrl",
    ),
    QMessageBox: ("information", "warning", "critical", "question", "about", "exec"),
    QInputDialog: ("getItem", "getText", "getInt"),
}


@pytest.fixture(autouse=True)
def no_real_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A forgotten dialog fails the test at once instead of blocking offscreen forever."""

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("a test opened a real dialog")

    for cls, names in DIALOGS.items():
        for name in names:
            monkeypatch.setattr(cls, name, refuse)


class FakeChoosers:
    """Answers file dialogs from a queue the test fills; records what was asked."""

    def __init__(self) -> None:
        self.answers: list[Any] = []
        self.asked: list[str] = []

    def _next(self, title: str) -> Any:
        self.asked.append(title)
        return self.answers.pop(0) if self.answers else ""

    def open_files(self, _parent: Any, title: str, _start: str, _filters: str) -> list[str]:
        return self._next(title) or []

    def open_file(self, _parent: Any, title: str, _start: str, _filters: str) -> str:
        return self._next(title)

    def save_file(self, _parent: Any, title: str, _start: str, _filters: str) -> str:
        return self._next(title)

    def record_file(self, _parent: Any, title: str, _start: str, _filters: str) -> str:
        return self._next(title)

    def folder(self, _parent: Any, title: str, _start: str) -> str:
        return self._next(title)

    def item(self, _parent: Any, title: str, _label: str, _items: list[str]) -> str:
        return self._next(title)


@pytest.fixture
def opened() -> list[Path]:
    """Paths the app asked the system to open."""
    return []


@pytest.fixture
def ctx(tmp_path: Path, opened: list[Path]) -> UiContext:
    """A context over a fresh settings file, fake choosers and a recording opener."""
    store = SettingsStore(tmp_path / "config" / "settings.json")
    return UiContext(
        store=store,
        choosers=FakeChoosers(),
        open_path=opened.append,
        log_file=tmp_path / "logs" / "schoolroll.log",
    )


def drop(widget: Any, *paths: Path) -> None:
    """Drag files over the widget and drop them, as from the file manager."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    action = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        QPoint(50, 50), action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(
        widget,
        QDropEvent(
            QPoint(50, 50), action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        ),
    )
