"""Case figures of one county, read from its workbook's 个案台账 and 销号记录.

A county consolidated with ``--register`` writes 个案台账 (every case open at any time in the
month) and 销号记录 (the cases ended in it). Above the county only counts travel: how many cases
are open, opened and ended this month, the 销号 by 销号原因, the cases open for a long time, the
median age of the open ones and the share of the month's cases that ended. No name or ID number
leaves this module (the masked upper levels never carry them).

The roll-up calls ``case_counts`` for each county workbook (core.rollup.intake) and writes one
row per county in 个案汇总 (core.catalogue.rollup UNIT_CASES); a province reads those rows back
from the prefecture workbooks (``cases_from_sheet``), so every level lists its counties.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from core.catalogue import codelists as cl
from core.catalogue import rollup as rf
from core.catalogue.counts import percent
from core.reader.model import SheetTable, WorkbookRead
from core.register.cases import BACK_STATES, OPEN_STATES, STATE_LABELS

OPEN_LABELS = frozenset(STATE_LABELS[s] for s in OPEN_STATES)
"""个案状态 labels of an open case (待核实, 疑似辍学, 辍学)."""
BACK_LABELS = frozenset(STATE_LABELS[s] for s in BACK_STATES)
"""结案方式 labels of a case ended by the pupil's return (已返校, 已复学)."""
CLOSED_LABEL = STATE_LABELS["closed"]
LONG_OPEN_DAYS = 90
"""A case open this long (已跟踪天数) is counted as long-open."""
NO_REASON = rf.CLOSED_BLANK
"""The 销号原因 of a 销号 whose reason was left empty."""
OTHER_REASON = cl.CLOSING_REASON.label("99")
"""Where a reason outside the code list is counted."""


@dataclass(frozen=True)
class CaseCounts:
    """One county's case figures for a month (several counties' when added with ``plus``)."""

    open: int
    """Cases open at the month's end."""
    opened: int
    """Cases opened this month (立案月份 = the period)."""
    ended: int
    """Cases ended this month (rows of 销号记录): 返校, 复学, 销号, 排除, 转出."""
    closed_by_reason: dict[str, int] = field(default_factory=dict)
    """销号 (已销号) by 销号原因 label of the code list; an empty reason counts as 未填写, one
    outside the list as 其他."""
    long_open: int = 0
    """Open cases tracked for LONG_OPEN_DAYS days or more."""
    median_open_days: float | None = None
    """Median 已跟踪天数 of the cases open at the month's end; None when none is open (and for
    a sum of counties: medians do not add up)."""
    returned: int | None = None
    """Of the ended cases, those ended by the pupil's return (结案方式 已返校 or 已复学); None
    when unknown (a 个案汇总 written before the column existed), and in a sum with an unknown."""

    @property
    def tracked(self) -> int:
        """Cases followed at some time in the month: open at its end, or ended in it."""
        return self.open + self.ended

    @property
    def ended_share(self) -> float | None:
        """本月结案比例 (%): cases ended this month ÷ cases followed in it."""
        return percent(self.ended, self.tracked)

    def plus(self, other: CaseCounts) -> CaseCounts:
        """The counts of two counties (or months) added; no median."""
        reasons = Counter(self.closed_by_reason) + Counter(other.closed_by_reason)
        return CaseCounts(
            open=self.open + other.open,
            opened=self.opened + other.opened,
            ended=self.ended + other.ended,
            closed_by_reason=dict(sorted(reasons.items())),
            long_open=self.long_open + other.long_open,
            returned=_sum_known(self.returned, other.returned),
        )


