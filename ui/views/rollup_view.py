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
from ui.tasks import rollup_task
from ui.views.findings_panel import FindingsPanel
from ui.views.widgets import EXCEL_FILTER, PathField, ProgressStrip
from ui.workers import Job

log = logging.getLogger(__name__)
LEVELS = {"prefecture": "地市（汇总各县区）", "province": "省级（汇总各地市）"}


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
        layout.addLayout(self._form())
        layout.addLayout(self._run_bar())
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self._results(), 1)
        self.job.succeeded.connect(self._on_job_succeeded)
        self.job.cancelled.connect(self._on_job_cancelled)
        self.job.finished.connect(self._on_job_finished)

    def _form(self) -> QFormLayout:
        s = self.ctx.settings
        form = QFormLayout()
        self.inbox = PathField(
            self.ctx, "folder", "选择下级汇总工作簿所在文件夹", "", start=s.inbox_dir
        )
        self.level = QComboBox()
        for key, label in LEVELS.items():
            self.level.addItem(label, key)
        self.period = QLineEdit(f"{dt.date.today():%Y-%m}")
        self.period.setPlaceholderText("如 2026-10 或 2026-秋")
        self.out = PathField(
            self.ctx,
            "save",
            "本级汇总工作簿保存为",
            "",
            "Excel 工作簿 (*.xlsx)",
            start=s.output_dir,
        )
        self.units = PathField(self.ctx, "open", "选择应报单位名单", "可不选", EXCEL_FILTER)
        self.previous = PathField(self.ctx, "open", "选择上期本级汇总", "可不选", EXCEL_FILTER)
        for label, w in (
            ("下级汇总文件夹：", self.inbox),
            ("本级：", self.level),
            ("统计期间：", self.period),
            ("本级汇总工作簿：", self.out),
            ("应报单位名单：", self.units),
            ("上期本级汇总：", self.previous),
        ):
            form.addRow(label, w)
        return form

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
        self.findings = FindingsPanel()
        tabs = QTabWidget()
        tabs.addTab(self.metrics, "指标")
        tabs.addTab(self.findings, "问题清单")
        return tabs

    def start(self) -> None:
        """Run the roll-up with the form's values."""
        if self.job.running:
            return
        if not self.inbox.text() or not Path(self.inbox.text()).exists():
            self.status.setText("请选择存在的下级汇总文件夹。")
            return
        if not self.out.text() or not self.period.text().strip():
            self.status.setText("请填写统计期间并选择本级汇总工作簿的保存位置。")
            return
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

    def _on_job_cancelled(self) -> None:
        self.status.setText("已取消上报汇总，没有写出工作簿。")
        self.progress.label.setText("已取消")

    def _on_job_finished(self) -> None:
        self.run_button.setEnabled(True)

    def _on_open_clicked(self) -> None:
        if self.result is not None and self.result.out_path:
            self.ctx.open_path(Path(self.result.out_path))
