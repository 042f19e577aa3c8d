"""Where a workbook opens: the sheet and cell a finding points at, set in the copy's sheet view."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from openpyxl import load_workbook


def select_cell(path: Path, sheet: str | None, cell: str | None) -> None:
    """Make sheet the active tab and cell its selected cell, so Excel or WPS opens there.

    A copy encrypted with its original's password opens at its first sheet (Excel asks for it)."""
    from core.writers.annotated_writer import is_encrypted_copy

    if is_encrypted_copy(path):
        return
    wb = load_workbook(path)
    if sheet not in wb.sheetnames:
        return
    ws = wb[sheet]
    for other in wb.worksheets:
        other.sheet_view.tabSelected = other is ws
    wb.active = ws
    if cell:
        ws.sheet_view.selection[0].activeCell = cell
        ws.sheet_view.selection[0].sqref = cell
        ws.sheet_view.topLeftCell = None  # let Excel scroll to the selection
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".~", suffix=".xlsx")
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
