"""上报汇总 page: county (or prefecture) workbooks in, the next level's workbook out; one month
(rollup --period 2026-10) or a range of months (rollup --period 2026-09..2027-01, and the
province's yearly evaluation, --evaluation)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
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

from core.catalogue import rollup as rf
from core.model.findings import counts_text
from ui.drops import Fields
from ui.output_check import output_file_problem
from ui.proposals import ProposedPath, beside, reporting_month
from ui.tasks import rollup_range_task, rollup_task
from ui.views.county_text import PERIOD
from ui.views.findings_pane import FindingsPane
from ui.views.sheet_rows import SheetRows
from ui.views.widgets import EXCEL_FILTER, CollapsibleForm, PathField, ProgressStrip
from ui.workers import Job

log = logging.getLogger(__name__)
CANCELLED = "已取消上报汇总，没有写出工作簿。"
FAILED = "上报汇总出错，未完成，没有写出工作簿（详见错误窗口和日志）。"
LEVELS = {"prefecture": "地市（汇总各县区）", "province": "省级（汇总各地市）"}
OUT_NAMES = {"prefecture": "地市汇总", "province": "省级汇总"}
"""The proposed workbook's name, before the period."""
EVALUATION_NAME = "省级学年评估"
"""The proposed name of the yearly evaluation workbook, before its months."""
RANGE_HOW = (
    "多月汇总写起止月份 起始月..截止月（如 2026-09..2027-01），起始不晚于截止，最多 {n} 个月"
)
SINGLE_TABS = ("指标", "个案汇总", "问题清单")
RANGE_TABS = ("月度序列", "个案结果", "需关注", "问题清单")
NO_CASES = "没有个案汇总：下级汇总工作簿中没有个案台账（县区用个案登记册汇总后才有个案数字）。"
NO_SERIES = "没有月度序列：收件箱中没有这些月份的下级单位汇总工作簿，也没有应报单位名单。"
NO_OUTCOMES = (
    "没有个案结果：这些月份的下级汇总工作簿中没有个案台账或个案汇总（县区用个案登记册汇总后才有）。"
)
NO_FLAGS = "没有需关注的单位：相邻两个月的人数变化都在策略文件 [rollup_range] 的阈值以内。"


