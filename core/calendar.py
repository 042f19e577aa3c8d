"""School days: term days (the policy's term calendar) that are workdays and no local holiday.

chinese-calendar knows official holidays and make-up workdays, not school terms: to it the
summer and winter breaks are workdays, so the terms come from the policy.
"""

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


@dataclass(frozen=True)
class Terms:
    """A term calendar: exact terms for some school years, month-day terms for the others."""

    usual: tuple[tuple[str, str], ...] = ()
    """(MM-DD, MM-DD) of each term in a school year the exact list does not name."""
    exact: tuple[tuple[dt.date, dt.date], ...] = ()
    """(first day, last day) of terms the province or county published."""
    holidays: frozenset[dt.date] = frozenset()
    """Local days off within terms."""
    year_start: str = "09-01"
    """MM-DD on which a school year starts."""

    def school_year(self, day: dt.date) -> int:
        """The calendar year in which the school year of a day began."""
        return day.year if f"{day:%m-%d}" >= self.year_start else day.year - 1

    def in_term(self, day: dt.date) -> bool:
        """Whether a day lies in a term (and is no local holiday)."""
        if day in self.holidays:
            return False
        if not self.usual and not self.exact:
            return True
        year = self.school_year(day)
        named = [t for t in self.exact if self.school_year(t[0]) == year]
        if named or not self.usual:
            return any(first <= day <= last for first, last in named) or not named
        md = f"{day:%m-%d}"
        return any(
            first <= md <= last if first <= last else md >= first or md <= last
            for first, last in self.usual
        )


NO_TERMS = Terms()


# Safe process-wide: keyed by a date and a method name, holds two booleans.
@lru_cache(maxsize=256)
def _is_workday(day: dt.date, method: str) -> tuple[bool, bool]:
    if method == "chinese-calendar":
        try:
            return chinese_calendar.is_workday(day), False
        except NotImplementedError:  # the package raises for a year it has no data for
            pass
    return day.weekday() < 5, method == "chinese-calendar"


@lru_cache(maxsize=1024)
def school_days(
    start: dt.date, end: dt.date, method: str = "chinese-calendar", terms: Terms = NO_TERMS
) -> SchoolDays:
    """School days from start to end inclusive: workdays inside a term."""
    days: list[dt.date] = []
    fallback: set[int] = set()
    day = start
    while day <= end:
        ok, fell_back = _is_workday(day, method)
        if ok and terms.in_term(day):
            days.append(day)
        if fell_back:
            fallback.add(day.year)
        day += dt.timedelta(days=1)
    return SchoolDays(tuple(days), tuple(sorted(fallback)))
