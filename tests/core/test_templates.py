"""The blank templates: derived from the catalogue, committed, and usable in Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from core.catalogue import FAMILIES, FAMILIES_BY_KEY, Code, CodeList, FormFamily, SheetSpec
from core.catalogue.columns import col, enum
from core.catalogue.schema import Layout
from core.writers.template_format import TEXT_COLUMNS, choices
from core.writers.template_writer import (
    DATA_ROWS,
    template_name,
    write_template,
    write_templates,
)
from desktop.cli import main

COMMITTED = Path(__file__).resolve().parents[2] / "templates_xlsx"
REGENERATE = "请运行 schoolroll templates --out templates_xlsx 并提交"


def _validations(ws: Any) -> list[tuple[Any, ...]]:
    return sorted(
        (
            str(dv.sqref),
            dv.type,
            dv.operator,
            dv.formula1,
            dv.formula2,
            dv.errorStyle,
            dv.promptTitle,
            dv.prompt,
            dv.error,
        )
        for dv in ws.data_validations.dataValidation
    )


def _sheet_snapshot(ws: Any) -> dict[str, Any]:
    formats = {
        c.coordinate: c.number_format
        for row in ws.iter_rows()
        for c in row
        if c.number_format != "General"
    }
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    return {
        "state": ws.sheet_state,
        "freeze": ws.freeze_panes,
        "values": list(ws.iter_rows(values_only=True)),
        "formats": formats,
        "widths": widths,
        "validations": _validations(ws),
    }


def _snapshot(path: Path) -> dict[str, Any]:
    wb = openpyxl.load_workbook(path)
    props = wb.properties
    return {
        "properties": (props.title, props.subject, props.keywords, props.created),
        "custom": {p.name: p.value for p in wb.custom_doc_props.props},
        "sheets": {ws.title: _sheet_snapshot(ws) for ws in wb.worksheets},
    }


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("templates")
    return {p.name: p for p in write_templates(out)}


def test_committed_templates_are_exactly_the_catalogue_families(regenerated):
    committed = sorted(p.name for p in COMMITTED.glob("*.xlsx"))
    assert committed == sorted(regenerated), REGENERATE


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.key)
def test_committed_template_matches_regenerated(family, regenerated):
    name = template_name(family)
    assert _snapshot(COMMITTED / name) == _snapshot(regenerated[name]), REGENERATE


def test_regeneration_is_byte_stable(regenerated, tmp_path):
    again = write_templates(tmp_path)
    assert {p.name: p.read_bytes() for p in again} == {
        n: p.read_bytes() for n, p in regenerated.items()
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(regenerated)


def test_school_template_properties_and_first_sheet():
    wb = openpyxl.load_workbook(COMMITTED / "学校控辍保学月报.xlsx")
    assert wb.properties.title == "学校控辍保学月报"
    assert {p.name: p.value for p in wb.custom_doc_props.props} == {
        "template_id": "school-monthly",
        "template_version": "2026.1",
    }
    assert wb.sheetnames == [
        "填表说明",
        "填报信息",
        "学籍名册",
        "考勤汇总",
        "疑似辍学学生台账",
        "辍学学生台账",
        "劝返记录",
        "月报汇总",
    ]


def test_school_roster_sheet_as_a_clerk_sees_it():
    ws = openpyxl.load_workbook(COMMITTED / "学校控辍保学月报.xlsx")["学籍名册"]
    headers = [c.value for c in ws[1]]
    assert headers[:8] == [
        "序号",
        "学籍号",
        "*姓名",
        "*性别",
        "*身份证件号",
        "身份证件类型",
        "*出生日期",
        "*年级",
    ]
    assert ws.freeze_panes == "A2"
    assert [ws[f"E{r}"].number_format for r in (2, DATA_ROWS + 1)] == ["@", "@"]
    assert ws["B2"].number_format == "@"
    assert ws["G2"].number_format == "yyyy-mm-dd"
    rules = {str(dv.sqref): (dv.type, dv.formula1) for dv in ws.data_validations.dataValidation}
    assert rules["D2:D1001"] == ("list", '"男,女"')
    assert rules["H2:H1001"] == (
        "list",
        '"一年级,二年级,三年级,四年级,五年级,六年级,七年级,八年级,九年级"',
    )
    assert rules["P2:P1001"] == ("list", '"是,否"')


def test_instructions_sheet_describes_every_column():
    ws = openpyxl.load_workbook(COMMITTED / "学校控辍保学月报.xlsx")["填表说明"]
    rows = list(ws.iter_rows(values_only=True))
    assert (
        "学籍名册",
        "身份证件号",
        "身份证件号（文本格式）",
        "必填",
        "18 位，末位可为 X；请以文本格式录入",
        None,
    ) in rows
    assert ("学籍名册", "性别", "代码", "必填", "男 或 女", "1 男；2 女") in rows
    assert ("5. 辍学学生仍保留学籍，应同时列在学籍名册中。", None, None, None, None, None) in rows
    family = FAMILIES_BY_KEY["school-monthly"]
    described = {(r[0], r[1]) for r in rows}
    assert described >= {(s.title, c.header) for s in family.sheets for c in s.columns}


def _check_table(ws: Any, sheet: SheetSpec) -> None:
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    for i, column in enumerate(sheet.columns, start=1):
        letter = openpyxl.utils.get_column_letter(i)
        assert ws.cell(1, i).value == ("*" if column.required else "") + column.header
        if column.type in TEXT_COLUMNS:
            assert ws.cell(DATA_ROWS + 1, i).number_format == "@", (sheet.title, column.key)
        codes = choices(column)
        if codes:
            rule = rules[f"{letter}2:{letter}{DATA_ROWS + 1}"]
            assert (rule.type, rule.formula1) == ("list", '"' + ",".join(codes.labels) + '"')


def test_every_template_has_marked_headers_dropdowns_and_text_columns(regenerated):
    for family in FAMILIES:
        wb = openpyxl.load_workbook(regenerated[template_name(family)])
        for sheet in family.sheets:
            if sheet.layout is Layout.TABLE:
                _check_table(wb[sheet.title], sheet)


def test_info_sheet_is_label_then_value():
    ws = openpyxl.load_workbook(COMMITTED / "学校控辍保学月报.xlsx")["填报信息"]
    assert [(r[0], r[1]) for r in ws.iter_rows(min_row=2, max_col=2, values_only=True)] == [
        ("*学校名称", None),
        ("*学校标识码", None),
        ("*县区代码", None),
        ("*填报月份", None),
        ("*填表人", None),
        ("*联系电话", None),
        ("*填报日期", None),
        ("校长", None),
        ("学制", None),
    ]
    assert [ws[f"B{r}"].number_format for r in (3, 5, 8)] == ["@", "@", "yyyy-mm-dd"]


def test_long_code_list_goes_to_hidden_code_sheet(tmp_path):
    long_list = CodeList(
        "many", "很多", tuple(Code(f"{i:02}", f"第{i}种很长的情况说明") for i in range(40))
    )
    sheet = SheetSpec(
        key="t.s",
        kind="t",
        title="表",
        signature=("name",),
        columns=(col("name", "姓名"), enum("kind", "类别", long_list)),
    )
    family = FormFamily(key="t", title="测试", version="1", sheets=(sheet,), level="school")
    wb = openpyxl.load_workbook(write_template(family, tmp_path / "t.xlsx"))
    assert wb.sheetnames == ["填表说明", "表", "代码表"]
    assert wb["代码表"].sheet_state == "hidden"
    assert wb["代码表"]["A41"].value == "第39种很长的情况说明"
    [rule] = wb["表"].data_validations.dataValidation
    assert (str(rule.sqref), rule.type, rule.formula1) == (
        "B2:B1001",
        "list",
        "'代码表'!$A$2:$A$41",
    )


def test_cli_writes_and_lists_the_templates(tmp_path, capsys):
    assert main(["templates", "--out", str(tmp_path / "模板")]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert [Path(p).name for p in printed] == [template_name(f) for f in FAMILIES]
    assert all(Path(p).is_file() for p in printed)


def test_cli_reports_an_unwritable_folder(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["templates", "--out", str(blocker / "sub")]) == 2
    assert capsys.readouterr().err == (
        f"schoolroll：输出路径中的“{blocker}”是一个文件而不是文件夹，"
        f"无法写出“{template_name(FAMILIES[0])}”：请把输出放到一个文件夹里\n"
    )


def test_readme_names_every_template_and_family():
    readme = (COMMITTED / "README.md").read_text(encoding="utf-8")
    for family in FAMILIES:
        assert f"| {template_name(family)} | `{family.key}` |" in readme


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.key)
def test_reader_recognises_every_sheet_of_a_blank_template(family):
    from core.reader import read_workbook

    read = read_workbook(COMMITTED / template_name(family))
    recognised = {s.sheet: s.form.key for s in [*read.records, *read.tables]}
    assert (read.status, read.family, read.findings) == ("ok", family, [])
    assert recognised == {s.title: s.key for s in family.sheets}
