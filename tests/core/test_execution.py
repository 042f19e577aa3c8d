"""run_per_file: threads or worker processes, in input order, with progress, cancel and fallback."""

from __future__ import annotations

import functools
import multiprocessing
import os
import sys
import time
from types import SimpleNamespace

import pytest

from core import execution, mapping, supervisor
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


def abort_on_bad(src: Source, wb: WorkbookRead) -> tuple[str, str, str | None, int]:
    """A job that aborts its process on one file, as calamine does on a grid of 100s of GB."""
    if src.display == "坏.xlsx" and multiprocessing.parent_process() is not None:
        os.abort()  # in a worker only: the lost file's job then runs here, on what is known
    return school_and_rows(src, wb)


def hang_on_bad(src: Source, wb: WorkbookRead) -> tuple[str, str, str | None, int]:
    """A job that never ends on one file."""
    if src.display == "坏.xlsx" and multiprocessing.parent_process() is not None:
        time.sleep(600)
    return school_and_rows(src, wb)


LOST = ("坏.xlsx", "unreadable", None, 0)


@pytest.mark.skipif(sys.platform == "win32", reason="os.abort() raises SIGABRT on POSIX only")
def test_a_file_that_aborts_its_worker_is_lost_alone_and_the_batch_goes_on(sources) -> None:
    clock = Clock()
    got = list(run_per_file(abort_on_bad, sources, clock=clock, plan=Plan(workers=2)))
    assert got == [*EXPECTED[:2], LOST, *EXPECTED[3:]]


def test_a_file_that_overruns_its_time_is_lost_alone(sources, monkeypatch) -> None:
    monkeypatch.setattr(supervisor, "_shared", supervisor.Supervisor(2, seconds=3))
    lost = supervisor.Lost("读取这个文件超过 3 秒仍未完成，文件内容异常")
    tasks = [
        functools.partial(execution.in_worker, (hang_on_bad, s, (), mapping.NO_MAPPING))
        for s in sources
    ]
    # workers started and their imports done first: a loaded machine takes seconds for that
    good = (school_and_rows, sources[0], (), mapping.NO_MAPPING)
    warm = [functools.partial(execution.in_worker, good)]
    slow = supervisor.Supervisor(2)
    list(slow.run(warm * 2))
    supervisor.shared(2).idle, slow.idle = slow.idle, []
    got = list(supervisor.shared(2).run(tasks))
    assert got[2] == lost
    assert [g[0] for k, g in enumerate(got) if k != 2] == [
        e for k, e in enumerate(EXPECTED) if k != 2
    ]


def test_a_lost_file_is_unreadable_with_its_reason() -> None:
    wb = execution.lost_workbook(Source.from_path("坏.xlsx"), "读取程序异常中止（文件内容异常）")
    assert (wb.status, [f.message for f in wb.findings]) == (
        "unreadable",
        ["文件无法读取：读取程序异常中止（文件内容异常）"],
    )


def test_a_pool_that_cannot_start_falls_back_to_threads(sources, monkeypatch) -> None:
    def refuse(*_args, **_kwargs):
        raise OSError("no semaphores on this machine")

    monkeypatch.setattr(supervisor, "_shared", None)
    monkeypatch.setattr(supervisor, "_Worker", refuse)
    assert list(run_per_file(school_and_rows, sources, plan=Plan(workers=2))) == EXPECTED


def test_workers_for_every_run_in_a_process_that_may_have_children(monkeypatch) -> None:
    monkeypatch.delenv(execution.IN_PROCESS, raising=False)
    assert [plan_for(n) for n in (0, 1, 40)] == [Plan(), Plan(workers=1), Plan(workers=2)]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert plan_for(300) == Plan(workers=2)  # the entry scripts call freeze_support()
    monkeypatch.setenv(execution.IN_PROCESS, "1")
    assert plan_for(300) == Plan()
    monkeypatch.delenv(execution.IN_PROCESS)
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


def test_closing_the_supervisor_ends_its_workers_and_a_later_run_starts_new_ones(
    sources, monkeypatch
) -> None:
    monkeypatch.setattr(supervisor, "_shared", None)
    assert list(run_per_file(school_and_rows, sources, plan=Plan(workers=2))) == EXPECTED
    workers = [w.process for w in supervisor.shared(2).idle]
    assert len(workers) == 2
    supervisor.shutdown()
    assert [(p.is_alive(), p.exitcode) for p in workers] == [(False, 0), (False, 0)]
    assert supervisor.shared(2).idle == []
    assert list(run_per_file(school_and_rows, sources, plan=Plan(workers=2))) == EXPECTED
    supervisor.shutdown()
