"""rollup --level province --period 2026-09..2027-08 --evaluation: a sample province's year.

Two prefectures of two counties each: every county's month consolidated from the sample county
generator, each prefecture rolled up once, then its workbook copied to every month of the
school year up to June as a prefecture sends it (填报月份 and 汇总日期 set with openpyxl, at the
on-time limit). 郑州市 has not sent May and June; in 信阳市's June workbook 光山县 has not
reported; one county's December row is one day late. As of 10 July the July check must name
exactly those, and the indicators must be the prefectures' own 单位汇总 figures with the
formulas and sources of their 指标说明.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from core.catalogue import rollup as rf
from core.consolidate import consolidate
from core.demo.months import generate_months
from core.policy import default_policy
from core.reader.workbook import read_workbook
from core.rollup import rollup
from core.rollup.sample import write_unit_list
from desktop.cli import main

PROVINCE = ("410000", "河南省")
PREFECTURES = {
    ("411500", "信阳市"): (("411521", "罗山县"), ("411522", "光山县")),
    ("410100", "郑州市"): (("410102", "中原区"), ("410103", "二七区")),
}
YEAR = [f"2026-{m:02d}" for m in range(9, 13)] + [f"2027-{m:02d}" for m in range(1, 9)]
SENT = {"411500": YEAR[:10], "410100": YEAR[:8]}
"""The months each prefecture has sent: 信阳市 up to June, 郑州市 up to April."""
NOT_REPORTED = ("411522", "2027-06")
LATE = ("410102", "2026-12")
AS_OF = dt.date(2027, 7, 10)
BASE = "2026-10"
"""The month each county is generated and consolidated for (copied to the others)."""


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


def _label_value(ws: Any, label: str, value: Any) -> None:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == label:
                ws.cell(cell.row, cell.column + 1).value = value
                return
    raise AssertionError(f"{ws.title}: no {label}")


def _month_copy(source: Path, target: Path, period: str, policy: Any) -> None:
    """The prefecture's workbook as sent for another month (its county rows on time, but LATE)."""
    wb = openpyxl.load_workbook(source)
    limit = dt.timedelta(days=policy.range_prefecture_days)
    _label_value(wb[rf.ROLLUP_INFO.title], "填报月份", period)
    _label_value(wb[rf.ROLLUP_INFO.title], "汇总日期", policy.due_date(period) + limit)
    ws = wb[rf.UNITS.title]
    head = next(r for r in ws.iter_rows(min_row=1, max_row=4) if r[0].value == "序号")
    cols = {c.value: c.column for c in head}
    county_days = dt.timedelta(days=policy.range_county_days)
    for r in range(head[0].row + 1, ws.max_row + 1):
        code = ws.cell(r, cols["单位代码"]).value
        if not code:
            continue
        day = policy.due_date(period) + county_days + dt.timedelta(days=(code, period) == LATE)
        ws.cell(r, cols["汇总日期"]).value = day
        if (code, period) == NOT_REPORTED:
            ws.cell(r, cols["是否报送"]).value = "否"
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)


def _county(demo: Path, out: Path, code: str, name: str, seed: int) -> None:
    """One county's month: the multi-month sample's first month (small), consolidated."""
    (m,) = generate_months(
        demo,
        period=BASE,
        months=1,
        schools=2,
        students=30,
        seed=seed,
        county_code=code,
        county_name=name,
    )
    consolidate(m.inbox, BASE, out, schools=m.school_list, household=m.household, poverty=m.poverty)


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    os.environ.setdefault("SCHOOLROLL_IN_PROCESS", "1")
    root = tmp_path_factory.mktemp("province")
    policy = default_policy()
    inbox = root / "收件箱"
    once: dict[str, Path] = {}
    for i, ((code, name), counties) in enumerate(PREFECTURES.items()):
        county_dir = root / "县区" / code
        county_dir.mkdir(parents=True)
        for j, (c, n) in enumerate(counties):
            _county(root / "demo" / c, county_dir / f"{n}.xlsx", c, n, 100 + 10 * i + j)
        units = write_unit_list(root / f"{code}名单.xlsx", ((code, name), *counties))
        once[code] = root / f"{name}.xlsx"
        rollup(county_dir, "prefecture", BASE, once[code], units=units)
        for period in SENT[code]:
            _month_copy(once[code], inbox / period / f"{name}{period}.xlsx", period, policy)
    units = write_unit_list(root / "省级名单.xlsx", (PROVINCE, *PREFECTURES))
    out = root / "河南省2026学年评估.xlsx"
    code, text = _run(
        "rollup",
        str(inbox),
        "--level",
        "province",
        "--period",
        "2026-09..2027-08",
        "--evaluation",
        "--as-of",
        AS_OF.isoformat(),
        "--units",
        str(units),
        "--out",
        str(out),
        "--json",
    )
    return code, json.loads(text), out, once


