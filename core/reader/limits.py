"""Limits checked before a parser allocates anything: what no real submission comes near.

calamine builds a dense grid from a sheet's first to its last cell, so one stray cell at
XFD1048576 asks for hundreds of GB and aborts the process. The sheet XML is scanned first (its
cell and row references, by regular expression, without parsing) and a sheet whose extent or
size no school's ledger could have is refused with its own message, before calamine sees it.
"""

from __future__ import annotations

import re

MAX_CELLS = 12_000_000
"""Cells written in one sheet. The biggest school roster (3,000 pupils x 40 columns) has 120,000,
but the roll-up and ``register import`` read county workbooks too: a large county's 适龄儿童台账
(250,000 pupils x 33 columns) has some 8 million."""
MAX_GRID = 12_000_000
"""Rows x columns from the first cell to the last: calamine allocates about 40 bytes for each,
so this is some 500 MB, the most one sheet may cost (a large county's ledger, as above)."""
MAX_SHEETS = 255
"""Worksheets in one workbook: a school's has eight; thousands sharing one part is a bomb."""
MAX_MERGES = 20_000
"""Merged ranges in one sheet: a roster merges its 班级 cells, a few hundred at most."""

_CELL_COLUMN = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,4})\d+"')
_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,4})(\d+):([A-Z]{1,4})(\d+)"')
MAX_MERGED_AREA = 500_000
"""Cells covered by a sheet's merged ranges: openpyxl makes an object of each when a copy is
annotated, so a range over a whole sheet (17 billion cells) would run for ever."""


def column_number(letters: bytes) -> int:
    """1 for A, 16384 for XFD."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def sheet_problem(xml: bytes) -> str | None:
    """Why a worksheet part must not be parsed, in the user's words (None when it may be)."""
    columns = _CELL_COLUMN.findall(xml)
    if len(columns) > MAX_CELLS:
        return f"单元格超过 {MAX_CELLS:,} 个，远超任何真实报表"
    rows = [int(r) for r in _ROW_NUMBER.findall(xml)]
    last_row = max(rows, default=0)
    last_column = max(map(column_number, set(columns)), default=0)
    if last_row * last_column > MAX_GRID:
        return (
            f"只有 {len(columns):,} 个单元格，却延伸到第 {last_row:,} 行、第 {last_column:,} 列"
            "（远处有多余的单元格，请删除多余的行列后另存）"
        )
    if b"mergeCell" not in xml:
        return None
    merges = _MERGE.findall(xml)
    if len(merges) > MAX_MERGES:
        return f"合并单元格超过 {MAX_MERGES:,} 处，远超任何真实报表"
    area = sum(
        (int(r2) - int(r1) + 1) * (column_number(c2) - column_number(c1) + 1)
        for c1, r1, c2, r2 in merges
    )
    if area > MAX_MERGED_AREA:
        return f"合并单元格覆盖了 {area:,} 个单元格（整行整列合并），远超任何真实报表"
    return None
