"""Finding a sheet's header row and the catalogue form it belongs to, by the header texts alone.

Headers are folded (catalogue.fold: NFKC, no spaces or ``*``, lower case), then tried again
without a trailing unit or mark such as （天）, (必填) or a colon. The header row is searched among
the first rows, below any title and info rows; a two-row header (a merged group cell above its
sub-headers) is combined column by column.

Each header is scored against each form (core.reader.matching: a synonym as written, the same
meaning, an unambiguous containment) and each field goes to the one column clearly best for it;
ties are left unread and reported (header-ambiguous). A taught mapping (core.mapping) names
headers and sheets the catalogue does not know; it is an argument of every match, and part of
every cache key, so that runs with different mappings never share an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from core.catalogue import FORMS, FORMS_BY_KEY, Layout, SheetSpec, fold
from core.catalogue.school_monthly import SCHOOL_MONTHLY
from core.catalogue.vocab import NOT_A_ROLL, canonical, ordinal
from core.mapping import NO_MAPPING, Mapping
from core.reader.matching import (
    EXACT,
    Spellings,
    contained_in,
    lookahead,
    score,
    spellings,
)

HEADER_SEARCH_ROWS = 20
"""The header row is looked for among this many rows from the top of the sheet's data."""
_MAX_HEADER = 40
_JOINED = 1
"""Position of the joined upper+lower text among a two-row header cell's candidate texts."""
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
    return spellings(form).exact


TABLE_FORMS = [f for f in FORMS if f.layout is Layout.TABLE]
RECORD_FORMS = [f for f in FORMS if f.layout is Layout.RECORD]
LOOKUPS: dict[str, dict[str, str]] = {f.key: _lookup(f) for f in FORMS}
"""Form key -> folded spelling -> column key."""
SPELLINGS: dict[str, Spellings] = {f.key: spellings(f) for f in FORMS}
_SCHOOL_FORMS = frozenset(s.key for s in SCHOOL_MONTHLY.sheets)
SIGNATURES = {f.key: frozenset(f.signature) for f in FORMS}
KEYS = {f.key: frozenset(f.keys) for f in FORMS}
_TAUGHT_COLUMNS = 2
"""A sheet taught as a form is read as it once this many of its columns are found."""
_CONTAINED = lookahead([SPELLINGS[f.key] for f in TABLE_FORMS])
_KNOWN = frozenset(
    t
    for f in TABLE_FORMS
    for table in (SPELLINGS[f.key].exact, SPELLINGS[f.key].meaning)
    for t in table
)


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
    assumed: frozenset[str] = frozenset()
    """Column keys read by anything but an exact synonym."""
    ambiguous: tuple[tuple[tuple[int, ...], tuple[str, ...]], ...] = ()
    """(column indices, column keys) left unread: two columns for one key, or two keys for one."""

    @property
    def score(self) -> tuple[int, int]:
        """More matched columns first, then the form's priority."""
        return len(self.columns), self.form.priority


def _cell_text(value: Any) -> str:
    return value.strip() if isinstance(value, str) and len(value) <= _MAX_HEADER else ""


# Safe process-wide: keyed by a header text and the (immutable) mapping that was applied.
@lru_cache(maxsize=16384)
def cell_keys(
    text: str, contains: bool = True, mapping: Mapping = NO_MAPPING
) -> tuple[tuple[str, tuple[str, ...], int], ...]:
    """(form key, column keys, tier) of every table form a header text may belong to (by
    containment too, unless told not to)."""
    variants = tuple(header_variants(text))
    if not variants:
        return ()
    # one of several attempts (第二次劝返措施, 帮扶措施（第一次）) is no form's own column, unless
    # the catalogue spells it so (首次缺勤日期): no unit to strip, no meaning, no containment
    numbered = ordinal(variants[0]) is not None
    if numbered:
        variants = variants[:1]
    taught = next((k for v in variants if (k := mapping.column(v))), None)
    if taught is not None:  # the county said what it is: as sure as a synonym
        return tuple((f.key, (taught,), EXACT) for f in TABLE_FORMS if taught in KEYS[f.key])
    reduced = tuple(dict.fromkeys(canonical(v) for v in variants))
    contains = contains and not numbered
    present = contained_in(reduced[0], _CONTAINED) if contains else ()
    if not present and _KNOWN.isdisjoint(variants) and _KNOWN.isdisjoint(reduced):
        return ()  # most texts below a header are data: no form needs asking
    found = []
    for form in TABLE_FORMS:
        tier, keys = score(variants, reduced, SPELLINGS[form.key], present)
        if keys and (tier == EXACT or not numbered):
            found.append((form.key, keys, tier))
    return tuple(found)


