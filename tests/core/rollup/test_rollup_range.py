"""rollup --period FIRST..LAST: a sample prefecture over a semester (five months).

Two counties of `demo --months 5` (core.demo.months, each its own code, seed and size), every
month consolidated with the county's case register, then damaged as a prefecture meets them: one
county's month is missing, each county's last month loses rows of its 适龄儿童台账 (one by
exactly the smallest change the policy flags, the other by one pupil fewer: a near miss), and
the 汇总日期 of each month is set at or one day past the on-time limit. Every figure expected
is counted here from the county workbooks with openpyxl, never by the code under test.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import math
import os
import statistics
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from core.catalogue import county as cy
from core.catalogue import rollup as rf
from core.policy import default_policy
from core.reader.workbook import read_workbook
from core.rollup.sample import write_unit_list
from desktop.cli import main

PERIODS = ["2026-09", "2026-10", "2026-11", "2026-12", "2027-01"]
COUNTIES = (("411521", "罗山县", 31), ("411522", "光山县", 47))
OPEN = {"待核实", "疑似辍学", "辍学"}
BACK = {"已返校", "已复学"}
SEVERITY = {"错误": "errors", "警告": "warnings", "疑问": "queries", "提示": "notes"}


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


def _header(ws: Any, header: str) -> tuple[int, dict[str, int]]:
    for row in ws.iter_rows(min_row=1, max_row=6):
        texts = {c.value: c.column for c in row if isinstance(c.value, str)}
        if header in texts:
            return row[0].row, texts
    raise AssertionError(f"{ws.title}: no header {header}")


def _rows(ws: Any, first_header: str) -> list[dict[str, Any]]:
    """A sheet's data rows by header, those with a value under the first header."""
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows[:6]) if first_header in r)
    headers = rows[head]
    out = []
    for values in rows[head + 1 :]:
        row = {h: v for h, v in zip(headers, values, strict=False) if isinstance(h, str)}
        if row.get(first_header) not in (None, ""):
            out.append(row)
    return out


def _consolidate(month: Any, out: Path, register: Path) -> None:
    code, _text = _run(
        "consolidate",
        str(month.inbox),
        "--period",
        month.period,
        "--out",
        str(out),
        "--schools",
        str(month.school_list),
        "--household",
        str(month.household),
        "--poverty",
        str(month.poverty),
        "--register",
        str(register),
        "--json",
    )
    assert code in (0, 1)


def _smallest_flagged(before: int) -> int:
    """The smallest change of a count of `before` that the default policy flags."""
    p = default_policy()
    return max(p.range_jump_min, math.floor(p.range_jump_share * before) + 1)


def _cut_roster(path: Path, to: int) -> None:
    """Delete rows at the end of the 适龄儿童台账 until it holds `to` pupils."""
    wb = openpyxl.load_workbook(path)
    ws = wb[cy.COUNTY_CHILDREN.title]
    head, cols = _header(ws, "身份证件号")
    rows = [r for r in range(head + 1, ws.max_row + 1) if ws.cell(r, cols["身份证件号"]).value]
    cut = len(rows) - to
    assert cut > 0
    ws.delete_rows(rows[-cut], cut)
    wb.save(path)


def _set_made_on(path: Path, day: dt.date) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[cy.COUNTY_INFO.title]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "汇总日期":
                ws.cell(cell.row, cell.column + 1).value = day
    wb.save(path)


def _county_months(root: Path, inbox: Path, code: str, name: str, seed: int) -> list:
    """The county's sample months over PERIODS, each consolidated with its register into
    inbox/<period>/<name><period>县区汇总.xlsx: [(DemoMonth, county workbook)]."""
    from core.demo.months import generate_months

    done = []
    for m in generate_months(
        root / "demo" / code,
        period=PERIODS[0],
        months=len(PERIODS),
        schools=3,
        students=40,
        seed=seed,
        county_code=code,
        county_name=name,
    ):
        target = inbox / m.period / f"{name}{m.period}县区汇总.xlsx"
        target.parent.mkdir(parents=True, exist_ok=True)
        _consolidate(m, target, root / f"{code}.sqlite")
        done.append((m, target))
    return done


