"""Label-and-value reading: RECORD forms (填报信息), a summary given as a vertical list, and the
"学校标识码：…" fields of title rows.

A label is a cell whose text is one of a record form's headers or synonyms (with or without a
trailing colon), or means one of them alone (上报日期 for 填报日期, core.catalogue.vocab); its
value is the next non-empty cell to the right, or the cell below when the cell to the right is
another label (a one-row table). "标签：值" in a single cell works too. A merged label cell
(filled across its columns) is one label, not a row of them.

The one-record table forms (the summary: counts only, LIST_FORMS) are read this way too when a
school writes them as a list (指标 | 数值, one count a row) instead of a header row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from core.catalogue import FORMS, Layout, SheetSpec, ValueType, fold
from core.catalogue.vocab import canonical
from core.mapping import NO_MAPPING, Mapping
from core.reader.headers import LOOKUPS, RECORD_FORMS, SPELLINGS, header_variants
from core.reader.values import display

_SEPARATORS = " \t\r\n;,、"
"""What may stand between two "标签：值" pairs of one cell, once NFKC has made every space,
colon and full-width comma or semicolon half-width."""
_LABEL = re.compile(r"(?:^|(?<=[\s;,、]))(?![\d.]+\s*:)([^\s:;,、]{1,20})\s*:")
"""A label: a word (no space, not a number such as the 10 of 10:30) that starts the cell or
follows a space or separator, and ends at a colon; what stands up to the next label is its
value, inner spaces and all."""
_SCAN_ROWS, _SCAN_COLS = 40, 20
_HELP_HEADERS = frozenset({"填写说明", "说明", "备注", "填写要求", "提示", "注意事项"})
LIST_FORMS = [
    f
    for f in FORMS
    if f.layout is Layout.TABLE and all(c.type is ValueType.INTEGER for c in f.columns)
]
"""Table forms of one row of counts (the summary): a school may write them as a vertical list."""
LABEL_FORMS = [*RECORD_FORMS, *LIST_FORMS]
_LIST_KEYS = frozenset(f.key for f in LIST_FORMS)


@dataclass(frozen=True)
class Pair:
    """One label with its value."""

    form_key: str
    key: str
    label: str
    """The label as written (one line, single spaces)."""
    exact: bool
    """The label is one of the catalogue's own words (or a taught one), not read by meaning."""
    label_cell: tuple[int, int]
    """0-based (row, column) of the label."""
    value: Any
    """The value cell as calamine read it ("" when the label has no value)."""
    row: int
    """0-based index in the sheet's rows of the value cell."""
    col: int
    """0-based column index of the value cell."""


# Safe process-wide: keyed by a label text and the mapping, holds pairs of catalogue keys.
@lru_cache(maxsize=4096)
def label_keys(text: str, mapping: Mapping = NO_MAPPING) -> tuple[tuple[str, str, bool], ...]:
    """(form key, column key, exact) of what a label means, for each record or list form;
    exact is False when it was read by its meaning, not as one of the catalogue's words."""
    found: list[tuple[str, str, bool]] = []
    variants = header_variants(text)
    taught = next((k for v in variants if (k := mapping.column(v))), None)
    for form in LABEL_FORMS:
        lookup = LOOKUPS[form.key]
        if taught is not None and taught in form.keys:
            found.append((form.key, taught, True))
            continue
        key = next((lookup[v] for v in variants if v in lookup), None)
        if key is not None:
            found.append((form.key, key, True))
        elif (key := _same_meaning(form.key, variants)) is not None:
            found.append((form.key, key, False))
    return tuple(found)


def _same_meaning(form_key: str, variants: list[str]) -> str | None:
    """The one key whose spelling a label means (上报日期 for 填报日期), never a choice of two."""
    meaning = SPELLINGS[form_key].meaning
    for variant in variants:
        keys = meaning.get(canonical(variant), ())
        if len(keys) == 1:
            return keys[0]
    return None


def _is_label(value: Any, mapping: Mapping) -> bool:
    return isinstance(value, str) and len(value) <= 30 and bool(label_keys(value, mapping))


def help_columns(rows: list[list[Any]]) -> frozenset[int]:
    """Columns headed 填写说明/备注 near the top: hints beside the values, never values."""
    return frozenset(
        j
        for row in rows[:3]
        for j, v in enumerate(row)
        if isinstance(v, str) and fold(v) in _HELP_HEADERS
    )


