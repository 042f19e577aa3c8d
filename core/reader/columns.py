"""Parsing a whole column at once: the reader's hot loop, kept at C speed where it can be.

A column of a school roster is either a handful of repeated values (grades, enums, day counts),
parsed once per distinct value, or values that never repeat (IDs, names, phone numbers), which
are checked in bulk: when every cell is already in its final form (ASCII digits, normalised text
without edge spaces, whole numbers, real dates) the column is converted with string and list
operations instead of one Python call per cell. Anything else falls back to the per-cell
parsers of values.py, so both paths give the same results.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Sequence
from operator import is_not
from typing import Any

from core.reader import values as v

Column = tuple[Sequence[Any], Sequence[str | None], Sequence[str | None] | None]
"""(data, raw, errors): errors is None when every cell could be read."""


def _only(values: Sequence[Any], kind: type) -> bool:
    return set(map(type, values)) == {kind}


def _ascii_alnum(values: Sequence[Any]) -> bool:
    if not _only(values, str) or "" in values:
        return False
    joined = "".join(values)
    # on ASCII, bytes.isalnum means what str.isalnum means, by a table lookup per byte
    return joined.isascii() and joined.encode("ascii").isalnum()


def _bulk_id(values: Sequence[Any]) -> Column | None:
    if not _ascii_alnum(values):
        return None
    return "\n".join(values).upper().split("\n"), values, None


def _bulk_code(values: Sequence[Any]) -> Column | None:
    return (values, values, None) if _ascii_alnum(values) else None


def _bulk_text(values: Sequence[Any]) -> Column | None:
    if not _only(values, str) or "" in values:
        return None
    # strip returns the very same string when there is nothing to trim
    if any(map(is_not, map(str.strip, values), values)):
        return None
    joined = "\x00".join(values)
    if not (joined.isascii() or unicodedata.is_normalized("NFKC", joined)):
        return None
    return values, values, None


class _Memo(dict):
    """value -> f(value), computed on first use; the same 序号, day counts and birth dates fill
    every school's sheets, so most cells are a dictionary lookup. Bounded: cleared when full."""

    LIMIT = 1 << 16

    def __init__(self, f: Callable[[Any], Any]) -> None:
        super().__init__()
        self._f = f

    def __missing__(self, key: Any) -> Any:
        if len(self) >= self.LIMIT:
            self.clear()
        found = self[key] = self._f(key)
        return found


def _whole(value: float) -> int | None:
    return int(value) if value.is_integer() and abs(value) < 1e15 else None


_WHOLE = _Memo(_whole)
_DIGITS = _Memo(lambda value: str(int(value)))
_ISO = _Memo(dt.date.isoformat)


def _memo_fits(values: Sequence[Any]) -> bool:
    # a longer column (a merged county ledger) would fill a memo with its own values and clear
    # it again and again, missing nearly every time: it is converted directly instead
    return len(values) <= _Memo.LIMIT // 2


def _bulk_integer(values: Sequence[Any]) -> Column | None:
    if not _only(values, float):
        return None
    if _memo_fits(values):
        numbers = list(map(_WHOLE.__getitem__, values))
        if None in numbers:  # a fraction, NaN, infinity or a number too long to be exact
            return None
        return numbers, list(map(_DIGITS.__getitem__, values)), None
    try:
        numbers = list(map(int, values))  # truncates: compared back below
    except (ValueError, OverflowError):  # NaN or infinity
        return None
    if list(map(float, numbers)) != list(values) or max(map(abs, numbers)) >= 10**15:
        return None
    return numbers, list(map(str, numbers)), None


def _bulk_date(values: Sequence[Any]) -> Column | None:
    if not _only(values, dt.date):
        return None
    iso = _ISO.__getitem__ if _memo_fits(values) else dt.date.isoformat
    return values, list(map(iso, values)), None


_BULK: dict[Callable[[Any], v.Parsed], Callable[[Sequence[Any]], Column | None]] = {
    v.parse_id: _bulk_id,
    v.parse_code: _bulk_code,
    v.parse_text: _bulk_text,
    v.parse_integer: _bulk_integer,
    v.parse_date: _bulk_date,
}


_SAMPLE = 32
"""Cells looked at to tell a column of repeated values from one of distinct values."""


def parse_column(values: Sequence[Any], parse: v.Parser) -> Column:
    """Parse a column's cells: in bulk when all are in final form, else each distinct once."""
    if not values:
        return (), (), None
    bulk = _BULK.get(parse)
    # a column of few repeated values (grades, day counts) is cheaper through its distinct
    # values; the first cells tell which kind of column this is without hashing all of them
    if bulk is not None and _varied(values[:_SAMPLE]) and (done := bulk(values)):
        return done
    return _each(values, parse)


def _varied(sample: Sequence[Any]) -> bool:
    return len(set(sample)) * 2 > len(sample)


def _each(values: Sequence[Any], parse: v.Parser) -> Column:
    distinct = set(values)
    if len(distinct) == len(values):  # nothing repeats, so nothing to share
        return _split(list(map(parse, values)))
    # True == 1 == 1.0 in a set: only a column holding a boolean cell needs typed keys
    if (True in distinct or False in distinct) and bool in set(map(type, values)):
        cache: dict[Any, v.Parsed] = {}
        out: list[v.Parsed] = []
        for value in values:
            key = value if value.__class__ is str else (value.__class__, value)
            parsed = cache.get(key)
            if parsed is None:
                parsed = cache[key] = parse(value)
            out.append(parsed)
        return _split(out)
    table = {value: parse(value) for value in distinct}
    failed = any(parsed[2] for parsed in table.values())
    return (
        _spread(table, 0, values),
        _spread(table, 1, values),
        _spread(table, 2, values) if failed else None,
    )


def _spread(table: dict[Any, v.Parsed], part: int, values: Sequence[Any]) -> list[Any]:
    """One part of each cell's parse. Equal cells come out as one shared object: calamine gives
    every cell a str of its own, and a county's merged ledgers hold 200,000 rows of them."""
    found = {value: parsed[part] for value, parsed in table.items()}
    return list(map(found.__getitem__, values))


def _split(parsed: list[v.Parsed]) -> Column:
    data, raw, errors = zip(*parsed, strict=True)
    return data, raw, (errors if any(errors) else None)