def range_months(text: str) -> list[str] | None:
    """The months of a range written FIRST..LAST (core's reading), None for anything else."""
    if ".." not in text:
        return None
    from core.rollup.series import range_periods  # pandas: loaded once a range is typed

    return range_periods(text)


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
        self.period.setPlaceholderText("一个月如 2026-10；多月写起止月份，如 2026-09..2027-01")
        self.evaluation = QCheckBox(
            "写学年评估工作簿（统计期间写一学年的起止月份，如 2026-09..2027-08）"
        )
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
            ("学年评估：", self.evaluation),
            ("本级汇总工作簿：", self.out),
            ("应报单位名单：", self.units),
            ("上期本级汇总：", self.previous),
        ):
            form.addRow(label, w)
        self.proposed_out = ProposedPath(self.out, self._proposed_out)
        self.inbox.chosen.connect(self.proposed_out.refresh)
        self.period.textChanged.connect(self.proposed_out.refresh)
        self.level.currentIndexChanged.connect(self.proposed_out.refresh)
        self.evaluation.toggled.connect(self.proposed_out.refresh)
        self.form = form
        self.level.currentIndexChanged.connect(self._on_level_changed)
        self._on_level_changed()
        return form

    def _on_level_changed(self) -> None:
        """The yearly evaluation is the province's (rollup --evaluation needs --level province)."""
        province = self.level.currentData() == "province"
        if not province:
            self.evaluation.setChecked(False)
        self.form.setRowVisible(self.evaluation, province)

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
            "evaluation": "1" if self.evaluation.isChecked() else "",
        }

    def restore_inputs(self, inputs: dict[str, str]) -> None:
        """Fill the form as inputs() left it."""
        self.level.setCurrentIndex(max(self.level.findData(inputs.get("level")), 0))
        self.evaluation.setChecked(
            bool(inputs.get("evaluation")) and self.level.currentData() == "province"
        )
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
        months = range_months(period)
        if months is None and ".." in period:
            return None
        if months is not None:
            name = EVALUATION_NAME if self.evaluation.isChecked() else None
            name = name or OUT_NAMES[self.level.currentData()]
            return folder / f"{name}_{months[0]}至{months[-1]}.xlsx"
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
        self.cases = SheetRows(rf.UNIT_CASES, NO_CASES)
        self.series = SheetRows(rf.SERIES, NO_SERIES)
        self.outcomes = SheetRows(rf.OUTCOMES, NO_OUTCOMES)
        self.flags = SheetRows(rf.FLAGS, NO_FLAGS)
        self.findings_pane = FindingsPane(self.ctx, "rollup_findings")
        self.findings = self.findings_pane.panel
        self.tabs = QTabWidget()
        self._show_tabs(False)
        return self.tabs

    def _show_tabs(self, over_range: bool) -> None:
        """A range's tabs (月度序列, 个案结果, 需关注, 问题清单) or one month's (指标, 个案汇总,
        问题清单)."""
        pages = (
            (self.series, self.outcomes, self.flags, self.findings_pane)
            if over_range
            else (self.metrics, self.cases, self.findings_pane)
        )
        self.tabs.clear()
        for page, title in zip(pages, RANGE_TABS if over_range else SINGLE_TABS, strict=True):
            self.tabs.addTab(page, title)

    def tab_titles(self) -> list[str]:
        """The result tabs shown, in order."""
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def problem(self) -> str | None:
        """Why the form cannot run yet, in Chinese (None when it can)."""
        if not self.inbox.text() or not Path(self.inbox.text()).is_dir():
            return "请选择存在的下级汇总文件夹。"
        period = self.period.text().strip()
        if not period:
            return "请填写统计期间。"
        problem = self._period_problem(period)
        if problem:
            return problem
        inputs = [self.units.text(), self.previous.text()]
        return output_file_problem(self.out.text(), "本级汇总工作簿", inputs, self.inbox.text())

    def _period_problem(self, period: str) -> str | None:
        """Why the 统计期间 (and 学年评估) cannot be used, in Chinese, or None."""
        from core.rollup.series import MAX_MONTHS

        how = RANGE_HOW.format(n=MAX_MONTHS)
        evaluation = self.evaluation.isChecked()
        if ".." in period or evaluation:
            if range_months(period) is None:
                what = "学年评估的统计期间" if evaluation else "统计期间"
                return f"{what}“{period}”写法不对：{how}。"
            if self.previous.text():
                return (
                    "多月汇总不使用上期本级汇总（月度序列已含逐月比较）："
                    "请清空“上期本级汇总”，或只写一个月份。"
                )
            return None
        if not PERIOD.match(period):
            return f"统计期间“{period}”写法不对：一个月写 YYYY-MM（如 2026-10）；{how}。"
        return None

    def clear_results(self) -> None:
        """Forget the last run's results, so none of them is taken for this run's."""
        self.result = None
        self.metrics.setRowCount(0)
        for table in (self.cases, self.series, self.outcomes, self.flags):
            table.clear()
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
        months = range_months(self.period.text().strip())
        self._show_tabs(months is not None)
        if months is not None:
            self.job.start(
                rollup_range_task(
                    self.inbox.text(),
                    self.level.currentData(),
                    months,
                    Path(self.out.text()),
                    self.units.text() or None,
                    self.evaluation.isChecked(),
                    self.ctx.policy(),
                    self.ctx.mapping(),
                )
            )
            return
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
        if hasattr(result, "series"):
            self._show_range(result)
        else:
            self._show_month(result)
        self.open_button.setEnabled(bool(result.out_path))
        self.progress.label.setText("上报汇总完成")
        self.form_box.collapse(
            f"下级汇总文件夹：{self.inbox.text()}　{self.level.currentText()}"
            f"　统计期间：{self.period.text().strip()}"
            + ("　学年评估" if self.evaluation.isChecked() else "")
            + f"　本级汇总工作簿：{Path(self.out.text()).name}"
        )

    def _show_range(self, result: Any) -> None:
        """The range's series, case outcomes, flags and findings, as its workbook has them."""
        self._show_tabs(True)
        self.series.set_rows(result.series)
        self.outcomes.set_rows(result.outcomes)
        self.flags.set_rows(result.flags)
        self.findings.set_findings(result.findings, {})
        what = "学年评估" if result.evaluation is not None else "多月汇总"
        units = {r["unit_code"] for r in result.series}
        lines = [
            f"{what} {result.unit_name} {result.first} 至 {result.last}："
            f"{len(units)} 个单位，{len(result.periods)} 个月；"
            f"有缺报月份的单位 {len(result.missing)} 个，需关注 {len(result.flags)} 处；"
            f"问题：{counts_text(result.findings)}。"
        ]
        if result.evaluation is not None:
            ev = result.evaluation
            lines.append(f"七月检查（截止 {ev.deadline}）：{len(ev.july)} 个单位尚有应报月份未报。")
        lines += result.notes
        if result.out_path:
            lines.append(f"本级汇总工作簿：{result.out_path}")
        self.status.setText("\n".join(lines))

    def _show_month(self, result: Any) -> None:
        """One month's metrics, 个案汇总 and findings."""
        self._show_tabs(False)
        self.cases.set_rows(result.case_rows)
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
