"""Lawful statuses with their conditions: approval, the graduating term, 送教 visits recorded."""

from __future__ import annotations

import pandas as pd

from core.catalogue.codelists import (
    ABSENCE_TYPE,
    GRADE,
    HOME_TEACHING,
    SCHOOLING,
    SUSPENSION,
)
from core.model.findings import Finding
from core.rules.base import Context, anchor, column, findings_from_mask, name_of, numbers, omap
from core.rules.consistency import UNEXCUSED, _lawful, consecutive_days, lookup
from core.rules.grades import grade_codes
from core.rules.statuses import unapproved

SPRING_MONTHS = frozenset(range(2, 8))
"""February to July: the school year's last term."""


def _roster_values(ctx: Context, t, values: pd.Series) -> pd.Series:
    """For each row of t, the value of the same pupil's roster row (None when not on it)."""
    rows = lookup(ctx, t, ctx.table("roster"))
    return omap(rows, lambda r: values.at[r] if r is not None else None)


def lawful_unapproved_absence(ctx: Context) -> list[Finding]:
    """An unexcused absence run of a 休学 or 延缓入学 pupil with no 批准文号 (an error)."""
    att, roster = ctx.table("attendance"), ctx.table("roster")
    if att is None or roster is None:
        return []
    days = consecutive_days(ctx, att)
    long = (column(att, "absence_type") == UNEXCUSED) & ctx.policy.past(
        days, ctx.policy.suspected_days
    )
    if not long.any():
        return []
    status = column(roster, "schooling").where(unapproved(roster), None)
    status_here = _roster_values(ctx, att, status)
    return findings_from_mask(
        att,
        long & status_here.notna(),
        "lawful-unapproved-absence",
        anchor(att, "longest_run"),
        name=lambda: name_of(att),
        status=lambda: status_here.map(lambda c: SCHOOLING.label(c) if isinstance(c, str) else ""),
        days=lambda: days.map(lambda v: str(int(v))),
    )


def suspension_overlong(ctx: Context) -> list[Finding]:
    """休学 in a graduating grade's last term (an error)."""
    roster, window = ctx.table("roster"), ctx.window
    if roster is None or window is None or window[1].month not in SPRING_MONTHS:
        return []
    grade = grade_codes(ctx, roster)
    mask = (column(roster, "schooling") == SUSPENSION) & grade.isin(ctx.policy.graduating_grades)
    return findings_from_mask(
        roster,
        mask,
        "suspension-overlong",
        anchor(roster, "schooling"),
        "graduating",
        name=lambda: name_of(roster),
        grade=lambda: grade.map(lambda g: GRADE.label(g) if isinstance(g, str) else ""),
    )


def home_teaching_no_record(ctx: Context) -> list[Finding]:
    """A 送教上门 pupil whose attendance records no visit this month (a query)."""
    roster, att = ctx.table("roster"), ctx.table("attendance")
    if roster is None or att is None:
        return []
    status = _roster_values(ctx, att, column(roster, "schooling"))
    return findings_from_mask(
        att,
        (status == HOME_TEACHING) & (numbers(att, "days_present").fillna(0) == 0),
        "home-teaching-no-record",
        anchor(att, "days_present"),
        name=lambda: name_of(att),
    )


LEAVE_TYPES = frozenset({"1", "2"})
"""缺勤类型 病假 and 事假: excused leave."""


def long_excused_absence(ctx: Context) -> list[Finding]:
    """A leave (病假, 事假) run past the 辍学 threshold, the pupil not lawfully absent (queries):
    such a leave needs a 休学 with its approval, or it hides a dropout."""
    att = ctx.table("attendance")
    if att is None:
        return []
    kind = column(att, "absence_type")
    days = consecutive_days(ctx, att)
    long = kind.isin(LEAVE_TYPES) & ctx.policy.past(days, ctx.policy.dropout_days)
    if not long.any():
        return []
    return findings_from_mask(
        att,
        long & _lawful(ctx, att).isna(),
        "long-excused-absence",
        anchor(att, "longest_run"),
        name=lambda: name_of(att),
        kind=lambda: kind.map(lambda c: ABSENCE_TYPE.label(c) if isinstance(c, str) else ""),
        days=lambda: days.map(lambda v: str(int(v))),
        threshold=ctx.policy.dropout_days,
    )
