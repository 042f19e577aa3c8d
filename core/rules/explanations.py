"""Explanations (说明) of queries: the row's 说明 column, or a 说明 sheet keyed by code and row.

A 说明 sheet is a plain list the school adds: 问题代码 · 工作表 (optional) · 行号 · 说明. The
reader does not recognise it as a form, so it is read here from the workbook's bytes.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from typing import Any

import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook

from core.catalogue.schema import fold
from core.model.findings import Finding, Severity
from core.reader.formats import open_bytes
from core.reader.model import WorkbookRead

log = logging.getLogger(__name__)

NOTE_SHEETS = frozenset({"说明", "问题说明", "疑问说明", "情况说明"})
"""Sheet names (folded) of an explanations sheet."""
_HEADERS = {
    "code": ("问题代码", "代码", "问题编号"),
    "sheet": ("工作表", "表", "表名"),
    "row": ("行号", "行", "excel行号", "所在行"),
    "text": ("说明", "情况说明", "解释", "原因"),
}
_LOOKUP = {fold(h): key for key, names in _HEADERS.items() for h in names}

Notes = dict[tuple[str, str | None, int], str]
"""(code, sheet or None, Excel row) -> the school's explanation."""


def note_sheet_name(wb: WorkbookRead) -> str | None:
    """The name of the workbook's 说明 sheet, which the reader reported as unrecognised."""
    for f in wb.findings:
        if f.code == "unrecognised-sheet" and f.sheet and fold(f.sheet) in NOTE_SHEETS:
            return f.sheet
    return None


def read_note_sheet(data: bytes, display: str, sheet: str, passwords: Sequence[str]) -> Notes:
    """The explanations listed on the sheet (empty when it cannot be read)."""
    opened = open_bytes(data, display, tuple(passwords))
    if isinstance(opened, Finding):
        return {}
    try:
        rows = (
            CalamineWorkbook.from_filelike(io.BytesIO(opened.data))
            .get_sheet_by_name(sheet)
            .to_python()
        )
    except CalamineError as exc:
        log.warning("note sheet unreadable: %s", type(exc).__name__)
        return {}
    return parse_note_rows(rows)


def parse_note_rows(rows: list[list[Any]]) -> Notes:
    """Find the header within the first rows, then read one explanation per row."""
    for top, row in enumerate(rows[:5]):
        cols = {
            _LOOKUP[fold(v)]: i
            for i, v in enumerate(row)
            if isinstance(v, str) and fold(v) in _LOOKUP
        }
        if {"code", "row", "text"} <= cols.keys():
            return _notes(rows[top + 1 :], cols)
    return {}


def _notes(rows: list[list[Any]], cols: dict[str, int]) -> Notes:
    notes: Notes = {}
    for row in rows:
        cell = {k: row[i] if i < len(row) else None for k, i in cols.items()}
        code, text, number = cell.get("code"), cell.get("text"), _row_number(cell.get("row"))
        if isinstance(code, str) and isinstance(text, str) and text.strip() and number:
            sheet = cell.get("sheet")
            where = sheet.strip() if isinstance(sheet, str) and sheet.strip() else None
            notes[(code.strip(), where, number)] = text.strip()
    return notes


def _row_number(value: Any) -> int | None:
    try:
        number = int(float(str(value).strip().removeprefix("第").removesuffix("行")))
    except ValueError:
        return None
    return number if number > 0 else None


def row_notes(wb: WorkbookRead) -> dict[tuple[str, int], str]:
    """(sheet, Excel row) -> the non-empty 说明 column of that row."""
    notes: dict[tuple[str, int], str] = {}
    for t in wb.tables:
        if "note" in t.raw.columns:
            for row, text in t.raw["note"].items():
                if isinstance(text, str) and text.strip() and not pd.isna(text):
                    notes[(t.sheet, int(row))] = text.strip()
    return notes


def explain(
    wb: WorkbookRead,
    findings: list[Finding],
    sheet_notes: Notes | None = None,
) -> list[Finding]:
    """Attach the school's explanation to each query it covers: explained queries are not open."""
    by_row, listed = row_notes(wb), sheet_notes or {}
    out = []
    for f in findings:
        text = None
        if f.severity is Severity.QUERY and f.row is not None:
            text = (
                by_row.get((f.sheet or "", f.row))
                or listed.get((f.code, f.sheet, f.row))
                or listed.get((f.code, None, f.row))
            )
        out.append(f.with_(explanation=text) if text else f)
    return out
