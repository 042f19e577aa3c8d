"""A catalogue form as a worksheet: a title, the catalogue's headers, the rows as a person reads.

The county and the roll-up workbooks both write their form sheets through here, so every sheet
shows a code as its label and a yes/no as 是/否 the same way, and the reader reads them back.
What differs between the two workbooks (formats, widths, page setup) is their Look.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from core.catalogue.schema import TEXT_TYPES, ColumnSpec, SheetSpec
from core.catalogue.schema import ValueType as V
from core.model.findings import SEVERITY_LABELS, Finding

TITLE_ROW, HEADER_ROW, DATA_ROW = 0, 1, 2
"""0-based rows: a title, the catalogue headers, then the data (Excel row 3 on)."""


class Look:
    """How a workbook dresses its form sheets; `mark` is the workbook's own cell emphasis."""

    title: Format
    header: Format
    width_pad = 0
    """Characters added to the catalogue's column width."""
    header_height: float | None = None
    printable = False
    """A4 one page wide, the header repeated, the unit and period on every page (print_setup)."""
    unit = ""
    """The unit the workbook is about, in every printed page's header."""
    period = ""
    """The period, in every printed page's header."""
    print_widths = False
    """Columns as wide as their values need (print_width) and text wrapped, so a wide form
    prints at a readable scale (print_layout); else the catalogue's width plus width_pad."""

    def column_format(self, spec: ColumnSpec) -> Format | None:
        """The default format of the whole column."""
        return None

    def text_format(self, spec: ColumnSpec, mark: Any = None) -> Format | None:
        """The format of a text cell."""
        return None

    def number_format(self, spec: ColumnSpec, mark: Any = None) -> Format | None:
        """The format of a number cell."""
        return None

    def date_format(self, spec: ColumnSpec, mark: Any = None) -> Format | None:
        """The format of a date cell."""
        return None

    def blank_format(self, spec: ColumnSpec, mark: Any = None) -> Format | None:
        """The format of an empty cell (None writes nothing)."""
        return None


CENTERED_TYPES = frozenset(
    {
        V.COUNTY_CODE,
        V.SCHOOL_CODE,
        V.REGION_CODE,
        V.ID_NUMBER,
        V.STUDENT_NUMBER,
        V.PHONE,
        V.DATE,
        V.MONTH,
        V.YES_NO,
    }
)
"""Value types a printed table centres in their column: codes, dates and 是/否 (their widths
come from their digits, so a centred value keeps clear of its neighbours)."""


CENTERED_KEYS = frozenset({"seq", "row", "column"})
"""Columns centred by their meaning: 序号, and a finding's 行号 and 列 (side by side)."""


def centered(spec: ColumnSpec) -> bool:
    """Whether a column's values are centred: 序号, 行号 and 列, codes, dates, 是/否 and
    code-list labels."""
    return spec.key in CENTERED_KEYS or spec.type in CENTERED_TYPES or spec.codes is not None


