"""Each habit of real submissions, alone: read to the right rows, values and cells."""

from __future__ import annotations

import datetime as dt

from reader_corpus import ATTENDANCE_HEADER, ROSTER_HEADER, id_number, pupil, pupils, wide

from core.reader import read_workbook
from tests.conftest import summarize


def test_a_clean_roster_is_read_with_excel_rows_and_column_letters(xlsx):
    read = read_workbook(xlsx({"学籍名册": [ROSTER_HEADER, *pupils(3)]}))
    roster = read.table("roster")
    assert summarize(read.findings) == []
    assert read.family.key == "school-monthly"
    assert roster.header_row == 1
    assert list(roster.data.index) == [2, 3, 4]
    assert roster.columns == {
        "seq": "A",
        "student_no": "B",
        "name": "C",
        "gender": "D",
        "id_number": "E",
        "birth_date": "F",
        "grade": "G",
        "class_name": "H",
    }
    assert roster.data.loc[3].to_dict() == {
        "seq": 2,
        "student_no": f"G{id_number(2)}",
        "name": "学生2",
        "gender": "2",
        "id_number": id_number(2),
        "birth_date": dt.date(2015, 9, 1),
        "grade": "3",
        "class_name": "1班",
    }
    assert roster.raw.loc[3, "gender"] == "女"
    assert (roster.extra_columns, roster.extra) == ({}, None)
    assert roster.cell("id_number", 3) == "E3"
    assert read.sheets_summary() == [{"sheet": "学籍名册", "kind": "roster", "rows": 3}]


def test_title_and_info_rows_above_the_header(xlsx):
    rows = [
        ["城关一小2026年10月学籍名册"],
        ["学校标识码：4115250001", None, "填报月份：2026年10月"],
        [],
        ROSTER_HEADER,
        *pupils(2),
    ]
    read = read_workbook(xlsx({"Sheet1": rows}, merges={"Sheet1": ["A1:H1"]}))
    roster = read.table("roster")
    assert (roster.header_row, list(roster.data.index)) == (4, [5, 6])
    assert read.title_fields == {"school_code": "4115250001", "period": "2026年10月"}
    assert summarize(read.findings) == []


def test_title_fields_with_the_value_in_the_next_cell(xlsx):
    rows = [["学校名称", "城关一小", "学校代码", 4115250001], ROSTER_HEADER, pupil(1)]
    read = read_workbook(xlsx({"名册": rows}))
    assert read.title_fields == {"school_name": "城关一小", "school_code": "4115250001"}


def test_a_sheet_is_recognised_by_its_headers_whatever_its_name(xlsx):
    header = ["编号", "学生姓名", "性 别", "公民身份号码", "所在年级", "班别", "家长电话"]
    rows = [header, [1, "李四", "男", id_number(1), "初一", "2班", "13800000000"]]
    read = read_workbook(xlsx({"花名册(最终版)": rows}))
    roster = read.table("roster")
    assert roster.sheet == "花名册(最终版)"
    assert roster.headers == {
        "seq": "编号",
        "name": "学生姓名",
        "gender": "性 别",
        "id_number": "公民身份号码",
        "grade": "所在年级",
        "class_name": "班别",
        "guardian_phone": "家长电话",
    }
    assert roster.data.loc[2, "grade"] == "7"


def test_headers_with_units_required_marks_line_breaks_and_full_width_text(xlsx):
    header = [
        "序号",
        "*姓名",
        "身份证\n件号",
        "应出勤天数（天）",
        "实出勤天数(天)",
        "缺勤天数【天】",
        wide("seq"),
    ]
    rows = [header, [1, "学生1", id_number(1), 21, 20, 1, ""]]
    read = read_workbook(xlsx({"考勤": rows}))
    table = read.table("attendance")
    assert table.columns == {
        "seq": "A",
        "name": "B",
        "id_number": "C",
        "days_due": "D",
        "days_present": "E",
        "days_absent": "F",
    }
    assert table.extra_columns == {wide("seq"): "G"}
    assert summarize(read.findings) == [("extra-column", "考勤", None, "G")]


