"""The quarterly re-check workbook (县区季度复核): its two catalogue sheets, read back as forms.

Every sheet and header comes from the catalogue (core.catalogue.review.REVIEW); written to a
temporary file and moved into place like the county workbook.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import xlsxwriter

from core.catalogue import review as rv
from core.model.books import Written
from core.writers import county_sheets as cs
from core.writers.county_writer import _move_into_place


def write_review_workbook(
    rows: list[dict[str, Any]], flags: list[dict[str, Any]], info: dict[str, Any], out: Path
) -> Written:
    """Write the review's rows and flags (info: county_name, period) and move it onto `out`."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.{os.getpid()}.{threading.get_ident()}.tmp.xlsx")
    try:
        wb = xlsxwriter.Workbook(
            str(tmp),
            {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
        )
        fmts = cs.Formats(wb)
        fmts.unit, fmts.period = info.get("county_name") or "", info.get("period") or ""
        wb.set_properties({"title": rv.REVIEW.title, "comments": rv.REVIEW.version})
        for form, data in ((rv.REVIEW_MONTHS, rows), (rv.REVIEW_FLAGS, flags)):
            cs.write_rows(wb.add_worksheet(form.title), form, data, fmts, info)
        wb.close()
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return _move_into_place(tmp, out)
