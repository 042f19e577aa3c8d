"""Masking of personal identifiers in the outputs above the county (prefecture and province).

An ID number keeps its first 4 and last 4 characters (4115**********123X): enough for a clerk to
tell two pupils apart on the phone, never enough to identify a child.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pandas as pd

KEEP_HEAD = 4
KEEP_TAIL = 4
MASK_CHAR = "*"

_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])[GJL]?\d{17}[0-9Xx]")
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


def scrub_text(value: Any) -> Any:
    """Free text with any ID-shaped number in it masked (a 说明 may quote an ID)."""
    if not isinstance(value, str) or not _ID_IN_TEXT.search(value):
        return value
    return _ID_IN_TEXT.sub(lambda m: mask_id(m.group(0)), value)


def mask_frame(frame: pd.DataFrame, keys: tuple[str, ...] = MASKED_KEYS) -> pd.DataFrame:
    """A copy of a table with the identifier columns masked and IDs in free text scrubbed."""
    out = frame.copy()
    for key in out.columns:
        if key in keys:
            out[key] = out[key].map(mask_id)
        else:
            out[key] = out[key].map(scrub_text)
    return out
