"""Hand-built units for the roll-up tests: tables exactly as the reader would return them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from core.catalogue import county as cy
from core.catalogue.schema import SheetSpec
from core.reader.model import SheetTable, column_letter
from core.rollup.model import UnitInput

FORMS = {
    "ledger-children": cy.COUNTY_CHILDREN,
    "ledger-attendance": cy.COUNTY_ATTENDANCE,
    "ledger-suspected": cy.COUNTY_SUSPECTED,
    "ledger-dropout": cy.COUNTY_DROPOUT,
    "ledger-return-visits": cy.COUNTY_VISITS,
}


def table(form: SheetSpec, rows: list[dict[str, Any]], path: str = "x.xlsx") -> SheetTable:
    """A SheetTable of a form: header on row 1, data from row 2."""
    keys = form.keys
    data = pd.DataFrame([{k: r.get(k) for k in keys} for r in rows], columns=keys, dtype=object)
    data.index = range(2, 2 + len(rows))
    return SheetTable(
        path=path,
        sheet=form.title,
        form=form,
        header_row=1,
        columns={k: column_letter(i) for i, k in enumerate(keys)},
        headers={k: form.column(k).header for k in keys},
        data=data,
        raw=data.map(lambda v: None if v is None else str(v)),
    )


def unit(
    code: str,
    name: str,
    *,
    period: str = "2026-10",
    declared: dict | None = None,
    made_on: dt.date = dt.date(2026, 10, 30),
    **ledgers: list[dict],
) -> UnitInput:
    """A county unit with ledgers given by short kind (children=..., dropout=...)."""
    path = f"收件箱/{name}.xlsx"
    u = UnitInput(
        path=path,
        level="county",
        code=code,
        name=name,
        period=period,
        made_on=made_on,
        modified=None,
        declared=dict(declared or {}),
        summary_sheet="学校汇总",
        total_row=9,
    )
    for short, rows in ledgers.items():
        kind = f"ledger-{short}"
        u.ledgers[kind] = table(FORMS[kind], [{"county_code": code, **r} for r in rows], path)
    return u


def pupil(n: int, county: str = "411521", **extra: Any) -> dict[str, Any]:
    """A pupil row with a distinct (well-formed looking) 18-character ID."""
    return {"id_number": f"{county}2015010{n:04d}"[:17] + "X", "name": f"学生{n}", **extra}
