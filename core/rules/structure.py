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

    A column a valid ID gives is not demanded of a sheet that has the ID. Required means
    required where it matters, so a missing column is only a warning when nothing the month's
    data needs is lost: in a ledger without rows; in 劝返 read from the 辍学台账's own columns
    (the school kept no 劝返记录 sheet to fill); and for a record's labels beyond the ones that
    identify it (the 填报信息's 填表人, 联系电话, 填报日期: the school and month are known)."""
    out = []
    tables = [
        (t, t.columns.keys() | set(t.derived), lambda _, t=t: t.rows == 0 or t.host is not None)
        for t in ctx.workbook.tables
    ]
    records = [
        (r, r.cells.keys(), lambda key, r=r: key not in r.form.signature)
        for r in ctx.workbook.records
    ]
    for sheet, present, lesser in [*tables, *records]:
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
                    severity=Severity.WARNING if lesser(spec.key) else None,
                )
            )
    return out