@pytest.fixture(scope="module")
def prefecture(tmp_path_factory):
    """The damaged sample prefecture: (inbox, unit list, plants, answer keys)."""

    os.environ.setdefault("SCHOOLROLL_IN_PROCESS", "1")
    root = tmp_path_factory.mktemp("semester")
    inbox = root / "收件箱"
    policy = default_policy()
    keys: dict[str, dict[str, Any]] = {}
    for code, name, seed in COUNTIES:
        for m, _target in _county_months(root, inbox, code, name, seed):
            keys[f"{code}:{m.period}"] = json.loads(m.answer_key.read_text("utf-8"))
    (a, a_name, _), (b, b_name, _) = COUNTIES
    book = {(c, p): inbox / p / f"{n}{p}县区汇总.xlsx" for c, n, _ in COUNTIES for p in PERIODS}
    plants: dict[str, Any] = {"missing": (b, "2026-11")}
    book.pop((b, "2026-11")).unlink()
    for code, near in ((a, 0), (b, 1)):
        before = len(
            _rows(openpyxl.load_workbook(book[(code, "2026-12")])["适龄儿童台账"], "身份证件号")
        )
        change = _smallest_flagged(before) - near
        _cut_roster(book[(code, "2027-01")], before - change)
        plants[code] = {"before": before, "change": change}
    # 汇总日期: on the last on-time day, except A's 2026-10, one day past it.
    limit = dt.timedelta(days=policy.range_county_days)
    for (code, period), path in book.items():
        late = (code, period) == (a, "2026-10")
        _set_made_on(path, policy.due_date(period) + limit + dt.timedelta(days=late))
    plants["late"] = (a, "2026-10")
    units = write_unit_list(
        root / "应报单位名单.xlsx", (("411500", "信阳市"), (a, a_name), (b, b_name))
    )
    return inbox, units, book, plants, keys


def _hand_series(book: dict[tuple[str, str], Path]) -> dict[tuple[str, str], dict[str, Any]]:
    """Each reported county month's figures, counted from its workbook's sheets."""
    out = {}
    for (code, period), path in book.items():
        wb = openpyxl.load_workbook(path, read_only=True)
        roster = _rows(wb["适龄儿童台账"], "身份证件号")
        attendance = _rows(wb["考勤汇总"], "身份证件号")
        suspected = _rows(wb["疑似辍学台账"], "身份证件号")
        dropout = _rows(wb["辍学台账"], "身份证件号")
        schools = _rows(wb["学校汇总"], "是否报送")
        summary = _rows(wb["学校汇总"], "在籍学生数")
        total = next(r for r in summary if "全县合计" in (r.get("学校名称"), r.get("序号")))
        found = [r["级别"] for r in _rows(wb["问题清单"], "级别")]
        out[(code, period)] = {
            "schools_received": sum(
                1 for r in schools if r["是否报送"] == "是" and r.get("学校标识码")
            ),
            "schools_on_time": sum(
                1 for r in schools if r["是否按时"] == "是" and r.get("学校标识码")
            ),
            "schools_expected": sum(1 for r in schools if r.get("学校标识码")),
            "roster_count": len(roster),
            "attending_count": sum(1 for r in attendance if (r["实出勤天数"] or 0) > 0),
            "suspected_count": sum(1 for r in suspected if r["状态"] == "跟踪中"),
            "dropout_count": sum(1 for r in dropout if r["状态"] == "未返校"),
            "returned_count": total["本月返校人数"],
            **{key: found.count(label) for label, key in SEVERITY.items()},
        }
    return out


