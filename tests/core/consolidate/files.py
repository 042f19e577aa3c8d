"""Small county inboxes written as real .xlsx files, headers taken from the catalogue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from core.catalogue import county
from core.catalogue import school_monthly as sm
from core.catalogue.schema import SheetSpec
from tests.conftest import write_workbook
from tests.core.reader.reader_corpus import id_number

PERIOD = "2026-10"


def ident(n: int, birth: str = "20150901") -> dict[str, Any]:
    """A pupil with a valid ID, as cell values by column key."""
    return {
        "student_no": f"G{id_number(n, birth)}",
        "name": f"学生{n}",
        "gender": "男",
        "id_number": id_number(n, birth),
        "birth_date": f"{birth[:4]}-{birth[4:6]}-{birth[6:]}",
        "grade": "五年级",
        "class_name": "1班",
    }


def sheet_rows(form: SheetSpec, rows: list[dict[str, Any]]) -> list[list[Any]]:
    """A title row, the catalogue headers and the rows (序号 numbered)."""
    keys = form.keys
    body = [[i + 1 if k == "seq" else r.get(k) for k in keys] for i, r in enumerate(rows)]
    return [[form.title], [form.column(k).header for k in keys], *body]


def school_file(
    path: Path,
    code: str,
    name: str,
    *,
    period: str = PERIOD,
    fill: dt.date = dt.date(2026, 10, 26),
    roster: list[int] = (),
    absent: dict[int, int] | None = None,
    dropout: list[int] = (),
    suspected: list[int] = (),
) -> Path:
    """A school's monthly workbook: info sheet, roster, attendance, ledgers, summary."""
    absent = absent or {}
    info = {
        "school_name": name,
        "school_code": code,
        "county_code": "411525",
        "period": period,
        "filled_by": "王老师",
        "phone": "13800000000",
        "fill_date": fill.isoformat(),
    }
    sheets = {
        sm.INFO.title: [[sm.INFO.column(k).header, v] for k, v in info.items()],
        sm.ROSTER.title: sheet_rows(sm.ROSTER, [ident(n) for n in roster]),
        sm.ATTENDANCE.title: sheet_rows(
            sm.ATTENDANCE, [_attendance(n, absent.get(n, 0)) for n in roster]
        ),
        sm.SUSPECTED.title: sheet_rows(sm.SUSPECTED, [_suspected(n) for n in suspected]),
        sm.DROPOUT.title: sheet_rows(sm.DROPOUT, [_dropout(n) for n in dropout]),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_workbook(path, sheets)


def _attendance(n: int, absent_days: int) -> dict[str, Any]:
    return {
        **ident(n),
        "days_due": 20,
        "days_present": 20 - absent_days,
        "days_absent": absent_days,
        "longest_run": absent_days,
        "absence_type": "无故缺勤" if absent_days else "无缺勤",
    }


def _suspected(n: int) -> dict[str, Any]:
    return {
        **ident(n),
        "first_absence": "2026-10-12",
        "absent_days": 6,
        "reason": "厌学",
        "responsible": "李老师",
        "status": "跟踪中",
    }


def _dropout(n: int) -> dict[str, Any]:
    return {
        **ident(n),
        "dropout_month": "2026-09",
        "reason": "外出务工",
        "responsible": "李老师",
        "status": "未返校",
    }


def list_file(path: Path, form: SheetSpec, rows: list[dict[str, Any]]) -> Path:
    """A county reference list (学校名录, 户籍, 脱贫户, 平台)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_workbook(path, {form.title: sheet_rows(form, rows)})


def school_list(path: Path, schools: dict[str, str]) -> Path:
    """学校名录 of the county."""
    rows = [
        {"school_code": c, "school_name": n, "county_code": "411525", "stage": "小学"}
        for c, n in schools.items()
    ]
    return list_file(path, county.SCHOOL_LIST, rows)