def _candidates(
    texts: tuple[tuple[str, ...], ...], mapping: Mapping
) -> dict[str, dict[int, tuple[int, tuple[str, ...], str]]]:
    """Form key -> column index -> (tier, keys, text) of the column's best text for that form."""
    found: dict[str, dict[int, tuple[int, tuple[str, ...], str]]] = {}
    for index, candidates in enumerate(texts):
        # a group cell joined to the cell below may be joined to data: never by containment
        joined = len(candidates) > _JOINED + 1
        for pos, text in enumerate(candidates):  # in order: the first text of the best tier wins
            for form_key, keys, tier in cell_keys(text, not (joined and pos == _JOINED), mapping):
                column = found.setdefault(form_key, {})
                best = column.get(index)
                if best is None or tier > best[0]:
                    column[index] = (tier, keys, text)
    return found


def _resolve(form: SheetSpec, items: dict[int, tuple[int, tuple[str, ...], str]]) -> HeaderMatch:
    """Each key to the one column clearly best for it; ties are left unread as ambiguous."""
    ambiguous: list[tuple[tuple[int, ...], tuple[str, ...]]] = []
    claims: dict[str, list[tuple[int, int, str]]] = {}
    for index, (tier, keys, text) in items.items():
        if len(keys) > 1:
            ambiguous.append(((index,), keys))
        else:
            claims.setdefault(keys[0], []).append((tier, index, text))
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    assumed = set()
    for key, claimed in claims.items():
        top = max(tier for tier, _, _ in claimed)
        best = [(index, text) for tier, index, text in claimed if tier == top]
        if len(best) > 1 and top != EXACT:  # a repeated exact header: the first, as always
            ambiguous.append((tuple(index for index, _ in best), (key,)))
            continue
        columns[key], headers[key] = best[0][0], " ".join(best[0][1].split())
        if top != EXACT:
            assumed.add(key)
    return HeaderMatch(form, 0, 0, columns, headers, {}, frozenset(assumed), tuple(ambiguous))


def _foreign(texts: tuple[tuple[str, ...], ...]) -> bool:
    return any(_not_a_roll(t) for c in texts for t in c)


@lru_cache(maxsize=8192)
def _not_a_roll(text: str) -> bool:
    reduced = canonical(fold(text))
    return any(word in reduced for word in NOT_A_ROLL)


def _match_row(
    texts: list[list[str]], row: int, top: int, kind: str, mapping: Mapping
) -> HeaderMatch | None:
    # a county's schools mostly share a layout: the same header texts are matched once
    cached = _match_texts(tuple(tuple(c) for c in texts), kind, mapping)
    if cached is None:
        return None
    return HeaderMatch(
        cached.form,
        row,
        top,
        dict(cached.columns),
        dict(cached.headers),
        dict(cached.extra),
        cached.assumed,
        cached.ambiguous,
    )


