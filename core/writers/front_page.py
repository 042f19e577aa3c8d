"""首页: the county's month on one A4 page, to sign and send up with the workbook.

Every figure is the county's own (CountyFigures through the book's FrontPage and 学校汇总's
全县合计); this module only lays them out, draws two native charts from its own cells and leaves
room for the signatures.
"""

from __future__ import annotations

import math
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from core.catalogue.counts import RATE_TEXTS, RATES
from core.catalogue.county import FRONT_PAGE
from core.model.books import CountyBook, FrontPage
from core.model.findings import SEVERITY_COUNT_KEYS, SEVERITY_LABELS
from core.writers import form_sheet

TITLE = FRONT_PAGE
WIDTHS = (16, 10, 10, 10, 10, 10, 10, 10, 10)
"""Nine columns, about 700 pixels: the width of an A4 page in portrait."""
SEVERITY_MEANING = {
    "errors": "必须改正；有错误时汇总结论为未通过",
    "warnings": "应当核实；不影响通过",
    "queries": "可能无误：改正或写明说明即可（已说明的也计入）",
    "notes": "说明性信息，不是问题",
}
TOWN_HEADERS = (
    ("town", "乡镇(街道)"),
    ("schools_expected", "应报学校"),
    ("schools_received", "已报学校"),
    ("roster_count", "在籍"),
    ("attending_count", "在校"),
    ("suspected_count", "疑似辍学"),
    ("dropout_count", "辍学"),
    ("returned_count", "本月返校"),
    ("errors", "错误"),
)
SIGNATURES = (("填表人：", "审核人：", "负责人："), ("日期：", "单位（盖章）：", ""))
CHART_SIZE = {"width": 345, "height": 230}


class _Formats:
    def __init__(self, wb: Workbook) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 16, "align": "center"})
        self.section = wb.add_format({"bold": True, "font_size": 12})
        self.head = wb.add_format(
            {"bold": True, "border": 1, "bg_color": "#DDEBF7", "align": "center", "text_wrap": True}
        )
        middle = {"border": 1, "align": "center", "valign": "vcenter"}
        self.cell = wb.add_format(middle)
        self.left = wb.add_format({"border": 1, "text_wrap": True, "valign": "vcenter"})
        self.rate = wb.add_format({**middle, "num_format": "0.00"})
        self.total = wb.add_format({**middle, "bold": True})
        self.plain = wb.add_format({"text_wrap": True, "valign": "top"})
        self.sign = wb.add_format({"valign": "bottom"})


def write_front_page(wb: Workbook, ws: Worksheet, book: CountyBook) -> None:
    """The whole 首页, printed on one A4 page."""
    front, info, total = book.front, book.info, book.schools[-1] if book.schools else {}
    assert front is not None
    f = _Formats(wb)
    for c, width in enumerate(WIDTHS):
        ws.set_column(c, c, width)
    last = len(WIDTHS) - 1
    unit, period = info.get("county_name") or "", info.get("period") or ""
    ws.merge_range(0, 0, 0, last, f"{unit}控辍保学月报（{period}）", f.title)
    ws.merge_range(
        1,
        0,
        1,
        last,
        f"县区代码 {info.get('county_code') or ''}　规则版本 {info.get('rules_version')}",
        f.plain,
    )
    row = _reports(ws, 3, f, info, front)
    row = _pupils(ws, row + 1, f, total, front)
    row = _rates(ws, row + 1, f, front, total)
    row = _severities(ws, row + 1, f, total)
    row, town_rows = _towns(ws, row + 1, f, front)
    expected = int(info.get("schools_expected") or 0)
    row = _charts(wb, ws, row + 1, f, front, town_rows, expected)
    _signatures(ws, row + 1, f)
    form_sheet.print_setup(ws, unit, period, landscape=False, one_page=True, repeat=None)


def _table(ws: Worksheet, row: int, f: _Formats, title: str, heads: list[str]) -> int:
    ws.write_string(row, 0, title, f.section)
    for c, text in enumerate(heads):
        ws.write_string(row + 1, c, text, f.head)
    return row + 2


def _reports(ws: Worksheet, row: int, f: _Formats, info: dict[str, Any], front: FrontPage) -> int:
    expected, received = info.get("schools_expected") or 0, info.get("schools_received") or 0
    values = {
        "应报学校数": expected,
        "已报学校数": received,
        "按时报送": front.schools_on_time,
        "逾期报送": front.schools_late,
        "未报学校数": expected - received,
    }
    row = _table(ws, row, f, "一、学校报送情况", list(values))
    for c, v in enumerate(values.values()):
        ws.write_number(row, c, v, f.cell)
    return row + 1


def _pupils(ws: Worksheet, row: int, f: _Formats, total: dict[str, Any], front: FrontPage) -> int:
    values = {
        "在籍学生数": total.get("roster_count", 0),
        "在校学生数": total.get("attending_count", 0),
        "疑似辍学人数": total.get("suspected_count", 0),
        "辍学人数": total.get("dropout_count", 0),
        "本月返校人数": total.get("returned_count", 0),
        "累计已复学": front.cases.get("resumed_count", 0),
        "累计已销号": front.cases.get("closed_count", 0),
        "辍学台账总人数": front.cases.get("dropout_total", 0),
    }
    row = _table(ws, row, f, "二、学生人数（全县台账，含县区核对新增）", list(values))
    ws.set_row(row - 1, 30)
    for c, v in enumerate(values.values()):
        ws.write_number(row, c, v, f.cell)
    return row + 1


