"""Scoring a header text against a form's columns: exact synonym, same meaning, or containment.

A header is compared as written (folded), then reduced to its meaning (catalogue.vocab): the same
meaning as a column's spelling is a good match, containing one unambiguously a weaker one. The
score of every distinct header text is computed once (cached), so it costs nothing per row.
"""

from __future__ import annotations

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
    contained: tuple[tuple[str, str], ...]
    """(reduced spelling, column key), longest first."""


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
    contained = sorted(
        {
            (m, keys[0])
            for m, keys in meaning.items()
            if len(keys) == 1 and len(m) >= _MIN_CONTAINED
        },
        key=lambda p: (-len(p[0]), p),
    )
    return Spellings(exact, {m: tuple(k) for m, k in meaning.items()}, tuple(contained))


def score(variants: tuple[str, ...], table: Spellings) -> tuple[int, tuple[str, ...]]:
    """(tier, keys) of the best match of a header's folded variants; two keys are a tie."""
    for variant in variants:
        if variant in table.exact:
            return EXACT, (table.exact[variant],)
    for variant in variants:
        if (keys := table.meaning.get(canonical(variant))) is not None:
            return SAME, keys
    return CONTAINS, _contained(canonical(variants[0]), table) if variants else ()


@lru_cache(maxsize=8192)
def _foreign(text: str) -> bool:
    return any(word in text for word in FOREIGN)


def _contained(reduced: str, table: Spellings) -> tuple[str, ...]:
    found: list[tuple[str, str]] = []
    for spelling, key in table.contained:
        if spelling in reduced and not any(spelling in longer for longer, _ in found):
            if _foreign(reduced.replace(spelling, "", 1)):
                return ()  # someone else's 姓名 or 身份证号: not this pupil's
            found.append((spelling, key))
    return tuple(dict.fromkeys(key for _, key in found))
