"""Assemble what the county workbook shows from the consolidation's parts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.catalogue import county
from core.consolidate import summary
from core.consolidate.coverage import info_figures
from core.consolidate.front import front_page
from core.consolidate.key_groups import key_group_rows
from core.consolidate.merge import Ledgers
from core.consolidate.refs import Loaded
from core.consolidate.result import ConsolidationResult, CountyFigures
from core.model.books import CountyBook


def totals(figures: CountyFigures, ledgers: Ledgers, cases: dict[str, int]) -> dict[str, int]:
    """The JSON's totals: 全县合计's counts, the comparisons' case counts, the row counts."""
    total = figures.total
    return {
        "roster": int(total.get("roster_count", 0)),
        "attending": int(total.get("attending_count", 0)),
        "suspected": int(total.get("suspected_count", 0)),
        "dropout": int(total.get("dropout_count", 0)),
        "returned": int(total.get("returned_count", 0)),
        **cases,
        "source_rows": ledgers.source_rows,
        "merged_rows": ledgers.merged_rows,
        "duplicate_rows": ledgers.duplicate_rows,
    }


def _info(
    result: ConsolidationResult, refs: Loaded, county_code: str | None, county_name: str | None
) -> dict[str, Any]:
    received = {s.school_code for s in result.accepted}
    expected = len(refs.schools) if refs.schools is not None else len(received)
    return {
        "county_code": county_code,
        "county_name": county_name or county_code,
        "period": result.period,
        "made_on": dt.date.today(),
        "rules_version": county.COUNTY_SUMMARY.version,
        "schools_expected": expected,
        "schools_received": len(received),
        **info_figures(result.coverage),
    }


def build_book(
    result: ConsolidationResult,
    ledgers: Ledgers,
    comparison: list[dict[str, Any]],
    refs: Loaded,
    county_code: str | None,
    county_name: str | None,
) -> CountyBook:
    """The county workbook's content: the figures already computed, the ledgers, the lists."""
    entries = summary.school_entries(refs.schools, result.accepted)
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
        schools=result.figures.schools,
        frames=ledgers.frames,
        comparison=comparison,
        key_groups=key_group_rows(ledgers.frames),
        findings=result.figures.findings,
        school_names=names,
        front=front_page(result.figures, entries, refs.schools is not None),
        platform_answers=result.platform_answers,
    )
