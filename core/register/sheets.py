"""The county workbook's 个案台账 and 销号记录 rows: the register's cases as of a month.

个案台账 lists every case open at any time in the month (still open, or ended this month); 销号记录
lists the cases ended this month with the reason and the evidence given. Rows carry catalogue
keys (core.catalogue.county COUNTY_CASES, COUNTY_CLOSURES) and the source of the latest event.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from core.catalogue import codelists as cl
from core.register.cases import STATE_LABELS, Case

WITH_REASON = frozenset({"closed", "excluded", "transferred"})
"""Endings whose reason is a 销号原因 (a 已返校 row's reason only says where the pupil was)."""
OPENED_BY_LABELS = {"school-ledger": "学校上报", "attendance": "考勤比对", "household": "户籍比对"}


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _month_end(period: str) -> dt.date:
    year, month = (int(x) for x in period.split("-"))
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _ended_now(case: Case, period: str) -> bool:
    return not case.is_open and bool(case.history) and case.history[-1]["period"] == period


def _base(case: Case) -> dict[str, Any]:
    source = case.history[-1]["source"] if case.history else {}
    return {
        "school_code": case.school_code,
        "student_no": case.identity.get("sno"),
        "name": case.identity.get("name"),
        "id_number": case.identity.get("id"),
        "source_file": source.get("file"),
        "source_sheet": source.get("sheet"),
        "source_row": source.get("row"),
    }


def _age(case: Case, period: str) -> int:
    # A 辍学 row often has no date of its own: the case then dates from its month's first day.
    start = (case.history and _date(case.history[0].get("date"))) or _date(f"{case.opened}-01")
    end = _date(case.history[-1].get("date")) if not case.is_open else None
    end = end or _month_end(period)
    return max(0, (end - start).days) if start else 0


def case_rows(episodes: dict[str, list[Case]], period: str) -> list[dict[str, Any]]:
    """个案台账: every episode open at some time in the month, oldest first."""
    rows = [
        {
            **_base(c),
            "case_state": STATE_LABELS.get(c.state, c.state),
            "opened": c.opened,
            "opened_by": OPENED_BY_LABELS.get(c.opened_by, c.opened_by),
            "age_days": _age(c, period),
            "attempts": c.attempts,
            "last_event": _date(c.last_event),
            "last_period": c.last_period,
        }
        for mine in episodes.values()
        for c in mine
        if c.opened <= period and (c.is_open or _ended_now(c, period))
    ]
    return sorted(rows, key=lambda r: (r["opened"], r["school_code"] or "", r["id_number"] or ""))


def closure_rows(episodes: dict[str, list[Case]], period: str) -> list[dict[str, Any]]:
    """销号记录: the episodes ended this month, with the reason and evidence reported."""
    rows = []
    for mine in episodes.values():
        for c in mine:
            if not _ended_now(c, period):
                continue
            last = c.history[-1]
            rows.append(
                {
                    **_base(c),
                    "closed_as": STATE_LABELS.get(c.state, c.state),
                    "closed_on": _date(last.get("date")),
                    "closing_reason": _reason(c.state, last.get("reason")),
                    "evidence": last.get("evidence"),
                }
            )
    return sorted(rows, key=lambda r: (r["school_code"] or "", r["id_number"] or ""))


def _reason(state: str, reason: Any) -> Any:
    """The reason an ending gives; a 销号's 销号原因 code as its label (完成义务教育, not 06)."""
    if state not in WITH_REASON:
        return None
    if state == "closed" and isinstance(reason, str):
        return cl.CLOSING_REASON.label(reason)
    return reason
