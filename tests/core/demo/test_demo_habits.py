"""The messy schools' files carry every formatting habit of real submissions."""

from __future__ import annotations

import io
import json
import re
import zipfile

import msoffcrypto
import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from core.catalogue import school_monthly as sm
from core.demo import generate_county


@pytest.fixture(scope="module")
def messy(tmp_path_factory) -> dict[str, bytes]:
    """The bytes of every messy school's workbook (decrypted, or taken out of the zip)."""
    county = generate_county(tmp_path_factory.mktemp("county"))
    key = json.loads(county.answer_key.read_text("utf-8"))
    files = [f for s in key["schools"] if s["case"] == "messy" for f in s["files"]]
    return {f: _open(county.out_dir, f, county.passwords) for f in files}


def _open(root, file: str, passwords: list[str]) -> bytes:
    if ".zip/" in file:
        archive, member = file.split(".zip/")
        with zipfile.ZipFile(root / f"{archive}.zip") as zf:
            return zf.read(member)
    data = (root / file).read_bytes()
    if not data.startswith(b"\xd0\xcf\x11\xe0") or file.endswith(".xls"):
        return data
    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    office.load_key(password=passwords[0])
    out = io.BytesIO()
    office.decrypt(out)
    return out.getvalue()


def _texts(data: bytes) -> tuple[list[str], list[str]]:
    """(sheet names, every text cell) of a workbook."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    cells = [
        str(v)
        for name in book.sheet_names
        for row in book.get_sheet_by_name(name).to_python()
        for v in row
        if isinstance(v, str) and v
    ]
    return book.sheet_names, cells


def test_messy_files_show_every_habit(messy) -> None:
    names, cells = [], []
    for data in messy.values():
        n, c = _texts(data)
        names += n
        cells += c
    aliases = {a for s in sm.SCHOOL_MONTHLY.sheets for a in s.title_aliases}
    synonyms = {y for c in sm.ROSTER.columns for y in c.synonyms}
    assert any(n in aliases for n in names), "renamed sheets"
    assert synonyms & set(cells), "renamed headers"
    assert any(c.startswith("学校标识码：") for c in cells), "info row above the header"
    assert "出勤情况（天）" in cells, "two-row header"
    assert any(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", c) for c in cells), "text dates"
    assert any(re.fullmatch(r"\d{4}\.\d{1,2}\.\d{1,2}", c) for c in cells), "dotted dates"
    assert any(re.search("[\\uff10-\\uff19]", c) for c in cells), "full-width digits"
    assert any(re.fullmatch(r"\d{17}x", c) for c in cells), "lower-case x"
    assert any(c.startswith("校长签字") for c in cells), "footer rows"
    assert any(f.endswith(".xls") for f in messy), "legacy .xls"


def test_a_messy_roster_merges_its_class_cells(messy) -> None:
    merged = []
    for file, data in messy.items():
        if file.endswith(".xls"):
            continue
        book = openpyxl.load_workbook(io.BytesIO(data))
        for ws in book.worksheets:
            merged += [r for r in ws.merged_cells.ranges if r.min_row > 3 and r.size["rows"] > 1]
    assert merged, "班级 merged over its pupils"
