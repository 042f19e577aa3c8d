"""How per-file work runs: the one place that chooses threads or worker processes.

The CLI, the frozen build and the window's child process all come here to run a per-file job
(read a workbook, then job(source, workbook)) over many sources, in input order, with progress
and cancel. Every file is read in a supervised worker process (core/supervisor.py) wherever
this process may start one: a file that aborts the parser, exhausts memory or never ends loses
only itself, as `unreadable-file` with a plain reason, and the batch goes on. Checking is pure
Python, so two processes also use both cores (20 s instead of 45 s for 300 schools).

A daemonic process may not have children, so it reads on threads instead (the reader parses
files ahead on its own thread while this one interprets and checks them); so does a run with
IN_PROCESS set in the environment (tests that patch the reader). A frozen build may start
workers, as its entry scripts call multiprocessing.freeze_support() first. When the machine
will not start a process at all, the files not yet done go to the threads. Workers are
spawned, so a script that runs a big job needs the usual ``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from core import supervisor
from core.mapping import NO_MAPPING, Mapping
from core.model.findings import make_finding
from core.progress import Progress
from core.reader import Source, WorkbookRead, read_workbook, read_workbooks
from core.reader.workbook import AHEAD

R = TypeVar("R")
Job = Callable[[Source, WorkbookRead], R]
"""What is done with each file once read; a module-level function (or a functools.partial of
one) so that a worker process can unpickle it."""

WORKERS = 2
"""Worker processes: one per core of the 2-core machines the schools use."""
IN_PROCESS = "SCHOOLROLL_IN_PROCESS"
"""Environment variable: when set to 1, files are read on threads of this process."""


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
    if count and may_start_processes() and os.environ.get(IN_PROCESS) != "1":
        return Plan(workers=min(WORKERS, count))
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
        results = _in_processes(job, sources, secrets, plan, clock, phase, mapping)
        try:
            for result in results:
                done += 1
                _step(progress, done, sources)
                yield result
                clock.lap(f"read+{phase}")
        except OSError:
            pass  # the machine would not start a worker process: the rest goes to threads
        else:
            return
        finally:
            results.close()
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
    tasks = [functools.partial(in_worker, (job, s, secrets, mapping)) for s in sources]
    for src, outcome in zip(sources, supervisor.shared(plan.workers).run(tasks), strict=True):
        if isinstance(outcome, supervisor.Lost):
            outcome = (job(src, lost_workbook(src, outcome.reason)), 0.0, 0.0)
        result, read, rest = outcome
        clock.add("read in workers", read)
        clock.add(f"{phase} in workers", rest)
        yield result


def lost_workbook(src: Source, reason: str) -> WorkbookRead:
    """What is known of a file whose worker died or overran: that it cannot be read, and why."""
    wb = WorkbookRead(path=src.display, modified=src.modified, status="unreadable")
    wb.findings.append(make_finding("unreadable-file", file=src.display, reason=reason))
    return wb


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
    supervisor.exit_with_parent()
