"""The prefecture/province workbook (xlsxwriter): info + charts, units, ledgers, metrics, findings.

Every sheet uses the catalogue's headers, so the level above reads it back with the same reader.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from core.catalogue import county as cy
from core.catalogue import rollup as rf
from core.catalogue.schema import ColumnSpec, SheetSpec
from core.model.books import RollupBook, Written
from core.model.provenance import OUTPUT_PROPERTY, ROLLUP_OUTPUT
from core.privacy import scrub_text
from core.writers import form_sheet
from core.writers.form_sheet import HEADER_ROW
from core.writers.placing import write_in_place

CHARTED = (
    "roster_count",
    "suspected_count",
    "dropout_count",
    "returned_count",
    "dropout_rate",
    "possible_rate",
    "return_rate",
    "closing_rate",
)
"""单位汇总 columns drawn as one bar chart each on the 汇总信息 sheet."""
_LEDGER_FORMS = {"ledger-suspected": cy.COUNTY_SUSPECTED, "ledger-dropout": cy.COUNTY_DROPOUT}


def write_rollup(book: RollupBook, out: Path) -> Written:
    """Write the workbook to a temporary file, then move it into place; returns where it went.

    When the target is open in Excel (Windows refuses the move), the finished workbook is kept
    next to it under a new name and the note says so.
    """
    return write_in_place(out, lambda tmp: _build(book, tmp))


def _build(book: RollupBook, path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_urls": False})
    wb.set_properties(
        {
            "title": rf.ROLLUP.title,
            "subject": book.period,
            "comments": f"{rf.ROLLUP.key} {rf.ROLLUP.version}",
        }
    )
    wb.set_custom_property(OUTPUT_PROPERTY, ROLLUP_OUTPUT, "text")
    fmt = _Look(wb)
    fmt.unit, fmt.period = book.unit_name, book.period
    info = wb.add_worksheet(rf.ROLLUP_INFO.title)
    unit_rows = _write_units(wb.add_worksheet(rf.UNITS.title), book, fmt)
    for kind, form in _LEDGER_FORMS.items():
        frame = book.ledgers.get(kind, pd.DataFrame())
        ws = wb.add_worksheet(form.title)
        _write_table(ws, form, _records(frame), fmt, _title(book, form))
    if book.case_rows:
        _write_cases(wb.add_worksheet(rf.UNIT_CASES.title), book, fmt)
    _write_metrics(wb.add_worksheet(rf.METRICS.title), book, fmt)
    _write_findings(wb.add_worksheet(rf.UNIT_FINDINGS.title), book, unit_rows, fmt)
    _write_info(wb, info, book, fmt)
    wb.close()


def _title(book: RollupBook, form: SheetSpec) -> str:
    return f"{book.unit_name}{form.title}（{book.period}）"


TOTAL, BAD = "total", "bad"
"""Row marks of 单位汇总: the total row, a unit not sent or whose totals disagree."""
BAD_FILL = "#FCE4D6"


class _Look(form_sheet.Look):
    """The roll-up's formats; a cell's mark is its row's format (a total, a problem, wrapping)."""

    printable = True
    print_widths = True

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.header = wb.add_format(
            {
                "bold": True,
                "bg_color": "#DDEBF7",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
            }
        )
        self.grid = form_sheet.GridFormats(wb)
        self.link = wb.add_format(
            {"font_color": "blue", "underline": 1, "border": 1, "text_wrap": True, "valign": "top"}
        )

    def _cell(self, spec: ColumnSpec, kind: str, mark: Any) -> Any:
        """A bordered cell (form_sheet.GridFormats); the mark is its row's: TOTAL bold, BAD
        shaded (a unit not sent or not consistent)."""
        fill = BAD_FILL if mark == BAD else None
        return self.grid.cell(spec, kind, fill=fill, bold=mark == TOTAL)

    def text_format(self, spec: ColumnSpec, mark: Any = None) -> Any:
        """Text wraps in its column (form_sheet.print_width)."""
        return self._cell(spec, "text", mark)

    def number_format(self, spec: ColumnSpec, mark: Any = None) -> Any:
        """Rates with two decimals."""
        return self._cell(spec, "number", mark)

    def date_format(self, spec: ColumnSpec, mark: Any = None) -> Any:
        """Dates as dates."""
        return self._cell(spec, "date", mark)

    def blank_format(self, spec: ColumnSpec, mark: Any = None) -> Any:
        """Bordered, in the row's mark, so a marked row stays marked across its empty cells."""
        return self._cell(spec, "blank", mark)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [] if frame.empty else frame.to_dict("records")


