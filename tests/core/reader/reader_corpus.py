"""The reader's corpus: school workbooks with every habit real submissions have, made by code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROSTER_HEADER = ["序号", "学籍号", "姓名", "性别", "身份证件号", "出生日期", "年级", "班级"]
ATTENDANCE_HEADER = ["序号", "姓名", "身份证件号", "应出勤天数", "实出勤天数", "缺勤天数"]
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(seq: int, birth: str = "20150901", region: str = "411525") -> str:
    """A valid 18-digit ID (GB 11643 check character) for a sequence number."""
    body = f"{region}{birth}{seq % 1000:03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]
    return body + check


def wide(text: str) -> str:
    """The full-width form of ASCII text, as Chinese input methods type it."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def pupil(i: int, **overrides: Any) -> list[Any]:
    """One roster row in ROSTER_HEADER order; overrides by header name."""
    values = {
        "序号": i,
        "学籍号": f"G{id_number(i)}",
        "姓名": f"学生{i}",
        "性别": "男" if i % 2 else "女",
        "身份证件号": id_number(i),
        "出生日期": "2015-09-01",
        "年级": "三年级",
        "班级": "1班",
    }
    values.update(overrides)
    return [values[h] for h in ROSTER_HEADER]


def pupils(n: int, start: int = 1) -> list[list[Any]]:
    """n roster rows."""
    return [pupil(i) for i in range(start, start + n)]


def write_xlsx(
    path: Path,
    sheets: dict[str, Sequence[Sequence[Any]]],
    *,
    merges: dict[str, list[str]] | None = None,
    hidden_rows: dict[str, list[int]] | None = None,
    hidden_sheets: Sequence[str] = (),
) -> Path:
    """An .xlsx written by openpyxl, values as given (str stays text, numbers stay numbers)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
        for r in (hidden_rows or {}).get(name, []):
            ws.row_dimensions[r].hidden = True
        if name in hidden_sheets:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def write_xls(path: Path, sheets: dict[str, Sequence[Sequence[Any]]]) -> Path:
    """A legacy .xls written with xlwt (dates as real date cells)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for name, rows in sheets.items():
        ws = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    ws.write(r, c, value, date_style)
                elif value is not None and value != "":
                    ws.write(r, c, value)
    book.save(str(path))
    return path
