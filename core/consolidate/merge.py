"""The county's merged ledgers: every data row of every accepted submission, with provenance.

Each row keeps where it came from (source file, sheet, Excel row) and which school sent it, so a
finding at the county level can be traced back to the cell a school must fix. Comparison rows
(户籍比对, 考勤比对) are appended later with the reference list as their source.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from core.catalogue.counts import ORIGIN_SCHOOL
from core.catalogue.county import LEDGER_FORMS
from core.catalogue.schema import SheetSpec
from core.consolidate.result import Submission
from core.model.identity import frame_keys
from core.reader.model import SheetTable

KEY = "_key"
"""Internal column: the pupil's match key (see core.model.identity.pupil_key)."""
HOW = "_how"
"""Internal column: how the key was made (id, student_no, name_birth)."""
KEYS = "_keys"
"""Internal column: every key of the row, strongest first (see core.model.identity.pupil_keys)."""
ADDED = "_added"
"""Internal column: True for rows the county's comparisons added (not from a school sheet)."""


def ledger_columns(form: SheetSpec) -> list[str]:
    """The county form's column keys without 序号 (the writer numbers rows itself)."""
    return [k for k in form.keys if k != "seq"]


@dataclass
class Ledgers:
    """The merged sheets by school sheet kind, and how many source rows went in."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    source_rows: int = 0
    """Data rows of the accepted submissions' sheets (the row-conservation check)."""
    duplicate_rows: int = 0
    """Rows left out because the same sheet already lists the pupil (duplicate-student): the
    county ledger keeps a pupil's first row, so every count counts the pupil once."""

    def __getitem__(self, kind: str) -> pd.DataFrame:
        return self.frames[kind]

    @property
    def merged_rows(self) -> int:
        """Rows in the merged sheets that came from school submissions."""
        return sum(int((~frame[ADDED].astype(bool)).sum()) for frame in self.frames.values())


def _with_text(data: pd.DataFrame, raw: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """The form's columns; a cell the reader could not parse keeps its text."""
    frame = data.reindex(columns=cols)
    for c in data.columns.intersection(raw.columns).intersection(cols):
        lost = data[c].isna() & raw[c].notna()
        if lost.any():
            frame.loc[lost, c] = raw.loc[lost, c]
    return frame


def _provenance(items: list[tuple[SheetTable, Submission]]) -> dict[str, list]:
    cols: dict[str, list] = {
        k: []
        for k in (
            "county_code",
            "school_code",
            "school_name",
            "source_file",
            "source_sheet",
            "source_row",
        )
    }
    for table, sub in items:
        n = table.rows
        for key, value in (
            ("county_code", sub.county_code),
            ("school_code", sub.school_code),
            ("school_name", sub.school),
            ("source_file", table.path),
            ("source_sheet", table.sheet),
        ):
            cols[key] += [value] * n
        cols["source_row"] += [table.excel_row(r) for r in table.data.index]
    return cols


def add_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the pupil match key and how it was made (ID, then 学籍号, then name and birth)."""
    keys = frame_keys(frame)
    frame[KEYS] = keys
    frame[HOW] = [k[0][0] if k else None for k in keys]
    frame[KEY] = [k[0][1] if k else None for k in keys]
    return frame


def _kind_frame(form: SheetSpec, items: list[tuple[SheetTable, Submission]]) -> pd.DataFrame:
    cols = ledger_columns(form)
    if not items:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in [*cols, HOW, KEY, KEYS, ADDED]})
    data = pd.concat([t.data for t, _ in items], ignore_index=True, sort=False)
    raw = pd.concat([t.raw for t, _ in items], ignore_index=True, sort=False)
    frame = _with_text(data, raw, cols)
    for key, values in _provenance(items).items():
        frame[key] = values
    frame = frame.astype(object).where(frame.notna(), None)
    frame[ADDED] = False
    return add_keys(frame)


ONCE_PER_SHEET = ("roster", "attendance", "suspected", "dropout")
"""Ledgers that list a pupil once per school sheet (the duplicate-student rule's sheets)."""


def once_per_sheet(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The frame without the later rows of a pupil its source sheet already lists; how many."""
    if frame.empty:
        return frame, 0
    keyed = frame[KEY].notna()
    later = keyed & frame.duplicated(["source_file", "source_sheet", HOW, KEY], keep="first")
    if not later.any():
        return frame, 0
    return frame[~later].reset_index(drop=True), int(later.sum())


def merge(accepted: list[Submission]) -> Ledgers:
    """Merge the recognised sheets of every accepted submission into the county ledgers."""
    items: dict[str, list[tuple[SheetTable, Submission]]] = {kind: [] for kind in LEDGER_FORMS}
    for sub in accepted:
        wb = sub.report.workbook if sub.report else None
        for table in wb.tables if wb else ():
            if table.kind in items:
                items[table.kind].append((table, sub))
    ledgers = Ledgers(source_rows=sum(t.rows for kind in items.values() for t, _ in kind))
    for kind, form in LEDGER_FORMS.items():
        frame = _kind_frame(form, items[kind])
        if kind in ONCE_PER_SHEET:
            frame, dropped = once_per_sheet(frame)
            ledgers.duplicate_rows += dropped
        ledgers.frames[kind] = frame
    for kind in ("suspected", "dropout"):
        if "origin" in ledgers.frames[kind]:
            ledgers.frames[kind]["origin"] = ORIGIN_SCHOOL
    return ledgers


def append_rows(ledgers: Ledgers, kind: str, rows: list[dict]) -> None:
    """Add rows found by the county's comparisons (marked as added, keys computed)."""
    if not rows:
        return
    frame = ledgers.frames[kind]
    extra = pd.DataFrame(rows, dtype=object).reindex(columns=ledger_columns(LEDGER_FORMS[kind]))
    extra = add_keys(extra.astype(object).where(extra.notna(), None))
    extra[ADDED] = True
    if "poverty_matched" in extra:
        extra["poverty_matched"] = None
    ledgers.frames[kind] = pd.concat([frame, extra], ignore_index=True, sort=False)
