"""Sheets whose many data rows are rendered as XML in bulk, ~5x faster than XlsxWriter cells.

XlsxWriter keeps every cell as a Python object and serialises it at close (about 55 k cells/s).
The county ledgers hold a few million cells, so their data rows are rendered column by column
as ready XML when they are set, kept in a temporary file, and copied into the sheet part after
the title and header rows XlsxWriter wrote itself. Text goes into the workbook's shared-string
table, as Excel's own files do. Everything else (formats, freeze panes, filters, print titles,
hyperlinks, charts) stays XlsxWriter's.

The interface is FastWorkbook, its add_bulk_worksheet, BulkColumn and set_bulk_rows: the cells
read back exactly as write_string/write_number/write_datetime/write_blank would have written
them. Behind it this leans on XlsxWriter internals, pinned by tests/core/test_bulk_sheet.py:
Worksheet._write_dimension/_write_sheet_data/str_table, Format._get_xf_index, the
SharedStringTable, and the name ZipFile inside Workbook._store_workbook.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
import tempfile
import types
import zipfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter.workbook
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_SPACE = (" ", "\t", "\n", "\r")
_WS = " \t\n\r"
_PLAIN_INTS = frozenset({int, type(None)})
"""Cell types a number column can write without a check per cell (bool is not int here)."""
"""Whitespace an XML reader would drop at the ends of a text unless told to keep it."""
CHUNK = 4000
"""Rows rendered at a time (bounds the memory of the XML text)."""

_Render = Callable[[Sequence[Any], str, Sequence[str]], list[str]]
"""(values, column letter, row numbers) -> one <c> element per value ("" for an empty cell)."""


def _style_index(fmt: Format | None) -> int:
    """The XF index of a format, assigned now so the styles part includes it."""
    # XlsxWriter assigns indices lazily while writing sheets; the styles part comes after.
    return fmt._get_xf_index() if fmt is not None else 0


class _Strings:
    """The workbook's shared-string table, filled directly (one dict lookup per cell)."""

    def __init__(self, sst: Any) -> None:
        self.sst = sst

    def indices(self, texts: Sequence[str]) -> list[int | None]:
        """Shared-string index of each text (None for "" and rich-text look-alikes)."""
        table = self.sst.string_table
        get = table.get
        out = [get(t) for t in texts]
        for pos in [p for p, i in enumerate(out) if i is None]:
            t = texts[pos]
            if not t or t.startswith("<r>"):
                continue
            i = table.get(t)
            if i is None:
                i = table[t] = self.sst.unique_count
                self.sst.unique_count += 1
            out[pos] = i
        self.sst.count += len(out) - out.count(None)
        return out


def _text_column(style: int, strings: _Strings, empty_style: int | None = None) -> _Render:
    """Cells that always hold text: IDs stay text, '=...' never becomes a formula.

    Repetitive columns (school, grade, source file) go to the shared-string table; columns of
    mostly unique values (IDs, names) are written inline, which costs far less to serialise.
    """
    s = f' s="{style}"' if style else ""

    def render(values: Sequence[Any], letter: str, numbers: Sequence[str]) -> list[str]:
        if not empty_style and list(values).count(None) == len(values):
            return [""] * len(values)
        texts = ["" if v is None else v if type(v) is str else str(v) for v in values]
        if len(set(texts)) * 2 >= len(texts):
            head, mid, special = f'<c r="{letter}', f'"{s} t="inlineStr"><is><t>', _SPECIAL.search
            out = [
                f"{head}{n}{mid}{t}</t></is></c>"
                if t and t[0] not in _WS and t[-1] not in _WS and not special(t)
                else ""
                for t, n in zip(texts, numbers, strict=True)
            ]
        else:
            head, mid = f'<c r="{letter}', f'"{s} t="s"><v>'
            out = [
                f"{head}{n}{mid}{i}</v></c>" if i is not None else ""
                for n, i in zip(numbers, strings.indices(texts), strict=True)
            ]
        for pos in [p for p, cell in enumerate(out) if not cell]:
            ref = f"{letter}{numbers[pos]}"
            if texts[pos]:
                out[pos] = _inline(texts[pos], ref, s)
            elif empty_style:
                out[pos] = f'<c r="{ref}" s="{empty_style}"/>'
        return out

    return render


def _inline(text: str, ref: str, s: str) -> str:
    if _SPECIAL.search(text):
        text = _ILLEGAL.sub("", text)
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text[:1] in _XML_SPACE or text[-1:] in _XML_SPACE else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _number_column(style: int, fallback: _Render, empty_style: int | None = None) -> _Render:
    """Numbers; dates as Excel serials with a date style; anything else through fallback."""
    s = f' s="{style}"' if style else ""
    blank = f' s="{empty_style}"/>' if empty_style else None

    def render(values: Sequence[Any], letter: str, numbers: Sequence[str]) -> list[str]:
        if not blank and list(values).count(None) == len(values):
            return [""] * len(values)
        kinds = set(map(type, values))
        if kinds <= _PLAIN_INTS:
            head, mid = f'<c r="{letter}', f'"{s}><v>'
            empty = f'<c r="{letter}{{}}"{blank}' if blank else ""
            return [
                (empty.format(n) if blank else "") if v is None else f"{head}{n}{mid}{v}</v></c>"
                for v, n in zip(values, numbers, strict=True)
            ]
        out = []
        for v, n in zip(values, numbers, strict=True):
            if v is None:
                out.append(f'<c r="{letter}{n}"{blank}' if blank else "")
            elif isinstance(v, dt.date):
                out.append(f'<c r="{letter}{n}"{s}><v>{(v - _EXCEL_EPOCH).days}</v></c>')
            elif isinstance(v, int | float) and not isinstance(v, bool) and v == v:
                out.append(f'<c r="{letter}{n}"{s}><v>{v!r}</v></c>')
            else:
                out.append(fallback([v], letter, [n])[0])
        return out

    return render


