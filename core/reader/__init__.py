"""The reader: any workbook as it really arrives, turned into located, typed tables.

sources.py finds the workbooks (folders, zips), formats.py says what a file really is (and
decrypts it), headers.py and records.py recognise the forms, tables.py, columns.py and values.py
turn rows into typed values, workbook.py puts it together. Hidden rows are reported for .xlsx
only: calamine does not expose them, so the sheet XML is scanned (hidden_rows.py); .xls and .ods
hidden rows are read like the others but not reported.
"""

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
