"""A worksheet whose many data rows are streamed as XML, 10x faster than cell-by-cell writes.

XlsxWriter keeps every cell as a Python object and serialises it at close (about 55 k cells/s,
shared/perf.md section 3). The county ledgers hold a few million cells, so their data rows are
generated column by column as ready XML (inline strings) and written straight into the sheet
part, after the title and header rows XlsxWriter wrote itself. Everything else (formats,
freeze panes, filters, print titles, hyperlinks, charts) stays XlsxWriter's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import IO, Any

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CHUNK = 4000
"""Rows generated and written at a time (bounds the memory of the XML text)."""

Cell = Callable[[Any, str], str]
"""(value, cell reference) -> the <c> element, or "" for an empty cell."""


def escape(text: str) -> str:
    """Text safe inside an XML element (characters XML forbids are dropped)."""
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    return text


def text_cell(style: int) -> Cell:
    """A cell that always holds text (IDs stay text; '=...' never becomes a formula)."""
    s = f' s="{style}"' if style else ""

    def cell(value: Any, ref: str) -> str:
        if value is None or value == "":
            return ""
        text = escape(str(value))
        space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'

    return cell


def number_cell(style: int, fallback: Cell) -> Cell:
    """A number; a date as its Excel serial with a date style; anything else as text."""
    s = f' s="{style}"' if style else ""

    def cell(value: Any, ref: str) -> str:
        if isinstance(value, bool) or value is None:
            return fallback(value, ref)
        if isinstance(value, dt.date):
            return f'<c r="{ref}"{s}><v>{(value - _EXCEL_EPOCH).days}</v></c>'
        if isinstance(value, int | float) and value == value:
            return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
        return fallback(value, ref)

    return cell


class BulkWorksheet(Worksheet):
    """A Worksheet with `set_bulk_rows`: rows appended as XML after the XlsxWriter rows."""

    def __init__(self) -> None:
        super().__init__()
        self._bulk: tuple[int, Sequence[Cell], Sequence[Sequence[Any]], Sequence[dict]] | None
        self._bulk = None

    def set_bulk_rows(
        self,
        first_row: int,
        cells: Sequence[Cell],
        columns: Sequence[Sequence[Any]],
        overrides: Sequence[dict[int, Cell]] | None = None,
    ) -> None:
        """Data rows from 0-based first_row: columns of values, one Cell writer per column.

        overrides[c] maps a row position to another writer for that one cell (a highlight).
        """
        self._bulk = (first_row, cells, columns, overrides or [{} for _ in cells])

    def _write_dimension(self) -> None:
        if not self._bulk or not self._bulk[2] or not len(self._bulk[2][0]):
            super()._write_dimension()
            return
        first, cells, columns, _ = self._bulk
        saved = (self.dim_rowmax, self.dim_colmax)
        self.dim_rowmax = max(self.dim_rowmax or 0, first + len(columns[0]) - 1)
        self.dim_colmax = max(self.dim_colmax or 0, len(cells) - 1)
        super()._write_dimension()
        self.dim_rowmax, self.dim_colmax = saved

    def _write_sheet_data(self) -> None:
        if not self._bulk:
            super()._write_sheet_data()
            return
        self._xml_start_tag("sheetData")
        if self.dim_rowmin is not None:
            self._write_rows()
        _stream_rows(self.fh, *self._bulk)
        self._xml_end_tag("sheetData")


def _stream_rows(
    fh: IO[str],
    first: int,
    cells: Sequence[Cell],
    columns: Sequence[Sequence[Any]],
    overrides: Sequence[dict[int, Cell]],
) -> None:
    if not columns:
        return
    letters = [xl_col_to_name(i) for i in range(len(cells))]
    total = len(columns[0])
    for start in range(0, total, CHUNK):
        stop = min(start + CHUNK, total)
        numbers = [str(first + 1 + i) for i in range(start, stop)]
        rendered = [
            _render(cells[c], letters[c], columns[c][start:stop], numbers, overrides[c], start)
            for c in range(len(cells))
        ]
        fh.write(
            "".join(
                f'<row r="{n}">{"".join(parts)}</row>'
                for n, *parts in zip(numbers, *rendered, strict=True)
            )
        )


def _render(
    cell: Cell,
    letter: str,
    values: Sequence[Any],
    numbers: list[str],
    override: dict[int, Cell],
    start: int,
) -> list[str]:
    out = [cell(v, letter + n) for v, n in zip(values, numbers, strict=True)]
    for pos, special in override.items():
        if start <= pos < start + len(out):
            out[pos - start] = special(values[pos - start], letter + numbers[pos - start])
    return out


def style_index(fmt: Format | None) -> int:
    """The XF index of a format, assigned now so the styles part includes it."""
    # Private API: XlsxWriter assigns indices lazily while writing sheets, which is exactly
    # when the bulk rows are rendered; the styles part is written after the sheets.
    return fmt._get_xf_index() if fmt is not None else 0
