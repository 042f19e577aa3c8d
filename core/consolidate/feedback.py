"""Feedback copies: each school's annotated workbook, named for the school, ready to send back."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from pathlib import Path

from core.consolidate.figures import file_findings
from core.consolidate.result import ACCEPTED, REJECTED, ConsolidationResult, Submission
from core.model.provenance import ANNOTATED_SUFFIX
from core.validate import annotate

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def feedback_name(sub: Submission, period: str) -> str:
    """'<学校名称>_<period>_校验结果.xlsx' (the file's own period when it sent another month)."""
    school = _UNSAFE.sub("_", sub.school or sub.school_code or Path(sub.path).stem).strip()
    return f"{school}_{sub.period or period}{ANNOTATED_SUFFIX}"


def write_feedback(
    result: ConsolidationResult, out_dir: Path, passwords: Sequence[str] = ()
) -> list[Path]:
    """An annotated copy per accepted or rejected file, with the county's findings on it too."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    for sub in result.submissions:
        if sub.status not in (ACCEPTED, REJECTED) or sub.report is None:
            continue
        name = feedback_name(sub, result.period)
        stem, n = name.removesuffix(".xlsx"), 2
        while name in used:
            name, n = f"{stem}({n}).xlsx", n + 1
        used.add(name)
        report = dataclasses.replace(sub.report, findings=file_findings(result, sub))
        written.append(annotate(report, out_dir, name, passwords))
    return written
