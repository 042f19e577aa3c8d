"""The county's quarterly re-check (季度复核), read from the register's months and cases.

Per school and month of the quarter: whether it reported, its counts (as the register stored
them at consolidation, by the one definition of each in core.catalogue.counts), the 返校, the
cases opened and closed; then the figures that deserve a second look, each with why, by the
policy's [review] thresholds: a count that jumps, 在校 that never varies, a case closed and
opened again. Read-only: it never writes to the register.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.model.quarters import quarter_periods
from core.policy import Policy
from core.register.cases import BACK_STATES, OPEN_STATES, STATE_LABELS, Case
from core.register.query import _existing, cases_as_of

COUNTS = (
    ("roster", "在籍人数"),
    ("attending", "在校人数"),
    ("suspected", "疑似辍学人数"),
    ("dropout", "辍学人数"),
)
STATUS_LABELS = {
    "accepted": "已采用",
    "superseded": "被新版本取代",
    "rejected": "退回",
    "unreadable": "无法读取",
    "skipped": "已跳过",
}
FLAG_LABELS = {
    "count-jump": "人数突变",
    "attendance-flat": "在校人数不变",
    "case-reopened": "结案后又立案",
}


@dataclass
class Review:
    """The quarter's re-check: one row per school and month, and the flags."""

    quarter: str
    periods: list[str]
    """The quarter's three months."""
    recorded: list[str]
    """Those of them the register holds."""
    rows: list[dict[str, Any]] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)
    findings: dict[str, dict[str, int]] = field(default_factory=dict)
    """Each recorded month's findings by code (the month-over-month ones included)."""


def _months(conn: sqlite3.Connection, periods: list[str]) -> dict[str, dict[str, Any]]:
    out = {}
    for period, subs, schools, found in conn.execute(
        "SELECT period, submissions, schools, findings FROM month_summaries ORDER BY period"
    ):
        if period in periods:
            out[period] = {
                "submissions": json.loads(subs),
                **json.loads(schools),
                "findings": json.loads(found),
            }
    return out


def _closed_in(case: Case) -> str | None:
    """The month a case left the open states, if it did."""
    return next((h["period"] for h in case.history if h["event"] not in OPEN_STATES), None)


def _returned_in(case: Case) -> set[str]:
    return {h["period"] for h in case.history if h["event"] in BACK_STATES}


def _jump(before: int, after: int, policy: Policy) -> bool:
    moved = abs(after - before)
    return moved >= policy.review_jump_min and moved > policy.review_jump_share * before


def review(path: str | Path, quarter: str, policy: Policy) -> Review:
    """The quarterly re-check of the register at path (RegisterError when it cannot be read)."""
    periods = quarter_periods(quarter)
    if periods is None:
        raise ValueError(f"季度“{quarter}”格式不对，应为 YYYYQn（如 2026Q4）")
    conn = _existing(Path(path))
    try:
        months = _months(conn, periods)
        cases = cases_as_of(conn, periods[-1])
    finally:
        conn.close()
    out = Review(quarter=quarter, periods=periods, recorded=sorted(months))
    out.findings = {p: months[p]["findings"] for p in out.recorded}
    schools: set[str] = set()
    for m in months.values():
        schools |= set(m.get("figures", {})) | set(m.get("reported", ()))
        schools |= {str(s["school_code"]) for s in m["submissions"] if s.get("school_code")}
    opened: dict[tuple[str, str], int] = {}
    closed: dict[tuple[str, str], int] = {}
    returned: dict[tuple[str, str], int] = {}
    for case in cases:
        school = case.school_code or ""
        opened[(school, case.opened)] = opened.get((school, case.opened), 0) + 1
        if (when := _closed_in(case)) is not None:
            closed[(school, when)] = closed.get((school, when), 0) + 1
        for when in _returned_in(case):
            returned[(school, when)] = returned.get((school, when), 0) + 1
    for school in sorted(schools):
        for period in out.recorded:
            m = months[period]
            figures = m.get("figures", {}).get(school, {})
            sent = school in m.get("reported", ())
            statuses = [s["status"] for s in m["submissions"] if s.get("school_code") == school]
            out.rows.append(
                {
                    "quarter": quarter,
                    "school_code": school,
                    "period": period,
                    "sent": sent,
                    "submission_status": "、".join(STATUS_LABELS.get(s, s) for s in statuses)
                    or "未报送",
                    # a reporting school with no row in a ledger has none of its count
                    **{f"{k}_n": figures.get(k, 0 if sent else None) for k, _ in COUNTS},
                    "returned_n": returned.get((school, period), 0),
                    "opened_n": opened.get((school, period), 0),
                    "closed_n": closed.get((school, period), 0),
                }
            )
    out.flags = _flags(out, cases, policy)
    per = {}
    for f in out.flags:
        per[(f["school_code"], f["period"])] = per.get((f["school_code"], f["period"]), 0) + 1
    for row in out.rows:
        row["flags_n"] = per.get((row["school_code"], row["period"]), 0)
    return out


