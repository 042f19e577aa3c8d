"""The county workbook's small sheets and shared layout: formats, headers, links, highlights."""

from __future__ import annotations

from typing import Any

import pandas as pd
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from core.catalogue import county
from core.catalogue.schema import TEXT_TYPES, ColumnSpec, SheetSpec
from core.catalogue.schema import ValueType as V
from core.model.findings import Finding
from core.writers import form_sheet
from core.writers.form_sheet import DATA_ROW

HIGHLIGHT = "#FFEB9C"
TOTAL = "total"
"""The mark of a total row's cells: bold."""
MAX_LINKS = 65000
"""Excel allows 65,530 hyperlinks per sheet; findings past this get no link."""


class Formats(form_sheet.Look):
    """The workbook's formats, created once; a cell's mark is the highlight of a problem."""

    width_pad = 2
    header_height = 30
    printable = True
    print_widths = True

    def __init__(self, wb: Workbook) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.header = wb.add_format(
            {
                "bold": True,
                "text_wrap": True,
                "valign": "vcenter",
                "align": "center",
                "bg_color": "#DDEBF7",
                "border": 1,
            }
        )
        self.grid = form_sheet.GridFormats(wb)
        self.plain_text = wb.add_format({"num_format": "@"})
        self.plain_date = wb.add_format({"num_format": "yyyy-mm-dd"})
        self.highlight = wb.add_format({"bg_color": HIGHLIGHT, "border": 1})
        self.link = wb.add_format(
            {"font_color": "blue", "underline": 1, "border": 1, "text_wrap": True, "valign": "top"}
        )

    def _cell(self, spec: ColumnSpec, kind: str, mark: Any) -> Any:
        """A bordered cell (form_sheet.GridFormats): mark True highlights it, TOTAL is bold."""
        fill = HIGHLIGHT if mark is True else None
        return self.grid.cell(spec, kind, fill=fill, bold=mark == TOTAL)

    def cell_text(self, spec: ColumnSpec, highlight: bool = False) -> Any:
        """The format of a text cell in this column."""
        return self._cell(spec, "text", highlight or None)

    def cell_number(self, spec: ColumnSpec, highlight: bool = False) -> Any:
        """The format of a number or date cell in this column."""
        return self._cell(spec, "date" if spec.type is V.DATE else "number", highlight or None)

    def cell_blank(self, spec: ColumnSpec, highlight: bool = False) -> Any:
        """The format of an empty cell in this column: bordered like the rest of the table."""
        return self._cell(spec, "blank", highlight or None)

    def column_format(self, spec: ColumnSpec) -> Any:
        """Text columns stay text and date columns show dates, also where a clerk types."""
        if spec.type in TEXT_TYPES:
            return self.plain_text
        return self.plain_date if spec.type is V.DATE else None

    def text_format(self, spec: ColumnSpec, mark: Any = None) -> Any:
        """See _cell."""
        return self._cell(spec, "text", mark)

    def number_format(self, spec: ColumnSpec, mark: Any = None) -> Any:
        """See _cell."""
        return self._cell(spec, "date" if spec.type is V.DATE else "number", mark)

    def date_format(self, spec: ColumnSpec, mark: Any = None) -> Any:
        """See _cell."""
        return self._cell(spec, "date", mark)

    def blank_format(self, spec: ColumnSpec, mark: Any = None) -> Any:
        """Every empty cell of a table is written, bordered (highlighted when marked)."""
        return self._cell(spec, "blank", mark)


def table_frame(
    ws: Worksheet, form: SheetSpec, nrows: int, fmts: Formats, info: dict[str, Any]
) -> None:
    """Title, catalogue headers, widths, frozen header, filter, print titles."""
    title = f"{form.title}（{info.get('county_name') or ''} {info.get('period') or ''}）"
    form_sheet.write_frame(ws, form, title, fmts, max(nrows, 1))


def write_rows(
    ws: Worksheet,
    form: SheetSpec,
    rows: list[dict[str, Any]],
    fmts: Formats,
    info: dict[str, Any],
    marks: dict[int, set[str]] | None = None,
) -> None:
    """A small table sheet: every row through XlsxWriter, 序号 numbered."""
    table_frame(ws, form, len(rows), fmts, info)
    form_sheet.write_rows(ws, form, rows, fmts, marks)


def write_info(ws: Worksheet, info: dict[str, Any], fmts: Formats) -> None:
    """汇总信息: label next to value, and a legend for the highlight colour."""
    ws.write_string(0, 0, county.COUNTY_SUMMARY.title, fmts.title)
    labels = [spec.header for spec in county.COUNTY_INFO.columns]
    ws.set_column(0, 0, max(form_sheet.text_units(t) for t in labels) + 2)
    ws.set_column(1, 1, 24)
    for i, spec in enumerate(county.COUNTY_INFO.columns):
        ws.write_string(2 + i, 0, spec.header, fmts.header)
        form_sheet.put(ws, 2 + i, 1, spec, info.get(spec.key), fmts)
    legend = 3 + len(county.COUNTY_INFO.columns)
    ws.write_string(legend, 0, "图例", fmts.header)
    ws.write_string(legend, 1, "黄色底纹：有问题的单元格，见“问题清单”", fmts.highlight)
    form_sheet.print_setup(ws, fmts.unit, fmts.period, landscape=False, repeat=None)


