"""ErrorDialog: an unexpected error, its traceback, and where the log is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class ErrorDialog(QDialog):
    """Says something went wrong, that the work so far is safe, and where the log is."""

    def __init__(self, details: str, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("程序出错")
        self.resize(640, 420)
        where = f"详细信息已写入日志：{log_file}" if log_file else "未能写入日志。"
        self.message = QLabel(
            "程序遇到了一个意外错误。输入的文件没有被改动。\n"
            f"{where}\n请把日志文件发给技术支持人员（日志中不含身份证件号和姓名）。"
        )
        self.message.setWordWrap(True)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
