"""Who and what: the one pupil key, the one submission identity, the one month parser.

A pupil is matched by normalised ID number; where a row has no usable ID, by 学籍号 (a G-number
embeds the ID), then by name and birth date; callers report which one matched. A submission is
known by the 学校标识码 and 填报月份 it carries (its info sheet, else its title rows, else its
data), never by its file name. Every part of the engine asks this module, so a rule, the county
merge and the roll-up never disagree on who a pupil is or which school and month a file reports.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import pandas as pd

ID_SHAPE = re.compile(r"\d{17}[\dX]")
"""An 18-character ID number (use fullmatch); the check digit is the rules' business."""
STUDENT_NO_SHAPE = re.compile(r"[GJL]\d{17}[\dX]")
"""A 全国学籍号 (use fullmatch)."""

Key = tuple[str, str]
"""(how, value): how is "id", "student_no" or "name_birth"."""
Keys = list[Key]

MATCH_LABELS = {"id": "身份证件号", "student_no": "学籍号", "name_birth": "姓名和出生日期"}
"""How a match was made, in Chinese, for reports."""


def normalise_id(value: Any) -> str | None:
    """Upper-case, NFKC, no spaces; None unless it has the 18-character shape of an ID."""
    if not isinstance(value, str):
        return None
    if ID_SHAPE.fullmatch(value):  # the reader already normalised it: the common case
        return value
    text = unicodedata.normalize("NFKC", value).replace(" ", "").upper()
    return text if ID_SHAPE.fullmatch(text) else None


def normalise_student_no(value: Any) -> str | None:
    """Upper-case, NFKC, no spaces; None unless it has the shape of a 学籍号."""
    if not isinstance(value, str):
        return None
    if STUDENT_NO_SHAPE.fullmatch(value):
        return value
    text = unicodedata.normalize("NFKC", value).replace(" ", "").upper()
    return text if STUDENT_NO_SHAPE.fullmatch(text) else None


def birth_from_id(id_number: Any) -> dt.date | None:
    """The birth date embedded in an 18-digit ID, when it is a real date."""
    nid = normalise_id(id_number)
    if not nid:
        return None
    try:
        return dt.date(int(nid[6:10]), int(nid[10:12]), int(nid[12:14]))
    except ValueError:
        return None


def _name(name: Any) -> str | None:
    if type(name) is not str:
        return None
    return name.replace(" ", "").strip() or None


def _birth_text(birth: Any, nid: str | None) -> str | None:
    if isinstance(birth, dt.date):
        return birth.isoformat()
    # The ID's own date, as text: a key needs no calendar check (an invalid ID has no key).
    return f"{nid[6:10]}-{nid[10:12]}-{nid[12:14]}" if nid else None


def _keys(nid: str | None, sno: str | None, name: Any, birth: str | None) -> Keys:
    """The one definition: every key of a row from its normalised parts, strongest first."""
    keys: Keys = []
    if nid:
        keys.append(("id", nid))
    if sno:
        if sno[0] == "G" and sno[1:] != nid:
            keys.append(("id", sno[1:]))  # a G-number embeds the ID it was issued for
        keys.append(("student_no", sno))
    if birth and (name := _name(name)):
        keys.append(("name_birth", f"{name}|{birth}"))
    return keys


def pupil_keys(id_number: Any, student_no: Any, name: Any, birth: Any) -> Keys:
    """Every key a row offers, strongest first."""
    nid = normalise_id(id_number)
    return _keys(nid, normalise_student_no(student_no), name, _birth_text(birth, nid))


def pupil_key(id_number: Any, student_no: Any, name: Any, birth: Any) -> Key | None:
    """The row's strongest key, or None when it has none."""
    keys = pupil_keys(id_number, student_no, name, birth)
    return keys[0] if keys else None


def _col(frame: pd.DataFrame, key: str) -> list[Any]:
    return frame[key].tolist() if key in frame else [None] * len(frame)


