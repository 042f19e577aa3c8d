"""Shared by the tests of checklist, register import and the 复核 page: demo --months N, each
month consolidated into one register, and the 入户核查清单 filled in as a clerk would."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import openpyxl

from core.catalogue import review as rv
from desktop.cli import main

LISTS = {
    "schools": "学校名录.xlsx",
    "household": "户籍适龄儿童名单.xlsx",
    "poverty": "脱贫户家庭成员名单.xlsx",
}
"""consolidate's option -> the demo's list beside each month's inbox."""


def run(*argv: str) -> tuple[int, str]:
    """The CLI's exit status and what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


def consolidated_demo(
    out: Path, period: str, months: int = 3, lists: tuple[str, ...] = tuple(LISTS)
) -> Path:
    """demo --months N (3 schools, 40 pupils, seed 11) in out, every month consolidated in
    order with the given lists into out/个案登记册.sqlite (returned)."""
    assert main(["demo", "--out", str(out), "--period", period, "--months", str(months),
                 "--schools", "3", "--students", "40", "--seed", "11"]) == 0  # fmt: skip
    register = out / "个案登记册.sqlite"
    for month in sorted(m for m in out.iterdir() if m.is_dir()):
        argv = ["consolidate", str(month / "收件箱"), "--period", month.name,
                "--out", str(month / "县区汇总.xlsx"), "--register", str(register)]  # fmt: skip
        for key in lists:
            argv += [f"--{key}", str(month / LISTS[key])]
        code, _ = run(*argv)
        assert code in (0, 1)
    return register


def check_list_columns() -> dict[str, str]:
    """The 入户核查清单's column letter of each key of its catalogue form."""
    return {
        c.key: openpyxl.utils.get_column_letter(i + 1) for i, c in enumerate(rv.FIELD_CHECK.columns)
    }


def fill_check_list(book: Path, visits: dict[int, dict[str, Any]], out: Path) -> Path:
    """The list as the clerk brings it back: at each Excel row, the values written in the
    columns named by their keys (check_date, checker, check_result, check_note...), saved as out."""
    wb = openpyxl.load_workbook(book)
    ws = wb["入户核查清单"]
    col = check_list_columns()
    for row, values in visits.items():
        for key, value in values.items():
            ws[f"{col[key]}{row}"] = value
    wb.save(out)
    return out
