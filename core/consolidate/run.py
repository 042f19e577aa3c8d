"""consolidate(): the county's month from the inbox to the county workbook, in phases.

read (2 threads) -> rules (each file on its own) -> inbox (who sent what) -> merge -> compare
(across schools, 四查三比对) -> write (county workbook, feedback copies).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from core.consolidate import refs as reference_lists
from core.consolidate.book import build_book, totals
from core.consolidate.compare import compare
from core.consolidate.crosscheck import cross_school
from core.consolidate.feedback import write_feedback
from core.consolidate.inbox import classify, identify
from core.consolidate.merge import Ledgers, append_rows, merge
from core.consolidate.result import ACCEPTED, UNREADABLE, ConsolidationResult, Submission
from core.findings import Finding
from core.policy import Policy, default_policy
from core.progress import Progress
from core.reader import Source, WorkbookRead, expand_inputs, read_workbooks
from core.validate import validate_workbook
from core.writers.county_writer import write_county_workbook

Paths = str | Path | Sequence[str | Path]


def _step(progress: Progress | None, done: int, total: int, label: str) -> None:
    if progress is not None:
        progress.step(done, total, label)


class _Clock:
    """Seconds spent per phase."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self._t = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.spent[phase] = self.spent.get(phase, 0.0) + now - self._t
        self._t = now


def _checked(src: Source, wb: WorkbookRead, policy: Policy, passwords: Sequence[str]) -> Submission:
    """One file validated on its own and identified by its content."""
    report = validate_workbook(src, policy, passwords, workbook=wb)
    sub = Submission(
        path=wb.path, modified=src.modified, findings=list(report.findings), report=report
    )
    if wb.status == "unreadable":
        sub.status = UNREADABLE
        return sub
    identify(wb, sub)
    sub.school_code = sub.school_code or report.school_code
    sub.period = sub.period or report.period
    return sub


def _read_and_check(
    inbox: Paths,
    refs: dict[str, Path],
    policy: Policy,
    passwords: Sequence[str],
    progress: Progress | None,
    clock: _Clock,
) -> tuple[reference_lists.Loaded, list[Submission]]:
    """Read the reference lists and every file (2 threads); validate each file on its own."""
    paths = [inbox] if isinstance(inbox, str | Path) else list(inbox)
    sources, problems = expand_inputs(paths)
    subs = [Submission(path=f.file or "", status=UNREADABLE, findings=[f]) for f in problems]
    ref_sources = [Source.from_path(p) for p in refs.values()]
    # The lists come last: validation starts at once and the lists are read meanwhile.
    reads = read_workbooks([*sources, *ref_sources], passwords, progress)
    # zip stops at the last inbox file without taking a list from `reads` (sources go first).
    for src, wb in zip(sources, reads, strict=False):
        clock.lap("read")
        subs.append(_checked(src, wb, policy, passwords))
        clock.lap("rules")
    loaded = reference_lists.load({kind: next(reads) for kind in refs})
    clock.lap("read")
    return loaded, subs


def _compare(
    ledgers: Ledgers,
    refs: reference_lists.References,
    policy: Policy,
    period: str,
    county_code: str | None,
) -> tuple[list[Finding], list[dict], int, int]:
    found = cross_school(ledgers)
    cmp = compare(ledgers.frames, refs, policy, period, county_code)
    for kind, rows in cmp.added.items():
        append_rows(ledgers, kind, rows)
    return found + cmp.findings, cmp.rows, cmp.out_of_school, cmp.poverty_dropout


def consolidate(
    inbox: Paths,
    period: str,
    out: Path,
    *,
    schools: str | Path | None = None,
    household: str | Path | None = None,
    poverty: str | Path | None = None,
    platform: str | Path | None = None,
    feedback_dir: Path | None = None,
    policy: Policy | None = None,
    passwords: Sequence[str] = (),
    progress: Progress | None = None,
    county_name: str | None = None,
) -> ConsolidationResult:
    """The county's month: inbox, merged ledgers, 三比对, county workbook and feedback copies."""
    policy = policy or default_policy()
    clock = _Clock()
    wanted = reference_lists.wanted(schools, household, poverty, platform)
    refs, subs = _read_and_check(inbox, wanted, policy, passwords, progress, clock)
    result = ConsolidationResult(period=period, submissions=subs)
    _step(progress, 1, 4, "核对报送情况")
    inbox_findings, result.missing = classify(subs, refs.schools, period, policy)
    ledgers = merge([s for s in subs if s.status == ACCEPTED])
    county_code = refs.county_code or next((s.county_code for s in result.accepted), None)
    _step(progress, 2, 4, "跨校核对与三比对")
    cross, rows, out_of_school, poverty_dropout = _compare(
        ledgers, refs.lists, policy, period, county_code
    )
    result.findings = refs.findings + inbox_findings + cross
    result.totals = totals(ledgers, out_of_school, poverty_dropout, policy, period)
    clock.lap("compare")
    _step(progress, 3, 4, "写县区汇总工作簿")
    book = build_book(
        result, ledgers, rows, refs, policy, county_code, county_name or refs.county_name
    )
    written = write_county_workbook(book, Path(out))
    result.out_path = written.path
    result.notes += [written.note] if written.note else []
    clock.lap("write")
    if feedback_dir is not None:
        result.feedback_paths = write_feedback(result, Path(feedback_dir))
        clock.lap("feedback")
    _step(progress, 4, 4, "完成")
    result.timings = clock.spent
    return result
