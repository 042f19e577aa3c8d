"""County findings placed at their pupil's own cell in the school's sheet.

The checks across schools and the 三比对 know the merged row a finding is about (file, sheet,
row), not the column: this gives each the column of the field it concerns in that file's sheet,
so the school's annotated copy marks the very cell and its link goes there.
"""

from __future__ import annotations

from core.consolidate.result import Submission
from core.model.findings import Finding
from core.reader.model import SheetTable

FIELD_KEYS = {
    "absent-not-in-ledger": "longest_run",
    "poverty-dropout": "poverty",
    "matched-by-fallback": "name",
}
"""The field a county finding is about; every other names its pupil by the ID."""
PUPIL_KEYS = ("id_number", "student_no", "name")
"""The pupil's cells, in the order a finding without its own field is placed on."""


def _tables(subs: list[Submission]) -> dict[tuple[str, str], SheetTable]:
    out = {}
    for sub in subs:
        wb = sub.report.workbook if sub.report else None
        for t in wb.tables if wb else ():
            if t.host is None:  # 劝返 read in the 辍学台账 is placed by the ledger's own columns
                out[(sub.path, t.sheet)] = t
    return out


def _placed(f: Finding, table: SheetTable) -> Finding:
    wanted = (FIELD_KEYS.get(f.code), *PUPIL_KEYS)
    key = next((k for k in wanted if k in table.columns), None)
    if key is None:
        return f
    return f.with_(column=table.columns[key], field=table.form.column(key).header)


def place(findings: list[Finding], subs: list[Submission]) -> list[Finding]:
    """Each finding about a row of a received file, given that row's cell of its field."""
    tables = _tables(subs)
    return [
        _placed(f, tables[(f.file, f.sheet)])
        if f.row is not None and f.column is None and (f.file, f.sheet) in tables
        else f
        for f in findings
    ]
