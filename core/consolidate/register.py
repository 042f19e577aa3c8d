"""The consolidation's one call into the case register: this month's ledgers, recorded."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

from core.consolidate.coverage import Coverage
from core.consolidate.merge import Ledgers
from core.consolidate.result import ConsolidationResult
from core.model.books import CountyBook
from core.register import Month, Outcome, record_month
from core.register.month import closure_place
from core.register.query import last_rolls

PENDING_CHECK = "户籍与学籍"
PENDING_RESULT = "待核实"
CLOSURE = "closure-without-evidence"


def record(
    path: Path,
    result: ConsolidationResult,
    ledgers: Ledgers,
    rows: list[dict],
    household_checked: bool,
    allow_earlier: bool = False,
    platform_days: int = 30,
) -> Outcome:
    """Record the month in the register; its findings join the consolidation's."""
    found = result.all_findings()
    month = Month(
        period=result.period,
        frames=ledgers.frames,
        pending=[
            r
            for r in rows
            if r.get("check") == PENDING_CHECK
            and str(r.get("result", "")).startswith(PENDING_RESULT)
        ],
        reported=frozenset(s.school_code for s in result.accepted if s.school_code),
        submissions=[
            {"path": s.path, "school_code": s.school_code, "status": s.status}
            for s in result.submissions
        ],
        finding_counts=dict(Counter(f.code for f in found)),
        household_checked=household_checked,
        closures_reported=frozenset(
            closure_place(f.file, f.sheet, f.row) for f in found if f.code == CLOSURE
        ),
        platform=result.platform_answers,
        platform_days=platform_days,
    )
    outcome = record_month(path, month, allow_earlier=allow_earlier)
    result.findings += outcome.findings
    result.register = outcome.to_json()
    return outcome


def with_last_rolls(coverage: Coverage, path: Path, period: str) -> Coverage:
    """The coverage knowing last month's roll of each school not covered now (the register's):
    a 户籍 child on it is counted as not covered, not as household-unmatched."""
    schools = {g["school_code"] for g in coverage.not_covered}
    return replace(coverage, last_roll=last_rolls(path, period, schools))


def latest_cases(path: Path, period: str) -> dict[str, dict]:
    """Each pupil's latest case before `period` (state, reason, period, date), by register key;
    {} when the register does not exist yet. The platform answer reads it (never writes)."""
    if not Path(path).is_file():
        return {}
    from core.register.cases import case_events, replay
    from core.register.schema import open_register

    conn = open_register(path)
    try:
        episodes = replay(case_events(conn, before=period))
    finally:
        conn.close()
    out = {}
    for pupil, mine in episodes.items():
        last = mine[-1]
        reason = last.history[-1].get("reason") if last.history else None
        out[pupil] = {"state": last.state, "reason": reason, "period": last.last_period,
                      "date": last.last_event}  # fmt: skip
    return out


def attach(book: CountyBook, outcome: Outcome | None) -> None:
    """Give the county workbook its 个案台账 and 销号记录 when the month was recorded."""
    if outcome is None:
        return
    county_code = book.info.get("county_code")

    def unit(row: dict) -> dict:
        name = book.school_names.get(row.get("school_code") or "")
        return {"county_code": county_code, "school_name": name, **row}

    book.cases = [unit(r) for r in outcome.cases]
    book.closures = [unit(r) for r in outcome.closures]
