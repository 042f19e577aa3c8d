"""上报汇总 page over a range of months: the sample prefecture's semester (the core range test's
inbox: two counties of `demo --months 5` consolidated with their case registers, one county's
November missing, one county's January roster cut by exactly what the policy flags), and one of
its months rolled up alone for its 个案汇总."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from core.catalogue import rollup as rf
from tests.core.rollup.test_rollup_evaluation import province  # noqa: F401 - the fixture
from tests.core.rollup.test_rollup_range import _sheet, prefecture  # noqa: F401 - the fixture
from ui.views.rollup_view import CANCELLED, RollupView

pytestmark = pytest.mark.slow
RANGE = "2026-09..2027-01"


def _plain(value: Any) -> Any:
    """A cell as a reader compares it: a number as a float (50, 50.0 and "50.00" alike), a date
    as YYYY-MM-DD, an empty cell as ""."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    try:
        return float(value)
    except ValueError:
        return value


def _same_as_workbook(shown: list[dict[str, str]], path: Path, form: Any) -> None:
    """The tab's rows are the sheet's rows of the written workbook, cell for cell."""
    book = [
        {c.header: _plain(r[c.key]) for c in form.columns if c.key != "seq"}
        for r in _sheet(path, form)
    ]
    assert [{k: _plain(v) for k, v in row.items()} for row in shown] == book


def _run(qtbot, view: RollupView) -> None:
    with qtbot.waitSignal(view.job.finished, timeout=300_000):
        view.run_button.click()
    assert view.progress.label.text() == "上报汇总完成", view.status.text()


@pytest.fixture
def page(qtbot, ctx) -> RollupView:
    view = RollupView(ctx)
    qtbot.addWidget(view)
    return view


def test_a_semester_shows_the_series_outcomes_and_flags_of_its_workbook(
    qtbot,
    page: RollupView,
    prefecture,  # noqa: F811 - the imported fixture
) -> None:
    inbox, units, _book, plants, _keys = prefecture
    page.inbox.set_text(str(inbox))
    page.units.set_text(str(units))
    page.period.setText(RANGE)
    out = inbox.parent / "地市汇总_2026-09至2027-01.xlsx"
    assert page.out.text() == str(out)  # the proposal follows the range
    _run(qtbot, page)
    assert page.tab_titles() == ["月度序列", "个案结果", "需关注", "问题清单"]
    assert page.result.out_path == out

    series = page.series.shown()
    _same_as_workbook(series, out, rf.SERIES)
    missing = next(r for r in series if (r["单位代码"], r["统计月份"]) == plants["missing"])
    assert missing == {
        "单位级别": "县区",
        "单位代码": "411522",
        "单位名称": "光山县",
        "统计月份": "2026-11",
        "是否报送": "否",
        **{c.header: "" for c in rf.SERIES.columns[6:]},
    }
    late = next(r for r in series if (r["单位代码"], r["统计月份"]) == plants["late"])
    assert (late["是否报送"], late["是否按时"]) == ("是", "否")
    january = {r["单位代码"]: r for r in series if r["统计月份"] == "2027-01"}
    december = {r["单位代码"]: r for r in series if r["统计月份"] == "2026-12"}
    for code in ("411521", "411522"):
        before, change = plants[code]["before"], plants[code]["change"]
        assert december[code]["在籍学生数"] == str(before)
        assert january[code]["在籍学生数"] == str(before - change)

    _same_as_workbook(page.outcomes.shown(), out, rf.OUTCOMES)
    assert [(r["单位级别"], r["单位名称"]) for r in page.outcomes.shown()] == [
        ("县区", "罗山县"),
        ("县区", "光山县"),
        ("地市", "信阳市"),
    ]

    flags = page.flags.shown()
    _same_as_workbook(flags, out, rf.FLAGS)
    jumps = [r for r in flags if r["关注代码"] == "range-count-jump" and r["统计月份"] == "2027-01"]
    before, change = plants["411521"]["before"], plants["411521"]["change"]
    assert [(r["单位代码"], r["关注事项"], r["原因"]) for r in jumps] == [
        (
            "411521",
            "人数突变",
            f"在籍学生数从 2026-12 的 {before} 变为 {before - change}（变化 {change} 人，"
            "超过上月的 10% 且不少于 10 人）；请核对转入转出、休学、辍学和返校记录",
        )
    ]  # 光山县's cut is one pupil short of a flag: not listed
    assert [f.code for f in page.findings.shown() if f.code.startswith("range")] == [
        "range-months-missing"
    ]
    assert page.status.text().splitlines() == [
        "多月汇总 信阳市 2026-09 至 2027-01：2 个单位，5 个月；有缺报月份的单位 1 个，需关注 1 处；"
        "问题：错误 2，警告 1，疑问 0（已说明 0），提示 0。",
        f"本级汇总工作簿：{out}",
    ]


