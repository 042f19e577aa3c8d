"""Cell values as real files hold them, read into model.py's conventions."""

from __future__ import annotations

import datetime as dt

import pytest
from reader_corpus import wide

from core.catalogue import FORMS_BY_KEY
from core.reader import columns
from core.reader.columns import parse_column
from core.reader.values import (
    parse_code,
    parse_date,
    parse_id,
    parse_integer,
    parse_month,
    parse_text,
    parse_yes_no,
    parser_for,
)

SEPT_1 = dt.date(2015, 9, 1)
ROSTER = FORMS_BY_KEY["school.roster"]


@pytest.mark.parametrize(
    "cell",
    [
        "2015.9.1",
        "2015/09/01",
        "2015-9-1",
        "20150901",
        "2015年9月1日",
        "2015年9月",
        wide("2015-09-01"),
        " 2015-09-01 ",
        "2015-09-01 00:00:00",
        42248.0,
        20150901.0,
        SEPT_1,
        dt.datetime(2015, 9, 1),
    ],
)
def test_dates_in_every_style_real_files_use(cell):
    assert parse_date(cell)[0] == SEPT_1
    assert parse_date(cell)[2] is None


@pytest.mark.parametrize(
    ("cell", "raw"),
    [
        ("2015.13.1", "2015.13.1"),
        ("2015-02-30", "2015-02-30"),
        ("九月一日", "九月一日"),
        ("去年", "去年"),
        (-5.0, "-5"),
        (True, "TRUE"),
    ],
)
def test_unreadable_dates_keep_their_text(cell, raw):
    assert parse_date(cell) == (None, raw, "date")


@pytest.mark.parametrize(
    "cell",
    [
        "2026-10",
        "2026年10月",
        "202610",
        "2026.10",
        "2026/10",
        "2026年10月份",
        "2026-10-01",
        dt.date(2026, 10, 1),
        202610.0,
        "２０２６年１０月",
    ],
)
def test_months(cell):
    assert parse_month(cell) == ("2026-10", parse_month(cell)[1], None)


def test_a_numeric_month_that_could_be_january_or_october_is_refused():
    # Excel turns a typed 2026.10 into the number 2026.1
    assert parse_month(2026.1) == (None, "2026.1", "month")
    assert parse_month(2026.11)[0] == "2026-11"
    assert parse_month("2026.1")[0] == "2026-01"  # text keeps what was typed
    assert parse_month("2026-13") == (None, "2026-13", "month")


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        (3.0, 3),
        (3, 3),
        ("3", 3),
        (wide("3"), 3),
        (" 12 ", 12),
        ("20天", 20),
        ("3.0", 3),
        (0.0, 0),
    ],
)
def test_integers(cell, value):
    assert parse_integer(cell)[0] == value


@pytest.mark.parametrize("cell", [3.5, "3.5", "三", "约20", True])
def test_non_integers_are_number_invalid(cell):
    assert parse_integer(cell)[2] == "number"


def test_ids_are_text_upper_case_without_spaces():
    assert parse_id("41152520150901001x") == ("41152520150901001X", "41152520150901001x", None)
    assert parse_id(wide("41152520150901001X"))[0] == "41152520150901001X"
    assert parse_id(" 411525 2015 0901 0013 ")[0] == "411525201509010013"


def test_an_id_stored_as_a_number_is_never_repaired():
    assert parse_id(4.1152520150901e17) == (None, "411525201509010000", "id-number")
    # fewer than 16 digits survive a number cell intact: the rules judge their length
    assert parse_id(411525.0) == ("411525", "411525", None)


def test_grades_by_label_code_and_alias():
    grade = parser_for(ROSTER.column("grade"))
    cells = ["一年级", "1年级", "初一", "七年级", "初中一年级", "小一", 7.0, "7", "九年级 ", "高一"]
    assert list(parse_column(cells, grade)[0]) == [
        "1",
        "1",
        "7",
        "7",
        "7",
        "1",
        "7",
        "7",
        "9",
        None,
    ]
    assert grade("高一") == (None, "高一", "enum")


def test_enums_by_code_or_label_with_two_digit_codes_typed_as_numbers():
    status = parser_for(ROSTER.column("schooling"))
    assert [status(v)[0] for v in ("在校", "01", 1.0, "送教上门", "4", "转学")] == [
        "01",
        "01",
        "01",
        "04",
        "04",
        None,
    ]


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("是", True),
        ("否", False),
        ("√", True),
        ("Y", True),
        ("n", False),
        (1.0, True),
        (0.0, False),
        (True, True),
        ("1", True),
        ("0", False),
    ],
)
def test_yes_no(cell, value):
    assert parse_yes_no(cell)[0] is value


def test_text_is_nfkc_and_trimmed_and_numbers_show_as_excel_shows_them():
    assert parse_text("  张　三 ")[0] == "张 三"
    assert parse_text(wide("AB12"))[0] == "AB12"
    assert parse_text(13800138000.0)[0] == "13800138000"
    assert parse_text("   ") == (None, None, None)
    assert parse_text("") == (None, None, None)


