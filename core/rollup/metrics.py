"""The figures of each unit, counted from its ledgers, and the 合计 row of 单位汇总."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from core.catalogue import counts
from core.catalogue.counts import GROUP_KEYS, add_rates
from core.rollup.model import COUNT_KEYS, UnitInput

__all__ = ["GROUP_KEYS", "SUM_KEYS", "add_rates", "ledger_counts", "ledger_frames", "total_row"]

SUM_KEYS = ("schools_expected", "schools_received", *COUNT_KEYS, *GROUP_KEYS)
"""Columns of 单位汇总 that add up across units."""


def ledger_frames(unit: UnitInput) -> dict[str, pd.DataFrame]:
    """A unit's ledgers by kind, every row (a county's comparisons' rows too, as its 全县合计)."""
    return {kind: table.data for kind, table in unit.ledgers.items()}


def ledger_counts(unit: UnitInput, window: tuple[dt.date, dt.date]) -> dict[str, int]:
    """Counts a unit's ledgers give (only for the ledgers it has)."""
    led = ledger_frames(unit)
    out: dict[str, int] = {}
    if "ledger-children" in led:
        out["roster_count"] = counts.roster_count(led["ledger-children"])
    if "ledger-attendance" in led:
        out["attending_count"] = counts.attending_count(led["ledger-attendance"])
    sus, drop = led.get("ledger-suspected"), led.get("ledger-dropout")
    if sus is not None:
        out["suspected_count"] = counts.suspected_count(sus)
    if drop is not None:
        out["dropout_count"] = counts.dropout_count(drop)
    if sus is not None and drop is not None:
        out["returned_count"] = counts.returned_count(sus, drop, window)
    out.update(counts.rate_counts(sus, drop, led.get("ledger-return-visits")))
    out.update(counts.group_counts(sus, drop))
    return out


def total_row(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The 合计 row: counts added over the units that reported, rates recomputed."""
    total: dict[str, Any] = {"unit_code": None, "unit_name": "合计"}
    for key in SUM_KEYS:
        values = [r[key] for r in rows if isinstance(r.get(key), int)]
        total[key] = sum(values) if values else None
    total["submitted"] = None
    return add_rates(total)
