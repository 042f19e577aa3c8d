"""Checks across units: inbox selection and one pupil in two units."""

from __future__ import annotations

import datetime as dt

from core.privacy import mask_id
from core.rollup import checks
from core.rollup.selection import belongs, guess_parent, select
from tests.conftest import summarize
from tests.core.rollup.helpers import pupil, unit


def test_pupil_in_two_counties_is_flagged_in_each() -> None:
    a = unit("411521", "罗山县", children=[pupil(1), pupil(2)])
    b = unit("411522", "光山县", dropout=[pupil(5), {**pupil(2, county="411521"), "status": "1"}])
    found = checks.duplicates_across_units([a, b])
    assert [(f.code, f.file, f.sheet, f.row, f.school_code) for f in found] == [
        ("duplicate-across-units", "收件箱/罗山县.xlsx", "适龄儿童台账", 3, "411521"),
        ("duplicate-across-units", "收件箱/光山县.xlsx", "辍学台账", 3, "411522"),
    ]
    assert found[0].message == "该学生同时出现在 光山县（411522） 的台账中"


def test_same_pupil_in_two_ledgers_of_one_county_is_not_a_duplicate() -> None:
    a = unit("411521", "罗山县", children=[pupil(1)], dropout=[pupil(1)])
    assert checks.duplicates_across_units([a]) == []


def test_masked_ids_are_matched_with_the_name() -> None:
    same = {**pupil(1), "id_number": mask_id(pupil(1)["id_number"])}
    other_name = {**same, "name": "别人"}
    a = unit("411500", "信阳市", dropout=[same])
    b = unit("411300", "南阳市", dropout=[same, other_name])
    assert summarize(checks.duplicates_across_units([a, b])) == [
        ("duplicate-across-units", "辍学台账", 2, None),
        ("duplicate-across-units", "辍学台账", 2, None),
    ]


def test_parent_is_the_commonest_prefix() -> None:
    units = ["411521", "411522", "410102"]
    assert guess_parent(units, "prefecture") == "411500"
    assert guess_parent(units, "province") == "410000"
    assert belongs("411521", "411500", "prefecture")
    assert not belongs("410102", "411500", "prefecture")


def test_selection_sorts_wrong_period_outsiders_resent_and_missing() -> None:
    old = unit("411521", "罗山县", made_on=dt.date(2026, 10, 29))
    new = unit("411521", "罗山县", made_on=dt.date(2026, 10, 31))
    new.path = "收件箱/罗山县(更正).xlsx"
    units = [
        old,
        new,
        unit("411522", "光山县", period="2026-09"),
        unit("410102", "中原区"),
        unit("411523", "新县"),
    ]
    expected = {"411521": "罗山县", "411522": "光山县", "411523": "新县", "411524": "商城县"}
    sel = select(units, "prefecture", "2026-10", "411500", expected)
    assert [u.path for u in sel.accepted] == ["收件箱/罗山县(更正).xlsx", "收件箱/新县.xlsx"]
    assert sorted((s.path, s.status) for s in sel.statuses) == [
        ("收件箱/中原区.xlsx", "rejected"),
        ("收件箱/光山县.xlsx", "rejected"),
        ("收件箱/新县.xlsx", "accepted"),
        ("收件箱/罗山县(更正).xlsx", "accepted"),
        ("收件箱/罗山县.xlsx", "superseded"),
    ]
    assert sel.missing == [("411522", "光山县"), ("411524", "商城县")]
    assert sorted((f.code, f.file) for f in sel.findings) == [
        ("missing-unit", None),
        ("missing-unit", None),
        ("superseded-unit", "收件箱/罗山县.xlsx"),
        ("unknown-unit", "收件箱/中原区.xlsx"),
        ("wrong-period", "收件箱/光山县.xlsx"),
    ]


def test_without_a_unit_list_units_outside_the_prefix_are_rejected() -> None:
    sel = select(
        [unit("411521", "罗山县"), unit("410102", "中原区")],
        "prefecture",
        "2026-10",
        "411500",
        None,
    )
    assert [u.code for u in sel.accepted] == ["411521"]
    assert [f.code for f in sel.findings] == ["unknown-unit"]


def test_a_workbook_named_only_by_its_code_gets_the_code_table_name() -> None:
    sel = select([unit("411521", "411521")], "prefecture", "2026-10", "411500", None)
    assert [u.name for u in sel.accepted] == ["罗山县"]
