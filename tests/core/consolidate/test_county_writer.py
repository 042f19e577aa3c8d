"""The county workbook as a user opens it: text IDs, links, highlights, filters, chart."""

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
        schools={A: SchoolEntry(A, "城关一小", "411525"), B: SchoolEntry(B, "城关二小", "411525")}
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
    assert len(wb[county.COUNTY_INFO.title]._charts) == 1


def test_each_finding_links_to_its_merged_row_which_is_highlighted(book_path) -> None:
    wb = openpyxl.load_workbook(book_path)
    found = wb[county.FINDINGS.title]
    links = [(r[11].value, r[11].hyperlink.location) for r in found.iter_rows(min_row=3)]
    assert links == [
        (
            "学生“学生1”同时在本校（城关一小 学籍名册 第 4 行）和 城关二小"
            "（B.xlsx 学籍名册 第 4 行）的名册中",
            "'适龄儿童台账'!A3",
        ),
        (
            "学生“学生1”同时在本校（城关二小 学籍名册 第 4 行）和 城关一小"
            "（A.xlsx 学籍名册 第 4 行）的名册中",
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
