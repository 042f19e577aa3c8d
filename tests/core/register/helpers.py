"""Small months for register tests: ledgers as the consolidation hands them over."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from core.register import Month

SCHOOL_A = "4115250001"
SCHOOL_B = "4115250002"
PUPILS = {
    "张三": "411525201301010016",
    "李四": "411525201302020011",
    "王五": "411525201303030017",
}


def pupil(name: str, school: str = SCHOOL_A, row: int = 5, sheet: str = "学籍名册", **extra):
    """One ledger row with provenance."""
    return {
        "name": name,
        "id_number": PUPILS[name],
        "school_code": school,
        "source_file": f"{school}.xlsx",
        "source_sheet": sheet,
        "source_row": row,
        **extra,
    }


def month(
    period: str,
    roster: list[dict] = (),
    suspected: list[dict] = (),
    dropout: list[dict] = (),
    visits: list[dict] = (),
    reported: tuple[str, ...] = (SCHOOL_A, SCHOOL_B),
) -> Month:
    """A Month from rows by kind."""
    frames = {
        "roster": pd.DataFrame(list(roster)),
        "suspected": pd.DataFrame(list(suspected)),
        "dropout": pd.DataFrame(list(dropout)),
        "return-visits": pd.DataFrame(list(visits)),
    }
    return Month(period=period, frames=frames, reported=frozenset(reported))


def suspected(name: str, status: str = "1", day: int = 8, row: int = 4, **extra) -> dict:
    """A 疑似辍学台账 row (status code 1 跟踪中, 2 已返校, 3 转为辍学, 4 排除)."""
    fields = {"first_absence": dt.date(2026, 9, day), "status_date": None, **extra}
    return pupil(name, sheet="疑似辍学学生台账", row=row, status=status, **fields)


def visit(name: str, day: int, visitor: str = "赵老师", method: str = "01", row: int = 4) -> dict:
    """A 劝返记录 row."""
    return pupil(
        name,
        sheet="劝返记录",
        row=row,
        visit_date=dt.date(2026, 10, day),
        visitor=visitor,
        method=method,
        result="3",
    )
