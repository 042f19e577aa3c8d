"""汇总 page: the county's inbox, period and reference lists in; summary and workbook out."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
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

from core.model.findings import counts_text
from ui.models.submissions_table_model import SubmissionsTableModel
from ui.tasks import consolidate_task
from ui.views.findings_panel import FindingsPanel
from ui.views.widgets import EXCEL_FILTER, PathField, ProgressStrip
from ui.workers import Job

log = logging.getLogger(__name__)
PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
REFERENCES = {
    "schools": ("学校名录", "学校名录"),
    "household": ("户籍适龄儿童名单", "户籍"),
    "poverty": ("脱贫户家庭成员名单", "脱贫户"),
    "platform": ("平台推送疑似辍学名单", "平台推送"),
}
"""Keyword argument -> (label, file-name prefix used to find it next to the inbox)."""


def find_reference(folder: Path, prefix: str) -> Path | None:
    """The first spreadsheet in folder whose name starts with prefix."""
    if not folder.is_dir():
        return None
    return next(
        (
            p
            for p in sorted(folder.iterdir())
            if p.name.startswith(prefix) and p.suffix.lower() in (".xlsx", ".xls", ".csv")
        ),
        None,
    )


class ConsolidateView(QWidget):
    """Runs the county consolidation in the background; shows who sent and what is wrong."""

    def __init__(self, ctx: Any) -> None:
        super().__init__()
        self.ctx = ctx
        self.job = Job("consolidate", self)
        self.result: Any = None
        self.progress = ProgressStrip(self.job)
        self.status = QLabel("选择收件箱文件夹和汇总月份，然后点击“开始汇总”。")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self._form())
        layout.addLayout(self._run_bar())
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self._results(), 1)
        layout.addLayout(self._open_bar())
        self.job.succeeded.connect(self._on_job_succeeded)
        self.job.cancelled.connect(self._on_job_cancelled)
        self.job.finished.connect(self._on_job_finished)

    def _form(self) -> QFormLayout:
        s = self.ctx.settings
        form = QFormLayout()
        self.inbox = PathField(
            self.ctx, "folder", "选择收件箱文件夹", "各校报表所在的文件夹", start=s.inbox_dir
        )
        self.inbox.set_text(s.inbox_dir)
        self.inbox.edit.textChanged.connect(self._on_inbox_changed)
        self.period = QLineEdit(f"{dt.date.today():%Y-%m}")
        self.period.setPlaceholderText("YYYY-MM，如 2026-10")
        form.addRow("收件箱：", self.inbox)
        form.addRow("汇总月份：", self.period)
        self.refs: dict[str, PathField] = {}
        for key, (label, _prefix) in REFERENCES.items():
            self.refs[key] = PathField(
                self.ctx, "open", f"选择{label}", "可不选", EXCEL_FILTER, start=s.reference_dir
            )
            form.addRow(f"{label}：", self.refs[key])
        self.out = PathField(
            self.ctx,
            "save",
            "县区汇总工作簿保存为",
            "如 县区汇总_2026-10.xlsx",
            "Excel 工作簿 (*.xlsx)",
            start=s.output_dir,
        )
        self.feedback = PathField(
            self.ctx, "folder", "各校标注副本保存到", "可不选", start=s.output_dir
        )
        form.addRow("县区汇总工作簿：", self.out)
        form.addRow("各校标注副本文件夹：", self.feedback)
        self._fill_references(Path(s.reference_dir) if s.reference_dir else None)
        return form

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
        self.findings = FindingsPanel()
        tabs = QTabWidget()
        tabs.addTab(self.submissions_view, "报送情况")
        tabs.addTab(self.findings, "问题清单")
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

    def _on_inbox_changed(self, text: str) -> None:
        # The county keeps its lists next to the inbox (the sample county does too).
        if text.strip():
            self._fill_references(Path(text.strip()).parent)

    def _fill_references(self, folder: Path | None) -> None:
        if folder is None:
            return
        for key, (_label, prefix) in REFERENCES.items():
            found = find_reference(folder, prefix)
            if found and not self.refs[key].text():
                self.refs[key].set_text(str(found))
        if not self.out.text() and self.inbox.text():
            self.out.set_text(str(folder / f"县区汇总_{self.period.text().strip()}.xlsx"))

    def problem(self) -> str | None:
        """Why the form cannot run yet, in Chinese (None when it can)."""
        if not self.inbox.text() or not Path(self.inbox.text()).exists():
            return "请选择存在的收件箱文件夹。"
        if not PERIOD.match(self.period.text().strip()):
            return "汇总月份应写成 YYYY-MM，如 2026-10。"
        if not self.out.text():
            return "请选择县区汇总工作簿的保存位置。"
        missing = [
            REFERENCES[k][0]
            for k, f in self.refs.items()
            if f.text() and not Path(f.text()).exists()
        ]
        return f"找不到这些名单文件：{'、'.join(missing)}。" if missing else None

    def start(self) -> None:
        """Run the consolidation with the form's values (the 开始汇总 button)."""
        if self.job.running:
            return
        problem = self.problem()
        if problem:
            self.status.setText(problem)
            return
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
            )
        )

    def _on_job_succeeded(self, result: Any) -> None:
        self.result = result
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

    def _on_job_cancelled(self) -> None:
        self.status.setText("已取消汇总，没有写出县区汇总工作簿。")
        self.progress.label.setText("已取消")

    def _on_job_finished(self) -> None:
        self.run_button.setEnabled(True)

    def _on_open_workbook_clicked(self) -> None:
        if self.result is not None and self.result.out_path:
            self.ctx.open_path(Path(self.result.out_path))

    def _on_open_feedback_clicked(self) -> None:
        if self.result is not None and self.result.feedback_paths:
            self.ctx.open_path(Path(self.result.feedback_paths[0]).parent)


def summary_text(result: Any) -> str:
    """收到、未报、迟报、拒收, then the figures and findings as the CLI and workbook give them."""
    from core.consolidate.figures import figures_lines  # pandas is loaded by now

    subs = result.submissions
    late = sum(s.on_time is False for s in subs)
    rejected = sum(s.status in ("rejected", "unreadable") for s in subs)
    lines = [
        f"收到 {len(subs)} 份，已接收 {len(result.accepted)} 所学校，"
        f"未报送 {len(result.missing)} 所，"
        f"迟报 {late} 份，拒收或无法读取 {rejected} 份。",
        *figures_lines(result),
        f"问题：{counts_text(result.figures.findings)}。",
        *result.notes,
    ]
    if result.out_path:
        lines.append(f"县区汇总工作簿：{result.out_path}")
    return "\n".join(lines)
