"""Run core callables off the UI thread: one QRunnable per run, signals on a long-lived Job."""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from core.progress import Cancelled, Progress
from ui.os_errors import os_error_text

log = logging.getLogger(__name__)

Task = Callable[[Progress], Any]
"""A core call wrapped to take the Progress (step/cancel) and return its result."""


class Job(QObject):
    """One kind of background work a view runs; lives as long as the view, so signals arrive.

    Signals are emitted from the pool thread and delivered queued to the Job's (UI) thread.
    """

    progressed = Signal(int, int, str)
    """done, total, label (the file or step being worked on)."""
    succeeded = Signal(object)
    """The task's return value."""
    failed = Signal(str)
    """The traceback of an unexpected exception (a bug; bad data becomes findings)."""
    refused = Signal(str)
    """The system refused a file operation (disk full, no permission): a Chinese sentence."""
    cancelled = Signal()
    finished = Signal()
    """After succeeded, failed or cancelled."""

    def __init__(
        self, name: str, parent: QObject | None = None, pool: QThreadPool | None = None
    ) -> None:
        super().__init__(parent)
        self.name = name
        self._pool = pool or QThreadPool.globalInstance()
        self._progress: Progress | None = None
        self._returned = threading.Event()
        """Set when the task has returned or raised (the job can start again)."""
        self._returned.set()
        self._emitted = threading.Event()
        """Set after the last signal went out (the Job may be deleted)."""
        self._emitted.set()

    @property
    def running(self) -> bool:
        """True from start() until the task has returned or raised."""
        return not self._returned.is_set()

    def start(self, task: Task) -> None:
        """Run task(progress) in the pool; a Job runs one task at a time."""
        if self.running:
            raise RuntimeError(f"job {self.name} is already running")
        self._progress = Progress(on_progress=self.progressed.emit)
        self._returned.clear()
        self._emitted.clear()
        self._pool.start(_Runnable(self, task, self._progress))

    def cancel(self) -> None:
        """Ask the task to stop at its next step (core raises Cancelled there)."""
        if self._progress is not None:
            self._progress.cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the task has returned and its signals are out (for closing)."""
        return self._emitted.wait(timeout)

    def _run(self, task: Task, progress: Progress) -> None:
        """Runs in the pool thread; the job is not running any more when its outcome arrives."""
        started = time.perf_counter()
        outcome, value = "done", None
        try:
            value = task(progress)
        except Cancelled:
            outcome = "cancelled"
        except OSError as exc:
            log.warning("job %s: the system refused a file operation", self.name)
            outcome, value = "refused", os_error_text(exc)
        except Exception:
            log.exception("job %s failed", self.name)
            outcome, value = "failed", traceback.format_exc()
        log.info("job %s %s after %.1f s", self.name, outcome, time.perf_counter() - started)
        self._returned.set()
        try:
            if outcome == "done":
                self.succeeded.emit(value)
            elif outcome == "cancelled":
                self.cancelled.emit()
            elif outcome == "refused":
                self.refused.emit(value)
            else:
                self.failed.emit(value)
            self.finished.emit()
        finally:
            self._emitted.set()


class _Runnable(QRunnable):
    """Carries one task into the pool; the Job it reports to outlives it."""

    def __init__(self, job: Job, task: Task, progress: Progress) -> None:
        super().__init__()
        self._job, self._task, self._progress = job, task, progress

    def run(self) -> None:
        """Qt calls this in a pool thread."""
        self._job._run(self._task, self._progress)
