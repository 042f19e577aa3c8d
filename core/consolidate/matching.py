"""Find a pupil in a merged sheet by ID number, then 学籍号, then name and birth date.

A list row (户籍, 脱贫户, 平台) is matched against the ledgers with every key it has, strongest
first; a match made without the ID number is reported as such (matched-by-fallback). Keys are
computed column by column: the county has a few hundred thousand rows to match.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pandas as pd

from core.model.identity import ID_SHAPE, STUDENT_NO_SHAPE, normalise_id, normalise_student_no

ORDER = ("id", "student_no", "name_birth")
Keys = list[tuple[str, str]]


def _id(value: Any) -> str | None:
    if type(value) is str and ID_SHAPE.fullmatch(value):
        return value
    return normalise_id(value)


_sno = normalise_student_no


def birth_from_id(id_number: Any) -> dt.date | None:
    """The birth date embedded in an 18-digit ID, when it is a real date."""
    nid = _id(id_number)
    if not nid:
        return None
    try:
        return dt.date(int(nid[6:10]), int(nid[10:12]), int(nid[12:14]))
    except ValueError:
        return None


def all_keys(id_number: Any, student_no: Any, name: Any, birth: Any) -> Keys:
    """Every key a row offers, strongest first (a G 学籍号 also yields an ID key)."""
    nid = _id(id_number)
    if not isinstance(birth, dt.date):
        birth = birth_from_id(nid)
    return _keys(nid, _sno(student_no), name, birth.isoformat() if birth else None)


def _keys(nid: str | None, sno: str | None, name: Any, birth: str | None) -> Keys:
    """The keys of one row from its normalised ID, 学籍号 and the birth date as text."""
    keys: Keys = []
    if nid:
        keys.append(("id", nid))
    elif sno and sno[0] == "G":
        keys.append(("id", sno[1:]))
    if sno and sno[0] != "G":
        keys.append(("student_no", sno))
    if birth and type(name) is str and (name := name.replace(" ", "").strip()):
        keys.append(("name_birth", f"{name}|{birth}"))
    return keys


def _col(frame: pd.DataFrame, key: str) -> list:
    return frame[key].tolist() if key in frame else [None] * len(frame)


def _birth_text(birth: Any, nid: str | None) -> str | None:
    if isinstance(birth, dt.date):
        return birth.isoformat()
    # The ID's own date, as text: a key needs no calendar check (an invalid ID has no key).
    return f"{nid[6:10]}-{nid[10:12]}-{nid[12:14]}" if nid else None


def frame_keys(frame: pd.DataFrame) -> list[Keys]:
    """all_keys for every row of a frame (missing columns count as empty), column by column."""
    match_id, match_sno = ID_SHAPE.fullmatch, STUDENT_NO_SHAPE.fullmatch
    ids = [v if type(v) is str and match_id(v) else _id(v) for v in _col(frame, "id_number")]
    snos = [
        v if type(v) is str and match_sno(v) else None if v is None else _sno(v)
        for v in _col(frame, "student_no")
    ]
    births = [_birth_text(b, n) for b, n in zip(_col(frame, "birth_date"), ids, strict=True)]
    names = _col(frame, "name")
    return list(map(_keys, ids, snos, names, births))


class PupilIndex:
    """Positions of rows by every key they offer."""

    def __init__(self, keys: list[Keys], rows: Iterable[int] | None = None) -> None:
        self._by: dict[tuple[str, str], list[int]] = {}
        for pos in range(len(keys)) if rows is None else rows:
            for k in keys[pos]:
                self._by.setdefault(k, []).append(pos)

    def find(self, keys: Keys) -> tuple[str, list[int]] | None:
        """(how, positions) for the strongest key that matches, or None."""
        for k in keys:
            hits = self._by.get(k)
            if hits:
                return k[0], hits
        return None

    def __contains__(self, keys: Keys) -> bool:
        return self.find(keys) is not None


def row_at(frame: pd.DataFrame, pos: int) -> dict[str, Any]:
    """One row of a frame as a dict (missing values as None)."""
    return {
        c: (None if v is pd.NA or (isinstance(v, float) and v != v) else v)
        for c, v in frame.iloc[pos].items()
    }
