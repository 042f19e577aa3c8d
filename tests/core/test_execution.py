"""run_per_file: threads or worker processes, in input order, with progress, cancel and fallback."""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures.process import BrokenProcessPool
from types import SimpleNamespace

import pytest

from core import execution
from core.execution import Clock, Plan, plan_for, run_per_file
from core.progress import Cancelled, Progress
from core.reader import Source, WorkbookRead
from tests.core.consolidate.files import school_file


def school_and_rows(src: Source, wb: WorkbookRead) -> tuple[str, str, str | None, int]:
    """The job the tests run (module-level, so a spawned worker can import it)."""
    info = wb.record("info")
    roster = wb.table("roster")
    name = info.values.get("school_name") if info else None
    return src.display, wb.status, name, 0 if roster is None else len(roster.data)


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[Source]:
    root = tmp_path_factory.mktemp("inbox")
    paths = [
        school_file(root / f"学校{n}.xlsx", f"41152500{n}0", f"第{n}小学", roster=list(range(n)))
        for n in range(1, 6)
    ]
    (root / "坏.xlsx").write_bytes(b"not a workbook")
    return [Source.from_path(p, p.name) for p in [*paths[:2], root / "坏.xlsx", *paths[2:]]]


EXPECTED = [
    ("学校1.xlsx", "ok", "第1小学", 1),
    ("学校2.xlsx", "ok", "第2小学", 2),
    ("坏.xlsx", "unreadable", None, 0),
    ("学校3.xlsx", "ok", "第3小学", 3),
    ("学校4.xlsx", "ok", "第4小学", 4),
    ("学校5.xlsx", "ok", "第5小学", 5),
]


@pytest.mark.parametrize("plan", [Plan(), Plan(read_ahead=0), Plan(workers=2)])
def test_every_plan_gives_the_results_in_input_order(sources, plan) -> None:
    assert list(run_per_file(school_and_rows, sources, plan=plan)) == EXPECTED


def test_worker_processes_report_their_time_apart(sources) -> None:
    clock = Clock()
    list(run_per_file(school_and_rows, sources, clock=clock, phase="rules", plan=Plan(workers=2)))
    assert {"read in workers", "rules in workers", "read+rules"} <= set(clock.spent)
    assert "read" not in clock.spent


class _PoolThatBreaks:
    """A process pool whose workers die after the first file."""

    def __init__(self, **_kwargs) -> None:
        pass

    def map(self, fn, tasks, chunksize=1):
        yield fn(next(iter(tasks)))
        raise BrokenProcessPool("a worker died")

    def shutdown(self, **_kwargs) -> None:
        pass


def test_a_broken_pool_hands_the_remaining_files_to_threads(sources, monkeypatch) -> None:
    monkeypatch.setattr(execution, "ProcessPoolExecutor", _PoolThatBreaks)
    steps: list[tuple[int, int, str]] = []
    progress = Progress(on_progress=lambda *step: steps.append(step))
    clock = Clock()
    got = list(
        run_per_file(school_and_rows, sources, progress=progress, clock=clock, plan=Plan(workers=2))
    )
    assert got == EXPECTED
    assert [d for d, _t, _label in steps] == [1, 2, 3, 4, 5, 6]
    assert {"read in workers", "read"} <= set(clock.spent)


def test_a_pool_that_cannot_start_falls_back_to_threads(sources, monkeypatch) -> None:
    def refuse(**_kwargs):
        raise OSError("no semaphores on this machine")

    monkeypatch.setattr(execution, "ProcessPoolExecutor", refuse)
    assert list(run_per_file(school_and_rows, sources, plan=Plan(workers=2))) == EXPECTED


def test_workers_only_for_many_files_in_a_process_that_may_have_children(monkeypatch) -> None:
    assert [plan_for(n) for n in (39, 40)] == [Plan(), Plan(workers=2)]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert plan_for(300) == Plan(workers=2)  # the entry scripts call freeze_support()
    monkeypatch.setattr(multiprocessing, "current_process", lambda: SimpleNamespace(daemon=True))
    assert plan_for(300) == Plan()


@pytest.mark.parametrize("plan", [Plan(), Plan(workers=2)])
def test_progress_steps_per_file_and_cancel_stops_at_the_next(sources, plan) -> None:
    steps: list[tuple[int, int, str]] = []
    progress = Progress()

    def on_progress(done: int, total: int, label: str) -> None:
        steps.append((done, total, label))
        if done == 2:
            progress.cancel.set()

    progress.on_progress = on_progress
    got: list[tuple] = []
    with pytest.raises(Cancelled):
        got.extend(run_per_file(school_and_rows, sources, progress=progress, plan=plan))
    assert steps == [(1, 6, "学校1.xlsx"), (2, 6, "学校2.xlsx")]
    assert got == EXPECTED[:2]
