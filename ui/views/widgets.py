"""Small widgets the pages share: a path field with 浏览…, and a progress strip bound to a Job."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.workers import Job

EXCEL_FILTER = "Excel 工作簿 (*.xlsx *.xlsm *.xls *.et *.ods *.csv);;所有文件 (*)"
READABLE = {
    ".xlsx",
    ".xlsm",
    ".xls",
    ".et",
    ".ods",
    ".csv",
    ".zip",
    ".docx",
    ".doc",
    ".pdf",
    ".wps",
    ".txt",
}
"""Suffixes of files the engine reads: their progress label says 正在读取."""
ALARM_STYLE = "color: #c62828; font-weight: bold;"
"""How a refused or failed run reads in the progress label."""
ARCHIVE_FILTER = "Excel 工作簿或压缩包 (*.xlsx *.xlsm *.xls *.et *.ods *.csv *.zip);;所有文件 (*)"


class PathEdit(QLineEdit):
    """A line edit that takes a dropped file or folder as its path (not as a file:// URL)."""

    dropped = Signal(str)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        """Accept one local file or folder."""
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        """Use the first dropped path."""
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.setText(str(Path(paths[0])))
            event.acceptProposedAction()
            self.dropped.emit(self.text())
        else:
            super().dropEvent(event)


class PathField(QWidget):
    """A line edit for a path and a 浏览… button that asks the injected chooser."""

    chosen = Signal(str)
    """A path was browsed to, dropped, set, or typed and confirmed (not every keystroke)."""

    def __init__(
        self,
        ctx: Any,
        kind: str,
        title: str,
        placeholder: str = "",
        filters: str = EXCEL_FILTER,
        start: str = "",
        remember: str = "",
        outside: Callable[[], str] | None = None,
    ) -> None:
        super().__init__()
        self._ctx, self._kind, self._title, self._filters = ctx, kind, title, filters
        self._start = start
        self._remember = remember
        """The key under which the folder last browsed to is kept ("" : not kept)."""
        self._outside = outside
        """For an output: the inbox, which the picker must never start inside."""
        self.edit = PathEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.editingFinished.connect(lambda: self.chosen.emit(self.text()))
        self.edit.dropped.connect(self.chosen.emit)
        self.button = QPushButton("浏览…")
        self.button.clicked.connect(self._on_button_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)

    def text(self) -> str:
        """The path as typed (stripped)."""
        return self.edit.text().strip()

    def set_text(self, text: str) -> None:
        """Set the path (as if chosen)."""
        self.edit.setText(text)
        self.chosen.emit(self.text())

    def start_folder(self) -> str:
        """Where 浏览… opens: the path typed, else the folder last used for this input, else
        the page's default; for an output beside the inbox when nothing else is known, and
        never inside it."""
        last = self._ctx.last_folder(self._remember) if self._remember else ""
        start = self.text() or last or self._start
        inbox = self._outside() if self._outside is not None else ""
        if inbox and not start:
            start = str(Path(inbox).parent)
        elif start and inbox and _within(Path(start), Path(inbox)):
            name = Path(start).name if self._kind == "save" and start == self.text() else ""
            start = str(Path(inbox).parent / name) if name else str(Path(inbox).parent)
        return start

    def _on_button_clicked(self) -> None:
        start = self.start_folder()
        choosers = self._ctx.choosers
        if self._kind == "folder":
            chosen = choosers.folder(self, self._title, start)
        elif self._kind == "save":
            chosen = choosers.save_file(self, self._title, start, self._filters)
        elif self._kind == "record":  # a file kept and added to (the case register)
            chosen = choosers.record_file(self, self._title, start, self._filters)
        else:
            chosen = choosers.open_file(self, self._title, start, self._filters)
        if chosen:
            path = Path(chosen)
            if self._remember:
                folder = path if self._kind == "folder" else path.parent
                self._ctx.remember_folder(self._remember, str(folder))
            self.set_text(str(path))


def _within(path: Path, folder: Path) -> bool:
    """True when path is folder or lies inside it (both made absolute)."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (OSError, ValueError):
        return False
    return True


class SecretLines(QWidget):
    """Passwords, one a line, hidden behind dots until 显示 is pressed (someone may be watching)."""

    def __init__(self, placeholder: str = "") -> None:
        super().__init__()
        self.edit = QPlainTextEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setMaximumHeight(90)
        self.edit.textChanged.connect(self._refresh_mask)
        self.mask = QLabel("")
        self.toggle = QPushButton("显示")
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._on_toggled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.mask, 1)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignTop)
        self._on_toggled(False)

    @property
    def revealed(self) -> bool:
        """True while the passwords are shown in clear."""
        return self.toggle.isChecked()

    def setPlainText(self, text: str) -> None:  # noqa: N802 - as QPlainTextEdit
        """Replace the passwords (one a line)."""
        self.edit.setPlainText(text)

    def toPlainText(self) -> str:  # noqa: N802 - as QPlainTextEdit
        """The passwords, one a line."""
        return self.edit.toPlainText()

    def _on_toggled(self, shown: bool) -> None:
        self.edit.setVisible(shown)
        self.mask.setVisible(not shown)
        self.toggle.setText("隐藏" if shown else "显示")
        self._refresh_mask()

    def _refresh_mask(self) -> None:
        count = sum(1 for line in self.edit.toPlainText().splitlines() if line.strip())
        hidden = f"{'●' * 6}（共 {count} 个，已隐藏；点“显示”查看或修改）"
        self.mask.setText(hidden if count else "未填写（点“显示”填写）")


class CollapsibleForm(QWidget):
    """A page's form that folds into one line after a run, so the results get the room."""

    def __init__(self, form: QLayout) -> None:
        super().__init__()
        self.body = QWidget()
        self.body.setLayout(form)
        form.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel("")
        self.reopen_button = QPushButton("修改条件")
        self.reopen_button.clicked.connect(self.expand)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.summary, 1)
        line.addWidget(self.reopen_button)
        self.line = QWidget()
        self.line.setLayout(line)
        self.line.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body)
        layout.addWidget(self.line)

    @property
    def collapsed(self) -> bool:
        """True while only the one-line summary shows."""
        return self.body.isHidden()

    def collapse(self, summary: str) -> None:
        """Show only summary and 修改条件."""
        self.summary.setText(summary)
        self.summary.setToolTip(summary)
        self.body.hide()
        self.line.show()

    def expand(self) -> None:
        """Show the whole form again."""
        self.line.hide()
        self.body.show()


