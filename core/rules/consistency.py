"""Cross-sheet rules: duplicates, roster against attendance and ledgers, unreported absence."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import lru_cache

import numpy as np
import pandas as pd

from core.catalogue import counts
from core.catalogue.codelists import SCHOOLING
from core.model.findings import Finding
from core.policy import Policy
from core.reader.model import SheetTable
from core.rules.base import (
    KEY_KINDS,
    PUPIL_KINDS,
    Context,
    Key,
    anchor,
    column,
    findings_from_mask,
    name_of,
    numbers,
    omap,
)
from core.rules.statuses import excused

OPEN_STATUS = {"suspected": counts.SUSPECTED_TRACKING, "dropout": counts.DROPOUT_OPEN}
"""跟踪中 and 未返校: the ledger rows that are live cases this month."""
CLOSED_STATUS = {"suspected": counts.SUSPECTED_EXCLUDED, "dropout": counts.DROPOUT_CLOSED}
"""排除 and 已销号: a closed case may have left the roster (transfer, death)."""
UNEXCUSED = "3"
"""缺勤类型 无故缺勤."""


def key_index(ctx: Context, t: SheetTable | None) -> dict[Key, int]:
    """Every identifying key of a table's rows -> the first Excel row holding it."""
    if t is None:
        return {}

    def build() -> dict[Key, int]:
        frame = ctx.key_frame(t)
        index: dict[Key, int] = {}
        for col, kind in KEY_KINDS.items():
            for row, value in zip(frame.index, frame[col], strict=True):
                if value:
                    index.setdefault((kind, value), int(row))
        return index

    return ctx.cached(("key_index", ctx.key_of(t)), build)


def lookup(ctx: Context, t: SheetTable, other: SheetTable | None) -> pd.Series:
    """For each row of t, the Excel row of the same pupil in other (None if absent or unknown)."""
    if other is None:
        return pd.Series([None] * len(t.data), index=t.data.index, dtype=object)
    if len(t.data) > SCAN_ROWS:
        index = key_index(ctx, other)
        return omap(
            ctx.all_keys(t), lambda keys: next((index[k] for k in sorted(keys) if k in index), None)
        )
    arrays = ctx.cached(  # a few rows: compare each key with other's key columns instead
        ("key_arrays", ctx.key_of(other)),
        lambda: (
            ctx.key_frame(other).index.to_numpy(),
            {c: ctx.key_frame(other)[c].to_numpy() for c in KEY_KINDS},
        ),
    )
    return omap(ctx.all_keys(t), lambda keys: _scan(*arrays, keys))


SCAN_ROWS = 50
"""Up to this many rows, lookup scans the other table instead of indexing all of it."""


def _scan(rows: np.ndarray, columns: dict[str, np.ndarray], keys: frozenset[Key]) -> int | None:
    for kind, value in sorted(keys):
        for col in (c for c, k in KEY_KINDS.items() if k == kind):
            hits = np.flatnonzero(columns[col] == value)
            if len(hits):
                return int(rows[hits[0]])
    return None


def unmatched(ctx: Context, t: SheetTable, other: SheetTable) -> pd.Series:
    """Rows of t with some identifying key, none of which appears in other (vectorised)."""
    known = ctx.cached(("known", ctx.key_of(other)), lambda: _known(ctx.key_frame(other)))
    frame = ctx.key_frame(t)
    matched = np.zeros(len(frame), dtype=bool)
    for col, kind in KEY_KINDS.items():
        if values := known.get(kind):  # set lookups: isin would hash the whole set each time
            found = map(values.__contains__, frame[col].tolist())
            matched |= np.fromiter(found, dtype=bool, count=len(frame))
    return pd.Series(frame.notna().to_numpy().any(axis=1) & ~matched, index=frame.index)


def _known(frame: pd.DataFrame) -> dict[str, set[str]]:
    """Key values of a table by kind."""
    known: dict[str, set[str]] = {}
    for col, kind in KEY_KINDS.items():
        known.setdefault(kind, set()).update(frame[col].dropna())
    return known


