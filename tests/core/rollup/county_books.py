"""County workbooks written straight from the catalogue headers, with hand-known contents.

Each pupil is a dict of column keys with parsed values (codes, bools, dates), exactly as the
reader returns them; the writer turns them back into what a county workbook shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from core.catalogue import county as cy
from core.catalogue.schema import ColumnSpec, SheetSpec
from core.catalogue.schema import ValueType as V

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(county: str, n: int, birth: str = "20150301") -> str:
    """A valid 18-digit ID (GB 11643 check character) for pupil n of a county."""
    body = f"{county}{birth}{n:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]


def kid(county: str, n: int, **extra: Any) -> dict[str, Any]:
    """A pupil row of a county's ledgers."""
    return {
        "id_number": make_id(county, n),
        "student_no": "G" + make_id(county, n),
        "name": f"学生{county[-2:]}{n:02d}",
        "gender": "1",
        "grade": "5",
        "birth_date": dt.date(2015, 3, 1),
        "county_code": county,
        **extra,
    }


@dataclass
class CountySpec:
    """What one county workbook holds."""

    code: str
    name: str
    roster: list[dict[str, Any]]
    present: list[int]
    """Days present of each roster pupil, in roster order (the attendance ledger)."""
    suspected: list[dict[str, Any]] = field(default_factory=list)
    dropout: list[dict[str, Any]] = field(default_factory=list)
    declared: dict[str, int] = field(default_factory=dict)
    """Totals written in 学校汇总 (the ledger counts are used where not given)."""
    period: str = "2026-10"
    made_on: dt.date = dt.date(2026, 10, 29)


def _cell(spec: ColumnSpec, value: Any) -> Any:
    if value is None:
        return None
    if spec.type is V.YES_NO:
        return "是" if value else "否"
    if spec.codes is not None:
        return spec.codes.label(value)
    return value


def _table(wb: Workbook, form: SheetSpec, rows: list[dict[str, Any]]) -> None:
    ws = wb.create_sheet(form.title)
    ws.append([c.header for c in form.columns])
    for i, row in enumerate(rows, start=1):
        ws.append([i if c.key == "seq" else _cell(c, row.get(c.key)) for c in form.columns])


def write_county(path: Path, spec: CountySpec, counts: dict[str, int]) -> Path:
    """Write a county workbook: 汇总信息, 学校汇总 (one school + 合计), and four ledgers."""
    wb = Workbook()
    wb.remove(wb.active)
    info = wb.create_sheet(cy.COUNTY_INFO.title)
    values = {
        "county_code": spec.code,
        "county_name": spec.name,
        "period": spec.period,
        "made_on": spec.made_on,
        "rules_version": "2026.1",
        "schools_expected": 1,
        "schools_received": 1,
    }
    for col in cy.COUNTY_INFO.columns:
        info.append([col.header, values.get(col.key)])
    school = {
        "county_code": spec.code,
        "school_code": "2141" + spec.code,
        "school_name": f"{spec.name}第一小学",
        "submitted": True,
        "on_time": True,
        **counts,
        **spec.declared,
    }
    _table(wb, cy.COUNTY_SCHOOLS, [school])
    wb[cy.COUNTY_SCHOOLS.title].append(
        ["合计", None, None, None, None, None, None, *[school.get(c.key) for c in cy.COUNTS]]
    )
    school_key = {"school_code": school["school_code"], "school_name": school["school_name"]}
    _table(wb, cy.COUNTY_CHILDREN, [{**school_key, **p} for p in spec.roster])
    attendance = [
        {**school_key, **p, "days_due": 20, "days_present": d, "days_absent": 20 - d}
        for p, d in zip(spec.roster, spec.present, strict=True)
    ]
    _table(wb, cy.COUNTY_ATTENDANCE, attendance)
    _table(wb, cy.COUNTY_SUSPECTED, [{**school_key, **p} for p in spec.suspected])
    _table(wb, cy.COUNTY_DROPOUT, [{**school_key, **p} for p in spec.dropout])
    wb.save(path)
    return path
