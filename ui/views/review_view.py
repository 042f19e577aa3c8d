"""复核 page: the county's quarterly re-check and the start-of-term field check-list, from the
case register (schoolroll review and schoolroll checklist, in the window)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.model.quarters import QUARTER_RE, quarter_periods
from ui.drops import Fields
from ui.output_check import output_file_problem
from ui.proposals import ProposedPath, reporting_month
from ui.tasks import review_task
from ui.views.finding_detail import scrolled
from ui.views.widgets import EXCEL_FILTER, CollapsibleForm, PathField, ProgressStrip
from ui.workers import Job

log = logging.getLogger(__name__)
REGISTER_FILTER = "个案登记册 (*.sqlite);;所有文件 (*)"
CANCELLED = "已取消复核，没有写出工作簿。"
FAILED = "复核出错，未完成，没有写出工作簿（详见错误窗口和日志）。"
FLAG_COLUMNS = ("学校标识码", "月份", "关注", "说明", "学生")
MONTH_COLUMNS = (
    ("period", "月份"),
    ("sent", "报送"),
    ("submission_status", "报送状态"),
    ("roster_n", "在籍"),
    ("attending_n", "在校"),
    ("suspected_n", "疑似"),
    ("dropout_n", "辍学"),
    ("returned_n", "返校"),
    ("opened_n", "立案"),
    ("closed_n", "结案"),
    ("flags_n", "需复核"),
)
"""The quarter's row per school and month: key -> column header."""
CHECK_COLUMNS = (
    ("school_name", "学校"),
    ("hukou_region", "户籍地"),
    ("name", "姓名"),
    ("case_state", "状态"),
    ("opened", "立案月份"),
    ("guardian", "监护人"),
    ("guardian_phone", "联系电话"),
    ("responsible", "包保责任人"),
    ("last_attempt_date", "最近劝返"),
    ("last_attempt_result", "劝返结果"),
)
"""The 入户核查清单 as the page shows it (the workbook has every column)."""


def quarter_of(month: str) -> str:
    """2026-11 -> 2026Q4."""
    year, m = month.split("-")
    return f"{year}Q{(int(m) - 1) // 3 + 1}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _table(headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(i, j, item)


class FlagDetail(QWidget):
    """One flag: what deserves a second look and why, beside the school's months of the quarter."""

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel("选择一处需复核的数字，查看原因和该校本季度各月")
        bold = QFont()
        bold.setBold(True)
        self.title.setFont(bold)
        self.title.setWordWrap(True)
        self.where = QLabel("")
        self.where.setWordWrap(True)
        self.why = QLabel("")
        self.why.setWordWrap(True)
        for label in (self.where, self.why):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.months = _table(tuple(h for _, h in MONTH_COLUMNS))
        em = self.fontMetrics().horizontalAdvance("中")
        for col, (key, header) in enumerate(MONTH_COLUMNS):
            chars = 5 if key == "period" else 5 if key == "submission_status" else len(header)
            self.months.setColumnWidth(col, int(em * (chars + 1)))
        self.setMinimumWidth(240)
        layout = QVBoxLayout(self)
        for w in (self.title, self.where, self.why):
            layout.addWidget(w)
        layout.addWidget(self.months, 1)

    def show_flag(self, flag: dict[str, Any] | None, rows: list[dict[str, Any]]) -> None:
        """Show a flag and the rows of its school (None clears the pane)."""
        if flag is None:
            self.title.setText("选择一处需复核的数字，查看原因和该校本季度各月")
            for label in (self.where, self.why):
                label.setText("")
            _fill(self.months, [])
            return
        self.title.setText(f"【需复核】{flag['flag']}")
        pupil = f"　学生：{flag['pupil']}" if flag.get("pupil") else ""
        self.where.setText(f"学校标识码 {flag['school_code']}　{flag['period']}{pupil}")
        self.why.setText(f"为什么：{flag['why']}")
        mine = [r for r in rows if r["school_code"] == flag["school_code"]]
        _fill(self.months, [tuple(_text(r.get(k)) for k, _ in MONTH_COLUMNS) for r in mine])
        marked = next((i for i, r in enumerate(mine) if r["period"] == flag["period"]), None)
        if marked is not None:
            self.months.selectRow(marked)