class GridFormats:
    """Bordered cell formats for the printed tables, made once per distinct look: every cell
    of a table, an empty one too, has a thin border, so on paper 序号 never runs into the code
    beside it; 序号, codes and dates are centred, text wraps in its column."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self._made: dict[tuple[tuple[str, Any], ...], Format] = {}

    def cell(
        self, spec: ColumnSpec, kind: str, *, fill: str | None = None, bold: bool = False
    ) -> Format:
        """The format of a text, number, date or blank (kind) cell of the column."""
        props: dict[str, Any] = {"border": 1, "valign": "top"}
        if centered(spec):
            props["align"] = "center"
        if kind in ("text", "blank") and spec.type in TEXT_TYPES:
            props["num_format"] = "@"
        if kind == "text":
            props["text_wrap"] = True
        if spec.type is V.DATE:
            props["num_format"] = "yyyy-mm-dd"
        elif spec.type is V.DECIMAL and kind == "number":
            props["num_format"] = "0.00"
        if fill:
            props["bg_color"] = fill
        if bold:
            props["bold"] = True
        key = tuple(sorted(props.items()))
        if key not in self._made:
            self._made[key] = self.wb.add_format(props)
        return self._made[key]


def display_column(spec: ColumnSpec, values: Sequence[Any]) -> list[Any]:
    """Values as the form shows them: codes as labels, yes/no as 是/否, a missing number empty."""
    coded = spec.codes is not None
    # One look at the column's types spares the ledgers' plain columns a pass per cell.
    if not any(
        k is bool or issubclass(k, float) or (coded and issubclass(k, str))
        for k in set(map(type, values))
    ):
        return list(values)
    labels = {c.code: c.label for c in spec.codes.codes} if spec.codes is not None else {}
    return [_shown(v, labels) for v in values]


def _shown(value: Any, labels: dict[str, str]) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value != value:
        return None
    return labels.get(value, value) if isinstance(value, str) else value


def display(spec: ColumnSpec, value: Any) -> Any:
    """One value as the form shows it (see display_column)."""
    return display_column(spec, [value])[0]


def put(
    ws: Worksheet, row: int, col: int, spec: ColumnSpec, value: Any, look: Look, mark: Any = None
) -> None:
    """One cell by the column's type; user text always as a string (never a formula)."""
    value = display(spec, value)
    if value is None:
        ws.write_blank(row, col, None, look.blank_format(spec, mark))
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, value, look.date_format(spec, mark))
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, look.number_format(spec, mark))
    else:
        ws.write_string(row, col, str(value), look.text_format(spec, mark))


def write_frame(
    ws: Worksheet, form: SheetSpec, title: str, look: Look, filter_rows: int | None
) -> None:
    """Title, catalogue headers, widths, frozen header; a filter over filter_rows data rows."""
    ws.write_string(TITLE_ROW, 0, title, look.title)
    widths = column_widths(form, look)
    for c, spec in enumerate(form.columns):
        ws.write_string(HEADER_ROW, c, spec.header, look.header)
        ws.set_column(c, c, widths[c], look.column_format(spec))
    if look.print_widths:
        ws.set_row(HEADER_ROW, header_height(form, widths))
    elif look.header_height is not None:
        ws.set_row(HEADER_ROW, look.header_height)
    ws.freeze_panes(DATA_ROW, 0)
    if filter_rows is not None:
        ws.autofilter(HEADER_ROW, 0, HEADER_ROW + filter_rows, len(form.columns) - 1)
    if look.printable:
        layout = print_layout(form, widths)
        print_setup(ws, look.unit, look.period, landscape=layout.landscape, scale=layout.scale)
        if layout.scale is not None:
            ws.repeat_columns(0, layout.repeat_columns - 1)
            ws.print_across()


def column_widths(form: SheetSpec, look: Look) -> list[float]:
    """Each column's width in characters, as the sheet sets it."""
    if look.print_widths:
        return [print_width(spec) for spec in form.columns]
    return [spec.width + look.width_pad for spec in form.columns]


def write_rows(
    ws: Worksheet,
    form: SheetSpec,
    rows: Sequence[dict[str, Any]],
    look: Look,
    marked: dict[int, set[str]] | None = None,
    last: Any = None,
) -> None:
    """The data rows under write_frame, 序号 numbered; marked[r] names row r's marked columns
    (their cells' mark True), the last row's other cells get the mark `last` (e.g. a total)."""
    widths = column_widths(form, look)
    for r, row in enumerate(rows):
        keys = (marked or {}).get(r, ())
        other = last if r == len(rows) - 1 else None
        values = [r + 1 if spec.key == "seq" else row.get(spec.key) for spec in form.columns]
        for c, (spec, value) in enumerate(zip(form.columns, values, strict=True)):
            put(ws, DATA_ROW + r, c, spec, value, look, True if spec.key in keys else other)
        if look.print_widths:
            shown = [display(s, v) for s, v in zip(form.columns, values, strict=True)]
            fit_row(ws, DATA_ROW + r, widths, shown)


