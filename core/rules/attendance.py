"""Number and age rules: attendance arithmetic, school days in the window, age for grade."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from core.calendar import school_days
from core.model.findings import Finding, make_finding
from core.rules.base import Context, column, findings_from_mask, numbers
from core.rules.grades import grade_codes, grade_names


def attendance_numbers(ctx: Context) -> list[Finding]:
    """Present ≤ due, absent = due - present, longest run ≤ absent."""
    t = ctx.table("attendance")
    if t is None:
        return []
    due, present = numbers(t, "days_due"), numbers(t, "days_present")
    absent, run = numbers(t, "days_absent"), numbers(t, "longest_run")
    sane = (due >= 0) & (present >= 0) & (present <= due)
    expected = due - present
    return [
        *findings_from_mask(
            t,
            present > due,
            "number-invalid",
            "days_present",
            "present-above-due",
            due=lambda: due.map(_int_text),
        ),
        *findings_from_mask(
            t,
            sane & (absent >= 0) & (absent != expected),
            "number-invalid",
            "days_absent",
            "absent-sum",
            expected=lambda: expected.map(_int_text),
        ),
        *findings_from_mask(
            t,
            (run >= 0) & (absent >= 0) & (run > absent),
            "number-invalid",
            "longest_run",
            "run-above-absent",
            absent=lambda: absent.map(_int_text),
        ),
    ]


def _int_text(v: float) -> str:
    return "" if pd.isna(v) else str(int(v))


def due_above_calendar(ctx: Context) -> list[Finding]:
    """应出勤天数 is at most the term days in the period window; break days are no school days."""
    t = ctx.table("attendance")
    days, window = ctx.window_days(), ctx.window
    if t is None or days is None or window is None:
        return []
    term = len(days.days)
    workdays = len(school_days(*window, ctx.policy.school_days).days)
    due = numbers(t, "days_due")
    return [
        *findings_from_mask(
            t, due > workdays, "number-invalid", "days_due", "due-above-calendar", days=term
        ),
        *findings_from_mask(
            t,
            (due > term) & (due <= workdays),
            "vacation-absence-overcount",
            "days_due",
            days=term,
            breaks=workdays - term,
        ),
    ]


def calendar_fallback(ctx: Context) -> list[Finding]:
    """Warn when school days were counted Monday to Friday for a year the calendar lacks."""
    days = ctx.window_days()
    if days is None or not days.fallback_years or ctx.table("attendance") is None:
        return []
    years = "、".join(str(y) for y in days.fallback_years)
    return [make_finding("calendar-fallback", file=ctx.workbook.path, year=years)]


def full_age(birth: dt.date, on: dt.date) -> int:
    """Full years (周岁) on a date."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def age_out_of_range(ctx: Context) -> list[Finding]:
    """Age at the cut-off inside the policy's band, and plausible for the grade (queries)."""
    t, window = ctx.table("roster"), ctx.window
    if t is None or window is None:
        return []
    p = ctx.policy
    ages = (
        column(t, "birth_date")
        .map(lambda b: full_age(b, window[1]) if isinstance(b, dt.date) else None)
        .astype(float)
    )
    codes = grade_codes(ctx, t)
    grade = pd.to_numeric(codes, errors="coerce")
    outside = (ages < p.age_low) | (ages > p.age_high)
    normal_low = p.entry_age + grade - 1
    normal_high = p.entry_age + grade
    odd = ~outside & (
        (ages < normal_low - p.grade_tolerance) | (ages > normal_high + p.grade_tolerance)
    )
    age_text = lambda: ages.map(_int_text)  # noqa: E731 - computed only when a row is hit
    return [
        *findings_from_mask(
            t,
            outside,
            "age-out-of-range",
            "birth_date",
            age=age_text,
            low=p.age_low,
            high=p.age_high,
        ),
        *findings_from_mask(
            t,
            odd,
            "age-out-of-range",
            "grade",
            "grade",
            age=age_text,
            grade=lambda: grade_names(ctx, t),
            low=lambda: normal_low.map(_int_text),
            high=lambda: normal_high.map(_int_text),
        ),
    ]
