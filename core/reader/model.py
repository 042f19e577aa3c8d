"""What the reader returns: typed tables whose every value still knows its file, sheet and cell.

Conventions for parsed values in ``SheetTable.data`` (object dtype, None where empty or unreadable):
text, phone: str (NFKC, trimmed) · id-number, student-number: str, upper case, no spaces ·
school/county/region code: str of digits · date: datetime.date · month: "YYYY-MM" ·
integer: int · decimal: float · enum, grade: the code (str) · yes-no: bool.
A value that cannot be parsed is None in ``data``, keeps its text in ``raw``, and the reader has
already emitted a finding at its cell; rules therefore test emptiness on ``raw``, not ``data``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import pandas as pd

from core.catalogue.schema import FormFamily, SheetSpec
from core.model.findings import Finding
from core.model.identity import SubmissionIdentity, identify_submission


def column_letter(index: int) -> str:
    """Excel letter of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class SheetTable:
    """One sheet recognised as a TABLE form."""

    path: str
    """The workbook as the user names it (inside a zip: archive.zip/member.xlsx)."""
    sheet: str
    """Sheet name as in the workbook."""
    form: SheetSpec
    """The catalogue form it matched."""
    header_row: int
    """Excel row of the (lower) header row."""
    columns: dict[str, str]
    """Column key -> Excel column letter, for the form's columns found in the sheet."""
    headers: dict[str, str]
    """Column key -> header text as written in the file."""
    data: pd.DataFrame
    """Parsed values; index = Excel row numbers, columns = keys found."""
    raw: pd.DataFrame
    """Cell text as read (str or None), same index and columns as data."""
    extra_columns: dict[str, str] = field(default_factory=dict)
    """Header text -> column letter of columns not in the form (kept, not checked)."""
    extra: pd.DataFrame | None = None
    """Values of the extra columns (text), same index as data."""
    hidden: bool = False
    """The sheet is hidden in the workbook."""
    derived: tuple[str, ...] = ()
    """Column keys the reader filled without a column (劝返次序 of 劝返 read from a ledger)."""
    host: str | None = None
    """The kind of the table whose sheet and rows this one was read from (劝返 written as
    columns of the dropout ledger: core/reader/visits.py); None for a sheet of its own."""
    places: dict[int, tuple[int, dict[str, str]]] | None = None
    """Row label -> (Excel row, column key -> letter) when the rows are not one per sheet row
    (several numbered 劝返 of one ledger row: core/reader/visits.py); None when every row label
    is its Excel row and ``columns`` gives every letter. Use excel_row and letter."""

    @property
    def kind(self) -> str:
        """The form's kind (roster, attendance, ...)."""
        return self.form.kind

    @property
    def rows(self) -> int:
        """Number of data rows."""
        return len(self.data)

    def excel_row(self, label: int) -> int:
        """The Excel row of a row label (of data.index)."""
        return int(label) if self.places is None else self.places[int(label)][0]

    def letter(self, key: str, label: int) -> str | None:
        """The column letter of a key in the row of a label (None when the column is absent)."""
        if self.places is None:
            return self.columns.get(key)
        return self.places[int(label)][1].get(key)

    def cell(self, key: str, label: int) -> str | None:
        """A1 reference of a column key in the row of a label (None when the column is absent)."""
        letter = self.letter(key, label)
        return f"{letter}{self.excel_row(label)}" if letter else None

    def field(self, key: str) -> str:
        """The catalogue header of a column key (what messages call the field)."""
        return self.form.column(key).header


@dataclass
class RecordSheet:
    """One sheet recognised as a RECORD form (label next to value), e.g. 填报信息."""

    path: str
    sheet: str
    form: SheetSpec
    values: dict[str, Any]
    """Column key -> parsed value (None when empty or unreadable)."""
    raw: dict[str, str | None]
    """Column key -> cell text as read."""
    cells: dict[str, tuple[int, str]]
    """Column key -> (Excel row, column letter) of the value cell."""
    hidden: bool = False

    @property
    def kind(self) -> str:
        """The form's kind (info, county-info, ...)."""
        return self.form.kind

    @property
    def rows(self) -> int:
        """A record sheet holds one record."""
        return 1


Notes = dict[tuple[str, str | None, int], str]
"""(finding code, sheet or None, Excel row) -> the school's explanation (its 说明 sheet)."""


@dataclass
class WorkbookRead:
    """Everything read from one file: its recognised sheets and the reading findings."""

    path: str
    """The workbook as the user names it."""
    status: str = "ok"
    """"ok", or "unreadable" (then tables and records are empty)."""
    tables: list[SheetTable] = field(default_factory=list)
    records: list[RecordSheet] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    """unreadable-file, encrypted-file, unknown-form, unrecognised-sheet, extra-column,
    hidden-content, and value findings (date-invalid, number-invalid, enum-invalid,
    id-stored-as-number) met while reading."""
    family: FormFamily | None = None
    """The family most of its sheets belong to."""
    modified: dt.datetime | None = None
    """The file's modification time (the inbox's last tie-break)."""
    title_fields: dict[str, str] = field(default_factory=dict)
    """学校标识码/填报月份 etc. found as "label：value" in title rows (key -> text)."""
    notes: Notes = field(default_factory=dict)
    """The school's explanations of queries, from its 说明 sheet (core/reader/notes.py)."""

    def table(self, kind: str) -> SheetTable | None:
        """The first table of a kind, or None."""
        return next((t for t in self.tables if t.kind == kind), None)

    def record(self, kind: str) -> RecordSheet | None:
        """The first record sheet of a kind, or None."""
        return next((r for r in self.records if r.kind == kind), None)

    def identity(self) -> SubmissionIdentity:
        """Which school and month the workbook reports (core.model.identity)."""
        info = self.record("info")
        codes = (v for t in self.tables if "school_code" in t.data for v in t.data["school_code"])
        values = info.values if info else {}
        return identify_submission(values, self.title_fields, codes, PurePath(self.path).name)

    def sheets_summary(self) -> list[dict[str, Any]]:
        """The `sheets` list of the validate JSON (docs/cli.md), in workbook order."""
        items = [*self.records, *self.tables]
        return [{"sheet": s.sheet, "kind": s.kind, "rows": s.rows} for s in items]