def wrapped_lines(text: str, width: float) -> int:
    """Lines a text takes wrapped in a column of the width (characters), its own breaks kept."""
    per = max(int(width) - 1, 1)
    return sum(max(1, math.ceil(text_units(part) / per)) for part in text.split("\n"))


def row_height(values: Sequence[Any], widths: Sequence[float]) -> float | None:
    """Points: a data row tall enough for its wrapped texts; None when one line holds them.
    Neither Excel nor LibreOffice grows a row to its wrapped text when printing a file it did
    not lay out, so the writer sets it: a name or message is never cut off on paper."""
    lines = max(
        (wrapped_lines(v, w) for v, w in zip(values, widths, strict=True) if isinstance(v, str)),
        default=1,
    )
    return WRAPPED_LINE_HEIGHT * lines if lines > 1 else None


def fit_row(ws: Worksheet, row: int, widths: Sequence[float], values: Sequence[Any]) -> None:
    """Set a data row's height to its wrapped texts (row_height)."""
    height = row_height(values, widths)
    if height is not None:
        ws.set_row(row, height)


A4 = 9
"""XlsxWriter's paper code of A4."""
PORTRAIT_CHARS = 100
"""Width in characters above which a sheet prints landscape (an A4 portrait page holds ~100)."""
MARGIN_MM = 12.7
"""Left and right margins (0.5 inch, print_setup)."""
PRINTABLE_MM = {False: 210 - 2 * MARGIN_MM, True: 297 - 2 * MARGIN_MM}
"""Printable width of an A4 page, portrait (False) and landscape (True)."""
MIN_PRINT_SCALE = 70
"""Percent: a form too wide for one page at this scale is printed at it, its columns split
across pages (the identifying columns repeated), never shrunk further. 70% of the body font
is at least 60% of the 首页's body text, which prints at up to 100% on its portrait page."""
WRAP_WIDTH = 12
"""Characters: free text (names of schools, addresses, notes) wraps at this width."""
PROSE_WIDTH = 24
"""Characters: prose (a column the catalogue makes 30 wide or more: messages, fixes, formulas,
sources) wraps at this width."""
HEADER_LINES = 3
"""A header wraps onto at most this many lines; its column is at least that wide."""
LINE_HEIGHT = 15
"""Points per line of the default 11-point font."""
WRAPPED_LINE_HEIGHT = 17
"""Points per line of a wrapped data cell: lines of Chinese text print taller than the Latin
default (LibreOffice cut a third line of 15 points)."""
_TYPE_WIDTHS = {
    V.INTEGER: 6,
    V.DECIMAL: 8,
    V.COUNTY_CODE: 8,
    V.SCHOOL_CODE: 12,
    V.STUDENT_NUMBER: 21,
    V.ID_NUMBER: 20,
    V.REGION_CODE: 14,
    V.DATE: 11,
    V.MONTH: 9,
    V.PHONE: 13,
    V.YES_NO: 4,
}
"""Characters a value of the type needs: its digits and one to spare."""
_REPEATED_THROUGH = ("name", "unit_name")
"""When a form's columns are split across pages, those up to the first of these (the pupil's
or the unit's name) are on every page."""