def test_two_row_header_with_merged_group_cells(xlsx):
    rows = [
        ["考勤汇总表"],
        ["序号", "姓名", "身份证件号", "出勤情况", None, None, "备注"],
        [None, None, None, "应出勤", "实出勤", "缺勤"],
        [1, "学生1", id_number(1), 21, 19, 2, "病假"],
        [2, "学生2", id_number(2), 21, 21, 0, None],
    ]
    merges = ["A2:A3", "B2:B3", "C2:C3", "D2:F2", "G2:G3"]
    read = read_workbook(xlsx({"考勤": rows}, merges={"考勤": merges}))
    table = read.table("attendance")
    assert table.header_row == 3
    assert table.columns == {
        "seq": "A",
        "name": "B",
        "id_number": "C",
        "days_due": "D",
        "days_present": "E",
        "days_absent": "F",
        "note": "G",
    }
    assert table.data["days_present"].tolist() == [19, 21]
    assert summarize(read.findings) == []


def test_merged_class_cells_are_filled_down(xlsx):
    rows = [ROSTER_HEADER, *pupils(4)]
    for row in rows[2:]:
        row[7] = None
    rows[3][7] = None
    read = read_workbook(xlsx({"名册": rows}, merges={"名册": ["H2:H4", "H5:H5"]}))
    assert read.table("roster").data["class_name"].tolist() == ["1班", "1班", "1班", None]


def test_blank_rows_are_skipped_and_footer_rows_never_read(xlsx):
    rows = [
        ROSTER_HEADER,
        pupil(1),
        [],
        [None, "", "  "],
        pupil(2),
        ["合计", None, "2人"],
        [],
        ["填表人：王老师", None, None, "联系电话：13800000000"],
        ["校长签字：", None, None, "审核人："],
        ["说明：本表一式两份"],
        [None, None, None, None, None, "2026年10月28日"],
    ]
    read = read_workbook(xlsx({"名册": rows}))
    roster = read.table("roster")
    assert list(roster.data.index) == [2, 5]
    assert read.title_fields == {"filled_by": "王老师", "phone": "13800000000"}
    assert summarize(read.findings) == []


def test_a_pupil_below_a_total_row_is_still_read(xlsx):
    rows = [ROSTER_HEADER, pupil(1), ["小计", None, None], pupil(2)]
    assert list(read_workbook(xlsx({"名册": rows})).table("roster").data.index) == [2, 4]


def test_ids_typed_as_numbers_full_width_digits_and_lower_case_x(xlsx):
    rows = [
        ROSTER_HEADER,
        pupil(1, 身份证件号=float(id_number(1)[:17] + "1")),
        pupil(2, 身份证件号=wide("411525201509010002")),
        pupil(3, 身份证件号="41152520150901003x"),
    ]
    read = read_workbook(xlsx({"名册": rows}))
    roster = read.table("roster")
    assert roster.data["id_number"].tolist() == [None, "411525201509010002", "41152520150901003X"]
    assert roster.raw.loc[2, "id_number"] == "411525201509010000"
    assert summarize(read.findings) == [("id-stored-as-number", "名册", 2, "E")]
    assert read.findings[0].message == (
        "身份证件号被存成了数字（411525201509010000），Excel 只保留 15 位有效数字，后几位已丢失"
    )


