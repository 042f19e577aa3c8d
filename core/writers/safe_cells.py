"""What an output may carry from an input: computation over its own cells, and text it can hold.

A school's workbook may hold a formula that runs a command when the copy is opened (DDE,
``=cmd|' /c calc'!A1``), reads another workbook or a web page, or a HYPERLINK to anywhere. An
annotated or feedback copy keeps a formula live only when it is arithmetic or aggregation over
cells of the same workbook: every function it calls is on ALLOWED_FUNCTIONS and it names no
other file. Any other formula becomes its text. Characters no .xlsx may hold (control
characters, U+FFFE and U+FFFF, lone surrogates) are replaced by a visible U+FFFD. Each change is
reported at its cell, so the school can see what was made safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.formula import ArrayFormula

ALLOWED_FUNCTIONS = frozenset(
    {
        "SUM", "SUMIF", "SUMIFS", "SUMPRODUCT", "AVERAGE", "AVERAGEIF", "AVERAGEIFS",
        "COUNT", "COUNTA", "COUNTBLANK", "COUNTIF", "COUNTIFS", "MIN", "MAX", "MEDIAN",
        "ROUND", "ROUNDUP", "ROUNDDOWN", "INT", "ABS", "MOD", "IF", "IFERROR", "AND", "OR",
        "NOT", "ISBLANK", "ISNUMBER", "LEN", "SUBTOTAL", "DATEDIF", "YEAR", "MONTH", "DAY",
        "DATE", "TODAY",
    }
)  # fmt: skip
"""Functions a ledger's totals and rates use; none reaches outside the workbook."""
REPLACEMENT = "\ufffd"
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_STRING = re.compile(r'"(?:[^"]|"")*"')
_FUNCTION = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\s*\(")


@dataclass(frozen=True)
class Change:
    """One cell made safe: where, and what was done ("formula" or "character")."""

    sheet: str
    row: int
    column: str
    kind: str
    detail: str = ""


def formula_is_safe(formula: str) -> bool:
    """Whether a formula only computes over cells of its own workbook."""
    body = _STRING.sub('""', formula.lstrip("="))
    if "[" in body or "|" in body:
        return False  # [1]Sheet!A1 names another file, app|topic!item is DDE
    names = {name.upper().removeprefix("_XLFN.") for name in _FUNCTION.findall(body)}
    return names <= ALLOWED_FUNCTIONS


def clean_text(value: str) -> str:
    """The text with every character a workbook cannot hold replaced by U+FFFD."""
    return _BAD_CHARS.sub(REPLACEMENT, value)


def has_bad_characters(value: str) -> bool:
    """Whether clean_text would change the text."""
    return _BAD_CHARS.search(value) is not None


def make_safe(book: Workbook) -> list[Change]:
    """Turn unsafe formulas into text and replace bad characters, in every sheet; the changes."""
    changes = []
    for ws in book.worksheets:
        for cell in list(ws._cells.values()):
            change = _safe_cell(ws.title, cell)
            if change is not None:
                changes.append(change)
    return changes


def _safe_cell(sheet: str, cell: Any) -> Change | None:
    value = cell.value
    if isinstance(value, ArrayFormula):
        value = value.text or ""
    if cell.data_type == "f" and isinstance(value, str):
        if formula_is_safe(value):
            return None
        cell.value = clean_text(value)
        cell.data_type = "s"
        return Change(sheet, cell.row, cell.column_letter, "formula", _shown(value))
    if isinstance(value, str) and has_bad_characters(value):
        cell.value = clean_text(value)
        return Change(sheet, cell.row, cell.column_letter, "character")
    return None


def _shown(formula: str) -> str:
    text = clean_text(formula)
    return text if len(text) <= 60 else text[:57] + "..."
