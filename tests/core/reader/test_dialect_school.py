"""A correct school written in another school's words has no error: the reader understands it."""

from __future__ import annotations

import random
import shutil
import zipfile
from pathlib import Path

import pytest
from dialects import rewrite_school

from core.demo import generate_county
from core.model.findings import Severity
from core.validate import validate_paths

pytestmark = pytest.mark.slow


def test_every_correct_school_in_a_dialect_has_no_error(tmp_path: Path) -> None:
    demo = generate_county(tmp_path / "demo", schools=10, students=20, clean=True)
    schools = sorted(demo.inbox.rglob("*.xlsx"))
    rng = random.Random(2026)
    written = []
    for n, path in enumerate(schools * 2):  # each school in two dialects
        copy = tmp_path / "方言" / f"{n:02d}_{path.name}"
        copy.parent.mkdir(exist_ok=True)
        shutil.copy(path, copy)
        try:
            rewrite_school(copy, rng)
        except zipfile.BadZipFile:  # a school that sends its report encrypted
            copy.unlink()
            continue
        written.append(copy)
    reports = validate_paths(written)
    errors = [
        (Path(r.path).name, f.code, f.sheet, f.message)
        for r in reports
        for f in r.findings
        if f.severity is Severity.ERROR
    ]
    assert len(written) >= 12  # not a vacuous pass
    assert (len(reports), errors) == (len(written), [])


def _info_into_title_rows(path: Path, rng: random.Random) -> dict[str, str]:
    """Move a school's 填报信息 into its roster's title rows ("学校名称：…  学校标识码：…
    填报月份：…" in one merged cell above the header, spaced as clerks type it) and delete
    the sheet; returns the labels' values."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    info = book["填报信息"]
    values = {str(r[0]): r[1] for r in info.iter_rows(values_only=True) if r and r[0] and r[1]}
    del book["填报信息"]
    roster = book["学籍名册"]
    roster.insert_rows(1)
    year, month = str(values["填报月份"]).split("-")
    spelled = [f"{year}年{int(month)}月", f"{year} 年 {int(month)} 月", f"{year}.{month}"]
    period = rng.choice(spelled)
    gap, colon = rng.choice(["  ", "\u3000", "\t"]), rng.choice(["：", ":", "： "])
    pairs = [("学校名称", values["学校名称"]), ("学校标识码", values["学校标识码"])]
    pairs.append(("填报月份", period))
    roster["A1"] = gap.join(f"{label}{colon}{value}" for label, value in pairs)
    roster.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
    book.save(path)
    return values


def test_a_school_whose_info_is_only_in_title_rows_has_no_error(tmp_path: Path) -> None:
    demo = generate_county(tmp_path / "demo", schools=10, students=20, clean=True)
    rng = random.Random(2027)
    written = []
    for n, path in enumerate(sorted(demo.inbox.rglob("*.xlsx"))):
        copy = tmp_path / "标题" / f"{n:02d}_{path.name}"
        copy.parent.mkdir(exist_ok=True)
        shutil.copy(path, copy)
        try:
            values = _info_into_title_rows(copy, rng)
        except zipfile.BadZipFile:  # a school that sends its report encrypted
            copy.unlink()
            continue
        written.append((copy, values))
    reports = validate_paths([p for p, _ in written])
    got = [
        (
            r.workbook.identity().school_code,
            r.workbook.identity().period,
            sorted((f.code, f.severity, f.sheet, f.message) for f in r.findings),
        )
        for r in reports
    ]
    missing = ("县区代码", "填表人", "联系电话", "填报日期")
    want = [
        (
            values["学校标识码"],
            str(values["填报月份"]),
            sorted(
                ("missing-column", Severity.WARNING, "学籍名册", f"“填报信息”缺少“{label}”列")
                for label in missing
            ),
        )
        for _, values in written
    ]
    assert len(written) >= 3  # not a vacuous pass
    assert got == want
