"""School days: official holidays and make-up workdays from chinese-calendar, or Mon-Fri."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar


@dataclass(frozen=True)
class SchoolDays:
    """The school days between two dates, and whether the weekday fallback was used."""

    days: tuple[dt.date, ...]
    fallback_years: tuple[int, ...]
    """Years chinese-calendar did not know, counted Monday to Friday."""


# Safe process-wide: keyed by a date and a method name, holds two booleans.
@lru_cache(maxsize=256)
def _is_school_day(day: dt.date, method: str) -> tuple[bool, bool]:
    if method == "chinese-calendar":
        try:
            return chinese_calendar.is_workday(day), False
        except NotImplementedError:  # the package raises for a year it has no data for
            pass
    return day.weekday() < 5, method == "chinese-calendar"


def school_days(start: dt.date, end: dt.date, method: str = "chinese-calendar") -> SchoolDays:
    """School days from start to end inclusive."""
    days: list[dt.date] = []
    fallback: set[int] = set()
    day = start
    while day <= end:
        ok, fell_back = _is_school_day(day, method)
        if ok:
            days.append(day)
        if fell_back:
            fallback.add(day.year)
        day += dt.timedelta(days=1)
    return SchoolDays(tuple(days), tuple(sorted(fallback)))
