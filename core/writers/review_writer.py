"""The quarterly re-check workbook (县区季度复核): its two catalogue sheets, read back as forms.

Every sheet and header comes from the catalogue (core.catalogue.review.REVIEW); written to a
temporary file and moved into place like the county workbook.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xlsxwriter

from core.catalogue import review as rv
from core.catalogue.schema import FormFamily
from core.model.books import Written
from core.writers import county_sheets as cs
from core.writers.placing import write_in_place


def write_review_workbook(
    rows: list[dict[str, Any]], flags: list[dict[str, Any]], info: dict[str, Any], out: Path
) -> Written:
    """Write the review's rows and flags (info: county_name, period) and move it onto `out`."""
    return _write(rv.REVIEW, (rows, flags), info, out)


def write_field_check(rows: list[dict[str, Any]], info: dict[str, Any], out: Path) -> Written:
    """Write the 入户核查清单 (info: county_name, period) and move it onto `out`."""
    return _write(rv.FIELD_CHECK_FAMILY, (rows,), info, out)


def write_platform_answer(rows: list[dict[str, Any]], info: dict[str, Any], out: Path) -> Written:
    """Write the 平台推送核实 workbook (info: county_name, period) and move it onto `out`."""
    from core.catalogue import county

    return _write(county.PLATFORM_ANSWER_FAMILY, (rows,), info, out)


def _write(
    family: FormFamily, data: tuple[list[dict[str, Any]], ...], info: dict[str, Any], out: Path
) -> Written:
    return write_in_place(out, lambda tmp: _build(family, data, info, tmp))


def _build(
    family: FormFamily, data: tuple[list[dict[str, Any]], ...], info: dict[str, Any], tmp: Path
) -> None:
    wb = xlsxwriter.Workbook(
        str(tmp),
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    fmts = cs.Formats(wb)
    fmts.unit, fmts.period = info.get("county_name") or "", info.get("period") or ""
    wb.set_properties({"title": family.title, "comments": family.version})
    for form, rows in zip(family.sheets, data, strict=True):
        cs.write_rows(wb.add_worksheet(form.title), form, rows, fmts, info)
    wb.close()
