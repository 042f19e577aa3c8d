"""复核 page: the county's quarterly re-check and the start-of-term field check-list, from the
case register (schoolroll review and schoolroll checklist, in the window), and the filled lists
read back into it (schoolroll register import)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
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
from ui.runners import ImportOutcome
from ui.tasks import import_task, review_task
from ui.views.finding_detail import scrolled
from ui.views.findings_pane import FindingsPane
from ui.views.widgets import EXCEL_FILTER, CollapsibleForm, PathField, ProgressStrip
from ui.workers import Job

log = logging.getLogger(__name__)
REGISTER_FILTER = "个案登记册 (*.sqlite);;所有文件 (*)"
CANCELLED = "已取消复核，没有写出工作簿。"
FAILED = "复核出错，未完成，没有写出工作簿（详见错误窗口和日志）。"
IMPORT_FILTER = "Excel 工作簿 (*.xlsx);;所有文件 (*)"
IMPORT_CANCELLED = (
    "已取消导入。取消前已开始记入的工作簿可能已记入个案登记册（再次导入同一清单会替换它的记录，"
    "不会重复）。"
)
IMPORT_FAILED = "导入出错，未完成（详见错误窗口和日志）。"
REFRESHED = "已按导入后的个案登记册重新复核，季度复核工作簿已更新；入户核查清单未重写。"
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
        self.imported: ImportOutcome | None = None
        self._running = "review"
        """What the job runs now: "review", "import" or "refresh" (the review after an import)."""
        self._refresh = False
        """An import has changed the register while a review was shown: run it again."""
        self._reviewed = ""
        """The register the review shown was run on."""
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
        self.import_button = QPushButton("导入已填写的清单…")
        self.import_button.setToolTip(
            "把现场填好的入户核查清单、平台推送核实工作簿（或往月的县区汇总工作簿）记入个案登记册"
        )
        self.open_button.setEnabled(False)
        self.open_checklist_button.setEnabled(False)
        self.run_button.clicked.connect(self.start)
        self.open_button.clicked.connect(lambda: self._open("review_path"))
        self.open_checklist_button.clicked.connect(lambda: self._open("checklist_path"))
        self.import_button.clicked.connect(self.import_lists)
        for b in (self.run_button, self.open_button, self.open_checklist_button):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.import_button)
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
        self.import_summary = QLabel("导入的清单和其中的问题显示在这里。")
        self.import_summary.setWordWrap(True)
        self.import_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.import_findings = FindingsPane(self.ctx, "review_import_findings")
        imported = QWidget()
        box = QVBoxLayout(imported)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.import_summary)
        box.addWidget(self.import_findings, 1)
        self.import_tab = imported
        self.tabs.addTab(imported, "导入结果")
        return self.tabs

    # --- running ------------------------------------------------------------------------------
    def register_problem(self) -> str | None:
        """Why the register field cannot be used, in Chinese (None when it can)."""
        register = self.register.text()
        if not register or not Path(register).is_file():
            return "请选择存在的个案登记册（命令行 consolidate --register 记录的 .sqlite 文件）。"
        return None

    def problem(self) -> str | None:
        """Why the form cannot run yet, in Chinese (None when it can)."""
        problem = self.register_problem()
        if problem:
            return problem
        register = self.register.text()
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

    def _blocked(self, problem_of: Callable[[], str | None]) -> bool:
        """True when a job runs, or the form has a problem (then said, the form open on it)."""
        if self.job.running:
            return True
        problem = problem_of()
        if problem:
            self.refuse(problem)
        return bool(problem)

    def start(self) -> None:
        """Run the re-check (and the check-list) with the form's values."""
        if self._blocked(self.problem):
            return
        self.clear_results()
        log.info("quarterly review started")
        self._reviewed = self.register.text()
        self._running = "review"
        self._busy(True)
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

    def import_lists(self) -> None:
        """Ask for filled check-lists (or answer or county workbooks) and record them in the
        register in the background; the review shown is run again afterwards."""
        if self._blocked(self.register_problem):
            return
        start = self.ctx.last_folder("review/import") or self._import_start()
        title = "选择已填写的入户核查清单或平台推送核实工作簿"
        paths = self.ctx.choosers.open_files(self, title, start, IMPORT_FILTER)
        if not paths:
            return
        self.ctx.remember_folder("review/import", str(Path(paths[0]).parent))
        self.start_import([Path(p) for p in paths])

    def _import_start(self) -> str:
        folder = self._folder()
        return str(folder) if folder is not None else self.ctx.settings.output_dir

    def start_import(self, paths: list[Path]) -> None:
        """Record these workbooks in the form's register (as schoolroll register import)."""
        if self._blocked(self.register_problem):
            return
        self.imported = None
        self.import_summary.setText("")
        self.import_findings.panel.set_findings([], {})
        self.import_findings.detail.show_finding(None)
        log.info("register import started (%d workbooks)", len(paths))
        self._running = "import"
        self._busy(True)
        self.progress.started("正在导入……")
        self.job.start(import_task(Path(self.register.text()), paths))

    def _on_imported(self, outcome: ImportOutcome) -> None:
        if outcome.problem:  # refused before anything was recorded
            self.status.setText(outcome.problem)
            self.progress.refused(f"未导入：{outcome.problem}")
            return
        self.imported = outcome
        lines = [f"已导入个案登记册：{self.register.text()}", *(f.line for f in outcome.files)]
        self.import_summary.setText("\n".join(lines))
        self.status.setText("\n".join(lines))
        self.progress.label.setText("导入完成")
        found = [x for f in outcome.files for x in f.findings]
        base = str(outcome.files[0].path.parent) if outcome.files else ""
        self.import_findings.panel.set_findings(found, {}, base)
        self.tabs.setCurrentWidget(self.import_tab)
        self._refresh = self.outcome is not None and self._reviewed == self.register.text()

    def _refresh_review(self) -> None:
        """The review shown, computed again from the register the import changed (its workbook
        rewritten; the check-list, of the cases open before the visits, is not)."""
        shown = self.outcome
        self.clear_results()
        self._running = "refresh"
        self._busy(True)
        self.progress.started("正在按导入后的登记册重新复核……")
        self.job.start(
            review_task(
                Path(self.register.text()),
                shown.review.quarter,
                Path(shown.review_path),
                None,
                self.period.text().strip(),
                None,
                self.county_name.text().strip(),
                self.ctx.policy(),
            )
        )

    def _busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy)
        self.import_button.setEnabled(not busy)

    def _on_job_succeeded(self, outcome: Any) -> None:
        if self._running == "import":
            self._on_imported(outcome)
            return
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
        if self._running == "refresh":
            lines.append(REFRESHED)
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
        said = IMPORT_CANCELLED if self._running == "import" else CANCELLED
        self.status.setText(said)
        self.progress.label.setText(said)

    def _on_job_failed(self, _details: str) -> None:
        self.status.setText(IMPORT_FAILED if self._running == "import" else FAILED)

    def _on_job_finished(self) -> None:
        self._busy(False)
        if self._refresh:
            self._refresh = False
            self._refresh_review()

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
