"""催报名单 workbook: one sheet the clerk phones down, a school a row."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import xlsxwriter

from core.outputs import write_atomic

SHEET = "催报名单"


def write_chase_list(
    rows: Sequence[dict[str, str]], columns: Sequence[tuple[str, str]], out: Path, title: str
) -> Path:
    """Write the rows under a title line and a header (columns: key -> header), then move it in."""
    return write_atomic(out, lambda tmp: _build(rows, columns, tmp, title))


def _build(
    rows: Sequence[dict[str, str]], columns: Sequence[tuple[str, str]], path: Path, title: str
) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_urls": False})
    ws = wb.add_worksheet(SHEET)
    bold = wb.add_format({"bold": True, "font_size": 14})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    cell = wb.add_format({"border": 1, "num_format": "@"})
    ws.write_string(0, 0, title, bold)
    for c, (_key, header) in enumerate(columns):
        ws.write_string(1, c, header, head)
        ws.set_column(c, c, 22 if header.endswith(("名称", "电话")) else 14)
    for r, row in enumerate(rows, start=2):
        for c, (key, _header) in enumerate(columns):
            ws.write_string(r, c, row.get(key, ""), cell)
    ws.freeze_panes(2, 0)
    ws.autofilter(1, 0, max(len(rows) + 1, 1), len(columns) - 1)
    ws.set_landscape()
    ws.repeat_rows(1)
    wb.close()
