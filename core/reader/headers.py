"""Finding a sheet's header row and the catalogue form it belongs to, by the header texts alone.

Headers are folded (catalogue.fold: NFKC, no spaces or ``*``, lower case), then tried again
without a trailing unit or mark such as （天）, (必填) or a colon. The header row is searched among
the first rows, below any title and info rows; a two-row header (a merged group cell above its
sub-headers) is combined column by column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from core.catalogue import FORMS, FORMS_BY_KEY, Layout, SheetSpec, fold

HEADER_SEARCH_ROWS = 20
"""The header row is looked for among this many rows from the top of the sheet's data."""
_MAX_HEADER = 40
_TRAILING = re.compile(r"(?:\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|[:※#]|必填|选填)$")


def header_variants(text: Any) -> list[str]:
    """Folded spellings of a header cell: as written, then without trailing units and marks."""
    if not isinstance(text, str) or not text.strip():
        return []
    folded = fold(text)
    variants = [folded]
    while (stripped := _TRAILING.sub("", folded)) != folded and stripped:
        variants.append(stripped)
        folded = stripped
    return variants


def _lookup(form: SheetSpec) -> dict[str, str]:
    table: dict[str, str] = {}
    for col in form.columns:  # headers first: an exact header beats another column's synonym
        table.setdefault(fold(col.header), col.key)
    for col in form.columns:
        for spelling in col.synonyms:
            table.setdefault(fold(spelling), col.key)
    return table


TABLE_FORMS = [f for f in FORMS if f.layout is Layout.TABLE]
RECORD_FORMS = [f for f in FORMS if f.layout is Layout.RECORD]
LOOKUPS: dict[str, dict[str, str]] = {f.key: _lookup(f) for f in FORMS}
"""Form key -> folded spelling -> column key."""


@dataclass
class HeaderMatch:
    """Where a form's header was found in a sheet."""

    form: SheetSpec
    row: int
    """0-based index (in the sheet's rows) of the lower header row."""
    top: int
    """0-based index of the upper header row (== row for a one-row header)."""
    columns: dict[str, int]
    """Column key -> 0-based column index."""
    headers: dict[str, str]
    """Column key -> header text as written."""
    extra: dict[int, str] = field(default_factory=dict)
    """Column index -> header text of columns not in the form."""

    @property
    def score(self) -> tuple[int, int]:
        """More matched columns first, then the form's priority."""
        return len(self.columns), self.form.priority


def _cell_text(value: Any) -> str:
    return value.strip() if isinstance(value, str) and len(value) <= _MAX_HEADER else ""


# Safe process-wide: keyed by a header text, holds pairs of catalogue keys.
@lru_cache(maxsize=8192)
def cell_keys(text: str) -> tuple[tuple[str, str], ...]:
    """(form key, column key) pairs a header text means, first variant winning per form."""
    pairs: dict[str, str] = {}
    for variant in header_variants(text):
        for form_key, col_key in INDEX.get(variant, ()):
            pairs.setdefault(form_key, col_key)
    return tuple(pairs.items())


def _index() -> dict[str, list[tuple[str, str]]]:
    index: dict[str, list[tuple[str, str]]] = {}
    for form in TABLE_FORMS:
        for spelling, key in LOOKUPS[form.key].items():
            index.setdefault(spelling, []).append((form.key, key))
    return index


INDEX = _index()
"""Folded spelling -> (table form key, column key) pairs."""
SIGNATURES = {f.key: frozenset(f.signature) for f in FORMS}


def _match_row(texts: list[list[str]], row: int, top: int) -> HeaderMatch | None:
    # a county's schools mostly share a layout: the same header texts are matched once
    cached = _match_texts(tuple(tuple(c) for c in texts))
    if cached is None:
        return None
    form, columns, headers, extra = cached
    return HeaderMatch(form, row, top, dict(columns), dict(headers), dict(extra))


# Safe process-wide: keyed by header texts; holds catalogue forms, which live for ever anyway.
@lru_cache(maxsize=512)
def _match_texts(
    texts: tuple[tuple[str, ...], ...],
) -> tuple[SheetSpec, dict[str, int], dict[str, str], dict[int, str]] | None:
    found: dict[str, list[tuple[str, int, str]]] = {}
    for index, candidates in enumerate(texts):
        seen: set[str] = set()
        for text in candidates:
            for form_key, col_key in cell_keys(text):
                if form_key not in seen:
                    seen.add(form_key)
                    found.setdefault(form_key, []).append((col_key, index, text))
    best = None
    for form_key, items in found.items():
        form = FORMS_BY_KEY[form_key]
        columns: dict[str, int] = {}
        headers: dict[str, str] = {}
        for col_key, index, text in items:
            if col_key not in columns:
                columns[col_key], headers[col_key] = index, " ".join(text.split())
        if SIGNATURES[form_key] <= columns.keys():
            match = HeaderMatch(form, 0, 0, columns, headers)
            if best is None or match.score > best.score:
                best = match
    if best is None:
        return None
    used = set(best.columns.values())
    extra = {
        i: " ".join(c[0].split())
        for i, c in enumerate(texts)
        # a header merged across two columns repeats in the second: not a column of its own
        if c and i not in used and not (i and texts[i - 1][:1] == c[:1])
    }
    return best.form, best.columns, best.headers, extra


def find_header(rows: list[list[Any]]) -> HeaderMatch | None:
    """The best form match among the top rows (one-row or two-row headers), or None."""
    best: HeaderMatch | None = None
    previous: list[str] = []
    previous_hits = 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if best is not None and index > best.row + 1:
            break  # the row below the header may still complete a two-row header, no further
        single = [_cell_text(v) for v in row]
        hits = sum(1 for t in single if t and cell_keys(t))
        # every signature has two keys or more: fewer known headers cannot match
        found = _match_row([[t] if t else [] for t in single], index, index) if hits > 1 else None
        if previous_hits and hits:
            # lower cell first (a vertically merged cell is filled into both rows), then the group
            combo = [
                [t for t in (lo, f"{up}{lo}" if up and lo else "", up) if t]
                for up, lo in zip(previous, single, strict=True)
            ]
            two = _match_row(combo, index, index - 1)
            if two is not None and (found is None or two.score > found.score):
                found = two
        if found is not None and (best is None or found.score > best.score):
            best = found
        previous, previous_hits = single, hits
    return best
