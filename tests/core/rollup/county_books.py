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


IN_WINDOW = dt.date(2026, 10, 15)


def _counties(prefix: str) -> list[tuple[CountySpec, dict[str, int]]]:
    """Three counties of a prefecture, with their true counts (hand-computed)."""
    a, b, c = f"{prefix}21", f"{prefix}22", f"{prefix}23"
    shared = kid(a, 1)
    county_a = CountySpec(
        a,
        "甲县",
        [kid(a, i) for i in range(1, 6)],
        [20, 20, 0, 0, 18],
        suspected=[kid(a, 3, status="1", first_absence=dt.date(2026, 10, 8), left_behind="1")],
        dropout=[
            kid(a, 4, status="1", migrant=True, hukou_region="411302"),
            kid(a, 5, status="2", status_date=IN_WINDOW),
        ],
    )
    county_b = CountySpec(
        b,
        "乙县",
        [*(kid(b, i) for i in range(1, 5)), {**shared, "county_code": b}],
        [20] * 5,
        dropout=[kid(b, 4, status="3")],
    )
    county_c = CountySpec(
        c,
        "丙县",
        [kid(c, i) for i in range(1, 4)],
        [20, 0, 0],
        suspected=[kid(c, 2, status="1", orphan=True), kid(c, 3, status="1")],
        declared={"suspected_count": 1},
    )
    return [
        (
            county_a,
            {
                "roster_count": 5,
                "attending_count": 3,
                "suspected_count": 1,
                "dropout_count": 1,
                "returned_count": 1,
            },
        ),
        (
            county_b,
            {
                "roster_count": 5,
                "attending_count": 5,
                "suspected_count": 0,
                "dropout_count": 0,
                "returned_count": 0,
            },
        ),
        (
            county_c,
            {
                "roster_count": 3,
                "attending_count": 1,
                "suspected_count": 2,
                "dropout_count": 0,
                "returned_count": 0,
            },
        ),
    ]


def _unit_list(path: Path, units: list[tuple[str, str]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "单位名单"
    ws.append(["序号", "单位代码", "单位名称"])
    for i, (code, name) in enumerate(units, start=1):
        ws.append([i, code, name])
    wb.save(path)
    return path


def build_prefecture(root: Path, prefix: str) -> tuple[Path, Path]:
    """An inbox: 3 counties (one resent, one with bad totals), a wrong-period file; a unit list."""
    inbox = root / f"inbox{prefix}"
    inbox.mkdir(parents=True)
    counties = _counties(prefix)
    for spec, counts in counties:
        write_county(inbox / f"{spec.name}.xlsx", spec, counts)
    first, counts = counties[0]
    first.made_on = dt.date(2026, 10, 20)
    write_county(inbox / f"{first.name}(旧).xlsx", first, counts)
    late, counts = _counties(prefix)[1]
    late.code, late.name, late.period = f"{prefix}24", "丁县", "2026-09"
    write_county(inbox / "丁县.xlsx", late, counts)
    names = [(s.code, s.name) for s, _ in counties] + [(f"{prefix}24", "丁县")]
    return inbox, _unit_list(root / f"units{prefix}.xlsx", names)
