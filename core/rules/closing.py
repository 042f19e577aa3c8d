"""Closing and returning with evidence: a 销号 or a 复学 the county can verify."""

from __future__ import annotations

import pandas as pd

from core.catalogue import counts
from core.model.findings import Finding
from core.reader.model import SheetTable
from core.rules.base import Context, column, findings_from_mask, is_blank, name_of

CLOSING_NEEDS = (
    ("closing_reason", "销号原因"),
    ("closing_evidence", "佐证"),
    ("status_date", "销号日期"),
)
"""What an 已销号 row must carry, in the order a message names them."""
RESUMING_NEEDS = (("return_school", "复学学校"), ("status_date", "复学日期"))
"""What an 已复学 row must carry."""


def _missing(t: SheetTable, needs: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """Per row and needed column, whether the cell is empty (an absent column is empty)."""
    return pd.DataFrame({key: is_blank(column(t, key, raw=True)) for key, _ in needs})


def _findings(t: SheetTable, rows: pd.Series, code: str, needs) -> list[Finding]:
    """One finding per row lacking something, at its first missing cell, naming all it lacks."""
    empty = _missing(t, needs)
    lacking = rows & empty.any(axis=1)
    if not lacking.any():
        return []
    present = [k for k, _ in needs if k in t.columns]
    # A sheet without the column has no cell to point at: the row's 状态 stands for it.
    at = empty.apply(lambda r: next((k for k in present if r[k]), "status"), axis=1)
    missing = _named(empty, needs)
    out: list[Finding] = []
    for key in (*present, "status"):
        out += findings_from_mask(
            t, lacking & (at == key), code, key, name=lambda: name_of(t), missing=missing
        )
    return sorted(out, key=lambda f: f.row or 0)


def _named(empty: pd.DataFrame, needs) -> pd.Series:
    """What each row lacks, as 甲、乙和丙."""
    words = [[w for k, w in needs if row[k]] for _, row in empty.iterrows()]
    return pd.Series([_join(w) for w in words], index=empty.index, dtype=object)


def _join(words: list[str]) -> str:
    if not words:  # a row that lacks nothing (it gets no finding)
        return ""
    return words[0] if len(words) == 1 else "、".join(words[:-1]) + "和" + words[-1]


def closure_without_evidence(ctx: Context) -> list[Finding]:
    """An 已销号 辍学 row names its reason, its 佐证 and its date (an error)."""
    t = ctx.table("dropout")
    if t is None:
        return []
    closed = column(t, "status") == counts.DROPOUT_CLOSED
    return _findings(t, closed, "closure-without-evidence", CLOSING_NEEDS)


def resumed_without_school(ctx: Context) -> list[Finding]:
    """An 已复学 辍学 row names the school the pupil went back to and the date (an error)."""
    t = ctx.table("dropout")
    if t is None:
        return []
    resumed = column(t, "status") == counts.DROPOUT_RESUMED
    return _findings(t, resumed, "resumed-without-school", RESUMING_NEEDS)
