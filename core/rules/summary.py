"""Summary rules: the 月报汇总 counts and the 填报信息 against the workbook's content."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from core.catalogue import counts
from core.model.findings import Finding, make_finding
from core.model.identity import identify_submission, parse_month
from core.reader.model import WorkbookRead
from core.rules.base import Context, record_finding


def _count(kind: str, fn: Callable[[pd.DataFrame], int]) -> Callable[[Context], int | None]:
    def count(ctx: Context) -> int | None:
        t = ctx.table(kind)
        return None if t is None else fn(t.data)

    return count


def _frame(ctx: Context, kind: str) -> pd.DataFrame | None:
    t = ctx.table(kind)
    return None if t is None else t.data


def _returned(ctx: Context) -> int | None:
    if ctx.window is None:
        return None
    return counts.returned_count(_frame(ctx, "suspected"), _frame(ctx, "dropout"), ctx.window)


def _visits(ctx: Context) -> int | None:
    visits = _frame(ctx, "return-visits")
    if visits is None or ctx.window is None:
        return None
    return counts.visit_count(visits, ctx.window)


EXPECTED: dict[str, Callable[[Context], int | None]] = {
    "roster_count": _count("roster", counts.roster_count),
    "attending_count": _count("attendance", counts.attending_count),
    "suspected_count": _count("suspected", counts.suspected_count),
    "dropout_count": _count("dropout", counts.dropout_count),
    "returned_count": _returned,
    "visit_count": _visits,
}
"""Each summary count computed from the lists, exactly as its catalogue help text defines it."""


def summary_mismatch(ctx: Context) -> list[Finding]:
    """Every count of the summary (its first row, or its list of label and value) equals the
    count of the lists."""
    t = ctx.table("summary")
    listed = ctx.workbook.record("summary") if t is None else None
    if listed is not None:
        values = listed.values
        places = dict(listed.cells)
        where, field = listed, listed.form.column
    elif t is None or t.data.empty:
        return []
    else:
        first = t.data.index[0]
        values = {k: t.data.at[first, k] for k in t.columns}
        places = {k: (int(first), letter) for k, letter in t.columns.items()}
        where, field = t, t.form.column
    out = []
    for key, compute in EXPECTED.items():
        value = values.get(key)
        if key not in places or not isinstance(value, int | float) or isinstance(value, bool):
            continue
        expected = compute(ctx)
        if expected is not None and value != expected:
            row, column = places[key]
            out.append(
                make_finding(
                    "summary-mismatch",
                    file=where.path,
                    sheet=where.sheet,
                    row=row,
                    column=column,
                    field=field(key).header,
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
