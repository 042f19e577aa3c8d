"""The county workbook as a user opens it: 首页, text IDs, links, highlights, filters."""

# The rates' formulas print the official times and division signs.
# ruff: noqa: RUF001

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from core.catalogue import county
from core.consolidate.book import build_book
from core.consolidate.crosscheck import cross_school
from core.consolidate.figures import county_figures
from core.consolidate.inbox import SchoolEntry
from core.consolidate.key_groups import key_group_rows
from core.consolidate.merge import merge
from core.consolidate.refs import Loaded
from core.consolidate.result import ConsolidationResult
from core.consolidate.summary import COUNTY_ROW_NOTE, school_entries
from core.policy import Policy
from core.writers.county_writer import write_county_workbook
from tests.core.consolidate.builders import PERIOD, pid, pupil, submission, workbook

A, B = "2141000001", "2141000002"


@pytest.fixture(scope="module")
def book_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    subs = [
        submission(
            workbook(
                "A.xlsx",
                A,
                roster=[
                    pupil(1, note="=1+2", left_behind="2"),
                    pupil(
                        2,
                        guardian="@张三",
                        orphan=True,
                        note=" 两头有空格 ",
                        address="甲&乙<丙>\x07",
                        class_name="<r>1班</r>",
                    ),
                ],
                suspected=[pupil(2, first_absence=dt.date(2026, 10, 9), status="1", orphan=True)],
            ),
            "城关一小",
        ),
        submission(workbook("B.xlsx", B, roster=[pupil(1)]), "城关二小"),
    ]
    subs[0].on_time = False
    result = ConsolidationResult(period=PERIOD, submissions=subs)
    ledgers = merge(subs)
    result.findings = cross_school(ledgers)
    refs = Loaded(
        schools={
            A: SchoolEntry(A, "城关一小", "411525", "城关镇"),
            B: SchoolEntry(B, "城关二小", "411525"),
        }
    )
    entries = school_entries(refs.schools, result.accepted)
    result.figures = county_figures(result, ledgers, entries, Policy().window(PERIOD), "411525")
    book = build_book(result, ledgers, [], refs, "411525", "固始县")
    return write_county_workbook(book, tmp_path_factory.mktemp("w") / "县区汇总.xlsx").path


def test_user_text_that_looks_like_a_formula_stays_text_and_ids_are_text(book_path) -> None:
    ws = openpyxl.load_workbook(book_path)[county.COUNTY_CHILDREN.title]
    header = [c.value for c in ws[2]]
    row = dict(zip(header, ws[3], strict=True))
    assert (row["说明"].value, row["说明"].data_type) == ("=1+2", "s")
    assert (row["身份证件号"].value, row["身份证件号"].data_type) == (pid(1), "s")
    second = {h: c.value for h, c in zip(header, ws[4], strict=True)}
    assert [second[h] for h in ("监护人姓名", "说明", "家庭住址", "班级")] == [
        "@张三",
        " 两头有空格 ",
        "甲&乙<丙>",
        "<r>1班</r>",
    ]


def test_ledgers_have_frozen_headers_filters_and_print_titles(book_path) -> None:
    wb = openpyxl.load_workbook(book_path)
    ws = wb[county.COUNTY_CHILDREN.title]
    assert (ws.freeze_panes, ws.auto_filter.ref, ws.print_title_rows) == ("A3", "A2:AD5", "$2:$2")


def test_the_front_page_comes_first_with_the_county_figures_and_a_signature_block(
    book_path,
) -> None:
    wb = openpyxl.load_workbook(book_path)
    assert wb.sheetnames[0] == "首页"
    rows = [[c for c in r if c is not None] for r in wb["首页"].iter_rows(values_only=True)]
    rows = [r for r in rows if r]
    assert rows == [
        ["固始县控辍保学月报（2026-10）"],
        ["县区代码 411525\u3000规则版本 2026.1"],
        ["一、学校报送情况"],
        ["应报学校数", "已报学校数", "按时报送", "逾期报送", "未报学校数"],
        [2, 2, 0, 1, 0],
        ["二、学生人数（全县台账，含县区核对新增）"],
        [
            *("在籍学生数", "在校学生数", "疑似辍学人数", "辍学人数", "本月返校人数"),
            *("累计已复学", "累计已销号", "辍学台账总人数"),
        ],
        [3, 0, 1, 0, 0, 0, 0, 0],
        ["三、指标"],
        ["指标", "公式", "计算", "数值(%)"],
        ["实际辍学率(%)", "在籍辍学人数（不含户籍比对新增）÷ 在籍学生数 × 100%", "0 ÷ 3", 0],
        [
            "可能辍学率(%)",
            "在籍疑似辍学人数（不含户籍比对新增）÷ 在籍学生数 × 100%",
            "1 ÷ 3",
            33.33,
        ],
        ["复学率(%)", "已复学人数 ÷ 辍学台账总人数 × 100%", "0 ÷ 0", "—"],
        ["销号率(%)", "已销号人数 ÷ 辍学台账总人数 × 100%", "0 ÷ 0", "—"],
        [
            "劝返覆盖率(%)",
            "有劝返记录的在案个案数 ÷ 在案个案数（疑似辍学跟踪中 + 辍学未返校）× 100%",
            "0 ÷ 1",
            0,
        ],
        ["四、问题（见“问题清单”）"],
        ["级别", "条数", "含义"],
        ["错误", 2, "必须改正；有错误时汇总结论为未通过"],
        ["警告", 0, "应当核实；不影响通过"],
        ["疑问", 0, "可能无误：改正或写明说明即可（已说明的也计入）"],
        ["提示", 0, "说明性信息，不是问题"],
        ["五、分乡镇情况"],
        ["学校名录中未填乡镇的学校计入“（名录未填乡镇）”。"],
        [
            "乡镇(街道)",
            "应报学校",
            "已报学校",
            "在籍",
            "在校",
            "疑似辍学",
            "辍学",
            "本月返校",
            "错误",
        ],
        ["城关镇", 1, 1, 2, 0, 1, 0, 0, 1],
        ["（名录未填乡镇）", 1, 1, 1, 0, 0, 0, 0, 1],
        ["县区核对新增", "", "", 0, 0, 0, 0, 0, 0],
        ["全县合计", 2, 2, 3, 0, 1, 0, 0, 2],
        ["六、图表"],
        ["填表人：__________", "审核人：__________", "负责人：__________"],
        ["日期：__________", "单位（盖章）：__________"],
    ]


