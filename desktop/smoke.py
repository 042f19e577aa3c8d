"""`schoolroll gui --smoke-test`: the real window, offscreen, validating and consolidating the
sample county through the same view methods the buttons call."""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def wait_for(job: Any, timeout_s: float = 600) -> None:
    """Run the event loop until the job has finished (or the timeout passes)."""
    from PySide6.QtCore import QEventLoop, QTimer

    if not job.running:
        return
    loop = QEventLoop()
    job.finished.connect(loop.quit)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()


def smoke_test() -> int:
    """Validate and consolidate a fresh sample county in the window; print one line."""
    try:
        return _run()
    except Exception as exc:
        log.exception("smoke test failed")
        print(f"自检失败：{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


def _run() -> int:
    from core.demo import generate_county
    from desktop.settings import SettingsStore
    from ui.context import UiContext
    from ui.main_window import MainWindow

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="schoolroll-smoke-") as tmp:
        root = Path(tmp)
        county = generate_county(root / "county", students=60)
        store = SettingsStore(root / "settings.json")
        store.settings.passwords = list(county.passwords)
        failures: list[str] = []
        window = MainWindow(UiContext(store=store, open_path=lambda _p: True))
        for job in window.jobs():
            job.failed.connect(failures.append)
        window.show()
        validate = window.validate_view
        validate.add_paths([county.inbox])
        wait_for(validate.job)
        reports = validate.files_model.reports()
        view = window.consolidate_view
        view.inbox.set_text(str(county.inbox))
        view.period.setText(county.period)
        view.out.set_text(str(root / "县区汇总.xlsx"))
        view.start()
        wait_for(view.job)
        result = view.result
        window.close()
        ok = (
            not failures
            and reports
            and result is not None
            and result.out_path
            and Path(result.out_path).exists()
        )
        findings = sum(len(r.findings) for r in reports)
        if not ok:
            reason = failures[0].strip().splitlines()[-1] if failures else "没有得到结果"
            print(f"自检失败：{reason}", file=sys.stderr)
            return 1
        print(
            f"自检通过：校验 {len(reports)} 个文件（{findings} 条问题），"
            f"汇总 {len(result.accepted)} 所学校，县区汇总工作簿已写出，"
            f"用时 {time.perf_counter() - started:.1f} 秒（{_runtime()}）"
        )
        return 0


def _runtime() -> str:
    """The Qt platform plugin and the text encoding: what differs between a CI run and a user's."""
    import locale

    from PySide6.QtGui import QGuiApplication

    encoding = "UTF-8 模式" if sys.flags.utf8_mode else f"编码 {locale.getpreferredencoding(False)}"
    return f"Qt 平台 {QGuiApplication.platformName()}，{encoding}"
