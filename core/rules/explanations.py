"""Explanations (说明) of queries: the row's 说明 column, or a 说明 sheet keyed by code and row.

The reader returns the 说明 sheet's entries as WorkbookRead.notes (core/reader/notes.py).
"""

from __future__ import annotations

import pandas as pd

from core.model.findings import Finding, Severity
from core.reader.model import WorkbookRead


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
) -> list[Finding]:
    """Attach the school's explanation to each query it covers: explained queries are not open."""
    by_row, listed = row_notes(wb), wb.notes
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
