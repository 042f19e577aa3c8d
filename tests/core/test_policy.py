"""The policy file: defaults with sources, overrides, and clear errors."""

from __future__ import annotations

import datetime as dt

import pytest

from core.calendar import school_days
from core.policy import DEFAULT_POLICY_TEXT, Policy, PolicyError, default_policy, load_policy


def test_default_policy_names_a_source_for_every_threshold() -> None:
    p = default_policy()
    assert (p.suspected_days, p.dropout_days, p.age_low, p.age_high, p.cutoff_day) == (
        5,
        20,
        6,
        15,
        28,
    )
    for word in ("Source: a county", "辽宁", "义务教育法", "28日", "chinese-calendar"):
        assert word in DEFAULT_POLICY_TEXT


def test_a_policy_file_overrides_only_what_it_names(tmp_path) -> None:
    f = tmp_path / "guangdong.toml"
    f.write_text(
        'name = "广东"\n[absence]\nsuspected_days = 3\n[period]\ncutoff_day = 10\n',
        encoding="utf-8",
    )
    p = load_policy(f)
    assert (p.name, p.suspected_days, p.dropout_days, p.cutoff_day) == ("广东", 3, 20, 10)
    assert p.window("2026-03") == (dt.date(2026, 2, 11), dt.date(2026, 3, 10))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[absence]\nsuspected_days = 30\n", "疑似辍学天数应至少为 1，且不大于辍学天数"),
        ('[age]\nentry_cutoff = "08-32"\n', "入学年龄截止日 entry_cutoff 应为 MM-DD（如 08-31）"),
        ("[age]\nlow = 16\n", "年龄下限不能大于上限"),
        ("[absence]\nsuspected_days = -1\n", "策略中的 suspected_days 应为非负整数"),
        ('[calendar]\nschool_days = "moon"\n', "上课日计算方式应为 chinese-calendar 或 weekdays"),
    ],
)
def test_impossible_values_are_refused_in_chinese(tmp_path, text, message) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError, match=message):
        load_policy(f)


def test_malformed_toml_is_a_policy_error(tmp_path) -> None:
    f = tmp_path / "bad.toml"
    f.write_text("[absence\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="格式错误"):
        load_policy(f)


def test_window_runs_from_the_day_after_the_previous_cutoff() -> None:
    p = Policy()
    assert p.window("2026-10") == (dt.date(2026, 9, 29), dt.date(2026, 10, 28))
    assert p.window("2026-01") == (dt.date(2025, 12, 29), dt.date(2026, 1, 28))
    assert Policy(cutoff_day=31).window("2026-02") == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert p.due_date("2026-10") == dt.date(2026, 10, 28)


def test_school_days_skip_the_national_day_holiday() -> None:
    days = school_days(dt.date(2026, 9, 29), dt.date(2026, 10, 28)).days
    assert dt.date(2026, 10, 1) not in days
    assert dt.date(2026, 10, 5) not in days
    assert dt.date(2026, 10, 9) in days
    assert len(days) == 18


def test_unknown_year_falls_back_to_weekdays_and_says_so() -> None:
    result = school_days(dt.date(2031, 3, 1), dt.date(2031, 3, 31))
    assert result.fallback_years == (2031,)
    assert len(result.days) == 21
