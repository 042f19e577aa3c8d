"""One form-to-sheet path: the county's and the roll-up's ledgers show a row the same way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from core.catalogue import county as cy
from core.model.books import CountyBook, RollupBook
from core.writers.county_writer import write_county_workbook
from core.writers.rollup_writer import write_rollup

ROW = {
    "school_code": "2141000001",
    "name": "张三",
    "gender": "1",
    "id_number": "4115**********001X",
    "birth_date": dt.date(2013, 5, 1),
    "status": "1",
    "poverty": True,
    "orphan": False,
    "source_row": float("nan"),
    "source_file": "罗山县.xlsx",
    "source_sheet": "辍学台账",
}
SHOWN = ["张三", "男", "4115**********001X", dt.datetime(2013, 5, 1), "未返校", "是", "否", None]
KEYS = ["name", "gender", "id_number", "birth_date", "status", "poverty", "orphan", "source_row"]


def _shown(path: Path) -> tuple[list, list]:
    ws = load_workbook(path)[cy.COUNTY_DROPOUT.title]
    col = {c.key: i + 1 for i, c in enumerate(cy.COUNTY_DROPOUT.columns)}
    headers = [c.value for c in ws[2]]
    return headers, [ws.cell(3, col[k]).value for k in KEYS]


def test_county_and_rollup_ledgers_show_codes_yes_no_and_gaps_alike(tmp_path: Path) -> None:
    # A missing number (NaN in a pandas column) is an empty cell on both, not the text "nan".
    frame = pd.DataFrame([ROW])
    empty = pd.DataFrame({"source_file": [], "source_sheet": [], "source_row": []})
    frames = {
        kind: frame if form is cy.COUNTY_DROPOUT else empty
        for kind, form in cy.LEDGER_FORMS.items()
    }
    county = CountyBook(info={}, schools=[{}], frames=frames)
    rollup = RollupBook(
        "地市", "2026-10", "411500", "信阳市", [{}], [], [], {"ledger-dropout": frame}
    )
    county_path = write_county_workbook(county, tmp_path / "县区.xlsx").path
    rollup_path = write_rollup(rollup, tmp_path / "地市.xlsx").path
    assert _shown(county_path) == ([c.header for c in cy.COUNTY_DROPOUT.columns], SHOWN)
    assert _shown(rollup_path) == ([c.header for c in cy.COUNTY_DROPOUT.columns], SHOWN)
