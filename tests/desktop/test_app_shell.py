"""The QApplication the shell builds: Chinese standard buttons, the icon."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop.app import create_application


def test_standard_buttons_read_in_chinese_and_the_app_has_an_icon(qtbot) -> None:
    app = create_application()
    assert app is QApplication.instance()
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    assert [
        box.button(b).text()
        for b in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel)
    ] == ["确定", "取消"]
    assert not app.windowIcon().isNull()
