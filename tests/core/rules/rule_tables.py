"""Build reader-shaped SheetTables and a clean school workbook directly, without Excel files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from stdnum.cn.ric import calc_check_digit

from core.catalogue.schema import SheetSpec
from core.catalogue.school_monthly import (
    ATTENDANCE,
    DROPOUT,
    INFO,
    RETURN_VISITS,
    ROSTER,
    SCHOOL_MONTHLY,
    SUMMARY,
    SUSPECTED,
)
from core.policy import default_policy
from core.reader.model import RecordSheet, SheetTable, WorkbookRead, column_letter
from core.rules import Context

PATH = "城关一小.xlsx"
PERIOD = "2026-10"


@dataclass(frozen=True)
class Raw:
    """A cell the reader could not parse: data None, raw text kept."""

    text: str


def text(value: Any) -> str | None:
    """The raw text the reader keeps for a parsed value."""
    if value is None:
        return None
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def make_table(
    form: SheetSpec,
    rows: list[dict[str, Any]],
    *,
    header_row: int = 2,
    keys: list[str] | None = None,
) -> SheetTable:
    """A SheetTable whose first data row is header_row + 1; columns A, B, ... in form order."""
    present = keys or [k for k in form.keys if any(k in r for r in rows)]
    index = list(range(header_row + 1, header_row + 1 + len(rows)))
    values = [[r.get(k) for k in present] for r in rows]
    raw = pd.DataFrame(
        [[text(v) for v in row] for row in values], index=index, columns=present, dtype=object
    )
    data = pd.DataFrame(
        [[None if isinstance(v, Raw) else v for v in row] for row in values],
        index=index,
        columns=present,
        dtype=object,
    )
    return SheetTable(
        path=PATH,
        sheet=form.title,
        form=form,
        header_row=header_row,
        columns={k: column_letter(i) for i, k in enumerate(present)},
        headers={k: form.column(k).header for k in present},
        data=data,
        raw=raw,
    )


def make_record(form: SheetSpec, values: dict[str, Any]) -> RecordSheet:
    """A record sheet with label in column A and value in column B, from row 2."""
    keys = list(values)
    return RecordSheet(
        path=PATH,
        sheet=form.title,
        form=form,
        values={k: None if isinstance(v, Raw) else v for k, v in values.items()},
        raw={k: text(v) for k, v in values.items()},
        cells={k: (i + 2, "B") for i, k in enumerate(keys)},
    )


def id_number(birth: str, seq: int, region: str = "411525") -> str:
    """A valid ID: region, YYYYMMDD, 3-digit sequence (odd = male) and its check character."""
    body = f"{region}{birth}{seq:03d}"
    return body + calc_check_digit(body + "0")


PUPILS = [
    # name, gender, birth, grade
    ("张伟", "1", "20170305", "3"),
    ("李娜", "2", "20160611", "4"),
    ("王芳", "2", "20130120", "7"),
    ("刘洋", "1", "20180902", "2"),
]


def pupil(i: int) -> dict[str, Any]:
    """The roster row of pupil i."""
    name, gender, birth, grade = PUPILS[i]
    nid = id_number(birth, 11 + 2 * i if gender == "1" else 12 + 2 * i)
    return {
        "seq": i + 1,
        "student_no": "G" + nid,
        "name": name,
        "gender": gender,
        "id_number": nid,
        "birth_date": dt.date(int(birth[:4]), int(birth[4:6]), int(birth[6:])),
        "grade": grade,
        "class_name": "1班",
        "guardian": "家长",
        "guardian_phone": "13800138000",
        "schooling": "01",
    }


def attendance_row(p: dict[str, Any], due: int = 18, present: int = 18) -> dict[str, Any]:
    """A full-attendance row for a roster row."""
    return {
        "seq": p["seq"],
        "student_no": p["student_no"],
        "name": p["name"],
        "gender": p["gender"],
        "id_number": p["id_number"],
        "grade": p["grade"],
        "days_due": due,
        "days_present": present,
        "days_absent": due - present,
        "longest_run": 0,
        "absence_type": "0",
    }


INFO_VALUES = {
    "school_name": "城关一小",
    "school_code": "2141012345",
    "county_code": "411525",
    "period": PERIOD,
    "filled_by": "赵老师",
    "phone": "13900139000",
    "fill_date": dt.date(2026, 10, 27),
}


def summary_row(
    roster: int,
    attending: int,
    suspected: int = 0,
    dropout: int = 0,
    returned: int = 0,
    visits: int = 0,
) -> dict[str, Any]:
    """The summary's one row."""
    return {
        "roster_count": roster,
        "attending_count": attending,
        "suspected_count": suspected,
        "dropout_count": dropout,
        "returned_count": returned,
        "visit_count": visits,
    }


