"""A prefecture from hand-built county workbooks, then a province from two prefectures."""

from __future__ import annotations

import re
import shutil
from pathlib import Path, PureWindowsPath

import pytest
from openpyxl import load_workbook

from core.rollup import rollup
from core.rollup.sample import write_unit_list
from tests.conftest import summarize
from tests.core.rollup.county_books import build_prefecture

FULL_ID = re.compile(r"\d{17}[\dX]")


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
        ("unit-totals-mismatch", "丙县.xlsx", "学校汇总", None),
        ("wrong-period", "丁县.xlsx", None, None),
    ]
    mismatch = next(f for f in result.findings if f.code == "unit-totals-mismatch")
    assert mismatch.message == "丙县 的“疑似辍学人数”汇总为 1，按其台账应为 2"
    assert result.missing == [("411524", "丁县")]
    by_unit = {
        s.unit_code: [f.code for f in s.findings] for s in result.units if s.status == "accepted"
    }
    assert by_unit == {
        "411521": ["migrant-dropout-elsewhere", "duplicate-across-units"],
        "411522": ["duplicate-across-units"],
        "411523": ["unit-totals-mismatch"],
    }


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


def _province_inbox(tmp_path: Path) -> Path:
    """A province inbox holding the workbooks of two prefectures (信阳市, 南阳市)."""
    inbox = tmp_path / "省收件箱"
    inbox.mkdir()
    for prefix, name in (("4115", "信阳市"), ("4113", "南阳市")):
        pref_inbox, units = build_prefecture(tmp_path, prefix)
        rollup(
            pref_inbox, "prefecture", "2026-10", inbox / f"{name}.xlsx", units=units, unit_name=name
        )
    return inbox


def test_province_from_two_prefectures(tmp_path: Path) -> None:
    inbox = _province_inbox(tmp_path)
    units = write_unit_list(tmp_path / "省名单.xlsx", (("411300", "南阳市"), ("411500", "信阳市")))
    result = rollup(inbox, "province", "2026-10", tmp_path / "河南省.xlsx", units=units)
    assert (result.unit_code, result.unit_name) == ("410000", "河南省")
    assert [(r["unit_code"], r["roster_count"], r["dropout_count"]) for r in result.rows] == [
        ("411300", 13, 1),
        ("411500", 13, 1),
        (None, 26, 2),
    ]
    assert summarize(result.findings) == [
        ("migrant-dropout-elsewhere", "辍学台账", 3, "R"),
        ("migrant-dropout-elsewhere", "辍学台账", 3, "R"),
    ]


def test_a_county_already_in_its_prefectures_workbook_is_not_counted_twice(
    tmp_path: Path,
) -> None:
    inbox = _province_inbox(tmp_path)
    shutil.copy(tmp_path / "inbox4115" / "甲县.xlsx", inbox / "甲县.xlsx")
    # The list names 甲县 as a unit of the province (a 省直管县), so its workbook is read; it is
    # also inside 信阳市's, and counting both would count its pupils twice.
    units = write_unit_list(
        tmp_path / "省名单.xlsx", (("411300", "南阳市"), ("411500", "信阳市"), ("411521", "甲县"))
    )
    result = rollup(inbox, "province", "2026-10", tmp_path / "河南省.xlsx", units=units)
    assert [(r["unit_code"], r["roster_count"], r["dropout_count"]) for r in result.rows] == [
        ("411300", 13, 1),
        ("411500", 13, 1),
        (None, 26, 2),
    ]
    assert summarize(result.findings) == [
        ("covered-unit", None, None, None),
        ("migrant-dropout-elsewhere", "辍学台账", 3, "R"),
        ("migrant-dropout-elsewhere", "辍学台账", 3, "R"),
    ]
    covered = next(f for f in result.findings if f.code == "covered-unit")
    assert (Path(covered.file).name, covered.message) == (
        "甲县.xlsx",
        "甲县 已包含在 信阳市（411500） 的汇总中，本文件不参与汇总，以免重复计算",
    )
    assert {(Path(u.path).name, u.status) for u in result.units} == {
        ("南阳市.xlsx", "accepted"),
        ("信阳市.xlsx", "accepted"),
        ("甲县.xlsx", "superseded"),
    }


def _wrong_level(result) -> list[tuple[str, str, str, str, str | None]]:
    return sorted(
        (f.code, f.severity.value, Path(f.file).name, f.message, f.school_code)
        for f in result.findings
        if f.code == "wrong-level-unit"
    )