@dataclass(frozen=True)
class CountyCases:
    """One row of 个案汇总: a county's case figures and the workbook they came from."""

    unit_code: str
    unit_name: str
    counts: CaseCounts
    source_file: str | None = None


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
    ended_as = _col(ended, "closed_as")
    closed = ended[ended_as == CLOSED_LABEL]
    reasons = Counter(_reason(v) for v in _col(closed, "closing_reason"))
    open_ages = [float(a) for a in age[is_open] if not pd.isna(a)]
    return CaseCounts(
        open=int(is_open.sum()),
        opened=int((_col(data, "opened").astype(str) == period).sum()),
        ended=len(ended),
        closed_by_reason=dict(sorted(reasons.items())),
        long_open=int((is_open & (age >= LONG_OPEN_DAYS)).sum()),
        median_open_days=statistics.median(open_ages) if open_ages else None,
        returned=int(ended_as.isin(BACK_LABELS).sum()),
    )


def case_row(county: CountyCases) -> dict[str, Any]:
    """A 个案汇总 row by catalogue key (core.catalogue.rollup UNIT_CASES)."""
    n = county.counts
    row: dict[str, Any] = {
        "unit_code": county.unit_code,
        "unit_name": county.unit_name,
        "cases_open": n.open,
        "cases_opened": n.opened,
        "cases_ended": n.ended,
        "cases_returned": n.returned,
        "cases_long_open": n.long_open,
        "median_open_days": n.median_open_days,
        "ended_share": n.ended_share,
        "source_file": county.source_file,
    }
    for spec in rf.CLOSED_BY_REASON:
        row[spec.key] = 0
    for reason, count in n.closed_by_reason.items():
        row[_reason_key(reason)] += count
    return row


def total_case_row(counties: list[CountyCases]) -> dict[str, Any]:
    """The 合计 row of 个案汇总: the counties' counts added, the share recomputed, no median."""
    total = CaseCounts(0, 0, 0, returned=0)
    for county in counties:
        total = total.plus(county.counts)
    return case_row(CountyCases("", "合计", total)) | {"unit_code": None}


def cases_from_sheet(table: SheetTable, own_code: str) -> list[CountyCases]:
    """The county rows of a roll-up's 个案汇总 read back (a province reading a prefecture)."""
    labels = {spec.key: reason_label(spec.key) for spec in rf.CLOSED_BY_REASON}
    out = []
    for excel_row, row in table.data.iterrows():
        code = row.get("unit_code")
        if not isinstance(code, str) or len(code) != 6 or code == own_code:
            continue
        reasons = {labels[k]: _int(row.get(k)) for k in labels if _int(row.get(k))}
        median = row.get("median_open_days")
        counts = CaseCounts(
            open=_int(row.get("cases_open")),
            opened=_int(row.get("cases_opened")),
            ended=_int(row.get("cases_ended")),
            closed_by_reason=dict(sorted(reasons.items())),
            long_open=_int(row.get("cases_long_open")),
            median_open_days=float(median) if isinstance(median, int | float) else None,
            returned=_int(row.get("cases_returned")) if "cases_returned" in row else None,
        )
        name = row.get("unit_name")
        source = f"{table.path}（{table.sheet}第{excel_row}行）"
        out.append(CountyCases(code, str(name or code), counts, source))
    return out


def reason_label(key: str) -> str:
    """The 销号原因 a CLOSED_BY_REASON column counts (closed_06 -> 完成义务教育)."""
    if key == "closed_blank":
        return NO_REASON
    return cl.CLOSING_REASON.label(key.removeprefix("closed_"))


def _reason_key(label: str) -> str:
    if label == NO_REASON:
        return "closed_blank"
    return f"closed_{cl.CLOSING_REASON.parse(label) or '99'}"


def _col(frame: pd.DataFrame, key: str) -> pd.Series:
    if key in frame.columns:
        return frame[key]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _sum_known(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def _int(value: Any) -> int:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return 0
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _reason(value: Any) -> str:
    """A 销号原因 as its code list label; empty as 未填写, outside the list as 其他."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or not str(value).strip():
        return NO_REASON
    code = cl.CLOSING_REASON.parse(str(value).strip())
    return cl.CLOSING_REASON.label(code) if code else OTHER_REASON