class ProgressStrip(QWidget):
    """Progress bar, a label naming the file being read, and 取消, following one Job."""

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job
        self.bar = QProgressBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setTextVisible(False)
        self.label = QLabel("")
        self.cancel_button = QPushButton("取消")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 2)
        layout.addWidget(self.label, 3)
        layout.addWidget(self.cancel_button)
        job.progressed.connect(self._on_job_progressed)
        job.succeeded.connect(self._on_job_succeeded)
        job.cancelled.connect(self._on_job_cancelled)
        job.failed.connect(self._on_job_failed)
        job.refused.connect(self.refused)
        job.finished.connect(self._on_job_finished)

    def started(self, text: str) -> None:
        """Show that a run has begun."""
        self.label.setStyleSheet("")
        self.bar.setRange(0, 0)  # busy until the first step says how many
        self.label.setText(text)
        self.cancel_button.setEnabled(True)

    def refused(self, text: str) -> None:
        """Say why a run did not start, where the user looks for the run's outcome."""
        self._stopped(text, alarm=True)

    def _stopped(self, text: str, alarm: bool) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.label.setStyleSheet(ALARM_STYLE if alarm else "")
        self.label.setText(text)

    def _on_job_progressed(self, done: int, total: int, label: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        reading = Path(label).suffix.lower() in READABLE
        text = f"正在读取：{label}" if reading else label
        self.label.setText(f"{text}（{done}/{total}）" if total else text)

    def _on_cancel_clicked(self) -> None:
        self.job.cancel()
        self.cancel_button.setEnabled(False)
        self.label.setText("正在取消……")

    def _on_job_succeeded(self, _result: object) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(1)

    def _on_job_cancelled(self) -> None:
        self._stopped("已取消，没有写出结果", alarm=False)

    def _on_job_failed(self, _details: str) -> None:
        self._stopped("出错，未完成（详见错误窗口和日志）", alarm=True)

    def _on_job_finished(self) -> None:
        self.cancel_button.setEnabled(False)