def frame_keys(frame: pd.DataFrame, *, birth_from_id: bool = True) -> list[Keys]:
    """pupil_keys of every row (columns id_number, student_no, name, birth_date; any missing).

    Without birth_from_id, a row's name+birth key uses only its own 出生日期 cell: within one
    school's workbook, two rows with different IDs must never meet by the IDs' birth dates
    (the county's comparisons, which report a match by name and birth as such, do use them).
    """
    ids = [normalise_id(v) for v in _col(frame, "id_number")]
    snos = [normalise_student_no(v) for v in _col(frame, "student_no")]
    own = [b.isoformat() if isinstance(b, dt.date) else None for b in _col(frame, "birth_date")]
    if birth_from_id:
        own = [b or _birth_text(None, n) for b, n in zip(own, ids, strict=True)]
    return list(map(_keys, ids, snos, _col(frame, "name"), own))


_MONTH = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})")
_DATE = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
_SCHOOL_CODE = re.compile(r"\d{10}")
_FILE_MONTH = re.compile(r"(?<!\d)(20\d\d)(?:\s*[-年._]\s*(\d{1,2})|(0[1-9]|1[0-2]))(?!\d)")


def parse_month(value: Any) -> str | None:
    """'2026-10', '2026年10月', '2026.10' or a date -> '2026-10'; None for anything else."""
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    if not isinstance(value, str):
        return None
    m = _MONTH.search(unicodedata.normalize("NFKC", value))
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return f"{m.group(1)}-{int(m.group(2)):02d}"


def parse_date(value: Any) -> dt.date | None:
    """A date, or the first 'YYYY-MM-DD' / 'YYYY年M月D日' in a text; None otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DATE.search(unicodedata.normalize("NFKC", value)) if isinstance(value, str) else None
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def school_code_in(value: Any) -> str | None:
    """The first 10-digit 学校标识码 in a value's text."""
    m = _SCHOOL_CODE.search(str(value)) if value is not None else None
    return m.group(0) if m else None


@dataclass(frozen=True)
class SubmissionIdentity:
    """Which school and month a workbook reports, as its content says."""

    school_code: str | None = None
    """10-digit 学校标识码; else the text given for it (then the inbox cannot place it)."""
    period: str | None = None
    """YYYY-MM."""
    fill_date: dt.date | None = None
    """填报日期, for lateness and for picking the newest of a school's files."""
    school_name: str | None = None
    county_code: str | None = None
    period_from: str = ""
    """Where the period was read: "info", "title" or "file" (the file name); "" when nowhere."""


def _period(info: Mapping[str, Any], titles: Mapping[str, Any], file_name: str) -> tuple[str, str]:
    for source, value in (("info", info.get("period")), ("title", titles.get("period"))):
        if (month := parse_month(value)) is not None:
            return month, source
    stem = PurePath(file_name).stem if file_name else ""
    month = _file_month(stem)
    return (month, "file") if month else ("", "")


def _file_month(stem: str) -> str | None:
    # a file name holds other digits too (a school code, a date sent): only a month after a
    # year of this century counts, written 2026-10, 2026年10月, 2026.10 or 202610
    text = unicodedata.normalize("NFKC", stem)
    for m in _FILE_MONTH.finditer(text):
        month = int(m.group(2) or m.group(3))
        if 1 <= month <= 12:
            return f"{m.group(1)}-{month:02d}"
    return None


def identify_submission(
    info: Mapping[str, Any],
    titles: Mapping[str, Any],
    data_codes: Iterable[Any],
    file_name: str = "",
) -> SubmissionIdentity:
    """From the info sheet's values, the title rows' fields and the lists' 学校标识码 cells;
    the period, when neither the info sheet nor the title rows have it, from the file name."""
    codes = list(data_codes)
    code = (
        school_code_in(info.get("school_code"))
        or school_code_in(titles.get("school_code"))
        or _most_common([school_code_in(v) for v in codes])
    )
    if code is None:  # no 10-digit code anywhere: keep what was written, for the report
        given = info.get("school_code") or titles.get("school_code") or _most_common(codes)
        code = str(given).strip() if given else None
    period, source = _period(info, titles, file_name)
    return SubmissionIdentity(
        school_code=code,
        period=period or None,
        fill_date=parse_date(info.get("fill_date")) or parse_date(titles.get("fill_date")),
        school_name=info.get("school_name") or titles.get("school_name"),
        county_code=info.get("county_code") or titles.get("county_code"),
        period_from=source,
    )


def _most_common(values: list[Any]) -> Any:
    counted = Counter(v for v in values if v is not None)
    return counted.most_common(1)[0][0] if counted else None
