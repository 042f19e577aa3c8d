"""Two spreadsheet back ends behind one small interface: xlsxwriter (.xlsx) and xlwt (.xls)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import xlsxwriter

FIXED_TIME = dt.time(9, 0)
"""Document timestamps use the fill date at this time, so a seed gives identical bytes."""


class XlsxSink:
    """Writes an .xlsx in memory; 0-based rows and columns."""

    def __init__(self, created: dt.date, title: str) -> None:
        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buffer, {"in_memory": True})
        self.wb.set_properties(
            {
                "title": title,
                "author": "SchoolRoll 示例县",
                "created": dt.datetime.combine(created, FIXED_TIME),
            }
        )
        self.date_fmt = self.wb.add_format({"num_format": "yyyy-mm-dd"})
        self.text_fmt = self.wb.add_format({"num_format": "@"})
        self.bold = self.wb.add_format(
            {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1}
        )
        self.plain = self.wb.add_format({"valign": "vcenter"})
        self.ws: Any = None

    def sheet(self, name: str) -> None:
        """Start a new sheet."""
        self.ws = self.wb.add_worksheet(name)

    def width(self, col: int, chars: int, text: bool = False) -> None:
        """Column width (and text format for ID-like columns)."""
        self.ws.set_column(col, col, chars, self.text_fmt if text else None)

    def text(self, row: int, col: int, value: str, header: bool = False) -> None:
        """A string cell."""
        self.ws.write_string(row, col, value, self.bold if header else None)

    def number(self, row: int, col: int, value: float) -> None:
        """A numeric cell."""
        self.ws.write_number(row, col, value)

    def date(self, row: int, col: int, value: dt.date) -> None:
        """A real date cell."""
        self.ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), self.date_fmt)

    def merge(self, r1: int, c1: int, r2: int, c2: int, value: str, header: bool = False) -> None:
        """A merged range holding a string."""
        self.ws.merge_range(r1, c1, r2, c2, value, self.bold if header else self.plain)

    def freeze(self, row: int) -> None:
        """Freeze the rows above `row`."""
        self.ws.freeze_panes(row, 0)

    def close(self) -> bytes:
        """The workbook's bytes."""
        self.wb.close()
        return self.buffer.getvalue()


class XlsSink:
    """Writes a legacy BIFF8 .xls with xlwt (what an old Excel or WPS saves)."""

    def __init__(self, created: dt.date, title: str) -> None:
        import xlwt  # only the one legacy file needs it

        self.xlwt = xlwt
        self.wb = xlwt.Workbook(encoding="utf-8")
        self.date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
        self.bold = xlwt.easyxf("font: bold on; align: horiz center, vert center, wrap on")
        self.plain = xlwt.easyxf("align: vert center")
        self.ws: Any = None

    def sheet(self, name: str) -> None:
        """Start a new sheet."""
        self.ws = self.wb.add_sheet(name, cell_overwrite_ok=True)

    def width(self, col: int, chars: int, text: bool = False) -> None:
        """Column width in 1/256 of a character."""
        self.ws.col(col).width = 256 * chars

    def text(self, row: int, col: int, value: str, header: bool = False) -> None:
        """A string cell."""
        self.ws.write(row, col, value, self.bold if header else self.plain)

    def number(self, row: int, col: int, value: float) -> None:
        """A numeric cell."""
        self.ws.write(row, col, value)

    def date(self, row: int, col: int, value: dt.date) -> None:
        """A real date cell."""
        self.ws.write(row, col, value, self.date_style)

    def merge(self, r1: int, c1: int, r2: int, c2: int, value: str, header: bool = False) -> None:
        """A merged range holding a string."""
        self.ws.write_merge(r1, r2, c1, c2, value, self.bold if header else self.plain)

    def freeze(self, row: int) -> None:
        """Freeze the rows above `row`."""
        self.ws.set_panes_frozen(True)
        self.ws.set_horz_split_pos(row)

    def close(self) -> bytes:
        """The workbook's bytes."""
        buffer = io.BytesIO()
        self.wb.save(buffer)
        return buffer.getvalue()
