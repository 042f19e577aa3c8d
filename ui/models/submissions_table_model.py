"""SubmissionsTableModel: the county inbox as the consolidation saw it, one row per school file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ui.models.base import HeaderedTableModel, Index

COL_SCHOOL_CODE, COL_SCHOOL, COL_STATUS = range(3)
COL_PATH = 7
HEADERS = ("学校标识码", "学校", "状态", "错误", "警告", "疑问", "提示", "文件")
COUNT_KEYS = ("errors", "warnings", "queries", "notes")
"""The finding_counts each count column shows: the findings of the file's annotated copy."""
STATUS_LABELS = {
    "accepted": "已接收",
    "superseded": "被新版本替代",
    "rejected": "已拒收",
    "unreadable": "无法读取",
    "missing": "未报送",
}
STATUS_COLORS = {
    "accepted": "#2e7d32",
    "superseded": "#616161",
    "rejected": "#c62828",
    "unreadable": "#c62828",
    "missing": "#e65100",
}

STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
"""accepted, superseded, rejected, unreadable or missing."""
SUBMISSION_ROLE = Qt.ItemDataRole.UserRole + 2
"""The row as a dict (the consolidate JSON, docs/cli.md)."""


class SubmissionsTableModel(HeaderedTableModel):
    """Rows from ConsolidationResult.to_json(): its submissions, then its missing schools."""

    HEADERS = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []

    def set_result(
        self, submissions: Sequence[dict[str, Any]], missing: Sequence[dict[str, Any]] = ()
    ) -> None:
        """Replace every row; missing schools are shown with the status "missing"."""
        self.beginResetModel()
        self._rows = [*submissions, *({**m, "status": "missing"} for m in missing)]
        self.endResetModel()

    def row_total(self) -> int:
        """How many rows the model shows."""
        return len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt API."""
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        status = str(row.get("status", ""))
        if role == Qt.ItemDataRole.DisplayRole:
            counts = row.get("finding_counts") or {}
            return (
                row.get("school_code") or "",
                row.get("school") or "",
                STATUS_LABELS.get(status, status),
                *(counts.get(k, "") for k in COUNT_KEYS),
                row.get("path") or "",
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == COL_STATUS:
            return QColor(STATUS_COLORS.get(status, "#000000"))
        return {STATUS_ROLE: status, SUBMISSION_ROLE: row}.get(role)
