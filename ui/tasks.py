"""The core calls the buttons make, wrapped as worker tasks (core is imported only when run).

Reading and checking run in a child process (ui/child_process.py), so the window keeps
repainting; small jobs (one annotated copy, the templates) run in the worker thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.mapping import NO_MAPPING, Mapping
from core.policy import Policy
from core.progress import Progress
from ui import runners
from ui.child_process import run_in_child
from ui.workers import Task


def validate_task(
    paths: Sequence[str], policy: Policy, passwords: Sequence[str], mapping: Mapping = NO_MAPPING
) -> Task:
    """validate_paths over dropped files, folders and zips -> list[FileReport]."""
    args = (list(paths), policy, list(passwords), mapping)
    return lambda progress: run_in_child(runners.validate, args, progress)


def consolidate_task(
    inbox: str,
    period: str,
    out: Path,
    refs: dict[str, str | None],
    feedback_dir: Path | None,
    policy: Policy,
    passwords: Sequence[str],
    mapping: Mapping = NO_MAPPING,
    register: Path | None = None,
) -> Task:
    """consolidate(...) -> (ConsolidationResult, CountyOverview) or runners.Refused; refs:
    schools/household/poverty/platform; register: the case register to record the month in."""
    args = (inbox, period, out, dict(refs), feedback_dir, policy, list(passwords), mapping)
    args += (register,)
    return lambda progress: run_in_child(runners.consolidate, args, progress)


def rollup_task(
    inbox: str,
    level: str,
    period: str,
    out: Path,
    units: str | None,
    previous: str | None,
    policy: Policy,
    mapping: Mapping = NO_MAPPING,
) -> Task:
    """rollup(...) -> RollupResult."""
    args = (inbox, level, period, out, units, previous, policy, mapping)
    return lambda progress: run_in_child(runners.rollup, args, progress)


def rollup_range_task(
    inbox: str,
    level: str,
    periods: list[str],
    out: Path,
    units: str | None,
    evaluation: bool,
    policy: Policy,
    mapping: Mapping = NO_MAPPING,
) -> Task:
    """rollup_range(...) over the months of a range -> RangeResult."""
    args = (inbox, level, list(periods), out, units, evaluation, policy, mapping)
    return lambda progress: run_in_child(runners.rollup_range, args, progress)


def review_task(
    register: Path,
    quarter: str,
    out: Path,
    county: Path | None,
    period: str,
    checklist_out: Path | None,
    county_name: str,
    policy: Policy,
) -> Task:
    """The quarter's re-check and the field check-list (runners.review) -> ReviewOutcome."""
    args = (register, quarter, out, county, period, checklist_out, county_name, policy)
    return lambda progress: run_in_child(runners.review, args, progress)


def import_task(register: Path, paths: Sequence[Path]) -> Task:
    """Filled check-lists, answer workbooks or county workbooks into the register
    (runners.import_lists) -> ImportOutcome."""
    return lambda progress: run_in_child(runners.import_lists, (register, list(paths)), progress)


def annotate_task(report: Any, out_dir: Path, passwords: Sequence[str] = ()) -> Task:
    """core.validate.annotate for one report -> the copy's path."""

    def task(progress: Progress) -> Path:
        from core.validate import annotate

        progress.step(0, 1, Path(report.path).name)
        out_dir.mkdir(parents=True, exist_ok=True)
        return annotate(report, out_dir, passwords=list(passwords))

    return task


def annotate_all_task(reports: Sequence[Any], out_dir: Path, passwords: Sequence[str] = ()) -> Task:
    """core.validate.annotate for each report -> the copies' paths, in the reports' order."""

    def task(progress: Progress) -> list[Path]:
        from core.validate import annotate

        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for i, report in enumerate(reports):
            progress.step(i, len(reports), Path(report.path).name)
            written.append(annotate(report, out_dir, passwords=list(passwords)))
        return written

    return task


def copy_at_task(path: Path, out_dir: Path, finding: Any) -> Task:
    """A copy of a workbook (never the input itself), opening at the finding's cell -> its path."""

    def task(progress: Progress) -> Path:
        from ui.excel_view import copy_of, select_cell

        progress.step(0, 1, path.name)
        copy = copy_of(path, out_dir)
        select_cell(copy, finding.sheet, finding.cell)
        return copy

    return task


def open_at_task(report: Any, out_dir: Path, finding: Any, passwords: Sequence[str] = ()) -> Task:
    """The report's annotated copy, opening at the finding's sheet and cell -> the copy's path."""

    def task(progress: Progress) -> Path:
        from ui.excel_view import select_cell

        copy = annotate_task(report, out_dir, passwords)(progress)
        cell = finding.cell or (f"A{finding.row}" if finding.row is not None else None)
        select_cell(copy, finding.sheet, cell)
        return copy

    return task


def chase_list_task(rows: Sequence[dict[str, str]], out: Path, title: str) -> Task:
    """The 催报名单 workbook -> its path."""

    def task(progress: Progress) -> Path:
        from core.consolidate.overview import CHASE_COLUMNS
        from core.writers.chase_writer import write_chase_list

        progress.step(0, 1, out.name)
        return write_chase_list(list(rows), CHASE_COLUMNS, out, title)

    return task


def templates_task(out_dir: Path) -> Task:
    """write_templates -> list of written paths."""

    def task(progress: Progress) -> list[Path]:
        from core.writers.template_writer import write_templates

        progress.step(0, 1, "模板")
        return write_templates(out_dir)

    return task