def test_text_dates_in_each_style_and_real_dates(xlsx):
    styles = [
        "2015.9.1",
        "2015/09/01",
        "2015-9-1",
        "20150901",
        "2015年9月1日",
        "2015年9月",
        dt.date(2015, 9, 1),
        42248,
        "2015.9.31",
    ]
    rows = [ROSTER_HEADER, *[pupil(i, 出生日期=s) for i, s in enumerate(styles, start=1)]]
    read = read_workbook(xlsx({"名册": rows}))
    births = read.table("roster").data["birth_date"].tolist()
    assert births == [dt.date(2015, 9, 1)] * 8 + [None]
    assert summarize(read.findings) == [("date-invalid", "名册", 10, "F")]
    assert read.findings[0].message == "出生日期“2015.9.31”不是可识别的日期"


def test_values_outside_the_code_lists_and_bad_numbers_are_found_at_their_cells(xlsx):
    rows = [
        [*ATTENDANCE_HEADER, "缺勤类型"],
        [1, "学生1", id_number(1), 21, 20.5, 1, "旷课"],
        [2, "学生2", id_number(2), "二十", 21, 0, "出差"],
    ]
    read = read_workbook(xlsx({"考勤": rows}))
    table = read.table("attendance")
    assert table.data["absence_type"].tolist() == ["3", None]
    assert table.raw["days_due"].tolist() == ["21", "二十"]
    assert summarize(read.findings) == [
        ("enum-invalid", "考勤", 3, "G"),
        ("number-invalid", "考勤", 2, "E"),
        ("number-invalid", "考勤", 3, "D"),
    ]
    enum = next(f for f in read.findings if f.code == "enum-invalid")
    assert enum.message == "缺勤类型“出差”不在可选值中（可选：无缺勤、病假、事假、无故缺勤）"


def test_hidden_rows_and_hidden_sheets_are_read_and_reported(xlsx):
    sheets = {
        "名册": [ROSTER_HEADER, *pupils(4)],
        "考勤": [ATTENDANCE_HEADER, [1, "学生1", id_number(1), 21, 21, 0]],
    }
    read = read_workbook(xlsx(sheets, hidden_rows={"名册": [3, 4]}, hidden_sheets=["考勤"]))
    assert read.table("roster").rows == 4
    assert read.table("attendance").hidden is True
    assert summarize(read.findings) == [
        ("hidden-content", "名册", None, None),
        ("hidden-content", "考勤", None, None),
    ]
    assert [f.message for f in read.findings] == [
        "有 2 行被隐藏（第 3、4 行），已照常读取",
        "工作表“考勤”是隐藏的，已照常读取",
    ]


def test_extra_columns_are_kept_and_reported(xlsx):
    rows = [[*ROSTER_HEADER, "民族", "寄宿"], [*pupil(1), "汉族", "是"]]
    read = read_workbook(xlsx({"名册": rows}))
    roster = read.table("roster")
    assert roster.extra_columns == {"民族": "I", "寄宿": "J"}
    assert roster.extra.loc[2].to_dict() == {"民族": "汉族", "寄宿": "是"}
    assert summarize(read.findings) == [
        ("extra-column", "名册", None, "I"),
        ("extra-column", "名册", None, "J"),
    ]


def test_an_info_sheet_with_labels_beside_values(xlsx):
    rows = [
        ["项目", "填写内容", "填写说明"],
        ["*学校名称", "城关一小", ""],
        ["学校标识码", 4115250001, "10 位数字"],
        ["县区代码：411525"],
        ["填报月份", "2026年10月", "如 2026-10"],
        ["填报日期", "", "填表当天的日期"],
        ["联系电话", "138 0000 0000"],
    ]
    read = read_workbook(xlsx({"基本信息": rows}))
    info = read.record("info")
    assert info.values == {
        "school_name": "城关一小",
        "school_code": "4115250001",
        "county_code": "411525",
        "period": "2026-10",
        "fill_date": None,
        "phone": "13800000000",
    }
    assert info.cells["period"] == (5, "B")
    assert info.cells["county_code"] == (4, "A")
    assert summarize(read.findings) == [("unknown-form", None, None, None)] * 0


