"""The rows of 学校汇总: one per school, the county's own row, then 全县合计.

A school's row counts the rows it reported (by core.catalogue.counts, the definitions of its own
月报汇总), so it can be checked against the school's figures. The county's own row counts the
rows its comparisons added to the ledgers (来源类别 户籍比对 / 考勤比对) and the findings no
listed school owns. 全县合计 adds every row up, so it is the count of the whole county ledger.
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
from core.model.findings import SEVERITY_COUNT_KEYS, Finding, severity_counts

COUNT_KEYS = (
    "roster_count",
    "attending_count",
    "suspected_count",
    "dropout_count",
    "returned_count",
)
TOTAL_LABEL = "全县合计"
COUNTY_ROW_LABEL = "县区核对新增"
COUNTY_ROW_NOTE = "县区比对列入台账的学生；不在名录或无法识别学校的文件的问题"
COUNTY_ROW_KEY = ""
"""The index counts_by_school() gives the rows the county's comparisons added."""
SEVERITY_KEYS = tuple(SEVERITY_COUNT_KEYS.values())


def _tagged(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its rows the county added keyed by COUNTY_ROW_KEY instead of a school."""
    out = frame.copy()
    out["school_code"] = out["school_code"].where(~out[ADDED].astype(bool), COUNTY_ROW_KEY)
    return out


def counts_by_school(ledgers: Ledgers, window: tuple[dt.date, dt.date]) -> pd.DataFrame:
    """The five counts per 学校标识码 of the schools' own rows; the county's added rows under ""."""
    roster, att = _tagged(ledgers["roster"]), _tagged(ledgers["attendance"])
    sus, drop = _tagged(ledgers["suspected"]), _tagged(ledgers["dropout"])
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


def _numbers(counts: pd.DataFrame, key: str) -> dict[str, int]:
    numbers = counts.loc[key] if key in counts.index else {}
    return {k: int(numbers[k]) if k in numbers else 0 for k in COUNT_KEYS}


def school_rows(
    schools: list[SchoolEntry],
    accepted: list[Submission],
    counts: pd.DataFrame,
    findings: list[Finding],
) -> list[dict[str, Any]]:
    """One row per school in code order; findings must carry their school_code."""
    subs = {s.school_code: s for s in accepted}
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
        row.update(_numbers(counts, entry.code))
        row.update(severity_counts(f for f in findings if f.school_code == entry.code))
        rows.append(row)
    return rows


def county_row(
    schools: list[SchoolEntry],
    counts: pd.DataFrame,
    findings: list[Finding],
    county_code: str | None,
) -> dict[str, Any]:
    """The county's own row: the ledger rows its comparisons added, the findings of no school."""
    listed = {e.code for e in schools}
    row: dict[str, Any] = {
        "county_code": county_code,
        "school_code": None,
        "school_name": COUNTY_ROW_LABEL,
        "source_file": COUNTY_ROW_NOTE,
    }
    row.update(_numbers(counts, COUNTY_ROW_KEY))
    row.update(severity_counts(f for f in findings if f.school_code not in listed))
    return row


def total_row(rows: list[dict[str, Any]], county_code: str | None) -> dict[str, Any]:
    """The county total: every row above it added up."""
    schools = [r for r in rows if r.get("school_code")]
    received = sum(r.get("submitted") is True for r in schools)
    keys = (*COUNT_KEYS, *SEVERITY_KEYS)
    total: dict[str, Any] = {k: sum(r[k] for r in rows) for k in keys}
    total.update(
        county_code=county_code,
        school_code=None,
        school_name=TOTAL_LABEL,
        source_file=f"已报 {received} / 应报 {len(schools)}",
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
