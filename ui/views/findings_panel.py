"""FindingsPanel: filter bar (severity, code, sheet, school, search) over a findings table."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.model.findings import SEVERITY_LABELS, SEVERITY_ORDER, Finding, Severity, sort_key
from ui.models.findings_table_model import (
    CODE_ROLE,
    COL_MESSAGE,
    FILE_ROLE,
    FINDING_ROLE,
    SCHOOL_ROLE,
    SEVERITY_ROLE,
    SHEET_ROLE,
    FindingsTableModel,
    code_title,
)


class FindingsPanel(QWidget):
    """A filterable, sortable findings table; emits the finding the user selects."""

    finding_selected = Signal(object)
    """The selected Finding, or None."""
    file_cleared = Signal()
    """显示全部文件的问题 was clicked (the file table may clear its selection)."""
    finding_activated = Signal(object)
    """A Finding double-clicked."""

    def __init__(self) -> None:
        super().__init__()
        self.model = FindingsTableModel(self)
        self.severity = self._combo("全部级别", SEVERITY_ROLE)
        self.code = self._combo("全部问题", CODE_ROLE)
        self.sheet = self._combo("全部工作表", SHEET_ROLE)
        self.school = self._combo("全部学校", SCHOOL_ROLE)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索说明、文件、字段、值……")
        self.search.setClearButtonEnabled(True)
        self.search.setAcceptDrops(False)  # dropped files go to the window, which checks them
        self.search.textChanged.connect(self.model.set_text)
        self.view = self._table()
        bar = QHBoxLayout()
        for w in (self.severity, self.code, self.sheet, self.school):
            bar.addWidget(w)
        bar.addWidget(self.search, 1)
        self.file_label = QLabel("")
        self.all_files_button = QPushButton("显示全部文件的问题")
        self.all_files_button.clicked.connect(lambda: self.filter_file(None))
        file_bar = QHBoxLayout()
        file_bar.addWidget(self.file_label, 1)
        file_bar.addWidget(self.all_files_button)
        self.file_bar = QWidget()
        self.file_bar.setLayout(file_bar)
        file_bar.setContentsMargins(0, 0, 0, 0)
        self.file_bar.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.file_bar)
        layout.addWidget(self.view, 1)

    def _combo(self, all_text: str, role: int) -> QComboBox:
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.addItem(all_text, "")
        combo.setProperty("filter_role", role)
        combo.currentIndexChanged.connect(self._on_filter_changed)
        return combo

    def _table(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        # Rows arrive most severe first; the model sorts again only when a header is clicked.
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.setWordWrap(False)
        # Cut the middle, not the end: an ID's check digit and a file's name stay readable.
        view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(view.fontMetrics().horizontalAdvance("中") * 2)
        em = view.fontMetrics().horizontalAdvance("中")
        # In characters; 值 holds an 18-digit ID. 说明 takes the rest. Fitting is slow.
        for col, chars in enumerate((2, 7, 4, 4, 4, 4, 4, 13)):
            view.setColumnWidth(col, int(em * (chars + 1)))
        view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        view.doubleClicked.connect(
            lambda index: self.finding_activated.emit(self.model.data(index, FINDING_ROLE))
        )
        return view

    def set_findings(
        self, findings: Sequence[Finding], schools: dict[str, str], base: str = ""
    ) -> None:
        """Show findings, most severe first; the filter lists offer only values that occur."""
        ordered = sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], sort_key(f)))
        self.model.set_findings(ordered, schools, base)
        severities = sorted({f.severity for f in findings}, key=SEVERITY_ORDER.__getitem__)
        self._refill(self.severity, [(SEVERITY_LABELS[s], str(s)) for s in severities])
        codes = sorted({f.code for f in findings}, key=code_title)
        self._refill(self.code, [(code_title(c), c) for c in codes])
        self._refill(self.sheet, [(s, s) for s in sorted({f.sheet for f in findings if f.sheet})])
        names = sorted(
            {n for n in (schools.get(f.file or "", f.school_code or "") for f in findings) if n}
        )
        self._refill(self.school, [(n, n) for n in names])
        self._on_filter_changed()

    def filter_file(self, path: str | None, label: str = "") -> None:
        """Show only one file's findings (None: every file's again)."""
        self.model.set_filter(FILE_ROLE, path)
        self.file_label.setText(f"只显示：{label or path}" if path else "")
        self.file_bar.setVisible(bool(path))
        if not path:
            self.file_cleared.emit()

    def _refill(self, combo: QComboBox, items: list[tuple[str, str]]) -> None:
        kept = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for text, value in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(combo.findData(kept), 0))
        combo.blockSignals(False)
        # The list opens as wide as its longest entry, whatever the combo's own width.
        combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)

    def choose(self, combo: QComboBox, value: str | Severity) -> None:
        """Select a filter value by its data (as a user picking it from the list)."""
        combo.setCurrentIndex(combo.findData(str(value)))

    def shown(self) -> list[Finding]:
        """The findings that pass the filters, in view order."""
        return [self.model.finding(r) for r in range(self.model.rowCount())]

    def select_row(self, row: int) -> None:
        """Select a visible row (as a click would)."""
        self.view.selectRow(row)

    def _on_filter_changed(self) -> None:
        combos = (self.severity, self.code, self.sheet, self.school)
        self.model.set_filters({c.property("filter_role"): c.currentData() for c in combos})

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        finding = self.model.data(current, FINDING_ROLE) if current.isValid() else None
        self.finding_selected.emit(finding)