def test_a_column_is_parsed_with_bool_int_and_float_kept_apart():
    assert list(parse_column([1.0, True, 1.0, "1"], parse_text)[1]) == ["1", "TRUE", "1", "1"]


COLUMNS = {
    "id": (
        parse_id,
        [
            ("41152520150901001x", "411525201509010013"),
            ("411525201509010013", "G411525201509010029"),
            ("411525201509010013", 4.11525201509010e17, " 4115 "),
        ],
    ),
    "code": (parse_code, [("13800000000", "4115250001"), ("138 0000 0000", 13800000000.0)]),
    "text": (
        parse_text,
        [
            ("张三", "李四"),
            ("张三", " 李四"),
            ("张三\u3000", "李四"),
            ("张三", "李四\u2028"),
            ("王五\t", "x"),
            (wide("AB"), "x"),
            ("a", ""),
            ("多行\n文字", "b"),
        ],
    ),
    "integer": (
        parse_integer,
        [
            (1.0, 2.0, 3.0),
            (1.0, 2.5),
            (1.0, "2"),
            (1.0, float("nan")),
            (1.0, float("inf")),
            (1.0, 999999999999999.0),
            (1.0, 1e15),
            (-0.0, 2.0),
            (3.0, 3.0, 5.0, 3.0),
        ],
    ),
    "date": (
        parse_date,
        [
            (SEPT_1, dt.date(2016, 1, 2)),
            (SEPT_1, "2015.9.1"),
            (SEPT_1, dt.datetime(2015, 9, 1)),
            (SEPT_1, SEPT_1, dt.date(2016, 1, 2)),
        ],
    ),
    # columns of repeated values: each distinct value is parsed once and spread over the column
    "repeated text": (
        parse_text,
        [("张三", "张三", "李四"), (" 张三", " 张三", "李四"), ("张三", "", "张三", "")],
    ),
    "repeated yes/no": (
        parse_yes_no,
        [("是", "否", "是"), ("是", "", "是"), ("Y", "y", "Y"), ("是", "也许", "是", "也许")],
    ),
    "repeated grade": (
        parser_for(ROSTER.column("grade")),
        [("一年级", "一年级", "初一"), ("七年级", "07", "07"), ("一年级", "大班", "大班")],
    ),
}


@pytest.mark.parametrize("name", list(COLUMNS))
def test_whole_columns_read_exactly_like_their_cells_one_by_one(name):
    parse, columns = COLUMNS[name]
    for cells in columns:
        _assert_read_like_its_cells(cells, parse)


def _assert_read_like_its_cells(cells, parse):
    data, raw, errors = parse_column(cells, parse)
    singles = [parse(c) for c in cells]
    # typed: 3 == 3.0 == True, but a column must hold what its cells would
    assert [(type(d), d) for d in data] == [(type(s[0]), s[0]) for s in singles]
    assert [(type(r), r) for r in raw] == [(type(s[1]), s[1]) for s in singles]
    assert list(errors or [None] * len(cells)) == [s[2] for s in singles]


@pytest.mark.parametrize("limit", [8, 1 << 16])
def test_columns_read_the_same_through_the_shared_memos_or_without_them(monkeypatch, limit):
    """Short columns go through memos shared by every table (cleared when full), long ones
    (a county ledger) are converted directly: the values are the same either way."""
    monkeypatch.setattr(columns._Memo, "LIMIT", limit)
    integers = tuple(float(n) for n in range(1, 40))
    dates = tuple(SEPT_1 + dt.timedelta(days=n) for n in range(40))
    for cells, parse in [(integers, parse_integer), (dates, parse_date)]:
        # for a limit of 8: columns of 3 and 4 through the memo, which fills and clears as
        # the slices move on, and the whole column of 39 converted directly
        parts = [cells[:3], *(cells[k : k + 4] for k in range(0, 36, 4)), cells]
        for _ in range(2):  # the second time, the memo already holds some of the values
            for part in parts:
                _assert_read_like_its_cells(part, parse)
    for cells in [(*integers[:3], 2.5), (*integers, 2.5)]:
        data, raw, errors = parse_column(cells, parse_integer)
        assert (data[-1], raw[-1], errors[-1]) == (None, "2.5", "number")


def test_equal_cells_of_a_column_share_one_value_and_one_text():
    # calamine makes a new str for every cell; a county holds 200,000 rows of repeated values
    yes = tuple("是".encode().decode() for _ in range(4))
    first = tuple("初一".encode().decode() for _ in range(4))
    assert yes[0] is not yes[1]
    for cells, parse, expected in [
        (yes, parse_text, ("是", "是")),
        (first, parser_for(ROSTER.column("grade")), ("7", "初一")),
    ]:
        data, raw, _ = parse_column(cells, parse)
        assert (data[0], raw[0]) == expected
        assert [d is data[0] for d in data] == [True] * 4
        assert [r is raw[0] for r in raw] == [True] * 4
