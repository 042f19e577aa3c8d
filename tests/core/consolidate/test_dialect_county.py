# ruff: noqa: RUF001 (schools type full-width brackets)
"""A county whose every school renames its headers: every school accepted, every row merged."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import openpyxl
import pytest

from core.consolidate import consolidate
from core.demo import generate_county

pytestmark = pytest.mark.slow

DIALECT = {
    "姓名": ["学生姓名", "本人姓名（必填）"],
    "身份证件号": ["身份证", "学生身份证号码〔文本〕"],
    "学籍号": ["学籍主号", "全国学籍号（18位）"],
    "年级": ["年级名称", "所在年级*"],
    "班级": ["班级名称", "所在班级"],
    "应出勤天数": ["本月应到(天)", "应出勤（单位：天）"],
    "实出勤天数": ["本月实到〔天〕", "实到天数[工作日]"],
    "缺勤天数": ["旷课天数合计", "缺勤天数(日)"],
    "家庭住址": ["现居住地址"],
}
"""Catalogue headers -> what other schools write (none of it the school's own template)."""


def _rewrite(path: Path, rng: random.Random) -> None:
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(max_row=8):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip() in DIALECT:
                    cell.value = rng.choice(DIALECT[cell.value.strip()])
    book.save(path)


def _run(demo, inbox: Path, out: Path):
    return consolidate(
        inbox,
        demo.period,
        out,
        schools=demo.school_list,
        household=demo.household,
        poverty=demo.poverty,
        platform=demo.platform,
        passwords=demo.passwords,
    )


def test_every_dialect_school_is_accepted_and_every_row_merged(tmp_path: Path) -> None:
    demo = generate_county(tmp_path / "demo", schools=10, students=40)
    dialect = tmp_path / "方言收件箱"
    shutil.copytree(demo.inbox, dialect)
    rng = random.Random(14)
    for path in sorted(dialect.rglob("*.xlsx")):
        try:
            _rewrite(path, rng)
        except Exception:  # an encrypted or broken planted file stays as it is
            continue
    same = _run(demo, demo.inbox, tmp_path / "原样.xlsx")
    renamed = _run(demo, dialect, tmp_path / "方言.xlsx")
    statuses = [(Path(s.path).name, s.status) for s in renamed.submissions]
    assert statuses == [(Path(s.path).name, s.status) for s in same.submissions]
    assert renamed.totals == same.totals
    assert renamed.missing == same.missing
    codes = sorted((f.code, f.severity) for f in renamed.findings)
    assert codes == sorted((f.code, f.severity) for f in same.findings)
    errors = {
        (Path(s.path).name, f.code)
        for s in renamed.accepted
        for f in s.findings
        if f.severity == "error"
    }
    assert errors == {
        (Path(s.path).name, f.code)
        for s in same.accepted
        for f in s.findings
        if f.severity == "error"
    }
