"""A sample prefecture built from the sample county generator, for tests and the benchmarks.

Several counties are generated and consolidated into county workbooks; then one county is left
out of the inbox (missing), one has its 学校汇总 totals edited so they no longer match its
ledgers, one pupil of a county is put on another county's roll, and one open dropout becomes a
随迁子女 registered in another county. ``plants`` (also written to plants.json) says which.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from core.catalogue import county as cy
from core.catalogue import rollup as rf

XINYANG = (("411521", "罗山县"), ("411522", "光山县"), ("411523", "新县"), ("411524", "商城县"))
"""Counties of 信阳 (4115) used by default; the last one is the missing county."""


@dataclass
class SamplePrefecture:
    """Where the sample prefecture's files are and what was planted."""

    inbox: Path
    units: Path
    counties: dict[str, Path] = field(default_factory=dict)
    """County code -> its county workbook in the inbox."""
    plants: dict[str, Any] = field(default_factory=dict)


def make_sample_prefecture(
    out_dir: Path,
    *,
    counties: tuple[tuple[str, str], ...] = XINYANG,
    prefecture: tuple[str, str] = ("411500", "信阳市"),
    schools: int = 10,
    students: int = 20,
    seed: int = 2024,
    period: str = "2026-10",
    register: bool = False,
) -> SamplePrefecture:
    """Generate, consolidate and damage the county workbooks of one prefecture; with register,
    each county is consolidated with a (new) case register, so its workbook has 个案台账."""
    out_dir = Path(out_dir)
    inbox = out_dir / "收件箱"
    inbox.mkdir(parents=True, exist_ok=True)
    sample = SamplePrefecture(
        inbox=inbox, units=write_unit_list(out_dir / "应报单位名单.xlsx", (prefecture, *counties))
    )
    *present, (missing_code, _missing_name) = counties
    for i, (code, name) in enumerate(present):
        path = inbox / f"{name}{period}汇总.xlsx"
        _county_workbook(path, code, name, schools, students, seed + i, period, register)
        sample.counties[code] = path
    bad, donor, taker = present[-1][0], present[0][0], present[1][0]
    sample.plants = {
        "missing": missing_code,
        "bad_totals": {"unit_code": bad, **bump_declared(sample.counties[bad], "dropout_count")},
        "migrant": {"unit_code": donor, **plant_migrant(sample.counties[donor])},
        "duplicate": {
            "from": donor,
            "to": taker,
            **copy_pupil(sample.counties[donor], sample.counties[taker]),
        },
    }
    (out_dir / "plants.json").write_text(
        json.dumps(sample.plants, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return sample


def _county_workbook(
    path: Path,
    code: str,
    name: str,
    schools: int,
    students: int,
    seed: int,
    period: str,
    register: bool = False,
) -> None:
    from core.consolidate import consolidate
    from core.demo import generate_county

    with tempfile.TemporaryDirectory() as tmp:
        demo = generate_county(
            Path(tmp),
            schools=schools,
            students=students,
            seed=seed,
            county_code=code,
            county_name=name,
            period=period,
        )
        consolidate(
            demo.inbox,
            period,
            path,
            schools=demo.school_list,
            household=demo.household,
            poverty=demo.poverty,
            platform=demo.platform,
            passwords=demo.passwords,
            register=Path(tmp) / "个案登记册.sqlite" if register else None,
        )


def write_unit_list(path: Path, units: tuple[tuple[str, str], ...]) -> Path:
    """A 单位名单 workbook (单位代码, 单位名称)."""
    wb = Workbook()
    ws = wb.active
    ws.title = rf.UNIT_LIST.title
    ws.append([c.header for c in rf.UNIT_LIST.columns])
    for i, (code, name) in enumerate(units, start=1):
        ws.append([i, code, name])
    wb.save(path)
    return path


def _header(ws: Any, header: str) -> tuple[int, dict[str, int]]:
    """(Excel row of the header row, header -> column number) of a sheet."""
    for row in ws.iter_rows(min_row=1, max_row=6):
        texts = {c.value: c.column for c in row if isinstance(c.value, str)}
        if header in texts:
            return row[0].row, texts
    raise ValueError(f"{ws.title}: no header {header}")


def _data_rows(ws: Any, head: int, col: int) -> list[int]:
    return [r for r in range(head + 1, ws.max_row + 1) if ws.cell(r, col).value not in (None, "")]


def bump_declared(path: Path, key: str, by: int = 2) -> dict[str, Any]:
    """Raise one count in a county's first school row and in its total row (totals now wrong)."""
    wb = load_workbook(path)
    ws = wb[cy.COUNTY_SCHOOLS.title]
    header = cy.COUNTY_SCHOOLS.column(key).header
    head, cols = _header(ws, header)
    rows = _data_rows(ws, head, cols[header])
    first, total = rows[0], rows[-1]
    for r in (first, total):
        ws.cell(r, cols[header]).value = int(ws.cell(r, cols[header]).value or 0) + by
    wb.save(path)
    return {"field": header, "by": by, "total_row": total}


def copy_pupil(donor: Path, taker: Path) -> dict[str, Any]:
    """Put the donor county's first rostered pupil on the taker's roll too (totals kept right)."""
    title = cy.COUNTY_CHILDREN.title
    src_ws = load_workbook(donor, read_only=True)[title]
    head, cols = _header(src_ws, "身份证件号")
    values = {h: src_ws.cell(head + 1, c).value for h, c in cols.items()}
    wb = load_workbook(taker)
    ws = wb[title]
    head, cols = _header(ws, "身份证件号")
    school = {h: ws.cell(head + 1, cols[h]).value for h in ("县区代码", "学校标识码", "学校名称")}
    ws.insert_rows(head + 1)
    for h, c in cols.items():
        ws.cell(head + 1, c).value = school.get(h, values.get(h))
    schools = wb[cy.COUNTY_SCHOOLS.title]
    shead, scols = _header(schools, "在籍学生数")
    for r in _data_rows(schools, shead, scols["在籍学生数"]):
        if schools.cell(r, scols["学校标识码"]).value in (school["学校标识码"], None):
            schools.cell(r, scols["在籍学生数"]).value += 1
    wb.save(taker)
    return {"row": head + 1, "donor_row": head + 1, "name": values.get("姓名")}


def plant_migrant(path: Path, hukou: str = "411302") -> dict[str, Any]:
    """Make the first open dropout a 随迁子女 whose 户籍 is in another county."""
    wb = load_workbook(path)
    ws = wb[cy.COUNTY_DROPOUT.title]
    head, cols = _header(ws, "状态")
    row = next(
        r for r in _data_rows(ws, head, cols["状态"]) if ws.cell(r, cols["状态"]).value == "未返校"
    )
    ws.cell(row, cols["是否随迁子女"]).value = "是"
    ws.cell(row, cols["户籍地区划代码"]).value = hukou
    wb.save(path)
    return {"row": row, "hukou_region": hukou}
