"""Blank standard templates: one .xlsx per form family, derived only from the catalogue.

Each workbook has a 填表说明 sheet written from the catalogue, then one sheet per form: a frozen
header with required headers marked "*", text-formatted ID and code columns, dropdowns for code
lists and an input hint on every column that has one. Regeneration is byte-stable.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from core.catalogue import FAMILIES
from core.catalogue.schema import ColumnSpec, FormFamily, Layout, SheetSpec
from core.catalogue.schema import ValueType as V
from core.outputs import write_atomic
from core.writers.template_format import (
    TEXT_COLUMNS,
    CodeSheet,
    Formats,
    cell_format,
    choices,
    row_height,
    validation,
)

DATA_ROWS = 1000
"""Rows below the header that carry the column formats and validations."""
CREATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
"""Fixed creation date, so regenerating a template gives the same bytes."""
INSTRUCTIONS = "填表说明"
"""Name of the first sheet."""
TEMPLATE_ID_PROPERTY = "template_id"
"""Custom document property holding FormFamily.key."""
TEMPLATE_VERSION_PROPERTY = "template_version"
"""Custom document property holding FormFamily.version."""

_TYPE_LABELS = {
    V.TEXT: "文字",
    V.ID_NUMBER: "身份证件号",
    V.STUDENT_NUMBER: "学籍号",
    V.SCHOOL_CODE: "学校标识码",
    V.COUNTY_CODE: "县区代码",
    V.REGION_CODE: "区划代码",
    V.DATE: "日期",
    V.MONTH: "年月",
    V.INTEGER: "整数",
    V.DECIMAL: "数值",
    V.ENUM: "代码",
    V.YES_NO: "是/否",
    V.PHONE: "电话号码",
    V.GRADE: "年级",
}
_MARKS_NOTE = "标 * 的列必须填写；有下拉箭头的列请从列表中选择（也可以填代码）。"
_INSTRUCTION_HEADERS = ("工作表", "列名", "类型", "是否必填", "填写说明", "可选值（代码 文字）")
_INSTRUCTION_WIDTHS = (16, 20, 22, 9, 46, 60)


def template_name(family: FormFamily) -> str:
    """The template's file name: the family's Chinese title."""
    return f"{family.title}.xlsx"


def write_templates(out_dir: Path) -> list[Path]:
    """Write one blank template per form family into out_dir; return the paths.

    Raises core.outputs.OutputError (its message in Chinese) when one cannot be written."""
    out_dir = Path(out_dir)
    return [write_template(family, out_dir / template_name(family)) for family in FAMILIES]


def write_template(family: FormFamily, path: Path) -> Path:
    """Write the blank template of one family to path (core.outputs.write_atomic); return path."""

    def build(tmp: Path) -> None:
        workbook = xlsxwriter.Workbook(str(tmp), {"strings_to_numbers": False})
        _fill(workbook, family)
        workbook.close()

    return write_atomic(path, build)


def _fill(workbook: Workbook, family: FormFamily) -> None:
    _set_properties(workbook, family)
    fmt = Formats(workbook)
    _write_instructions(workbook.add_worksheet(INSTRUCTIONS), fmt, family)
    codes = CodeSheet(workbook)
    for sheet in family.sheets:
        ws = workbook.add_worksheet(sheet.title)
        if sheet.layout is Layout.RECORD:
            _write_record(ws, fmt, sheet, codes)
        else:
            _write_table(ws, fmt, sheet, codes)
    codes.finish(fmt)


def _set_properties(workbook: Workbook, family: FormFamily) -> None:
    workbook.set_properties(
        {
            "title": family.title,
            "subject": f"SchoolRoll 标准模板 {family.key} {family.version}",
            "author": "SchoolRoll",
            "category": "控辍保学",
            "keywords": f"SchoolRoll, {family.key}, {family.version}",
            "comments": family.description,
            "created": CREATED,
        }
    )
    workbook.set_custom_property(TEMPLATE_ID_PROPERTY, family.key, "text")
    workbook.set_custom_property(TEMPLATE_VERSION_PROPERTY, family.version, "text")


def _write_instructions(ws: Worksheet, fmt: Formats, family: FormFamily) -> None:
    for i, width in enumerate(_INSTRUCTION_WIDTHS):
        ws.set_column(i, i, width)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.write_string(0, 0, f"{family.title} 填表说明", fmt.title)
    ws.write_string(1, 0, f"模板编号：{family.key}　版本：{family.version}", fmt.note)
    ws.write_string(2, 0, family.description, fmt.line)
    row = 4
    if family.notes:
        ws.write_string(row, 0, "注意事项", fmt.section)
        for number, note in enumerate(family.notes, start=1):
            ws.write_string(row + number, 0, f"{number}. {note}", fmt.line)
        row += len(family.notes) + 2
    ws.write_string(row, 0, _MARKS_NOTE, fmt.line)
    row += 2
    for sheet in family.sheets:
        row = _write_sheet_notes(ws, fmt, sheet, row) + 1


def _write_sheet_notes(ws: Worksheet, fmt: Formats, sheet: SheetSpec, row: int) -> int:
    ws.write_string(row, 0, f"工作表「{sheet.title}」：{sheet.description}", fmt.section)
    ws.write_row(row + 1, 0, _INSTRUCTION_HEADERS, fmt.header)
    for i, column in enumerate(sheet.columns, start=row + 2):
        notes = _column_notes(sheet, column)
        ws.write_row(i, 0, notes, fmt.wrap)
        ws.set_row(i, row_height(notes, _INSTRUCTION_WIDTHS))
    return row + 2 + len(sheet.columns)


def _column_notes(sheet: SheetSpec, column: ColumnSpec) -> tuple[str, ...]:
    codes = choices(column)
    allowed = "；".join(f"{c.code} {c.label}" for c in codes.codes) if codes else ""
    kind = _TYPE_LABELS[column.type]
    if column.type in TEXT_COLUMNS:
        kind += "（文本格式）"
    required = "必填" if column.required else ""
    return (sheet.title, column.header, kind, required, column.help, allowed)


def _write_header(ws: Worksheet, fmt: Formats, row: int, col: int, column: ColumnSpec) -> None:
    if column.required:
        ws.write_rich_string(row, col, fmt.star, "*", fmt.header_text, column.header, fmt.header)
    else:
        ws.write_string(row, col, column.header, fmt.header)


def _write_table(ws: Worksheet, fmt: Formats, sheet: SheetSpec, codes: CodeSheet) -> None:
    ws.freeze_panes(1, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.repeat_rows(0)
    ws.set_row(0, 30)
    for i, column in enumerate(sheet.columns):
        body = cell_format(fmt, column)
        ws.set_column(i, i, column.width, body)
        _write_header(ws, fmt, 0, i, column)
        if body is not None:
            for row in range(1, DATA_ROWS + 1):
                ws.write_blank(row, i, None, body)
        rule = validation(column, codes)
        if rule:
            ws.data_validation(1, i, DATA_ROWS, i, rule)


def _write_record(ws: Worksheet, fmt: Formats, sheet: SheetSpec, codes: CodeSheet) -> None:
    # No visible hint column: a reader takes the next non-empty cell right of a label as its
    # value, so hints live in the input message and in 填表说明.
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 30)
    ws.set_paper(9)
    ws.write_row(0, 0, ("项目", "填写内容"), fmt.header)
    for row, column in enumerate(sheet.columns, start=1):
        _write_header(ws, fmt, row, 0, column)
        ws.write_blank(row, 1, None, cell_format(fmt, column))
        rule = validation(column, codes)
        if rule:
            ws.data_validation(row, 1, row, 1, rule)
