"""run_in_child: the engine runs in a child process; progress, results, cancel and errors."""

from __future__ import annotations

import threading

import pytest

from core.progress import Cancelled, Progress
from tests.ui import child_tasks
from ui.child_process import ChildError, run_in_child


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
