"""A worksheet whose many data rows are rendered as XML in bulk, ~5x faster than XlsxWriter cells.

XlsxWriter keeps every cell as a Python object and serialises it at close (about 55 k cells/s,
shared/perf.md section 3). The county ledgers hold a few million cells, so their data rows are
rendered column by column as ready XML when they are set, kept in a temporary file, and copied
into the sheet part after the title and header rows XlsxWriter wrote itself. Text goes into the
workbook's shared-string table, as Excel's own files do. Everything else (formats, freeze panes,
filters, print titles, hyperlinks, charts) stays XlsxWriter's.

This leans on three XlsxWriter internals, pinned by the tests that read the output back:
Worksheet._write_dimension/_write_sheet_data, Format._get_xf_index and the SharedStringTable.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from typing import Any

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

Render = Callable[[Sequence[Any], str, Sequence[str]], list[str]]
"""(values, column letter, row numbers) -> one <c> element per value ("" for an empty cell)."""


def style_index(fmt: Format | None) -> int:
    """The XF index of a format, assigned now so the styles part includes it."""
    # XlsxWriter assigns indices lazily while writing sheets; the styles part comes after.
    return fmt._get_xf_index() if fmt is not None else 0


class Strings:
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


def text_column(style: int, strings: Strings, empty_style: int | None = None) -> Render:
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


def number_column(style: int, fallback: Render, empty_style: int | None = None) -> Render:
    """Numbers; dates as Excel serials with a date style; anything else through fallback."""
    s = f' s="{style}"' if style else ""
    blank = f' s="{empty_style}"/>' if empty_style else None

    def render(values: Sequence[Any], letter: str, numbers: Sequence[str]) -> list[str]:
        if not blank and list(values).count(None) == len(values):
            return [""] * len(values)
        kinds = set(map(type, values))
        if not blank and kinds <= _PLAIN_INTS:
            head, mid = f'<c r="{letter}', f'"{s}><v>'
            return [
                "" if v is None else f"{head}{n}{mid}{v}</v></c>"
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


class BulkWorksheet(Worksheet):
    """A Worksheet with `set_bulk_rows`: data rows rendered in bulk after the XlsxWriter rows."""

    def __init__(self) -> None:
        super().__init__()
        self._bulk: Any = None
        self._extent = (0, 0)

    def set_bulk_rows(
        self,
        first_row: int,
        renders: Sequence[Render],
        columns: Sequence[Sequence[Any]],
        overrides: Sequence[dict[int, Render]] | None = None,
    ) -> None:
        """Data rows from 0-based first_row: columns of values, one renderer per column.

        overrides[c] maps a row position to another renderer for that one cell (a highlight).
        Rendering happens now, so the shared strings are known before the workbook closes.
        """
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
    render: Render,
    letter: str,
    values: Sequence[Any],
    numbers: list[str],
    override: dict[int, Render],
    start: int,
) -> list[str]:
    out = render(values, letter, numbers)
    for pos, special in override.items():
        if start <= pos < start + len(out):
            i = pos - start
            out[i] = special([values[i]], letter, [numbers[i]])[0]
    return out