def school(
    *,
    roster: list[dict] | None = None,
    attendance: list[dict] | None = None,
    suspected: list[dict] | None = None,
    dropout: list[dict] | None = None,
    visits: list[dict] | None = None,
    summary: dict | None = None,
    info: dict | None = None,
) -> WorkbookRead:
    """A school workbook: the clean four-pupil school unless parts are given."""
    roster = roster if roster is not None else [pupil(i) for i in range(len(PUPILS))]
    attendance = attendance if attendance is not None else [attendance_row(p) for p in roster]
    summary = summary or summary_row(len(roster), len(attendance))
    ledger_keys = {SUSPECTED: None, DROPOUT: None, RETURN_VISITS: None}
    tables = [make_table(ROSTER, roster), make_table(ATTENDANCE, attendance)]
    for form, rows in ((SUSPECTED, suspected), (DROPOUT, dropout), (RETURN_VISITS, visits)):
        required = [c.key for c in form.columns if c.required]
        keys = ledger_keys[form] or [
            k for k in form.keys if k in required or any(k in r for r in rows or [])
        ]
        tables.append(make_table(form, rows or [], keys=keys))
    tables.append(make_table(SUMMARY, [summary]))
    return WorkbookRead(
        path=PATH,
        tables=tables,
        records=[make_record(INFO, info or INFO_VALUES)],
        family=SCHOOL_MONTHLY,
    )


def context(wb: WorkbookRead, period: str | None = PERIOD) -> Context:
    """A Context under the default policy."""
    return Context(workbook=wb, policy=default_policy(), period=period)


def described(findings: list[Any]) -> list[tuple[Any, ...]]:
    """(code, severity, sheet, row, column, message) of each finding, in workbook order."""
    return sorted(
        ((f.code, str(f.severity), f.sheet, f.row, f.column, f.message) for f in findings),
        key=lambda t: (*("" if x is None else str(x) for x in t[2:5]), t[0]),
    )


def write_xlsx(wb: WorkbookRead, path: Any) -> Any:
    """Write a built workbook as the Excel file a school would send (title, header, rows)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for rec in wb.records:
        ws = book.create_sheet(rec.sheet)
        ws.append([rec.form.title])
        for key in rec.cells:
            ws.append([rec.form.column(key).header, rec.raw[key]])
    for t in wb.tables:
        ws = book.create_sheet(t.sheet)
        ws.append([f"{t.form.title}（{PERIOD}）"])
        ws.append(list(t.headers.values()))
        for row in t.data.index:
            ws.append([_cell(t.data.at[row, k], t.raw.at[row, k]) for k in t.columns])
    book.save(path)
    return path


def _cell(value: Any, raw: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return raw


NARROW_TERMS = (("09-01", "01-15"), ("02-25", "07-05"))
"""Terms of 1 September to 15 January and 25 February to 5 July, for tests about breaks that
must not depend on the default policy's assumed term dates."""


def with_terms(ctx: Any, terms: tuple[tuple[str, str], ...] = NARROW_TERMS) -> Any:
    """The context with its policy's usual terms replaced."""
    from dataclasses import replace

    from core.calendar import Terms

    ctx.policy = replace(ctx.policy, terms=Terms(usual=terms))
    return ctx
