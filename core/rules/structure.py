"""Structure rules: the sheets and columns a school workbook must have."""

from __future__ import annotations

from core.catalogue.school_monthly import SCHOOL_MONTHLY
from core.model.findings import Finding, make_finding
from core.rules.base import Context


def missing_sheet(ctx: Context) -> list[Finding]:
    """Every required sheet of the school monthly workbook is present."""
    wb = ctx.workbook
    if wb.family is None or wb.family.key != SCHOOL_MONTHLY.key:
        return []
    present = {s.form.key for s in (*wb.tables, *wb.records)}
    return [
        make_finding("missing-sheet", file=wb.path, sheet_title=spec.title)
        for spec in wb.family.sheets
        if spec.required and spec.key not in present
    ]


def missing_column(ctx: Context) -> list[Finding]:
    """Every required column of a recognised table (or label of a record sheet) is present."""
    out = []
    tables = [(t, t.columns.keys()) for t in ctx.workbook.tables]
    for sheet, present in [*tables, *((r, r.cells.keys()) for r in ctx.workbook.records)]:
        for spec in sheet.form.columns:
            if spec.required and spec.key not in present:
                out.append(
                    make_finding(
                        "missing-column",
                        file=sheet.path,
                        sheet=sheet.sheet,
                        field=spec.header,
                        sheet_title=sheet.form.title,
                    )
                )
    return out