def test_the_front_pages_charts_count_whole_pupils_from_zero(book_path) -> None:
    charts = openpyxl.load_workbook(book_path)["首页"]._charts
    assert [(c.y_axis.scaling.min, c.y_axis.majorUnit) for c in charts] == [(0, 1), (0, 1)]


def test_each_finding_links_to_its_merged_row_which_is_highlighted(book_path) -> None:
    wb = openpyxl.load_workbook(book_path)
    found = wb[county.FINDINGS.title]
    # The link is on the 工作表 cell; the 问题 cell is plain text, so it wraps in print.
    links = [
        (r[11].value, r[11].hyperlink, r[6].value, r[6].hyperlink.location)
        for r in found.iter_rows(min_row=3)
    ]
    assert links == [
        (
            "学生“学生1”同时在本校（城关一小 学籍名册 第 4 行）和 城关二小"
            "（B.xlsx 学籍名册 第 4 行）的名册中",
            None,
            "学籍名册",
            "'适龄儿童台账'!A3",
        ),
        (
            "学生“学生1”同时在本校（城关二小 学籍名册 第 4 行）和 城关一小"
            "（A.xlsx 学籍名册 第 4 行）的名册中",
            None,
            "学籍名册",
            "'适龄儿童台账'!A5",
        ),
    ]
    ledger = wb[county.COUNTY_CHILDREN.title]
    name_col = [c.value for c in ledger[2]].index("姓名") + 1
    fills = [ledger.cell(r, name_col).fill.fgColor.rgb for r in (3, 4, 5)]
    assert fills == ["FFFFEB9C", "00000000", "FFFFEB9C"]


def test_school_summary_counts_and_the_county_total(book_path) -> None:
    ws = openpyxl.load_workbook(book_path)[county.COUNTY_SCHOOLS.title]
    rows = [[c.value for c in r][2:11] for r in ws.iter_rows(min_row=3)]
    assert rows == [
        [A, "城关一小", "是", "否", "A.xlsx", 2, 0, 1, 0],
        [B, "城关二小", "是", None, "B.xlsx", 1, 0, 0, 0],
        [None, "县区核对新增", None, None, COUNTY_ROW_NOTE, 0, 0, 0, 0],
        [None, "全县合计", None, None, "已报 2 / 应报 2", 3, 0, 1, 0],
    ]


def test_key_groups_are_counted_per_school_and_ledger() -> None:
    subs = [
        submission(
            workbook(
                "A.xlsx",
                A,
                roster=[
                    pupil(1, left_behind="2", orphan=True),
                    pupil(2, left_behind="0", disability="4"),
                ],
            )
        )
    ]
    rows = key_group_rows(merge(subs).frames)
    assert rows == [
        {
            "county_code": "411525",
            "school_code": A,
            "school_name": f"学校{A}",
            "ledger": "适龄儿童台账",
            "orphan": 1,
            "unsupported": 0,
            "disability": 1,
            "left_behind": 1,
            "hardship": 0,
            "migrant": 0,
            "justice": 0,
        }
    ]


