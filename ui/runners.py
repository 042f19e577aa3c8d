"""The core calls that run in a child process (Qt-free, so the child never loads Qt).

Each takes plain, picklable arguments and a core.progress.Progress as its last argument.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.mapping import Mapping
from core.policy import Policy
from core.progress import Progress


def validate(
    paths: Sequence[str],
    policy: Policy,
    passwords: Sequence[str],
    mapping: Mapping,
    progress: Progress,
) -> list[Any]:
    """validate_paths -> list[FileReport] (sent back one report per message)."""
    from core.validate import validate_paths

    return validate_paths(
        list(paths), policy=policy, passwords=list(passwords), progress=progress, mapping=mapping
    )


@dataclass
class Refused:
    """A run the engine refused before writing anything, with why in Chinese (the case
    register is damaged or foreign, or holds a later month than the one consolidated)."""

    problem: str


WINDOW_EARLIER_HINT = (
    "窗口中不补录更早的月份；只需这个月的汇总工作簿时，请取消勾选“记入个案登记册”再汇总"
)


def consolidate(
    inbox: str,
    period: str,
    out: Path,
    refs: dict[str, str | None],
    feedback_dir: Path | None,
    policy: Policy,
    passwords: Sequence[str],
    mapping: Mapping,
    register: Path | None,
    progress: Progress,
) -> Any:
    """consolidate(...) -> (ConsolidationResult without the per-file workbooks, CountyOverview),
    the month recorded in the case register when one is given (never an earlier month after a
    later one: that is Refused, as a damaged register is, and nothing is written)."""
    from core.consolidate import consolidate as run
    from core.consolidate.overview import overview
    from core.register import RegisterError
    from core.register.schema import EarlierMonthError

    given = {k: Path(v) for k, v in refs.items() if v}
    try:
        result = run(
            inbox,
            period,
            out,
            feedback_dir=feedback_dir,
            policy=policy,
            passwords=list(passwords),
            progress=progress,
            mapping=mapping,
            register=register,
            allow_earlier=False,
            **given,
        )
    except EarlierMonthError as exc:  # the window records no earlier month: say what to do here
        return Refused(f"{exc.fact}；{WINDOW_EARLIER_HINT}")
    except RegisterError as exc:
        return Refused(str(exc))
    for submission in result.submissions:
        submission.report = None  # the parsed workbooks: large to send back, never displayed
    return result, overview(result, given.get("schools"), passwords)


def rollup(
    inbox: str,
    level: str,
    period: str,
    out: Path,
    units: str | None,
    previous: str | None,
    policy: Policy,
    mapping: Mapping,
    progress: Progress,
) -> Any:
    """rollup(...) -> RollupResult."""
    from core.rollup import rollup as run

    return run(
        inbox,
        level,
        period,
        out,
        units=Path(units) if units else None,
        previous=Path(previous) if previous else None,
        policy=policy,
        progress=progress,
        mapping=mapping,
    )


def rollup_range(
    inbox: str,
    level: str,
    periods: list[str],
    out: Path,
    units: str | None,
    evaluation: bool,
    policy: Policy,
    mapping: Mapping,
    progress: Progress,
) -> Any:
    """rollup_range(...) -> RangeResult: the months' roll-up, or the province's yearly
    evaluation as of today (`rollup --period FIRST..LAST [--evaluation]`)."""
    from core.rollup.series import rollup_range as run

    return run(
        inbox,
        level,
        periods,
        out,
        units=Path(units) if units else None,
        policy=policy,
        mapping=mapping,
        progress=progress,
        evaluation=evaluation,
    )


@dataclass
class ReviewOutcome:
    """What the 复核 page's run did: the quarter's re-check, and the check-list when asked."""

    problem: str | None = None
    """Why nothing was written (the register or the county workbook cannot be used), Chinese."""
    review: Any = None
    """core.register.review.Review."""
    review_path: Path | None = None
    checklist: list[dict[str, Any]] | None = None
    """The 入户核查清单's rows (None: not asked for)."""
    checklist_path: Path | None = None
    notes: list[str] = field(default_factory=list)
    """What the writers said (an output open in Excel was kept under another name)."""