@dataclass(frozen=True)
class BulkColumn:
    """How one column's cells are written, as the matching write_* call with these formats would."""

    text: Format | None = None
    """Format of text cells; every value that is not a number or date is written as text."""
    number: Format | None = None
    """Format of number and date cells (dates as Excel serials)."""
    numeric: bool = False
    """Numbers and dates as numbers; when False every value is written as text (IDs stay text)."""
    blank: Format | None = None
    """Format of empty cells; None leaves them out, as write_blank without a format does."""


class FastWorkbook(xlsxwriter.Workbook):
    """A Workbook that can hold bulk sheets and packs its file at deflate level 1.

    Level 1 packs ~3x faster for ~20% more bytes. Only this workbook's own file is affected:
    other XlsxWriter workbooks in the process keep XlsxWriter's default compression.
    """

    def add_bulk_worksheet(self, name: str) -> BulkWorksheet:
        """A worksheet with set_bulk_rows."""
        return self.add_worksheet(name, worksheet_class=BulkWorksheet)

    def _store_workbook(self) -> None:
        _store_fast(self)


def _fast_store() -> Callable[[Any], None]:
    """Workbook._store_workbook with its ZipFile deflating at level 1, for FastWorkbook only."""
    # XlsxWriter offers no compression setting; a copy of the method sees its own ZipFile.
    code = xlsxwriter.workbook.Workbook._store_workbook
    names = {**vars(xlsxwriter.workbook)}
    names["ZipFile"] = functools.partial(zipfile.ZipFile, compresslevel=1)
    return types.FunctionType(code.__code__, names, code.__name__, code.__defaults__)


_store_fast = _fast_store()


class BulkWorksheet(Worksheet):
    """A Worksheet with `set_bulk_rows`: data rows rendered in bulk after the XlsxWriter rows."""

    def __init__(self) -> None:
        super().__init__()
        self._bulk: Any = None
        self._extent = (0, 0)

    def set_bulk_rows(
        self,
        first_row: int,
        columns: Sequence[Sequence[Any]],
        styles: Sequence[BulkColumn],
        marked: Sequence[tuple[BulkColumn, Collection[int]]] | None = None,
    ) -> None:
        """Data rows from 0-based first_row: columns of values, one style per column.

        marked[c] is another style and the row positions of column c's cells that take it (a
        highlight). Rendering happens now, so the shared strings are known before the close.
        """
        renders = _Renderers(_Strings(self.str_table))
        plain, extra = [], []
        for c, style in enumerate(styles):
            plain.append(renders.get(style))
            if marked:
                other, rows = marked[c]
                extra.append(dict.fromkeys(rows, renders.get(other)))
        self._write_bulk(first_row, plain, columns, extra)

    def _write_bulk(
        self,
        first_row: int,
        renders: Sequence[_Render],
        columns: Sequence[Sequence[Any]],
        overrides: Sequence[dict[int, _Render]],
    ) -> None:
        total = len(columns[0]) if columns else 0
        self._extent = (first_row + total - 1, len(renders) - 1) if total else (0, 0)
        # Kept open until the sheet part is written at close; closed there.
        self._bulk = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        letters = [xl_col_to_name(i) for i in range(len(renders))]
        extra = overrides or [{} for _ in renders]
        for start in range(0, total, CHUNK):
            stop = min(start + CHUNK, total)
            numbers = [str(first_row + 1 + i) for i in range(start, stop)]
            cells = [
                _cells(renders[c], letters[c], columns[c][start:stop], numbers, extra[c], start)
                for c in range(len(renders))
            ]
            self._bulk.write(
                "".join(
                    f'<row r="{n}">{"".join(parts)}</row>'
                    for n, *parts in zip(numbers, *cells, strict=True)
                )
            )

    def _write_dimension(self) -> None:
        if not self._extent[0]:
            super()._write_dimension()
            return
        saved = (self.dim_rowmax, self.dim_colmax)
        self.dim_rowmax = max(self.dim_rowmax or 0, self._extent[0])
        self.dim_colmax = max(self.dim_colmax or 0, self._extent[1])
        super()._write_dimension()
        self.dim_rowmax, self.dim_colmax = saved

    def _write_sheet_data(self) -> None:
        if self._bulk is None:
            super()._write_sheet_data()
            return
        self._xml_start_tag("sheetData")
        if self.dim_rowmin is not None:
            self._write_rows()
        self._bulk.seek(0)
        shutil.copyfileobj(self._bulk, self.fh, 1 << 20)
        self._bulk.close()
        self._xml_end_tag("sheetData")


def _cells(
    render: _Render,
    letter: str,
    values: Sequence[Any],
    numbers: list[str],
    override: dict[int, _Render],
    start: int,
) -> list[str]:
    out = render(values, letter, numbers)
    for pos, special in override.items():
        if start <= pos < start + len(out):
            i = pos - start
            out[i] = special([values[i]], letter, [numbers[i]])[0]
    return out


class _Renderers:
    """One renderer per distinct column style, built once for a sheet."""

    def __init__(self, strings: _Strings) -> None:
        self.strings = strings
        self.made: dict[BulkColumn, _Render] = {}

    def get(self, style: BulkColumn) -> _Render:
        """The renderer of cells in this style."""
        if style not in self.made:
            blank = _style_index(style.blank) if style.blank is not None else None
            text = _text_column(_style_index(style.text), self.strings, blank)
            self.made[style] = (
                _number_column(_style_index(style.number), text, blank) if style.numeric else text
            )
        return self.made[style]
