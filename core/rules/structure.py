"""Structure rules: the sheets and columns a school workbook needs, where its data needs them."""

from __future__ import annotations

from core.catalogue.school_monthly import SCHOOL_MONTHLY
from core.model.findings import Finding, Severity, make_finding
from core.reader.derived import DERIVABLE
from core.rules.base import Context

NEEDED_WHEN = {"school.return_visits": "school.dropout"}
"""A sheet only needed when another has rows: no 劝返记录 is fine in a month without dropouts."""


def missing_sheet(ctx: Context) -> list[Finding]:
    """Every required sheet of the school monthly workbook is present, when its data needs it."""
    wb = ctx.workbook
    if wb.family is None or wb.family.key != SCHOOL_MONTHLY.key:
        return []
    present = {s.form.key for s in (*wb.tables, *wb.records)}
    rows = {t.form.key: t.rows for t in wb.tables}
    return [
        make_finding("missing-sheet", file=wb.path, sheet_title=spec.title)
        for spec in wb.family.sheets
        if spec.required
        and spec.key not in present
        and (spec.key not in NEEDED_WHEN or rows.get(NEEDED_WHEN[spec.key], 0) > 0)
    ]


def missing_column(ctx: Context) -> list[Finding]:
    """Every required column of a recognised table (or label of a record sheet) is present.

    A column a valid ID gives is not demanded of a sheet that has the ID, and a column missing
    from a ledger without rows is only a warning: nothing was lost."""
    out = []
    tables = [(t, t.columns.keys() | set(t.derived), t.rows == 0) for t in ctx.workbook.tables]
    records = [(r, r.cells.keys(), False) for r in ctx.workbook.records]
    for sheet, present, empty in [*tables, *records]:
        for spec in sheet.form.columns:
            if not spec.required or spec.key in present:
                continue
            if spec.key in DERIVABLE and "id_number" in present:
                continue
            out.append(
                make_finding(
                    "missing-column",
                    file=sheet.path,
                    sheet=sheet.sheet,
                    field=spec.header,
                    sheet_title=sheet.form.title,
                    severity=Severity.WARNING if empty else None,
                )
            )
    return out
