"""Cell formats, input hints and data validations of the blank templates, from column specs."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook

from core.catalogue import codelists as cl
from core.catalogue.schema import TEXT_TYPES, CodeList, ColumnSpec
from core.catalogue.schema import ValueType as V

CODE_SHEET = "代码表"
"""Hidden sheet holding dropdown lists too long for a validation formula."""
LIST_LIMIT = 255
"""Excel's limit on a literal dropdown list ("a,b,c"), in characters."""
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"

# MONTH is text too: Excel would turn "2026-10" into a date shown as "Oct-26".
TEXT_COLUMNS = TEXT_TYPES - {V.TEXT} | {V.MONTH}
"""Types whose cells the template formats as text."""
_DEFAULT_HINTS = {
    V.DATE: "日期，如 2026-10-08",
    V.MONTH: "年月，如 2026-10",
    V.INTEGER: "0 或正整数",
    V.DECIMAL: "数值",
    V.ENUM: "请从下拉列表中选择，也可以填代码",
    V.GRADE: "请从下拉列表中选择年级",
    V.YES_NO: "是 或 否",
    V.PHONE: "手机号或固定电话，按文本录入",
}


class Formats:
    """The few cell formats a template uses, created once per workbook."""

    def __init__(self, workbook: Workbook) -> None:
        add = workbook.add_format
        self.title = add({"bold": True, "font_size": 14})
        self.section = add({"bold": True, "font_color": "#1F4E79"})
        self.header = add(
            {
                "bold": True,
                "bg_color": "#DDEBF7",
                "border": 1,
                "text_wrap": True,
                "align": "center",
                "valign": "vcenter",
            }
        )
        self.header_text = add({"bold": True})
        self.star = add({"bold": True, "font_color": "#C00000"})
        self.line = add({"valign": "top"})
        self.note = add({"font_color": "#595959", "valign": "top"})
        self.wrap = add({"text_wrap": True, "valign": "top"})
        self.muted = add({"font_color": "#595959", "text_wrap": True, "valign": "top"})
        self.text = add({"num_format": TEXT_FORMAT})
        self.date = add({"num_format": DATE_FORMAT})


def cell_format(fmt: Formats, column: ColumnSpec) -> Format | None:
    """The format of a column's data cells: text for IDs and codes, a date format for dates."""
    if column.type in TEXT_COLUMNS:
        return fmt.text
    if column.type is V.DATE:
        return fmt.date
    return None


def row_height(texts: tuple[str, ...], widths: tuple[int, ...]) -> float:
    """Height in points that shows each text wrapped in its column of the given width."""
    lines = 1
    for text, width in zip(texts, widths, strict=True):
        size = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
        lines = max(lines, math.ceil(size / width))
    # Neither LibreOffice nor WPS re-measures wrapped rows of a generated file on opening.
    return 15.0 * lines


def choices(column: ColumnSpec) -> CodeList | None:
    """The code list a column's dropdown offers, or None."""
    if column.codes is not None:
        return column.codes
    if column.type is V.YES_NO:
        return cl.YES_NO
    if column.type is V.GRADE:
        return cl.GRADE
    return None


def value_text(column: ColumnSpec) -> str:
    """The input hint of a column: its help text, else a hint for its type ("" for none)."""
    return column.help or _DEFAULT_HINTS.get(column.type, "")


class CodeSheet:
    """Long dropdown lists, written at the end to a hidden 代码表 sheet."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._lists: dict[str, CodeList] = {}

    def source(self, codes: CodeList) -> str:
        """The range formula of a code list's labels on the 代码表 sheet."""
        self._lists.setdefault(codes.key, codes)
        letter = xl_col_to_name(list(self._lists).index(codes.key))
        return f"='{CODE_SHEET}'!${letter}$2:${letter}${len(codes.codes) + 1}"

    def finish(self, fmt: Formats) -> None:
        """Write the lists used, if any, to a hidden last sheet."""
        if not self._lists:
            return
        ws = self._workbook.add_worksheet(CODE_SHEET)
        for i, codes in enumerate(self._lists.values()):
            ws.set_column(i, i, 20)
            ws.write_string(0, i, codes.title, fmt.header)
            for row, label in enumerate(codes.labels, start=1):
                ws.write_string(row, i, label)
        ws.hide()


def validation(column: ColumnSpec, codes: CodeSheet) -> dict[str, Any] | None:
    """The data validation of a column's cells: dropdown or value check, with its input hint."""
    hint = value_text(column)
    rule = _choice_rule(column, codes) or _value_rule(column)
    if rule is None and hint:
        rule = {"validate": "any"}
    if rule is not None and hint:
        rule |= {"input_title": column.header[:32], "input_message": hint[:LIST_LIMIT]}
    return rule


def _choice_rule(column: ColumnSpec, codes: CodeSheet) -> dict[str, Any] | None:
    code_list = choices(column)
    if code_list is None:
        return None
    labels = code_list.labels
    source: list[str] | str = labels
    if len(",".join(labels)) > LIST_LIMIT:
        source = codes.source(code_list)
    return {
        "validate": "list",
        "source": source,
        "error_type": "warning",
        "error_title": "不在下拉列表中",
        "error_message": f"{column.header}请从下拉列表中选择，也可以填代码。仍要保留请点“是”。",
    }


def _value_rule(column: ColumnSpec) -> dict[str, Any] | None:
    if column.type in (V.INTEGER, V.DECIMAL):
        kind = "integer" if column.type is V.INTEGER else "decimal"
        return {
            "validate": kind,
            "criteria": ">=",
            "value": 0,
            "error_type": "stop",
            "error_title": "请填写数字",
            "error_message": f"{column.header}应为 0 或正数，不要带单位或文字。",
        }
    if column.type is V.DATE:
        return {
            "validate": "date",
            "criteria": "between",
            "minimum": dt.date(1990, 1, 1),
            "maximum": dt.date(2099, 12, 31),
            "error_type": "warning",
            "error_title": "日期格式",
            "error_message": f"{column.header}请按 2026-10-08 的格式填写日期。",
        }
    return None
