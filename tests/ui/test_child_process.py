"""run_in_child: the engine runs in a child process; progress, results, cancel and errors."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from core.progress import Cancelled, Progress
from tests.ui import child_tasks
from ui.child_process import ChildError, run_in_child, stop_children


def test_progress_and_a_list_result_come_back_in_order() -> None:
    seen: list[tuple] = []
    result = run_in_child(
        child_tasks.count_files, (3,), Progress(on_progress=lambda *a: seen.append(a))
    )
    assert result == ["学校0.xlsx", "学校1.xlsx", "学校2.xlsx"]
    assert seen == [(0, 3, "学校0.xlsx"), (1, 3, "学校1.xlsx"), (2, 3, "学校2.xlsx")]


def test_an_empty_list_is_still_a_list() -> None:
    assert run_in_child(child_tasks.count_files, (0,), Progress()) == []


def test_cancel_stops_the_child_at_its_next_step() -> None:
    progress = Progress()
    first = threading.Event()
    progress.on_progress = lambda *_a: first.set()
    timer = threading.Thread(target=lambda: first.wait(60) and progress.cancel.set())
    timer.start()
    with pytest.raises(Cancelled):
        run_in_child(child_tasks.run_until_cancelled, (), progress)
    timer.join()


def test_an_exception_in_the_child_carries_its_traceback() -> None:
    with pytest.raises(ChildError, match=r"KeyError: 'no-such-code'") as err:
        run_in_child(child_tasks.fail, (), Progress())
    assert "child_tasks.py" in str(err.value)


def _started(pid_dir: Path) -> list[int]:
    return [int(p.name.split("-")[1]) for p in pid_dir.iterdir() if "-" in p.name]


def _gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "State:\tZ" in status  # ended, waiting to be reaped by whoever adopted it


def _all_gone(pids: list[int]) -> bool:
    deadline = time.monotonic() + 20  # a bound, not a measurement: exiting takes a moment
    while not all(_gone(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return all(_gone(p) for p in pids)


needs_proc = pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")


@needs_proc
def test_the_child_may_use_worker_processes(tmp_path: Path) -> None:
    pids = run_in_child(child_tasks.check_in_workers, (str(tmp_path),), Progress())
    assert len(pids) == 40
    assert len(set(pids)) == 2
    assert _all_gone(_started(tmp_path))


@needs_proc
@pytest.mark.parametrize("how", ["cancel", "window closed"])
def test_no_process_is_left_behind_when_cancelled_or_closed(tmp_path: Path, how: str) -> None:
    progress = Progress()
    first = threading.Event()
    progress.on_progress = lambda *_a: first.set()
    stop = progress.cancel.set if how == "cancel" else stop_children
    timer = threading.Thread(target=lambda: first.wait(60) and stop())
    timer.start()
    with pytest.raises((Cancelled, ChildError)):
        run_in_child(child_tasks.check_in_workers, (str(tmp_path),), progress)
    timer.join()
    started = _started(tmp_path)
    assert any(p.startswith("child-") for p in os.listdir(tmp_path))
    assert len(started) >= 2
    assert _all_gone(started)
