"""Cell value parsers, one per catalogue ValueType, applied a column at a time (columns.py).

A parser maps one cell as calamine returns it (str, float, int, bool, date, datetime, ...) to
``(data, raw, error)``: the typed value of model.py's conventions, the text as read, and the
finding variant when the cell cannot be read (None when it can).

Decisions worth knowing:
- A month-only date ("2015年9月", "2015.9") in a DATE column reads as the first of that month.
- A numeric month 2026.1 is refused: Excel stores a typed "2026.10" as 2026.1, so it could be
  January or October.
- An ID stored as a number with 16 or more digits is never repaired: Excel kept only 15.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from core.catalogue import CODE_LISTS, ColumnSpec, ValueType

Parsed = tuple[Any, str | None, str | None]
"""(data, raw, error): error is "date", "month", "number", "enum" or "id-number"."""
Parser = Callable[[Any], Parsed]

EMPTY: Parsed = (None, None, None)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_MIN, _SERIAL_MAX = 1, 73050  # 1900-01-01 .. 2099-12-31
_SPACES = re.compile(r"\s+")
_YMD = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*[日号]?(?:\s+[\d:.]+)?")
_YM = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*(?:月份?)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})?")
_INT = re.compile(r"([-+]?\d+)(?:\.0*)?\s*[天次人日个]?")


def norm(text: str) -> str | None:
    """NFKC and trim; None when nothing is left."""
    text = text.strip() if text.isascii() else unicodedata.normalize("NFKC", text).strip()
    return text or None


def display(value: Any) -> str | None:
    """A cell as Excel would show it in General format, for ``raw`` (numbers without .0)."""
    if value.__class__ is str:
        return norm(value) if value else None
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if abs(value) >= 1e15:  # Excel shows 15 significant digits, the rest as zeros
            return format(Decimal(f"{value:.15g}"), "f")
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _valid_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d) if 1900 <= y <= 2099 else None
    except ValueError:
        return None


def _serial_date(value: float) -> dt.date | None:
    if _SERIAL_MIN <= value <= _SERIAL_MAX:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    return None


def text_to_date(text: str) -> dt.date | None:
    """2015.9.1, 2015/09/01, 2015-9-1, 20150901, 2015年9月1日, 2015年9月 (first of month)."""
    if m := _YMD.fullmatch(text):
        return _valid_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _COMPACT.fullmatch(text):
        return _valid_date(int(m[1]), int(m[2]), int(m[3] or 1))
    if m := _YM.fullmatch(text):
        return _valid_date(int(m[1]), int(m[2]), 1)
    return None


def parse_date(value: Any) -> Parsed:
    """A date from a real date, an Excel serial, a yyyymmdd number or text."""
    if value.__class__ is dt.date:
        return value, value.isoformat(), None  # the common case, without the general path
    raw = display(value)
    if raw is None:
        return EMPTY
    if isinstance(value, dt.datetime):
        return value.date(), raw, None
    if isinstance(value, dt.date):
        return value, raw, None
    day = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 19000101 <= value <= 20991231 and float(value).is_integer():
            day = text_to_date(str(int(value)))
        else:
            day = _serial_date(value)
    elif isinstance(value, str):
        day = _iso_date(raw) or text_to_date(raw)
    return (day, raw, None) if day else (None, raw, "date")


def _iso_date(text: str) -> dt.date | None:
    if len(text) != 10 or text[4] != "-":
        return None
    try:
        return _valid_date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:
        return None


def _month(y: int, m: int) -> str | None:
    return f"{y:04d}-{m:02d}" if 1900 <= y <= 2099 and 1 <= m <= 12 else None


def text_to_month(text: str) -> str | None:
    """2026-10, 2026年10月, 202610, 2026.10, or a full date."""
    if (m := _YM.fullmatch(text)) or (m := _COMPACT.fullmatch(text)):
        return _month(int(m[1]), int(m[2]))
    day = text_to_date(text)
    return _month(day.year, day.month) if day else None


def _number_to_month(value: float) -> str | None:
    if float(value).is_integer():
        n = int(value)
        if 190001 <= n <= 209912:
            return _month(n // 100, n % 100)
        day = _serial_date(n)
        return _month(day.year, day.month) if day else None
    year, _, frac = repr(float(value)).partition(".")
    if frac == "1" or len(frac) > 2:  # 2026.1: January or a typed 2026.10?
        return None
    return _month(int(year), int(frac))


def parse_month(value: Any) -> Parsed:
    """A "YYYY-MM" month from a date, a number (202610, 2026.10) or text."""
    raw = display(value)
    if raw is None:
        return EMPTY
    month = None
    if isinstance(value, dt.date):
        month = _month(value.year, value.month)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        month = _number_to_month(value)
    elif isinstance(value, str):
        month = text_to_month(raw)
    return (month, raw, None) if month else (None, raw, "month")


def parse_integer(value: Any) -> Parsed:
    """An int from 3, 3.0, "3", "３天"; 3.5 or text is number-invalid."""
    if value.__class__ is float and value.is_integer() and abs(value) < 1e15:
        number = int(value)
        return number, str(number), None  # the common case, without the general path
    raw = display(value)
    if raw is None:
        return EMPTY
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer():
            return int(value), raw, None
        return None, raw, "number"
    if isinstance(value, str) and (m := _INT.fullmatch(raw)):
        return int(m[1]), raw, None
    return None, raw, "number"


def parse_decimal(value: Any) -> Parsed:
    """A float from a number or numeric text."""
    raw = display(value)
    if raw is None:
        return EMPTY
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value), raw, None
    try:
        return float(raw), raw, None
    except ValueError:
        return None, raw, "number"


def parse_text(value: Any) -> Parsed:
    """Text, NFKC and trimmed; numbers as Excel shows them."""
    if (
        value.__class__ is str
        and value
        and not (value[0].isspace() or value[-1].isspace())
        and unicodedata.is_normalized("NFKC", value)
    ):
        return value, value, None  # the common case, without the general path
    raw = display(value)
    return raw, raw, None


def parse_code(value: Any) -> Parsed:
    """Digits codes and phones: spaces removed; a number is fine (its digits are exact)."""
    if value.__class__ is str and value.isascii() and value.isalnum():
        return value, value, None  # the common case, without the general path
    raw = display(value)
    if raw is None:
        return EMPTY
    return _SPACES.sub("", raw), raw, None


def parse_id(value: Any) -> Parsed:
    """An ID or 学籍号: text, upper case, no spaces; a number of 16+ digits lost its tail."""
    if value.__class__ is str and value.isascii() and value.isalnum():
        return value.upper(), value, None  # the common case, without the general path
    raw = display(value)
    if raw is None:
        return EMPTY
    if isinstance(value, float) and value >= 1e15:
        return None, raw, "id-number"
    return _SPACES.sub("", raw).upper(), raw, None


def enum_parser(codes: Any) -> Parser:
    """A parser for a code list: code, label or alias; numbers as their digits (1 -> "01")."""

    # the same labels fill every school's sheets: each spelling is folded and looked up once
    # safe: keyed by a cell's value, holds its parse; the list itself is a frozen catalogue value
    @lru_cache(maxsize=4096, typed=True)
    def parse(value: Any) -> Parsed:
        raw = display(value)
        if raw is None:
            return EMPTY
        code = codes.parse(raw)
        if code is None and raw.isdigit():
            code = codes.parse(raw.zfill(2))
        return (code, raw, None) if code is not None else (None, raw, "enum")

    return parse


# Safe process-wide: keyed by a cell's value (text, number or bool), holds its parse.
@lru_cache(maxsize=1024, typed=True)
def parse_yes_no(value: Any) -> Parsed:
    """True/False from 是/否, √ and its opposites, Y/N, 1/0 or a boolean cell."""
    if isinstance(value, bool):
        return value, display(value), None
    data, raw, error = _YES_NO(value)
    return (None if data is None else data == "1"), raw, error


_YES_NO = enum_parser(CODE_LISTS["yes_no"])
_PARSERS: dict[ValueType, Parser] = {
    ValueType.TEXT: parse_text,
    ValueType.ID_NUMBER: parse_id,
    ValueType.STUDENT_NUMBER: parse_id,
    ValueType.SCHOOL_CODE: parse_code,
    ValueType.COUNTY_CODE: parse_code,
    ValueType.REGION_CODE: parse_code,
    ValueType.PHONE: parse_code,
    ValueType.DATE: parse_date,
    ValueType.MONTH: parse_month,
    ValueType.INTEGER: parse_integer,
    ValueType.DECIMAL: parse_decimal,
    ValueType.YES_NO: parse_yes_no,
}


def parser_for(column: ColumnSpec) -> Parser:
    """The parser of a catalogue column."""
    if column.type in (ValueType.ENUM, ValueType.GRADE):
        return _enum_parser_of(column.codes or CODE_LISTS["grade"])
    return _PARSERS[column.type]


# Keyed by the code list's value (a frozen dataclass): the catalogue has a few dozen lists, and
# each parser's own memo holds only cell spellings, small immutable values.
_enum_parser_of = lru_cache(maxsize=128)(enum_parser)
