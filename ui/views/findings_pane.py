"""The problem lists of 汇总 and 上报汇总: findings, the selected one's detail, 在 Excel 中打开."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter

from core.model.findings import Finding
from ui.tasks import copy_at_task
from ui.views.finding_detail import FindingDetail, scrolled
from ui.views.findings_panel import FindingsPanel
from ui.workers import Job

OPENABLE = {".xlsx", ".xlsm"}
"""Workbooks a copy of which can be set to open at a cell."""


class FindingsPane(QSplitter):
    """FindingsPanel beside a FindingDetail; opening a finding opens a copy of its workbook."""

    def __init__(self, ctx: Any, name: str) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.setObjectName(name)
        self.ctx = ctx
        self.panel = FindingsPanel()
        self.detail = FindingDetail()
        self.job = Job(f"{name}-open", self)
        self.addWidget(self.panel)
        self.addWidget(scrolled(self.detail))
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.panel.finding_selected.connect(self.detail.show_finding)
        self.panel.finding_activated.connect(self.open_in_excel)
        self.detail.open_requested.connect(self.open_in_excel)
        self.job.succeeded.connect(lambda path: self.ctx.open_path(Path(path)))
        self.job.refused.connect(self.detail.hint.setText)

    def open_in_excel(self, finding: Finding | None) -> None:
        """Open a copy of the finding's workbook at its sheet and cell (never the input itself)."""
        path = Path(finding.file) if finding is not None and finding.file else None
        if path is None or self.job.running:
            return
        if path.suffix.lower() not in OPENABLE or not path.is_file():
            self.detail.hint.setText(
                f"“{path.name}”不是可直接定位的 .xlsx 文件（或在压缩包里），请打开它的标注副本。"
            )
            return
        folder = self.ctx.copies_dir or Path(tempfile.gettempdir()) / "SchoolRoll标注副本"
        self.job.start(copy_at_task(path, folder, finding))
