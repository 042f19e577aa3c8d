"""FindingDetail: a finding's message and hint, and its row's values with the bad cell marked."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.model.findings import SEVERITY_LABELS, Finding
from ui.models.findings_table_model import code_title
from ui.taught import column_choices

MARK_COLOR = QColor("#ffcdd2")
Row = tuple[str, str, str, bool]
"""(column letter, header, value as written, marked)."""


def _letter_key(letter: str) -> tuple[int, str]:
    return (len(letter), letter)


def row_values(workbook: Any, finding: Finding) -> list[Row]:
    """The values of the finding's row as read (SheetTable.raw), the offending column marked."""
    if workbook is None or finding.sheet is None:
        return []
    table = next((t for t in workbook.tables if t.sheet == finding.sheet), None)
    if table is not None:
        if finding.row is None or finding.row not in table.raw.index:
            return []
        cells = [
            (letter, table.headers.get(key, key), table.raw.at[finding.row, key])
            for key, letter in table.columns.items()
        ]
        if table.extra is not None and finding.row in table.extra.index:
            cells += [
                (letter, header, table.extra.at[finding.row, header])
                for header, letter in table.extra_columns.items()
                if header in table.extra.columns
            ]
        cells.sort(key=lambda c: _letter_key(c[0]))
        return [
            (letter, str(header), _text(value), letter == finding.column)
            for letter, header, value in cells
        ]
    record = next((r for r in workbook.records if r.sheet == finding.sheet), None)
    if record is None:
        return []
    return [
        (
            f"{col}{row}",
            record.form.column(key).header,
            _text(record.raw.get(key)),
            (row, col) == (finding.row, finding.column),
        )
        for key, (row, col) in record.cells.items()
    ]


def _text(value: Any) -> str:
    if value is None or value != value:  # None or NaN
        return ""
    return str(value)


def scrolled(detail: QWidget) -> QScrollArea:
    """The detail pane in a scroll area: a short window scrolls it instead of growing."""
    area = QScrollArea()
    area.setWidget(detail)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    # Wrapped text must fit the visible width, so there is never a sideways scroll.
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class FindingDetail(QWidget):
    """Shows one finding: what is wrong, how to fix it, and the row it is on."""

    open_requested = Signal(object)
    """在 Excel 中打开 was clicked for the Finding shown."""
    assign_requested = Signal(object)
    """指定为… was clicked for the Finding shown (an unrecognised sheet, or a column
    unrecognised or ambiguous)."""

    def __init__(self, assignable: bool = False) -> None:
        super().__init__()
        self.finding: Finding | None = None
        self.assignable = assignable
        """Offer 指定为… for an unrecognised sheet or column (the 校验 page, which can read it
        again)."""
        self.open_button = QPushButton("在 Excel 中打开")
        self.open_button.setToolTip("打开该文件的标注副本，定位到这个单元格")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self.open_requested.emit(self.finding))
        self.assign_button = QPushButton("指定为…")
        self.assign_button.setToolTip("告诉程序这张工作表是哪一种报表，记住后重新校验")
        self.assign_button.hide()
        self.assign_button.clicked.connect(lambda: self.assign_requested.emit(self.finding))
        self.title = QLabel("选择一条问题，查看所在行")
        self.where = QLabel("")
        self.where.setWordWrap(True)
        bold = QFont()
        bold.setBold(True)
        self.title.setFont(bold)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.hint = QLabel("")
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["列", "表头", "值"])
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        # A long value wraps onto a second line instead of losing its end.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        em = self.fontMetrics().horizontalAdvance("中")
        self.table.setColumnWidth(0, int(em * 2.5))
        self.table.setColumnWidth(1, int(em * 8.5))
        for label in (self.where, self.message, self.hint):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        self.setMinimumWidth(240)
        for w in (self.title, self.where, self.message, self.hint):
            layout.addWidget(w)
        # Above the row, not under it: on a 768-pixel screen a long message pushes whatever is
        # below the row table out of the visible part of the pane.
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.assign_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self._rows: list[Row] = []

    def show_finding(self, finding: Finding | None, workbook: Any = None) -> None:
        """Show a finding (None clears the panel)."""
        self.finding = finding
        self.open_button.setEnabled(finding is not None and finding.file is not None)
        sheet = finding is not None and finding.code == "unrecognised-sheet"
        column = column_choices(workbook, finding) is not None
        self.assign_button.setVisible(self.assignable and (sheet or column))
        self.assign_button.setToolTip(
            "告诉程序这一列是哪个字段，记住后重新校验"
            if column
            else "告诉程序这张工作表是哪一种报表，记住后重新校验"
        )
        if finding is None:
            self.title.setText("选择一条问题，查看所在行")
            self.where.setText("")
            self.message.setText("")
            self.hint.setText("")
            self._fill([])
            return
        self.title.setText(f"【{SEVERITY_LABELS[finding.severity]}】{code_title(finding.code)}")
        self.where.setText(" ".join(x for x in (finding.file, finding.location()) if x))
        text = finding.message
        if finding.explanation:
            text += f"\n学校的说明：{finding.explanation}"
        self.message.setText(text)
        self.hint.setText(f"怎么改：{finding.hint}" if finding.hint else "")
        self._fill(row_values(workbook, finding))

    def rows(self) -> list[Row]:
        """What the row table shows, for the status bar and tests."""
        return list(self._rows)

    def _fill(self, rows: list[Row]) -> None:
        self._rows = rows
        self.table.setRowCount(len(rows))
        for i, (letter, header, value, marked) in enumerate(rows):
            for j, text in enumerate((letter, header, value)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if marked:
                    item.setBackground(QBrush(MARK_COLOR))
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(i, j, item)
            if marked:
                self.table.scrollToItem(self.table.item(i, 0))
        self.table.resizeRowsToContents()