def _hand_outcomes(book: dict[tuple[str, str], Path], code: str) -> dict[str, Any]:
    months = sorted(p for c, p in book if c == code)
    opened = ended = returns = closed = 0
    days: list[int] = []
    for period in months:
        wb = openpyxl.load_workbook(book[(code, period)], read_only=True)
        cases = _rows(wb["个案台账"], "个案状态")
        endings = _rows(wb["销号记录"], "结案方式")
        opened += sum(1 for r in cases if r["立案月份"] == period)
        ended += len(endings)
        returns += sum(1 for r in endings if r["结案方式"] in BACK)
        closed += sum(1 for r in endings if r["结案方式"] == "已销号")
        days += [r["已跟踪天数"] for r in cases if r["个案状态"] not in OPEN]
        last = cases
    open_end = sum(1 for r in last if r["个案状态"] in OPEN)
    return {
        "case_months": len(months),
        "opened": opened,
        "ended": ended,
        "returns": returns,
        "closed": closed,
        "open_end": open_end,
        "long_open_end": sum(1 for r in last if r["个案状态"] in OPEN and r["已跟踪天数"] >= 90),
        "share_closed": round(100 * ended / (ended + open_end), 2),
        "median_days": float(statistics.median(days)),
    }


def _sheet(path: Path, form: Any) -> list[dict[str, Any]]:
    ws = openpyxl.load_workbook(path, read_only=True)[form.title]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r and r[0] == form.columns[0].header)
    assert list(rows[head]) == [c.header for c in form.columns]
    return [dict(zip(form.keys, r, strict=True)) for r in rows[head + 1 :] if any(r)]


@pytest.fixture(scope="module")
def rolled(prefecture, tmp_path_factory):
    inbox, units, _book, _plants, _keys = prefecture
    out = tmp_path_factory.mktemp("range") / "信阳市2026秋季学期汇总.xlsx"
    code, text = _run(
        "rollup",
        str(inbox),
        "--level",
        "prefecture",
        "--period",
        "2026-09..2027-01",
        "--units",
        str(units),
        "--out",
        str(out),
        "--json",
    )
    return code, json.loads(text), out


def test_the_series_equals_the_figures_counted_from_each_months_workbook(prefecture, rolled):
    _inbox, _units, book, plants, _keys = prefecture
    _code, doc, out = rolled
    hand = _hand_series(book)
    keys = (
        "submitted",
        "schools_received",
        "roster_count",
        "attending_count",
        "suspected_count",
        "dropout_count",
        "returned_count",
        *SEVERITY.values(),
    )
    expected = []
    for code, _name, _seed in COUNTIES:
        for period in PERIODS:
            got = hand.get((code, period))
            if got is None:
                expected.append((code, period, "否", *([None] * (len(keys) - 1))))
            else:
                expected.append((code, period, "是", *(got[k] for k in keys[1:])))
    rows = _sheet(out, rf.SERIES)
    assert [(r["unit_code"], r["period"], *(r[k] for k in keys)) for r in rows] == expected
    assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1))
    # the planted roster changes are in the series as planted
    for code, _name, _seed in COUNTIES:
        jan, dec = hand[(code, "2027-01")], hand[(code, "2026-12")]
        assert dec["roster_count"] - jan["roster_count"] == plants[code]["change"]
    # the JSON holds the same series
    assert [
        (r["unit_code"], r["period"], r["submitted"], r.get("roster_count")) for r in doc["series"]
    ] == [(c, p, s == "是", n) for c, p, s, _r, n, *_ in expected]


def test_on_time_is_counted_against_the_policy_limit_one_day_past_it_late(prefecture, rolled):
    _inbox, _units, book, plants, _keys = prefecture
    _code, _doc, out = rolled
    rows = _sheet(out, rf.SERIES)
    got = {(r["unit_code"], r["period"]): r["on_time"] for r in rows if r["submitted"] == "是"}
    assert got == {key: "否" if key == plants["late"] else "是" for key in book}
    reporting = {r["unit_code"]: r for r in _sheet(out, rf.REPORTING)}
    (a, _an, _), (b, _bn, _) = COUNTIES
    assert [
        (
            reporting[c]["months_due"],
            reporting[c]["months_reported"],
            reporting[c]["months_on_time"],
            reporting[c]["months_missing"],
            reporting[c]["completeness"],
            reporting[c]["timeliness"],
        )
        for c in (a, b)
    ] == [
        (5, 5, 4, None, 100.0, 80.0),
        (5, 4, 4, "2026-11", 80.0, 100.0),
    ]
    # the schools' reports of the months each county reported, from its 学校汇总
    hand = _hand_series(book)
    for c in (a, b):
        mine = [v for (code, _p), v in hand.items() if code == c]
        due = sum(v["schools_expected"] for v in mine)
        got_, on_time = (sum(v[k] for v in mine) for k in ("schools_received", "schools_on_time"))
        r = reporting[c]
        assert (
            r["school_reports_due"],
            r["school_reports"],
            r["school_reports_on_time"],
            r["school_completeness"],
            r["school_timeliness"],
        ) == (due, got_, on_time, round(100 * got_ / due, 2), round(100 * on_time / got_, 2))


