"""Case rules: a 疑似 case past the 辍学 threshold is 辍学 only once 劝返 has failed."""

from __future__ import annotations

import pandas as pd

from core.catalogue import counts
from core.model.findings import Finding
from core.reader.model import SheetTable
from core.rules.base import Context, Key, anchor, column, findings_from_mask, name_of, numbers
from core.rules.consistency import consecutive_days, lookup


def visit_results(ctx: Context) -> dict[Key, list[object]]:
    """Every 劝返 result recorded for a pupil, by each of the pupil's keys."""
    visits = ctx.table("return-visits")
    if visits is None:
        return {}
    results: dict[Key, list[object]] = {}
    for keys, result in zip(ctx.all_keys(visits), column(visits, "result"), strict=True):
        for key in keys:
            results.setdefault(key, []).append(result)
    return results


def failed_return(ctx: Context, t: SheetTable) -> pd.Series:
    """Whether 劝返 has failed for each row's pupil (attempts recorded, none 返校 or 同意返校)."""
    results = visit_results(ctx)
    return ctx.all_keys(t).map(
        lambda keys: counts.failed_return([r for k in sorted(keys) for r in results.get(k, [])])
    )


def case_days(ctx: Context, t: SheetTable) -> pd.Series:
    """A ledger row's absence: its 累计缺勤天数, or the pupil's run in 考勤 when longer."""
    days = numbers(t, "absent_days").fillna(0)
    att = ctx.table("attendance")
    if att is None:
        return days
    run = consecutive_days(ctx, att)
    rows = lookup(ctx, t, att)
    from_attendance = rows.map(lambda r: run.at[r] if r is not None else 0).astype(float)
    return days.where(days >= from_attendance, from_attendance)


def suspected_overdue(ctx: Context) -> list[Finding]:
    """A 跟踪中 case past the 辍学 threshold: still 疑似 until 劝返 fails, then 辍学 (queries)."""
    t = ctx.table("suspected")
    if t is None:
        return []
    policy = ctx.policy
    days = case_days(ctx, t)
    overdue = (column(t, "status") == counts.SUSPECTED_TRACKING) & policy.past(
        days, policy.dropout_days
    )
    if not overdue.any():
        return []
    failed = failed_return(ctx, t).astype(bool)
    params = {
        "name": lambda: name_of(t),
        "days": lambda: days.map(lambda v: str(int(v))),
        "threshold": policy.dropout_days,
    }
    where = anchor(t, "absent_days", "status")
    return [
        *findings_from_mask(t, overdue & ~failed, "suspected-overdue", where, **params),
        *findings_from_mask(t, overdue & failed, "suspected-overdue", where, "failed", **params),
    ]
