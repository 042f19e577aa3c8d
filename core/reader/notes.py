"""The 说明 sheet: the explanations a school gives for queries, keyed by code, sheet and row.

A plain list the school adds to its workbook (问题代码 · 工作表, optional · 行号 · 说明). It is no
form of the catalogue, so the reader recognises it by its name and returns its entries with the
workbook (WorkbookRead.notes): nothing after the reader opens the file again for it.
"""

from __future__ import annotations

from typing import Any

from core.catalogue.schema import fold
from core.reader.model import Notes

NOTE_SHEETS = frozenset({"说明", "问题说明", "疑问说明", "情况说明"})
"""Sheet names (folded) of an explanations sheet."""
_HEADERS = {
    "code": ("问题代码", "代码", "问题编号"),
    "sheet": ("工作表", "表", "表名"),
    "row": ("行号", "行", "excel行号", "所在行"),
    "text": ("说明", "情况说明", "解释", "原因"),
}
_LOOKUP = {fold(h): key for key, names in _HEADERS.items() for h in names}


def is_note_sheet(name: str) -> bool:
    """True for a sheet named as a list of explanations (说明, 问题说明 …)."""
    return fold(name) in NOTE_SHEETS


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
