"""The figures of each unit, counted from its ledgers, and the metrics of domain.md section 4."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from core.catalogue import county as cy
from core.rollup.model import COUNT_KEYS, UnitInput

SUSPECTED_OPEN, SUSPECTED_RETURNED = "1", "2"
DROPOUT_OPEN, DROPOUT_RESUMED, DROPOUT_CLOSED = "1", "2", "3"
GROUP_KEYS = tuple(c.key for c in cy.KEY_GROUP_COUNTS)
SUM_KEYS = ("schools_expected", "schools_received", *COUNT_KEYS, *GROUP_KEYS)
"""Columns of 单位汇总 that add up across units."""


ORIGIN_SCHOOL = "学校上报"
# The county's comparisons add rows to its ledgers (户籍比对, 考勤比对), marked in 来源类别. Its
# 学校汇总 counts only what the schools reported, so its totals are checked against those rows.


def _col(frame: pd.DataFrame | None, key: str) -> pd.Series:
    if frame is None:
        return pd.Series(dtype=object)
    if key in frame.columns:
        return frame[key]
    return pd.Series(None, index=frame.index, dtype=object)


def _in_window(dates: pd.Series, window: tuple[dt.date, dt.date]) -> pd.Series:
    start, end = window
    return dates.map(lambda d: isinstance(d, dt.date) and start <= _day(d) <= end)


def _day(d: dt.date) -> dt.date:
    return d.date() if isinstance(d, dt.datetime) else d


def _school_reported(frame: pd.DataFrame) -> pd.DataFrame:
    origin = _col(frame, "origin").map(lambda v: not isinstance(v, str) or v in ("", ORIGIN_SCHOOL))
    return frame[origin.astype(bool)]


def ledger_frames(unit: UnitInput, school_only: bool = False) -> dict[str, pd.DataFrame]:
    """A unit's ledgers by kind; only the rows its schools reported when asked."""
    frames = {kind: table.data for kind, table in unit.ledgers.items()}
    if school_only:
        frames = {kind: _school_reported(f) for kind, f in frames.items()}
    return frames


def ledger_counts(
    unit: UnitInput, window: tuple[dt.date, dt.date], school_only: bool = False
) -> dict[str, int]:
    """Counts a unit's ledgers give (only for the ledgers it has)."""
    led = ledger_frames(unit, school_only)
    out: dict[str, int] = {}
    if "ledger-children" in led:
        out["roster_count"] = len(led["ledger-children"])
    if "ledger-attendance" in led:
        present = _col(led["ledger-attendance"], "days_present")
        out["attending_count"] = int(present.map(lambda x: isinstance(x, int) and x > 0).sum())
    sus, drop = led.get("ledger-suspected"), led.get("ledger-dropout")
    returned = 0
    if sus is not None:
        status = _col(sus, "status")
        out["suspected_count"] = int((status == SUSPECTED_OPEN).sum())
        back = (status == SUSPECTED_RETURNED) & _in_window(_col(sus, "status_date"), window)
        returned += int(back.sum())
    if drop is not None:
        status = _col(drop, "status")
        out["dropout_count"] = int((status == DROPOUT_OPEN).sum())
        out["resumed_count"] = int((status == DROPOUT_RESUMED).sum())
        out["closed_count"] = int((status == DROPOUT_CLOSED).sum())
        out["dropout_total"] = len(drop)
        back = (status == DROPOUT_RESUMED) & _in_window(_col(drop, "status_date"), window)
        returned += int(back.sum())
    if sus is not None and drop is not None:
        out["returned_count"] = returned
    out.update(group_counts(sus, drop))
    return out


def _open_cases(sus: pd.DataFrame | None, drop: pd.DataFrame | None) -> pd.DataFrame:
    parts = []
    if sus is not None:
        parts.append(sus[_col(sus, "status") == SUSPECTED_OPEN])
    if drop is not None:
        parts.append(drop[_col(drop, "status") == DROPOUT_OPEN])
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _flagged(key: str, value: Any) -> bool:
    if key == "disability":
        return isinstance(value, str) and value not in ("", "0")
    if key == "left_behind":
        return value in ("1", "2")
    return value is True


def group_counts(sus: pd.DataFrame | None, drop: pd.DataFrame | None) -> dict[str, int]:
    """Open cases (疑似 跟踪中 + 辍学 未返校) in each key group."""
    if sus is None and drop is None:
        return {}
    cases = _open_cases(sus, drop)
    return {
        k: int(cases[k].map(lambda v, k=k: _flagged(k, v)).sum()) if k in cases else 0
        for k in GROUP_KEYS
    }


def _pct(num: Any, den: Any) -> float | None:
    if not isinstance(num, int) or not isinstance(den, int) or den <= 0:
        return None
    return round(100.0 * num / den, 2)


def add_rates(row: dict[str, Any]) -> dict[str, Any]:
    """Fill the rates of a 单位汇总 row from its counts."""
    row["dropout_rate"] = _pct(row.get("dropout_count"), row.get("roster_count"))
    row["possible_rate"] = _pct(row.get("suspected_count"), row.get("roster_count"))
    row["return_rate"] = _pct(row.get("resumed_count"), row.get("dropout_total"))
    row["closing_rate"] = _pct(row.get("closed_count"), row.get("dropout_total"))
    return row


def total_row(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The 合计 row: counts added over the units that reported, rates recomputed."""
    total: dict[str, Any] = {"unit_code": None, "unit_name": "合计"}
    for key in SUM_KEYS:
        values = [r[key] for r in rows if isinstance(r.get(key), int)]
        total[key] = sum(values) if values else None
    total["submitted"] = None
    return add_rates(total)