def test_a_province_refuses_county_workbooks_it_does_not_list(tmp_path: Path) -> None:
    inbox, _ = build_prefecture(tmp_path, "4115")
    result = rollup(inbox, "province", "2026-10", tmp_path / "省.xlsx")
    assert (result.unit_code, result.unit_name) == ("410000", "河南省")
    assert [r for r in result.rows if r.get("unit_code")] == []
    message = "这是县区“{}（{}）”的汇总工作簿，省级汇总只汇总地市的汇总工作簿，未参与汇总"
    files = (
        ("丁县.xlsx", "411524", "丁县"),
        ("丙县.xlsx", "411523", "丙县"),
        ("乙县.xlsx", "411522", "乙县"),
        ("甲县(旧).xlsx", "411521", "甲县"),
        ("甲县.xlsx", "411521", "甲县"),
    )
    assert _wrong_level(result) == [
        ("wrong-level-unit", "error", file, message.format(name, code), code)
        for file, code, name in files
    ]
    refused = next(f for f in result.findings if f.code == "wrong-level-unit")
    assert "省直管县请在应报单位名单 --units 中列出该县" in refused.hint
    assert {u.status for u in result.units} == {"rejected"}


def test_a_province_reads_the_counties_its_unit_list_names(tmp_path: Path) -> None:
    inbox, _ = build_prefecture(tmp_path, "4115")
    units = write_unit_list(
        tmp_path / "省名单.xlsx", (("411521", "甲县"), ("411522", "乙县"), ("411523", "丙县"))
    )
    result = rollup(inbox, "province", "2026-10", tmp_path / "省.xlsx", units=units)
    assert [(r["unit_code"], r["roster_count"]) for r in result.rows] == [
        ("411521", 5),
        ("411522", 5),
        ("411523", 3),
        (None, 13),
    ]
    # 丁县 is not on the list: a county the province does not name is refused, not counted.
    assert _wrong_level(result) == [
        (
            "wrong-level-unit",
            "error",
            "丁县.xlsx",
            "这是县区“丁县（411524）”的汇总工作簿，省级汇总只汇总地市的汇总工作簿，未参与汇总",
            "411524",
        )
    ]


def test_a_prefecture_refuses_a_prefecture_workbook(tmp_path: Path) -> None:
    inbox, units = build_prefecture(tmp_path, "4115")
    first = rollup(inbox, "prefecture", "2026-10", tmp_path / "信阳市.xlsx", units=units)
    shutil.copy(first.out_path, inbox / "信阳市.xlsx")
    result = rollup(inbox, "prefecture", "2026-10", tmp_path / "again.xlsx", units=units)
    assert _wrong_level(result) == [
        (
            "wrong-level-unit",
            "error",
            "信阳市.xlsx",
            "这是地市“信阳市（411500）”的汇总工作簿，地市汇总只汇总县区的汇总工作簿，未参与汇总",
            "411500",
        )
    ]
    assert [(r["unit_code"], r.get("roster_count")) for r in result.rows] == [
        (r["unit_code"], r.get("roster_count")) for r in first.rows
    ]


def test_annotated_copies_in_the_inbox_are_skipped_with_a_note(tmp_path: Path) -> None:
    from core.validate import annotate, validate_workbook

    inbox, units = build_prefecture(tmp_path, "4115")
    first = rollup(inbox, "prefecture", "2026-10", tmp_path / "信阳市.xlsx", units=units)
    county = sorted(inbox.glob("*.xlsx"))[0]
    copy = annotate(validate_workbook(county), tmp_path / "副本", "副本.xlsx")
    shutil.copy(copy, inbox / "副本.xlsx")
    result = rollup(inbox, "prefecture", "2026-10", tmp_path / "again.xlsx", units=units)
    skipped = [f for f in result.findings if f.code == "skipped-file"]
    assert [(f.severity.value, Path(f.file).name, f.message) for f in skipped] == [
        (
            "info",
            "副本.xlsx",
            "这是 SchoolRoll 生成的校验结果副本（标出问题的副本，不是报送的汇总），已跳过，"
            "不计入汇总；收件箱只需放下级单位报送的汇总工作簿本身",
        )
    ]
    assert [(r["unit_code"], r.get("roster_count")) for r in result.rows] == [
        (r["unit_code"], r.get("roster_count")) for r in first.rows
    ]
    assert {(Path(u.path).name, u.status) for u in result.units} == {
        (Path(u.path).name, u.status) for u in first.units
    } | {("副本.xlsx", "skipped")}


