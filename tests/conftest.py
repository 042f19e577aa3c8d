"""Shared fixtures: a workbook factory and a compact view of findings for literal assertions."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

# Before any QApplication exists (shared/packaging.md).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

Rows = list[list[Any]]


def write_workbook(path: Path, sheets: dict[str, Rows]) -> Path:
    """Write sheets of rows with openpyxl, cell values exactly as given (str stays text)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def make_workbook(tmp_path: Path) -> Callable[..., Path]:
    """make_workbook({"学籍名册": rows}, name="x.xlsx") -> path of a new workbook."""

    def factory(sheets: dict[str, Rows], name: str = "school.xlsx") -> Path:
        return write_workbook(tmp_path / name, sheets)

    return factory


def summarize(findings: Iterable[Any]) -> list[tuple[Any, ...]]:
    """(code, sheet, row, column) of each finding, sorted: assert it as one literal."""
    return sorted(
        ((f.code, f.sheet, f.row, f.column) for f in findings),
        key=lambda t: tuple("" if x is None else str(x) for x in t),
    )
