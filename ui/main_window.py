"""MainWindow: the six pages, menus, drag and drop onto any page, and cancel-on-close."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget

from ui.child_process import stop_children
from ui.dialogs.error_dialog import ErrorDialog
from ui.drops import Landing, form_landing, validate_landing
from ui.taught import damaged_notice
from ui.views.consolidate_view import ConsolidateView
from ui.views.review_view import ReviewView
from ui.views.rollup_view import RollupView
from ui.views.settings_view import SettingsView
from ui.views.templates_view import TemplatesView
from ui.views.validate_view import ValidateView
from ui.window_state import WindowState, fit
from ui.workers import Job

log = logging.getLogger(__name__)


def _local_paths(event: QDropEvent | QDragEnterEvent) -> list[str]:
    mime = event.mimeData()
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []


TITLE = "控辍保学台账助手（SchoolRoll）"


class MainWindow(QMainWindow):
    """The application window; every page gets the same UiContext."""

    def __init__(self, ctx: Any) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(TITLE)
        self.setAcceptDrops(True)
        self.validate_view = ValidateView(ctx)
        self.consolidate_view = ConsolidateView(ctx)
        self.rollup_view = RollupView(ctx)
        self.review_view = ReviewView(ctx)
        self.templates_view = TemplatesView(ctx)
        self.settings_view = SettingsView(ctx)
        self.tabs = QTabWidget()
        for view, title in (
            (self.validate_view, "校验"),
            (self.consolidate_view, "汇总"),
            (self.rollup_view, "上报汇总"),
            (self.review_view, "复核"),
            (self.templates_view, "模板"),
            (self.settings_view, "设置"),
        ):
            self.tabs.addTab(view, title)
        self.setCentralWidget(self.tabs)
        self.error_dialog: ErrorDialog | None = None
        self.help_dialog: Any = None
        for job in self.jobs():
            job.failed.connect(self._on_job_failed)
        self.settings_view.saved.connect(self.validate_view.revalidate)
        self.consolidate_view.register_recorded.connect(self.review_view.register.set_text)
        self._build_menus()
        self.statusBar().addWidget(QLabel("把文件、文件夹或 zip 压缩包拖到窗口任意位置即可校验"))
        if ctx.store.notice:
            self.tabs.setCurrentWidget(self.settings_view)
        self.mapping_notice = damaged_notice(ctx.mapping_file)
        """Why the settings folder's mapping file was set aside at the start (None: it was not)."""
        if self.mapping_notice:
            self.validate_view.show_notice(self.mapping_notice)
        self._fitted = False
        self.state = WindowState(getattr(ctx.store, "state_path", None))
        self.state.restore(self, self.pages())

    def pages(self) -> dict[str, Any]:
        """The pages whose inputs are kept between runs, by a stable name."""
        return {
            "validate": self.validate_view,
            "consolidate": self.consolidate_view,
            "rollup": self.rollup_view,
            "review": self.review_view,
            "templates": self.templates_view,
        }

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        """Once the frame's real size is known, make sure the whole window is on the screen."""
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            QTimer.singleShot(0, lambda: fit(self))

    def jobs(self) -> list[Job]:
        """Every background job of every page."""
        return [
            self.validate_view.job,
            self.validate_view.annotate_job,
            self.validate_view.excel_job,
            self.consolidate_view.job,
            self.consolidate_view.findings_pane.job,
            self.consolidate_view.chase_job,
            self.rollup_view.job,
            self.rollup_view.findings_pane.job,
            self.review_view.job,
            self.templates_view.job,
        ]

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self._action(
            file_menu,
            "打开文件…",
            self.validate_view.open_files,
            QKeySequence.StandardKey.Open,
        )
        self._action(file_menu, "打开文件夹…", self.validate_view.open_folder)
        file_menu.addSeparator()
        self._action(file_menu, "退出", self.close, QKeySequence.StandardKey.Quit)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        self.rules_action = self._action(
            help_menu,
            "规则说明（全部问题代码）",
            self.open_rules,
            QKeySequence.StandardKey.HelpContents,
        )
        self._action(help_menu, "打开日志文件夹", self.open_log_folder)

    def _action(self, menu: Any, text: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def open_rules(self) -> None:
        """Show the rule catalogue inside the app (F1)."""
        if self.help_dialog is None:
            from ui.dialogs.help_dialog import HelpDialog  # renders the rules: only when asked

            self.help_dialog = HelpDialog(self)
        self.help_dialog.show()
        self.help_dialog.raise_()
        self.help_dialog.search.setFocus()

    def open_log_folder(self) -> None:
        """Open the folder that holds the log file."""
        if self.ctx.log_file is not None:
            self.ctx.open_path(Path(self.ctx.log_file).parent)

    # --- drag and drop anywhere ---------------------------------------------------------------
    def landing(self, paths: list[str]) -> Landing:
        """Where paths dropped now would land: the current page's fields, else 校验."""
        page = self.tabs.currentWidget()
        fields = page.drop_fields() if hasattr(page, "drop_fields") else None
        landed = form_landing(fields, paths) if fields else None
        if landed is not None:
            return landed
        text, check = validate_landing(self.validate_view, paths)

        def go_and_check() -> None:
            self.tabs.setCurrentWidget(self.validate_view)
            check()

        return text, go_and_check

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        """Accept local files and folders, and say where they will land."""
        paths = _local_paths(event)
        if paths:
            event.acceptProposedAction()
            self.statusBar().showMessage(self.landing(paths)[0])

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802 - Qt API
        """The drag went elsewhere: forget the landing message."""
        self.statusBar().clearMessage()
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        """Fill the page dropped on, or validate what was dropped on the 校验 page."""
        self.statusBar().clearMessage()
        paths = _local_paths(event)
        if paths:
            event.acceptProposedAction()
            log.info("%d paths dropped", len(paths))
            self.landing(paths)[1]()

    # --- errors and closing -------------------------------------------------------------------
    def _on_job_failed(self, details: str) -> None:
        self.error_dialog = ErrorDialog(details, self.ctx.log_file, self)
        self.error_dialog.show()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        """Cancel running work and wait for it to stop before the window goes."""
        running = [job for job in self.jobs() if job.running]
        for job in running:
            job.cancel()
        stop_children()  # closing: no need to wait for the children's next step
        for job in running:
            if not job.wait(30):
                log.warning("job %s did not stop within 30 s", job.name)
        if running:
            log.info("closed during %d running jobs; cancelled", len(running))
        self.state.save(self, self.pages())
        event.accept()
