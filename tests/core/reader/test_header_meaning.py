# ruff: noqa: RUF001 (schools type full-width brackets)
"""Headers outside the synonym list: read by their meaning, said when assumed, left when unsure."""

from __future__ import annotations

from reader_corpus import id_number

from core.reader import read_workbook

EXPORT_HEADER = [
    "学号",
    "学籍主号",
    "学籍辅号",
    "学生姓名",
    "性别",
    "身份证",
    "年级名称",
    "班级名称",
    "监护人手机",
    "现居住地址",
]


def _export_row(i: int) -> list[str]:
    return [
        f"2026{i:03d}",
        f"G{id_number(i)}",
        f"L{i:05d}",
        f"学生{i}",
        "男",
        id_number(i),
        "三年级",
        "1班",
        "13800000000",
        "城关镇",
    ]


def _findings(read) -> list[tuple[str, str, str | None, str]]:
    return sorted((f.code, f.severity, f.column, f.message) for f in read.findings)


def test_a_school_system_export_is_read_by_meaning_and_every_assumption_is_said(xlsx):
    read = read_workbook(xlsx({"学生信息": [EXPORT_HEADER, _export_row(1), _export_row(2)]}))
    roster = read.table("roster")
    assert roster.headers == {
        "student_no": "学籍主号",
        "name": "学生姓名",
        "gender": "性别",
        "id_number": "身份证",
        "grade": "年级名称",
        "class_name": "班级名称",
        "guardian_phone": "监护人手机",
        "address": "现居住地址",
    }
    assert roster.extra_columns == {"学号": "A", "学籍辅号": "C"}
    assert roster.data.loc[2, "student_no"] == f"G{id_number(1)}"
    assert _findings(read) == [
        ("extra-column", "info", "A", "“学号”列不在标准报表中，已保留但不参与校验"),
        ("extra-column", "info", "C", "“学籍辅号”列不在标准报表中，已保留但不参与校验"),
        ("header-assumed", "info", "B", "“学籍主号”按“学籍号”读取"),
        ("header-assumed", "info", "F", "“身份证”按“身份证件号”读取"),
        ("header-assumed", "info", "G", "“年级名称”按“年级”读取"),
        ("header-assumed", "info", "H", "“班级名称”按“班级”读取"),
        ("header-assumed", "info", "I", "“监护人手机”按“联系电话”读取"),
        ("header-assumed", "info", "J", "“现居住地址”按“家庭住址”读取"),
    ]


def test_units_qualifiers_and_interchangeable_words_in_attendance_headers(xlsx):
    header = ["学生姓名", "身份证号码", "本月应到(天)", "本期实到〔天〕", "旷课天数合计"]
    row = ["学生1", id_number(1), 20, 18, 2]
    read = read_workbook(xlsx({"Sheet1": [header, row]}))
    attendance = read.table("attendance")
    assert attendance.data.loc[2].to_dict() == {
        "name": "学生1",
        "id_number": id_number(1),
        "days_due": 20,
        "days_present": 18,
        "days_absent": 2,
        "gender": "1",  # from the ID: the sheet has no 性别 column
    }
    assert [m for c, _, _, m in _findings(read) if c == "header-assumed"] == [
        "“本月应到(天)”按“应出勤天数”读取",
        "“本期实到〔天〕”按“实出勤天数”读取",
        "“旷课天数合计”按“缺勤天数”读取",
    ]


def test_two_columns_competing_for_one_field_read_neither_and_ask(xlsx):
    header = ["姓名", "身份证件号", "年级", "现居住地址", "户籍居住地址"]
    row = ["学生1", id_number(1), "三年级", "城关镇", "陈集乡"]
    read = read_workbook(xlsx({"学籍名册": [header, row]}))
    roster = read.table("roster")
    assert "address" not in roster.columns
    assert _findings(read) == [
        (
            "header-ambiguous",
            "query",
            "D",
            "“现居住地址”和“户籍居住地址”两列都像“家庭住址”，都未按它读取",
        ),
    ]


def test_someone_elses_name_or_id_is_not_the_pupils(xlsx):
    header = ["姓名", "身份证件号", "年级", "户主姓名", "监护人身份证号"]
    row = ["学生1", id_number(1), "三年级", "张三", id_number(9, birth="19850101")]
    read = read_workbook(xlsx({"学籍名册": [header, row]}))
    roster = read.table("roster")
    assert roster.headers == {"name": "姓名", "id_number": "身份证件号", "grade": "年级"}
    assert roster.extra_columns == {"户主姓名": "D", "监护人身份证号": "E"}


def test_a_subsidy_list_naming_its_pupils_is_not_a_roster(xlsx):
    header = ["序号", "学生姓名", "身份证号", "年级", "资助项目", "资助金额(元)"]
    row = [1, "学生1", id_number(1), "三年级", "营养餐补助", 800]
    read = read_workbook(xlsx({"资助名单": [header, row]}))
    assert read.tables == []
    assert [f.code for f in read.findings] == ["unrecognised-sheet", "unknown-form"]


def test_one_column_fitting_two_fields_is_read_as_neither_and_asked(xlsx):
    header = ["姓名", "身份证件号", "应出勤天数", "实出勤天数", "姓名及年级"]
    row = ["学生1", id_number(1), 20, 18, "学生1三年级"]
    read = read_workbook(xlsx({"考勤": [header, row]}))
    attendance = read.table("attendance")
    assert "grade" not in attendance.columns
    assert _findings(read) == [
        (
            "header-ambiguous",
            "query",
            "E",
            "“姓名及年级”列既像“姓名”又像“年级”，未按其中任何一个读取",
        ),
    ]
