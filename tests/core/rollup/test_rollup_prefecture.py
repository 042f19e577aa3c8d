"""A prefecture from hand-built county workbooks, then a province from two prefectures."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from core.rollup import rollup
from tests.conftest import summarize
from tests.core.rollup.county_books import CountySpec, kid, write_county

IN_WINDOW = dt.date(2026, 10, 15)
FULL_ID = re.compile(r"\d{17}[\dX]")


def _counties(prefix: str) -> list[tuple[CountySpec, dict[str, int]]]:
    """Three counties of a prefecture, with their true counts (hand-computed)."""
    a, b, c = f"{prefix}21", f"{prefix}22", f"{prefix}23"
    shared = kid(a, 1)
    county_a = CountySpec(
        a,
        "甲县",
        [kid(a, i) for i in range(1, 6)],
        [20, 20, 0, 0, 18],
        suspected=[kid(a, 3, status="1", first_absence=dt.date(2026, 10, 8), left_behind="1")],
        dropout=[
            kid(a, 4, status="1", migrant=True, hukou_region="411302"),
            kid(a, 5, status="2", status_date=IN_WINDOW),
        ],
    )
    county_b = CountySpec(
        b,
        "乙县",
        [*(kid(b, i) for i in range(1, 5)), {**shared, "county_code": b}],
        [20] * 5,
        dropout=[kid(b, 4, status="3")],
    )
    county_c = CountySpec(
        c,
        "丙县",
        [kid(c, i) for i in range(1, 4)],
        [20, 0, 0],
        suspected=[kid(c, 2, status="1", orphan=True), kid(c, 3, status="1")],
        declared={"suspected_count": 1},
    )
    return [
        (
            county_a,
            {
                "roster_count": 5,
                "attending_count": 3,
                "suspected_count": 1,
                "dropout_count": 1,
                "returned_count": 1,
            },
        ),
        (
            county_b,
            {
                "roster_count": 5,
                "attending_count": 5,
                "suspected_count": 0,
                "dropout_count": 0,
                "returned_count": 0,
            },
        ),
        (
            county_c,
            {
                "roster_count": 3,
                "attending_count": 1,
                "suspected_count": 2,
                "dropout_count": 0,
                "returned_count": 0,
            },
        ),
    ]


def _unit_list(path: Path, units: list[tuple[str, str]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "单位名单"
    ws.append(["序号", "单位代码", "单位名称"])
    for i, (code, name) in enumerate(units, start=1):
        ws.append([i, code, name])
    wb.save(path)
    return path


def build_prefecture(root: Path, prefix: str) -> tuple[Path, Path]:
    """An inbox: 3 counties (one resent, one with bad totals), a wrong-period file; a unit list."""
    inbox = root / f"inbox{prefix}"
    inbox.mkdir(parents=True)
    counties = _counties(prefix)
    for spec, counts in counties:
        write_county(inbox / f"{spec.name}.xlsx", spec, counts)
    first, counts = counties[0]
    first.made_on = dt.date(2026, 10, 20)
    write_county(inbox / f"{first.name}(旧).xlsx", first, counts)
    late, counts = _counties(prefix)[1]
    late.code, late.name, late.period = f"{prefix}24", "丁县", "2026-09"
    write_county(inbox / "丁县.xlsx", late, counts)
    names = [(s.code, s.name) for s, _ in counties] + [(f"{prefix}24", "丁县")]
    return inbox, _unit_list(root / f"units{prefix}.xlsx", names)


@pytest.fixture
def prefecture(tmp_path: Path):
    inbox, units = build_prefecture(tmp_path, "4115")
    out = tmp_path / "信阳市.xlsx"
    return rollup(inbox, "prefecture", "2026-10", out, units=units, unit_name="信阳市"), tmp_path


def test_prefecture_findings(prefecture) -> None:
    result, _ = prefecture
    got = sorted(
        (f.code, Path(f.file).name if f.file else None, f.sheet, f.row) for f in result.findings
    )
    assert got == [
        ("duplicate-across-units", "乙县.xlsx", "适龄儿童台账", 6),
        ("duplicate-across-units", "甲县.xlsx", "适龄儿童台账", 2),
        ("migrant-dropout-elsewhere", "甲县.xlsx", "辍学台账", 2),
        ("missing-unit", None, None, None),
        ("superseded-unit", "甲县(旧).xlsx", None, None),
        ("unit-totals-mismatch", "丙县.xlsx", "学校汇总", 3),
        ("wrong-period", "丁县.xlsx", None, None),
    ]
    mismatch = next(f for f in result.findings if f.code == "unit-totals-mismatch")
    assert mismatch.message == "丙县 的“疑似辍学人数”汇总为 1，按其台账应为 2"
    assert result.missing == [("411524", "丁县")]


def test_prefecture_metrics_are_the_ledger_counts(prefecture) -> None:
    result, _ = prefecture
    t = result.totals
    assert [
        t[k]
        for k in (
            "roster_count",
            "attending_count",
            "suspected_count",
            "dropout_count",
            "returned_count",
            "resumed_count",
            "closed_count",
            "dropout_total",
        )
    ] == [13, 9, 3, 1, 1, 1, 1, 3]
    assert [t[k] for k in ("dropout_rate", "possible_rate", "return_rate", "closing_rate")] == [
        7.69,
        23.08,
        33.33,
        33.33,
    ]
    assert [t[k] for k in ("orphan", "left_behind", "migrant", "disability")] == [1, 1, 1, 0]
    by_unit = {r["unit_code"]: r.get("suspected_count") for r in result.rows[:-1]}
    assert by_unit == {"411521": 1, "411522": 0, "411523": 2, "411524": None}


def test_masked_output_has_no_full_id(prefecture) -> None:
    result, _ = prefecture
    wb = load_workbook(result.out_path)
    cells = [str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v]
    assert not [v for v in cells if FULL_ID.search(v)]
    assert any("**********" in v for v in cells)


def test_province_from_two_prefectures(tmp_path: Path) -> None:
    inbox = tmp_path / "省收件箱"
    inbox.mkdir()
    for prefix, name in (("4115", "信阳市"), ("4113", "南阳市")):
        pref_inbox, units = build_prefecture(tmp_path, prefix)
        rollup(
            pref_inbox, "prefecture", "2026-10", inbox / f"{name}.xlsx", units=units, unit_name=name
        )
    result = rollup(inbox, "province", "2026-10", tmp_path / "河南省.xlsx", unit_name="河南省")
    assert result.unit_code == "410000"
    assert [(r["unit_code"], r["roster_count"], r["dropout_count"]) for r in result.rows] == [
        ("411300", 13, 1),
        ("411500", 13, 1),
        (None, 26, 2),
    ]
    assert summarize(result.findings) == [
        ("migrant-dropout-elsewhere", "辍学台账", 2, "R"),
        ("migrant-dropout-elsewhere", "辍学台账", 2, "R"),
    ]
