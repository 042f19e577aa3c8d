"""Taught mappings: a county says once what a header or a sheet is, and every read applies it."""

from __future__ import annotations

import functools
import json

import pytest
from reader_corpus import id_number

from core.execution import Clock, Plan, run_per_file
from core.mapping import MappingError, load_mapping, mapping_from_dict
from core.policy import default_policy
from core.reader import Source, read_workbook
from core.validate import check_read
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

SWAPPED = mapping_from_dict(
    {
        "columns": {
            "本月上课天数": "days_due",
            "本月到校天数": "days_absent",
            "缺课天数": "days_present",
        }
    }
)
"""Another county's reading of the same headers."""


def test_a_sheet_unrecognised_before_is_read_with_the_taught_columns(xlsx, tmp_path):
    path = xlsx({"出勤表": ATTENDANCE})
    assert read_workbook(path).tables == []
    (tmp_path / "映射.toml").write_text(TAUGHT, encoding="utf-8")
    read = read_workbook(path, mapping=load_mapping(tmp_path / "映射.toml"))
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
    table = read_workbook(path, mapping=load_mapping(tmp_path / "m.toml")).table("attendance")
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


def _attendance(read) -> dict:
    return (
        read.table("attendance").data.loc[2, ["days_due", "days_present", "days_absent"]].to_dict()
    )


def test_two_mappings_one_after_the_other_read_the_same_sheet_each_its_own_way(xlsx, tmp_path):
    path = xlsx({"出勤表": ATTENDANCE})
    (tmp_path / "映射.toml").write_text(TAUGHT, encoding="utf-8")
    taught = load_mapping(tmp_path / "映射.toml")
    first = _attendance(read_workbook(path, mapping=taught))
    swapped = _attendance(read_workbook(path, mapping=SWAPPED))
    again = _attendance(read_workbook(path, mapping=taught))
    untaught = read_workbook(path).tables
    assert (first, swapped, again, untaught) == (
        {"days_due": 20, "days_present": 18, "days_absent": 2},
        {"days_due": 20, "days_present": 2, "days_absent": 18},
        {"days_due": 20, "days_present": 18, "days_absent": 2},
        [],
    )


def test_a_worker_process_applies_the_mapping_it_was_given(xlsx, tmp_path):
    sources = [Source.from_path(xlsx({"出勤表": ATTENDANCE}, name=f"{n}.xlsx")) for n in (1, 2)]
    job = functools.partial(check_read, default_policy())
    clock = Clock()
    reports = list(run_per_file(job, sources, clock=clock, plan=Plan(workers=1), mapping=SWAPPED))
    assert "read in workers" in clock.spent  # not the threads' fallback
    assert [r.workbook.table("attendance").headers for r in reports] == 2 * [
        {
            "name": "姓名",
            "id_number": "身份证件号",
            "days_due": "本月上课天数",
            "days_absent": "本月到校天数",
            "days_present": "缺课天数",
        }
    ]
