"""The derived unit lists: renamed codes are current, 省直辖县级市 and municipalities' units."""

from __future__ import annotations

import pytest

from core.rollup.regions import current_units, region_name


def test_a_renamed_code_has_its_current_name_and_is_in_force() -> None:
    # "[-1991]东郊区,[1992-]东丽区": the last name is the current one.
    assert region_name("120110") == "东丽区"
    assert current_units("120000", "province")["120110"] == "东丽区"


@pytest.mark.parametrize(
    ("province", "code", "name"),
    [
        ("410000", "419001", "济源市"),
        ("420000", "429004", "仙桃市"),
        ("420000", "429005", "潜江市"),
        ("420000", "429006", "天门市"),
        ("420000", "429021", "神农架林区"),
        ("460000", "469001", "五指山市"),
        ("650000", "659001", "石河子市"),
        ("500000", "500229", "城口县"),
        ("110000", "110101", "东城区"),
    ],
)
def test_units_reporting_to_the_province_directly_are_listed(province, code, name) -> None:
    units = current_units(province, "province")
    assert units[code] == name
    assert [n for n in units.values() if "直辖" in n or n in ("市辖区", "县")] == []


def test_a_province_keeps_its_prefectures() -> None:
    units = current_units("410000", "province")
    assert units["411500"] == "信阳市"
    assert "411525" not in units  # a county reports to its prefecture
