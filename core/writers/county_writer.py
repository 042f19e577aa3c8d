"""The county workbook (县区控辍保学汇总): the standard form the prefecture reads back.

Every sheet and header comes from the catalogue (core.catalogue.county.COUNTY_SUMMARY). Ledgers
are streamed (bulk_sheet) because they hold millions of cells; the rest is plain XlsxWriter.
The file is written to a temporary file and moved into place; when the target is locked (open
in Excel), the finished file is kept next to it and the caller is told so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from core.catalogue import county
from core.catalogue.county import LEDGER_FORMS
from core.catalogue.schema import ColumnSpec, SheetSpec
from core.catalogue.schema import ValueType as V
from core.model.books import CountyBook, Written
from core.model.findings import SEVERITY_LABELS
from core.model.provenance import COUNTY_OUTPUT, OUTPUT_PROPERTY
from core.writers import county_sheets as cs
from core.writers import form_sheet, front_page
from core.writers.bulk_sheet import BulkColumn, BulkWorksheet, FastWorkbook
from core.writers.placing import write_in_place


def write_county_workbook(book: CountyBook, out: Path) -> Written:
    """Write the county workbook to a temporary file, then move it onto `out`."""
    return write_in_place(out, lambda tmp: _build(book, tmp))


def _build(book: CountyBook, path: Path) -> None:
    wb = FastWorkbook(
        str(path),
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    wb.set_custom_property(OUTPUT_PROPERTY, COUNTY_OUTPUT, "text")
    fmts = cs.Formats(wb)
    fmts.unit, fmts.period = book.info.get("county_name") or "", book.info.get("period") or ""
    links = cs.LinkMap()
    sheets = {s.key: s for s in county.COUNTY_SUMMARY.sheets}
    front_ws = wb.add_worksheet(front_page.TITLE) if book.front is not None else None
    info_ws = wb.add_worksheet(county.COUNTY_INFO.title)
    cs.write_info(info_ws, book.info, fmts)
    schools_ws = wb.add_worksheet(county.COUNTY_SCHOOLS.title)
    cs.write_schools(schools_ws, book.schools, fmts, links, book.info)
    hits = cs.finding_rows(book.findings, book.frames)
    highlights = cs.highlight_targets(hits, LEDGER_FORMS)
    for kind, form in LEDGER_FORMS.items():
        ws = wb.add_bulk_worksheet(form.title)
        _write_ledger(ws, form, book.frames[kind], book.info, fmts, highlights.get(kind, {}))
        links.add_ledger(form.title, hits[kind])
    cmp_ws = wb.add_worksheet(county.COMPARISON.title)
    cs.write_comparison(cmp_ws, book.comparison, fmts, links, book.info)
    cs.write_rows(
        wb.add_worksheet(county.KEY_GROUPS.title),
        county.KEY_GROUPS,
        book.key_groups,
        fmts,
        book.info,
    )
    cs.write_findings(
        wb.add_worksheet(county.FINDINGS.title),
        book.findings,
        fmts,
        links,
        book.school_names,
        book.info,
    )
    for form, rows in zip(county.CASE_FORMS, (book.cases, book.closures), strict=True):
        if rows is not None:
            cs.write_rows(wb.add_worksheet(form.title), form, rows, fmts, book.info)
    if book.platform_answers is not None:
        form = county.PLATFORM_ANSWER
        cs.write_rows(wb.add_worksheet(form.title), form, book.platform_answers, fmts, book.info)
    if front_ws is not None:
        front_page.write_front_page(wb, front_ws, book)
    forms = wb.worksheets()[1:] if front_ws is not None else wb.worksheets()
    # The case register's sheets are there only when the month was recorded in one, the
    # platform's answers only when a pushed list was given.
    written = [
        s
        for s in sheets.values()
        if (s not in county.CASE_FORMS or book.cases is not None)
        and (s is not county.PLATFORM_ANSWER or book.platform_answers is not None)
    ]
    assert all(ws.name == s.title for ws, s in zip(forms, written, strict=True))
    wb.close()


def _style(spec: ColumnSpec, fmts: cs.Formats, highlight: bool = False) -> BulkColumn:
    return BulkColumn(
        text=fmts.cell_text(spec, highlight),
        number=fmts.cell_number(spec, highlight),
        numeric=spec.type in (V.DATE, V.INTEGER, V.DECIMAL),
        blank=fmts.cell_blank(spec, highlight),
    )


def _write_ledger(
    ws: BulkWorksheet,
    form: SheetSpec,
    frame: pd.DataFrame,
    info: dict[str, Any],
    fmts: cs.Formats,
    marks: dict[str, set[int]],
) -> None:
    cs.table_frame(ws, form, len(frame), fmts, info)
    columns, styles, marked = [], [], []
    for spec in form.columns:
        if spec.key == "seq":
            values: list[Any] = list(range(1, len(frame) + 1))
        else:
            values = frame[spec.key].tolist() if spec.key in frame else [None] * len(frame)
        columns.append(form_sheet.display_column(spec, values))
        styles.append(_style(spec, fmts))
        marked.append((_style(spec, fmts, highlight=True), marks.get(spec.key, ())))
    ws.set_bulk_rows(form_sheet.DATA_ROW, columns, styles, marked)


__all__ = ["LEDGER_FORMS", "SEVERITY_LABELS", "Written", "write_county_workbook"]
