"""Case rules: a 疑似 case past the 辍学 threshold is 辍学 only once 劝返 has failed; the
ledgers agree with 考勤, the 劝返记录, each other and the roster."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from core.catalogue import counts
from core.model.findings import Finding
from core.reader.model import SheetTable
from core.rules.base import Context, Key, anchor, column, findings_from_mask, name_of, numbers
from core.rules.consistency import UNEXCUSED, consecutive_days, lookup


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


def suspected_days_mismatch(ctx: Context) -> list[Finding]:
    """A 跟踪中 case's 连续缺勤天数 agrees with 考勤 (queries): never below the run 考勤 shows;
    above it only when 考勤 gives the run's first day (else the run may predate this month)."""
    t, att = ctx.table("suspected"), ctx.table("attendance")
    if t is None or att is None:
        return []
    days = numbers(t, "absent_days")
    tracking = (column(t, "status") == counts.SUSPECTED_TRACKING) & days.notna()
    if not tracking.any():
        return []
    rows = lookup(ctx, t, att)
    run, kind, starts = (
        consecutive_days(ctx, att),
        column(att, "absence_type"),
        column(att, "run_start"),
    )
    unexcused = [r is not None and kind.at[r] == UNEXCUSED for r in rows]
    here = pd.Series(
        [float(run.at[r]) if u else 0.0 for r, u in zip(rows, unexcused, strict=True)],
        index=t.data.index,
    )
    known = pd.Series(
        [u and isinstance(starts.at[r], dt.date) for r, u in zip(rows, unexcused, strict=True)],
        index=t.data.index,
    )
    tracking &= here > 0
    params = {"name": lambda: name_of(t), "days": lambda: here.map(lambda v: str(int(v)))}
    return sorted(
        [
            *findings_from_mask(t, tracking & (days < here), _DAYS_CODE, "absent_days", **params),
            *findings_from_mask(
                t, tracking & known & (days > here), _DAYS_CODE, "absent_days", "more", **params
            ),
        ],
        key=lambda f: f.row or 0,
    )


_DAYS_CODE = "suspected-days-mismatch"


def suspected_no_visit(ctx: Context) -> list[Finding]:
    """A 跟踪中 case whose absence began before this month with no 劝返 ever recorded (queries)."""
    t, window = ctx.table("suspected"), ctx.window
    if t is None or window is None:
        return []
    first = column(t, "first_absence")
    before = first.map(lambda d: isinstance(d, dt.date) and d < window[0]).astype(bool)
    tracking = (column(t, "status") == counts.SUSPECTED_TRACKING) & before
    if not tracking.any():
        return []
    results = visit_results(ctx)
    unvisited = ctx.all_keys(t).map(lambda keys: not any(k in results for k in keys)).astype(bool)
    return findings_from_mask(
        t,
        tracking & unvisited,
        "suspected-no-visit",
        anchor(t, "status"),
        name=lambda: name_of(t),
        since=lambda: first.map(lambda d: d.isoformat() if isinstance(d, dt.date) else ""),
    )


def status_converted_missing(ctx: Context) -> list[Finding]:
    """A 疑似 row 转为辍学 whose pupil is not in the 辍学台账 (an error)."""
    t = ctx.table("suspected")
    if t is None:
        return []
    converted = column(t, "status") == counts.SUSPECTED_CONFIRMED
    if not converted.any():
        return []
    missing = lookup(ctx, t, ctx.table("dropout")).map(lambda r: r is None).astype(bool)
    return findings_from_mask(
        t, converted & missing, "status-converted-missing", "status", name=lambda: name_of(t)
    )


def visit_sequence_invalid(ctx: Context) -> list[Finding]:
    """One pupil's 劝返次序 numbers each attempt once and follows the visit dates (warnings)."""
    t = ctx.table("return-visits")
    if t is None or t.data.empty:
        return []
    keys, attempts = ctx.keys(t), numbers(t, "attempt")
    dates = column(t, "visit_date")
    seen: dict[tuple[Key, int], int] = {}
    by_pupil: dict[Key, list[tuple[int, dt.date, int]]] = {}
    duplicate: dict[int, int] = {}
    for row, key, attempt, day in zip(t.data.index, keys, attempts, dates, strict=True):
        if key is None or attempt != attempt:
            continue
        n = int(attempt)
        if (key, n) in seen:
            duplicate[row] = seen[(key, n)]
            continue
        seen[(key, n)] = row
        if isinstance(day, dt.date):
            by_pupil.setdefault(key, []).append((n, day, row))
    order: dict[int, tuple[int, dt.date, int]] = {}
    for visits in by_pupil.values():
        for n, day, row in visits:
            earlier = [v for v in visits if v[0] < n and v[1] > day]
            if earlier:
                order[row] = max(earlier)
    name, index = name_of(t), t.data.index
    return sorted(
        [
            *findings_from_mask(
                t,
                pd.Series(index.isin(list(duplicate)), index=index),
                "visit-sequence-invalid",
                "attempt",
                name=name,
                other=pd.Series(
                    {r: str(t.excel_row(o)) for r, o in duplicate.items()}, dtype=object
                ),
            ),
            *findings_from_mask(
                t,
                pd.Series(index.isin(list(order)), index=index),
                "visit-sequence-invalid",
                "attempt",
                "order",
                name=name,
                date=dates.map(lambda d: d.isoformat() if isinstance(d, dt.date) else ""),
                earlier=pd.Series({r: str(v[0]) for r, v in order.items()}, dtype=object),
                earlier_date=pd.Series(
                    {r: v[1].isoformat() for r, v in order.items()}, dtype=object
                ),
                other=pd.Series(
                    {r: str(t.excel_row(v[2])) for r, v in order.items()}, dtype=object
                ),
            ),
        ],
        key=lambda f: f.row or 0,
    )


def poverty_flag_mismatch(ctx: Context) -> list[Finding]:
    """A 辍学 row's 是否脱贫户 agrees with the pupil's roster row (warnings). The roster, like most
    clerks, may fill the flag only for members (blank = not 脱贫户); a ledger row that marks a
    pupil the roster does not, or leaves a member unmarked, escapes or inflates the count."""
    t, roster = ctx.table("dropout"), ctx.table("roster")
    if t is None or roster is None or "poverty" not in roster.columns:
        return []
    rows = lookup(ctx, t, roster)
    flags = column(roster, "poverty")
    theirs = rows.map(lambda r: flags.at[r] if r is not None else None)
    mine = column(t, "poverty")
    differs = pd.Series(
        [
            r is not None and ((m is True) != (f is True)) and (isinstance(m, bool) or f is True)
            for m, f, r in zip(mine, theirs, rows, strict=True)
        ],
        index=t.data.index,
    )
    return findings_from_mask(
        t,
        differs,
        "poverty-flag-mismatch",
        anchor(t, "poverty", "status"),
        name=lambda: name_of(t),
        value_text=lambda: mine.map(_flag_text),
        roster_text=lambda: theirs.map(lambda v: "标为脱贫户" if v is True else "没有标为脱贫户"),
    )


def _flag_text(value: object) -> str:
    if value is True:
        return "标为脱贫户"
    if value is False:
        return "标为非脱贫户"
    return "没有填是否脱贫户"
