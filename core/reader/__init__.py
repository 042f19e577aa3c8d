"""The reader: any workbook as it really arrives, turned into located, typed tables (issue 3)."""

from __future__ import annotations

from core.reader.model import RecordSheet, SheetTable, WorkbookRead, column_letter
from core.reader.sources import Source, expand_inputs
from core.reader.workbook import read_workbook, read_workbooks

__all__ = [
    "RecordSheet",
    "SheetTable",
    "Source",
    "WorkbookRead",
    "column_letter",
    "expand_inputs",
    "read_workbook",
    "read_workbooks",
]
