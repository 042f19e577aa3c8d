"""The worker helper: results, progress, cancellation and errors arrive on the UI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from core.progress import Progress
from ui.workers import Job


class Recorder:
    """Long-lived receiver with bound-method slots, as the views have."""

    def __init__(self, job: Job) -> None:
        self.events: list[tuple] = []
        self.on_ui_thread: set[bool] = set()
        job.progressed.connect(self.on_progress)
        job.succeeded.connect(self.on_result)
        job.cancelled.connect(self.on_cancel)
        job.failed.connect(self.on_fail)

    def on_progress(self, done: int, total: int, label: str) -> None:
        self.on_ui_thread.add(QThread.currentThread() is QApplication.instance().thread())
        self.events.append(("progress", done, total, label))

    def on_result(self, value: object) -> None:
        self.events.append(("result", value))

    def on_cancel(self) -> None:
        self.events.append(("cancelled",))

    def on_fail(self, text: str) -> None:
        self.events.append(("failed", text.strip().splitlines()[-1]))


def test_every_step_and_the_result_arrive_in_order(qtbot) -> None:
    job = Job("t")
    rec = Recorder(job)

    def task(progress: Progress) -> str:
        for i in range(3):
            progress.step(i, 3, f"学校{i}.xlsx")
        return "完成"

    with qtbot.waitSignal(job.finished, timeout=5000):
        job.start(task)
    assert rec.events == [
        ("progress", 0, 3, "学校0.xlsx"),
        ("progress", 1, 3, "学校1.xlsx"),
        ("progress", 2, 3, "学校2.xlsx"),
        ("result", "完成"),
    ]
    assert rec.on_ui_thread == {True}
    assert not job.running


def test_cancel_stops_the_task_at_its_next_step(qtbot) -> None:
    job = Job("t")
    rec = Recorder(job)
    reached = threading.Event()
    steps: list[int] = []

    def task(progress: Progress) -> str:
        for i in range(1000):
            progress.step(i, 1000, "x")
            steps.append(i)
            reached.set()
            threading.Event().wait(0.005)
        return "不该完成"

    job.start(task)
    assert reached.wait(5)
    job.cancel()
    qtbot.waitUntil(lambda: not job.running, timeout=5000)
    qtbot.waitUntil(lambda: rec.events and rec.events[-1] == ("cancelled",), timeout=5000)
    assert len(steps) < 1000


def test_an_exception_is_relayed_with_its_traceback(qtbot) -> None:
    job = Job("t")
    rec = Recorder(job)

    def task(_progress: Progress) -> None:
        raise ZeroDivisionError("division by zero")

    with qtbot.waitSignal(job.finished, timeout=5000):
        job.start(task)
    assert rec.events == [("failed", "ZeroDivisionError: division by zero")]


def test_a_job_runs_many_times_without_losing_signals(qtbot) -> None:
    job = Job("t")
    rec = Recorder(job)
    for i in range(50):
        with qtbot.waitSignal(job.finished, timeout=5000):
            job.start(lambda _p, i=i: i)
    assert [e[1] for e in rec.events] == list(range(50))


def test_the_progress_strip_names_the_file_and_says_when_it_failed(qtbot) -> None:
    from ui.views.widgets import ProgressStrip

    job = Job("t")
    strip = ProgressStrip(job)
    qtbot.addWidget(strip)
    labels: list[str] = []

    def task(progress: Progress) -> None:
        progress.step(1, 2, "收件箱/城关一小.xlsx")
        progress.step(2, 2, "写县区汇总工作簿")
        raise RuntimeError("a bug")

    job.progressed.connect(lambda *_a: labels.append(strip.label.text()))
    with qtbot.waitSignal(job.finished, timeout=5000):
        job.start(task)
    assert labels == ["正在读取：收件箱/城关一小.xlsx（1/2）", "写县区汇总工作簿（2/2）"]
    assert strip.label.text() == "出错，未完成（详见错误窗口和日志）"
    assert (strip.bar.value(), strip.cancel_button.isEnabled()) == (0, False)  # not "done"


def test_a_refused_file_operation_is_a_chinese_sentence_not_a_crash(qtbot) -> None:
    import errno

    from ui.views.widgets import ProgressStrip

    job = Job("t")
    strip = ProgressStrip(job)
    qtbot.addWidget(strip)
    failed: list[str] = []
    job.failed.connect(failed.append)

    def task(_progress: Progress) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "/县/县区汇总.xlsx")

    with qtbot.waitSignal(job.finished, timeout=5000):
        job.start(task)
    assert strip.label.text() == (
        "无法读写文件“县区汇总.xlsx”：磁盘空间不足（系统信息：No space left on device）。"
    )
    assert failed == []  # no crash dialog for a full disk
