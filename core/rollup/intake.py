"""Recognise the workbooks of the level below by their content (not their file names)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from core.model.findings import Finding, make_finding
from core.reader.model import RecordSheet, SheetTable, WorkbookRead
from core.rollup.cases import CountyCases, case_counts, cases_from_sheet
from core.rollup.model import COUNT_KEYS, LEVEL_LABELS, LEVEL_PARSE, UnitInput

LEDGER_KINDS = (
    "ledger-children",
    "ledger-attendance",
    "ledger-suspected",
    "ledger-dropout",
    "ledger-return-visits",
)
TOTAL_KEYS = (*COUNT_KEYS, "schools_expected", "schools_received")
"""Summary columns whose totals a unit declares."""
_TOTAL_LABELS = ("合计", "总计", "全县合计", "全市合计", "全省合计", "本级合计")


def unit_from_workbook(wb: WorkbookRead, expected_level: str) -> UnitInput | Finding:
    """The unit a workbook reports for, or a finding saying why it is not one."""
    county = wb.record("county-info")
    upper = wb.record("rollup-info")
    if county is not None:
        unit = _county_unit(wb, county)
    elif upper is not None:
        unit = _upper_unit(wb, upper)
    else:
        family = wb.family.title if wb.family else "未知报表"
        return make_finding(
            "not-unit-workbook", file=wb.path, family=family, expected=_below_label(expected_level)
        )
    if not unit.code:
        family = wb.family.title if wb.family else "未知报表"
        return make_finding(
            "not-unit-workbook", file=wb.path, family=family, expected=_below_label(expected_level)
        )
    return unit


def _below_label(level: str) -> str:
    return "县区" if level == "prefecture" else "地市"


def _county_unit(wb: WorkbookRead, info: RecordSheet) -> UnitInput:
    v = info.values
    unit = UnitInput(
        path=wb.path,
        level="county",
        code=_code(v.get("county_code")),
        name=_text(v.get("county_name")),
        period=v.get("period"),
        made_on=_date(v.get("made_on")),
        modified=wb.modified,
    )
    _attach(unit, wb, "county-schools", ("school_code", "school_name"))
    counts = case_counts(wb, unit.period or "")
    if counts is not None and unit.code:
        unit.cases = [CountyCases(unit.code, unit.name, counts, wb.path)]
    for key in ("schools_expected", "schools_received"):
        if unit.declared.get(key) is None and v.get(key) is not None:
            unit.declared[key] = v.get(key)
    return unit


def _upper_unit(wb: WorkbookRead, info: RecordSheet) -> UnitInput:
    v = info.values
    level = LEVEL_PARSE.get(_text(v.get("level")), "prefecture")
    unit = UnitInput(
        path=wb.path,
        level=level,
        code=_code(v.get("unit_code")),
        name=_text(v.get("unit_name")),
        period=v.get("period"),
        made_on=_date(v.get("made_on")),
        modified=wb.modified,
    )
    _attach(unit, wb, "units", ("unit_code", "unit_name"))
    summary = wb.table("units")
    if summary is not None and "unit_code" in summary.data:
        unit.members = frozenset(
            c for c in map(_code, summary.data["unit_code"]) if c and c != unit.code
        )
    cases = wb.table("unit-cases")
    if cases is not None:
        unit.cases = cases_from_sheet(cases, unit.code)
    return unit


def _attach(
    unit: UnitInput, wb: WorkbookRead, summary_kind: str, key_cols: tuple[str, str]
) -> None:
    for kind in LEDGER_KINDS:
        table = wb.table(kind)
        if table is not None:
            unit.ledgers[kind] = table
    summary = wb.table(summary_kind)
    if summary is not None:
        unit.summary_sheet = summary.sheet
        unit.declared, unit.total_row = declared_totals(summary, key_cols)


def declared_totals(table: SheetTable, key_cols: tuple[str, str]) -> tuple[dict, int | None]:
    """The totals a summary sheet declares: its total row, else the sum of its unit rows."""
    data = table.data
    code_col, name_col = key_cols
    codes = data[code_col] if code_col in data else pd.Series(None, index=data.index)
    names = data[name_col] if name_col in data else pd.Series(None, index=data.index)
    raw_seq = table.raw["seq"] if "seq" in table.raw else pd.Series(None, index=data.index)
    is_total = codes.isna() & (names.map(_is_total) | raw_seq.map(_is_total))
    keys = [k for k in TOTAL_KEYS if k in data.columns]
    if is_total.any():
        row = is_total[is_total].index[-1]
        return {k: _int(data.at[row, k]) for k in keys}, int(row)
    body = data[~is_total]
    return {k: int(sum(_int(x) or 0 for x in body[k])) for k in keys}, None


def _is_total(value: Any) -> bool:
    return isinstance(value, str) and value.replace(" ", "") in _TOTAL_LABELS


def _int(value: Any) -> int | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _code(value: Any) -> str:
    text = _text(value)
    return text if len(text) == 6 and text.isdigit() else ""


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def level_label(level: str) -> str:
    """A level in Chinese."""
    return LEVEL_LABELS.get(level, level)