def _sheet(path: Path, form: Any) -> list[dict[str, Any]]:
    ws = openpyxl.load_workbook(path, read_only=True)[form.title]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r and r[0] == form.columns[0].header)
    assert list(rows[head]) == [c.header for c in form.columns]
    return [dict(zip(form.keys, r, strict=True)) for r in rows[head + 1 :] if any(r)]


def _units_sheet(path: Path) -> list[dict[str, Any]]:
    ws = openpyxl.load_workbook(path, read_only=True)[rf.UNITS.title]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r and r[0] == "序号")
    return [dict(zip(rows[head], r, strict=True)) for r in rows[head + 1 :] if r[1]]


def test_the_july_check_names_every_unit_that_has_not_reported_the_months_due(province):
    _code, doc, out, _once = province
    deadline = dt.date(2027, 7, 31)
    due = YEAR[:10]  # a June report is due by 8 July, a July one only in August
    assert doc["evaluation"]["due_months"] == due
    missing = {
        "410100": "2027-05、2027-06",
        "410102": "2027-05、2027-06",
        "410103": "2027-05、2027-06",
        "411522": "2027-06",
    }
    counties = [c for pair in PREFECTURES.values() for c in pair]
    names = dict(PREFECTURES.keys()) | dict(counties)
    level = {c: "地市" if c in ("410100", "411500") else "县区" for c in names}
    rows = _sheet(out, rf.JULY_CHECK)
    assert [
        (
            r["unit_level"],
            r["unit_code"],
            r["unit_name"],
            r["months_missing"],
            r["deadline"].date(),
            r["days_left"],
            r["verdict"],
        )
        for r in rows
    ] == [
        (level[c], c, names[c], m, deadline, 21, f"尚缺 {m.count('、') + 1} 个月，须在截止日前补报")
        for c, m in sorted(missing.items(), key=lambda kv: (level[kv[0]] == "县区", kv[0]))
    ]
    found = [
        (f["severity"], f["code"], f["unit_code"], f["message"])
        for f in doc["findings"]
        if f["code"] == "evaluation-months-unreported"
    ]
    assert sorted(found) == sorted(
        (
            "warning",
            "evaluation-months-unreported",
            c,
            f"{names[c]}（{c}）尚未报送 {m}；学年评估须在 2027-07-31 前报出，还有 21 天",
        )
        for c, m in missing.items()
    )
    # July and August are not due yet: no unit is called late for them
    assert not any("2027-07" in (r["months_missing"] or "") for r in rows)


def test_completeness_and_timeliness_of_both_levels(province):
    _code, _doc, out, _once = province
    rows = {r["unit_code"]: r for r in _sheet(out, rf.REPORTING)}
    got = {
        c: (
            r["unit_level"],
            r["months_due"],
            r["months_reported"],
            r["months_on_time"],
            r["months_missing"],
        )
        for c, r in rows.items()
    }
    tail = "2027-07、2027-08"
    assert got == {
        "410100": ("地市", 12, 8, 8, f"2027-05、2027-06、{tail}"),
        "411500": ("地市", 12, 10, 10, tail),
        "410102": ("县区", 12, 8, 7, f"2027-05、2027-06、{tail}"),
        "410103": ("县区", 12, 8, 8, f"2027-05、2027-06、{tail}"),
        "411521": ("县区", 12, 10, 10, tail),
        "411522": ("县区", 12, 9, 9, f"2027-06、{tail}"),
    }


