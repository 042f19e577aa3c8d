"""Masking of personal identifiers in the outputs above the county (prefecture and province).

An ID number keeps its first 4 and last 4 characters (4115**********123X): enough for a clerk to
tell two pupils apart on the phone, never enough to identify a child. A name keeps its first and
last character (张*明; a two-character name 张*). A guardian's name, a phone number and an address
are not carried at all above the county (the cell is left empty). `--unmask` keeps everything.
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
_PHONE_IN_TEXT = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")
MASKED_KEYS = ("id_number", "student_no")
"""Column keys masked in prefecture and province workbooks."""
NAME_KEYS = ("name",)
"""Column keys holding a pupil's name: masked as 张*明."""
DROPPED_KEYS = ("guardian", "guardian_phone", "address", "hukou_address", "phone", "contact_phone")
"""Column keys not carried above the county at all (guardian's name, phones, addresses)."""


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


def mask_name(value: Any) -> Any:
    """Mask a name: keep the first and last character (张*明), a two-character name 张*."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text or MASK_CHAR in text:
        return text
    if len(text) <= 2:
        return text[0] + MASK_CHAR * (len(text) - 1) if len(text) == 2 else MASK_CHAR
    return text[0] + MASK_CHAR * (len(text) - 2) + text[-1]


def mask_value(key: str, value: Any, names: frozenset[str] = frozenset()) -> Any:
    """The one masking rule above the county: a column's value as a roll-up output carries it.

    IDs and 学籍号 keep their ends, names become 张*明, a guardian's name, phones and addresses
    are dropped (None), and free text has IDs, phone numbers and the given names masked in it.
    """
    if key in MASKED_KEYS:
        return mask_id(value)
    if key in NAME_KEYS:
        return mask_name(value)
    if key in DROPPED_KEYS:
        return None
    return scrub_text(value, names)


def is_masked(value: Any) -> bool:
    """True when a value has already been masked (a masked ID read back from a workbook)."""
    return isinstance(value, str) and MASK_CHAR * 2 in value


def scrub_text(value: Any, names: frozenset[str] = frozenset()) -> Any:
    """Free text with IDs, phone numbers and the given names in it masked (a 说明 may quote an
    ID, a message names its pupil)."""
    if not isinstance(value, str):
        return value
    if _ID_IN_TEXT.search(value):
        value = _ID_IN_TEXT.sub(lambda m: mask_id(m.group(0)), value)
    if _PHONE_IN_TEXT.search(value):
        value = _PHONE_IN_TEXT.sub(lambda m: MASK_CHAR * len(m.group(0)), value)
    for name in names:
        if len(name) >= 2 and name in value:
            value = value.replace(name, mask_name(name))
    return value


def names_in(frame: pd.DataFrame) -> frozenset[str]:
    """The full names a table holds (to mask them wherever free text quotes them)."""
    found: set[str] = set()
    for key in (*NAME_KEYS, "guardian"):
        if key in frame:
            found.update(v.strip() for v in frame[key] if isinstance(v, str) and v.strip())
    return frozenset(n for n in found if MASK_CHAR not in n)


def mask_frame(frame: pd.DataFrame, names: frozenset[str] | None = None) -> pd.DataFrame:
    """A copy of a table masked by mask_value, column by column."""
    known = names_in(frame) if names is None else names
    out = frame.copy()
    for key in out.columns:
        out[key] = out[key].map(lambda v, k=key: mask_value(k, v, known))
    return out
