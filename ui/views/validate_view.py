"""校验 page: files dropped or opened, their status, the findings, one row in detail."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.model.findings import Finding
from ui.models.reports_table_model import COL_FILE, PATH_ROLE, REPORT_ROLE, ReportsTableModel
from ui.os_errors import os_error_text
from ui.tasks import annotate_all_task, open_at_task, validate_task
from ui.taught import SHEET_CHOICES, column_choices, teach_column, teach_sheet
from ui.views.finding_detail import FindingDetail, scrolled
from ui.views.findings_panel import FindingsPanel
from ui.views.widgets import ARCHIVE_FILTER, ProgressStrip
from ui.workers import Job

log = logging.getLogger(__name__)
ANNOTATE_ALL = "写出全部文件的标注副本…"
ANNOTATE_SELECTED = "写出所选文件的标注副本…"


def school_label(report: Any) -> str:
    """学校名称（标识码）from the info sheet, or the code alone."""
    info = report.workbook.record("info") if report.workbook is not None else None
    name = info.values.get("school_name") if info is not None else None
    code = report.school_code or ""
    return f"{name}（{code}）" if name and code else (name or code)


class ValidateView(QWidget):
    """Validates what the user drops; shows files, findings, and the selected finding's row."""

    def __init__(self, ctx: Any) -> None:
        super().__init__()
        self.ctx = ctx
        self.job = Job("validate", self)
        self.annotate_job = Job("annotate", self)
        self._reports: dict[str, Any] = {}
        self._pending: list[str] = []
        self._running: list[str] = []
        self._dropped: list[str] = []
        """Every path the user gave, in order, for re-validation after a settings change."""
        self.annotated: Path | None = None
        self.last_folder = ctx.settings.inbox_dir
        """Where 打开文件… and 打开文件夹… start: the folder the user last took files from."""
        self.files_model = ReportsTableModel(self)
        self.findings = FindingsPanel()
        self.detail = FindingDetail(assignable=True)
        self.progress = ProgressStrip(self.job)
        self.summary = QLabel(
            "把学校月报（文件、文件夹或 zip 压缩包）拖到窗口任意位置，或点击“打开文件…”。"
        )
        self.summary.setWordWrap(True)
        self.notice = QLabel("")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #e65100;")
        self.notice.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(self._top_bar())
        layout.addWidget(self.progress)
        layout.addWidget(self._body(), 1)
        layout.addLayout(self._bottom_bar())
        self.job.succeeded.connect(self._on_job_succeeded)
        self.job.cancelled.connect(self._on_job_cancelled)
        self.job.finished.connect(self._on_job_finished)
        self.annotate_job.succeeded.connect(self._on_annotate_succeeded)
        self.annotate_job.refused.connect(self.annotated_label.setText)
        self.findings.finding_selected.connect(self._on_finding_selected)
        self.findings.finding_activated.connect(self.open_in_excel)
        self.findings.file_cleared.connect(self._on_all_files_asked)
        self.files_view.selectionModel().currentRowChanged.connect(self._on_file_selected)
        self.detail.open_requested.connect(self.open_in_excel)
        self.detail.assign_requested.connect(self.assign)
        self.excel_job = Job("open-in-excel", self)
        self.excel_job.succeeded.connect(self._on_excel_copy_written)
        self.excel_job.refused.connect(self.annotated_label.setText)

    def _top_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.open_files_button = QPushButton("打开文件…")
        self.open_folder_button = QPushButton("打开文件夹…")
        self.clear_button = QPushButton("清空")
        self.open_files_button.clicked.connect(self.open_files)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.clear_button.clicked.connect(self.clear)
        for b in (self.open_files_button, self.open_folder_button, self.clear_button):
            bar.addWidget(b)
        bar.addWidget(self.summary, 1)
        return bar

    def _body(self) -> QSplitter:
        self.files_view = QTableView()
        self.files_view.setModel(self.files_model)
        self.files_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.files_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.files_view.verticalHeader().setVisible(False)
        self.files_view.verticalHeader().setDefaultSectionSize(
            self.files_view.fontMetrics().height() + 8
        )
        # Fixed widths: fitting columns to 300 files' contents took 0.15 s of the UI thread.
        em = self.files_view.fontMetrics().horizontalAdvance("中")
        for col, chars in enumerate((0, 8, 6, 5, 3, 3, 3)):
            self.files_view.setColumnWidth(col, int(em * (chars + 1.5)))
        self.files_view.horizontalHeader().setSectionResizeMode(
            COL_FILE, QHeaderView.ResizeMode.Stretch
        )
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.setObjectName("validate_findings")
        lower.addWidget(self.findings)
        lower.addWidget(scrolled(self.detail))
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("validate_files")
        split.addWidget(self.files_view)
        split.addWidget(lower)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([200, 300])  # a county inbox's files get two fifths, not four rows
        return split

    def _bottom_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.annotate_button = QPushButton(ANNOTATE_ALL)
        self.open_copy_button = QPushButton("打开标注副本")
        self.open_copy_folder_button = QPushButton("打开所在文件夹")
        self.annotated_label = QLabel("")
        self.annotate_button.setEnabled(False)
        self.open_copy_button.setEnabled(False)
        self.open_copy_folder_button.setEnabled(False)
        self.annotate_button.clicked.connect(self._on_annotate_clicked)
        self.open_copy_button.clicked.connect(self._on_open_copy_clicked)
        self.open_copy_folder_button.clicked.connect(self._on_open_copy_folder_clicked)
        for w in (self.annotate_button, self.open_copy_button, self.open_copy_folder_button):
            bar.addWidget(w)
        bar.addWidget(self.annotated_label, 1)
        return bar

    # --- adding files -------------------------------------------------------------------------
    def add_paths(self, paths: Sequence[str | Path]) -> None:
        """Validate files, folders or zips (queued if a run is going on)."""
        new = [str(p) for p in paths if str(p) not in self._pending]
        self._pending.extend(new)
        self._refresh_files()
        if not self.job.running:
            self._start_pending()

    def _start_pending(self) -> None:
        paths, self._pending = self._pending, []
        self._running = paths
        self._refresh_files()
        log.info("validating %d dropped paths", len(paths))
        self.progress.started("正在校验……")
        self.job.start(
            validate_task(paths, self.ctx.policy(), self.ctx.passwords(), self.ctx.mapping())
        )

    def revalidate(self) -> None:
        """Check every file again (after the settings changed)."""
        if self._dropped:
            self.add_paths(self._dropped)

    def clear(self) -> None:
        """Forget every file and finding."""
        self._reports.clear()
        self._dropped = []
        self._refresh_files()
        self._refresh_findings()
        self.detail.show_finding(None)

    def open_files(self) -> None:
        """Ask for workbooks or zips (打开文件…) and check them."""
        paths = self.ctx.choosers.open_files(self, "选择学校月报", self.last_folder, ARCHIVE_FILTER)
        if paths:
            self.last_folder = str(Path(paths[0]).parent)
            self.add_paths(paths)

    def open_folder(self) -> None:
        """Ask for a folder (打开文件夹…) and check everything in it."""
        folder = self.ctx.choosers.folder(self, "选择文件夹", self.last_folder)
        if folder:
            self.last_folder = folder
            self.add_paths([folder])

    def inputs(self) -> dict[str, str]:
        """The folder the user last took files from, to start there on the next start."""
        return {"last_folder": self.last_folder}

    def restore_inputs(self, inputs: dict[str, str]) -> None:
        """Start the file choosers where inputs() left them."""
        self.last_folder = inputs.get("last_folder") or self.last_folder

    # --- results ------------------------------------------------------------------------------
    def _on_job_succeeded(self, reports: list[Any]) -> None:
        self._dropped += [p for p in self._running if p not in self._dropped]
        for report in reports:
            self._reports[report.path] = report
        self._refresh_files()
        self._refresh_findings()
        self.annotate_button.setEnabled(bool(self._reports))

    def _on_job_cancelled(self) -> None:
        self.progress.label.setText("已取消")

    def _on_job_finished(self) -> None:
        if self._pending:
            self._start_pending()
        else:
            self._refresh_files()

    def _refresh_files(self) -> None:
        self.files_model.set_reports(list(self._reports.values()), self._pending, self.base())

    def _refresh_findings(self) -> None:
        reports = list(self._reports.values())
        findings: list[Finding] = [f for r in reports for f in r.findings]
        schools = {r.path: school_label(r) for r in reports}
        self.findings.set_findings(findings, schools, self.base())
        failed = sum(r.status != "passed" for r in reports)
        self.summary.setText(
            f"共 {len(reports)} 个文件，{failed} 个未通过，{len(findings)} 条问题。"
            if reports
            else ""
        )
        self.progress.label.setText("校验完成" if reports else "")

    def base(self) -> str:
        """The folder the dropped paths share: file names are shown relative to it."""
        given = [*self._dropped, *self._running, *self._pending]
        parents = [str(Path(p).parent) for p in given if Path(p).is_absolute()]
        if not parents or len(parents) != len(given):
            return ""
        try:
            return os.path.commonpath(parents)
        except ValueError:  # different drives on Windows
            return ""

    def report_for(self, finding: Finding) -> Any:
        """The FileReport a finding belongs to."""
        return self._reports.get(finding.file or "")

    def _on_finding_selected(self, finding: Finding | None) -> None:
        report = self.report_for(finding) if finding else None
        self.detail.show_finding(finding, report.workbook if report else None)

    # --- 指定为… ---
    def assign(self, finding: Finding | None) -> None:
        """Ask what an unrecognised sheet or column is, keep the answer in the mapping file
        (every later run, the CLI's too, reads it) and check the files again."""
        if finding is None or not finding.sheet or self.ctx.mapping_file is None:
            return
        report = self.report_for(finding)
        column = column_choices(report.workbook if report else None, finding)
        if column is not None:
            header, fields = column
            question = f"工作表“{finding.sheet}”{finding.column}列“{header}”是哪个字段？"
            chosen = self.ctx.choosers.item(self, "指定为…", question, list(fields))
            if chosen not in fields:
                return
            learnt = f"已记住：“{header}”列按“{chosen}”读取。正在重新校验……"
            self._teach(lambda: teach_column(self.ctx.mapping_file, header, fields[chosen]), learnt)
            return
        if finding.code != "unrecognised-sheet":
            return
        question = f"工作表“{finding.sheet}”是哪一种报表？"
        chosen = self.ctx.choosers.item(self, "指定为…", question, list(SHEET_CHOICES))
        if chosen not in SHEET_CHOICES:
            return
        learnt = f"已记住：工作表“{finding.sheet}”按“{chosen}”读取。正在重新校验……"
        self._teach(
            lambda: teach_sheet(self.ctx.mapping_file, finding.sheet, SHEET_CHOICES[chosen]),
            learnt,
        )

    def _teach(self, write: Any, learnt: str) -> None:
        try:
            write()
        except OSError as exc:
            self.summary.setText(os_error_text(exc))
            return
        log.info("a sheet title or header was taught; checking the files again")
        self.notice.hide()  # a damaged file set aside at the start: a new one is written now
        self.summary.setText(learnt)
        self.revalidate()

    def show_notice(self, text: str) -> None:
        """A message about the settings folder (a damaged mapping file), above the page."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # --- 在 Excel 中打开 ---
    def open_in_excel(self, finding: Finding | None) -> None:
        """Write the finding's file's annotated copy, set to open at its cell, and open it."""
        report = self.report_for(finding) if finding is not None else None
        if report is None or report.workbook is None or self.excel_job.running:
            return
        folder = self.ctx.copies_dir or Path(tempfile.gettempdir()) / "SchoolRoll标注副本"
        self.annotated_label.setText("正在写出标注副本并定位到该单元格……")
        self.excel_job.start(open_at_task(report, folder, finding, self.ctx.passwords()))

    def _on_excel_copy_written(self, path: Path) -> None:
        self.annotated_label.setText(f"已在 Excel 中打开：{Path(path).name}")
        self.ctx.open_path(Path(path))

    # --- annotated copy -----------------------------------------------------------------------
    def selected_report(self) -> Any:
        """The file selected in the file table (None when none is)."""
        index: QModelIndex = self.files_view.currentIndex()
        return self.files_model.data(index, REPORT_ROLE) if index.isValid() else None

    def target_reports(self) -> list[Any]:
        """The files the annotate button works on: the selected file, else every file."""
        selected = self.selected_report()
        reports = [selected] if selected is not None else list(self._reports.values())
        return [r for r in reports if r.workbook is not None]

    def _on_file_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        report = self.files_model.data(current, REPORT_ROLE) if current.isValid() else None
        path = self.files_model.data(current, PATH_ROLE) if current.isValid() else None
        label = self.files_model.data(current.siblingAtColumn(COL_FILE)) if path else ""
        self.findings.filter_file(path, label)
        self.annotate_button.setText(ANNOTATE_SELECTED if report is not None else ANNOTATE_ALL)

    def _on_all_files_asked(self) -> None:
        self.files_view.setCurrentIndex(QModelIndex())
        self.files_view.clearSelection()

    def _on_annotate_clicked(self) -> None:
        reports = self.target_reports()
        if not reports or self.annotate_job.running:
            return
        # Beside the inbox, never inside it: copies there would be read as schools' reports.
        start = self.ctx.settings.output_dir or str(Path(self.base() or reports[0].path).parent)
        folder = self.ctx.choosers.folder(self, "标注副本保存到", start)
        if folder:
            self.annotated_label.setText("正在写出标注副本……")
            task = annotate_all_task(reports, Path(folder), self.ctx.passwords())
            self.annotate_job.start(task)

    def _on_annotate_succeeded(self, paths: list[Path]) -> None:
        self.annotated = Path(paths[0])
        self.annotated_label.setText(
            f"已写出 {len(paths)} 份标注副本：{self.annotated}"
            if len(paths) > 1
            else f"已写出：{self.annotated}"
        )
        self.open_copy_button.setEnabled(True)
        self.open_copy_folder_button.setEnabled(True)

    def _on_open_copy_clicked(self) -> None:
        if self.annotated:
            self.ctx.open_path(self.annotated)

    def _on_open_copy_folder_clicked(self) -> None:
        if self.annotated:
            self.ctx.open_path(self.annotated.parent)
