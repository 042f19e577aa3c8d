"""县区概况 after a consolidation: submissions by status as bars, how far the 户籍 comparison
reached, and who to chase by phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.catalogue.county import COUNTY_INFO

COVERAGE_KEYS = ("household_covered", "household_not_covered", "household_last_roll")
"""The coverage figures of 汇总信息 the overview shows, with their catalogue labels."""

COLORS = {
    "on_time": "#2e7d32",
    "late": "#f9a825",
    "superseded": "#9e9e9e",
    "rejected": "#c62828",
    "unreadable": "#6d4c41",
    "missing": "#e65100",
}


class StatusChart(QWidget):
    """One labelled horizontal bar per status, drawn with QPainter (QtCharts is not installed)."""

    def __init__(self) -> None:
        super().__init__()
        self.bars: list[tuple[str, str, int, str]] = []
        """(key, label, count, unit) in drawing order."""
        self.setMinimumHeight(self._row() * 6 + 8)

    def _row(self) -> int:
        return self.fontMetrics().height() + 10

    def set_counts(self, counts: dict[str, int], statuses: Any) -> None:
        """Show counts (core's status_counts) in the order and words of statuses."""
        self.bars = [(key, label, counts.get(key, 0), unit) for key, label, unit in statuses]
        self.setMinimumHeight(self._row() * max(len(self.bars), 1) + 8)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """Qt API: a bar a line."""
        return QSize(480, self.minimumHeight())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        """Qt API: label, bar, number."""
        painter = QPainter(self)
        fm = self.fontMetrics()
        label_w = max((fm.horizontalAdvance(b[1]) for b in self.bars), default=0) + 12
        number_w = fm.horizontalAdvance("0000 所学校") + 12
        bar_w = max(self.width() - label_w - number_w, 10)
        top = max((b[2] for b in self.bars), default=0) or 1
        row = self._row()
        for i, (key, label, count, unit) in enumerate(self.bars):
            y = 4 + i * row
            painter.setPen(self.palette().text().color())
            text_rect = QRectF(0, y, label_w - 8, row)
            painter.drawText(
                text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label
            )
            width = bar_w * count / top
            painter.fillRect(QRectF(label_w, y + 4, max(width, 1), row - 8), QColor(COLORS[key]))
            painter.drawText(
                QRectF(label_w + width + 6, y, number_w, row),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{count} {unit}",
            )
        painter.end()


class CountyOverview(QWidget):
    """The chart, the 催报名单 table and 导出催报名单."""

    def __init__(self) -> None:
        super().__init__()
        self.chart = StatusChart()
        self.chase = QTableWidget(0, 0)
        self.chase.verticalHeader().setVisible(False)
        self.chase.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.chase.horizontalHeader().setStretchLastSection(True)
        self.chase_title = QLabel("催报名单（未报送和迟报的学校）")
        self.export_button = QPushButton("导出催报名单…")
        self.export_button.setEnabled(False)
        bar = QHBoxLayout()
        bar.addWidget(self.chase_title, 1)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("报送情况（按文件；未报送按学校）"))
        layout.addWidget(self.chart)
        self.coverage = QLabel("")
        self.coverage.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.coverage.setVisible(False)
        layout.addWidget(self.coverage)
        layout.addLayout(bar)
        layout.addWidget(self.chase, 1)
        self.rows: list[dict[str, str]] = []

    def show_overview(self, overview: Any, coverage: dict[str, Any] | None = None) -> None:
        """Show core's CountyOverview (None clears) and the consolidation's 户籍 coverage (its
        "coverage"; None, as without a 户籍 list, shows none)."""
        self.coverage.setText("\n".join(coverage_lines(coverage)))
        self.coverage.setVisible(coverage is not None)
        statuses = overview.statuses if overview else ()
        columns = overview.columns if overview else ()
        self.chart.set_counts(overview.counts if overview else {}, statuses)
        self.rows = list(overview.chase) if overview else []
        self.chase.clear()
        self.chase.setColumnCount(len(columns))
        self.chase.setHorizontalHeaderLabels([header for _key, header in columns])
        self.chase.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, (key, _header) in enumerate(columns):
                self.chase.setItem(r, c, QTableWidgetItem(row.get(key, "")))
        self.chase.resizeColumnsToContents()
        self.chase_title.setText(f"催报名单（未报送和迟报的学校，共 {len(self.rows)} 所）")
        self.export_button.setEnabled(bool(self.rows))


def coverage_lines(coverage: dict[str, Any] | None) -> list[str]:
    """汇总信息's coverage figures as the county workbook labels them, those it has a value for."""
    if coverage is None:
        return []
    from core.consolidate.coverage import info_figures  # pandas is loaded: a result arrived

    figures = info_figures(coverage)
    return [
        f"{COUNTY_INFO.column(key).header}：{figures[key]}"
        for key in COVERAGE_KEYS
        if figures[key] is not None
    ]


def chase_file_name(period: str) -> str:
    """The name proposed for the exported list."""
    return f"催报名单_{period}.xlsx"


def default_chase_path(out: str, period: str) -> str:
    """Beside the county workbook."""
    return str(Path(out).with_name(chase_file_name(period))) if out else chase_file_name(period)