def test_the_indicators_are_the_prefectures_figures_with_their_formulas_and_sources(province):
    _code, _doc, out, once = province
    indicators = _sheet(out, rf.INDICATORS)
    for (pcode, _pname), counties in PREFECTURES.items():
        sent = SENT[pcode]
        units = {r["单位代码"]: r for r in _units_sheet(once[pcode])}
        explained = {r["metric"]: r for r in _sheet(once[pcode], rf.METRICS)}
        for ccode, cname in counties:
            months = [p for p in sent if (ccode, p) != NOT_REPORTED]
            mine = [r for r in indicators if r["unit_code"] == ccode]
            row = units[ccode]
            expect = {
                "在籍学生数": row["在籍学生数"],
                "疑似辍学人数": row["疑似辍学人数"],
                "辍学人数": row["辍学人数"],
                "学年返校人数": row["本月返校人数"] * len(months),
                "实际辍学率(%)": row["辍学率(%)"],
            }
            got = {r["indicator"]: r for r in mine}
            for indicator, value in expect.items():
                assert got[indicator]["unit_name"] == cname
                assert got[indicator]["value"] == pytest.approx(value or 0)
            last = f"学年末（{months[-1]}）"
            assert got["在籍学生数"]["taken"] == last
            assert got["学年返校人数"]["taken"] == f"各月之和（已报 {len(months)} 个月）"
            for metric in ("在籍学生数", "疑似辍学人数", "辍学人数", "实际辍学率(%)"):
                assert (got[metric]["formula"], got[metric]["source"], got[metric]["scope"]) == (
                    explained[metric]["formula"],
                    explained[metric]["source"],
                    explained[metric]["scope"],
                )
            back = explained["本期返校人数"]
            assert got["学年返校人数"]["source"] == back["source"]
            assert (
                got["学年返校人数"]["formula"] == f"各月“本期返校人数”之和；每月：{back['formula']}"
            )


def test_the_evaluation_workbook_reads_back_as_its_forms(province):
    _code, _doc, out, _once = province
    read = read_workbook(out)
    kinds = {t.kind for t in read.tables} | {r.kind for r in read.records}
    assert {
        "range-info",
        "evaluation-indicators",
        "range-reporting",
        "july-check",
        "range-series",
        "unit-findings",
    } <= kinds
    info = read.record("range-info").values
    assert (
        info["level"],
        info["unit_code"],
        info["first_period"],
        info["last_period"],
        info["units_expected"],
        info["deadline"],
    ) == ("省级", "410000", "2026-09", "2027-08", 2, dt.date(2027, 7, 31))
    assert openpyxl.load_workbook(out).sheetnames == [
        *(s.title for s in rf.EVALUATION.sheets),
        "图表",
    ]


def test_a_passed_deadline_says_so(province, tmp_path):
    _code, _doc, _out, _once = province
    inbox = Path(_out).parent / "收件箱"
    units = Path(_out).parent / "省级名单.xlsx"
    code, text = _run(
        "rollup",
        str(inbox),
        "--level",
        "province",
        "--period",
        "2026-09..2027-08",
        "--evaluation",
        "--as-of",
        "2027-08-02",
        "--units",
        str(units),
        "--out",
        str(tmp_path / "晚.xlsx"),
        "--json",
    )
    doc = json.loads(text)
    rows = {r["unit_code"]: r for r in doc["evaluation"]["july_check"]}
    assert (rows["411522"]["days_left"], rows["411522"]["verdict"]) == (
        -2,
        "截止日已过，仍缺 1 个月",
    )
    messages = [
        f["message"]
        for f in doc["findings"]
        if f["unit_code"] == "411522" and f["code"] == "evaluation-months-unreported"
    ]
    assert messages == ["光山县（411522）尚未报送 2027-06；学年评估的截止日 2027-07-31 已过"]
    assert code == (1 if doc["finding_counts"]["errors"] else 0)
