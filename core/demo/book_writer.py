"""Write a school's Book as a workbook, clean or with the formatting habits of real files.

Every header, sheet name and label comes from the catalogue (the template's, or one of its
synonyms and aliases). Returns where each row and column landed, for the answer key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from core.catalogue import school_monthly as sm
from core.catalogue.schema import TEXT_TYPES, ColumnSpec, SheetSpec
from core.demo.people import fullwidth
from core.demo.school import Book, Row
from core.demo.sinks import XlsSink, XlsxSink
from core.reader.model import column_letter

DATE_STYLES = (
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d:%Y/%m/%d}",
    lambda d: f"{d.year}-{d.month}-{d.day}",
    lambda d: f"{d:%Y%m%d}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
)
"""Dates as clerks type them into text cells."""
FOOTER = ("填表人：{filled_by}", "联系电话：{phone}", "校长签字：")
_HABIT_KEYS = frozenset({"id_number", "guardian_phone", "dropout_month"})
"""Columns whose text a messy clerk's habits change (see _habits)."""


class AsNumber(float):
    """A value written as a numeric cell whatever its column (an ID typed as a number)."""


class AsText(str):
    """A value written exactly as given, as text (a planted bad value)."""


@dataclass(frozen=True)
class Style:
    """How a school's clerk lays the workbook out."""

    legacy_xls: bool = False
    sheet_aliases: bool = False
    synonyms: frozenset[str] = frozenset()
    """Column keys whose header is written as its first synonym."""
    title_rows: bool = False
    two_row_header: bool = False
    merged_class: bool = False
    text_dates: bool = False
    fullwidth: bool = False
    lower_x: bool = False
    footer: bool = False
    omit_sheets: frozenset[str] = frozenset()
    """Sheet kinds left out (a planted missing-sheet)."""
    omit_columns: frozenset[tuple[str, str]] = frozenset()
    """(kind, key) columns left out (a planted missing-column)."""

    @property
    def messy(self) -> bool:
        """Whether any habit is on."""
        return any(
            (
                self.legacy_xls,
                self.sheet_aliases,
                self.synonyms,
                self.title_rows,
                self.two_row_header,
                self.merged_class,
                self.text_dates,
                self.fullwidth,
                self.lower_x,
                self.footer,
            )
        )


@dataclass
class SheetPos:
    """Where a sheet's rows and columns landed."""

    name: str
    first_row: int = 0
    """Excel row of the first data row (tables)."""
    letters: dict[str, str] = field(default_factory=dict)
    cells: dict[str, tuple[int, str]] = field(default_factory=dict)
    """Record sheets: key -> (Excel row, letter) of the value cell."""


def write_book(book: Book, style: Style) -> tuple[bytes, dict[str, SheetPos]]:
    """The workbook's bytes and the position of every sheet kind written."""
    sink_type = XlsSink if style.legacy_xls else XlsxSink
    sink = sink_type(book.fill_date, f"{book.school.name}控辍保学月报")
    positions: dict[str, SheetPos] = {}
    for spec in sm.SCHOOL_MONTHLY.sheets:
        if spec.kind in style.omit_sheets:
            continue
        name = spec.title_aliases[0] if style.sheet_aliases and spec.title_aliases else spec.title
        sink.sheet(name)
        rows = book.sheets.get(spec.kind, [])
        if spec.kind == "info":
            positions[spec.kind] = _write_record(sink, spec, rows[0], style, name, book)
        else:
            positions[spec.kind] = _write_table(sink, spec, rows, style, name, book)
    return sink.close(), positions


def header_of(col: ColumnSpec, style: Style) -> str:
    """The header text a clerk wrote for a column."""
    return col.synonyms[0] if col.key in style.synonyms and col.synonyms else col.header


def _write_record(sink, spec: SheetSpec, row: Row, style: Style, name: str, book: Book) -> SheetPos:
    pos = SheetPos(name)
    top = 0
    if style.title_rows:
        sink.merge(0, 0, 0, 1, f"{book.school.name}控辍保学月报", header=True)
        top = 1
    sink.width(0, 14)
    sink.width(1, 24, text=True)
    for i, col in enumerate(spec.columns):
        r = top + i
        sink.text(r, 0, header_of(col, style))
        value = row.get(col.key)
        if col.key == "period" and style.text_dates and isinstance(value, str):
            value = AsText(_month_text(value))
        _cell(sink, r, 1, col, value, style, i)
        pos.cells[col.key] = (r + 1, "B")
    return pos