def test_every_sheet_prints_on_a4_one_page_wide_with_the_county_period_and_page_numbers(
    book_path,
) -> None:
    wb = openpyxl.load_workbook(book_path)
    setups = {
        ws.title: (
            ws.page_setup.paperSize,
            ws.page_setup.orientation,
            ws.sheet_properties.pageSetUpPr.fitToPage,
            ws.page_setup.fitToWidth or 1,
            ws.page_setup.fitToHeight if ws.page_setup.fitToHeight is not None else 1,
            ws.print_title_rows,
            ws.oddHeader.left.text,
            ws.oddHeader.right.text,
            ws.oddFooter.center.text,
        )
        for ws in wb.worksheets
    }
    page = ("固始县", "2026-10", "第 &P 页 共 &N 页")
    wide = (9, "landscape", True, 1, 0, "$2:$2", *page)
    # Too wide for one page at 70%: printed at 70%, its columns split (see the next test).
    split = (9, "landscape", None, 1, 1, "$2:$2", *page)
    assert setups == {
        "首页": (9, "portrait", True, 1, 1, None, *page),
        "汇总信息": (9, "portrait", True, 1, 0, None, *page),
        "学校汇总": wide,
        "适龄儿童台账": split,
        "考勤汇总": wide,
        "疑似辍学台账": split,
        "辍学台账": split,
        "劝返记录": wide,
        "三比对结果": wide,
        "重点群体": (9, "portrait", True, 1, 0, "$2:$2", *page),
        "问题清单": wide,
    }


A4_PRINTABLE_MM = {"portrait": 210 - 25.4, "landscape": 297 - 25.4}
"""A4 less the half-inch side margins the workbook sets (checked below)."""


def _print_scale(ws) -> float:
    """The scale a sheet prints at, from its own setup: its print scale, or when fitted to one
    page wide the printable width over the sum of its column widths (7 px a character)."""
    setup = ws.page_setup
    assert (ws.page_margins.left, ws.page_margins.right) == (0.5, 0.5)
    if not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage:
        return (setup.scale or 100) / 100
    assert (setup.fitToWidth or 1) == 1
    used = ws.max_column
    px = 0.0
    for dim in ws.column_dimensions.values():
        if dim.min is None or dim.min > used:
            continue
        span = min(dim.max, used) - dim.min + 1
        px += span * (dim.width or 8.43) * 7
    page = A4_PRINTABLE_MM[setup.orientation] / 25.4 * 96
    return min(1.0, page / px)


def test_every_form_prints_at_least_60_percent_of_the_front_pages_text(book_path) -> None:
    wb = openpyxl.load_workbook(book_path)
    front = _print_scale(wb["首页"])
    # Every cell prints in the workbook's one body font, so the text size is the scale.
    assert {f.sz for f in wb._fonts if not f.b} == {11}
    ratios = {ws.title: round(_print_scale(ws) / front, 2) for ws in wb.worksheets[1:]}
    assert {t: r for t, r in ratios.items() if r < 0.6} == {}
    split = {
        ws.title: (ws.page_setup.scale, ws.print_title_cols, ws.print_options.horizontalCentered)
        for ws in wb.worksheets
        if ws.page_setup.scale not in (None, 100)
    }
    assert {t: (s, cols) for t, (s, cols, _c) in split.items()} == {
        "适龄儿童台账": (70, "$A:$F"),
        "疑似辍学台账": (70, "$A:$F"),
        "辍学台账": (70, "$A:$F"),
    }


def test_every_printed_tables_cell_has_a_border_and_codes_are_centred(book_path) -> None:
    """On paper 序号 never runs into the code beside it: every cell of a table, an empty one
    too, is bordered, and 序号, codes and 是/否 are centred in their columns."""
    wb = openpyxl.load_workbook(book_path)
    forms = [
        county.COUNTY_SCHOOLS,
        county.FINDINGS,
        county.KEY_GROUPS,
        *county.LEDGER_FORMS.values(),
    ]
    centred = {"seq", "county_code", "school_code", "submitted", "on_time", "id_number", "gender"}
    centred |= {"row", "column"}
    seen = set()
    for form in forms:
        ws = wb[form.title]
        for row in ws.iter_rows(min_row=3, max_col=len(form.columns)):
            for spec, cell in zip(form.columns, row, strict=True):
                sides = (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom)
                assert [s.style for s in sides] == ["thin"] * 4, (form.title, cell.coordinate)
                if spec.key in centred:
                    assert cell.alignment.horizontal == "center", (form.title, cell.coordinate)
                    seen.add(spec.key)
    assert seen == centred


def test_a_row_whose_text_wraps_is_as_tall_as_its_lines(book_path) -> None:
    """学校汇总's 县区核对新增 row explains itself in a wrapped note; its row is set to that many
    lines (Excel and LibreOffice do not grow a row to wrapped text on their own)."""
    from core.writers.county_sheets import Formats
    from core.writers.form_sheet import WRAPPED_LINE_HEIGHT, column_widths, wrapped_lines

    ws = openpyxl.load_workbook(book_path)[county.COUNTY_SCHOOLS.title]
    widths = column_widths(county.COUNTY_SCHOOLS, Formats.__new__(Formats))
    note = county.COUNTY_SCHOOLS.keys.index("source_file")
    lines = wrapped_lines(COUNTY_ROW_NOTE, widths[note])
    assert lines >= 3
    assert ws.row_dimensions[5].height == WRAPPED_LINE_HEIGHT * lines
    assert ws.row_dimensions[3].height is None