def text_units(text: str) -> int:
    """Width of a text in Excel characters: a CJK character counts two."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def print_width(spec: ColumnSpec) -> int:
    """A column's width from the catalogue: codes and numbers as wide as their digits, code
    lists as their longest label, free text wrapped at WRAP_WIDTH, the header on 3 lines."""
    if spec.type in _TYPE_WIDTHS:
        need = _TYPE_WIDTHS[spec.type]
    elif spec.codes is not None:
        need = min(max(text_units(c.label) for c in spec.codes.codes) + 1, WRAP_WIDTH)
    else:
        need = min(spec.width, PROSE_WIDTH if spec.width >= 30 else WRAP_WIDTH)
    header = math.ceil(text_units(spec.header) / HEADER_LINES) + 1
    return max(need, header)


def header_height(form: SheetSpec, widths: Sequence[float]) -> float:
    """Points: the header row tall enough for every header wrapped in its column."""
    lines = max(
        math.ceil(text_units(spec.header) / max(w - 1, 1))
        for spec, w in zip(form.columns, widths, strict=True)
    )
    return LINE_HEIGHT * max(lines, 2)


def width_px(chars: float) -> int:
    """A column's width in pixels at 96 dpi (Excel's default font: 7 px a character + 5)."""
    return int(chars * 7 + 5)


def page_px(landscape: bool) -> float:
    """The printable width of an A4 page in pixels at 96 dpi."""
    return PRINTABLE_MM[landscape] / 25.4 * 96


class PrintLayout:
    """How a form sheet prints: orientation; scale None = fit to one page wide, else percent."""

    def __init__(self, landscape: bool, scale: int | None, repeat_columns: int) -> None:
        self.landscape, self.scale, self.repeat_columns = landscape, scale, repeat_columns


def print_layout(form: SheetSpec, widths: Sequence[float]) -> PrintLayout:
    """One page wide when that keeps MIN_PRINT_SCALE, else MIN_PRINT_SCALE, columns split."""
    total = sum(width_px(w) for w in widths)
    landscape = sum(widths) > PORTRAIT_CHARS
    if total * MIN_PRINT_SCALE / 100 <= page_px(landscape):
        return PrintLayout(landscape, None, 0)
    keys = [spec.key for spec in form.columns]
    # The columns up to the pupil's name are repeated on every page, when they take at most
    # 40% of a page; else the 序号 alone.
    named = [i for i, k in enumerate(keys) if k in _REPEATED_THROUGH]
    through = named[0] + 1 if named else 1
    page = page_px(True) * 100 / MIN_PRINT_SCALE
    if sum(width_px(w) for w in widths[:through]) > page * 0.4:
        through = 1
    return PrintLayout(True, MIN_PRINT_SCALE, through)


def effective_scale(widths: Sequence[float], landscape: bool, scale: int | None) -> float:
    """The scale a sheet prints at: its print scale, else what fitting one page wide needs."""
    if scale is not None:
        return scale / 100
    return min(1.0, page_px(landscape) / sum(width_px(w) for w in widths))


def _header_text(text: str) -> str:
    # '&' starts a code in Excel's header language; a literal one is doubled.
    return text.replace("&", "&&")


def print_setup(
    ws: Worksheet,
    unit: str,
    period: str,
    *,
    landscape: bool,
    one_page: bool = False,
    repeat: int | None = HEADER_ROW,
    scale: int | None = None,
) -> None:
    """A4, one page wide (one page in all with one_page; at scale percent, its columns split
    across pages, when given), the unit and period on every page."""
    ws.set_paper(A4)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    if scale is None:
        ws.fit_to_pages(1, 1 if one_page else 0)
    else:
        ws.set_print_scale(scale)
    ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    if repeat is not None:
        ws.repeat_rows(repeat)
    ws.set_header(f"&L{_header_text(unit)}&R{_header_text(period)}")
    ws.set_footer("&C第 &P 页 共 &N 页")


def finding_cells(f: Finding, place: str, place_name: Any, value: Any = None) -> dict[str, Any]:
    """A finding's row of a 问题清单 by column key (county, roll-up and range workbooks alike):
    place is the key of its unit's code column (school_code or unit_code), place_name that
    unit's name; value, when given, replaces the finding's own (masked above the county)."""
    return {
        "severity": SEVERITY_LABELS[f.severity],
        "code": f.code,
        place: f.school_code,
        place.replace("_code", "_name"): place_name,
        "file": f.file,
        "sheet": f.sheet,
        "row": f.row,
        "column": f.column,
        "field": f.field,
        "value": f.value if value is None else value,
        "message": f.message,
        "hint": f.hint,
        "explanation": f.explanation,
    }
