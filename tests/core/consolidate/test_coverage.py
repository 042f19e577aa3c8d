"""The 户籍 comparison says which schools' rolls it could not look in, and never reads a gap as
a child out of school."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from core.catalogue import county
from core.catalogue import school_monthly as sm
from core.consolidate import consolidate
from core.reader import read_workbook
from tests.core.consolidate.files import PERIOD, ident, list_file, school_file, school_list

A, B, C, D = "2141000001", "2141000002", "2141000003", "2141000004"
SCHOOLS = {A: "城关一小", B: "城关二小", C: "南关小学", D: "东关小学"}


def _without_roll(path: Path) -> Path:
    book = openpyxl.load_workbook(path)
    del book[sm.ROSTER.title]
    book.save(path)
    return path


@pytest.fixture
def refs(tmp_path: Path) -> dict[str, Path]:
    return {
        "schools": school_list(tmp_path / "学校名录.xlsx", SCHOOLS),
        "household": list_file(
            tmp_path / "户籍.xlsx", county.HOUSEHOLD, [ident(1), ident(2), ident(50)]
        ),
    }


def _run(tmp_path: Path, refs: dict[str, Path]):
    return consolidate(tmp_path / "收件箱", PERIOD, tmp_path / "县区汇总.xlsx", **refs)


def test_schools_missing_rejected_or_without_a_roll_are_named_and_every_finding_says_so(
    tmp_path, refs
):
    inbox = tmp_path / "收件箱"
    school_file(inbox / "一小.xlsx", A, SCHOOLS[A], roster=[1, 2])
    school_file(inbox / "二小.xlsx", B, SCHOOLS[B], period="2026-09", roster=[3])
    _without_roll(school_file(inbox / "东关.xlsx", D, SCHOOLS[D], roster=[4]))
    result = _run(tmp_path, refs)
    unmatched = [f.message for f in result.findings if f.code == "household-unmatched"]
    sheet = openpyxl.load_workbook(result.out_path)[county.COMPARISON.title]
    gaps = [[r[5], r[6]] for r in sheet.iter_rows(values_only=True) if str(r[6]).startswith("未能")]
    info = read_workbook(result.out_path).record("county-info").values
    assert result.to_json()["coverage"] == {
        "schools": 4,
        "covered": 1,
        "not_covered": [
            {"school_code": B, "school": "城关二小", "reason": "rejected"},
            {"school_code": C, "school": "南关小学", "reason": "missing"},
            {"school_code": D, "school": "东关小学", "reason": "no-roster"},
        ],
    }
    assert unmatched == [
        "户籍中的适龄儿童“学生50”（11 周岁）在已比对的 1 所学校的名册中都没有学籍，待核实；"
        "另有 3 所学校的名册未能比对（未报送或无法读取 1 所，报表被退回 1 所，"
        "学籍名册未能读取 1 所），该儿童可能在其中就读"
    ]
    assert (info["household_covered"], info["household_not_covered"]) == (1, 3)
    assert gaps == [
        ["城关二小", "未能比对：报表被退回"],
        ["南关小学", "未能比对：未报送或无法读取"],
        ["东关小学", "未能比对：学籍名册未能读取"],
    ]


def test_a_county_whose_every_submission_failed_gets_one_finding_not_a_row_per_child(
    tmp_path, refs
):
    inbox = tmp_path / "收件箱"
    school_file(inbox / "二小.xlsx", B, SCHOOLS[B], period="2026-09", roster=[3])
    inbox.joinpath("坏.xlsx").write_bytes(b"not a workbook")
    result = _run(tmp_path, refs)
    about_household = [
        (f.code, f.severity, f.message)
        for f in result.findings
        if f.code in ("household-unmatched", "comparison-not-covered")
    ]
    assert about_household == [
        (
            "comparison-not-covered",
            "warning",
            "没有一所学校的学籍名册可以比对（未报送或无法读取 3 所，报表被退回 1 所），"
            "户籍名单中的适龄儿童无法与学籍比对，本月不列出户籍儿童待核实名单",
        )
    ]
    assert result.totals["household_unmatched"] == 0
