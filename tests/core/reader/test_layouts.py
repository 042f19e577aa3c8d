"""Layouts besides a header row: a summary list, info in title rows, 劝返 columns in the ledger."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from layouts import (
    LEDGER_NEAR_MISSES,
    Layout,
    ledger_with_attempts,
    ledger_with_visits,
    summary_list,
    titled_roster,
)
from reader_corpus import ROSTER_HEADER, id_number, pupils, write_xls, write_xlsx

from core.model.findings import Severity
from core.reader import read_workbook
from core.validate import validate_paths

LAYOUTS = 60


def _literals(findings, sheet: str) -> list[tuple[object, ...]]:
    return sorted(
        (f.code, f.severity, f.sheet, f.row, f.column, f.message)
        for f in findings
        if f.sheet == sheet
    )


def _assumed(layout: Layout) -> list[tuple[object, ...]]:
    return sorted(
        ("header-assumed", Severity.INFO, layout.name, row, col, f"“{label}”按“{header}”读取")
        for row, col, label, header in layout.assumed
    )


def test_a_summary_written_as_a_list_is_read_at_its_value_cells(tmp_path: Path) -> None:
    rng = random.Random(1410)
    wrong = {}
    for n in range(LAYOUTS):
        layout = summary_list(rng)
        path = write_xlsx(
            tmp_path / f"s{n}.xlsx", {layout.name: layout.rows}, merges={layout.name: layout.merges}
        )
        read = read_workbook(path)
        record = read.record("summary")
        got = (
            (record.values, record.cells) if record else None,
            _literals(read.findings, layout.name),
            [t.kind for t in read.tables],
        )
        want = ((layout.values, layout.cells), _assumed(layout), [])
        if got != want:
            wrong[n] = (got, want, layout.rows)
    assert wrong == {}


def test_the_info_block_in_a_tables_title_rows_is_the_info_record(tmp_path: Path) -> None:
    rng = random.Random(1411)
    wrong = {}
    for n in range(LAYOUTS):
        layout = titled_roster(rng)
        path = write_xlsx(
            tmp_path / f"t{n}.xlsx", {layout.name: layout.rows}, merges={layout.name: layout.merges}
        )
        read = read_workbook(path)
        info = read.record("info")
        got = (
            (info.sheet, info.values, info.cells) if info else None,
            _literals(read.findings, layout.name),
            read.table("roster") is not None,
            read.identity().school_code,
        )
        want = ((layout.name, layout.values, layout.cells), _assumed(layout), True, "4115250001")
        if got != want:
            wrong[n] = (got, want, layout.rows[:3])
    assert wrong == {}


def test_an_info_sheet_wins_over_the_title_rows(xlsx) -> None:
    info = [["学校标识码", "4115250002"], ["填报月份", "2026-10"]]
    roster = [["学校标识码：4115250001  填报月份：2026年10月"], ROSTER_HEADER, *pupils(2)]
    read = read_workbook(xlsx({"填报信息": info, "学籍名册": roster}))
    assert [(r.sheet, r.values) for r in read.records] == [
        ("填报信息", {"school_code": "4115250002", "period": "2026-10"})
    ]
    assert read.title_fields == {"school_code": "4115250001", "period": "2026年10月"}


def test_visit_columns_of_the_dropout_ledger_are_the_visit_records(tmp_path: Path) -> None:
    rng = random.Random(1412)
    wrong = {}
    for n in range(LAYOUTS):
        ledger = ledger_with_visits(rng)
        read = read_workbook(write_xlsx(tmp_path / f"d{n}.xlsx", {ledger.name: ledger.rows}))
        visits = read.table("return-visits")
        got = None
        if visits is not None:
            got = (
                visits.sheet,
                visits.columns,
                {int(r): dict(row.items()) for r, row in visits.raw.iterrows()},
                _literals(read.findings, ledger.name),
            )
        want = (
            ledger.name,
            ledger.letters,
            {r: {k: str(v) for k, v in row.items()} for r, row in ledger.visits.items()},
            sorted(
                (
                    "visits-in-ledger",
                    Severity.INFO,
                    ledger.name,
                    None,
                    ledger.letters[k],
                    f"辍学台账的“{h}”列按劝返记录的“{_field(k)}”读取（本表没有单独的劝返记录工作表）",
                )
                for k, h in ledger.headers.items()
            ),
        )
        if got != want:
            wrong[n] = (got, want)
    assert wrong == {}


def _field(key: str) -> str:
    from core.catalogue.school_monthly import RETURN_VISITS

    return RETURN_VISITS.column(key).header


def test_a_ledger_with_a_visit_sheet_keeps_its_visit_columns_as_extra(xlsx) -> None:
    ledger = [
        ["姓名", "身份证件号", "辍学年月", "辍学原因", "劝返责任人", "状态", "劝返日期"],
        ["学生1", id_number(1), "2026-09", "外出务工", "王老师", "未返校", "2026-10-12"],
    ]
    visits = [
        ["姓名", "劝返次序", "劝返日期", "劝返人员", "劝返方式", "劝返结果"],
        ["学生1", 1, "2026-10-12", "李老师", "家访", "拒绝返校"],
    ]
    read = read_workbook(xlsx({"辍学": ledger, "劝返": visits}))
    kinds = [(t.sheet, t.kind) for t in read.tables]
    assert kinds == [("辍学", "dropout"), ("劝返", "return-visits")]
    message = "“劝返日期”列不在标准报表中，已保留但不参与校验"
    assert _literals(read.findings, "辍学") == [
        ("extra-column", Severity.INFO, "辍学", None, "G", message)
    ]


def test_a_summary_list_is_checked_against_the_lists_at_its_value_cells(xlsx) -> None:
    info = [["学校标识码", "4115250001"], ["填报月份", "2026-10"]]
    summary = [["指标", "数值"], ["在籍学生数", 4], [], ["疑似辍学人数", 0], ["辍学人数", 0]]
    path = xlsx({"填报信息": info, "学籍名册": [ROSTER_HEADER, *pupils(3)], "汇总": summary})
    (report,) = validate_paths([path])
    assert [
        (f.code, f.severity, f.sheet, f.row, f.column, f.message)
        for f in report.findings
        if f.code == "summary-mismatch"
    ] == [
        (
            "summary-mismatch",
            Severity.ERROR,
            "汇总",
            2,
            "B",
            "在籍学生数填的是 4，按明细应为 3",
        )
    ]


COVER = [
    ["学校名称", "城关镇第一小学"],
    ["学校标识码", "4115250001"],
    ["上报月份", "2026-10"],
    [],
    ["指标", "数值"],
    ["在籍学生数", 3],
    ["疑似辍学学生数", 0],
    ["辍学人数", 0],
]


def test_one_cover_sheet_holds_the_info_block_and_the_summary_list(xlsx) -> None:
    read = read_workbook(xlsx({"封面": COVER, "学籍名册": [ROSTER_HEADER, *pupils(3)]}))
    assert [(r.sheet, r.kind, r.values, r.cells) for r in read.records] == [
        (
            "封面",
            "info",
            {"school_name": "城关镇第一小学", "school_code": "4115250001", "period": "2026-10"},
            {"school_name": (1, "B"), "school_code": (2, "B"), "period": (3, "B")},
        ),
        (
            "封面",
            "summary",
            {"roster_count": 3, "suspected_count": 0, "dropout_count": 0},
            {"roster_count": (6, "B"), "suspected_count": (7, "B"), "dropout_count": (8, "B")},
        ),
    ]
    assert _literals(read.findings, "封面") == [
        ("header-assumed", Severity.INFO, "封面", 3, "A", "“上报月份”按“填报月份”读取"),
        ("header-assumed", Severity.INFO, "封面", 7, "A", "“疑似辍学学生数”按“疑似辍学人数”读取"),
    ]


def test_the_rebuilt_copy_of_a_cover_sheet_is_one_sheet(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from core.validate import annotate, validate_workbook

    src = write_xls(tmp_path / "封面.xls", {"封面": COVER, "学籍名册": [ROSTER_HEADER, *pupils(3)]})
    book = load_workbook(annotate(validate_workbook(src), tmp_path / "out"))
    cover = book["封面"]
    assert (book.sheetnames[1:], cover["B2"].value, cover["B6"].value) == (
        ["封面", "学籍名册"],
        "4115250001",
        "3",
    )


VISIT = ["2026-10-12", "家访", "拒绝返校", "李老师"]


def test_a_school_with_visits_in_its_ledger_needs_no_visit_sheet(xlsx) -> None:
    header = ["序号", "姓名", "身份证件号", "年级", "辍学年月", "辍学原因", "劝返责任人", "状态"]
    ledger = [
        [*header, "劝返日期", "劝返方式", "劝返结果", "劝返人员"],
        [1, "学生1", id_number(1), "三年级", "2026-09", "外出务工", "王老师", "未返校", *VISIT],
    ]
    path = xlsx({"学籍名册": [ROSTER_HEADER, *pupils(3)], "辍学台账": ledger})
    (report,) = validate_paths([path])
    note = "辍学台账的“{}”列按劝返记录的“{}”读取（本表没有单独的劝返记录工作表）"
    assert sorted(
        (f.code, f.sheet, f.column, f.message)
        for f in report.findings
        if f.sheet == "辍学台账" or f.code == "missing-sheet"
    ) == [
        ("missing-sheet", None, None, "缺少“填报信息”工作表"),
        ("missing-sheet", None, None, "缺少“月报汇总”工作表"),
        ("missing-sheet", None, None, "缺少“疑似辍学学生台账”工作表"),
        ("missing-sheet", None, None, "缺少“考勤汇总”工作表"),
        ("visits-in-ledger", "辍学台账", "I", note.format("劝返日期", "劝返日期")),
        ("visits-in-ledger", "辍学台账", "J", note.format("劝返方式", "劝返方式")),
        ("visits-in-ledger", "辍学台账", "K", note.format("劝返结果", "劝返结果")),
        ("visits-in-ledger", "辍学台账", "L", note.format("劝返人员", "劝返人员")),
    ]


def test_a_label_value_cell_reads_values_with_inner_spaces_whole(xlsx) -> None:
    title = "学校名称： 城关 一小\t学校标识码 : 4115250001\u3000填报月份：2026 年 10 月"
    read = read_workbook(xlsx({"学生名单": [[title], ROSTER_HEADER, *pupils(2)]}))
    info = read.record("info")
    assert (info.values, info.raw, read.identity().period) == (
        {"school_name": "城关 一小", "school_code": "4115250001", "period": "2026-10"},
        {"school_name": "城关 一小", "school_code": "4115250001", "period": "2026 年 10 月"},
        "2026-10",
    )


def test_numbered_visit_columns_are_one_visit_record_per_attempt(tmp_path: Path) -> None:
    rng = random.Random(1414)
    wrong = {}
    for n in range(LAYOUTS):
        ledger, records = ledger_with_attempts(rng)
        path = write_xlsx(
            tmp_path / f"a{n}.xlsx", {ledger.name: ledger.rows}, merges={ledger.name: ledger.merges}
        )
        read = read_workbook(path)
        visits = read.table("return-visits")
        got = None
        if visits is not None:
            got = (
                visits.sheet,
                [
                    (
                        visits.excel_row(label),
                        {
                            **dict(row.items()),
                            "cells": {k: visits.cell(k, label) for k in records[0][1]["cells"]}
                            if records
                            else {},
                        },
                    )
                    for label, row in visits.raw.to_dict("index").items()
                ],
                _literals(read.findings, ledger.name),
            )
        letters = ledger.texts
        want = (
            ledger.name,
            records,
            sorted(
                [
                    (
                        "visits-in-ledger",
                        Severity.INFO,
                        ledger.name,
                        None,
                        letters[h],
                        f"辍学台账的“{h}”列按劝返记录的“{_field(k)}”读取（本表没有单独的劝返记录工作表）",
                    )
                    for h, k in ledger.headers.items()
                ]
                + [
                    (
                        "extra-column",
                        Severity.INFO,
                        ledger.name,
                        None,
                        letters[h],
                        f"“{h}”列不在标准报表中，已保留但不参与校验",
                    )
                    for h in LEDGER_NEAR_MISSES
                    if h in letters
                ]
            ),
        )
        if got != want:
            wrong[n] = (got, want)
    assert wrong == {}


def test_the_rules_see_every_numbered_attempt_at_its_cell(xlsx) -> None:
    info = [["学校标识码", "4115250001"], ["填报月份", "2026-10"]]
    header = ["序号", "姓名", "身份证件号", "年级", "辍学年月", "辍学原因", "劝返责任人", "状态"]
    attempts = ["第一次劝返日期", "第一次劝返结果", "第二次劝返日期", "第二次劝返结果"]
    fixed = ["三年级", "2026-09", "外出务工", "王老师", "未返校"]
    ledger = [
        [*header, *attempts],
        # the second attempt in October, its result not a code of the list
        [1, "学生1", id_number(1), *fixed, "2026-09-20", "拒绝返校", "2026-10-15", "不知道"],
        # one attempt, in September: no 劝返 this month; the second attempt left blank
        [2, "学生2", id_number(2), *fixed, "2026-09-22", "联系不上", "", ""],
    ]
    path = xlsx({"填报信息": info, "学籍名册": [ROSTER_HEADER, *pupils(3)], "辍学台账": ledger})
    (report,) = validate_paths([path])
    assert [
        (f.code, f.severity, f.row, f.column, f.message)
        for f in sorted(report.findings, key=lambda f: (f.row or 0, f.column or "", f.code))
        if f.sheet == "辍学台账" and f.code not in ("visits-in-ledger", "missing-column")
    ] == [
        (
            "enum-invalid",
            Severity.ERROR,
            2,
            "L",
            "劝返结果“不知道”不在可选值中（可选：已返校、同意返校、拒绝返校、联系不上、其他）",
        ),
        ("dropout-no-visit", Severity.QUERY, 3, "B", "未返校的辍学学生“学生2”本月没有劝返记录"),
    ]
    # no 劝返方式 column: a warning, the ledger's columns being all the school keeps of its 劝返
    assert [
        (f.code, f.severity, f.sheet, f.message)
        for f in report.findings
        if f.code == "missing-column" and f.sheet == "辍学台账"
    ] == [("missing-column", Severity.WARNING, "辍学台账", "“劝返记录”缺少“劝返方式”列")]


VISITS_1 = ["2026-09-20", "家访", "2026-10-15", "电话"]


def test_the_county_ledger_keeps_each_numbered_attempt_at_its_source_row(xlsx) -> None:
    from core.consolidate.merge import merge
    from tests.core.consolidate.builders import submission

    header = ["序号", "姓名", "身份证件号", "辍学年月", "辍学原因", "劝返责任人", "状态"]
    attempts = ["首次劝返时间", "首次劝返形式", "二次劝返时间", "二次劝返形式"]
    ledger = [
        [*header, *attempts],
        [1, "学生1", id_number(1), "2026-09", "外出务工", "王老师", "未返校", *VISITS_1],
        [],
        [2, "学生2", id_number(2), "2026-09", "外出务工", "李老师", "未返校", "", "", "2026-10-03"],
    ]
    read = read_workbook(xlsx({"辍学": ledger}))
    visits = merge([submission(read)])["return-visits"]
    assert [
        tuple(r)
        for r in visits[
            ["source_sheet", "source_row", "name", "attempt", "visit_date", "method", "visitor"]
        ].itertuples(index=False)
    ] == [
        ("辍学", 2, "学生1", 1, dt.date(2026, 9, 20), "01", "王老师"),
        ("辍学", 2, "学生1", 2, dt.date(2026, 10, 15), "02", "王老师"),
        ("辍学", 4, "学生2", 2, dt.date(2026, 10, 3), None, "李老师"),
    ]
