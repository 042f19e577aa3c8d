"""Assemble what the county workbook shows from the consolidation's parts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.catalogue import county
from core.consolidate import summary
from core.consolidate.key_groups import key_group_rows
from core.consolidate.merge import Ledgers
from core.consolidate.refs import Loaded
from core.consolidate.result import ACCEPTED, UNREADABLE, ConsolidationResult
from core.model.books import CountyBook
from core.model.findings import SEVERITY_ORDER, Finding
from core.policy import Policy


def totals(
    ledgers: Ledgers,
    cases: dict[str, int],
    policy: Policy,
    period: str | None = None,
) -> dict[str, int]:
    """The totals: the schools' own rows, the comparisons' case counts, the row counts."""
    window = policy.window(period) if period else (dt.date.min, dt.date.max)
    counts = summary.counts_by_school(ledgers, window).sum()
    return {
        "roster": int(counts.get("roster_count", 0)),
        "attending": int(counts.get("attending_count", 0)),
        "suspected": int(counts.get("suspected_count", 0)),
        "dropout": int(counts.get("dropout_count", 0)),
        **cases,
        "source_rows": ledgers.source_rows,
        "merged_rows": ledgers.merged_rows,
    }


def listed_findings(result: ConsolidationResult) -> list[Finding]:
    """问题清单: the consolidation's findings, then each accepted or unreadable file's own."""
    seen = {id(f) for f in result.findings}
    own = []
    for sub in result.submissions:
        if sub.status not in (ACCEPTED, UNREADABLE):
            continue
        own += [
            f if f.school_code else f.with_(school_code=sub.school_code)
            for f in sub.findings
            if id(f) not in seen
        ]
    ordered = sorted(result.findings, key=lambda f: SEVERITY_ORDER[f.severity])
    return ordered + own


def _info(
    result: ConsolidationResult, refs: Loaded, county_code: str | None, county_name: str | None
) -> dict[str, Any]:
    received = {s.school_code for s in result.accepted}
    expected = len(refs.schools) if refs.schools is not None else len(received)
    coverage = result.coverage or {}
    return {
        "county_code": county_code,
        "county_name": county_name or county_code,
        "period": result.period,
        "made_on": dt.date.today(),
        "rules_version": county.COUNTY_SUMMARY.version,
        "schools_expected": expected,
        "schools_received": len(received),
        "household_covered": coverage.get("covered"),
        "household_not_covered": len(coverage["not_covered"]) if coverage else None,
    }


def build_book(
    result: ConsolidationResult,
    ledgers: Ledgers,
    comparison: list[dict[str, Any]],
    refs: Loaded,
    policy: Policy,
    county_code: str | None,
    county_name: str | None,
) -> CountyBook:
    """The county workbook's content."""
    findings = listed_findings(result)
    entries = summary.school_entries(refs.schools, result.accepted)
    counts = summary.counts_by_school(ledgers, policy.window(result.period))
    rows = summary.school_rows(entries, result.accepted, counts, findings)
    rows.append(summary.total_row(rows, county_code))
    names = {e.code: e.name for e in entries}
    names.update(
        {
            s.school_code: s.school
            for s in result.submissions
            if s.school_code and s.school and s.school_code not in names
        }
    )
    return CountyBook(
        info=_info(result, refs, county_code, county_name),
        schools=rows,
        frames=ledgers.frames,
        comparison=comparison,
        key_groups=key_group_rows(ledgers.frames),
        findings=findings,
        school_names=names,
    )
