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
DISPLAY_NAME = "控辍保学台账助手（SchoolRoll）"


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
    """Install Qt's own zh_CN translation, and the texts it lacks, so Qt's dialogs read Chinese."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from desktop.qt_zh import MissingStrings

    translator = QTranslator(app)  # type: ignore[arg-type]
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    found = translator.load("qtbase_zh_CN", folder)
    if found:
        app.installTranslator(translator)  # type: ignore[attr-defined]
    else:
        log.warning("qtbase_zh_CN translation not found")
    # Installed last, so asked first: it answers only for the texts it knows.
    app.installTranslator(MissingStrings(app))  # type: ignore[attr-defined]
    return found


def create_application(argv: Sequence[str] = ()) -> object:
    """The QApplication with name, icon and Chinese standard buttons."""
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    qInstallMessageHandler(_log_qt_message)
    app = QApplication.instance() or QApplication(["schoolroll", *argv])
    app.setApplicationName("SchoolRoll")
    # The window title ends with this, so Qt does not append it a second time.
    app.setApplicationDisplayName(DISPLAY_NAME)
    app.setWindowIcon(QIcon(str(resource_path(ICON))))
    load_qt_translations(app)
    return app


def build_window(paths: AppPaths) -> object:
    """The main window over the user's settings."""
    from desktop.commands.register import REGISTER_FILE
    from desktop.settings import SettingsStore
    from ui.context import UiContext
    from ui.main_window import MainWindow

    store = SettingsStore(paths.settings_file)
    ctx = UiContext(
        store=store,
        log_file=paths.log_file,
        mapping_file=paths.mapping_file,
        copies_dir=paths.data_dir / "标注副本",
        register_file=paths.data_dir / REGISTER_FILE,
    )
    return MainWindow(ctx)


NO_DISPLAY = (
    "无法打开图形界面：没有可用的显示（未设置 DISPLAY 或 WAYLAND_DISPLAY）。"
    "请在桌面环境中运行，或改用 schoolroll 的命令行子命令（schoolroll --help）。"
)
EXIT_NO_DISPLAY = 2


def display_problem(env: dict[str, str] | None = None, platform: str = sys.platform) -> str | None:
    """Why Qt could not open a window here, in Chinese (None when it can try).

    Without a display Qt's xcb plugin aborts the process (exit 134) before Python can say
    anything, so the shell looks before it starts Qt.
    """
    env = dict(os.environ if env is None else env)
    if not platform.startswith("linux"):
        return None
    qpa = env.get("QT_QPA_PLATFORM", "").split(":")[0]
    if qpa not in ("", "xcb", "wayland"):
        return None  # offscreen, vnc...: no display needed
    x11, wayland = bool(env.get("DISPLAY")), bool(env.get("WAYLAND_DISPLAY"))
    usable = {"xcb": x11, "wayland": wayland}.get(qpa, x11 or wayland)
    return None if usable else NO_DISPLAY


def run(smoke_test: bool = False, dev: bool = False, quit_when_shown: bool = False) -> int:
    """Start the GUI (or the smoke test); returns the exit status."""
    if smoke_test:
        # Offscreen unless the caller names a platform: CI also runs it on xcb and windows,
        # the plugins real users load.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif (problem := display_problem()) is not None:
        print(problem, file=sys.stderr)
        return EXIT_NO_DISPLAY
    paths = user_paths(dev).create()
    setup_logging(paths.log_file)
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


def _report_shown(app: object) -> None:
    print(f"shown {time.perf_counter() - STARTED:.3f} pandas={'pandas' in sys.modules}", flush=True)
    app.quit()  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m desktop` and the schoolroll-gui script."""
    multiprocessing.freeze_support()  # the checks run in child processes (ui/child_process.py)
    args = parse_args(argv)
    return run(args.smoke_test, args.dev, args.quit_when_shown)
