"""What a roll-up works on: the units received, their figures, and the result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from core.catalogue.counts import RATES
from core.catalogue.rollup import CLOSED_BY_REASON
from core.model.books import MetricRow, RollupBook
from core.model.findings import Finding, severity_counts
from core.privacy import mask_id, scrub_text
from core.reader.model import SheetTable
from core.rollup.cases import CountyCases, case_row, reason_label, total_case_row

COUNT_KEYS = (
    "roster_count",
    "attending_count",
    "suspected_count",
    "dropout_count",
    "returned_count",
    "closed_count",
    "resumed_count",
    "dropout_total",
    "roll_suspected_count",
    "roll_dropout_count",
    "open_count",
    "visited_open_count",
)
"""The counts every roll-up level carries per unit, in this order (the last four: what the
学籍-based rates and 劝返覆盖率 divide, core.catalogue.counts.RATE_COUNT_KEYS)."""

LEVEL_LABELS = {"county": "县区", "prefecture": "地市", "province": "省级"}
"""Levels in Chinese, as the 汇总级别 cell writes them."""
LEVEL_PARSE = {
    "县区": "county",
    "县级": "county",
    "地市": "prefecture",
    "市级": "prefecture",
    "地市级": "prefecture",
    "省级": "province",
    "省": "province",
}
LEVEL_PARSE.update({k: k for k in LEVEL_LABELS})
PREFIX_LEN = {"prefecture": 4, "province": 2}
"""How many leading digits of a 6-digit code a level's units share (GB/T 2260, sources.md §4)."""


def parent_code(code: str, level: str) -> str:
    """The 6-digit code of the level above a unit: 411525 -> 411500 (prefecture)."""
    n = PREFIX_LEN[level]
    return code[:n] + "0" * (6 - n)


@dataclass
class UnitInput:
    """One workbook of the level below, recognised by its content."""

    path: str
    """The workbook as the user names it."""
    level: str
    """county or prefecture: the level that made it."""
    code: str
    """6-digit code of the unit."""
    name: str
    period: str | None
    made_on: dt.date | None
    modified: dt.datetime | None
    declared: dict[str, int | None] = field(default_factory=dict)
    """Totals the unit wrote in its own summary sheet, by UNITS column key."""
    ledgers: dict[str, SheetTable] = field(default_factory=dict)
    """Its ledgers by kind: ledger-children, ledger-attendance, ledger-suspected, ledger-dropout."""
    total_row: int | None = None
    """Excel row of the totals in its summary sheet (for locating findings)."""
    summary_sheet: str | None = None
    members: frozenset[str] = frozenset()
    """Codes of the units a roll-up workbook's summary lists (empty for a county)."""
    cases: list[CountyCases] = field(default_factory=list)
    """Case figures per county: a county's own, read from its 个案台账 and 销号记录 (none when
    it was consolidated without a register); a roll-up workbook's 个案汇总 rows."""


@dataclass
class UnitStatus:
    """What happened to one received workbook (the submissions list of the JSON)."""

    path: str
    unit_code: str | None
    unit: str | None
    status: str
    """accepted, superseded, rejected or unreadable."""
    findings: list[Finding] = field(default_factory=list)

    def to_json(self, unmask: bool) -> dict[str, Any]:
        """One entry of `units` in the JSON."""
        return {
            "path": self.path,
            "unit_code": self.unit_code,
            "unit": self.unit,
            "status": self.status,
            "findings": [finding_json(f, unmask) for f in self.findings],
        }


@dataclass
class RollupResult:
    """The roll-up: units, per-unit figures, metrics and findings."""

    level: str
    period: str
    unit_code: str
    unit_name: str
    units: list[UnitStatus] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    """One dict per unit by UNITS column key (expected units included), then the total row."""
    metrics: list[MetricRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    out_path: Path | None = None
    notes: list[str] = field(default_factory=list)
    """Messages for the user in Chinese (e.g. the target was open in Excel)."""
    files: dict[str, Path] = field(default_factory=dict)
    """Workbook as the user names it -> the file on disk (not for zip members): for links."""
    unmask: bool = False
    cases: list[CountyCases] = field(default_factory=list)
    """个案汇总: every county's case figures (from the units that have them), by county code."""

    @property
    def case_rows(self) -> list[dict[str, Any]]:
        """个案汇总 rows by UNIT_CASES column key, then the total; none without case figures."""
        if not self.cases:
            return []
        return [*map(case_row, self.cases), total_case_row(self.cases)]

    def book(self, ledgers: dict[str, pd.DataFrame]) -> RollupBook:
        """What this level's workbook shows: the result and the units' case ledgers."""
        return RollupBook(
            level_label=LEVEL_LABELS[self.level],
            period=self.period,
            unit_code=self.unit_code,
            unit_name=self.unit_name,
            rows=self.rows,
            metrics=self.metrics,
            findings=self.findings,
            ledgers=ledgers,
            files=self.files,
            unmask=self.unmask,
            case_rows=self.case_rows,
        )

    @property
    def totals(self) -> dict[str, Any]:
        """The total row."""
        return self.rows[-1] if self.rows else {}

    def to_json(self) -> dict[str, Any]:
        """The `rollup --json` document (the consolidate shape, with units instead of schools)."""
        keys = COUNT_KEYS
        return {
            "level": self.level,
            "period": self.period,
            "unit_code": self.unit_code,
            "unit": self.unit_name,
            "units": [u.to_json(self.unmask) for u in self.units],
            "missing": [{"unit_code": c, "unit": n} for c, n in self.missing],
            "totals": {k: self.totals.get(k) for k in keys},
            "rates": {key: self.totals.get(key) for key, _, _ in RATES},
            "finding_counts": severity_counts(self.findings),
            "metrics": [
                {"metric": m.metric, "value": m.value, "formula": m.formula, "scope": m.scope}
                for m in self.metrics
            ],
            "cases": [_case_json(r) for r in self.case_rows],
            "findings": [finding_json(f, self.unmask) for f in self.findings],
            "out": str(self.out_path) if self.out_path else None,
            "notes": self.notes,
        }


def _case_json(row: dict[str, Any]) -> dict[str, Any]:
    """One entry of `cases` in the JSON (docs/cli.md): a county's case figures, or the total."""
    doc = {
        "unit_code": row["unit_code"],
        "unit": row["unit_name"],
        "open": row["cases_open"],
        "opened": row["cases_opened"],
        "ended": row["cases_ended"],
        "returned": row["cases_returned"],
        "closed_by_reason": {},
        "long_open": row["cases_long_open"],
        "median_open_days": row["median_open_days"],
        "ended_share": row["ended_share"],
    }
    for spec in CLOSED_BY_REASON:
        if row[spec.key]:
            doc["closed_by_reason"][reason_label(spec.key)] = row[spec.key]
    return doc


def finding_json(f: Finding, unmask: bool) -> dict[str, Any]:
    """A finding for the roll-up JSON; the ID masked unless asked otherwise."""
    doc = f.to_json()
    doc.update(
        path=f.file,
        unit_code=f.school_code,
        id_number=f.id_number if unmask else mask_id(f.id_number),
    )
    if not unmask:
        doc.update(value=scrub_text(f.value), message=scrub_text(f.message))
    return doc
