"""Case figures of one county, read from its workbook's 个案台账 and 销号记录.

A county consolidated with ``--register`` writes 个案台账 (every case open at any time in the
month) and 销号记录 (the cases ended in it). Above the county only counts travel: how many cases
are open, opened and ended this month, the 销号 by 销号原因, and the cases open for a long time.
No name or ID number leaves this module (the masked upper levels never carry them).

Not yet wired into the roll-up's flow (core/rollup/run.py) nor given a sheet of its own in the
prefecture/province workbook: see docs/register.md, "The roll-up".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from core.reader.model import WorkbookRead
from core.register.cases import OPEN_STATES, STATE_LABELS

OPEN_LABELS = frozenset(STATE_LABELS[s] for s in OPEN_STATES)
"""个案状态 labels of an open case (待核实, 疑似辍学, 辍学)."""
CLOSED_LABEL = STATE_LABELS["closed"]
LONG_OPEN_DAYS = 90
"""A case open this long (已跟踪天数) is counted as long-open."""


@dataclass(frozen=True)
class CaseCounts:
    """One county's case figures for a month."""

    open: int
    """Cases open at the month's end."""
    opened: int
    """Cases opened this month (立案月份 = the period)."""
    ended: int
    """Cases ended this month (rows of 销号记录)."""
    closed_by_reason: dict[str, int] = field(default_factory=dict)
    """销号 (已销号) by 销号原因; an empty reason counts as 未填写."""
    long_open: int = 0
    """Open cases tracked for LONG_OPEN_DAYS days or more."""


def case_counts(wb: WorkbookRead, period: str) -> CaseCounts | None:
    """The county's case figures, or None when its workbook has no 个案台账 (no register)."""
    cases = wb.table("cases")
    if cases is None:
        return None
    closures = wb.table("closures")
    data = cases.data
    state = _col(data, "case_state")
    is_open = state.isin(OPEN_LABELS)
    age = pd.to_numeric(_col(data, "age_days"), errors="coerce")
    ended = closures.data if closures is not None else pd.DataFrame()
    closed = ended[_col(ended, "closed_as") == CLOSED_LABEL]
    reasons = Counter(_reason(v) for v in _col(closed, "closing_reason"))
    return CaseCounts(
        open=int(is_open.sum()),
        opened=int((_col(data, "opened").astype(str) == period).sum()),
        ended=len(ended),
        closed_by_reason=dict(sorted(reasons.items())),
        long_open=int((is_open & (age >= LONG_OPEN_DAYS)).sum()),
    )


def _col(frame: pd.DataFrame, key: str) -> pd.Series:
    if key in frame.columns:
        return frame[key]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _reason(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or not str(value).strip():
        return "未填写"
    return str(value).strip()