def _subset(t: SheetTable, mask: pd.Series) -> SheetTable:
    """The same table with only the masked rows (other rows: its own cache keys)."""
    return replace(t, data=t.data[mask], raw=t.raw[mask])


def duplicate_student(ctx: Context) -> list[Finding]:
    """The same pupil (identity.pupil_key) twice in one list: every row of it is flagged, the
    first naming the second, each later one the first (the county ledger keeps the first)."""
    out: list[Finding] = []
    for t in ctx.filled:
        if t.kind not in PUPIL_KINDS:
            continue
        keys = ctx.keys(t)
        known = keys.notna()
        dup = known & keys.duplicated(keep=False)
        if not dup.any():
            continue
        first = _first_rows(keys)
        second = _first_rows(keys[known & keys.duplicated(keep="first")])
        other = [
            second.get(k, "") if int(row) == first.get(k) else first.get(k, "")
            for row, k in keys.items()
        ]
        out += findings_from_mask(
            t,
            dup,
            "duplicate-student",
            anchor(t, "id_number", "name"),
            other_row=pd.Series(other, index=keys.index),
        )
    return out


def _first_rows(keys: pd.Series) -> dict[Key, int]:
    first: dict[Key, int] = {}
    for row, k in keys.items():
        if k is not None:
            first.setdefault(k, int(row))
    return first


def not_in_roster(ctx: Context) -> list[Finding]:
    """Pupils in attendance, the ledgers or the 劝返记录 are on the roster (人在名不在)."""
    roster = ctx.table("roster")
    if roster is None:
        return []
    out: list[Finding] = []
    for t in ctx.filled:
        if t.kind not in ("attendance", "suspected", "dropout", "return-visits"):
            continue
        mask = unmatched(ctx, t, roster)
        if t.kind in CLOSED_STATUS:
            mask &= column(t, "status") != CLOSED_STATUS[t.kind]
        out += findings_from_mask(
            t,
            mask,
            "not-in-roster",
            anchor(t, "id_number", "name"),
            name=lambda t=t: name_of(t),
            sheet_title=t.form.title,
        )
    return out


def missing_attendance(ctx: Context) -> list[Finding]:
    """Every rostered pupil has an attendance row (名在人不在)."""
    roster, att = ctx.table("roster"), ctx.table("attendance")
    if roster is None or att is None:
        return []
    return findings_from_mask(
        roster,
        unmatched(ctx, roster, att),
        "missing-attendance",
        anchor(roster, "id_number", "name"),
        name=lambda: name_of(roster),
    )


def _lawful(ctx: Context, t: SheetTable) -> pd.Series:
    """Each row's roster 就学状态 when its absence is lawful (statuses.excused), else None."""
    roster = ctx.table("roster")
    if roster is None:
        return pd.Series([None] * len(t.data), index=t.data.index, dtype=object)
    status = ctx.cached(("excused", ctx.key_of(roster)), lambda: excused(roster))
    rows = lookup(ctx, t, roster)
    return omap(rows, lambda r: status.at[r] if r is not None else None)


def consecutive_days(ctx: Context, t: SheetTable) -> pd.Series:
    """max(最长连续缺勤天数, school days from 连续缺勤起始日期 to the cut-off), once per table
    (five rules read it; none changes it)."""
    return ctx.cached(("consecutive_days", ctx.key_of(t)), lambda: _consecutive_days(ctx, t))


def _consecutive_days(ctx: Context, t: SheetTable) -> pd.Series:
    run = numbers(t, "longest_run").fillna(0)
    window = ctx.window
    if window is None or "run_start" not in t.columns:
        return run
    end, policy = window[1], ctx.policy
    starts = column(t, "run_start")
    since = [
        count_school_days(d, end, policy) if isinstance(d, dt.date) and d <= end else 0
        for d in starts
    ]
    return run.where(run >= since, pd.Series(since, index=run.index, dtype=float))


