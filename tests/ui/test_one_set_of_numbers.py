"""The sample county's month, consolidated and rolled up, gives one set of numbers on every
surface: the CLI text and JSON, the window's tables, the county workbook, the annotated copies,
the roll-up workbook and its JSON."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ui.main_window import MainWindow

pytestmark = pytest.mark.slow

COUNTY = {
    "roster_count": 2016,
    "attending_count": 2001,
    "suspected_count": 10,
    "dropout_count": 5,
    "returned_count": 5,
}
FINDINGS = {"errors": 34, "warnings": 7, "queries": 11, "notes": 5}
FIGURES_LINE = (
    "在籍 2016 人，在校 2001 人，疑似辍学 10 人，辍学 5 人，本月返校 5 人"
    "（其中县区比对列入台账：疑似辍学 2 人，辍学 0 人）。"
)
FIGURES_LINE_2 = "适龄失学（已核实） 1 人，户籍儿童待核实 2 人，脱贫户辍学 1 人。"
FINDINGS_TEXT = "问题：错误 34，警告 7，疑问 11（已说明 1），提示 5"
# The rates, each with its two counts: 辍学率 and 可能辍学率 over the 学籍 (the 户籍比对 child
# of 疑似辍学 left out: 10 - 1), 复学率 and 销号率 over the dropout ledger, 劝返覆盖率 over the
# open cases.
RATE_COUNTS = {
    "roll_suspected_count": 9,
    "roll_dropout_count": 5,
    "resumed_count": 1,
    "closed_count": 1,
    "dropout_total": 7,
    "open_count": 15,
    "visited_open_count": 5,
}
RATES = {
    "dropout_rate": 0.25,
    "possible_rate": 0.45,
    "return_rate": 14.29,
    "closing_rate": 14.29,
    "visit_coverage": 33.33,
}
RATES_LINE = (
    "指标：实际辍学率 0.25%（5÷2016），可能辍学率 0.45%（9÷2016），复学率 14.29%（1÷7），"
    "销号率 14.29%（1÷7），劝返覆盖率 33.33%（5÷15）。"
)
# 首页's 三、指标 and the roll-up's 指标说明: (name, the two counts, value).
RATE_ROWS = [
    ("实际辍学率(%)", "5 ÷ 2016", 0.25),
    ("可能辍学率(%)", "9 ÷ 2016", 0.45),
    ("复学率(%)", "1 ÷ 7", 14.29),
    ("销号率(%)", "1 ÷ 7", 14.29),
    ("劝返覆盖率(%)", "5 ÷ 15", 33.33),
]
RATE_COUNT_METRICS = {
    "在籍疑似辍学人数": 9,
    "在籍辍学人数": 5,
    "已复学人数": 1,
    "已销号人数": 1,
    "辍学台账总人数": 7,
    "在案个案数": 15,
    "有劝返记录的在案个案数": 5,
}
UNIT_RATE_HEADERS = ("辍学率(%)", "可能辍学率(%)", "复学率(%)", "销号率(%)", "劝返覆盖率(%)")
# 学校汇总, row by row: 在籍 在校 疑似 辍学 返校, then 错误 警告 疑问 提示.
SCHOOLS = {
    "2141525001": (283, 283, 1, 0, 0, 0, 0, 0, 1),
    "2141525002": (225, 225, 0, 0, 0, 9, 1, 2, 0),
    "2141525005": (257, 250, 3, 1, 1, 10, 4, 6, 0),
    "2141525008": (0, 0, 0, 0, 0, 2, 0, 0, 0),
    "2141525012": (234, 234, 1, 0, 1, 3, 0, 0, 0),
    "3141525003": (263, 260, 1, 1, 1, 0, 1, 1, 3),
    "3141525004": (247, 246, 1, 1, 1, 0, 0, 0, 0),
    "3141525006": (0, 0, 0, 0, 0, 1, 0, 0, 0),
    "3141525007": (279, 276, 0, 1, 0, 1, 0, 0, 0),
    "3141525009": (228, 227, 1, 1, 1, 1, 0, 0, 0),
    "3141525010": (0, 0, 0, 0, 0, 1, 0, 0, 0),
    "3141525011": (0, 0, 0, 0, 0, 1, 0, 0, 0),
    "县区核对新增": (0, 0, 2, 0, 0, 5, 1, 2, 1),
    "全县合计": (2016, 2001, 10, 5, 5, 34, 7, 11, 5),
}
COUNT_KEYS = (*COUNTY, *FINDINGS)
COUNT_HEADERS = (
    "在籍学生数",
    "在校学生数",
    "疑似辍学人数",
    "辍学人数",
    "本月返校人数",
    "错误数",
    "警告数",
    "疑问数",
    "提示数",
)
HEADLINE = re.compile(
    r"^(.*)：(通过|未通过)（错误 (\d+)，警告 (\d+)，疑问 (\d+)（已说明 \d+），提示 (\d+)）$"
)


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from core.consolidate import consolidate
    from core.demo import generate_county
    from desktop.cli import main

    demo = generate_county(tmp_path_factory.mktemp("sample"))
    out = demo.out_dir / "县区" / "县区汇总.xlsx"
    result = consolidate(
        demo.inbox,
        demo.period,
        out,
        schools=demo.school_list,
        household=demo.household,
        poverty=demo.poverty,
        platform=demo.platform,
        passwords=demo.passwords,
        feedback_dir=demo.out_dir / "反馈",
    )
    up = demo.out_dir / "上报"
    up.mkdir()
    shutil.copy(out, up / out.name)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        args = ["rollup", str(up), "--level", "prefecture", "--period", demo.period]
        main([*args, "--out", str(demo.out_dir / "地市汇总.xlsx"), "--json"])
    said = io.StringIO()
    with contextlib.redirect_stdout(said):
        main([*args, "--out", str(demo.out_dir / "地市汇总（文字）.xlsx")])
    return {
        "demo": demo,
        "result": result,
        "rollup": json.loads(printed.getvalue()),
        "rollup_text": said.getvalue().splitlines(),
    }


def _sheet_rows(path: Path, title: str) -> list[dict[str, Any]]:
    rows = list(openpyxl.load_workbook(path, read_only=True)[title].iter_rows(values_only=True))
    return [dict(zip(rows[1], r, strict=True)) for r in rows[2:]]


def test_the_cli_text_and_json_give_the_county_figures(month) -> None:
    from desktop.commands.consolidate import summary_text

    result = month["result"]
    text = summary_text(result, None).splitlines()
    assert text[1:4] == [FIGURES_LINE, FIGURES_LINE_2, RATES_LINE]
    assert text[6] == f"{FINDINGS_TEXT}（全部列在汇总工作簿的“问题清单”中）。"
    doc = json.loads(json.dumps(result.to_json(), ensure_ascii=False))
    assert doc["finding_counts"] == FINDINGS
    assert (doc["rate_counts"], doc["rates"]) == (RATE_COUNTS, RATES)
    assert {k: doc["totals"][k.removesuffix("_count")] for k in COUNTY} == COUNTY
    by_row = {
        r["school_code"] or r["school_name"]: tuple(r[k] for k in COUNT_KEYS)
        for r in doc["schools"]
    }
    assert by_row == SCHOOLS


def test_the_county_workbook_gives_the_same_figures(month) -> None:
    path = month["result"].out_path
    schools = _sheet_rows(path, "学校汇总")
    got = {r["学校标识码"] or r["学校名称"]: tuple(r[h] for h in COUNT_HEADERS) for r in schools}
    assert got == SCHOOLS
    listed = Counter(r["级别"] for r in _sheet_rows(path, "问题清单"))
    assert listed == {"错误": 34, "警告": 7, "疑问": 11, "提示": 5}
    front = list(openpyxl.load_workbook(path, read_only=True)["首页"].iter_rows(values_only=True))
    at = next(i for i, r in enumerate(front) if r[0] == "指标") + 1
    assert [(r[0], r[7], r[8]) for r in front[at : at + len(RATE_ROWS)]] == RATE_ROWS


def test_the_window_shows_the_same_figures(qtbot, ctx, month) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    view = window.consolidate_view
    from core.consolidate.overview import overview

    view._on_job_succeeded((month["result"], overview(month["result"], None, ())))
    lines = view.status.text().splitlines()
    assert lines[1:4] == [FIGURES_LINE, FIGURES_LINE_2, RATES_LINE]
    assert lines[5] == f"{FINDINGS_TEXT}。"
    model = view.findings.model
    shown = Counter(model.data(model.index(r, 0)) for r in range(model.rowCount()))
    assert shown == {"错误": 34, "警告": 7, "疑问": 11, "提示": 5}
    files = {}
    subs = view.submissions
    for r in range(subs.rowCount()):
        cells = [subs.data(subs.index(r, c)) for c in range(subs.columnCount())]
        if cells[2] != "未报送":
            files[cells[-1]] = tuple(cells[3:7])
    assert files == {p: tuple(c.values()) for p, c in month["result"].figures.files.items()}


def test_each_annotated_copy_heads_with_the_counts_the_window_and_json_give(month) -> None:
    result = month["result"]
    by_path = {
        f"{s.path}": s
        for s in result.submissions
        if s.status in ("accepted", "rejected") and s.report is not None
    }
    seen = {}
    for copy in result.feedback_paths:
        book = _copy_book(copy, month["demo"].passwords, read_only=True)
        headline = book["校验结果"]["A1"].value
        match = HEADLINE.match(headline)
        assert match, headline
        path, verdict, *numbers = match.groups()
        counts = dict(zip(FINDINGS, map(int, numbers), strict=True))
        assert verdict == ("未通过" if counts["errors"] else "通过")
        seen[path] = counts
    assert seen == {p: result.figures.files[p] for p in by_path}


def test_the_rollup_json_and_workbook_give_the_county_figures(month) -> None:
    doc = month["rollup"]
    assert {k: doc["totals"][k] for k in COUNTY} == COUNTY
    assert month["rollup_text"][1] == RATES_LINE
    path = month["demo"].out_dir / "地市汇总.xlsx"
    unit = next(r for r in _sheet_rows(path, "单位汇总") if r["单位代码"] == "411525")
    assert [unit[h] for h in COUNT_HEADERS[:5]] == list(COUNTY.values())
    assert unit["汇总数与台账一致"] == "是"
    assert [unit[h] for h in UNIT_RATE_HEADERS] == list(RATES.values())
    assert [unit[h] for h in RATE_COUNT_METRICS] == list(RATE_COUNT_METRICS.values())
    assert {k: doc["totals"][k] for k in RATE_COUNTS} == RATE_COUNTS
    assert doc["rates"] == RATES
    metrics = {m["metric"]: m["value"] for m in doc["metrics"]}
    assert [metrics[h] for h in COUNT_HEADERS[:4]] == [2016, 2001, 10, 5]
    assert {h: metrics[h] for h in RATE_COUNT_METRICS} == RATE_COUNT_METRICS
    assert [(name, metrics[name]) for name, _, _ in RATE_ROWS] == [
        (name, value) for name, _, value in RATE_ROWS
    ]
    sheet = {r["指标"]: r["本级数值"] for r in _sheet_rows(path, "指标说明")}
    assert [(name, sheet[name]) for name, _, _ in RATE_ROWS] == [
        (name, value) for name, _, value in RATE_ROWS
    ]


def _copy_book(copy: Path, passwords: list[str], **kw: Any) -> Any:
    """A feedback copy opened as the school opens it: with its original's password if it has one
    (a protected original's copy is encrypted with the same password)."""
    import msoffcrypto

    data = copy.read_bytes()
    if data[:4] != b"\xd0\xcf\x11\xe0":
        return openpyxl.load_workbook(copy, **kw)
    for password in passwords:
        office, plain = msoffcrypto.OfficeFile(io.BytesIO(data)), io.BytesIO()
        with contextlib.suppress(Exception):
            office.load_key(password=password, verify_password=True)
            office.decrypt(plain)
            return openpyxl.load_workbook(plain, **kw)
    raise AssertionError(f"{copy.name} opens with none of the county's passwords")


def _listed(copy: Path, passwords: list[str] = ()) -> list[tuple[Any, ...]]:
    ws = _copy_book(copy, list(passwords))["校验结果"]
    return [r[2:8] for r in ws.iter_rows(min_row=4, values_only=True) if r[2]]


def test_every_county_finding_is_at_its_pupils_cell_once_in_the_schools_copy(month) -> None:
    result = month["result"]
    pws = month["demo"].passwords  # the protected originals' copies are encrypted
    copies = {
        _copy_book(c, month["demo"].passwords)["校验结果"]["A1"].value.rsplit("：", 1)[0]: c
        for c in result.feedback_paths
    }
    placed = []
    for f in result.findings:
        if f.file not in copies or f.row is None:
            continue
        copy = copies[f.file]
        cell = _copy_book(copy, pws)[f.sheet][f.cell or "A1"]
        assert (f.cell, cell.fill.fill_type) == (f"{f.column}{f.row}", "solid")
        assert f.message in cell.comment.text
        assert (f.code, f.sheet, f.cell, f.field, None, f.message) in _listed(copy, pws)
        placed.append((f.code, Path(copy).name, f.cell, f.field))
    assert sorted(placed) == [
        (
            "duplicate-across-schools",
            "固始县往流镇第一初级中学_2026-10_校验结果.xlsx",
            "E49",
            "身份证件号",
        ),
        (
            "duplicate-across-schools",
            "固始县胡族铺镇第一初级中学_2026-10_校验结果.xlsx",
            "E4",
            "身份证件号",
        ),
        ("poverty-dropout", "固始县秀水街道第一初级中学_2026-10_校验结果.xlsx", "K4", "是否脱贫户"),
    ]
    for copy in result.feedback_paths:
        assert [n for n in Counter(_listed(copy, pws)).values() if n > 1] == []


def test_a_cross_school_duplicate_names_both_schools_both_rows_and_the_pupil(month) -> None:
    wangliu = next(c for c in month["result"].feedback_paths if "往流" in c.name)
    assert [r[5] for r in _listed(wangliu)] == [
        "学生“何佳琪”同时在本校（固始县往流镇第一初级中学 学籍名册 第 49 行）和 "
        "固始县胡族铺镇第一初级中学（收件箱/胡族铺一中10月报（密码见短信）.xlsx 学籍名册 第 4 行）"
        "的名册中"
    ]


def test_an_absence_the_school_reported_is_listed_once(month) -> None:
    liji = next(c for c in month["result"].feedback_paths if "黎集" in c.name)
    at_row = [r[:3] for r in _listed(liji) if r[1] == "考勤汇总" and r[2].endswith("109")]
    assert at_row == [("absence-not-reported", "考勤汇总", "K109")]


def test_every_row_of_the_summary_sheets_carries_its_unit(month) -> None:
    path = month["result"].out_path
    for title in ("学校汇总", "重点群体"):
        assert [r for r in _sheet_rows(path, title) if not r["学校名称"]] == []
    groups = _sheet_rows(path, "重点群体")
    assert [(r["学校名称"], r["台账"]) for r in groups if not r["学校标识码"]] == [
        ("县区核对新增", "疑似辍学台账")
    ]
