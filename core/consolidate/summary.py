"""Per-school counts for the 学校汇总 sheet and the county totals of the JSON.

Counts follow the definitions of the school summary (school_monthly.SUMMARY help texts), so a
county total equals the sum of the accepted submissions' own counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from core.catalogue.counts import (
    attending,
    not_returned,
    resumed_in_window,
    returned_in_window,
    tracking,
)
from core.consolidate.inbox import SchoolEntry
from core.consolidate.merge import ADDED, Ledgers
from core.consolidate.result import Submission
from core.model.findings import Finding, Severity

COUNT_KEYS = (
    "roster_count",
    "attending_count",
    "suspected_count",
    "dropout_count",
    "returned_count",
)
TOTAL_LABEL = "全县合计"


def _school_only(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[~frame[ADDED].astype(bool)]


def counts_by_school(ledgers: Ledgers, window: tuple[dt.date, dt.date]) -> pd.DataFrame:
    """The five counts per 学校标识码, from the schools' own rows."""
    roster, att = _school_only(ledgers["roster"]), _school_only(ledgers["attendance"])
    sus, drop = _school_only(ledgers["suspected"]), _school_only(ledgers["dropout"])
    returned = pd.concat(
        [
            sus["school_code"][returned_in_window(sus, window)],
            drop["school_code"][resumed_in_window(drop, window)],
        ]
    )
    series = {
        "roster_count": roster["school_code"].value_counts(),
        "attending_count": att["school_code"][attending(att)].value_counts(),
        "suspected_count": sus["school_code"][tracking(sus)].value_counts(),
        "dropout_count": drop["school_code"][not_returned(drop)].value_counts(),
        "returned_count": returned.value_counts(),
    }
    return pd.DataFrame(series).fillna(0).astype(int)


def _severity_counts(findings: list[Finding]) -> dict[str, dict[str, int]]:
    by: dict[str, dict[str, int]] = {}
    names = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.QUERY: "queries"}
    for f in findings:
        if f.school_code and f.severity in names and f.is_open:
            slot = by.setdefault(f.school_code, {"errors": 0, "warnings": 0, "queries": 0})
            slot[names[f.severity]] += 1
    return by


def school_rows(
    schools: list[SchoolEntry],
    accepted: list[Submission],
    counts: pd.DataFrame,
    findings: list[Finding],
) -> list[dict[str, Any]]:
    """One row per school in code order; findings must carry their school_code."""
    subs = {s.school_code: s for s in accepted}
    severities = _severity_counts(findings)
    rows = []
    for entry in schools:
        sub = subs.get(entry.code)
        row = {
            "county_code": entry.county_code or (sub.county_code if sub else None),
            "school_code": entry.code,
            "school_name": entry.name,
            "submitted": sub is not None,
            "on_time": sub.on_time if sub else None,
            "source_file": sub.path if sub else None,
        }
        numbers = counts.loc[entry.code] if entry.code in counts.index else {}
        row.update({k: int(numbers[k]) if k in numbers else 0 for k in COUNT_KEYS})
        row.update(severities.get(entry.code, {"errors": 0, "warnings": 0, "queries": 0}))
        rows.append(row)
    return rows


def total_row(rows: list[dict[str, Any]], county_code: str | None) -> dict[str, Any]:
    """The county total of the school rows."""
    keys = (*COUNT_KEYS, "errors", "warnings", "queries")
    total: dict[str, Any] = {k: sum(r[k] for r in rows) for k in keys}
    total.update(
        county_code=county_code,
        school_name=TOTAL_LABEL,
        source_file=f"已报 {sum(bool(r['submitted']) for r in rows)} / 应报 {len(rows)}",
    )
    return total


def school_entries(
    listed: dict[str, SchoolEntry] | None, accepted: list[Submission]
) -> list[SchoolEntry]:
    """The schools of the summary: the list, or (without one) the schools that sent."""
    if listed is not None:
        return sorted(listed.values(), key=lambda e: e.code)
    seen = {
        s.school_code: SchoolEntry(s.school_code or "", s.school or "", s.county_code)
        for s in accepted
    }
    return sorted(seen.values(), key=lambda e: e.code)
