"""A result table laid out as a catalogue sheet: the sheet's column titles, each cell as the
workbook shows it, and one line saying why when there are no rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
)

from core.catalogue.schema import ColumnSpec, SheetSpec
from core.catalogue.schema import ValueType as V

WIDEST = 28
"""Characters a column is at most wide on screen (longer text is elided, whole in its tip)."""


def cell_text(spec: ColumnSpec, value: Any) -> str:
    """A value as its workbook cell shows it: 是/否, code labels, dates as YYYY-MM-DD, decimals
    with two places (the workbook's 0.00), nothing for a missing value."""
    from core.writers.form_sheet import display  # xlsxwriter: loaded when a table is filled

    shown = display(spec, value)
    if shown is None:
        return ""
    if isinstance(shown, dt.datetime):
        shown = shown.date()
    if isinstance(shown, dt.date):
        return shown.isoformat()
    if isinstance(shown, float) and spec.type is V.DECIMAL:
        return f"{shown:.2f}"
    if isinstance(shown, float) and shown.is_integer():
        return str(int(shown))
    return str(shown)


class SheetRows(QStackedWidget):
    """The rows of one catalogue sheet (序号 left out: the grid numbers nothing), or `empty`."""

    def __init__(self, form: SheetSpec, empty: str) -> None:
        super().__init__()
        self.form = form
        self.columns = [c for c in form.columns if c.key != "seq"]
        self.table = QTableWidget(0, len(self.columns))
        self.table.setHorizontalHeaderLabels([c.header for c in self.columns])
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel(empty)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty.setMargin(12)
        self.addWidget(self.table)
        self.addWidget(self.empty)

    def clear(self) -> None:
        """No run yet: the grid with its titles and no row."""
        self.table.setRowCount(0)
        self.setCurrentWidget(self.table)

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        """Show the rows (by the sheet's column keys), or the line saying there are none."""
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, spec in enumerate(self.columns):
                text = cell_text(spec, row.get(spec.key))
                item = QTableWidgetItem(text)
                if len(text) > WIDEST:
                    item.setToolTip(text)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        widest = self.table.fontMetrics().horizontalAdvance("中") * WIDEST
        for j in range(len(self.columns)):
            self.table.setColumnWidth(j, min(self.table.columnWidth(j), widest))
        self.setCurrentWidget(self.table if rows else self.empty)

    def shown(self) -> list[dict[str, str]] | str:
        """What the tab shows: its rows by column title, or its one line when it has none."""
        if self.currentWidget() is self.empty:
            return self.empty.text()
        headers = [c.header for c in self.columns]
        return [
            {h: self.table.item(i, j).text() for j, h in enumerate(headers)}
            for i in range(self.table.rowCount())
        ]