def _value_of(
    rows: list[list[Any]], r: int, c: int, skip: frozenset[int], mapping: Mapping
) -> tuple[Any, int, int]:
    row = rows[r]
    below = rows[r + 1][c] if r + 1 < len(rows) else ""
    for j in range(c + 1, min(len(row), c + _SCAN_COLS)):
        if row[j] == row[c]:  # the label's own merged cell, filled across
            continue
        if row[j] != "" and j not in skip:
            if _is_label(row[j], mapping) and r + 1 < len(rows):  # a one-row table: values below
                return below, r + 1, c
            return row[j], r, j
    labels_before = any(_is_label(v, mapping) for v in row[:c])
    if below != "" and not _is_label(below, mapping) and labels_before:
        return below, r + 1, c  # the last column of a one-row table
    return "", r, c + 1


def cell_pairs(
    rows: list[list[Any]], indices: Iterable[int], mapping: Mapping = NO_MAPPING
) -> list[Pair]:
    """Every label/value pair in the given rows."""
    pairs = []
    skip: frozenset[int] | None = None
    for r in indices:
        row = rows[r]
        for c, value in enumerate(row[:_SCAN_COLS]):
            if not isinstance(value, str) or not value.strip():
                continue
            if c and row[c - 1] == value:  # a merged label, filled across: read once
                continue
            if _is_label(value, mapping):
                skip = help_columns(rows) if skip is None else skip
                found, vr, vc = _value_of(rows, r, c, skip, mapping)
                label = " ".join(value.split()).rstrip(":： ")
                pairs += [
                    Pair(f, k, label, exact, (r, c), found, vr, vc)
                    for f, k, exact in label_keys(value, mapping)
                ]
                continue
            text = unicodedata.normalize("NFKC", value)
            if ":" not in text:  # NFKC turns every colon (：﹕︓) into ":"; the search is costly
                continue
            for label, found in labelled(text):
                pairs += [
                    Pair(f, k, label, exact, (r, c), found, r, c)
                    for f, k, exact in label_keys(label, mapping)
                ]
    return pairs


def labelled(text: str) -> list[tuple[str, str]]:
    """(label, value) of every "标签：值" in one (NFKC) cell text, in order: a value runs to
    the next label, so "2026 年 10 月" and "城关 一小" are read whole, and a label with nothing
    after it has the value ""."""
    labels = list(_LABEL.finditer(text))
    if not labels:  # a colon that follows no label (10:30, a URL, ":" alone)
        return []
    ends = [m.start() for m in labels[1:]] + [len(text)]
    return [
        (m[1], text[m.end() : end].strip(_SEPARATORS)) for m, end in zip(labels, ends, strict=True)
    ]


def match_records(
    rows: list[list[Any]], mapping: Mapping = NO_MAPPING
) -> list[tuple[SheetSpec, dict[str, Pair]]]:
    """The record form whose signature labels all appear in the sheet (the one with most
    labels), and the list forms (a vertical summary) likewise, each with its pairs: one sheet
    may hold a school's info block above its summary list."""
    pairs = cell_pairs(rows, range(min(len(rows), _SCAN_ROWS)), mapping)
    best: tuple[SheetSpec, dict[str, Pair]] | None = None
    lists = []
    for form in LABEL_FORMS:
        found: dict[str, Pair] = {}
        for p in pairs:
            if p.form_key == form.key:
                found.setdefault(p.key, p)
        if not set(form.signature) <= found.keys():
            continue
        if form.key in _LIST_KEYS:
            lists.append((form, found))
        elif best is None or len(found) > len(best[1]):
            best = (form, found)
    return [best, *lists] if best is not None else lists


def match_record(
    rows: list[list[Any]], mapping: Mapping = NO_MAPPING
) -> tuple[SheetSpec, dict[str, Pair]] | None:
    """The first form match_records finds, or None."""
    return next(iter(match_records(rows, mapping)), None)


def title_pairs(
    rows: list[list[Any]], indices: Iterable[int], mapping: Mapping = NO_MAPPING
) -> dict[str, Pair]:
    """Key -> the first pair with a value of "学校标识码：…" style fields in title or footer
    rows (record forms only: a count in a title is no summary)."""
    found: dict[str, Pair] = {}
    for p in cell_pairs(rows, indices, mapping):
        if p.form_key not in _LIST_KEYS and p.key not in found and title_text(p.value):
            found[p.key] = p
    return found


def title_text(value: Any) -> str:
    text = value if isinstance(value, str) else None
    if text is None and value != "":
        text = display(value)
    return unicodedata.normalize("NFKC", text).strip() if text else ""


def title_fields(
    rows: list[list[Any]], indices: Iterable[int], mapping: Mapping = NO_MAPPING
) -> dict[str, str]:
    """Key -> text of "学校标识码：…" style fields in title or footer rows (first one wins)."""
    return {k: title_text(p.value) for k, p in title_pairs(rows, indices, mapping).items()}
