"""The range roll-up and yearly evaluation workbooks (xlsxwriter): catalogue sheets and charts.

Every sheet and header comes from the catalogue (core.catalogue.rollup RANGE, EVALUATION), so
SchoolRoll's reader reads the workbook back as its forms; the 图表 sheet holds one native line
chart per unit over the 月度序列 rows. Written to a temporary file and moved into place.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xlsxwriter

from core.catalogue import rollup as rf
from core.catalogue.schema import FormFamily
from core.model.books import RangeBook, Written
from core.model.findings import Finding
from core.model.provenance import OUTPUT_PROPERTY, RANGE_OUTPUT
from core.privacy import scrub_text
from core.writers import form_sheet
from core.writers.form_sheet import DATA_ROW, HEADER_ROW
from core.writers.placing import write_in_place
from core.writers.rollup_writer import _Look

CHARTS_TITLE = "图表"
CHARTED = ("suspected_count", "dropout_count", "returned_count")
"""月度序列 columns drawn as lines in each unit's chart."""


def write_range(book: RangeBook, out: Path) -> Written:
    """Write the range (or evaluation) workbook and move it onto `out`."""
    return write_in_place(out, lambda tmp: _build(book, tmp))


def _build(result: RangeBook, path: Path) -> None:
    family = rf.EVALUATION if result.evaluation else rf.RANGE
    wb = xlsxwriter.Workbook(
        str(path),
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    span = f"{result.first}..{result.last}"
    wb.set_properties(
        {"title": family.title, "subject": span, "comments": f"{family.key} {family.version}"}
    )
    wb.set_custom_property(OUTPUT_PROPERTY, RANGE_OUTPUT, "text")
    look = _Look(wb)
    look.unit, look.period = result.unit_name, f"{result.first} 至 {result.last}"
    data = _sheet_rows(result)
    for form in family.sheets:
        ws = wb.add_worksheet(form.title)
        if form is rf.RANGE_INFO:
            _write_info(ws, result, family, look)
            continue
        rows = data[form.kind]
        title = f"{result.unit_name}{form.title}（{result.first} 至 {result.last}）"
        form_sheet.write_frame(ws, form, title, look, len(rows) or None)
        form_sheet.write_rows(ws, form, rows, look)
    _charts(wb, wb.add_worksheet(CHARTS_TITLE), result.series, look)
    wb.close()


def _sheet_rows(result: RangeBook) -> dict[str, list[dict[str, Any]]]:
    names = {r["unit_code"]: r["unit_name"] for r in result.series}
    return {
        rf.SERIES.kind: result.series,
        rf.OUTCOMES.kind: result.outcomes,
        rf.FLAGS.kind: result.flags,
        rf.REPORTING.kind: result.reporting,
        rf.UNIT_FINDINGS.kind: [_finding_row(f, names) for f in result.findings],
        rf.INDICATORS.kind: result.indicators,
        rf.JULY_CHECK.kind: result.july,
    }


def _finding_row(f: Finding, names: dict[str, str]) -> dict[str, Any]:
    name = names.get(f.school_code or "")
    return form_sheet.finding_cells(f, "unit_code", name, scrub_text(f.value))


def _write_info(ws: Any, result: RangeBook, family: FormFamily, look: _Look) -> None:
    values = {
        "level": result.level_label,
        "unit_code": result.unit_code,
        "unit_name": result.unit_name,
        "first_period": result.first,
        "last_period": result.last,
        "made_on": dt.date.today(),
        "rules_version": family.version,
        "units_expected": result.units_expected,
        "months_due": result.months_due,
        "deadline": result.deadline,
        "masked": True,
    }
    ws.write_string(0, 0, family.title, look.title)
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 22)
    for r, spec in enumerate(rf.RANGE_INFO.columns, start=2):
        ws.write_string(r, 0, spec.header, look.header)
        form_sheet.put(ws, r, 1, spec, values[spec.key], look)
    form_sheet.print_setup(ws, look.unit, look.period, landscape=False, repeat=None)


def _charts(wb: Any, ws: Any, series: list[dict[str, Any]], look: _Look) -> None:
    """One line chart per unit: its 疑似辍学, 辍学 and 返校 month by month."""
    ws.write_string(0, 0, "各单位逐月人数（数据见“月度序列”）", look.title)
    cols = {spec.key: c for c, spec in enumerate(rf.SERIES.columns)}
    spans: dict[str, list[int]] = {}
    for i, row in enumerate(series):
        spans.setdefault(row["unit_code"], []).append(DATA_ROW + i)
    sheet = rf.SERIES.title
    names = {r["unit_code"]: r["unit_name"] for r in series}
    for n, (code, rows) in enumerate(spans.items()):
        first, last = rows[0], rows[-1]
        chart = wb.add_chart({"type": "line"})
        for key in CHARTED:
            chart.add_series(
                {
                    "name": [sheet, HEADER_ROW, cols[key]],
                    "categories": [sheet, first, cols["period"], last, cols["period"]],
                    "values": [sheet, first, cols[key], last, cols[key]],
                    "marker": {"type": "circle"},
                }
            )
        chart.set_title({"name": f"{names[code]}（{code}）"})
        chart.set_y_axis({"name": "人数", "min": 0})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 480, "height": 260})
        ws.insert_chart(2 + (n // 2) * 14, (n % 2) * 8, chart)
