"""Label-and-value reading: RECORD forms (填报信息) and the "学校标识码：…" fields of title rows.

A label is a cell whose text is one of a record form's headers or synonyms (with or without a
trailing colon); its value is the next non-empty cell to the right, or the cell below when the
cell to the right is another label (a one-row table). "标签：值" in a single cell works too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from core import mapping
from core.catalogue import SheetSpec, fold
from core.reader.headers import LOOKUPS, RECORD_FORMS, header_variants
from core.reader.values import display

_PAIR = re.compile(r"([^\s:：]{1,20}?)\s*[:：]\s*([^\s:：]+)")
_SCAN_ROWS, _SCAN_COLS = 40, 20
_HELP_HEADERS = frozenset({"填写说明", "说明", "备注", "填写要求", "提示", "注意事项"})


@dataclass(frozen=True)
class Pair:
    """One label with its value."""

    form_key: str
    key: str
    value: Any
    """The value cell as calamine read it ("" when the label has no value)."""
    row: int
    """0-based index in the sheet's rows of the value cell."""
    col: int
    """0-based column index of the value cell."""


# Safe process-wide: keyed by a label text, holds pairs of catalogue keys.
@lru_cache(maxsize=4096)
def label_keys(text: str) -> tuple[tuple[str, str], ...]:
    """(record form key, column key) pairs a label means."""
    found: dict[str, str] = {}
    variants = header_variants(text)
    taught = next((k for v in variants if (k := mapping.active().columns.get(v))), None)
    for form in RECORD_FORMS:
        lookup = LOOKUPS[form.key]
        if taught is not None and taught in form.keys:
            found[form.key] = taught
            continue
        key = next((lookup[v] for v in variants if v in lookup), None)
        if key is not None:
            found[form.key] = key
    return tuple(found.items())


def _is_label(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= 30 and bool(label_keys(value))


def help_columns(rows: list[list[Any]]) -> frozenset[int]:
    """Columns headed 填写说明/备注 near the top: hints beside the values, never values."""
    return frozenset(
        j
        for row in rows[:3]
        for j, v in enumerate(row)
        if isinstance(v, str) and fold(v) in _HELP_HEADERS
    )


def _value_of(rows: list[list[Any]], r: int, c: int, skip: frozenset[int]) -> tuple[Any, int, int]:
    row = rows[r]
    below = rows[r + 1][c] if r + 1 < len(rows) else ""
    for j in range(c + 1, min(len(row), c + _SCAN_COLS)):
        if row[j] != "" and j not in skip:
            if _is_label(row[j]) and r + 1 < len(rows):  # a one-row table: values below
                return below, r + 1, c
            return row[j], r, j
    if below != "" and not _is_label(below) and any(_is_label(v) for v in row[:c]):
        return below, r + 1, c  # the last column of a one-row table
    return "", r, c + 1


def cell_pairs(rows: list[list[Any]], indices: Iterable[int]) -> list[Pair]:
    """Every label/value pair in the given rows."""
    pairs = []
    skip: frozenset[int] | None = None
    for r in indices:
        for c, value in enumerate(rows[r][:_SCAN_COLS]):
            if not isinstance(value, str) or not value.strip():
                continue
            if _is_label(value):
                skip = help_columns(rows) if skip is None else skip
                found, vr, vc = _value_of(rows, r, c, skip)
                pairs += [Pair(f, k, found, vr, vc) for f, k in label_keys(value)]
                continue
            text = unicodedata.normalize("NFKC", value)
            if ":" not in text:  # NFKC turns every colon (：﹕︓) into ":"; the search is costly
                continue
            for m in _PAIR.finditer(text):
                pairs += [Pair(f, k, m[2], r, c) for f, k in label_keys(m[1])]
    return pairs


def match_record(rows: list[list[Any]]) -> tuple[SheetSpec, dict[str, Pair]] | None:
    """The record form whose signature labels all appear in the sheet, with its pairs."""
    pairs = cell_pairs(rows, range(min(len(rows), _SCAN_ROWS)))
    best: tuple[SheetSpec, dict[str, Pair]] | None = None
    for form in RECORD_FORMS:
        found: dict[str, Pair] = {}
        for p in pairs:
            if p.form_key == form.key:
                found.setdefault(p.key, p)
        if set(form.signature) <= found.keys() and (best is None or len(found) > len(best[1])):
            best = (form, found)
    return best


def title_fields(rows: list[list[Any]], indices: Iterable[int]) -> dict[str, str]:
    """Key -> text of "学校标识码：…" style fields in title or footer rows (first one wins)."""
    fields: dict[str, str] = {}
    for p in cell_pairs(rows, indices):
        text = p.value if isinstance(p.value, str) else None
        if text is None and p.value != "":
            text = display(p.value)
        if text and text.strip():
            fields.setdefault(p.key, unicodedata.normalize("NFKC", text).strip())
    return fields


mapping.on_change(label_keys.cache_clear)
