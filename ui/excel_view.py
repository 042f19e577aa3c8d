"""Where a workbook opens: the sheet and cell a finding points at, set in the copy's sheet view."""

from __future__ import annotations

import shutil
from pathlib import Path

from openpyxl import load_workbook

from core.outputs import write_atomic


def select_cell(path: Path, sheet: str | None, cell: str | None) -> None:
    """Make sheet the active tab and cell its selected cell, so Excel or WPS opens there.

    A copy encrypted with its original's password opens at its first sheet (Excel asks for it).
    Saved through core.outputs.write_atomic: a temporary of the project's naming beside the copy,
    moved into place, so one a killed run left is swept by the next write in that folder."""
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
    write_atomic(path, lambda tmp: wb.save(tmp))


def copy_of(path: Path, out_dir: Path) -> Path:
    """A copy of a workbook in out_dir (never the input itself), written atomically."""
    return write_atomic(out_dir / path.name, lambda tmp: shutil.copyfile(path, tmp))
