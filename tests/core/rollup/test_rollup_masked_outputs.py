"""Above the county, what goes up holds only what the level needs: no full name, ID or phone.

The inputs are the sample prefecture's county workbooks (generated, varied by seed); the values
searched for are read from those inputs, so the test follows whatever the generator produces.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from core.catalogue import columns as c
from core.catalogue import county as cy
from core.catalogue import rollup as rf
from core.privacy import mask_name
from core.rollup import rollup
from core.rollup.sample import make_sample_prefecture

pytestmark = pytest.mark.slow
PEOPLE_HEADERS = {
    c.NAME.header: "name",
    c.ID_NUMBER.header: "id",
    c.STUDENT_NO.header: "id",
    c.GUARDIAN.header: "guardian",
    c.GUARDIAN_PHONE.header: "phone",
    c.ADDRESS.header: "address",
}
"""The catalogue's headers of the personal columns, as the county workbooks write them."""


def _cells(path: Path) -> list[tuple[str, str, str]]:
    """Every non-empty cell of a workbook as (sheet, coordinate, text)."""
    out = []
    for ws in load_workbook(path, read_only=False).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    out.append((ws.title, cell.coordinate, str(cell.value)))
    return out


def _personal(paths: list[Path]) -> dict[str, set[str]]:
    """The names, IDs, guardians' names, phones and addresses the county workbooks hold."""
    found: dict[str, set[str]] = {k: set() for k in set(PEOPLE_HEADERS.values())}
    for p in paths:
        for ws in load_workbook(p, read_only=True).worksheets:
            rows = ws.iter_rows(values_only=True)
            for head in rows:
                if head and "姓名" in head:
                    break
            else:
                continue
            cols = {i: PEOPLE_HEADERS[h] for i, h in enumerate(head) if h in PEOPLE_HEADERS}
            for r in rows:
                for i, kind in cols.items():
                    v = r[i] if i < len(r) else None
                    if isinstance(v, str | int) and str(v).strip():
                        found[kind].add(str(v).strip())
    return found


@pytest.fixture(scope="module")
def rolled(tmp_path_factory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("masked")
    # Consolidated with a case register: the county workbooks carry 个案台账 and 销号记录 too.
    sample = make_sample_prefecture(root / "地市", schools=10, students=12, register=True)
    out = {}
    for unmask in (False, True):
        target = root / f"信阳市{'-unmask' if unmask else ''}.xlsx"
        rollup(sample.inbox, "prefecture", "2026-10", target, units=sample.units, unmask=unmask)
        out[unmask] = target
    return {"inputs": list(sample.counties.values()), **out}


def test_masked_rollup_holds_no_full_name_id_phone_or_address(rolled) -> None:
    personal = _personal(rolled["inputs"])
    # The inputs do hold every kind of personal value, else the scan below proves nothing.
    assert {k for k, v in personal.items() if v} == {"name", "id", "guardian", "phone", "address"}
    cells = _cells(rolled[False])
    leaks = []
    for sheet, coord, text in cells:
        for kind, values in personal.items():
            for v in values:
                short_name = kind in ("name", "guardian") and len(v) < 2
                if not short_name and v in text:
                    leaks.append((sheet, coord, kind))
    assert leaks == []
    phones = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
    assert [(s, c) for s, c, t in cells if phones.search(t)] == []


def _case_sheet_people(paths: list[Path]) -> dict[str, set[str]]:
    """The names and IDs of the county workbooks' 个案台账 and 销号记录, nothing else."""
    found: dict[str, set[str]] = {"name": set(), "id": set()}
    for p in paths:
        wb = load_workbook(p, read_only=True)
        for title in (cy.COUNTY_CASES.title, cy.COUNTY_CLOSURES.title):
            rows = wb[title].iter_rows(values_only=True)
            head = next(r for r in rows if r and c.NAME.header in r)
            cols = {i: PEOPLE_HEADERS[h] for i, h in enumerate(head) if h in PEOPLE_HEADERS}
            for r in rows:
                for i, kind in cols.items():
                    if r[i] not in (None, ""):
                        found[kind].add(str(r[i]))
    return found


def test_no_name_or_id_of_the_case_register_sheets_reaches_the_rollup(rolled) -> None:
    """个案汇总 carries counts only: masked, no name or ID of 个案台账 or 销号记录 is anywhere in
    the prefecture's workbook; unmasked, none is in 个案汇总."""
    people = _case_sheet_people(rolled["inputs"])
    assert people["name"], "the county workbooks list their cases"
    assert people["id"]
    masked, unmasked = _cells(rolled[False]), _cells(rolled[True])
    assert cy.COUNTY_CASES.title not in {s for s, _c, _t in masked}
    assert rf.UNIT_CASES.title in {s for s, _c, _t in masked}
    leaks = [
        (s, coord, kind)
        for s, coord, text in masked
        for kind, values in people.items()
        for v in values
        if len(v) >= 2 and v in text
    ]
    assert leaks == []
    # Unmasked, the ledgers keep their names, but 个案汇总 is counts all the same.
    sheet = [t for s, _c, t in unmasked if s == rf.UNIT_CASES.title]
    assert sheet, "the roll-up has a 个案汇总"
    assert [t for t in sheet for vs in people.values() for v in vs if len(v) >= 2 and v in t] == []


def test_masked_rollup_shows_names_as_first_and_last_character(rolled) -> None:
    personal = _personal(rolled["inputs"])
    shown = {t for _s, _c, t in _cells(rolled[False])}
    ledger_names = {
        str(r[1])
        for r in _sheet_rows(rolled[False], "疑似辍学台账") + _sheet_rows(rolled[False], "辍学台账")
    }
    assert ledger_names, "the roll-up's case ledgers list pupils"
    assert ledger_names <= {mask_name(n) for n in personal["name"]}
    assert ledger_names <= shown


def _sheet_rows(path: Path, title: str) -> list[tuple[Any, Any]]:
    """(row number, 姓名) of every data row of a sheet."""
    ws = load_workbook(path, read_only=True)[title]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if "姓名" in r)
    col = rows[head].index("姓名")
    return [(n, r[col]) for n, r in enumerate(rows[head + 1 :], start=head + 2) if r[col]]


def test_unmasked_rollup_keeps_the_full_names(rolled) -> None:
    personal = _personal(rolled["inputs"])
    names = {str(n) for _r, n in _sheet_rows(rolled[True], "疑似辍学台账")}
    assert names
    assert names <= personal["name"]


def test_mask_name_keeps_first_and_last_character() -> None:
    assert [mask_name(n) for n in ("张三明", "张三", "欧阳小明", "张", "张*明", None)] == [
        "张*明",
        "张*",
        "欧**明",
        "*",
        "张*明",
        None,
    ]
