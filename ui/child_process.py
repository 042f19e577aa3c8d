"""Run a core call in a child process: pandas and calamine hold the GIL for long stretches, and
in a thread of the GUI process that freezes the window (benchmarks/bench_gui.py measured
stalls of 0.8 s); in a child the window keeps repainting.

Messages from the child: ("progress", done, total, label), ("item", x) for each element of a
list result (each unpickled separately, so none holds the GIL long), ("done", result),
("cancelled",), ("error", traceback text). Qt-free: the child never loads Qt.

The child is not daemonic, so it may start worker processes (core/execution.py decides); it is
therefore always ended here, on cancel or when the window closes (stop_children), and it ends
itself when the window's process disappears.
"""

from __future__ import annotations

import multiprocessing
import queue as queue_module
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from typing import Any

from core.progress import Cancelled, Progress
from ui.os_errors import ReportedOSError, os_error_text

CANCEL_GRACE_S = 10.0
"""How long a cancelled child may take to reach its next step before it is terminated."""


class ChildError(RuntimeError):
    """The call raised in the child; the message is the child's traceback."""


def child_main(fn: Callable[..., Any], args: Sequence[Any], out: Any, cancel: Any) -> None:
    """Entry point in the child: run fn(*args, progress) and report through the queue."""
    from core.execution import exit_with_parent  # here: the window must not import pandas

    exit_with_parent()
    progress = Progress(
        on_progress=lambda d, t, label: out.put(("progress", d, t, label)), cancel=cancel
    )
    try:
        result = fn(*args, progress)
    except Cancelled:
        out.put(("cancelled",))
        return
    except OSError as exc:  # disk full, no permission: the user's to fix, not a bug
        out.put(("os-error", os_error_text(exc)))
        return
    except BaseException:
        out.put(("error", traceback.format_exc()))
        return
    is_list = isinstance(result, list)
    for item in result if is_list else ():
        out.put(("item", item))
    out.put(("done", None if is_list else result, is_list))


def run_in_child(fn: Callable[..., Any], args: Sequence[Any], progress: Progress) -> Any:
    """Run fn(*args, progress) in a child process, relaying progress and cancellation."""
    ctx = multiprocessing.get_context("spawn")
    messages, cancel = ctx.Queue(), ctx.Event()
    proc = ctx.Process(target=child_main, args=(fn, tuple(args), messages, cancel), daemon=False)
    with _LOCK:
        proc.start()
        _RUNNING.add(proc)
    try:
        return _relay(proc, messages, cancel, progress)
    finally:
        _end(proc, grace=1 if cancel.is_set() else 5)
        with _LOCK:
            _RUNNING.discard(proc)


def stop_children() -> None:
    """End every child still running (the window is closing): terminate, then join."""
    with _LOCK:
        running = list(_RUNNING)
    for proc in running:
        _end(proc, grace=0)


def _end(proc: Any, grace: float) -> None:
    proc.join(grace)
    if proc.is_alive():
        proc.terminate()  # its worker processes follow it (exit_with_parent)
        proc.join(5)
    if proc.is_alive():
        proc.kill()
        proc.join()


_RUNNING: set[Any] = set()
"""Children started and not yet ended, across the views' worker threads."""
_LOCK = threading.Lock()


def _relay(proc: Any, messages: Any, cancel: Any, progress: Progress) -> Any:
    items: list[Any] = []
    cancelled_at: float | None = None
    while True:
        if progress.cancel.is_set() and cancelled_at is None:
            cancel.set()
            cancelled_at = time.monotonic()
        if cancelled_at is not None and time.monotonic() - cancelled_at > CANCEL_GRACE_S:
            raise Cancelled  # the finally in run_in_child terminates the child
        try:
            message = messages.get(timeout=0.1)
        except queue_module.Empty:
            if not proc.is_alive() and messages.empty():
                if progress.cancel.is_set():
                    raise Cancelled from None  # ended by stop_children after a cancel
                raise ChildError(f"子进程意外退出（退出码 {proc.exitcode}）") from None
            continue
        kind = message[0]
        if kind == "progress":
            if cancelled_at is None and progress.on_progress is not None:
                progress.on_progress(*message[1:])
        elif kind == "item":
            items.append(message[1])
        elif kind == "done":
            return items if message[2] else message[1]
        elif kind == "cancelled":
            raise Cancelled
        elif kind == "os-error":
            raise ReportedOSError(message[1])
        else:
            raise ChildError(message[1])
