"""Scoring a header text against a form's columns: exact synonym, same meaning, or containment.

A header is compared as written (folded), then reduced to its meaning (catalogue.vocab): the same
meaning as a column's spelling is a good match, containing one unambiguously a weaker one. The
score of every distinct header text is computed once (cached), so it costs nothing per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.catalogue import SheetSpec, fold
from core.catalogue.vocab import FOREIGN, canonical

EXACT, SAME, CONTAINS = 3, 2, 1
"""Match tiers, best first: a synonym as written, the same meaning, a contained spelling."""
_MIN_CONTAINED = 2


@dataclass(frozen=True)
class Spellings:
    """One form's column spellings, folded and reduced, for matching."""

    exact: dict[str, str]
    """Folded spelling -> column key (the header beats another column's synonym)."""
    meaning: dict[str, tuple[str, ...]]
    """Reduced spelling -> column keys (two keys: the meaning does not tell them apart)."""
    contained: dict[str, str]
    """Reduced spelling -> column key, for the spellings a header may contain."""


def spellings(form: SheetSpec) -> Spellings:
    """The lookup tables of a form."""
    exact: dict[str, str] = {}
    for col in form.columns:
        exact.setdefault(fold(col.header), col.key)
    for col in form.columns:
        for spelling in col.synonyms:
            exact.setdefault(fold(spelling), col.key)
    meaning: dict[str, list[str]] = {}
    for spelling, key in exact.items():
        keys = meaning.setdefault(canonical(spelling), [])
        if key not in keys:
            keys.append(key)
    contained = {m: k[0] for m, k in meaning.items() if len(k) == 1 and len(m) >= _MIN_CONTAINED}
    return Spellings(exact, {m: tuple(k) for m, k in meaning.items()}, contained)


def contained_in(reduced: str, pattern: re.Pattern[str]) -> tuple[str, ...]:
    """The spellings (of a lookahead alternation, longest first) a reduced header contains,
    longest first; a shorter one starting where a longer one does is inside it anyway."""
    found = {m.group(1) for m in pattern.finditer(reduced)}
    return tuple(sorted(found, key=lambda t: (-len(t), t)))


def lookahead(tables: list[Spellings]) -> re.Pattern[str]:
    """The alternation contained_in searches with, over every table's containable spellings."""
    spelled = {m for t in tables for m in t.contained}
    alternatives = "|".join(re.escape(m) for m in sorted(spelled, key=lambda t: (-len(t), t)))
    return re.compile(f"(?=({alternatives}))")


def score(
    variants: tuple[str, ...],
    reduced: tuple[str, ...],
    table: Spellings,
    present: tuple[str, ...],
) -> tuple[int, tuple[str, ...]]:
    """(tier, keys) of the best match of a header's folded variants, their reductions and the
    spellings its reduction contains (``present``); two keys are a tie, none no match."""
    for variant in variants:
        if variant in table.exact:
            return EXACT, (table.exact[variant],)
    for variant in reduced:
        if (keys := table.meaning.get(variant)) is not None:
            return SAME, keys
    return CONTAINS, _contained(reduced[0], table, present) if present else ()


@lru_cache(maxsize=8192)
def _foreign(text: str) -> bool:
    return any(word in text for word in FOREIGN)


def _contained(reduced: str, table: Spellings, present: tuple[str, ...]) -> tuple[str, ...]:
    found: list[tuple[str, str]] = []
    for spelling in present:
        key = table.contained.get(spelling)
        if key is not None and not any(spelling in longer for longer, _ in found):
            if _foreign(reduced.replace(spelling, "", 1)):
                return ()  # someone else's 姓名 or 身份证号: not this pupil's
            found.append((spelling, key))
    return tuple(dict.fromkeys(key for _, key in found))
