"""Validate school workbooks: read, run every rule, and report each file's findings in one pass."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from core.execution import run_per_file
from core.mapping import NO_MAPPING, Mapping
from core.model.findings import (
    SEVERITY_ORDER,
    Finding,
    FindingList,
    Severity,
    make_finding,
    sort_key,
)
from core.model.report import FileReport
from core.policy import Policy, default_policy
from core.progress import Progress
from core.reader import Source, expand_inputs, read_workbook
from core.reader.formats import open_original
from core.reader.model import WorkbookRead
from core.rules import Context, run_rules
from core.rules.explanations import explain
from core.rules.grades import SchoolSystems, policy_for_school

FINDINGS_LIMIT = 5000
"""Findings kept per file; past this they are counted by code (findings-truncated)."""


def validate_workbook(
    source: Source | str | Path,
    policy: Policy | None = None,
    passwords: Sequence[str] = (),
    workbook: WorkbookRead | None = None,
    mapping: Mapping = NO_MAPPING,
    school_systems: SchoolSystems | None = None,
) -> FileReport:
    """One workbook's report; bad data gives findings, never an exception. school_systems:
    each listed school's 学制 (the county's school list), else the info sheet's or the policy's."""
    src = source if isinstance(source, Source) else Source.from_path(source)
    wb = workbook if workbook is not None else read_workbook(src, passwords, mapping)
    return check_workbook(wb, policy or default_policy(), source=src, school_systems=school_systems)


def validate_paths(
    paths: Sequence[str | Path],
    policy: Policy | None = None,
    passwords: Sequence[str] = (),
    progress: Progress | None = None,
    mapping: Mapping = NO_MAPPING,
) -> list[FileReport]:
    """Every workbook under the paths (folders and zips expanded), in order, read with the
    mapping."""
    policy = policy or default_policy()
    sources, problems = expand_inputs(paths)
    job = functools.partial(check_read, policy)
    return [_unread(f) for f in problems] + list(
        run_per_file(job, sources, passwords, progress=progress, phase="rules", mapping=mapping)
    )


def check_read(
    policy: Policy,
    source: Source,
    wb: WorkbookRead,
    school_systems: SchoolSystems | None = None,
) -> FileReport:
    """One file already read (in this process or in a worker process): the per-file job of
    validate and consolidate, under its school's 学制 from the school list when it names one.
    A worker that unpickles it imports this module only, not the consolidation or the writers
    (each import costs a worker start-up time)."""
    return check_workbook(wb, policy, source=source, school_systems=school_systems)


def _unread(finding: Finding) -> FileReport:
    """A path that could not be opened, or a file met that is no workbook (skipped)."""
    status = "skipped" if finding.code == "skipped-file" else "unreadable"
    return FileReport(path=finding.file or "", status=status, findings=[finding])


def check_workbook(
    wb: WorkbookRead,
    policy: Policy,
    *,
    source: Source | None = None,
    school_systems: SchoolSystems | None = None,
) -> FileReport:
    """Run the rules over what was read, under the school's 学制, and build the FileReport."""
    if wb.status == "unreadable":
        return FileReport(
            path=wb.path,
            status="unreadable",
            workbook=wb,
            source=source,
            findings=sorted(wb.findings, key=sort_key),
        )
    identity = wb.identity()
    school_code, period = identity.school_code, identity.period
    school_policy = policy_for_school(wb, policy, school_systems)
    findings = [*wb.findings, *run_rules(Context(wb, school_policy, period))]
    kept, dropped = _cap(explain(wb, _dedupe(findings)), wb.path)
    failed = any(f.severity is Severity.ERROR for f in kept) or bool(
        dropped and any(f.severity is Severity.ERROR for f in findings)
    )
    return FileReport(
        path=wb.path,
        status="failed" if failed else "passed",
        school_code=school_code,
        period=period,
        sheets=wb.sheets_summary(),
        findings=kept,
        dropped=dropped,
        workbook=wb,
        source=source,
    )


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """The first finding of each code at each place (the reader's, before a rule's)."""
    seen: set[tuple] = set()
    out = []
    for f in findings:
        key = (f.code, f.sheet, f.row, f.column, f.message if f.row is None else "")
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _cap(findings: list[Finding], path: str) -> tuple[list[Finding], dict[str, int]]:
    """Keep the most serious findings up to the limit, then restore workbook order."""
    capped = FindingList(limit=FINDINGS_LIMIT)
    capped.extend(sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity]))
    kept = sorted(capped.items, key=sort_key)
    if capped.truncated:
        kept.insert(
            0,
            make_finding(
                "findings-truncated",
                file=path,
                limit=FINDINGS_LIMIT,
                count=sum(capped.dropped.values()),
            ),
        )
    return kept, dict(capped.dropped)


def annotate(
    report: FileReport,
    out_dir: Path,
    name: str | None = None,
    passwords: Sequence[str] = (),
) -> Path:
    """Write a report's annotated copy: the reader opens the original, the writer marks it."""
    from core.writers.annotated_writer import write_annotated  # openpyxl: not in the workers

    original = None
    if report.source is not None:
        original = open_original(report.source, report.path, passwords)
    return write_annotated(report, out_dir, name, original=original)