def test_an_encrypted_annotated_copy_is_skipped_by_the_name_schoolroll_gives_it(
    tmp_path: Path,
) -> None:
    """The copy of a password-protected workbook is encrypted with its password, properties and
    all: the roll-up (no passwords) knows it by its name, <stem>_校验结果.xlsx; renamed, it is
    an encrypted file like any other."""
    from core.demo.attachments import encrypt
    from core.validate import annotate, validate_workbook
    from core.writers.annotated_writer import is_encrypted_copy

    inbox, units = build_prefecture(tmp_path, "4115")
    first = rollup(inbox, "prefecture", "2026-10", tmp_path / "信阳市.xlsx", units=units)
    county = sorted(inbox.glob("*.xlsx"))[0]
    locked = tmp_path / "加密" / county.name
    locked.parent.mkdir()
    locked.write_bytes(encrypt(county.read_bytes(), "xy2026", seed=3))
    report = validate_workbook(locked, passwords=["xy2026"])
    copy = annotate(report, tmp_path / "反馈", passwords=["xy2026"])
    assert (copy.name, is_encrypted_copy(copy)) == (f"{county.stem}_校验结果.xlsx", True)
    shutil.copy(copy, inbox / copy.name)
    shutil.copy(copy, inbox / "改名.xlsx")
    result = rollup(inbox, "prefecture", "2026-10", tmp_path / "again.xlsx", units=units)
    about = [f for f in result.findings if Path(f.file or "").name in (copy.name, "改名.xlsx")]
    assert [(f.code, f.severity.value, Path(f.file).name, f.message) for f in about] == [
        (
            "skipped-file",
            "info",
            copy.name,
            "这是 SchoolRoll 生成的校验结果副本（标出问题的副本，不是报送的汇总），已跳过，"
            "不计入汇总；收件箱只需放下级单位报送的汇总工作簿本身",
        ),
        ("encrypted-file", "error", "改名.xlsx", "文件设置了打开密码，已尝试的密码都不正确"),
    ]
    assert [(r["unit_code"], r.get("roster_count")) for r in result.rows] == [
        (r["unit_code"], r.get("roster_count")) for r in first.rows
    ]


def test_without_a_unit_list_the_counties_due_come_from_the_code_table(tmp_path: Path) -> None:
    inbox, _ = build_prefecture(tmp_path, "4115")
    result = rollup(inbox, "prefecture", "2026-10", tmp_path / "o.xlsx")
    assert result.unit_name == "信阳市"
    assert result.missing == [
        ("411502", "浉河区"),
        ("411503", "平桥区"),
        ("411524", "商城县"),
        ("411525", "固始县"),
        ("411526", "潢川县"),
        ("411527", "淮滨县"),
        ("411528", "息县"),
    ]
    missing = next(f for f in result.findings if f.code == "missing-unit")
    assert missing.message == "浉河区（411502）没有报送（应报单位按行政区划代码表推断）"
    assert [r["unit_name"] for r in result.rows[2:5]] == ["甲县", "乙县", "丙县"]


def test_unmask_keeps_full_ids_and_says_so(tmp_path: Path) -> None:
    inbox, units = build_prefecture(tmp_path, "4115")
    result = rollup(inbox, "prefecture", "2026-10", tmp_path / "o.xlsx", units=units, unmask=True)
    wb = load_workbook(result.out_path)
    info = {r[0]: r[1] for r in wb["汇总信息"].iter_rows(values_only=True)}
    ids = [
        v
        for row in wb["辍学台账"].iter_rows(values_only=True)
        for v in row
        if isinstance(v, str) and FULL_ID.fullmatch(v)
    ]
    assert info["身份证件号已脱敏"] == "否"
    assert len(ids) == 3


def test_unit_list_may_name_this_level_itself(tmp_path: Path) -> None:
    inbox, _ = build_prefecture(tmp_path, "4115")
    units = write_unit_list(
        tmp_path / "名单.xlsx",
        (("411500", "信阳市"), ("411521", "甲县"), ("411522", "乙县"), ("411523", "丙县")),
    )
    result = rollup(inbox, "prefecture", "2026-10", tmp_path / "o.xlsx", units=units)
    assert (result.unit_code, result.unit_name, result.missing) == ("411500", "信阳市", [])


def test_findings_link_to_the_unit_workbook_at_the_row(prefecture) -> None:
    result, _ = prefecture
    ws = load_workbook(result.out_path)["问题清单"]
    links = {
        (
            ws.cell(r, 3).value,
            PureWindowsPath(ws.cell(r, 6).hyperlink.target).name,
            ws.cell(r, 6).hyperlink.location,
        )
        for r in range(3, ws.max_row + 1)
        if ws.cell(r, 6).hyperlink is not None
    }
    assert ("unit-totals-mismatch", "丙县.xlsx", "'学校汇总'!A1") in links
    assert ("migrant-dropout-elsewhere", "甲县.xlsx", "'辍学台账'!A2") in links


def test_counties_without_a_register_give_no_case_sheet(prefecture) -> None:
    """County workbooks with no 个案台账: no 个案汇总 sheet, and the JSON's cases are empty."""
    result, _ = prefecture
    assert result.to_json()["cases"] == []
    assert "个案汇总" not in load_workbook(result.out_path, read_only=True).sheetnames
