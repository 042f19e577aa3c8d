"""汇总 page: the county's inbox, period and reference lists in; summary and workbook out."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.drops import Fields
from ui.models.submissions_table_model import SubmissionsTableModel
from ui.output_check import output_file_problem, output_folder_problem, register_file_problem
from ui.proposals import ProposedPath, beside, reporting_month
from ui.runners import Refused
from ui.tasks import chase_list_task, consolidate_task
from ui.views.county_overview import CountyOverview, default_chase_path
from ui.views.county_text import PERIOD, REFERENCES, find_reference, summary_text
from ui.views.finding_detail import scrolled
from ui.views.findings_pane import FindingsPane
from ui.views.widgets import EXCEL_FILTER, CollapsibleForm, PathField, ProgressStrip
from ui.workers import Job

log = logging.getLogger(__name__)
CANCELLED = "已取消汇总，没有写出县区汇总工作簿。"
FAILED = "汇总出错，未完成，没有写出县区汇总工作簿（详见错误窗口和日志）。"
REGISTER_FILTER = "个案登记册 (*.sqlite);;所有文件 (*)"
RECORD = "记入个案登记册"


class ConsolidateView(QWidget):
    """Runs the county consolidation in the background; shows who sent and what is wrong."""

    register_recorded = Signal(str)
    """A run recorded its month in this case register (the 复核 page starts with it)."""

    def __init__(self, ctx: Any) -> None:
        super().__init__()
        self.ctx = ctx
        self.job = Job("consolidate", self)
        self.result: Any = None
        self.progress = ProgressStrip(self.job)
        self.status = QLabel("选择收件箱文件夹和汇总月份，然后点击“开始汇总”。")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        self.form_box = CollapsibleForm(self._form())
        layout.addWidget(self.form_box)
        layout.addLayout(self._run_bar())
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self._results(), 1)
        layout.addLayout(self._open_bar())
        self.job.succeeded.connect(self._on_job_succeeded)
        self.job.cancelled.connect(self._on_job_cancelled)
        self.job.failed.connect(self._on_job_failed)
        self.job.refused.connect(self.status.setText)
        self.job.refused.connect(lambda _text: self.form_box.expand())
        self.job.finished.connect(self._on_job_finished)

    def _form(self) -> QFormLayout:
        s = self.ctx.settings
        form = QFormLayout()
        self.inbox = PathField(
            self.ctx,
            "folder",
            "选择收件箱文件夹",
            "各校报表所在的文件夹",
            start=s.inbox_dir,
            remember="consolidate/inbox",
        )
        self.period = QLineEdit(reporting_month(dt.date.today(), self.ctx.policy()))
        self.period.setPlaceholderText("YYYY-MM，如 2026-10")
        form.addRow("收件箱：", self.inbox)
        form.addRow("汇总月份：", self.period)
        self.refs: dict[str, PathField] = {}
        for key, (label, _prefix) in REFERENCES.items():
            self.refs[key] = PathField(
                self.ctx,
                "open",
                f"选择{label}",
                "可不选",
                EXCEL_FILTER,
                start=s.reference_dir,
                remember=f"consolidate/{key}",
            )
            form.addRow(f"{label}：", self.refs[key])
        self.out = PathField(
            self.ctx,
            "save",
            "县区汇总工作簿保存为",
            "如 县区汇总_2026-10.xlsx",
            "Excel 工作簿 (*.xlsx)",
            start=s.output_dir,
            remember="consolidate/out",
            outside=self.inbox.text,
        )
        self.feedback = PathField(
            self.ctx,
            "folder",
            "各校标注副本保存到",
            "可不选",
            start=s.output_dir,
            remember="consolidate/feedback",
            outside=self.inbox.text,
        )
        form.addRow("县区汇总工作簿：", self.out)
        form.addRow("各校标注副本文件夹：", self.feedback)
        self._register_row(form)
        self.proposed_out = ProposedPath(self.out, self._proposed_out)
        self._fill_references(Path(s.reference_dir) if s.reference_dir else None)
        self.inbox.chosen.connect(self._on_inbox_chosen)
        self.period.textChanged.connect(self.proposed_out.refresh)
        self.inbox.set_text(s.inbox_dir)
        return form

    def _register_row(self, form: QFormLayout) -> None:
        """The case register the month is recorded in: the data folder's (the one the CLI
        keeps) unless another is chosen; on when that file exists or can be created."""
        default = getattr(self.ctx, "register_file", None)
        self.register = PathField(
            self.ctx,
            "record",
            "选择个案登记册",
            "逐月记录个案的登记册（.sqlite），没有时自动新建",
            REGISTER_FILTER,
            start=str(default.parent) if default else "",
            remember="consolidate/register",
            outside=self.inbox.text,
        )
        self.record_box = QCheckBox(RECORD)
        self.record_box.setToolTip(
            "勾选后，本月的疑似辍学、辍学和劝返记录逐月记入个案登记册，"
            "复核页用它做季度复核和入户核查清单。"
        )
        self.record_box.toggled.connect(self.register.setEnabled)
        if default is not None:
            self.register.set_text(str(default))
        self.record_box.setChecked(
            default is not None and register_file_problem(str(default)) is None
        )
        self.register.setEnabled(self.record_box.isChecked())
        form.addRow(self.record_box, self.register)

    def register_path(self) -> Path | None:
        """The register this run records the month in (None: the box is unchecked)."""
        checked = self.record_box.isChecked() and self.register.text()
        return Path(self.register.text()) if checked else None

    def drop_fields(self) -> Fields:
        """The fields a drop on this page fills: a folder the inbox, a list by its name."""
        lists = {k: (*REFERENCES[k], f) for k, f in self.refs.items()}
        return {"inbox": ("收件箱", "", self.inbox), **lists}

    def inputs(self) -> dict[str, str]:
        """The form's paths, to restore on the next start (a proposed name is proposed again)."""
        refs = {k: f.text() for k, f in self.refs.items()}
        return {
            "inbox": self.inbox.text(),
            **refs,
            "out": self.proposed_out.user_text(),
            "feedback": self.feedback.text(),
            "register": self.register.text(),
            "record": "1" if self.record_box.isChecked() else "0",
        }

    def restore_inputs(self, inputs: dict[str, str]) -> None:
        """Fill the form as inputs() left it; the inbox first, so the proposals follow it."""
        if inputs.get("inbox"):
            self.inbox.set_text(inputs["inbox"])
        fields = {**self.refs, "out": self.out, "feedback": self.feedback}
        fields["register"] = self.register
        for key, field in fields.items():
            if inputs.get(key):
                field.set_text(inputs[key])
        if inputs.get("record") in ("0", "1"):
            self.record_box.setChecked(inputs["record"] == "1")

    def _proposed_out(self) -> Path | None:
        folder = beside(self.inbox.text())
        period = self.period.text().strip()
        if folder is None or not PERIOD.match(period):
            return None
        return folder / f"县区汇总_{period}.xlsx"

    def _run_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.run_button = QPushButton("开始汇总")
        self.run_button.clicked.connect(self.start)
        bar.addWidget(self.run_button)
        bar.addStretch(1)
        return bar

    def _results(self) -> QTabWidget:
        self.submissions = SubmissionsTableModel(self)
        self.submissions_view = QTableView()
        self.submissions_view.setModel(self.submissions)
        self.submissions_view.verticalHeader().setVisible(False)
        self.submissions_view.verticalHeader().setDefaultSectionSize(
            self.submissions_view.fontMetrics().height() + 8
        )
        em = self.submissions_view.fontMetrics().horizontalAdvance("中")
        for col, chars in enumerate((7, 14, 6, 3)):  # fixed: fitting 300 rows is slow
            self.submissions_view.setColumnWidth(col, int(em * (chars + 1.5)))
        self.submissions_view.horizontalHeader().setStretchLastSection(True)
        self.findings_pane = FindingsPane(self.ctx, "consolidate_findings")
        self.findings = self.findings_pane.panel
        self.overview = CountyOverview()
        self.overview.export_button.clicked.connect(self._on_export_chase_clicked)
        self.chase_job = Job("chase-list", self)
        self.chase_job.succeeded.connect(self._on_chase_written)
        tabs = QTabWidget()
        tabs.addTab(scrolled(self.overview), "县区概况")  # a short screen scrolls it
        tabs.addTab(self.submissions_view, "报送情况")
        tabs.addTab(self.findings_pane, "问题清单")
        return tabs

    def _open_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.open_workbook_button = QPushButton("打开县区汇总工作簿")
        self.open_feedback_button = QPushButton("打开标注副本文件夹")
        for b in (self.open_workbook_button, self.open_feedback_button):
            b.setEnabled(False)
            bar.addWidget(b)
        bar.addStretch(1)
        self.open_workbook_button.clicked.connect(self._on_open_workbook_clicked)
        self.open_feedback_button.clicked.connect(self._on_open_feedback_clicked)
        return bar

    def _on_inbox_chosen(self, _text: str) -> None:
        # The county keeps its lists next to the inbox (the sample county does too).
        self._fill_references(beside(self.inbox.text()))
        self.proposed_out.refresh()

    def _fill_references(self, folder: Path | None) -> None:
        if folder is None:
            return
        for key, (_label, prefix) in REFERENCES.items():
            found = find_reference(folder, prefix)
            if found and not self.refs[key].text():
                self.refs[key].set_text(str(found))

    def problem(self) -> str | None:
        """Why the form cannot run yet, in Chinese (None when it can)."""
        if not self.inbox.text() or not Path(self.inbox.text()).exists():
            return "请选择存在的收件箱文件夹。"
        if not PERIOD.match(self.period.text().strip()):
            return "汇总月份应写成 YYYY-MM，如 2026-10。"
        missing = [
            REFERENCES[k][0]
            for k, f in self.refs.items()
            if f.text() and not Path(f.text()).exists()
        ]
        if missing:
            return f"找不到这些名单文件：{'、'.join(missing)}。"
        inputs = [f.text() for f in self.refs.values()]
        inbox = self.inbox.text()
        return (
            output_file_problem(self.out.text(), "县区汇总工作簿", inputs, inbox)
            or output_folder_problem(self.feedback.text(), "各校标注副本文件夹", inbox)
            or (
                register_file_problem(self.register.text(), [*inputs, self.out.text()], inbox)
                if self.record_box.isChecked()
                else None
            )
        )

    def refuse(self, problem: str) -> None:
        """Say why the run cannot start, with the form open on the field to fix (a folded
        form would hide both the message's subject and the place to change it)."""
        self.form_box.expand()
        self.status.setText(problem)
        self.progress.refused(f"未开始：{problem}")

    def start(self) -> None:
        """Run the consolidation with the form's values (the 开始汇总 button)."""
        if self.job.running:
            return
        problem = self.problem()
        if problem:
            self.refuse(problem)
            return
        self.clear_results()
        feedback = Path(self.feedback.text()) if self.feedback.text() else None
        refs = {k: f.text() or None for k, f in self.refs.items()}
        log.info("consolidation started")
        self.run_button.setEnabled(False)
        self.status.setText("正在汇总……")
        self.progress.started("正在汇总……")
        self.job.start(
            consolidate_task(
                self.inbox.text(),
                self.period.text().strip(),
                Path(self.out.text()),
                refs,
                feedback,
                self.ctx.policy(),
                self.ctx.passwords(),
                self.ctx.mapping(),
                self.register_path(),
            )
        )

    def _on_job_succeeded(self, payload: Any) -> None:
        if isinstance(payload, Refused):  # the register refused the month: nothing written
            self.refuse(payload.problem)
            self.progress.label.setText(f"未完成：{payload.problem}")
            return
        result, overview = payload
        self.result = result
        self.overview.show_overview(overview, result.coverage)
        rows = [
            {
                "path": s.path,
                "school_code": s.school_code,
                "school": s.school,
                "status": s.status,
                "finding_counts": result.figures.files.get(s.path),
            }
            for s in result.submissions
        ]
        self.submissions.set_result(rows, result.missing)
        findings = result.figures.findings
        schools = {
            s.path: f"{s.school or ''}（{s.school_code}）" if s.school_code else ""
            for s in result.submissions
        }
        self.findings.set_findings(findings, schools)
        self.status.setText(summary_text(result))
        self.progress.label.setText("汇总完成")
        self.open_workbook_button.setEnabled(bool(result.out_path))
        self.open_feedback_button.setEnabled(bool(result.feedback_paths))
        recorded = getattr(result, "register", None) is not None
        self.form_box.collapse(
            f"收件箱：{self.inbox.text()}　月份：{self.period.text().strip()}"
            f"　县区汇总工作簿：{Path(self.out.text()).name}"
            + (f"　个案登记册：{Path(self.register.text()).name}" if recorded else "")
        )
        if recorded:
            self.register_recorded.emit(self.register.text())

    def clear_results(self) -> None:
        """Forget the last run's results, so none of them is taken for this run's."""
        self.result = None
        self.submissions.set_result([], [])
        self.findings.set_findings([], {})
        self.findings_pane.detail.show_finding(None)
        self.overview.show_overview(None)
        self.open_workbook_button.setEnabled(False)
        self.open_feedback_button.setEnabled(False)

    def _on_export_chase_clicked(self) -> None:
        if not self.overview.rows or self.chase_job.running:
            return
        period = self.period.text().strip()
        start = default_chase_path(self.out.text(), period)
        chosen = self.ctx.choosers.save_file(self, "催报名单保存为", start, "Excel 工作簿 (*.xlsx)")
        if not chosen:
            return
        problem = output_file_problem(chosen, "催报名单", [], self.inbox.text())
        if problem:
            self.status.setText(problem)
            return
        title = f"{period} 控辍保学月报催报名单"
        self.chase_job.start(chase_list_task(self.overview.rows, Path(chosen), title))

    def _on_chase_written(self, path: Path) -> None:
        self.chase_path = Path(path)
        self.overview.chase_title.setText(f"已导出催报名单：{self.chase_path}")
        self.ctx.open_path(self.chase_path)

    def _on_job_cancelled(self) -> None:
        self.status.setText(CANCELLED)
        self.progress.label.setText(CANCELLED)

    def _on_job_failed(self, _details: str) -> None:
        self.status.setText(FAILED)

    def _on_job_finished(self) -> None:
        self.run_button.setEnabled(True)

    def _on_open_workbook_clicked(self) -> None:
        if self.result is not None and self.result.out_path:
            self.ctx.open_path(Path(self.result.out_path))

    def _on_open_feedback_clicked(self) -> None:
        if self.result is not None and self.result.feedback_paths:
            self.ctx.open_path(Path(self.result.feedback_paths[0]).parent)