def review(
    register: Path,
    quarter: str,
    out: Path,
    county: Path | None,
    period: str,
    checklist_out: Path | None,
    county_name: str,
    policy: Policy,
    progress: Progress,
) -> ReviewOutcome:
    """The quarterly re-check (schoolroll review) and, with a county workbook, the field
    check-list (schoolroll checklist) as of `period`. Both are computed before either is
    written, so a cancelled or refused run writes nothing."""
    from core.reader.workbook import read_workbook
    from core.register import RegisterError
    from core.register.checklist import LEDGER_KINDS, checklist
    from core.register.review import review as run_review
    from core.writers.review_writer import write_field_check, write_review_workbook

    steps = 4 if county is not None else 2
    progress.step(0, steps, "正在读取个案登记册……")
    try:
        done = run_review(register, quarter, policy)
    except RegisterError as exc:
        return ReviewOutcome(problem=str(exc))
    if not done.recorded:
        return ReviewOutcome(
            problem=f"登记册中没有 {quarter}（{done.periods[0]} 至 {done.periods[-1]}）任何月份的"
            "汇总：先用 schoolroll consolidate --register 记录这些月份。"
        )
    rows = None
    if county is not None:
        progress.step(1, steps, county.name)
        book = read_workbook(county)
        ledgers = {t.form.kind: t.data for t in book.tables if t.form.kind in LEDGER_KINDS}
        if not ledgers:
            return ReviewOutcome(
                problem=f"“{county.name}”中没有县区汇总的台账（疑似辍学台账、辍学台账、"
                "适龄儿童台账）：请选择该月的县区汇总工作簿。"
            )
        progress.step(2, steps, "正在整理仍在跟踪的个案……")
        try:
            rows = checklist(register, period, ledgers)
        except RegisterError as exc:
            return ReviewOutcome(problem=str(exc))
    progress.step(steps - 1, steps, out.name)
    written = write_review_workbook(
        done.rows, done.flags, {"county_name": county_name, "period": quarter}, out
    )
    outcome = ReviewOutcome(review=done, review_path=written.path)
    outcome.notes += [written.note] if written.note else []
    if rows is not None and checklist_out is not None:
        listed = write_field_check(
            rows, {"county_name": county_name, "period": period}, checklist_out
        )
        outcome.checklist, outcome.checklist_path = rows, listed.path
        outcome.notes += [listed.note] if listed.note else []
    return outcome


WINDOW_IMPORT_EARLIER_HINT = (
    "窗口中不补录更早的月份；确需补录时请用命令行 schoolroll register import --allow-earlier"
)


@dataclass
class ImportedFile:
    """One workbook the 复核 page imported."""

    path: Path
    line: str
    """What it was recognised as and what it turned into (core.register.imported)."""
    findings: list[Any] = field(default_factory=list)
    """Its problems (a check-list's cells, a month's month-over-month findings)."""


@dataclass
class ImportOutcome:
    """What the 复核 page's 导入已填写的清单 did."""

    problem: str | None = None
    """Why nothing was imported (a file unreadable or of no known kind, the register busy,
    damaged or holding a later month), in core's Chinese."""
    files: list[ImportedFile] = field(default_factory=list)


def import_lists(register: Path, paths: Sequence[Path], progress: Progress) -> ImportOutcome:
    """schoolroll register import: filled 入户核查清单 and 平台推送核实 workbooks, or county
    workbooks, into the register (core.register.importing; every workbook read first, so a
    refusal records nothing)."""
    from core.register import RegisterError
    from core.register.imported import imported_line
    from core.register.importing import import_workbooks
    from core.register.schema import EarlierMonthError

    progress.step(0, 1, f"正在读取并导入 {len(paths)} 个工作簿……")
    try:
        done = import_workbooks(register, list(paths))
    except EarlierMonthError as exc:  # the window records no earlier month: say what to do
        return ImportOutcome(problem=f"{exc.fact}；{WINDOW_IMPORT_EARLIER_HINT}")
    except RegisterError as exc:
        return ImportOutcome(problem=str(exc))
    return ImportOutcome(
        files=[ImportedFile(Path(p), imported_line(p, o), list(o.findings)) for p, o in done]
    )
