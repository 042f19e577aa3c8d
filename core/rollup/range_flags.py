"""The range roll-up's flags (关注事项): a unit's monthly figures that deserve a look, with why.

Compared only between consecutive months both reported, by the policy's [rollup_range]
thresholds: a count that jumps, 在校 that never varies, more pupils back than were tracked.
"""

from __future__ import annotations

import itertools
from typing import Any

from core.policy import Policy

SERIES_COUNTS = (
    ("roster_count", "在籍学生数"),
    ("attending_count", "在校学生数"),
    ("suspected_count", "疑似辍学人数"),
    ("dropout_count", "辍学人数"),
    ("returned_count", "本月返校人数"),
)
"""The counts of the monthly series, as the monthly roll-up's 单位汇总 names them."""
JUMP_KEYS = ("roster_count", "attending_count", "suspected_count", "dropout_count")
FLAG_LABELS = {
    "range-count-jump": "人数突变",
    "range-attendance-flat": "在校人数不变",
    "range-returns-exceed": "返校多于在跟踪",
}
"""The range roll-up's flags (关注事项), by code; each row says why (docs/cli.md)."""


def flags(series: list[dict[str, Any]], policy: Policy) -> list[dict[str, Any]]:
    """The figures that deserve a look, per unit in series order, each with why."""
    out: list[dict[str, Any]] = []
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for row in series:
        by_unit.setdefault(row["unit_code"], []).append(row)
    for rows in by_unit.values():
        out += _jumps(rows, policy) + _returns(rows, policy) + _flat(rows, policy)
    order = {"range-count-jump": 0, "range-returns-exceed": 1, "range-attendance-flat": 2}
    out.sort(key=lambda f: (f["unit_code"], f["period"], order[f["flag_code"]]))
    return out


def _flag(row: dict[str, Any], code: str, why: str) -> dict[str, Any]:
    return {
        "unit_code": row["unit_code"],
        "unit_name": row["unit_name"],
        "period": row["period"],
        "flag_code": code,
        "flag": FLAG_LABELS[code],
        "why": why,
    }


def _pairs(rows: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Consecutive months both reported."""
    return [(a, b) for a, b in itertools.pairwise(rows) if a["submitted"] and b["submitted"]]


def _jumps(rows: list[dict[str, Any]], policy: Policy) -> list[dict[str, Any]]:
    out = []
    share = f"{policy.range_jump_share:.0%}"
    labels = dict(SERIES_COUNTS)
    for a, b in _pairs(rows):
        for key in JUMP_KEYS:
            before, after = a.get(key), b.get(key)
            if not isinstance(before, int) or not isinstance(after, int):
                continue
            moved = abs(after - before)
            if moved >= policy.range_jump_min and moved > policy.range_jump_share * before:
                out.append(
                    _flag(
                        b,
                        "range-count-jump",
                        f"{labels[key]}从 {a['period']} 的 {before} 变为 {after}（变化 {moved} 人，"
                        f"超过上月的 {share} 且不少于 {policy.range_jump_min} 人）；"
                        "请核对转入转出、休学、辍学和返校记录",
                    )
                )
    return out


def _returns(rows: list[dict[str, Any]], policy: Policy) -> list[dict[str, Any]]:
    out = []
    for a, b in _pairs(rows):
        back = b.get("returned_count")
        tracked = [a.get("suspected_count"), a.get("dropout_count")]
        if not isinstance(back, int) or not all(isinstance(t, int) for t in tracked):
            continue
        total = sum(tracked)  # type: ignore[arg-type]
        if back > policy.range_return_share * total:
            out.append(
                _flag(
                    b,
                    "range-returns-exceed",
                    f"本月返校 {back} 人，多于 {a['period']} 在跟踪的疑似辍学和辍学 {total} 人的 "
                    f"{policy.range_return_share:.0%}；请核实返校学生是否都在台账中、返校是否属实",
                )
            )
    return out


def _flat(rows: list[dict[str, Any]], policy: Policy) -> list[dict[str, Any]]:
    """在校 identical over at least flat_months consecutive reported months: one flag a run."""
    out = []
    run_rows: list[dict[str, Any]] = []
    for row in [*rows, {"submitted": False}]:
        value = row.get("attending_count") if row.get("submitted") else None
        if run_rows and isinstance(value, int) and value == run_rows[-1]["attending_count"]:
            run_rows.append(row)
            continue
        big = all((r.get("roster_count") or 0) >= policy.range_flat_min for r in run_rows)
        if len(run_rows) >= policy.range_flat_months and big:
            first, last = run_rows[0], run_rows[-1]
            out.append(
                _flag(
                    last,
                    "range-attendance-flat",
                    f"在校学生数 {first['period']} 至 {last['period']} 连续 {len(run_rows)} 个月"
                    f"都是 {last['attending_count']}；在籍不少于 {policy.range_flat_min} 人的单位"
                    "出勤很少一成不变，请核实是否照抄上月",
                )
            )
        run_rows = [row] if isinstance(value, int) else []
    return out
