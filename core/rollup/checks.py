"""Checks across units: totals against ledgers, one pupil in two units, 随迁 dropouts."""

from __future__ import annotations

from typing import Any

import pandas as pd

from core.catalogue import rollup as rf
from core.catalogue import school_monthly as sm
from core.catalogue.counts import DROPOUT_OPEN
from core.model.findings import Finding, make_finding
from core.model.identity import pupil_key
from core.privacy import is_masked
from core.rollup.model import UnitInput

_FIELDS = {c.key: c.header for c in rf.UNITS.columns}
_PUPIL_LEDGERS = ("ledger-children", "ledger-suspected", "ledger-dropout")


def totals_mismatches(unit: UnitInput, counted: dict[str, int]) -> list[Finding]:
    """One finding per declared total that its own ledgers do not give."""
    out = []
    for key, expected in counted.items():
        declared = unit.declared.get(key)
        if declared is None or declared == expected or key not in _FIELDS:
            continue
        out.append(
            make_finding(
                "unit-totals-mismatch",
                file=unit.path,
                sheet=unit.summary_sheet,
                row=unit.total_row,
                field=_FIELDS[key],
                value=declared,
                expected=expected,
                school_code=unit.code,
                unit=unit.name or unit.code,
            )
        )
    return out


def _key(ident: Any, student_no: Any, name: Any, birth: Any) -> tuple[str, str] | None:
    if is_masked(ident) and isinstance(name, str):
        # Above the county IDs arrive masked: the masked ID with the name still tells pupils apart.
        return "masked", f"{ident}|{name.strip()}"
    return pupil_key(ident, student_no, name, birth)


def _column(frame: pd.DataFrame, key: str) -> list[Any]:
    return frame[key].tolist() if key in frame else [None] * len(frame)


def _occurrences(units: list[UnitInput]) -> dict[tuple[str, str], dict[str, tuple]]:
    """pupil key -> {unit code: (unit, sheet, Excel row, id)} for the first row in each unit."""
    seen: dict[tuple[str, str], dict[str, tuple]] = {}
    for unit in units:
        for kind in _PUPIL_LEDGERS:
            table = unit.ledgers.get(kind)
            if table is None:
                continue
            data = table.data
            cols = [_column(data, k) for k in ("id_number", "student_no", "name", "birth_date")]
            for row_no, *values in zip(data.index, *cols, strict=True):
                key = _key(*values)
                if key is not None:
                    seen.setdefault(key, {}).setdefault(
                        unit.code, (unit, table.sheet, int(row_no), values[0])
                    )
    return seen


def duplicates_across_units(units: list[UnitInput]) -> list[Finding]:
    """A pupil in the ledgers of two units: one finding in each unit."""
    out = []
    for where in _occurrences(units).values():
        if len(where) < 2:
            continue
        for code, (unit, sheet, row, ident) in where.items():
            others = "、".join(
                f"{u.name or c}（{c}）" for c, (u, *_rest) in where.items() if c != code
            )
            out.append(
                make_finding(
                    "duplicate-across-units",
                    file=unit.path,
                    sheet=sheet,
                    row=row,
                    school_code=unit.code,
                    id_number=ident,
                    other_unit=others,
                )
            )
    return out


def migrant_dropouts(unit: UnitInput) -> list[Finding]:
    """Open 随迁 dropouts whose 户籍 county is not the reporting county (docs/sources.md §2)."""
    table = unit.ledgers.get("ledger-dropout")
    if table is None or "hukou_region" not in table.data:
        return []
    out = []
    for row_no, row in table.data.iterrows():
        region, county = row.get("hukou_region"), row.get("county_code") or unit.code
        if row.get("migrant") is not True or row.get("status") != DROPOUT_OPEN:
            continue
        if not isinstance(region, str) or len(region) < 6 or region[:6] == county:
            continue
        out.append(
            make_finding(
                "migrant-dropout-elsewhere",
                file=unit.path,
                sheet=table.sheet,
                row=int(row_no),
                column=table.columns.get("hukou_region"),
                field=sm.DROPOUT.column("hukou_region").header,
                value=region,
                school_code=unit.code,
                id_number=row.get("id_number"),
                unit=f"{unit.name or county}（{county}）" if unit.level == "county" else county,
            )
        )
    return out
