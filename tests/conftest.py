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

# product.md's finding-code table: the codes a single workbook's check can raise, then the
# codes only the county's consolidation raises.
PRODUCT_FILE_CODES = (
    "unreadable-file",
    "encrypted-file",
    "unknown-form",
    "missing-sheet",
    "missing-column",
    "required-missing",
    "id-invalid",
    "id-stored-as-number",
    "id-birthdate-mismatch",
    "id-gender-mismatch",
    "student-no-mismatch",
    "enum-invalid",
    "date-invalid",
    "number-invalid",
    "age-out-of-range",
    "duplicate-student",
    "not-in-roster",
    "missing-attendance",
    "absence-not-reported",
    "summary-mismatch",
)
PRODUCT_CROSS_CODES = (
    "missing-submission",
    "wrong-period",
    "unknown-school",
    "superseded-submission",
    "duplicate-across-schools",
    "out-of-school",
    "poverty-dropout",
)


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
