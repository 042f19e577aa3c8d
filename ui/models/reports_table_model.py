"""ReportsTableModel: the files being validated, one row per FileReport (or a pending path)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ui.models.base import HeaderedTableModel, Index

if TYPE_CHECKING:  # core.model.report pulls in pandas; the window must open without it
    from core.model.report import FileReport

COL_FILE, COL_SCHOOL, COL_PERIOD, COL_STATUS, COL_ERRORS, COL_WARNINGS, COL_QUERIES, COL_NOTES = (
    range(8)
)
HEADERS = ("文件", "学校标识码", "月份", "状态", "错误", "警告", "疑问", "提示")
COUNT_COLUMNS = {
    COL_ERRORS: "errors",
    COL_WARNINGS: "warnings",
    COL_QUERIES: "queries",
    COL_NOTES: "notes",
}
"""Which of FileReport.counts each count column shows."""
STATUS_LABELS = {
    "passed": "通过",
    "failed": "未通过",
    "unreadable": "无法读取",
    "pending": "等待校验",
}
STATUS_COLORS = {
    "passed": "#2e7d32",
    "failed": "#c62828",
    "unreadable": "#c62828",
    "pending": "#616161",
}

REPORT_ROLE = Qt.ItemDataRole.UserRole + 1
"""The FileReport of the row (None while pending)."""
PATH_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3
"""passed, failed, unreadable or pending."""


class ReportsTableModel(HeaderedTableModel):
    """Validated files with their status and counts; pending paths shown until checked."""

    HEADERS = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._reports: list[FileReport] = []
        self._pending: list[str] = []
        self._base = ""

    def set_reports(
        self, reports: Sequence[FileReport], pending: Sequence[str] = (), base: str = ""
    ) -> None:
        """Replace every row: reports first, then paths still waiting (shown relative to base)."""
        self.beginResetModel()
        self._base = base.replace("\\", "/").rstrip("/") + "/" if base else ""
        self._reports = list(reports)
        self._pending = list(pending)
        self.endResetModel()

    def reports(self) -> list[FileReport]:
        """The reports shown."""
        return list(self._reports)

    def row_total(self) -> int:
        """How many rows the model shows."""
        return len(self._reports) + len(self._pending)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt API."""
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        report = self._reports[row] if row < len(self._reports) else None
        path = report.path if report else self._pending[row - len(self._reports)]
        status = report.verdict if report else "pending"
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(report, path.replace("\\", "/").removeprefix(self._base), status, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STATUS:
            return QColor(STATUS_COLORS.get(status, "#000000"))
        return {REPORT_ROLE: report, PATH_ROLE: path, STATUS_ROLE: status}.get(role)


def _display(report: FileReport | None, path: str, status: str, col: int) -> Any:
    if col == COL_FILE:
        return path
    if col == COL_STATUS:
        return STATUS_LABELS.get(status, status)
    if report is None:
        return ""
    if col == COL_SCHOOL:
        return report.school_code or ""
    if col == COL_PERIOD:
        return report.period or ""
    return report.counts[COUNT_COLUMNS[col]]
