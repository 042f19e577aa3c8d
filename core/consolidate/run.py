"""consolidate(): the county's month from the inbox to the county workbook, in phases.

read (2 threads, or 2 processes for a big inbox) -> rules (each file on its own) -> inbox (who
sent what) -> merge -> compare (across schools, 四查三比对) -> write (county workbook, feedback).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from core.consolidate import refs as reference_lists
from core.consolidate import register as case_register
from core.consolidate.book import build_book, totals
from core.consolidate.compare import compare
from core.consolidate.comparison import Indexes
from core.consolidate.coverage import Coverage, household_coverage
from core.consolidate.crosscheck import cross_school
from core.consolidate.feedback import write_feedback
from core.consolidate.figures import county_figures, without_restatements
from core.consolidate.inbox import classify
from core.consolidate.intake import Clock, Paths, read_and_check
from core.consolidate.locate import place
from core.consolidate.merge import Ledgers, append_rows, merge
from core.consolidate.platform_answer import answer_rows
from core.consolidate.result import ACCEPTED, ConsolidationResult
from core.consolidate.summary import school_entries
from core.mapping import NO_MAPPING, Mapping
from core.model.findings import Finding
from core.policy import Policy, default_policy
from core.progress import Progress
from core.writers.county_writer import write_county_workbook
from core.writers.review_writer import write_platform_answer


def _step(progress: Progress | None, done: int, total: int, label: str) -> None:
    if progress is not None:
        progress.step(done, total, label)


def _compare(
    ledgers: Ledgers,
    refs: reference_lists.References,
    policy: Policy,
    period: str,
    county_code: str | None,
    coverage: Coverage,
) -> tuple[list[Finding], list[dict], dict[str, int], Coverage | None]:
    found = cross_school(ledgers)
    cmp = compare(ledgers.frames, refs, policy, period, county_code, coverage)
    for kind, rows in cmp.added.items():
        append_rows(ledgers, kind, rows)
    return found + cmp.findings, cmp.rows, cmp.cases(), cmp.coverage


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
    register: Path | None = None,
    allow_earlier: bool = False,
    mapping: Mapping = NO_MAPPING,
    platform_answer: Path | None = None,
) -> ConsolidationResult:
    """The county's month: inbox, merged ledgers, 三比对, county workbook and feedback copies;
    every file read with the mapping."""
    policy = policy or default_policy()
    clock = Clock()
    wanted = reference_lists.wanted(schools, household, poverty, platform)
    refs, subs = read_and_check(inbox, wanted, policy, passwords, progress, clock, mapping)
    result = ConsolidationResult(period=period, submissions=subs)
    _step(progress, 1, 4, "核对报送情况")
    inbox_findings, result.missing = classify(subs, refs.schools, period, policy)
    ledgers = merge([s for s in subs if s.status == ACCEPTED])
    county_code = refs.county_code or next((s.county_code for s in result.accepted), None)
    _step(progress, 2, 4, "跨校核对与三比对")
    coverage = household_coverage(refs.schools, subs)
    if register is not None and refs.lists.household is not None:
        coverage = case_register.with_last_rolls(coverage, register, period)
    cross, rows, cases, compared = _compare(
        ledgers, refs.lists, policy, period, county_code, coverage
    )
    if compared is not None:
        result.coverage = compared.to_json()
    cross = place(without_restatements(cross, subs), subs)
    result.findings = refs.findings + inbox_findings + cross
    if refs.lists.platform is not None:
        fill = {s.school_code: s.fill_date for s in result.accepted if s.school_code}
        earlier = case_register.latest_cases(register, period) if register is not None else None
        result.platform_answers = answer_rows(
            refs.lists.platform, Indexes(ledgers.frames), fill, earlier, period
        )
    clock.lap("compare")
    outcome = None
    if register is not None:  # before the figures: the register's findings count like any other
        outcome = case_register.record(
            register,
            result,
            ledgers,
            rows,
            refs.lists.household is not None,
            allow_earlier,
            policy.platform_answer_days,
        )
        clock.lap("register")
    entries = school_entries(refs.schools, result.accepted)
    window = policy.window(period)
    result.figures = county_figures(result, ledgers, entries, window, county_code)
    result.totals = totals(result.figures, ledgers, cases)
    _step(progress, 3, 4, "写县区汇总工作簿")
    book = build_book(result, ledgers, rows, refs, county_code, county_name or refs.county_name)
    case_register.attach(book, outcome)
    written = write_county_workbook(book, Path(out))
    result.out_path = written.path
    result.notes += [written.note] if written.note else []
    if platform_answer is not None and result.platform_answers is not None:
        info = {"county_name": book.info.get("county_name"), "period": period}
        answered = write_platform_answer(result.platform_answers, info, Path(platform_answer))
        result.platform_answer_path = answered.path
        result.notes += [answered.note] if answered.note else []
    clock.lap("write")
    if feedback_dir is not None:
        result.feedback_paths = write_feedback(result, Path(feedback_dir), passwords)
        clock.lap("feedback")
    _step(progress, 4, 4, "完成")
    result.timings = clock.spent
    return result
