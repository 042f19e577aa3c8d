"""The county's merged ledgers: every data row of every accepted submission, with provenance.

Each row keeps where it came from (source file, sheet, Excel row) and which school sent it, so a
finding at the county level can be traced back to the cell a school must fix. Comparison rows
(户籍比对, 考勤比对) are appended later with the reference list as their source.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from core.catalogue import county
from core.catalogue.schema import SheetSpec
from core.consolidate.result import Submission
from core.identity import pupil_key
from core.reader.model import SheetTable

LEDGER_FORMS: dict[str, SheetSpec] = {
    "roster": county.COUNTY_CHILDREN,
    "attendance": county.COUNTY_ATTENDANCE,
    "suspected": county.COUNTY_SUSPECTED,
    "dropout": county.COUNTY_DROPOUT,
    "return-visits": county.COUNTY_VISITS,
}
"""School sheet kind -> the county ledger it is merged into."""

KEY = "_key"
"""Internal column: the pupil's match key (see core.identity.pupil_key)."""
HOW = "_how"
"""Internal column: how the key was made (id, student_no, name_birth)."""
ADDED = "_added"
"""Internal column: True for rows the county's comparisons added (not from a school sheet)."""
ORIGIN_SCHOOL = "学校上报"


def ledger_columns(form: SheetSpec) -> list[str]:
    """The county form's column keys without 序号 (the writer numbers rows itself)."""
    return [k for k in form.keys if k != "seq"]


@dataclass
class Ledgers:
    """The merged sheets by school sheet kind, and how many source rows went in."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    source_rows: int = 0
    """Data rows of the accepted submissions' sheets (the row-conservation check)."""

    def __getitem__(self, kind: str) -> pd.DataFrame:
        return self.frames[kind]

    @property
    def merged_rows(self) -> int:
        """Rows in the merged sheets that came from school submissions."""
        return sum(int((~frame[ADDED].astype(bool)).sum()) for frame in self.frames.values())


def _table_frame(table: SheetTable, sub: Submission) -> pd.DataFrame:
    """One sheet's rows with the school key and provenance; unparsed cells keep their text."""
    raw = table.raw.reindex(columns=table.data.columns)
    frame = table.data.mask(table.data.isna() & raw.notna(), raw)
    frame = frame.astype(object).where(frame.notna(), None)
    frame["county_code"] = sub.county_code
    frame["school_code"] = sub.school_code
    frame["school_name"] = sub.school
    frame["source_file"] = table.path
    frame["source_sheet"] = table.sheet
    frame["source_row"] = table.data.index.astype(int)
    return frame.reset_index(drop=True)


def add_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the pupil match key and how it was made (ID, then 学籍号, then name and birth)."""
    n = len(frame)

    def column(key: str) -> list:
        return frame[key].tolist() if key in frame else [None] * n

    keys = [
        pupil_key(*vals)
        for vals in zip(
            column("id_number"),
            column("student_no"),
            column("name"),
            column("birth_date"),
            strict=True,
        )
    ]
    frame[HOW] = [k[0] if k else None for k in keys]
    frame[KEY] = [k[1] if k else None for k in keys]
    return frame


def _finish(form: SheetSpec, parts: list[pd.DataFrame]) -> pd.DataFrame:
    cols = ledger_columns(form)
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in [*cols, HOW, KEY, ADDED]})
    frame = pd.concat(parts, ignore_index=True, sort=False).reindex(columns=cols)
    frame = frame.astype(object).where(frame.notna(), None)
    frame[ADDED] = False
    return add_keys(frame)


def merge(accepted: list[Submission]) -> Ledgers:
    """Merge the recognised sheets of every accepted submission into the county ledgers."""
    parts: dict[str, list[pd.DataFrame]] = {kind: [] for kind in LEDGER_FORMS}
    source_rows = 0
    for sub in accepted:
        wb = sub.report.workbook if sub.report else None
        for table in wb.tables if wb else ():
            if table.kind in parts:
                parts[table.kind].append(_table_frame(table, sub))
                source_rows += table.rows
    ledgers = Ledgers(source_rows=source_rows)
    for kind, form in LEDGER_FORMS.items():
        ledgers.frames[kind] = _finish(form, parts[kind])
    if "origin" in ledgers.frames["suspected"]:
        ledgers.frames["suspected"]["origin"] = ORIGIN_SCHOOL
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
