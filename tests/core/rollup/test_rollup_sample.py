"""The sample prefecture from the sample county generator, rolled up to the planted findings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from core.rollup import rollup
from core.rollup.sample import make_sample_prefecture, write_unit_list

pytestmark = pytest.mark.slow
NANYANG = (("411321", "南召县"), ("411322", "方城县"), ("411323", "西峡县"))
FULL_ID = re.compile(r"\d{17}[\dX]")


def _rows(path: Path, sheet: str, key: str) -> list[dict[str, Any]]:
    """The data rows of a sheet as header -> value, read independently with openpyxl."""
    rows = list(load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if key in r)
    names = rows[head]
    return [dict(zip(names, r, strict=False)) for r in rows[head + 1 :] if r[names.index(key)]]


def _hand_counts(paths: list[Path]) -> dict[str, int]:
    roster = sum(len(_rows(p, "适龄儿童台账", "身份证件号")) for p in paths)
    sus = sum(r["状态"] == "跟踪中" for p in paths for r in _rows(p, "疑似辍学台账", "状态"))
    drop = sum(r["状态"] == "未返校" for p in paths for r in _rows(p, "辍学台账", "状态"))
    return {"roster_count": roster, "suspected_count": sus, "dropout_count": drop}


def _hand_migrants(paths: list[Path]) -> list[tuple[str, int]]:
    found = []
    for p in paths:
        rows = list(load_workbook(p, read_only=True)["辍学台账"].iter_rows(values_only=True))
        head = next(i for i, r in enumerate(rows) if "状态" in r)
        names = rows[head]
        for n, r in enumerate(rows[head + 1 :], start=head + 2):
            row = dict(zip(names, r, strict=False))
            region = str(row.get("户籍地区划代码") or "")
            if (
                row.get("是否随迁子女") == "是"
                and row.get("状态") == "未返校"
                and len(region) >= 6
                and region[:6] != row.get("县区代码")
            ):
                found.append((p.name, n))
    return found


@pytest.fixture(scope="module")
def prefectures(tmp_path_factory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("sample")
    out = {}
    for code, name, counties in (("411500", "信阳市", None), ("411300", "南阳市", NANYANG)):
        kw = {"counties": counties, "prefecture": (code, name)} if counties else {}
        sample = make_sample_prefecture(root / name, **kw)
        result = rollup(
            sample.inbox,
            "prefecture",
            "2026-10",
            root / "省收件箱" / f"{name}.xlsx",
            units=sample.units,
        )
        assert result.unit_name == name
        out[code] = (sample, result)
    return out


def test_sample_prefecture_rolls_up_to_the_planted_findings(prefectures) -> None:
    sample, result = prefectures["411500"]
    plants = sample.plants
    names = {c: p.name for c, p in sample.counties.items()}
    dup = plants["duplicate"]
    expected = [
        ("duplicate-across-units", names[dup["from"]], "适龄儿童台账", dup["donor_row"]),
        ("duplicate-across-units", names[dup["to"]], "适龄儿童台账", dup["row"]),
        ("missing-unit", None, None, None),
        (
            "unit-totals-mismatch",
            names[plants["bad_totals"]["unit_code"]],
            "学校汇总",
            plants["bad_totals"]["total_row"],
        ),
    ] + [
        ("migrant-dropout-elsewhere", f, "辍学台账", r)
        for f, r in _hand_migrants(list(sample.counties.values()))
    ]
    assert (
        "migrant-dropout-elsewhere",
        names[plants["migrant"]["unit_code"]],
        "辍学台账",
        plants["migrant"]["row"],
    ) in expected
    got = [(f.code, Path(f.file).name if f.file else None, f.sheet, f.row) for f in result.findings]
    assert sorted(got, key=str) == sorted(expected, key=str)
    mismatch = next(f for f in result.findings if f.code == "unit-totals-mismatch")
    assert mismatch.field == plants["bad_totals"]["field"]


def test_sample_prefecture_metrics_match_the_ledgers(prefectures) -> None:
    sample, result = prefectures["411500"]
    hand = _hand_counts(list(sample.counties.values()))
    assert {k: result.totals[k] for k in hand} == hand
    assert result.totals["dropout_rate"] == round(
        100 * hand["dropout_count"] / hand["roster_count"], 2
    )


def test_two_prefectures_roll_up_to_a_province(prefectures, tmp_path: Path) -> None:
    inbox = prefectures["411500"][1].out_path.parent
    units = write_unit_list(tmp_path / "名单.xlsx", (("411300", "南阳市"), ("411500", "信阳市")))
    result = rollup(inbox, "province", "2026-10", tmp_path / "河南省.xlsx", units=units)
    assert result.unit_name == "河南省"
    pref = {c: r.totals for c, (_, r) in prefectures.items()}
    assert [(r["unit_code"], r["roster_count"], r["dropout_count"]) for r in result.rows] == [
        ("411300", pref["411300"]["roster_count"], pref["411300"]["dropout_count"]),
        ("411500", pref["411500"]["roster_count"], pref["411500"]["dropout_count"]),
        (
            None,
            pref["411300"]["roster_count"] + pref["411500"]["roster_count"],
            pref["411300"]["dropout_count"] + pref["411500"]["dropout_count"],
        ),
    ]
    assert {f.code for f in result.findings} <= {"migrant-dropout-elsewhere"}


def test_masked_outputs_hold_no_full_id(prefectures, tmp_path: Path) -> None:
    for _, result in prefectures.values():
        wb = load_workbook(result.out_path)
        cells = [str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v]
        assert [v for v in cells if FULL_ID.search(v)] == []