def _write_table(
    ws: Any, form: SheetSpec, rows: list[dict[str, Any]], fmt: _Look, title: str
) -> None:
    form_sheet.write_frame(ws, form, title, fmt, len(rows) or None)
    form_sheet.write_rows(ws, form, rows, fmt)


def _write_units(ws: Any, book: RollupBook, fmt: _Look) -> dict[str, int]:
    """The per-unit sheet; returns unit code -> Excel row for the findings' links."""
    form_sheet.write_frame(ws, rf.UNITS, _title(book, rf.UNITS), fmt, None)
    source_col = rf.UNITS.keys.index("source_file")
    widths = form_sheet.column_widths(rf.UNITS, fmt)
    where = {}
    for i, row in enumerate(book.rows, start=1):
        is_total = i == len(book.rows)
        style = (
            TOTAL
            if is_total
            else (
                BAD
                if row.get("submitted") is False or row.get("totals_consistent") is False
                else None
            )
        )
        shown = []
        for c, spec in enumerate(rf.UNITS.columns):
            value = (None if is_total else i) if spec.key == "seq" else row.get(spec.key)
            form_sheet.put(ws, HEADER_ROW + i, c, spec, value, fmt, style)
            shown.append(form_sheet.display(spec, value))
        form_sheet.fit_row(ws, HEADER_ROW + i, widths, shown)
        if not is_total:
            where[row["unit_code"]] = HEADER_ROW + i + 1
            where_file = book.files.get(row.get("source_file") or "")
            _link_file(
                ws, HEADER_ROW + i, source_col, row.get("source_file"), where_file, None, fmt
            )
    return where


def _write_cases(ws: Any, book: RollupBook, fmt: _Look) -> None:
    """个案汇总: one row per county (counts only), the total row last and bold."""
    form_sheet.write_frame(ws, rf.UNIT_CASES, _title(book, rf.UNIT_CASES), fmt, None)
    last = len(book.case_rows)
    widths = form_sheet.column_widths(rf.UNIT_CASES, fmt)
    for i, row in enumerate(book.case_rows, start=1):
        style = TOTAL if i == last else None
        shown = []
        for c, spec in enumerate(rf.UNIT_CASES.columns):
            value = (None if i == last else i) if spec.key == "seq" else row.get(spec.key)
            form_sheet.put(ws, HEADER_ROW + i, c, spec, value, fmt, style)
            shown.append(form_sheet.display(spec, value))
        form_sheet.fit_row(ws, HEADER_ROW + i, widths, shown)


def _write_metrics(ws: Any, book: RollupBook, fmt: _Look) -> None:
    form_sheet.write_frame(ws, rf.METRICS, _title(book, rf.METRICS), fmt, None)
    widths = form_sheet.column_widths(rf.METRICS, fmt)
    for i, m in enumerate(book.metrics, start=1):
        values = {
            "metric": m.metric,
            "formula": m.formula,
            "source": m.source,
            "value": m.value,
            "scope": m.scope,
        }
        for c, spec in enumerate(rf.METRICS.columns):
            form_sheet.put(ws, HEADER_ROW + i, c, spec, values[spec.key], fmt)
        form_sheet.fit_row(ws, HEADER_ROW + i, widths, [values[s.key] for s in rf.METRICS.columns])