def _hand_total(
    level: str, code: str, name: str, rows: list[dict[str, Any]], months: int
) -> dict[str, Any]:
    """A total row of 个案成效: the rows' counts added, the share recomputed, no median;
    `months` those in which one of the rows' counties had a 个案台账."""
    total = {k: sum(r[k] for r in rows) for k in ("opened", "ended", "returns", "closed")}
    total |= {k: sum(r[k] for r in rows) for k in ("open_end", "long_open_end")}
    return {
        "unit_level": level,
        "unit_code": code,
        "unit_name": name,
        "case_months": months,
        **total,
        "share_closed": round(100 * total["ended"] / (total["ended"] + total["open_end"]), 2),
        "median_days": None,
    }


def test_case_outcomes_equal_the_counties_case_ledgers(prefecture, rolled):
    _inbox, _units, book, _plants, keys = prefecture
    _code, _doc, out = rolled
    rows = {r["unit_code"]: r for r in _sheet(out, rf.OUTCOMES)}
    assert list(rows) == ["411521", "411522", "411500"]
    counties = []
    for code, name, _seed in COUNTIES:
        hand = _hand_outcomes(book, code)
        assert {k: rows[code][k] for k in hand} == hand
        assert (rows[code]["unit_level"], rows[code]["unit_name"]) == ("县区", name)
        counties.append(hand)
        # the register's own answer: the cases open after the last month
        last = keys[f"{code}:{PERIODS[-1]}"]["register"]["open"]
        assert rows[code]["open_end"] == sum(last.values())
    total = _hand_total("地市", "411500", "信阳市", counties, len({p for _c, p in book}))
    assert {k: rows["411500"][k] for k in total} == total


SECOND = ("411600", "周口市", ("411621", "扶沟县", 53))
"""The province's second prefecture: one county of its own."""


@pytest.fixture(scope="module")
def province_range(prefecture, tmp_path_factory):
    """Two prefectures' monthly roll-ups over the semester (信阳市: the two counties above,
    411522 missing in 2026-11; 周口市: one county), rolled up by the province over the range."""

    inbox, units, book, _plants, _keys = prefecture
    root = tmp_path_factory.mktemp("province")
    zk_code, zk_name, (c_code, c_name, seed) = SECOND
    book = dict(book)
    for m, target in _county_months(root, root / "周口", c_code, c_name, seed):
        book[(c_code, m.period)] = target
    zk_units = write_unit_list(root / "周口市应报单位.xlsx", ((zk_code, zk_name), (c_code, c_name)))
    prefectures = ((inbox, units, "信阳市"), (root / "周口", zk_units, zk_name))
    for period in PERIODS:
        for folder, unit_list, name in prefectures:
            code, _text = _run(
                "rollup",
                str(folder / period),
                "--level",
                "prefecture",
                "--period",
                period,
                "--units",
                str(unit_list),
                "--out",
                str(root / "省收件箱" / period / f"{name}{period}地市汇总.xlsx"),
            )
            assert code in (0, 1)
    out = root / "河南省2026秋季学期汇总.xlsx"
    province_units = write_unit_list(
        root / "省应报单位.xlsx", (("410000", "河南省"), ("411500", "信阳市"), (zk_code, zk_name))
    )
    code, text = _run(
        "rollup",
        str(root / "省收件箱"),
        "--level",
        "province",
        "--period",
        "2026-09..2027-01",
        "--units",
        str(province_units),
        "--out",
        str(out),
        "--json",
    )
    assert code in (0, 1)
    return book, json.loads(text), out


