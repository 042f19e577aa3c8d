"""The window's size, place, splitters and each page's inputs, kept between runs (QSettings)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMargins, QRect, QSettings, QSize
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

log = logging.getLogger(__name__)
WANTED = QSize(1280, 800)
"""The size the window asks for on a screen large enough."""


GUESSED_FRAME = QMargins(8, 32, 8, 8)
"""A title bar and borders, until the window system has said how large they are."""


def fitted(available: QRect, frame: QMargins, wanted: QSize = WANTED) -> QRect:
    """The window's client rectangle: centred, and with its frame inside the available area."""
    outer = QRect(0, 0, wanted.width(), wanted.height()).marginsAdded(frame)
    outer.setWidth(min(outer.width(), available.width()))
    outer.setHeight(min(outer.height(), available.height()))
    outer.moveCenter(available.center())
    return outer.marginsRemoved(frame)


def frame_margins(window: QWidget) -> QMargins:
    """The frame around the window's client area (a guess before it is first shown)."""
    frame, client = window.frameGeometry(), window.geometry()
    if frame == client:
        return GUESSED_FRAME
    return QMargins(
        client.left() - frame.left(),
        client.top() - frame.top(),
        frame.right() - client.right(),
        frame.bottom() - client.bottom(),
    )


def fit(window: QWidget) -> None:
    """Move and size the window to fit its screen, unless it already does."""
    if not fits(window):
        window.setGeometry(fitted(window.screen().availableGeometry(), frame_margins(window)))


def fits(window: QWidget) -> bool:
    """True when the whole window, frame included, lies within its screen's available area."""
    outer = window.geometry().marginsAdded(frame_margins(window))
    return window.screen().availableGeometry().contains(outer)


class WindowState:
    """Reads and writes one INI file; without a file (tests, first start) nothing is kept."""

    def __init__(self, path: Path | None) -> None:
        self._settings = QSettings(str(path), QSettings.Format.IniFormat) if path else None

    def restore(self, window: QMainWindow, pages: dict[str, Any]) -> None:
        """Geometry that fits the screen, the splitters, then every page's inputs."""
        stored = self._value("window/geometry")
        # Qt moves a restored window back onto a screen; the window fits it again once shown.
        if stored is None or not window.restoreGeometry(stored):
            available = window.screen().availableGeometry()
            window.setGeometry(fitted(available, frame_margins(window)))
        for splitter in window.findChildren(QSplitter):
            state = self._value(f"splitters/{splitter.objectName()}")
            if splitter.objectName() and state is not None:
                splitter.restoreState(state)
        for name, page in pages.items():
            inputs = self._value(f"pages/{name}")
            if isinstance(inputs, dict):
                page.restore_inputs({str(k): str(v) for k, v in inputs.items()})

    def save(self, window: QMainWindow, pages: dict[str, Any]) -> None:
        """Keep what restore() reads."""
        if self._settings is None:
            return
        self._settings.setValue("window/geometry", window.saveGeometry())
        for splitter in window.findChildren(QSplitter):
            if splitter.objectName():
                self._settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
        for name, page in pages.items():
            self._settings.setValue(f"pages/{name}", page.inputs())
        self._settings.sync()
        if self._settings.status() != QSettings.Status.NoError:
            log.warning("window state not saved (%s)", self._settings.status().name)

    def _value(self, key: str) -> Any:
        return self._settings.value(key) if self._settings is not None else None