class LinkMap:
    """Where each source row and each school landed in the workbook, for internal links."""

    def __init__(self) -> None:
        self.rows: dict[tuple[Any, Any, Any], str] = {}
        self.schools: dict[str, str] = {}

    def add_ledger(self, title: str, hits: list[tuple[int, list[Finding]]]) -> None:
        """Link the findings at merged rows (see finding_rows) to cell A of their row."""
        for pos, found in hits:
            for f in found:
                self.rows.setdefault(
                    (f.file, f.sheet, f.row), f"internal:'{title}'!A{DATA_ROW + 1 + pos}"
                )

    def target(self, f: Finding) -> str | None:
        """The link for a finding: its merged row, else its school's summary row."""
        return self.rows.get((f.file, f.sheet, f.row)) or self.schools.get(f.school_code or "")


def write_schools(
    ws: Worksheet, rows: list[dict[str, Any]], fmts: Formats, links: LinkMap, info: dict[str, Any]
) -> None:
    """学校汇总: one row per school (not sent / late highlighted), the total row in bold."""
    marks = {
        i: {k for k in ("submitted", "on_time") if r.get(k) is False} for i, r in enumerate(rows)
    }
    table_frame(ws, county.COUNTY_SCHOOLS, len(rows), fmts, info)
    form_sheet.write_rows(ws, county.COUNTY_SCHOOLS, rows, fmts, marks, last=TOTAL)
    for i, row in enumerate(rows):
        if row.get("school_code"):
            links.schools[row["school_code"]] = (
                f"internal:'{county.COUNTY_SCHOOLS.title}'!A{DATA_ROW + 1 + i}"
            )


def write_comparison(
    ws: Worksheet, rows: list[dict[str, Any]], fmts: Formats, links: LinkMap, info: dict[str, Any]
) -> None:
    """三比对结果: every result not 在校 highlighted."""
    marks = {i: {"result"} for i, r in enumerate(rows) if r.get("result") != "在校"}
    write_rows(ws, county.COMPARISON, rows, fmts, info, marks)
    for i, r in enumerate(rows):
        key = (r.get("source_file"), r.get("source_sheet"), r.get("source_row"))
        links.rows.setdefault(key, f"internal:'{county.COMPARISON.title}'!A{DATA_ROW + 1 + i}")


def write_findings(
    ws: Worksheet,
    findings: list[Finding],
    fmts: Formats,
    links: LinkMap,
    names: dict[str, str],
    info: dict[str, Any],
) -> None:
    """问题清单: every finding; its 工作表 cell (else its 学校标识码, else its 问题) links to
    the row it concerns. The link is not on the 问题 cell: LibreOffice prints a linked cell on one
    line, and a message must wrap in its column."""
    form = county.FINDINGS
    table_frame(ws, form, len(findings), fmts, info)
    cols = {key: form.keys.index(key) for key in ("sheet", "school_code", "message")}
    widths = form_sheet.column_widths(form, fmts)
    for r, f in enumerate(findings):
        values = {
            "seq": r + 1,
            **form_sheet.finding_cells(f, "school_code", names.get(f.school_code or "")),
        }
        for c, spec in enumerate(form.columns):
            form_sheet.put(ws, DATA_ROW + r, c, spec, values[spec.key], fmts)
        shown = [form_sheet.display(spec, values[spec.key]) for spec in form.columns]
        form_sheet.fit_row(ws, DATA_ROW + r, widths, shown)
        target = links.target(f) if r < MAX_LINKS else None
        key = next((k for k in cols if values[k]), None)
        if target and key is not None:
            ws.write_url(DATA_ROW + r, cols[key], target, fmts.link, values[key])


Hits = dict[str, list[tuple[int, list[Finding]]]]
"""Per ledger kind: (row position, the findings located at that merged row's source)."""


def finding_rows(findings: list[Finding], frames: dict[str, pd.DataFrame]) -> Hits:
    """Which merged rows each finding concerns, found by provenance in one pass per ledger."""
    wanted: dict[tuple[Any, Any, Any], list[Finding]] = {}
    for f in findings:
        if f.row is not None:
            wanted.setdefault((f.file, f.sheet, f.row), []).append(f)
    hits: Hits = {}
    for kind, frame in frames.items():
        prov = zip(frame["source_file"], frame["source_sheet"], frame["source_row"], strict=True)
        hits[kind] = [(pos, wanted[key]) for pos, key in enumerate(prov) if key in wanted]
    return hits


def highlight_targets(hits: Hits, forms: dict[str, SheetSpec]) -> dict[str, dict[str, set[int]]]:
    """Ledger cells to highlight: kind -> column key -> row positions (the name without a field)."""
    marks: dict[str, dict[str, set[int]]] = {}
    for kind, found in hits.items():
        headers = {c.header: c.key for c in forms[kind].columns}
        for pos, fs in found:
            for f in fs:
                col = headers.get(f.field or "", "name")
                marks.setdefault(kind, {}).setdefault(col, set()).add(pos)
    return marks
