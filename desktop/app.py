"""The GUI shell: arguments -> paths -> logging -> excepthook -> QApplication -> MainWindow."""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

from desktop.logging_setup import setup_logging
from desktop.paths import AppPaths, resource_path, user_paths

log = logging.getLogger(__name__)
STARTED = time.perf_counter()
ICON = "desktop/resources/app.png"
RULES_DOC = "docs/rules.md"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """`python -m desktop [--dev] [--smoke-test]`."""
    p = argparse.ArgumentParser(prog="schoolroll-gui", description="控辍保学台账助手")
    p.add_argument("--smoke-test", action="store_true", help="自检后退出")
    p.add_argument("--dev", action="store_true", help="设置和日志放在 ./.dev")
    # For benchmarks/bench_gui.py: print the start-up time once the window is shown, then quit.
    p.add_argument("--quit-when-shown", action="store_true", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def make_excepthook(log_file: Path, show: Callable[[str], object]) -> Callable[..., None]:
    """An excepthook that logs the traceback and then calls show(traceback text)."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        logging.getLogger("desktop.crash").error("unhandled exception\n%s", text)
        show(text)

    return hook


def _show_error_dialog(log_file: Path) -> Callable[[str], object]:
    def show(text: str) -> object:
        from ui.dialogs.error_dialog import ErrorDialog

        return ErrorDialog(text, log_file).exec()

    return show


def _log_qt_message(mode: object, _context: object, message: str) -> None:
    """Qt's own warnings go to the log, not to a console the user never sees."""
    logging.getLogger("qt").info("%s: %s", getattr(mode, "name", mode), message)


def _print_error(text: str) -> None:
    print(text, file=sys.stderr)


def load_qt_translations(app: object) -> bool:
    """Install Qt's own zh_CN translation so standard buttons read 确定/取消."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    translator = QTranslator(app)  # type: ignore[arg-type]
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_zh_CN", folder):
        log.warning("qtbase_zh_CN translation not found")
        return False
    app.installTranslator(translator)  # type: ignore[attr-defined]
    return True


def create_application(argv: Sequence[str] = ()) -> object:
    """The QApplication with name, icon and Chinese standard buttons."""
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    qInstallMessageHandler(_log_qt_message)
    app = QApplication.instance() or QApplication(["schoolroll", *argv])
    app.setApplicationName("SchoolRoll")
    app.setApplicationDisplayName("控辍保学台账助手")
    app.setWindowIcon(QIcon(str(resource_path(ICON))))
    load_qt_translations(app)
    return app


def build_window(paths: AppPaths) -> object:
    """The main window over the user's settings."""
    from desktop.settings import SettingsStore
    from ui.context import UiContext
    from ui.main_window import MainWindow

    store = SettingsStore(paths.settings_file)
    ctx = UiContext(store=store, log_file=paths.log_file, rules_doc=resource_path(RULES_DOC))
    return MainWindow(ctx)


def run(smoke_test: bool = False, dev: bool = False, quit_when_shown: bool = False) -> int:
    """Start the GUI (or the smoke test); returns the exit status."""
    if smoke_test:
        # Offscreen unless the caller names a platform: CI also runs it on xcb and windows,
        # the plugins real users load.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    paths = user_paths(dev).create()
    setup_logging(paths.log_file)
    _apply_mapping(paths)
    # Offscreen nobody could close a modal dialog: the smoke test prints instead.
    show = _print_error if smoke_test else _show_error_dialog(paths.log_file)
    sys.excepthook = make_excepthook(paths.log_file, show)
    log.info("start (smoke_test=%s, frozen=%s)", smoke_test, getattr(sys, "frozen", False))
    app = create_application()
    if smoke_test:
        from desktop.smoke import smoke_test as run_smoke

        return run_smoke()
    window = build_window(paths)
    window.show()  # type: ignore[attr-defined]
    if quit_when_shown:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: _report_shown(app))
    return int(app.exec())  # type: ignore[attr-defined]


def _apply_mapping(paths: AppPaths) -> None:
    """The user's taught headers, for every read of the window and of its workers."""
    from core.mapping import ENVIRONMENT  # light: the reader itself loads the file when used

    if paths.mapping_file.is_file():
        os.environ[ENVIRONMENT] = str(paths.mapping_file)


def _report_shown(app: object) -> None:
    print(f"shown {time.perf_counter() - STARTED:.3f} pandas={'pandas' in sys.modules}", flush=True)
    app.quit()  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m desktop` and the schoolroll-gui script."""
    multiprocessing.freeze_support()  # the checks run in child processes (ui/child_process.py)
    args = parse_args(argv)
    return run(args.smoke_test, args.dev, args.quit_when_shown)