def test_one_month_shows_the_counties_case_figures_of_their_registers(
    qtbot,
    page: RollupView,
    prefecture,  # noqa: F811 - the imported fixture
) -> None:
    inbox, units, _book, _plants, _keys = prefecture
    page.inbox.set_text(str(inbox / "2026-10"))
    page.units.set_text(str(units))
    page.period.setText("2026-10")
    page.out.set_text(str(inbox.parent / "十月" / "地市汇总_2026-10.xlsx"))
    _run(qtbot, page)
    assert page.tab_titles() == ["指标", "个案汇总", "问题清单"]
    cases = page.cases.shown()
    _same_as_workbook(cases, page.result.out_path, rf.UNIT_CASES)
    assert [r["单位名称"] for r in cases] == ["罗山县", "光山县", "合计"]
    assert cases[0] == {
        "单位代码": "411521",
        "单位名称": "罗山县",
        "月末在跟踪个案数": "6",
        "本月立案数": "0",
        "本月结案数": "4",
        "其中返校复学数": "1",
        "销号（复学）": "0",
        "销号（特教/送教）": "0",
        "销号（死亡）": "0",
        "销号（出国出境）": "0",
        "销号（转户籍地）": "0",
        "销号（完成义务教育）": "1",
        "销号（其他）": "0",
        "销号（未填写原因）": "1",
        "跟踪90天及以上个案数": "0",
        "在跟踪天数中位数": "60.00",
        "本月结案比例(%)": "40.00",
        "报送文件": "2026-10/罗山县2026-10县区汇总.xlsx",
    }
    total = cases[-1]
    assert (total["月末在跟踪个案数"], total["本月结案数"], total["在跟踪天数中位数"]) == (
        "12",
        "8",
        "",  # medians do not add up
    )


def test_a_range_or_a_month_written_wrongly_is_refused_saying_how_to_write_it(
    page: RollupView, tmp_path: Path
) -> None:
    page.inbox.set_text(str(tmp_path))
    for period, why in (
        (
            "2027-01..2026-09",
            "统计期间“2027-01..2026-09”写法不对：多月汇总写起止月份 起始月..截止月"
            "（如 2026-09..2027-01），起始不晚于截止，最多 24 个月。",
        ),
        (
            "2026-秋",
            "统计期间“2026-秋”写法不对：一个月写 YYYY-MM（如 2026-10）；多月汇总写起止月份 "
            "起始月..截止月（如 2026-09..2027-01），起始不晚于截止，最多 24 个月。",
        ),
    ):
        page.period.setText(period)
        page.start()
        assert page.status.text() == why
        assert not page.job.running
    page.period.setText(RANGE)
    page.previous.set_text(str(tmp_path / "上期.xlsx"))
    page.start()
    assert page.status.text() == (
        "多月汇总不使用上期本级汇总（月度序列已含逐月比较）：请清空“上期本级汇总”，或只写一个月份。"
    )


def test_the_yearly_evaluation_is_offered_at_the_province_only(
    page: RollupView, tmp_path: Path
) -> None:
    page.inbox.set_text(str(tmp_path / "收件箱"))
    (tmp_path / "收件箱").mkdir()
    page.period.setText("2026-09..2027-08")
    assert not page.form.isRowVisible(page.evaluation)
    page.level.setCurrentIndex(page.level.findData("province"))
    assert page.form.isRowVisible(page.evaluation)
    assert page.out.text() == str(tmp_path / "省级汇总_2026-09至2027-08.xlsx")
    page.evaluation.setChecked(True)
    assert page.out.text() == str(tmp_path / "省级学年评估_2026-09至2027-08.xlsx")
    page.period.setText("2027-06")
    page.start()
    assert page.status.text() == (
        "学年评估的统计期间“2027-06”写法不对：多月汇总写起止月份 起始月..截止月"
        "（如 2026-09..2027-01），起始不晚于截止，最多 24 个月。"
    )
    page.level.setCurrentIndex(page.level.findData("prefecture"))
    assert not page.evaluation.isChecked()


def test_the_province_writes_the_yearly_evaluation_with_its_july_check(
    qtbot,
    page: RollupView,
    province,  # noqa: F811 - the imported fixture
) -> None:
    _code, _doc, cli_out, _once = province
    root = cli_out.parent  # the fixture's inbox and unit list, beside the CLI's workbook
    page.inbox.set_text(str(root / "收件箱"))
    page.units.set_text(str(root / "省级名单.xlsx"))
    page.level.setCurrentIndex(page.level.findData("province"))
    page.period.setText("2026-09..2027-08")
    page.evaluation.setChecked(True)
    _run(qtbot, page)
    out = root / "省级学年评估_2026-09至2027-08.xlsx"
    assert page.result.out_path == out
    assert openpyxl.load_workbook(out, read_only=True).sheetnames == [
        s.title for s in rf.EVALUATION.sheets
    ] + ["图表"]
    assert page.status.text().splitlines()[1] == (
        "七月检查（截止 2027-07-31）：4 个单位尚有应报月份未报。"
    )  # 郑州市 and its two counties without May and June, 光山县 without June
    assert page.tab_titles() == ["月度序列", "个案结果", "需关注", "问题清单"]
    _same_as_workbook(page.series.shown(), out, rf.SERIES)


def test_a_range_run_names_the_workbook_it_reads_and_can_be_cancelled(
    qtbot,
    page: RollupView,
    prefecture,  # noqa: F811 - the imported fixture
    tmp_path: Path,
) -> None:
    inbox, units, _book, _plants, _keys = prefecture
    seen: list[str] = []
    page.job.progressed.connect(lambda *_: seen.append(page.progress.label.text()))
    page.inbox.set_text(str(inbox))
    page.units.set_text(str(units))
    page.period.setText(RANGE)
    page.out.set_text(str(tmp_path / "取消.xlsx"))
    page.run_button.click()
    qtbot.waitUntil(lambda: bool(seen), timeout=60_000)  # what the user sees, not a signal
    page.progress.cancel_button.click()
    qtbot.waitUntil(page.run_button.isEnabled, timeout=60_000)
    assert any("县区汇总.xlsx" in text for text in seen), seen
    assert page.status.text() == CANCELLED
    assert not (tmp_path / "取消.xlsx").exists()
    assert page.tab_titles() == ["月度序列", "个案结果", "需关注", "问题清单"]
    assert page.series.shown() == []  # nothing of an earlier run is taken for this one's
