"""How per-file work runs: the one place that chooses threads or worker processes.

The CLI, the frozen build and the window's child process all come here to run a per-file job
(read a workbook, then job(source, workbook)) over many sources, in input order, with progress
and cancel. Small runs stay in this process: the reader parses files ahead on its own thread
while this one interprets and checks them. From PROCESSES_FROM files on, WORKERS spawned
processes each read and check whole files instead: checking is pure Python, so threads would
queue on the GIL, while two processes use both cores (20 s instead of 45 s for 300 schools).

A daemonic process may not have children, so it never starts workers; a frozen build may, as
its entry scripts call multiprocessing.freeze_support() first. Any failure of the pool
(the machine would not start processes, a worker died) hands the files not yet done to the
threads. Workers are spawned, so a script that runs a big job needs the usual
``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeVar

from core.mapping import NO_MAPPING, Mapping
from core.progress import Progress
from core.reader import Source, WorkbookRead, read_workbook, read_workbooks
from core.reader.workbook import AHEAD

R = TypeVar("R")
Job = Callable[[Source, WorkbookRead], R]
"""What is done with each file once read; a module-level function (or a functools.partial of
one) so that a worker process can unpickle it."""

PROCESSES_FROM = 40
"""Files from which worker processes read and check (below it, their start-up costs more)."""
WORKERS = 2
"""Worker processes: one per core of the 2-core machines the schools use."""
CHUNK = 4
"""Files handed to a worker at a time."""


class Clock:
    """Seconds spent per phase of one run."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self._t = time.perf_counter()

    def lap(self, phase: str) -> None:
        """Add the time since the last lap to a phase."""
        now = time.perf_counter()
        self.add(phase, now - self._t)
        self._t = now

    def add(self, phase: str, seconds: float) -> None:
        """Count seconds measured elsewhere (a worker process) under a phase."""
        self.spent[phase] = self.spent.get(phase, 0.0) + seconds


@dataclass(frozen=True)
class Plan:
    """How one run executes its per-file work."""

    workers: int = 0
    """Worker processes; 0 runs everything on threads of this process."""
    read_ahead: int = AHEAD
    """Files the reader's loading thread parses ahead on the thread path (0: no such thread)."""


def may_start_processes() -> bool:
    """Whether this process may start worker processes at all."""
    if multiprocessing.current_process().daemon:
        return False  # daemonic processes are not allowed to have children
    return "spawn" in multiprocessing.get_all_start_methods() and sys.platform != "emscripten"


def plan_for(count: int) -> Plan:
    """The plan for a run over count files, in this process, on this machine."""
    if count >= PROCESSES_FROM and may_start_processes():
        return Plan(workers=WORKERS)
    return Plan()


def run_per_file(
    job: Job[R],
    sources: Sequence[Source],
    passwords: Sequence[str] = (),
    *,
    progress: Progress | None = None,
    clock: Clock | None = None,
    phase: str = "job",
    plan: Plan | None = None,
    mapping: Mapping = NO_MAPPING,
) -> Iterator[R]:
    """job(source, its workbook) for every source, yielded in input order, each read with the
    mapping (in worker processes too: it travels with each task).

    Progress steps once per file (raising Cancelled there); the clock gets "read" and phase
    on threads, "read in workers", "<phase> in workers" and "read+<phase>" from processes."""
    sources, secrets = list(sources), tuple(passwords)
    plan = plan or plan_for(len(sources))
    clock = clock or Clock()
    done = 0
    if plan.workers:
        try:
            for result in _in_processes(job, sources, secrets, plan, clock, phase, mapping):
                done += 1
                _step(progress, done, sources)
                yield result
                clock.lap(f"read+{phase}")
        except (BrokenProcessPool, OSError):
            pass  # the machine would not run worker processes: the rest goes to threads
        else:
            return
    for result in _in_threads(job, sources[done:], secrets, plan, clock, phase, mapping):
        done += 1
        _step(progress, done, sources)
        yield result
        clock.lap(phase)


def _step(progress: Progress | None, done: int, sources: list[Source]) -> None:
    if progress is not None:
        progress.step(done, len(sources), sources[done - 1].display)


def _in_threads(
    job: Job[R],
    sources: list[Source],
    secrets: tuple[str, ...],
    plan: Plan,
    clock: Clock,
    phase: str,
    mapping: Mapping,
) -> Iterator[R]:
    reads = read_workbooks(sources, secrets, ahead=plan.read_ahead, mapping=mapping)
    for src, wb in zip(sources, reads, strict=True):
        clock.lap("read")
        yield job(src, wb)


def _in_processes(
    job: Job[R],
    sources: list[Source],
    secrets: tuple[str, ...],
    plan: Plan,
    clock: Clock,
    phase: str,
    mapping: Mapping,
) -> Iterator[R]:
    # spawn everywhere: forking a process that holds threads can deadlock
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=plan.workers, mp_context=context, initializer=exit_with_parent
    )
    try:
        tasks = [(job, s, secrets, mapping) for s in sources]
        for result, read, rest in pool.map(in_worker, tasks, chunksize=CHUNK):
            clock.add("read in workers", read)
            clock.add(f"{phase} in workers", rest)
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def in_worker(
    task: tuple[Job[Any], Source, tuple[str, ...], Mapping],
) -> tuple[Any, float, float]:
    """Read one file and run the job on it (in a worker process); with the seconds of each."""
    job, src, secrets, mapping = task
    start = time.perf_counter()
    wb = read_workbook(src, secrets, mapping)
    read = time.perf_counter()
    return job(src, wb), read - start, time.perf_counter() - read


def exit_with_parent() -> None:
    """End this spawned process as soon as its parent is gone (killed, or terminated on cancel).

    A worker blocked on its task queue would otherwise outlive a terminated parent for ever."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_after, args=(parent.sentinel,), daemon=True).start()


def _exit_after(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)
