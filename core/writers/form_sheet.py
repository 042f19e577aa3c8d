"""A catalogue form as a worksheet: a title, the catalogue's headers, the rows as a person reads.

The county and the roll-up workbooks both write their form sheets through here, so every sheet
shows a code as its label and a yes/no as 是/否 the same way, and the reader reads them back.
What differs between the two workbooks (formats, widths, page setup) is their Look.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from core.catalogue.schema import ColumnSpec, SheetSpec

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
    for c, spec in enumerate(form.columns):
        ws.write_string(HEADER_ROW, c, spec.header, look.header)
        ws.set_column(c, c, spec.width + look.width_pad, look.column_format(spec))
    if look.header_height is not None:
        ws.set_row(HEADER_ROW, look.header_height)
    ws.freeze_panes(DATA_ROW, 0)
    if filter_rows is not None:
        ws.autofilter(HEADER_ROW, 0, HEADER_ROW + filter_rows, len(form.columns) - 1)
    if look.printable:
        wide = sum(spec.width + look.width_pad for spec in form.columns) > PORTRAIT_CHARS
        print_setup(ws, look.unit, look.period, landscape=wide)


def write_rows(
    ws: Worksheet,
    form: SheetSpec,
    rows: Sequence[dict[str, Any]],
    look: Look,
    marked: dict[int, set[str]] | None = None,
) -> None:
    """The data rows under write_frame, 序号 numbered; marked[r] names row r's marked columns."""
    for r, row in enumerate(rows):
        keys = (marked or {}).get(r, ())
        for c, spec in enumerate(form.columns):
            value = r + 1 if spec.key == "seq" else row.get(spec.key)
            put(ws, DATA_ROW + r, c, spec, value, look, True if spec.key in keys else None)


A4 = 9
"""XlsxWriter's paper code of A4."""
PORTRAIT_CHARS = 100
"""Width in characters above which a sheet prints landscape (an A4 portrait page holds ~100)."""


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
) -> None:
    """A4, one page wide (one page in all with one_page), the unit and period on every page."""
    ws.set_paper(A4)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 1 if one_page else 0)
    ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    if repeat is not None:
        ws.repeat_rows(repeat)
    ws.set_header(f"&L{_header_text(unit)}&R{_header_text(period)}")
    ws.set_footer("&C第 &P 页 共 &N 页")