def _write_findings(ws: Any, book: RollupBook, unit_rows: dict[str, int], fmt: _Look) -> None:
    form_sheet.write_frame(ws, rf.UNIT_FINDINGS, _title(book, rf.UNIT_FINDINGS), fmt, None)
    cols = {spec.key: c for c, spec in enumerate(rf.UNIT_FINDINGS.columns)}
    widths = form_sheet.column_widths(rf.UNIT_FINDINGS, fmt)
    names = {r.get("unit_code"): r.get("unit_name") for r in book.rows}
    for i, f in enumerate(book.findings, start=1):
        value = f.value if book.unmask else scrub_text(f.value)
        values = {
            "seq": i,
            **form_sheet.finding_cells(f, "unit_code", names.get(f.school_code), value),
        }
        for spec in rf.UNIT_FINDINGS.columns:
            form_sheet.put(ws, HEADER_ROW + i, cols[spec.key], spec, values[spec.key], fmt)
        shown = [form_sheet.display(s, values[s.key]) for s in rf.UNIT_FINDINGS.columns]
        form_sheet.fit_row(ws, HEADER_ROW + i, widths, shown)
        if f.school_code in unit_rows:
            ws.write_url(
                HEADER_ROW + i,
                cols["unit_code"],
                f"internal:'{rf.UNITS.title}'!A{unit_rows[f.school_code]}",
                fmt.link,
                f.school_code,
            )
        cell = f"'{f.sheet}'!A{f.row or 1}" if f.sheet else None
        _link_file(
            ws, HEADER_ROW + i, cols["file"], f.file, book.files.get(f.file or ""), cell, fmt
        )


def _link_file(
    ws: Any, r: int, c: int, text: str | None, real: Path | None, cell: str | None, fmt: _Look
) -> None:
    """Link a cell to the unit's workbook on disk (at a cell when known)."""
    if not text or real is None or not real.is_file():
        return
    target = f"external:{real.resolve()}" + (f"#{cell}" if cell else "")
    ws.write_url(r, c, target, fmt.link, text)


def _write_info(wb: Any, ws: Any, book: RollupBook, fmt: _Look) -> None:
    received = sum(1 for r in book.rows[:-1] if r.get("submitted"))
    values = {
        "level": book.level_label,
        "unit_code": book.unit_code,
        "unit_name": book.unit_name,
        "period": book.period,
        "made_on": dt.date.today(),
        "rules_version": rf.ROLLUP.version,
        "units_expected": len(book.rows) - 1,
        "units_received": received,
        "masked": not book.unmask,
    }
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 22)
    for r, spec in enumerate(rf.ROLLUP_INFO.columns):
        ws.write_string(r, 0, spec.header, fmt.header)
        form_sheet.put(ws, r, 1, spec, values[spec.key], fmt)
    _charts(wb, ws, len(book.rows) - 1)
    form_sheet.print_setup(ws, fmt.unit, fmt.period, landscape=True, repeat=None)


def _charts(wb: Any, ws: Any, n_units: int) -> None:
    if n_units <= 0:
        return
    cols = {spec.key: c for c, spec in enumerate(rf.UNITS.columns)}
    name_col = cols["unit_name"]
    sheet = rf.UNITS.title
    for i, key in enumerate(CHARTED):
        chart = wb.add_chart({"type": "column"})
        header = rf.UNITS.column(key).header
        chart.add_series(
            {
                "name": header,
                "categories": [sheet, HEADER_ROW + 1, name_col, HEADER_ROW + n_units, name_col],
                "values": [sheet, HEADER_ROW + 1, cols[key], HEADER_ROW + n_units, cols[key]],
                "data_labels": {"value": True},
            }
        )
        chart.set_title({"name": header})
        chart.set_legend({"none": True})
        chart.set_size({"width": 480, "height": 260})
        ws.insert_chart(1 + (i // 2) * 14, 3 + (i % 2) * 8, chart)
