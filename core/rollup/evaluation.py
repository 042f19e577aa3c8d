"""The province's yearly evaluation (一学年一评估): the range roll-up of a school year, plus
each prefecture's and county's year indicators with their formulas and sources, and the July
check: which units have not yet reported the months due before the evaluation's deadline.

The indicators reuse the monthly roll-up's definitions (core.rollup.definitions, the text of
指标说明) and core.catalogue.counts for every rate; only how a month's value becomes the year's
is added here (the year-end month's value, or the sum of the months for 返校).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.catalogue.counts import add_rates
from core.model.findings import Finding, make_finding
from core.policy import Policy
from core.rollup.definitions import DEFINITIONS

if TYPE_CHECKING:
    from core.rollup.series import RangeResult

YEAR_END = (
    "roster_count",
    "attending_count",
    "suspected_count",
    "dropout_count",
    "resumed_count",
    "closed_count",
    "dropout_total",
    "dropout_rate",
    "possible_rate",
    "return_rate",
    "closing_rate",
)
"""Indicators taken at the year's last reported month (时点数, 累计数 and the rates)."""
SUMMED = ("returned_count",)
"""Indicators summed over the reported months."""


@dataclass
class Evaluation:
    """The evaluation's own parts (the series, outcomes and reporting are the RangeResult's)."""

    deadline: dt.date
    as_of: dt.date
    due_months: list[str]
    """The months whose reports are due by the deadline (the July check)."""
    indicators: list[dict[str, Any]] = field(default_factory=list)
    july: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The `evaluation` member of the range JSON."""
        return {
            "deadline": self.deadline.isoformat(),
            "as_of": self.as_of.isoformat(),
            "due_months": self.due_months,
            "indicators": self.indicators,
            "july_check": [{**r, "deadline": r["deadline"].isoformat()} for r in self.july],
        }


def deadline_of(periods: list[str], policy: Policy) -> dt.date:
    """The evaluation's deadline: policy's MM-DD in the school year the range starts in."""
    month, day = (int(x) for x in policy.evaluation_deadline.split("-"))
    year, first_month = (int(x) for x in periods[0].split("-"))
    return dt.date(year + (1 if month < first_month else 0), month, day)


def due_months(periods: list[str], level_days: int, deadline: dt.date, policy: Policy) -> list[str]:
    """The months whose reports are due (schools' due date + the level's days) by the deadline."""
    return [p for p in periods if policy.due_date(p) + dt.timedelta(days=level_days) <= deadline]


def evaluate(result: RangeResult, policy: Policy, as_of: dt.date) -> Evaluation:
    """The indicators and the July check of a range roll-up's units."""
    deadline = deadline_of(result.periods, policy)
    # The prefectures' months are due later than the counties': their list is the shorter one.
    due = due_months(result.periods, policy.range_prefecture_days, deadline, policy)
    ev = Evaluation(deadline, as_of, due)
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for row in result.series:
        by_unit.setdefault(row["unit_code"], []).append(row)
    for rows in by_unit.values():
        ev.indicators += _indicators(rows)
        missing = [r["period"] for r in rows if r["period"] in due and not r["submitted"]]
        if missing:
            ev.july.append(_july_row(rows[0], missing, deadline, as_of))
            ev.findings.append(_july_finding(rows[0], missing, deadline, as_of))
    return ev


def _indicators(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    sent = [r for r in rows if r["submitted"]]
    head = {k: rows[0][k] for k in ("unit_level", "unit_code", "unit_name")}
    last = add_rates(dict(sent[-1])) if sent else {}
    out = []
    for metric, key, formula, source, scope in DEFINITIONS:
        if key is None:
            continue
        if key in SUMMED:
            values = [r.get(key) for r in sent]
            value = sum(v for v in values if isinstance(v, int)) if sent else None
            taken = f"各月之和（已报 {len(sent)} 个月）"
            shown_formula = f"各月“{metric}”之和；每月：{formula}"
            label = metric.replace("本期", "学年")
        elif key in YEAR_END:
            value = last.get(key)
            taken = f"学年末（{sent[-1]['period']}）" if sent else "未报送"
            shown_formula, label = formula, metric
        else:
            continue
        out.append(
            {
                **head,
                "indicator": label,
                "value": float(value) if isinstance(value, int | float) else None,
                "taken": taken,
                "formula": shown_formula,
                "source": source,
                "scope": scope,
            }
        )
    return out


def _july_row(
    head: dict[str, Any], missing: list[str], deadline: dt.date, as_of: dt.date
) -> dict[str, Any]:
    left = (deadline - as_of).days
    verdict = (
        f"尚缺 {len(missing)} 个月，须在截止日前补报"
        if left >= 0
        else f"截止日已过，仍缺 {len(missing)} 个月"
    )
    return {
        "unit_level": head["unit_level"],
        "unit_code": head["unit_code"],
        "unit_name": head["unit_name"],
        "months_missing": "、".join(missing),
        "deadline": deadline,
        "days_left": left,
        "verdict": verdict,
    }


def _july_finding(
    head: dict[str, Any], missing: list[str], deadline: dt.date, as_of: dt.date
) -> Finding:
    left = (deadline - as_of).days
    return make_finding(
        "evaluation-months-unreported",
        "" if left >= 0 else "late",
        school_code=head["unit_code"],
        value="、".join(missing),
        unit=head["unit_name"],
        unit_code=head["unit_code"],
        months="、".join(missing),
        deadline=deadline.isoformat(),
        days_left=left,
    )