# Safe process-wide: keyed by two dates and a frozen policy, holds an int.
@lru_cache(maxsize=4096)
def count_school_days(start: dt.date, end: dt.date, policy: Policy) -> int:
    """Absence days from start to end in the policy's unit (cached: many share a start date)."""
    return policy.absence_days(start, end)


def absence_not_reported(ctx: Context) -> list[Finding]:
    """Unexcused absence at the policy threshold, in neither ledger, not lawfully absent."""
    att = ctx.table("attendance")
    if att is None:
        return []
    days = consecutive_days(ctx, att)
    threshold = ctx.policy.suspected_days
    mask = (column(att, "absence_type") == UNEXCUSED) & ctx.policy.past(days, threshold)
    if not mask.any():
        return []
    candidates = _subset(att, mask)  # only the few long absences need matching
    keep = pd.Series(True, index=candidates.data.index)
    for kind in ("suspected", "dropout"):
        ledger = ctx.table(kind)
        if ledger is not None:
            keep &= lookup(ctx, candidates, ledger).isna()
    keep &= _lawful(ctx, candidates).isna()
    return findings_from_mask(
        att,
        keep.reindex(att.data.index, fill_value=False),
        "absence-not-reported",
        anchor(att, "longest_run"),
        days=lambda: days.map(lambda v: str(int(v))),
        threshold=threshold,
    )


def _open_rows(t: SheetTable) -> pd.Series:
    return column(t, "status") == OPEN_STATUS[t.kind]


def dropout_attending(ctx: Context) -> list[Finding]:
    """A 未返校 dropout whose attendance shows days present (a query)."""
    drop, att = ctx.table("dropout"), ctx.table("attendance")
    if drop is None or att is None:
        return []
    present = numbers(att, "days_present")
    rows = lookup(ctx, drop, att)
    days = rows.map(lambda r: present.at[r] if r is not None else float("nan")).astype(float)
    return findings_from_mask(
        drop,
        _open_rows(drop) & (days > 0),
        "dropout-attending",
        anchor(drop, "status", "name"),
        name=lambda: name_of(drop),
        present=lambda: days.map(lambda v: "" if pd.isna(v) else str(int(v))),
    )


def dropout_no_visit(ctx: Context) -> list[Finding]:
    """A 未返校 dropout has a 劝返 attempt dated in this period (a query)."""
    drop, visits = ctx.table("dropout"), ctx.table("return-visits")
    if drop is None or visits is None:
        return []
    window = ctx.window
    dates = column(visits, "visit_date")
    in_window = dates.map(
        lambda d: window is None or (isinstance(d, dt.date) and window[0] <= d <= window[1])
    )
    visited: set[Key] = set().union(*ctx.all_keys(visits)[in_window.astype(bool)])
    unvisited = ctx.all_keys(drop).map(lambda keys: bool(keys) and not keys & visited)
    return findings_from_mask(
        drop,
        _open_rows(drop) & unvisited,
        "dropout-no-visit",
        anchor(drop, "name"),
        name=lambda: name_of(drop),
    )


def lawful_status_in_ledger(ctx: Context) -> list[Finding]:
    """送教上门, approved 休学/延缓入学 etc. are enrolled: not open ledger cases (a query)."""
    out: list[Finding] = []
    for kind in ("suspected", "dropout"):
        t = ctx.table(kind)
        if t is None:
            continue
        lawful = _lawful(ctx, t)
        out += findings_from_mask(
            t,
            _open_rows(t) & lawful.notna(),
            "lawful-status-in-ledger",
            anchor(t, "name"),
            name=lambda t=t: name_of(t),
            status=lambda lawful=lawful: lawful.map(
                lambda c: SCHOOLING.label(c) if isinstance(c, str) else ""
            ),
            sheet_title=t.form.title,
        )
    return out