def _write_table(
    sink, spec: SheetSpec, rows: list[Row], style: Style, name: str, book: Book
) -> SheetPos:
    cols = [c for c in spec.columns if (spec.kind, c.key) not in style.omit_columns]
    r = 0
    if style.title_rows:
        title = f"{book.school.name}{_month_text(book.period)}{spec.title}"
        sink.merge(0, 0, 0, max(len(cols) - 1, 1), title, header=True)
        sink.text(1, 0, f"学校标识码：{book.school.code}")
        sink.text(1, 3, f"填报月份：{_month_text(book.period)}")
        r = 2
    for c, col in enumerate(cols):
        sink.width(c, col.width, text=col.type in TEXT_TYPES)
    r = _write_headers(sink, spec, cols, style, r)
    sink.freeze(r)
    pos = SheetPos(
        name, first_row=r + 1, letters={col.key: column_letter(i) for i, col in enumerate(cols)}
    )
    indexed = list(enumerate(cols))
    for i, row in enumerate(rows):
        for c, col in indexed:
            value = i + 1 if col.key == "seq" else row.get(col.key)
            if value is None:
                continue
            if type(value) is str and col.key not in _HABIT_KEYS:
                sink.text(r + i, c, value)  # the common case, kept fast for big counties
            else:
                _cell(sink, r + i, c, col, value, style, i)
    if style.merged_class and spec.kind == "roster" and "class_name" in pos.letters:
        _merge_classes(sink, rows, r, [c.key for c in cols].index("class_name"))
    if style.footer and spec.kind in ("roster", "attendance"):
        info = book.sheets["info"][0]
        for k, text in enumerate(FOOTER):
            sink.text(r + len(rows) + 1, 4 * k, text.format(**info))
    return pos


def _write_headers(sink, spec: SheetSpec, cols: list[ColumnSpec], style: Style, r: int) -> int:
    group = ("days_due", "days_present", "days_absent")
    keys = [c.key for c in cols]
    if not (style.two_row_header and spec.kind == "attendance" and set(group) <= set(keys)):
        for c, col in enumerate(cols):
            sink.text(r, c, header_of(col, style), header=True)
        return r + 1
    first = keys.index(group[0])
    sink.merge(r, first, r, first + 2, "出勤情况（天）", header=True)
    for c, col in enumerate(cols):
        if col.key in group:
            sink.text(r + 1, c, header_of(col, style), header=True)
        else:
            sink.merge(r, c, r + 1, c, header_of(col, style), header=True)
    return r + 2


def _merge_classes(sink, rows: list[Row], top: int, c: int) -> None:
    start = 0
    for i in range(1, len(rows) + 1):
        same = i < len(rows) and (rows[i].get("grade"), rows[i].get("class_name")) == (
            rows[start].get("grade"),
            rows[start].get("class_name"),
        )
        if same:
            continue
        value = rows[start].get("class_name")
        if i - start > 1 and isinstance(value, str) and not isinstance(value, AsText):
            sink.merge(top + start, c, top + i - 1, c, value)
        start = i


def _cell(sink, r: int, c: int, col: ColumnSpec, value: object, style: Style, i: int) -> None:
    if value is None or value == "":
        return
    if isinstance(value, AsNumber):
        sink.number(r, c, float(value))
    elif isinstance(value, AsText):
        sink.text(r, c, str(value))
    elif isinstance(value, bool):
        raise TypeError("flags are written as labels")
    elif isinstance(value, int):
        sink.number(r, c, value)
    elif isinstance(value, dt.date):
        if style.text_dates:
            sink.text(r, c, DATE_STYLES[i % len(DATE_STYLES)](value))
        else:
            sink.date(r, c, value)
    else:
        sink.text(r, c, _habits(str(value), col, style, i))


def _habits(text: str, col: ColumnSpec, style: Style, i: int) -> str:
    if col.key == "id_number":
        if style.lower_x:
            text = text.replace("X", "x")
        if style.fullwidth and i % 7 == 3:
            text = fullwidth(text)
    if col.key == "guardian_phone" and style.fullwidth and i % 5 == 1:
        text = fullwidth(text)
    if col.key == "dropout_month" and style.text_dates:
        text = _month_text(text)
    return text


def _month_text(period: str) -> str:
    year, month = period.split("-")
    return f"{year}年{int(month)}月"
