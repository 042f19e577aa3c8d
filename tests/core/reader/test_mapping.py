"""Taught mappings: a county says once what a header or a sheet is, and every read applies it."""

from __future__ import annotations

import json

import pytest
from reader_corpus import id_number

from core.mapping import MappingError, load_mapping, use_mapping
from core.reader import read_workbook
from desktop.cli import main

ATTENDANCE = [
    ["姓名", "身份证件号", "本月上课天数", "本月到校天数", "缺课天数"],
    ["学生1", id_number(1), 20, 18, 2],
]
TAUGHT = """
[columns]
"本月上课天数" = "days_due"
"本月到校天数" = "days_present"
"缺课天数" = "days_absent"
"""


@pytest.fixture(autouse=True)
def _no_mapping_after():
    yield
    use_mapping(None)


def test_a_sheet_unrecognised_before_is_read_with_the_taught_columns(xlsx, tmp_path):
    path = xlsx({"出勤表": ATTENDANCE})
    assert read_workbook(path).tables == []
    (tmp_path / "映射.toml").write_text(TAUGHT, encoding="utf-8")
    use_mapping(load_mapping(tmp_path / "映射.toml"))
    read = read_workbook(path)
    assert read.table("attendance").data.loc[2].to_dict() == {
        "name": "学生1",
        "id_number": id_number(1),
        "days_due": 20,
        "days_present": 18,
        "days_absent": 2,
        "gender": "1",
    }
    assert [f.code for f in read.findings] == []


def test_a_taught_sheet_is_read_as_its_form_without_its_signature(xlsx, tmp_path):
    rows = [["姓名", "身份证件号", "本月到校天数"], ["学生1", id_number(1), 18]]
    path = xlsx({"出勤表": rows})
    (tmp_path / "m.toml").write_text(
        '[sheets]\n"出勤表" = "attendance"\n[columns]\n"本月到校天数" = "days_present"\n',
        encoding="utf-8",
    )
    use_mapping(load_mapping(tmp_path / "m.toml"))
    table = read_workbook(path).table("attendance")
    assert table.headers == {
        "name": "姓名",
        "id_number": "身份证件号",
        "days_present": "本月到校天数",
    }


def test_a_mapping_naming_no_field_is_refused_with_the_reason(tmp_path):
    (tmp_path / "m.toml").write_text('[columns]\n"到校" = "present_days"\n', encoding="utf-8")
    with pytest.raises(MappingError) as raised:
        load_mapping(tmp_path / "m.toml")
    assert str(raised.value) == (
        f"映射文件 {tmp_path / 'm.toml'}：“到校”指定的“present_days”不是任何报表的字段"
        "（schoolroll fields 列出全部字段和报表类型）"
    )


def test_validate_with_a_mapping_file_reads_the_sheet(xlsx, tmp_path, capsys):
    path = xlsx({"出勤表": ATTENDANCE})
    (tmp_path / "映射.toml").write_text(TAUGHT, encoding="utf-8")
    main(["validate", str(path), "--json"])
    before = json.loads(capsys.readouterr().out)["files"][0]["sheets"]
    main(["validate", str(path), "--json", "--mapping", str(tmp_path / "映射.toml")])
    after = json.loads(capsys.readouterr().out)["files"][0]["sheets"]
    assert (before, after) == ([], [{"sheet": "出勤表", "kind": "attendance", "rows": 1}])


def test_fields_lists_every_key_with_its_header(capsys):
    assert main(["fields", "--json"]) == 0
    forms = {f["kind"]: f for f in json.loads(capsys.readouterr().out)["forms"]}
    attendance = {f["key"]: f["header"] for f in forms["attendance"]["fields"]}
    assert attendance["days_present"] == "实出勤天数"