def _flags(out: Review, cases: list[Case], policy: Policy) -> list[dict[str, Any]]:
    flags: list[dict[str, Any]] = []
    by_school: dict[str, list[dict[str, Any]]] = {}
    for row in out.rows:
        by_school.setdefault(row["school_code"], []).append(row)
    share = f"{policy.review_jump_share:.0%}"
    for school, rows in by_school.items():
        for before, after in itertools.pairwise(rows):
            for key, label in COUNTS:
                a, b = before[f"{key}_n"], after[f"{key}_n"]
                if a is None or b is None or not _jump(a, b, policy):
                    continue
                flags.append(
                    _flag(
                        out.quarter,
                        school,
                        after["period"],
                        "count-jump",
                        f"{label}由 {before['period']} 的 {a} 变为 {after['period']} 的 {b}，"
                        f"变动 {b - a:+d} 人，超过上月的 {share}且不少于 "
                        f"{policy.review_jump_min} 人；请核对转入转出、休学和辍学记录",
                    )
                )
        attending = [r["attending_n"] for r in rows]
        roster = [r["roster_n"] or 0 for r in rows]
        if (
            len(rows) == len(out.periods)
            and None not in attending
            and len(set(attending)) == 1
            and min(roster) >= policy.review_flat_min
        ):
            flags.append(
                _flag(
                    out.quarter,
                    school,
                    rows[-1]["period"],
                    "attendance-flat",
                    f"在校人数在 {out.periods[0]} 至 {out.periods[-1]} 三个月都是 {attending[0]}，"
                    f"在籍不少于 {policy.review_flat_min} 人的学校出勤很少一成不变；"
                    "请核实是否照抄上月",
                )
            )
    flags.extend(_reopened(out, cases))
    order = {code: i for i, code in enumerate(FLAG_LABELS)}
    flags.sort(key=lambda f: (f["school_code"], f["period"], order[f["flag_code"]], f["why"]))
    return flags


def _reopened(out: Review, cases: list[Case]) -> list[dict[str, Any]]:
    episodes: dict[str, list[Case]] = {}
    for case in cases:
        episodes.setdefault(case.pupil, []).append(case)
    flags = []
    for mine in episodes.values():
        mine.sort(key=lambda c: c.episode)
        for earlier, later in itertools.pairwise(mine):
            closed = _closed_in(earlier)
            if later.opened not in out.periods or closed is None:
                continue
            name = later.identity.get("name") or ""
            flags.append(
                _flag(
                    out.quarter,
                    later.school_code or "",
                    later.opened,
                    "case-reopened",
                    f"个案于 {closed} 结案（{STATE_LABELS.get(earlier.state, earlier.state)}），"
                    f"{later.opened} 又立案（{STATE_LABELS.get(later.state, later.state)}）；"
                    "请核实返校是否属实、结案佐证是否充分",
                    pupil=name,
                )
            )
    return flags


def _flag(
    quarter: str, school: str, period: str, code: str, why: str, pupil: str = ""
) -> dict[str, Any]:
    return {
        "quarter": quarter,
        "school_code": school,
        "period": period,
        "flag": FLAG_LABELS[code],
        "flag_code": code,
        "why": why,
        "pupil": pupil,
    }
