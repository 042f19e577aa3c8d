"""Find a pupil in a merged sheet by ID number, then 学籍号, then name and birth date.

A list row (户籍, 脱贫户, 平台) is matched against the ledgers with every key it has, strongest
first; a match made without the ID number is reported as such (matched-by-fallback).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from typing import Any

import pandas as pd

from core.identity import normalise_id, pupil_key

ORDER = ("id", "student_no", "name_birth")


def all_keys(id_number: Any, student_no: Any, name: Any, birth: Any) -> list[tuple[str, str]]:
    """Every key a row offers, strongest first (a G 学籍号 also yields an ID key)."""
    keys: list[tuple[str, str]] = []
    nid = normalise_id(id_number)
    if nid:
        keys.append(("id", nid))
    sno = pupil_key(None, student_no, None, None)
    if sno and sno not in keys:
        keys.append(sno)
    if isinstance(name, str) and name.strip() and isinstance(birth, dt.date):
        clean = unicodedata.normalize("NFKC", name).replace(" ", "").strip()
        keys.append(("name_birth", f"{clean}|{birth.isoformat()}"))
    return keys


def birth_from_id(id_number: Any) -> dt.date | None:
    """The birth date embedded in an 18-digit ID, when it is a real date."""
    nid = normalise_id(id_number)
    if not nid:
        return None
    try:
        return dt.date(int(nid[6:10]), int(nid[10:12]), int(nid[12:14]))
    except ValueError:
        return None


def _col(frame: pd.DataFrame, key: str) -> list:
    return frame[key].tolist() if key in frame else [None] * len(frame)


def frame_keys(frame: pd.DataFrame) -> list[list[tuple[str, str]]]:
    """all_keys for every row of a frame (missing columns count as empty)."""
    births = _col(frame, "birth_date")
    ids = _col(frame, "id_number")
    births = [
        b if isinstance(b, dt.date) else birth_from_id(i) for b, i in zip(births, ids, strict=True)
    ]
    return [
        all_keys(*v)
        for v in zip(ids, _col(frame, "student_no"), _col(frame, "name"), births, strict=True)
    ]


class PupilIndex:
    """Positions of rows in a frame by every key they offer."""

    def __init__(self, frame: pd.DataFrame, rows: Iterable[int] | None = None) -> None:
        self._by: dict[tuple[str, str], list[int]] = {}
        keys = frame_keys(frame)
        for pos in range(len(frame)) if rows is None else rows:
            for k in keys[pos]:
                self._by.setdefault(k, []).append(pos)

    def find(self, keys: list[tuple[str, str]]) -> tuple[str, list[int]] | None:
        """(how, positions) for the strongest key that matches, or None."""
        for k in keys:
            hits = self._by.get(k)
            if hits:
                return k[0], hits
        return None

    def __contains__(self, keys: list[tuple[str, str]]) -> bool:
        return self.find(keys) is not None
