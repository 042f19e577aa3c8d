"""School days are term days: breaks and local holidays never count."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import replace

import pytest

from core.calendar import Terms, school_days
from core.policy import PolicyError, default_policy, policy_from_mapping

NARROW = replace(default_policy(), terms=Terms(usual=(("09-01", "01-15"), ("02-25", "07-05"))))
"""A policy whose terms run 1 September to 15 January and 25 February to 5 July."""


def test_an_absence_across_the_summer_break_counts_only_term_days() -> None:
    policy = NARROW
    # Absent from 29 June: by the end of August it is still 5 school days, not 45 workdays.
    assert len(policy.school_days_in(dt.date(2026, 6, 29), dt.date(2026, 8, 28)).days) == 5
    assert len(school_days(dt.date(2026, 6, 29), dt.date(2026, 8, 28)).days) == 45
    # And it goes on counting when the autumn term starts.
    assert len(policy.school_days_in(dt.date(2026, 6, 29), dt.date(2026, 9, 4)).days) == 9


def test_the_winter_break_wraps_the_new_year() -> None:
    days = NARROW.school_days_in(dt.date(2027, 1, 11), dt.date(2027, 3, 2)).days
    assert days[:5] == tuple(dt.date(2027, 1, d) for d in (11, 12, 13, 14, 15))
    assert days[5] == dt.date(2027, 2, 25)


def test_a_province_s_published_terms_and_local_holidays_replace_the_default() -> None:
    text = """
[calendar]
holidays = [2026-09-10]
[[calendar.term]]
start = 2026-09-07
end = 2027-01-22
"""
    policy = policy_from_mapping(tomllib.loads(text), "省.toml")
    days = policy.school_days_in(dt.date(2026, 9, 1), dt.date(2026, 9, 11)).days
    assert days == tuple(dt.date(2026, 9, d) for d in (7, 8, 9, 11))
    assert policy.terms.in_term(dt.date(2027, 1, 20))
    # A school year the list does not name keeps no terms of its own: every workday counts.
    assert Terms(exact=policy.terms.exact).in_term(dt.date(2026, 7, 20))


def test_a_term_that_ends_before_it_starts_is_refused_in_chinese() -> None:
    text = "[[calendar.term]]\nstart = 2027-01-22\nend = 2026-09-07\n"
    with pytest.raises(PolicyError) as err:
        policy_from_mapping(tomllib.loads(text), "省.toml")
    assert str(err.value) == "学期 term 的 start、end 和 holidays 应为日期，且开始不晚于结束"