def test_a_province_has_the_outcomes_of_every_county_from_its_prefectures(province_range):
    """个案成效 of a province: each prefecture (its counties added) before its counties, the
    province last; the counties' figures are their own 个案台账's, read back from 个案汇总 of
    each prefecture month, so the median of closed cases does not travel up."""
    book, doc, out = province_range
    rows = _sheet(out, rf.OUTCOMES)
    assert [(r["unit_level"], r["unit_code"], r["unit_name"]) for r in rows] == [
        ("地市", "411500", "信阳市"),
        ("县区", "411521", "罗山县"),
        ("县区", "411522", "光山县"),
        ("地市", "411600", "周口市"),
        ("县区", "411621", "扶沟县"),
        ("省级", "410000", "河南省"),
    ]
    keys = [k for k in rows[0] if k not in ("seq", "unit_level", "unit_code", "unit_name")]
    by_code = {r["unit_code"]: {k: r[k] for k in keys} for r in rows}
    hand = {
        code: _hand_outcomes(book, code) | {"median_days": None}
        for code in ("411521", "411522", "411621")
    }
    for code, figures in hand.items():
        assert by_code[code] == figures
    months = len(PERIODS)
    xy = _hand_total("地市", "411500", "信阳市", [hand["411521"], hand["411522"]], months)
    zk = _hand_total("地市", "411600", "周口市", [hand["411621"]], months)
    henan = _hand_total("省级", "410000", "河南省", [xy, zk], months)
    for total in (xy, zk, henan):
        assert by_code[total["unit_code"]] == {k: total[k] for k in keys}
    assert [r["unit_code"] for r in doc["outcomes"]] == [r["unit_code"] for r in rows]
    assert not any("个案汇总" in n for n in doc["notes"])


def test_the_planted_jump_is_flagged_and_the_near_miss_is_not(prefecture, rolled):
    _inbox, _units, _book, plants, _keys = prefecture
    _code, doc, out = rolled
    (a, a_name, _), (b, _b_name, _) = COUNTIES
    before, change = plants[a]["before"], plants[a]["change"]
    p = default_policy()
    flags = _sheet(out, rf.FLAGS)
    assert [
        (f["unit_code"], f["unit_name"], f["period"], f["flag_code"], f["flag"], f["why"])
        for f in flags
    ] == [
        (
            a,
            a_name,
            "2027-01",
            "range-count-jump",
            "人数突变",
            f"在籍学生数从 2026-12 的 {before} 变为 {before - change}（变化 {change} 人，"
            f"超过上月的 {p.range_jump_share:.0%} 且不少于 {p.range_jump_min} 人）；"
            "请核对转入转出、休学、辍学和返校记录",
        ),
    ]
    # B moved one pupil fewer than the smallest flagged change: a near miss, not flagged
    near = plants[b]["change"]
    assert near == _smallest_flagged(plants[b]["before"]) - 1
    assert not any(f["unit_code"] == b for f in flags)
    assert doc["flags"] == [{k: f[k] for k in doc["flags"][0]} for f in flags]


def test_the_missing_month_and_the_totals_are_findings_with_their_places(prefecture, rolled):
    _inbox, _units, book, _plants, _keys = prefecture
    code, doc, out = rolled
    (a, a_name, _), (b, b_name, _) = COUNTIES
    hand = _hand_series(book)
    got = [
        (f["severity"], f["code"], f["unit_code"], f["sheet"], f["message"])
        for f in _sheet(out, rf.UNIT_FINDINGS)
    ]
    mismatch = []
    for c, n in ((a, a_name), (b, b_name)):
        wb = openpyxl.load_workbook(book[(c, "2027-01")], read_only=True)
        declared = next(
            r["在籍学生数"]
            for r in _rows(wb["学校汇总"], "在籍学生数")
            if "全县合计" in (r.get("学校名称"), r.get("序号"))
        )
        mismatch.append(
            (
                "错误",
                "unit-totals-mismatch",
                c,
                "学校汇总",
                f"{n} 的“在籍学生数”汇总为 {declared}，"
                f"按其台账应为 {hand[(c, '2027-01')]['roster_count']}",
            )
        )
    missing = (
        "警告",
        "range-months-missing",
        b,
        None,
        f"{b_name}（{b}）缺报 2026-11（2026-09 至 2027-01 共 5 个月，缺 1 个月）",
    )
    assert sorted(got) == sorted([*mismatch, missing])
    assert code == 1  # the totals that do not match their ledgers are errors
    assert doc["missing"] == [{"unit_code": b, "unit": b_name, "months": ["2026-11"]}]


