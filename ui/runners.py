"""The core calls that run in a child process (Qt-free, so the child never loads Qt).

Each takes plain, picklable arguments and a core.progress.Progress as its last argument.
"""

from __future__ import annotations

from collections.abc import Sequence
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


def consolidate(
    inbox: str,
    period: str,
    out: Path,
    refs: dict[str, str | None],
    feedback_dir: Path | None,
    policy: Policy,
    passwords: Sequence[str],
    mapping: Mapping,
    progress: Progress,
) -> Any:
    """consolidate(...) -> (ConsolidationResult without the per-file workbooks, CountyOverview)."""
    from core.consolidate import consolidate as run
    from core.consolidate.overview import overview

    given = {k: Path(v) for k, v in refs.items() if v}
    result = run(
        inbox,
        period,
        out,
        feedback_dir=feedback_dir,
        policy=policy,
        passwords=list(passwords),
        progress=progress,
        mapping=mapping,
        **given,
    )
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
