"""Bulk sheets read back as XlsxWriter's own cells would, and only their workbook packs faster."""

from __future__ import annotations

import datetime as dt
import random
import zipfile
from pathlib import Path
from typing import Any

import xlsxwriter
import xlsxwriter.workbook
from openpyxl import load_workbook

from core.writers.bulk_sheet import BulkColumn, BulkWorksheet, FastWorkbook

TEXTS = ["a&b", "<tag>", "x > y", " lead", "trail ", "\ttab", "两行\n文本", "=1+1", "00123", "张三"]
SHEET = "xl/worksheets/sheet1.xml"


def _value(rng: random.Random) -> Any:
    kind = rng.randrange(6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([0, -7, 2**40, rng.randrange(10**6)])
    if kind == 2:
        # 16 significant digits at most: XlsxWriter writes no more, the bulk path writes repr.
        return rng.choice([0.5, -1e-3, 1e15, round(rng.random(), 9)])
    if kind == 3:
        return dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(12000))
    if kind == 4:
        return rng.choice(TEXTS) * rng.choice([1, 1, 300])
    return f"{rng.choice(TEXTS)}{rng.randrange(5)}"


def _styles(wb: xlsxwriter.Workbook) -> list[BulkColumn]:
    text = wb.add_format({"num_format": "@"})
    decimal = wb.add_format({"num_format": "0.00"})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    mark = wb.add_format({"bg_color": "#FFEB9C"})
    return [
        BulkColumn(text=text),
        BulkColumn(number=decimal, numeric=True),
        BulkColumn(text=decimal, number=date, numeric=True),
        BulkColumn(text=mark, number=mark, numeric=True, blank=mark),
        BulkColumn(),
    ]


def _plain_cell(ws: Any, r: int, c: int, value: Any, style: BulkColumn) -> None:
    if value is None:
        ws.write_blank(r, c, None, style.blank)
    elif style.numeric and isinstance(value, dt.date):
        ws.write_datetime(r, c, value, style.number)
    elif style.numeric and isinstance(value, int | float):
        ws.write_number(r, c, value, style.number)
    else:
        ws.write_string(r, c, str(value), style.text)


def _read(path: Path) -> list[tuple]:
    ws = load_workbook(path)["表"]
    return [
        (c.coordinate, c.value, c.number_format, c.fill.fgColor.rgb if c.fill.fill_type else None)
        for row in ws.iter_rows()
        for c in row
    ]


def test_bulk_rows_read_back_as_plain_xlsxwriter_cells(tmp_path: Path) -> None:
    rng = random.Random(20261)
    columns = [[_value(rng) for _ in range(9000)] for _ in range(5)]
    columns[2] = [v if v is None or isinstance(v, dt.date | str) else None for v in columns[2]]
    columns[0][:40] = [TEXTS[i % len(TEXTS)] for i in range(40)]
    fast, plain = (
        FastWorkbook(str(tmp_path / "fast.xlsx")),
        xlsxwriter.Workbook(str(tmp_path / "plain.xlsx")),
    )
    sheet = fast.add_bulk_worksheet("表")
    sheet.write_string(0, 0, "标题")
    sheet.set_bulk_rows(2, columns, _styles(fast), [(BulkColumn(), {5, 7})] * 5)
    ws, styles = plain.add_worksheet("表"), _styles(plain)
    ws.write_string(0, 0, "标题")
    for c, values in enumerate(columns):
        for r, value in enumerate(values):
            _plain_cell(ws, 2 + r, c, value, BulkColumn() if r in (5, 7) else styles[c])
    fast.close()
    plain.close()
    assert _read(tmp_path / "fast.xlsx") == _read(tmp_path / "plain.xlsx")


def _plain_book(path: Path) -> int:
    """A plain workbook's compressed sheet size (its ZipFile's default level decides it)."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表")
    for r in range(3000):
        ws.write_row(r, 0, [r, f"第{r % 97}行", r * 0.5])
    wb.close()
    return zipfile.ZipFile(path).getinfo(SHEET).compress_size


def test_fast_packing_touches_no_other_workbook(tmp_path: Path) -> None:
    before = _plain_book(tmp_path / "before.xlsx")
    during: list[int] = []

    class Probe(BulkWorksheet):
        def _write_sheet_data(self) -> None:
            # Runs while the fast workbook is being packed.
            assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile
            during.append(_plain_book(tmp_path / "during.xlsx"))
            super()._write_sheet_data()

    fast = FastWorkbook(str(tmp_path / "fast.xlsx"))
    ws = fast.add_worksheet("表", worksheet_class=Probe)
    for r in range(3000):
        ws.write_row(r, 0, [r, f"第{r % 97}行", r * 0.5])
    fast.close()
    after = _plain_book(tmp_path / "after.xlsx")
    fast_size = zipfile.ZipFile(tmp_path / "fast.xlsx").getinfo(SHEET).compress_size
    assert during == [before]
    assert after == before
    assert fast_size > before
