"""上报汇总 page: county (or prefecture) workbooks in, the next level's workbook out."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.model.findings import counts_text
from ui.drops import Fields
from ui.output_check import output_file_problem
from ui.proposals import ProposedPath, beside, reporting_month
from ui.tasks import rollup_task
from ui.views.findings_pane import FindingsPane
from ui.views.widgets import EXCEL_FILTER, CollapsibleForm, PathField, ProgressStrip
from ui.workers import Job

log = logging.getLogger(__name__)
CANCELLED = "已取消上报汇总，没有写出工作簿。"
FAILED = "上报汇总出错，未完成，没有写出工作簿（详见错误窗口和日志）。"
LEVELS = {"prefecture": "地市（汇总各县区）", "province": "省级（汇总各地市）"}
OUT_NAMES = {"prefecture": "地市汇总", "province": "省级汇总"}
"""The proposed workbook's name, before the period."""


class RollupView(QWidget):
    """Rolls the level below up into this level's workbook, in the background."""

    def __init__(self, ctx: Any) -> None:
        super().__init__()
        self.ctx = ctx
        self.job = Job("rollup", self)
        self.result: Any = None
        self.progress = ProgressStrip(self.job)
        self.status = QLabel(
            "选择下级汇总工作簿所在的文件夹、本级和统计期间，然后点击“开始上报汇总”。"
        )
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        self.form_box = CollapsibleForm(self._form())
        layout.addWidget(self.form_box)
        layout.addLayout(self._run_bar())
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self._results(), 1)
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
            "选择下级汇总工作簿所在文件夹",
            "",
            start=s.inbox_dir,
            remember="rollup/inbox",
        )
        self.level = QComboBox()
        for key, label in LEVELS.items():
            self.level.addItem(label, key)
        self.period = QLineEdit(reporting_month(dt.date.today(), self.ctx.policy()))
        self.period.setPlaceholderText("如 2026-10 或 2026-秋")
        self.out = PathField(
            self.ctx,
            "save",
            "本级汇总工作簿保存为",
            "",
            "Excel 工作簿 (*.xlsx)",
            start=s.output_dir,
            remember="rollup/out",
            outside=self.inbox.text,
        )
        self.units = PathField(
            self.ctx, "open", "选择应报单位名单", "可不选", EXCEL_FILTER, remember="rollup/units"
        )
        self.previous = PathField(
            self.ctx,
            "open",
            "选择上期本级汇总",
            "可不选",
            EXCEL_FILTER,
            remember="rollup/previous",
            outside=self.inbox.text,
        )
        for label, w in (
            ("下级汇总文件夹：", self.inbox),
            ("本级：", self.level),
            ("统计期间：", self.period),
            ("本级汇总工作簿：", self.out),
            ("应报单位名单：", self.units),
            ("上期本级汇总：", self.previous),
        ):
            form.addRow(label, w)
        self.proposed_out = ProposedPath(self.out, self._proposed_out)
        self.inbox.chosen.connect(self.proposed_out.refresh)
        self.period.textChanged.connect(self.proposed_out.refresh)
        self.level.currentIndexChanged.connect(self.proposed_out.refresh)
        return form

    def drop_fields(self) -> Fields:
        """The fields a drop on this page fills: a folder the inbox, the unit list by its name."""
        return {
            "inbox": ("下级汇总文件夹", "", self.inbox),
            "units": ("应报单位名单", "应报单位", self.units),
        }

    def inputs(self) -> dict[str, str]:
        """The form's paths and level, to restore on the next start."""
        return {
            "inbox": self.inbox.text(),
            "level": self.level.currentData(),
            "out": self.proposed_out.user_text(),
            "units": self.units.text(),
            "previous": self.previous.text(),
        }

    def restore_inputs(self, inputs: dict[str, str]) -> None:
        """Fill the form as inputs() left it."""
        self.level.setCurrentIndex(max(self.level.findData(inputs.get("level")), 0))
        for key, field in (
            ("inbox", self.inbox),
            ("out", self.out),
            ("units", self.units),
            ("previous", self.previous),
        ):
            if inputs.get(key):
                field.set_text(inputs[key])

    def _proposed_out(self) -> Path | None:
        folder = beside(self.inbox.text())
        period = self.period.text().strip()
        if folder is None or not period:
            return None
        return folder / f"{OUT_NAMES[self.level.currentData()]}_{period}.xlsx"

    def _run_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.run_button = QPushButton("开始上报汇总")
        self.open_button = QPushButton("打开本级汇总工作簿")
        self.open_button.setEnabled(False)
        self.run_button.clicked.connect(self.start)
        self.open_button.clicked.connect(self._on_open_clicked)
        bar.addWidget(self.run_button)
        bar.addWidget(self.open_button)
        bar.addStretch(1)
        return bar

    def _results(self) -> QTabWidget:
        self.metrics = QTableWidget(0, 3)
        self.metrics.setHorizontalHeaderLabels(["指标", "值", "口径"])
        self.metrics.verticalHeader().setVisible(False)
        self.metrics.horizontalHeader().setStretchLastSection(True)
        self.findings_pane = FindingsPane(self.ctx, "rollup_findings")
        self.findings = self.findings_pane.panel
        tabs = QTabWidget()
        tabs.addTab(self.metrics, "指标")
        tabs.addTab(self.findings_pane, "问题清单")
        return tabs

    def problem(self) -> str | None:
        """Why the form cannot run yet, in Chinese (None when it can)."""
        if not self.inbox.text() or not Path(self.inbox.text()).is_dir():
            return "请选择存在的下级汇总文件夹。"
        if not self.period.text().strip():
            return "请填写统计期间。"
        inputs = [self.units.text(), self.previous.text()]
        return output_file_problem(self.out.text(), "本级汇总工作簿", inputs, self.inbox.text())

    def clear_results(self) -> None:
        """Forget the last run's results, so none of them is taken for this run's."""
        self.result = None
        self.metrics.setRowCount(0)
        self.findings.set_findings([], {})
        self.findings_pane.detail.show_finding(None)
        self.open_button.setEnabled(False)

    def refuse(self, problem: str) -> None:
        """Say why the run cannot start, with the form open on the field to fix (a folded
        form would hide both the message's subject and the place to change it)."""
        self.form_box.expand()
        self.status.setText(problem)
        self.progress.refused(f"未开始：{problem}")

    def start(self) -> None:
        """Run the roll-up with the form's values."""
        if self.job.running:
            return
        problem = self.problem()
        if problem:
            self.refuse(problem)
            return
        self.clear_results()
        log.info("roll-up started")
        self.run_button.setEnabled(False)
        self.progress.started("正在上报汇总……")
        self.job.start(
            rollup_task(
                self.inbox.text(),
                self.level.currentData(),
                self.period.text().strip(),
                Path(self.out.text()),
                self.units.text() or None,
                self.previous.text() or None,
                self.ctx.policy(),
                self.ctx.mapping(),
            )
        )

    def _on_job_succeeded(self, result: Any) -> None:
        self.result = result
        self.metrics.setRowCount(len(result.metrics))
        for i, m in enumerate(result.metrics):
            value = "" if m.value is None else f"{m.value:g}"
            for j, text in enumerate((m.metric, value, m.formula)):
                self.metrics.setItem(i, j, QTableWidgetItem(text))
        self.metrics.resizeColumnsToContents()
        self.findings.set_findings(result.findings, {})
        self.status.setText(
            f"{result.unit_name}：收到 {len(result.units)} 个单位的汇总，"
            f"未报 {len(result.missing)} 个；问题：{counts_text(result.findings)}。"
            + (f"\n本级汇总工作簿：{result.out_path}" if result.out_path else "")
        )
        self.open_button.setEnabled(bool(result.out_path))
        self.progress.label.setText("上报汇总完成")
        self.form_box.collapse(
            f"下级汇总文件夹：{self.inbox.text()}　{self.level.currentText()}"
            f"　统计期间：{self.period.text().strip()}"
            f"　本级汇总工作簿：{Path(self.out.text()).name}"
        )

    def _on_job_cancelled(self) -> None:
        self.status.setText(CANCELLED)
        self.progress.label.setText(CANCELLED)

    def _on_job_failed(self, _details: str) -> None:
        self.status.setText(FAILED)

    def _on_job_finished(self) -> None:
        self.run_button.setEnabled(True)

    def _on_open_clicked(self) -> None:
        if self.result is not None and self.result.out_path:
            self.ctx.open_path(Path(self.result.out_path))
