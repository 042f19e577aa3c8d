"""Find a pupil in a merged sheet by the keys of core.model.identity (ID, 学籍号, name and birth).

A list row (户籍, 脱贫户, 平台) is matched against the ledgers with every key it has, strongest
first; a match made without the ID number is reported as such (matched-by-fallback). Keys are
computed column by column: the county has a few hundred thousand rows to match.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from core.model.identity import Keys


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