def test_an_info_sheet_laid_out_as_a_one_row_table(xlsx):
    rows = [["学校名称", "学校标识码", "填报月份"], ["城关一小", "4115250001", "2026.13"]]
    read = read_workbook(xlsx({"信息": rows}))
    assert read.record("info").values == {
        "school_name": "城关一小",
        "school_code": "4115250001",
        "period": None,
    }
    assert summarize(read.findings) == [("date-invalid", "信息", 2, "C")]


def test_sheets_that_match_no_form_are_listed_and_a_workbook_without_any_is_unknown(xlsx):
    read = read_workbook(xlsx({"Sheet1": [["姓名", "电话"], ["张三", "138"]], "Sheet2": []}))
    assert read.tables == []
    assert summarize(read.findings) == [
        ("unknown-form", None, None, None),
        ("unrecognised-sheet", "Sheet1", None, None),
    ]


def test_a_table_that_does_not_start_in_a1_keeps_its_excel_addresses(xlsx):
    rows = [[], [], [None, None, *ROSTER_HEADER], [None, None, *pupil(1)]]
    roster = read_workbook(xlsx({"名册": rows})).table("roster")
    assert (roster.header_row, list(roster.data.index)) == (3, [4])
    assert roster.columns["seq"] == "C"
    assert roster.cell("id_number", 4) == "G4"


def test_a_header_merged_across_two_columns_is_one_column(xlsx):
    header = [*ROSTER_HEADER[:5], None, *ROSTER_HEADER[5:]]
    row = [*pupil(1)[:5], None, *pupil(1)[5:]]
    read = read_workbook(xlsx({"名册": [header, row]}, merges={"名册": ["E1:F1"]}))
    assert read.table("roster").columns["id_number"] == "E"
    assert read.table("roster").columns["birth_date"] == "G"
    assert summarize(read.findings) == []


def test_county_lists_are_recognised_as_their_own_family(xlsx):
    rows = [
        ["序号", "姓名", "性别", "身份证件号", "户籍地址", "就学状态"],
        [1, "张三", "男", id_number(1), "固始县城关镇", "在校"],
    ]
    read = read_workbook(xlsx({"Sheet1": rows}))
    assert (read.family.key, read.table("household").data.loc[2, "schooling"]) == (
        "county-household",
        "01",
    )


def test_class_by_class_blocks_with_repeated_headers_and_class_labels(xlsx):
    rows = [
        ["三年级1班"],
        ROSTER_HEADER,
        *pupils(2),
        [],
        ["三年级2班"],
        ROSTER_HEADER,
        *pupils(2, start=3),
    ]
    read = read_workbook(xlsx({"名册": rows}, merges={"名册": ["A1:H1", "A6:H6"]}))
    roster = read.table("roster")
    assert list(roster.data.index) == [3, 4, 8, 9]
    assert roster.data["name"].tolist() == ["学生1", "学生2", "学生3", "学生4"]
    assert summarize(read.findings) == []


def test_a_row_missing_its_name_is_still_a_pupil_row(xlsx):
    rows = [ROSTER_HEADER, pupil(1, 姓名=None, 序号=None)]
    assert list(read_workbook(xlsx({"名册": rows})).table("roster").data.index) == [2]


def test_a_note_sheet_is_returned_with_the_workbook_in_any_of_its_header_spellings(xlsx):
    notes = [
        ["学校对疑问的说明"],
        ["代码", "表名", "所在行", "解释"],
        ["age-out-of-range", "名册", "第2行", "因病晚入学"],
        ["duplicate-student", None, 3.0, "双胞胎"],
        ["age-out-of-range", "名册", "", "没有行号的说明不算"],
    ]
    read = read_workbook(xlsx({"名册": [ROSTER_HEADER, pupil(1)], "问题说明": notes}))
    assert read.notes == {
        ("age-out-of-range", "名册", 2): "因病晚入学",
        ("duplicate-student", None, 3): "双胞胎",
    }
    assert summarize(read.findings) == []
