"""The rates that need history, from the case register: 复学率 and 销号率 of 辍学 cases by outcome
over a month and over the school year to date, and the school year's 辍学率.

The formulas are core.catalogue.counts' (history_counts, new_dropout_count, HISTORY_RATES and
their texts); this module only gathers the register's case episodes and 在籍 figures. Callers:
``rates(conn, period)`` with an open register (the register's status, the export), or
``register_rates(path, period)`` with its file (what the county workbook's surfaces call).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from core.catalogue import counts
from core.register.cases import Case
from core.register.query import cases_as_of, periods
from core.register.schema import RegisterError, open_register

SCHOOL_YEAR_FIRST_MONTH = 9
"""The school year runs from 1 September to 31 August (domain.md §3.4, §7)."""


def school_year_months(period: str) -> tuple[str, str]:
    """The first month of a period's school year (September) and the period itself."""
    year, month = (int(x) for x in period.split("-"))
    start = year if month >= SCHOOL_YEAR_FIRST_MONTH else year - 1
    return f"{start}-{SCHOOL_YEAR_FIRST_MONTH:02d}", period


def steps(case: Case) -> list[counts.Step]:
    """A case episode's history as the counts module reads it: (period, state, reason)."""
    return [(h["period"], h["event"], h.get("reason")) for h in case.history]


def roster_total(conn: sqlite3.Connection, period: str) -> int | None:
    """在籍学生数 of a recorded month: the sum of its schools' 在籍 (None when not recorded)."""
    row = conn.execute("SELECT schools FROM month_summaries WHERE period = ?", (period,)).fetchone()
    if row is None:
        return None
    figures = json.loads(row[0]).get("figures", {})
    return sum(int(f.get("roster", 0)) for f in figures.values())


def _span(episodes: list[list[counts.Step]], first: str, last: str) -> dict[str, Any]:
    row: dict[str, Any] = {
        "first": first,
        "last": last,
        **counts.history_counts(episodes, first, last),
    }
    return counts.add_history_rates(row)


def rates(conn: sqlite3.Connection, period: str | None = None) -> dict[str, Any]:
    """The history rates as of a month (default: the latest recorded): the month's, the school
    year's to date, and the school year's 辍学率 over the 在籍 of its earliest recorded month."""
    known = periods(conn)
    if not known:
        return {}
    period = period or known[-1]
    episodes = [steps(c) for c in cases_as_of(conn, period)]
    year_first, _ = school_year_months(period)
    in_year = [p for p in known if year_first <= p <= period]
    base_period = in_year[0] if in_year else None
    year = _span(episodes, year_first, period)
    year_row: dict[str, Any] = {
        "first": year_first,
        "last": period,
        "year_new_dropouts": counts.new_dropout_count(episodes, year_first, period),
        "year_start_roster": roster_total(conn, base_period) if base_period else None,
        "year_start_period": base_period,
    }
    counts.add_history_rates(year_row)
    return {
        "period": period,
        "month": {
            k: v for k, v in _span(episodes, period, period).items() if k != "year_dropout_rate"
        },
        "school_year": {k: v for k, v in year.items() if k != "year_dropout_rate"},
        "year_dropout": {
            k: v
            for k, v in year_row.items()
            if k not in ("history_return_rate", "history_closing_rate")
        },
        "formulas": {
            key: {"name": name, "formula": text}
            for key, (name, text) in counts.HISTORY_RATE_TEXTS.items()
        },
    }


def register_rates(path: str | Path, period: str | None = None) -> dict[str, Any]:
    """rates() of a register file; RegisterError when it does not exist or cannot be used."""
    path = Path(path)
    if not path.is_file():
        raise RegisterError(f"个案登记册“{path}”不存在；先用 consolidate --register 记录一个月")
    conn = open_register(path)
    try:
        return rates(conn, period)
    finally:
        conn.close()


def rate_rows(doc: dict[str, Any]) -> list[list[Any]]:
    """The history rates as rows of the register export's 指标 sheet: name, span, numerator,
    denominator, value in percent (blank when the base is 0), formula."""
    if not doc:
        return []
    texts = counts.HISTORY_RATE_TEXTS
    out = []
    for part, key, num, den in (
        ("month", "history_return_rate", "dropout_resumed", "dropout_base"),
        ("month", "history_closing_rate", "dropout_closed", "dropout_base"),
        ("school_year", "history_return_rate", "dropout_resumed", "dropout_base"),
        ("school_year", "history_closing_rate", "dropout_closed", "dropout_base"),
        ("year_dropout", "year_dropout_rate", "year_new_dropouts", "year_start_roster"),
    ):
        row = doc[part]
        span = row["first"] if row["first"] == row["last"] else f"{row['first']} 至 {row['last']}"
        name, formula = texts[key]
        out.append([name, span, row[num], row[den], row[key], formula])
    return out