# Safe process-wide: keyed by header texts and the mapping; holds catalogue forms, which live
# for ever anyway.
@lru_cache(maxsize=512)
def _match_texts(
    texts: tuple[tuple[str, ...], ...], kind: str, mapping: Mapping
) -> HeaderMatch | None:
    best = None
    foreign = None
    for form_key, items in _candidates(texts, mapping).items():
        form = FORMS_BY_KEY[form_key]
        if kind and form.kind != kind:
            continue  # the county taught what this sheet is
        if not kind and not SIGNATURES[form_key] <= {k for _, ks, _ in items.values() for k in ks}:
            continue  # cheaper than resolving: most forms are not even candidates
        match = _resolve(form, items)
        if not _complete(match, kind):
            continue
        if form_key in _SCHOOL_FORMS and (
            foreign := _foreign(texts) if foreign is None else foreign
        ):
            continue  # a subsidy or household list that also names its pupils
        if best is None or match.score > best.score:
            best = match
    if best is None:
        return None
    used = set(best.columns.values())
    best.extra = {
        i: " ".join(_extra_text(c).split())
        for i, c in enumerate(texts)
        # a header merged across two columns repeats in the second: not a column of its own
        if c and i not in used and not (i and texts[i - 1][:1] == c[:1])
    }
    return best


def _extra_text(candidates: tuple[str, ...]) -> str:
    """The text an extra column is known by: under a group cell, the group and its own
    (第一次劝返 over 日期 is 第一次劝返日期, one of several 日期), else the header as written."""
    if len(candidates) > _JOINED + 1 and candidates[0] != candidates[-1]:
        return candidates[_JOINED]
    return candidates[0]


def _complete(match: HeaderMatch, kind: str) -> bool:
    if kind:
        return len(match.columns) >= _TAUGHT_COLUMNS
    return SIGNATURES[match.form.key] <= match.columns.keys()


def _grouped(upper: list[str], lower: list[str]) -> bool:
    """The two rows look like one header: a group cell over several columns (merged across, or
    written once with blanks beside it), or a cell merged down both rows. A header over a first
    row of data has none of these: it is filled across, and no value repeats its header."""
    for j, (up, lo) in enumerate(zip(upper, lower, strict=True)):
        if (
            (up and up == lo)
            or (lo and not up)
            or (up and j + 1 < len(upper) and up == upper[j + 1])
        ):
            return True
    return False


def find_header(
    rows: list[list[Any]], sheet: str = "", mapping: Mapping = NO_MAPPING
) -> HeaderMatch | None:
    """The best form match among the top rows (one-row or two-row headers), or None; a sheet
    the mapping names is only matched as its form."""
    kind = mapping.sheet(fold(sheet)) if sheet else ""
    best: HeaderMatch | None = None
    previous: list[str] = []
    previous_hits = 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if best is not None and index > best.row + 1:
            break  # the row below the header may still complete a two-row header, no further
        single = [_cell_text(v) for v in row]
        # containment alone (三年级 holds 年级) does not make a row worth matching
        hits = sum(1 for t in single if t and cell_keys(t, False, mapping))
        # every signature has two keys or more: fewer known headers cannot match
        found = (
            _match_row([[t] if t else [] for t in single], index, index, kind, mapping)
            if hits > 1
            else None
        )
        if previous_hits and hits and _grouped(previous, single):
            # lower cell first (a vertically merged cell is filled into both rows), then the group
            combo = [
                [t for t in (lo, f"{up}{lo}" if up and lo else "", up) if t]
                for up, lo in zip(previous, single, strict=True)
            ]
            two = _match_row(combo, index, index - 1, kind, mapping)
            upper = best is not None and best.row == index - 1  # the row above is a header
            if two is not None and (
                found is None
                or two.score > found.score
                # cells merged down both header rows repeat in the lower: still one header
                or (upper and two.score == found.score)
            ):
                found = two
        if found is not None and (
            best is None
            or found.score > best.score
            # the upper row's own match, completed by the row below it: the group's sub-headers
            # (第一次劝返 over 日期 | 结果) are the header too, not a first row of data
            or (found.top == best.row and found.score == best.score)
        ):
            best = found
        previous, previous_hits = single, hits
    return best
