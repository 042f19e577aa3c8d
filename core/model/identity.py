"""Who a pupil is: one normalised key for matching rows across sheets, schools and lists.

Matching is by normalised ID number; where a row has no usable ID, by 学籍号, then by name and
birth date. Callers report which one matched (domain.md section 6; issue 5).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

ID_SHAPE = re.compile(r"\d{17}[\dX]")
"""An 18-character ID number (use fullmatch); the check digit is the rules' business."""
STUDENT_NO_SHAPE = re.compile(r"[GJL]\d{17}[\dX]")
"""A 全国学籍号 (use fullmatch)."""


def normalise_id(value: Any) -> str | None:
    """Upper-case, NFKC, no spaces; None unless it has the 18-character shape of an ID."""
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).replace(" ", "").upper()
    return text if ID_SHAPE.fullmatch(text) else None


def normalise_student_no(value: Any) -> str | None:
    """Upper-case, NFKC, no spaces; None unless it has the shape of a 学籍号."""
    if not isinstance(value, str):
        return None
    if STUDENT_NO_SHAPE.fullmatch(value):  # already normal: the common case, kept cheap
        return value
    text = unicodedata.normalize("NFKC", value).replace(" ", "").upper()
    return text if STUDENT_NO_SHAPE.fullmatch(text) else None


def pupil_key(id_number: Any, student_no: Any, name: Any, birth: Any) -> tuple[str, str] | None:
    """(how, key): ("id", ...), ("student_no", ...) or ("name_birth", ...); None if nothing."""
    nid = normalise_id(id_number)
    if nid:
        return "id", nid
    sno = normalise_student_no(student_no)
    if sno:
        # A G-number embeds the ID: match it against ID keys too.
        return ("id", sno[1:]) if sno[0] == "G" else ("student_no", sno)
    if isinstance(name, str) and name.strip() and isinstance(birth, dt.date):
        return "name_birth", f"{name.strip()}|{birth.isoformat()}"
    return None


MATCH_LABELS = {"id": "身份证件号", "student_no": "学籍号", "name_birth": "姓名和出生日期"}
"""How a match was made, in Chinese, for reports."""
