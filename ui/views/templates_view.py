"""模板 page: write the blank standard templates to a folder and open it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from ui.tasks import templates_task
from ui.views.widgets import PathField
from ui.workers import Job


class TemplatesView(QWidget):
    """Writes the templates schools fill in (with dropdowns and hints)."""

    def __init__(self, ctx: Any) -> None:
        super().__init__()
        self.ctx = ctx
        self.job = Job("templates", self)
        self.written: list[Path] = []
        intro = QLabel(
            "生成空白标准模板：学校月报（含下拉选项和填写说明）、县区名录等。"
            "发给学校填写，校验和汇总都按这些模板识别报表。"
        )
        intro.setWordWrap(True)
        self.folder = PathField(
            self.ctx,
            "folder",
            "模板保存到",
            "选择文件夹",
            start=ctx.settings.output_dir,
            remember="templates/folder",
        )
        self.folder.set_text(
            str(Path(ctx.settings.output_dir) / "模板") if ctx.settings.output_dir else ""
        )
        self.write_button = QPushButton("生成模板")
        self.open_button = QPushButton("打开文件夹")
        self.open_button.setEnabled(False)
        self.write_button.clicked.connect(self.start)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.status = QLabel("")
        self.files = QListWidget()
        bar = QHBoxLayout()
        bar.addWidget(self.write_button)
        bar.addWidget(self.open_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.folder)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.files, 1)
        self.job.succeeded.connect(self._on_job_succeeded)

    def inputs(self) -> dict[str, str]:
        """The chosen folder, to restore on the next start."""
        return {"folder": self.folder.text()}

    def restore_inputs(self, inputs: dict[str, str]) -> None:
        """Fill the folder as inputs() left it."""
        if inputs.get("folder"):
            self.folder.set_text(inputs["folder"])

    def start(self) -> None:
        """Write the templates into the chosen folder."""
        if self.job.running:
            return
        if not self.folder.text():
            self.status.setText("请先选择保存模板的文件夹。")
            return
        self.status.setText("正在生成模板……")
        self.job.start(templates_task(Path(self.folder.text())))

    def _on_job_succeeded(self, paths: list[Path]) -> None:
        self.written = [Path(p) for p in paths]
        self.files.clear()
        self.files.addItems([p.name for p in self.written])
        self.status.setText(f"已生成 {len(self.written)} 个模板：{self.folder.text()}")
        self.open_button.setEnabled(True)

    def _on_open_clicked(self) -> None:
        self.ctx.open_path(Path(self.folder.text()))