def _rates(ws: Worksheet, row: int, f: _Formats, front: FrontPage, total: dict[str, Any]) -> int:
    heads = ["指标", "公式", "", "", "", "", "", "计算", "数值(%)"]
    row = _table(ws, row, f, "三、指标", heads)
    ws.merge_range(row - 1, 1, row - 1, 6, "公式", f.head)
    counts = {**total, **front.cases}
    for key, num, den in RATES:
        label, formula = RATE_TEXTS[key]
        ws.write_string(row, 0, label, f.left)
        ws.merge_range(row, 1, row, 6, formula, f.left)
        ws.set_row(row, _wrapped_height(formula, sum(WIDTHS[1:7])))
        ws.write_string(row, 7, f"{counts.get(num, 0)} ÷ {counts.get(den, 0)}", f.cell)
        value = front.rates.get(key)
        if value is None:
            ws.write_string(row, 8, "—", f.cell)
        else:
            ws.write_number(row, 8, value, f.rate)
        row += 1
    return row


def _wrapped_height(text: str, width: int) -> float:
    """The height of a row whose merged cell wraps the text over the width (in characters):
    neither Excel nor LibreOffice grows a merged cell's row by itself."""
    units = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
    return 15.0 * max(1, math.ceil(units / max(1, width - 2)))


def _severities(ws: Worksheet, row: int, f: _Formats, total: dict[str, Any]) -> int:
    row = _table(ws, row, f, "四、问题（见“问题清单”）", ["级别", "条数", "含义"])
    ws.merge_range(row - 1, 2, row - 1, 8, "含义", f.head)
    for severity, key in SEVERITY_COUNT_KEYS.items():
        ws.write_string(row, 0, SEVERITY_LABELS[severity], f.cell)
        ws.write_number(row, 1, total.get(key, 0), f.cell)
        ws.merge_range(row, 2, row, 8, SEVERITY_MEANING[key], f.left)
        row += 1
    return row


def _towns(ws: Worksheet, row: int, f: _Formats, front: FrontPage) -> tuple[int, range]:
    ws.write_string(row, 0, "五、分乡镇情况", f.section)
    row += 1
    if front.towns_note:
        ws.merge_range(row, 0, row, len(WIDTHS) - 1, front.towns_note, f.plain)
        row += 1
    if not front.towns:
        return row, range(0)
    for c, (_, head) in enumerate(TOWN_HEADERS):
        ws.write_string(row, c, head, f.head)
    first = row + 1
    for i, town in enumerate(front.towns):
        style = f.total if i == len(front.towns) - 1 else f.cell
        for c, (key, _) in enumerate(TOWN_HEADERS):
            value = town.get(key)
            if isinstance(value, int):
                ws.write_number(first + i, c, value, style)
            else:
                ws.write_string(first + i, c, "" if value is None else str(value), style)
    return first + len(front.towns), range(first, first + front.town_count)


def integer_axis(values: list[int], name: str) -> dict[str, Any]:
    """A head-count axis from 0 in whole steps (about five), never fractions of a pupil."""
    step = max(1, math.ceil(max(values, default=0) / 5))
    return {"name": name, "min": 0, "major_unit": step, "num_format": "0"}


def _charts(
    wb: Workbook,
    ws: Worksheet,
    row: int,
    f: _Formats,
    front: FrontPage,
    towns: range,
    book_expected: int,
) -> int:
    ws.write_string(row, 0, "六、图表", f.section)
    sheet = TITLE
    reports = wb.add_chart({"type": "column"})
    reports.add_series(
        {
            "name": "学校数",
            "categories": [sheet, 4, 0, 4, 4],
            "values": [sheet, 5, 0, 5, 4],
            "data_labels": {"value": True},
        }
    )
    values = [int(book_expected)]
    reports.set_title({"name": "学校报送情况", "name_font": {"size": 11}})
    reports.set_legend({"none": True})
    reports.set_y_axis(integer_axis(values, "所"))
    reports.set_size(CHART_SIZE)
    ws.insert_chart(row + 1, 0, reports, {"x_offset": 2, "y_offset": 4, "object_position": 3})
    if towns:
        cases = wb.add_chart({"type": "column"})
        counts: list[int] = []
        for key, colour in (("suspected_count", "#F4B183"), ("dropout_count", "#C00000")):
            col = [k for k, _ in TOWN_HEADERS].index(key)
            cases.add_series(
                {
                    "name": [sheet, towns.start - 1, col],
                    "categories": [sheet, towns.start, 0, towns.stop - 1, 0],
                    "values": [sheet, towns.start, col, towns.stop - 1, col],
                    "fill": {"color": colour},
                }
            )
            counts += [int(t.get(key) or 0) for t in front.towns[: front.town_count]]
        cases.set_title({"name": "各乡镇疑似辍学与辍学人数", "name_font": {"size": 11}})
        cases.set_y_axis(integer_axis(counts, "人"))
        cases.set_legend({"position": "bottom"})
        cases.set_size(CHART_SIZE)
        ws.insert_chart(row + 1, 4, cases, {"x_offset": 40, "y_offset": 4, "object_position": 3})
    return row + 1 + math.ceil((CHART_SIZE["height"] + 8) / 20)


def _signatures(ws: Worksheet, row: int, f: _Formats) -> None:
    for line in SIGNATURES:
        for i, label in enumerate(line):
            if label:
                ws.write_string(row, i * 3, label + "__________", f.sign)
        ws.set_row(row, 30)
        row += 1
