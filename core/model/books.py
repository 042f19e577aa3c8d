"""What the workbook writers write: plain records the consolidation and the roll-up fill.

The writers read only these and the catalogue, so they never import the packages that compute
the figures, and those packages build the book before asking for a workbook.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from core.model.findings import Finding


@dataclass
class Written:
    """Where a workbook ended up, and a note for the user when not at the target."""

    path: Path
    note: str | None = None


@dataclass
class FrontPage:
    """What the county workbook's 首页 shows, every figure taken from the county's figures."""

    schools_on_time: int
    """Schools whose accepted report came by the due date."""
    schools_late: int
    """Schools whose accepted report came after it (neither when the date is unknown)."""
    cases: dict[str, int]
    """The counts the rates divide beyond 全县合计's five (counts.RATE_COUNT_KEYS)."""
    rates: dict[str, float | None]
    """The rates by key (core.catalogue.counts.RATES), in percent."""
    towns: list[dict[str, Any]]
    """Per 乡镇 of the school list, then the county's own row and 全县合计; [] without 乡镇."""
    town_count: int = 0
    """How many of `towns` are towns (the county's row and 全县合计 follow them)."""
    towns_note: str = ""
    """Why there is no per-town table, or how schools without a 乡镇 are grouped."""


@dataclass
class CountyBook:
    """Everything the county workbook shows, already computed."""

    info: dict[str, Any]
    """Values of the 汇总信息 sheet by column key."""
    schools: list[dict[str, Any]]
    """学校汇总 rows; the last one is the county total."""
    frames: dict[str, pd.DataFrame]
    """Merged ledgers by school sheet kind, with provenance columns."""
    comparison: list[dict[str, Any]] = field(default_factory=list)
    key_groups: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    school_names: dict[str, str] = field(default_factory=dict)
    front: FrontPage | None = None
    """The 首页; None writes the workbook without it."""
    cases: list[dict[str, Any]] | None = None
    """个案台账 rows from the case register; None (no sheet) when no register was used."""
    closures: list[dict[str, Any]] | None = None
    """销号记录 rows from the case register; None (no sheet) when no register was used."""
    platform_answers: list[dict[str, Any]] | None = None
    """平台推送核实 rows; None (no sheet) when no pushed list was given."""


@dataclass
class MetricRow:
    """One line of 指标说明."""

    metric: str
    formula: str
    source: str
    value: float | None
    scope: str


@dataclass
class RollupBook:
    """Everything the prefecture or province workbook shows, already computed."""

    level_label: str
    """The level in Chinese, as the 汇总级别 cell writes it."""
    period: str
    unit_code: str
    unit_name: str
    rows: list[dict[str, Any]]
    """One dict per unit by UNITS column key (expected units included), then the total row."""
    metrics: list[MetricRow]
    findings: list[Finding]
    ledgers: dict[str, pd.DataFrame]
    """The units' case ledgers by kind (ledger-suspected, ledger-dropout), IDs already masked."""
    files: dict[str, Path] = field(default_factory=dict)
    """Workbook as the user names it -> the file on disk: the findings link to it."""
    unmask: bool = False
    case_rows: list[dict[str, Any]] = field(default_factory=list)
    """个案汇总 rows by column key (one per county, then the total); empty: no such sheet."""


@dataclass
class RangeBook:
    """Everything the range roll-up (or yearly evaluation) workbook shows, already computed:
    rows by the keys of core.catalogue.rollup's range forms, no name or ID among them."""

    level_label: str
    first: str
    last: str
    unit_code: str
    unit_name: str
    units_expected: int
    months_due: int
    series: list[dict[str, Any]]
    """One row per unit and month (月度序列), each unit's months together and in order."""
    outcomes: list[dict[str, Any]]
    flags: list[dict[str, Any]]
    reporting: list[dict[str, Any]]
    findings: list[Finding]
    evaluation: bool = False
    """The yearly evaluation's workbook (its indicators and July check) rather than the range's."""
    indicators: list[dict[str, Any]] = field(default_factory=list)
    july: list[dict[str, Any]] = field(default_factory=list)
    deadline: Any = None
    """The evaluation's deadline (a date), else None."""
