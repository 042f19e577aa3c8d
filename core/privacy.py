"""Masking of personal identifiers in outputs above the county (issue 8: privacy above the county).

An ID number keeps its first 4 and last 4 characters (4115**********123X): enough for a clerk to
tell two pupils apart on the phone, never enough to identify a child.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pandas as pd

KEEP_HEAD = 4
KEEP_TAIL = 4
MASK_CHAR = "*"

MASKED_KEYS = ("id_number", "student_no")
"""Column keys masked in prefecture and province workbooks."""


def mask_id(value: Any) -> Any:
    """Mask an ID or 学籍号: keep the first 4 and last 4 characters; other values as given."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).replace(" ", "").upper()
    if len(text) <= KEEP_HEAD + KEEP_TAIL:
        return MASK_CHAR * len(text)
    if is_masked(text):
        return text
    hidden = len(text) - KEEP_HEAD - KEEP_TAIL
    return text[:KEEP_HEAD] + MASK_CHAR * hidden + text[-KEEP_TAIL:]


def is_masked(value: Any) -> bool:
    """True when a value has already been masked (a masked ID read back from a workbook)."""
    return isinstance(value, str) and MASK_CHAR * 2 in value


def mask_frame(frame: pd.DataFrame, keys: tuple[str, ...] = MASKED_KEYS) -> pd.DataFrame:
    """A copy of a table with the identifier columns masked."""
    out = frame.copy()
    for key in keys:
        if key in out.columns:
            out[key] = out[key].map(mask_id)
    return out