def test_the_workbook_reads_back_as_its_forms_with_a_line_chart_per_unit(rolled):
    _code, _doc, out = rolled
    read = read_workbook(out)
    kinds = {t.kind for t in read.tables} | {r.kind for r in read.records}
    assert {
        "range-info",
        "range-series",
        "range-outcomes",
        "range-flags",
        "range-reporting",
        "unit-findings",
    } <= kinds
    info = read.record("range-info").values
    assert (info["first_period"], info["last_period"], info["units_expected"]) == (
        "2026-09",
        "2027-01",
        2,
    )
    wb = openpyxl.load_workbook(out)
    charts = wb["图表"]._charts
    assert len(charts) == len(COUNTIES)
    assert {c.tagname for c in charts} == {"lineChart"}


def test_no_pupils_name_or_id_reaches_the_range_workbook(prefecture, rolled):
    _inbox, _units, book, _plants, _keys = prefecture
    _code, _doc, out = rolled
    secrets: set[str] = set()
    for path in book.values():
        wb = openpyxl.load_workbook(path, read_only=True)
        for row in _rows(wb["适龄儿童台账"], "身份证件号"):
            secrets |= {str(row["身份证件号"]), str(row["姓名"])}
    secrets = {s for s in secrets if len(s) >= 2}
    wb = openpyxl.load_workbook(out, read_only=True)
    cells = [
        str(v)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v is not None
    ]
    leaked = [c for c in cells if any(s in c for s in secrets)]
    assert leaked == []


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--period", "2027-01..2026-09"], "起始不晚于截止"),
        (["--period", "2026-09..2028-12"], "最多 24 个月"),
        (["--period", "2026-09..2027-08", "--evaluation", "--level", "prefecture"], "只用于省级"),
        (["--period", "2026-09..2027-01", "--previous", "x.xlsx"], "不使用 --previous"),
        (["--period", "2026-09..2027-08", "--evaluation", "--as-of", "7月"], "--as-of 应为日期"),
    ],
)
def test_range_usage_errors_are_chinese_sentences(tmp_path, capsys, argv, says):
    level = [] if "--level" in argv else ["--level", "province"]
    code = main(["rollup", str(tmp_path), *level, "--out", str(tmp_path / "x.xlsx"), *argv])
    assert code == 2
    assert says in capsys.readouterr().err


def test_a_range_workbook_left_in_the_inbox_is_skipped_not_a_unit(prefecture, rolled, tmp_path):
    import shutil

    inbox, units, _book, _plants, _keys = prefecture
    _code, _doc, out = rolled
    again = tmp_path / "收件箱"
    shutil.copytree(inbox / "2027-01", again / "2027-01")
    shutil.copy(out, again / out.name)
    _code, text = _run(
        "rollup",
        str(again),
        "--level",
        "prefecture",
        "--period",
        "2027-01..2027-01",
        "--units",
        str(units),
        "--out",
        str(tmp_path / "一月.xlsx"),
        "--json",
    )
    doc = json.loads(text)
    skipped = [u for u in doc["units"] if u["status"] == "skipped"]
    assert [
        (Path(u["path"]).name, [(f["code"], f["message"]) for f in u["findings"]]) for u in skipped
    ] == [
        (out.name, [("skipped-file", "这不是报表文件（多月汇总或学年评估），已跳过，不计入报送")])
    ]
    assert [r["submitted"] for r in doc["series"]] == [True, True]
