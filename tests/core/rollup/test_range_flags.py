"""The range roll-up's flags at their thresholds: each rule fires just at it, never just under.

The series are generated (seeded sizes and counts that vary by unit), the thresholds read from
a policy built here, and every flag asserted as a whole literal with its why.
"""

from __future__ import annotations

import math
import random
import tomllib

import pytest

from core.policy import DEFAULT_POLICY_TEXT, PolicyError, default_policy, policy_from_mapping
from core.rollup.range_flags import flags
from core.rollup.series import range_periods

PERIODS = ["2026-09", "2026-10", "2026-11", "2026-12", "2027-01"]


def _policy(**values):
    text = tomllib.loads(DEFAULT_POLICY_TEXT)
    text["rollup_range"].update(values)
    return policy_from_mapping(text, "test")


def _series(rng: random.Random, code: str, roster: int) -> list[dict]:
    """A unit whose counts move a little each month: no rule fires on it as generated."""
    rows = []
    for period in PERIODS:
        rows.append(
            {
                "unit_code": code,
                "unit_name": f"单位{code[-2:]}",
                "period": period,
                "submitted": True,
                "roster_count": roster + rng.randint(-2, 2),
                "attending_count": roster - 3 - len(rows),  # moves every month
                "suspected_count": 4 + rng.randint(0, 2),
                "dropout_count": 2 + rng.randint(0, 1),
                "returned_count": rng.randint(0, 1),
            }
        )
    return rows


def _why_jump(label, period, before, after, policy):
    return (
        f"{label}从 {period} 的 {before} 变为 {after}（变化 {abs(after - before)} 人，"
        f"超过上月的 {policy.range_jump_share:.0%} 且不少于 {policy.range_jump_min} 人）；"
        "请核对转入转出、休学、辍学和返校记录"
    )


def _set(rows, key, value, months=None):
    for m in range(len(PERIODS)) if months is None else months:
        rows[m][key] = value


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_rule_fires_at_its_threshold_and_not_one_under(seed):
    rng = random.Random(seed)
    policy = _policy(
        jump_share=rng.choice([0.05, 0.1, 0.2]),
        jump_min=rng.randint(5, 15),
        flat_months=rng.randint(2, 4),
        flat_min=rng.randint(40, 80),
        return_share=rng.choice([0.5, 1.0]),
    )
    share, least = policy.range_jump_share, policy.range_jump_min
    big = rng.randint(200, 400)
    u = [_series(rng, f"4115{n:02d}", big + 10 * n) for n in range(21, 27)]
    expected = []
    # unit 0: 在籍 moves by the smallest change flagged (over the share, at least the minimum)
    before = u[0][2]["roster_count"]
    moved = max(least, math.floor(share * before) + 1)
    _set(u[0], "roster_count", before - moved, (3, 4))
    expected.append(
        (
            u[0][3],
            "range-count-jump",
            _why_jump("在籍学生数", "2026-11", before, before - moved, policy),
        )
    )
    # unit 1: 疑似 moves by one pupil fewer than the minimum, well over the share: not flagged
    small = math.floor((least - 2) / share)
    _set(u[1], "suspected_count", small)
    _set(u[1], "suspected_count", small + least - 1, (3, 4))
    assert least - 1 > share * small
    # unit 2: 疑似 moves by exactly the share (at least the minimum), not more: not flagged
    base = 100 * math.ceil(least / (share * 100))
    _set(u[2], "suspected_count", base)
    _set(u[2], "suspected_count", base + round(share * base), (3, 4))
    assert round(share * base) >= least
    # unit 3: more pupils back than the share of last month's tracked cases
    tracked = u[3][1]["suspected_count"] + u[3][1]["dropout_count"]
    over = math.floor(policy.range_return_share * tracked) + 1
    u[3][2]["returned_count"] = over
    expected.append(
        (
            u[3][2],
            "range-returns-exceed",
            f"本月返校 {over} 人，多于 2026-10 在跟踪的疑似辍学和辍学 {tracked} 人的 "
            f"{policy.range_return_share:.0%}；请核实返校学生是否都在台账中、返校是否属实",
        )
    )
    # unit 4: back exactly as many as the share allows (or the whole number under it); and 在校
    # flat one month fewer than flat_months
    tracked = u[4][1]["suspected_count"] + u[4][1]["dropout_count"]
    u[4][2]["returned_count"] = math.floor(policy.range_return_share * tracked)
    n = policy.range_flat_months
    _set(u[4], "attending_count", u[4][1]["attending_count"], range(1, n))
    # unit 5: 在校 flat for flat_months months from the first
    flat = u[5][0]["attending_count"]
    _set(u[5], "attending_count", flat, range(n))
    last = u[5][n - 1]
    expected.append(
        (
            last,
            "range-attendance-flat",
            f"在校学生数 2026-09 至 {last['period']} 连续 {n} 个月都是 {flat}；在籍不少于 "
            f"{policy.range_flat_min} 人的单位出勤很少一成不变，请核实是否照抄上月",
        )
    )
    got = [
        (f["unit_code"], f["period"], f["flag_code"], f["why"])
        for f in flags([r for rows in u for r in rows], policy)
    ]
    assert got == [(r["unit_code"], r["period"], code, why) for r, code, why in expected]


def test_a_small_unit_whose_attendance_never_varies_is_not_flagged():
    policy = default_policy()
    rows = [
        {
            "unit_code": "411521",
            "unit_name": "甲",
            "period": p,
            "submitted": True,
            "roster_count": policy.range_flat_min - 1,
            "attending_count": 30,
            "suspected_count": 1,
            "dropout_count": 0,
            "returned_count": 0,
        }
        for p in PERIODS
    ]
    assert flags(rows, policy) == []
    for r in rows:
        r["roster_count"] = policy.range_flat_min
    assert [(f["period"], f["flag_code"]) for f in flags(rows, policy)] == [
        ("2027-01", "range-attendance-flat")
    ]


def test_a_month_not_reported_breaks_the_comparison():
    policy = default_policy()
    rows = [
        {
            "unit_code": "411521",
            "unit_name": "甲",
            "period": p,
            "submitted": True,
            "roster_count": 500,
            "attending_count": 480 + i,
            "suspected_count": 1,
            "dropout_count": 0,
            "returned_count": 0,
        }
        for i, p in enumerate(PERIODS)
    ]
    rows[2] = {**{k: rows[2][k] for k in ("unit_code", "unit_name", "period")}, "submitted": False}
    rows[3]["roster_count"] = 100  # far from 500, but the month before it was not reported
    rows[4]["roster_count"] = 100
    assert flags(rows, policy) == []


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        ("2026-09..2027-01", ["2026-09", "2026-10", "2026-11", "2026-12", "2027-01"]),
        ("2026-10..2026-10", ["2026-10"]),
        ("2027-01..2026-09", None),
        ("2026-9..2027-01", None),
        ("2026-09..2028-09", None),
        ("2026-09", None),
    ],
)
def test_range_periods(text, periods):
    assert range_periods(text) == periods


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"jump_share": 0}, "jump_share 应为大于 0 的比例"),
        ({"return_share": "1"}, "return_share 应为大于 0 的比例"),
        ({"flat_months": 1}, "flat_months 应为不小于 2 的整数"),
        ({"evaluation_deadline": "07-32"}, "evaluation_deadline 应为 MM-DD"),
        ({"county_days": -1}, "range_county_days 应为非负整数"),
    ],
)
def test_impossible_range_thresholds_are_refused_in_chinese(values, says):
    with pytest.raises(PolicyError, match=says):
        _policy(**values)
