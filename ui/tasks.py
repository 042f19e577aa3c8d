"""The core calls the buttons make, wrapped as worker tasks (core is imported only when run)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.policy import Policy
from core.progress import Progress
from ui.workers import Task


def validate_task(paths: Sequence[str], policy: Policy, passwords: Sequence[str]) -> Task:
    """validate_paths over dropped files, folders and zips -> list[FileReport]."""

    def task(progress: Progress) -> Any:
        from core.validate import validate_paths

        return validate_paths(
            list(paths), policy=policy, passwords=list(passwords), progress=progress
        )

    return task


def annotate_task(report: Any, out_dir: Path) -> Task:
    """write_annotated for one report -> the copy's path."""

    def task(progress: Progress) -> Path:
        from core.writers.annotated_writer import write_annotated

        progress.step(0, 1, Path(report.path).name)
        out_dir.mkdir(parents=True, exist_ok=True)
        return write_annotated(report, out_dir)

    return task


def consolidate_task(
    inbox: str,
    period: str,
    out: Path,
    refs: dict[str, str | None],
    feedback_dir: Path | None,
    policy: Policy,
    passwords: Sequence[str],
) -> Task:
    """consolidate(...) -> ConsolidationResult; refs: schools/household/poverty/platform."""

    def task(progress: Progress) -> Any:
        from core.consolidate import consolidate

        given = {k: Path(v) for k, v in refs.items() if v}
        return consolidate(
            inbox,
            period,
            out,
            feedback_dir=feedback_dir,
            policy=policy,
            passwords=list(passwords),
            progress=progress,
            **given,
        )

    return task


def rollup_task(
    inbox: str, level: str, period: str, out: Path, units: str | None, previous: str | None
) -> Task:
    """rollup(...) -> RollupResult."""

    def task(progress: Progress) -> Any:
        from core.rollup import rollup

        return rollup(
            inbox,
            level,
            period,
            out,
            units=Path(units) if units else None,
            previous=Path(previous) if previous else None,
            progress=progress,
        )

    return task


def templates_task(out_dir: Path) -> Task:
    """write_templates -> list of written paths."""

    def task(progress: Progress) -> list[Path]:
        from core.writers.template_writer import write_templates

        progress.step(0, 1, "模板")
        return write_templates(out_dir)

    return task
