"""Summary rules: the 月报汇总 counts and the 填报信息 against the workbook's content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd

from core.model.findings import Finding, make_finding
from core.model.identity import identify_submission, parse_month
from core.reader.model import WorkbookRead
from core.rules.base import Context, column, numbers, record_finding


def _in_window(ctx: Context, dates: pd.Series) -> pd.Series:
    start, end = ctx.window  # type: ignore[misc]  # callers check the window first
    return dates.map(lambda d: isinstance(d, dt.date) and start <= d <= end)


def _count(kind: str, fn: Callable[[Any], pd.Series]) -> Callable[[Context], int | None]:
    def count(ctx: Context) -> int | None:
        t = ctx.table(kind)
        return None if t is None else int(fn(t).sum())

    return count


def _returned(ctx: Context) -> int | None:
    if ctx.window is None:
        return None
    total = 0
    for kind, code in (("suspected", "2"), ("dropout", "2")):
        t = ctx.table(kind)
        if t is not None:
            mask = (column(t, "status") == code) & _in_window(ctx, column(t, "status_date"))
            total += int(mask.sum())
    return total


def _visits(ctx: Context) -> int | None:
    t = ctx.table("return-visits")
    if t is None or ctx.window is None:
        return None
    return int(_in_window(ctx, column(t, "visit_date")).sum())


EXPECTED: dict[str, Callable[[Context], int | None]] = {
    "roster_count": _count("roster", lambda t: pd.Series(True, index=t.data.index)),
    "attending_count": _count("attendance", lambda t: numbers(t, "days_present") > 0),
    "suspected_count": _count("suspected", lambda t: column(t, "status") == "1"),
    "dropout_count": _count("dropout", lambda t: column(t, "status") == "1"),
    "returned_count": _returned,
    "visit_count": _visits,
}
"""Each summary count computed from the lists, exactly as its catalogue help text defines it."""


def summary_mismatch(ctx: Context) -> list[Finding]:
    """Every count of the summary's first row equals the count of the lists."""
    t = ctx.table("summary")
    if t is None or t.data.empty:
        return []
    row = t.data.index[0]
    out = []
    for key, compute in EXPECTED.items():
        if key not in t.columns:
            continue
        value = t.data.at[row, key]
        if not isinstance(value, int | float) or isinstance(value, bool):
            continue
        expected = compute(ctx)
        if expected is not None and value != expected:
            out.append(
                make_finding(
                    "summary-mismatch",
                    file=t.path,
                    sheet=t.sheet,
                    row=int(row),
                    column=t.columns[key],
                    field=t.field(key),
                    value=int(value),
                    expected=expected,
                )
            )
    return out


def info_mismatch(ctx: Context) -> list[Finding]:
    """The info sheet's month and school code agree with the titles and the lists."""
    info = ctx.workbook.record("info")
    if info is None:
        return []
    titles = ctx.workbook.title_fields
    out = []
    period, title_period = parse_month(info.values.get("period")), parse_month(titles.get("period"))
    if period and title_period and period != title_period:
        out.append(
            record_finding(
                info, "period", "info-mismatch", "period", value=period, expected=title_period
            )
        )
    school = info.values.get("school_code")
    other = titles.get("school_code") or _data_school_code(ctx.workbook)
    if isinstance(school, str) and other and school != str(other).strip():
        out.append(
            record_finding(
                info,
                "school_code",
                "info-mismatch",
                "school",
                value=school,
                expected=str(other).strip(),
            )
        )
    return out


def _data_school_code(wb: WorkbookRead) -> str | None:
    """The 学校标识码 the lists carry most often (the info sheet and titles left out)."""
    codes = (v for t in wb.tables if "school_code" in t.data for v in t.data["school_code"])
    return identify_submission({}, {}, codes).school_code
