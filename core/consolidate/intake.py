"""Intake: read every file of the inbox and validate each on its own, as fast as the machine allows.

Whether that runs on threads or in worker processes is core/execution.py's decision.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from core.consolidate import refs as reference_lists
from core.consolidate.inbox import identify
from core.consolidate.result import SKIPPED, UNREADABLE, Submission
from core.execution import Clock, run_per_file
from core.mapping import Mapping
from core.model.report import FileReport
from core.policy import Policy
from core.progress import Progress
from core.reader import Source, expand_inputs, read_workbooks
from core.validate import check_read

__all__ = ["Clock", "Paths", "read_and_check"]

Paths = str | Path | Sequence[str | Path]


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


def _checked(
    sources: list[Source],
    policy: Policy,
    passwords: Sequence[str],
    progress: Progress | None,
    clock: Clock,
    mapping: Mapping,
    school_systems: dict[str, str] | None = None,
) -> list[Submission]:
    job = functools.partial(check_read, policy, school_systems=school_systems)
    reports: Iterator[FileReport] = run_per_file(
        job, sources, passwords, progress=progress, clock=clock, phase="rules", mapping=mapping
    )
    return [_submission(src, report) for src, report in zip(sources, reports, strict=True)]


def read_and_check(
    inbox: Paths,
    refs: dict[str, Path],
    policy: Policy,
    passwords: Sequence[str],
    progress: Progress | None,
    clock: Clock,
    mapping: Mapping,
) -> tuple[reference_lists.Loaded, list[Submission]]:
    """The reference lists, and every inbox file validated on its own, in input order, all
    read with the mapping."""
    paths = [inbox] if isinstance(inbox, str | Path) else list(inbox)
    sources, problems = expand_inputs(paths)
    subs = [
        Submission(
            path=f.file or "",
            status=SKIPPED if f.code == "skipped-file" else UNREADABLE,
            findings=[f],
        )
        for f in problems
    ]
    # The school list is read first (it is short): its 学制 column decides how each school's
    # grade names read. The other lists are read while the inbox is: worker processes leave this
    # process idle.
    read = lambda kinds: dict(  # noqa: E731
        zip(
            kinds,
            read_workbooks([Source.from_path(refs[k]) for k in kinds], passwords, mapping=mapping),
            strict=True,
        )
    )
    reads = read([k for k in refs if k == "school-list"])
    systems = reference_lists.school_systems(reads.get("school-list"))
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="lists") as pool:
        lists = pool.submit(read, [k for k in refs if k != "school-list"])
        subs += _checked(sources, policy, passwords, progress, clock, mapping, systems)
        reads |= lists.result()
        loaded = reference_lists.load({k: reads[k] for k in refs})
    clock.lap("read")
    return loaded, subs
