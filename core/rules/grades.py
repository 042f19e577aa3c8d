"""Grade numbers under the policy's 学制: under 5+4, 初一..初四 are grades 6..9."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from core.reader.model import SheetTable
from core.rules.base import Context, column

_JUNIOR = re.compile(r"^初(?:中)?([一二三四1-4])(?:年级)?$")
"""A grade written by its year of 初中 (初一, 初中二年级, 初3)."""
_YEAR = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def junior_year(raw: object) -> int | None:
    """The year of 初中 a grade cell names (初二 -> 2), None for a numbered grade."""
    if not isinstance(raw, str):
        return None
    m = _JUNIOR.match(unicodedata.normalize("NFKC", raw).replace(" ", ""))
    return _YEAR[m.group(1)] if m else None


def grade_codes(ctx: Context, t: SheetTable) -> pd.Series:
    """Each row's grade code ("1".."9") as the policy's 学制 reads it.

    The catalogue's code list reads 初一..初三 as grades 7..9 (6+3). Under 5+4 a cell naming
    its 初中 year is grade 小学 years + that year; numbered grades (六年级) keep their number.
    """
    codes = column(t, "grade")
    primary = ctx.policy.primary_years
    if primary == 6 or "grade" not in t.columns:
        return codes
    years = [junior_year(v) for v in column(t, "grade", raw=True)]
    return pd.Series(
        [
            str(primary + y) if y is not None and isinstance(c, str) else c
            for c, y in zip(codes, years, strict=True)
        ],
        index=codes.index,
        dtype=object,
    )
