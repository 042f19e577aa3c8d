"""Intake: read every file of the inbox and validate each on its own, as fast as the machine allows.

Reading is the reader's 2-thread read_workbooks. A big inbox (PROCESSES_FROM files or more) is
instead split over two worker processes that each read and validate whole files: validation is
pure Python, so threads would queue on the GIL, while two processes use both cores (20 s instead
of 45 s for 300 schools). A frozen build (PyInstaller would start the app again) or a daemonic
process (the GUI's worker) never starts processes, and any failure of the pool falls back to the
threads. Workers are spawned, so a script that calls consolidate() on a big inbox needs the usual
``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from core.consolidate import refs as reference_lists
from core.consolidate.inbox import identify
from core.consolidate.result import UNREADABLE, Submission
from core.model.report import FileReport
from core.policy import Policy
from core.progress import Progress
from core.reader import Source, expand_inputs, read_workbook, read_workbooks
from core.validate import validate_workbook

PROCESSES_FROM = 40
"""Inbox size from which two worker processes read and validate (below it, start-up costs more)."""
CHUNK = 4
"""Files handed to a worker at a time."""

Paths = str | Path | Sequence[str | Path]


class Clock:
    """Seconds spent per phase."""

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


def _submission(src: Source, report: FileReport) -> Submission:
    """One validated file, identified by its content."""
    sub = Submission(
        path=report.path, modified=src.modified, findings=list(report.findings), report=report
    )
    wb = report.workbook
    if wb is None or wb.status == "unreadable":
        sub.status = UNREADABLE
        return sub
    identify(wb, sub)
    return sub


def check_file(job: tuple[Source, Policy, Sequence[str]]) -> tuple[FileReport, float, float]:
    """Read and validate one file (runs in a worker process); with the seconds of each."""
    src, policy, passwords = job
    start = time.perf_counter()
    wb = read_workbook(src, passwords)
    read = time.perf_counter()
    report = validate_workbook(src, policy, passwords, workbook=wb)
    return report, read - start, time.perf_counter() - read


def _in_processes(
    sources: list[Source], policy: Policy, passwords: Sequence[str], clock: Clock
) -> Iterator[FileReport]:
    # spawn everywhere: forking a process that holds threads (the GUI's worker) can deadlock.
    pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn"))
    try:
        jobs = [(s, policy, tuple(passwords)) for s in sources]
        for report, read, rules in pool.map(check_file, jobs, chunksize=CHUNK):
            clock.add("read in workers", read)
            clock.add("rules in workers", rules)
            yield report
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _in_threads(
    sources: list[Source], policy: Policy, passwords: Sequence[str], clock: Clock
) -> Iterator[FileReport]:
    for src, wb in zip(sources, read_workbooks(sources, passwords), strict=True):
        clock.lap("read")
        yield validate_workbook(src, policy, passwords, workbook=wb)


def _use_processes(count: int) -> bool:
    # A daemonic process (the GUI runs the work in one) may not start children.
    daemon = multiprocessing.current_process().daemon
    return count >= PROCESSES_FROM and not daemon and not getattr(sys, "frozen", False)


def _checked(
    sources: list[Source],
    policy: Policy,
    passwords: Sequence[str],
    progress: Progress | None,
    clock: Clock,
) -> list[Submission]:
    if _use_processes(len(sources)):
        try:
            reports = _in_processes(sources, policy, passwords, clock)
            return _collect(sources, reports, progress, clock, "read+rules")
        except (BrokenProcessPool, OSError):
            pass  # the machine would not start worker processes: read on threads instead
    return _collect(
        sources, _in_threads(sources, policy, passwords, clock), progress, clock, "rules"
    )


def _collect(
    sources: list[Source],
    reports: Iterator[FileReport],
    progress: Progress | None,
    clock: Clock,
    phase: str,
) -> list[Submission]:
    subs = []
    for done, (src, report) in enumerate(zip(sources, reports, strict=True), start=1):
        if progress is not None:
            progress.step(done, len(sources), report.path)
        subs.append(_submission(src, report))
        clock.lap(phase)
    return subs


def read_and_check(
    inbox: Paths,
    refs: dict[str, Path],
    policy: Policy,
    passwords: Sequence[str],
    progress: Progress | None,
    clock: Clock,
) -> tuple[reference_lists.Loaded, list[Submission]]:
    """The reference lists, and every inbox file validated on its own, in input order."""
    paths = [inbox] if isinstance(inbox, str | Path) else list(inbox)
    sources, problems = expand_inputs(paths)
    subs = [Submission(path=f.file or "", status=UNREADABLE, findings=[f]) for f in problems]
    ref_sources = [Source.from_path(p) for p in refs.values()]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="lists") as pool:
        # The lists are read while the inbox is: worker processes leave this process idle.
        lists = pool.submit(lambda: list(read_workbooks(ref_sources, passwords)))
        subs += _checked(sources, policy, passwords, progress, clock)
        loaded = reference_lists.load(dict(zip(refs, lists.result(), strict=True)))
    clock.lap("read")
    return loaded, subs