class ReviewView(QWidget):
    """Runs the quarter's re-check (and the check-list) in the background; shows the flags."""

    def __init__(self, ctx: Any) -> None:
        super().__init__()
        self.ctx = ctx
        self.job = Job("review", self)
        self.outcome: Any = None
        self.progress = ProgressStrip(self.job)
        self.status = QLabel(
            "选择个案登记册和复核季度，点击“开始复核”；选了当月的县区汇总工作簿，"
            "还会写出开学初入户核查用的清单。"
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

    # --- the form -----------------------------------------------------------------------------
    def _form(self) -> QFormLayout:
        s = self.ctx.settings
        month = reporting_month(dt.date.today(), self.ctx.policy())
        register = getattr(self.ctx, "register_file", None)
        form = QFormLayout()
        self.register = PathField(
            self.ctx,
            "open",
            "选择个案登记册",
            "命令行 consolidate --register 记录的登记册（.sqlite）",
            REGISTER_FILTER,
            start=str(register.parent) if register else "",
            remember="review/register",
        )
        if register is not None and register.is_file():
            self.register.set_text(str(register))
        self.quarter = QLineEdit(quarter_of(month))
        self.quarter.setPlaceholderText("如 2026Q4")
        self.out = PathField(
            self.ctx,
            "save",
            "季度复核工作簿保存为",
            "",
            "Excel 工作簿 (*.xlsx)",
            start=s.output_dir,
            remember="review/out",
        )
        self.county = PathField(
            self.ctx,
            "open",
            "选择当月的县区汇总工作簿",
            "可不选；选了才写入户核查清单",
            EXCEL_FILTER,
            start=s.output_dir,
            remember="review/county",
        )
        self.period = QLineEdit(month)
        self.period.setPlaceholderText("如 2026-12：截至该月仍在跟踪的个案")
        self.checklist_out = PathField(
            self.ctx,
            "save",
            "入户核查清单保存为",
            "",
            "Excel 工作簿 (*.xlsx)",
            start=s.output_dir,
            remember="review/checklist",
        )
        self.county_name = QLineEdit("")
        self.county_name.setPlaceholderText("可不填；写在两份工作簿的标题中")
        for label, w in (
            ("个案登记册：", self.register),
            ("复核季度：", self.quarter),
            ("季度复核工作簿：", self.out),
            ("县区汇总工作簿：", self.county),
            ("核查截至月份：", self.period),
            ("入户核查清单：", self.checklist_out),
            ("县区名称：", self.county_name),
        ):
            form.addRow(label, w)
        self.proposed_out = ProposedPath(self.out, self._proposed_out)
        self.proposed_checklist = ProposedPath(self.checklist_out, self._proposed_checklist)
        for changed in (self.register.chosen, self.county.chosen, self.quarter.textChanged):
            changed.connect(self.proposed_out.refresh)
        for changed in (self.county.chosen, self.period.textChanged):
            changed.connect(self.proposed_checklist.refresh)
        self.proposed_out.refresh()
        return form

    def _folder(self) -> Path | None:
        """Where the outputs are proposed: beside the county workbook, else the register."""
        for given in (self.county.text(), self.register.text()):
            path = Path(given) if given else None
            if path is not None and path.is_absolute() and path.is_file():
                return path.parent
        return None

    def _proposed_out(self) -> Path | None:
        folder, quarter = self._folder(), self.quarter.text().strip().upper()
        if folder is None or not QUARTER_RE.fullmatch(quarter):
            return None
        return folder / f"季度复核_{quarter}.xlsx"

    def _proposed_checklist(self) -> Path | None:
        county, period = self.county.text(), self.period.text().strip()
        if not county or not Path(county).is_file() or not period:
            return None
        return Path(county).parent / f"入户核查清单_{period}.xlsx"

    def drop_fields(self) -> Fields:
        """The fields a drop on this page fills, by the file's name."""
        return {
            "register": ("个案登记册", "个案登记册", self.register),
            "county": ("县区汇总工作簿", "县区汇总", self.county),
        }

    def inputs(self) -> dict[str, str]:
        """The form's paths and names, to restore on the next start."""
        return {
            "register": self.register.text(),
            "out": self.proposed_out.user_text(),
            "county": self.county.text(),
            "checklist": self.proposed_checklist.user_text(),
            "county_name": self.county_name.text(),
        }

    def restore_inputs(self, inputs: dict[str, str]) -> None:
        """Fill the form as inputs() left it (the quarter and month follow today)."""
        for key, path_field in (
            ("register", self.register),
            ("out", self.out),
            ("county", self.county),
            ("checklist", self.checklist_out),
        ):
            if inputs.get(key):
                path_field.set_text(inputs[key])
        self.county_name.setText(inputs.get("county_name", ""))

    def _run_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.run_button = QPushButton("开始复核")
        self.open_button = QPushButton("打开季度复核工作簿")
        self.open_checklist_button = QPushButton("打开入户核查清单")
        self.open_button.setEnabled(False)
        self.open_checklist_button.setEnabled(False)
        self.run_button.clicked.connect(self.start)
        self.open_button.clicked.connect(lambda: self._open("review_path"))
        self.open_checklist_button.clicked.connect(lambda: self._open("checklist_path"))
        for b in (self.run_button, self.open_button, self.open_checklist_button):
            bar.addWidget(b)
        bar.addStretch(1)
        return bar

    def _results(self) -> QTabWidget:
        self.flags = _table(FLAG_COLUMNS)
        em = self.flags.fontMetrics().horizontalAdvance("中")
        for col, chars in enumerate((7, 4, 6, 0, 3)):
            self.flags.setColumnWidth(col, int(em * (chars + 1)))
        self.flags.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.flags.currentCellChanged.connect(lambda row, *_: self._on_flag_selected(row))
        self.detail = FlagDetail()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("review_flags")
        split.addWidget(self.flags)
        split.addWidget(scrolled(self.detail))
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.months = _table(("学校标识码", *(h for _, h in MONTH_COLUMNS)))
        self.months.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.checks = _table(tuple(h for _, h in CHECK_COLUMNS))
        self.checks.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tabs = QTabWidget()
        self.tabs.addTab(split, "需复核")
        self.tabs.addTab(self.months, "逐校逐月")
        self.tabs.addTab(self.checks, "入户核查清单")
        return self.tabs

    # --- running ------------------------------------------------------------------------------
    def problem(self) -> str | None:
        """Why the form cannot run yet, in Chinese (None when it can)."""
        register = self.register.text()
        if not register or not Path(register).is_file():
            return "请选择存在的个案登记册（命令行 consolidate --register 记录的 .sqlite 文件）。"
        quarter = self.quarter.text().strip()
        if quarter_periods(quarter) is None:
            return f"复核季度“{quarter}”格式不对，应为 YYYYQn（如 2026Q4）。"
        inputs = [register, self.county.text()]
        problem = output_file_problem(self.out.text(), "季度复核工作簿", inputs)
        if problem or not self.county.text():
            return problem
        if not Path(self.county.text()).is_file():
            return f"找不到县区汇总工作簿“{self.county.text()}”。"
        period = self.period.text().strip()
        if not _month(period):
            return f"核查截至月份“{period}”格式不对，应为 YYYY-MM（如 2026-12）。"
        inputs.append(self.out.text())
        return output_file_problem(self.checklist_out.text(), "入户核查清单", inputs)

    def clear_results(self) -> None:
        """Forget the last run's results, so none of them is taken for this run's."""
        self.outcome = None
        for table in (self.flags, self.months, self.checks):
            _fill(table, [])
        self.detail.show_flag(None, [])
        self.open_button.setEnabled(False)
        self.open_checklist_button.setEnabled(False)

    def refuse(self, problem: str) -> None:
        """Say why the run cannot start, with the form open on the field to fix."""
        self.form_box.expand()
        self.status.setText(problem)
        self.progress.refused(f"未开始：{problem}")

    def start(self) -> None:
        """Run the re-check (and the check-list) with the form's values."""
        if self.job.running:
            return
        problem = self.problem()
        if problem:
            self.refuse(problem)
            return
        self.clear_results()
        log.info("quarterly review started")
        self.run_button.setEnabled(False)
        self.progress.started("正在复核……")
        county = Path(self.county.text()) if self.county.text() else None
        self.job.start(
            review_task(
                Path(self.register.text()),
                self.quarter.text().strip().upper(),
                Path(self.out.text()),
                county,
                self.period.text().strip(),
                Path(self.checklist_out.text()) if county is not None else None,
                self.county_name.text().strip(),
                self.ctx.policy(),
            )
        )

    def _on_job_succeeded(self, outcome: Any) -> None:
        if outcome.problem:
            self.refuse(outcome.problem)
            return
        self.outcome = outcome
        done = outcome.review
        _fill(
            self.flags,
            [
                (f["school_code"], f["period"], f["flag"], f["why"], f.get("pupil") or "")
                for f in done.flags
            ],
        )
        _fill(
            self.months,
            [(r["school_code"], *(_text(r.get(k)) for k, _ in MONTH_COLUMNS)) for r in done.rows],
        )
        rows = outcome.checklist or []
        _fill(self.checks, [tuple(_text(r.get(k)) for k, _ in CHECK_COLUMNS) for r in rows])
        missing = [p for p in done.periods if p not in done.recorded]
        schools = len({r["school_code"] for r in done.rows})
        lines = [
            f"{done.quarter}：学校 {schools} 所，需复核 {len(done.flags)} 处"
            + (f"；登记册中缺少 {'、'.join(missing)} 的汇总，未列入" if missing else "")
            + "。",
            f"季度复核工作簿：{outcome.review_path}",
        ]
        if outcome.checklist_path is not None:
            lines.append(
                f"入户核查清单：仍在跟踪的个案 {len(rows)} 件，"
                f"涉及学校 {len({r['school_code'] for r in rows})} 所：{outcome.checklist_path}"
            )
        self.status.setText("\n".join([*lines, *outcome.notes]))
        self.open_button.setEnabled(True)
        self.open_checklist_button.setEnabled(outcome.checklist_path is not None)
        self.progress.label.setText("复核完成")
        if done.flags:
            self.flags.selectRow(0)
        self.form_box.collapse(
            f"个案登记册：{Path(self.register.text()).name}　复核季度：{done.quarter}"
            f"　季度复核工作簿：{Path(self.out.text()).name}"
            + (
                f"　入户核查清单：{Path(self.checklist_out.text()).name}"
                if outcome.checklist_path is not None
                else ""
            )
        )

    def _on_flag_selected(self, row: int) -> None:
        done = self.outcome.review if self.outcome is not None else None
        flag = done.flags[row] if done is not None and 0 <= row < len(done.flags) else None
        self.detail.show_flag(flag, done.rows if done is not None else [])

    def _on_job_cancelled(self) -> None:
        self.status.setText(CANCELLED)
        self.progress.label.setText(CANCELLED)

    def _on_job_failed(self, _details: str) -> None:
        self.status.setText(FAILED)

    def _on_job_finished(self) -> None:
        self.run_button.setEnabled(True)

    def _open(self, which: str) -> None:
        path = getattr(self.outcome, which, None) if self.outcome is not None else None
        if path:
            self.ctx.open_path(Path(path))


def _month(text: str) -> bool:
    try:
        dt.datetime.strptime(text, "%Y-%m")
    except ValueError:
        return False
    return len(text) == 7
