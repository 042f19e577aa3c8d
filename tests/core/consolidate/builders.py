"""Hand-built reader objects for consolidation tests: no Excel file needed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from core.catalogue import county
from core.catalogue import school_monthly as sm
from core.catalogue.schema import SheetSpec
from core.consolidate.result import Submission
from core.model.report import FileReport
from core.reader.model import RecordSheet, SheetTable, WorkbookRead, column_letter

PERIOD = "2026-10"
COUNTY = "411525"


def pid(n: int, year: int = 2015) -> str:
    """An 18-character ID-shaped number for pupil n."""
    return f"411525{year}0101{n:03d}1"


def pupil(n: int, name: str | None = None, year: int = 2015, **extra: Any) -> dict[str, Any]:
    """A pupil's identity columns."""
    return {
        "name": name or f"学生{n}",
        "gender": "1",
        "id_number": pid(n, year),
        "birth_date": dt.date(year, 1, 1),
        "grade": "5",
        **extra,
    }


def table(
    form: SheetSpec,
    rows: list[dict[str, Any]],
    path: str,
    first_row: int = 4,
    raw: dict[tuple[int, str], str] | None = None,
) -> SheetTable:
    """A recognised sheet whose data rows start at an Excel row."""
    keys = [k for k in form.keys if any(k in r for r in rows)]
    index = pd.Index(range(first_row, first_row + len(rows)))
    data = pd.DataFrame(
        [[r.get(k) for k in keys] for r in rows], index=index, columns=keys, dtype=object
    )
    text = data.map(lambda v: None if v is None else str(v))
    for (row, key), value in (raw or {}).items():
        text.loc[row, key] = value
    letters = {k: column_letter(i) for i, k in enumerate(keys)}
    return SheetTable(
        path=path,
        sheet=form.title,
        form=form,
        header_row=first_row - 1,
        columns=letters,
        headers={k: form.column(k).header for k in keys},
        data=data,
        raw=text,
    )


def workbook(
    path: str,
    code: str | None,
    period: str = PERIOD,
    fill: dt.date | None = None,
    name: str = "",
    **sheets: list[dict[str, Any]],
) -> WorkbookRead:
    """A school's monthly workbook: its info sheet and the sheets given by kind."""
    values = {
        "school_code": code,
        "period": period,
        "school_name": name or f"学校{code}",
        "county_code": COUNTY,
        "fill_date": fill or dt.date(2026, 10, 26),
    }
    info = RecordSheet(
        path=path,
        sheet="填报信息",
        form=sm.INFO,
        values=values,
        raw={k: None if v is None else str(v) for k, v in values.items()},
        cells={},
    )
    forms = {f.kind.replace("-", "_"): f for f in sm.SCHOOL_MONTHLY.sheets}
    tables = [table(forms[kind], rows, path) for kind, rows in sheets.items()]
    return WorkbookRead(path=path, records=[info], tables=tables, family=sm.SCHOOL_MONTHLY)


def submission(wb: WorkbookRead, school: str | None = None) -> Submission:
    """An accepted submission of a workbook, as the inbox leaves it."""
    info = wb.record("info")
    code = info.values["school_code"] if info else None
    report = FileReport(path=wb.path, status="passed", school_code=code, period=PERIOD, workbook=wb)
    return Submission(
        path=wb.path,
        school_code=code,
        school=school or f"学校{code}",
        period=PERIOD,
        county_code=COUNTY,
        report=report,
    )


def reference(form: SheetSpec, rows: list[dict[str, Any]], path: str) -> SheetTable:
    """A county reference list (户籍, 脱贫户, 平台) as the reader returns it."""
    return table(form, rows, path, first_row=3)


HOUSEHOLD = county.HOUSEHOLD
POVERTY = county.POVERTY
PLATFORM = county.PLATFORM
