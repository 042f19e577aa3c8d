"""What every rule sees (Context) and the helpers that turn boolean masks into findings."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from core.calendar import SchoolDays
from core.catalogue.schema import ValueType
from core.model.findings import Finding, Severity, make_finding
from core.model.identity import Keys, frame_keys
from core.policy import Policy
from core.reader.model import RecordSheet, SheetTable, WorkbookRead

PUPIL_KINDS = ("roster", "attendance", "suspected", "dropout")
"""Sheets that list each pupil once."""

Key = tuple[str, str]


@dataclass
class Context:
    """The workbook being checked, the policy applied and the period (YYYY-MM) it reports."""

    workbook: WorkbookRead
    """What the reader returned."""
    policy: Policy
    """Thresholds."""
    period: str | None = None
    """The reporting month, when known (from the info sheet, title or data)."""
    _cache: dict[Hashable, Any] = field(default_factory=dict, repr=False)

    def key_of(self, table: SheetTable) -> tuple[str, bytes]:
        """A table's cache key by value: its sheet (unique in the workbook) and its rows, so a
        subset of a table has its own."""
        return table.sheet, np.asarray(table.data.index, dtype=np.int64).tobytes()

    @property
    def filled(self) -> list[SheetTable]:
        """The tables with at least one data row (value rules skip the empty ones)."""
        return [t for t in self.workbook.tables if not t.data.empty]

    def table(self, kind: str) -> SheetTable | None:
        """The first table of a kind."""
        return self.workbook.table(kind)

    def cached(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """Compute once per workbook."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    @property
    def window(self) -> tuple[dt.date, dt.date] | None:
        """The period's first and last day under the policy's cut-off, when the period is known."""
        if not self.period:
            return None
        try:
            return self.policy.window(self.period)
        except ValueError:
            return None

    def window_days(self) -> SchoolDays | None:
        """The school days of the period window."""
        win = self.window
        if win is None:
            return None
        return self.cached("window_days", lambda: self.policy.school_days_in(*win))

    def keys(self, t: SheetTable) -> pd.Series:
        """Each row's pupil_key (or None), per core.model.identity."""
        return self.cached(
            ("keys", self.key_of(t)),
            lambda: _primary_keys(self.row_keys(t)).set_axis(t.data.index),
        )

    def row_keys(self, t: SheetTable) -> list[Keys]:
        """Each row's every key, strongest first (core.model.identity.frame_keys)."""
        return self.cached(
            ("row_keys", self.key_of(t)), lambda: frame_keys(t.data, birth_from_id=False)
        )

    def key_frame(self, t: SheetTable) -> pd.DataFrame:
        """Each row's identifying keys as columns: id, gid (the ID in a G-number), sno, nb."""
        return self.cached(
            ("key_frame", self.key_of(t)), lambda: _key_frame(self.row_keys(t), t.data.index)
        )

    def all_keys(self, t: SheetTable) -> pd.Series:
        """Each row's every identifying key (ID, 学籍号, the ID inside a G-number, name+birth)."""
        return self.cached(
            ("all_keys", self.key_of(t)), lambda: _all_keys(self.row_keys(t), t.data.index)
        )


def _primary_keys(keys: list[Keys]) -> pd.Series:
    """pupil_key per row: the strongest of its keys (core.model.identity), or None."""
    return pd.Series([k[0] if k else None for k in keys], dtype=object)


KEY_KINDS = {"id": "id", "gid": "id", "sno": "student_no", "nb": "name_birth"}
"""key_frame column -> the kind of core.model.identity key it holds."""


def _key_frame(rows: list[Keys], index: pd.Index) -> pd.DataFrame:
    """The keys of each row as columns: id, gid (the ID in a G-number), sno, nb."""
    cols: dict[str, list[str | None]] = {c: [None] * len(rows) for c in KEY_KINDS}
    for i, keys in enumerate(rows):
        for how, value in keys:
            col = ("gid" if cols["id"][i] else "id") if how == "id" else _COLUMN_OF[how]
            cols[col][i] = value
    return pd.DataFrame(cols, index=index, dtype=object)


_COLUMN_OF = {"student_no": "sno", "name_birth": "nb"}


def _all_keys(keys: list[Keys], index: pd.Index) -> pd.Series:
    return pd.Series([frozenset(k) for k in keys], index=index, dtype=object)


def omap(values: pd.Series, fn: Callable[[Any], Any]) -> pd.Series:
    """fn over each value, kept as objects (pandas' map would turn None into NaN)."""
    return pd.Series([fn(v) for v in values], index=values.index, dtype=object)


def column(t: SheetTable, key: str, *, raw: bool = False) -> pd.Series:
    """A column of parsed (or raw) values; all None when the sheet lacks it."""
    frame = t.raw if raw else t.data
    if key in frame.columns:
        return frame[key]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def numbers(t: SheetTable, key: str) -> pd.Series:
    """A column as floats (NaN where empty or not a number)."""
    return pd.to_numeric(column(t, key), errors="coerce").astype(float)


def is_blank(values: pd.Series | pd.DataFrame) -> Any:
    """True where a raw cell is empty (the reader trims raw text and keeps None for blanks)."""
    return values.isna() | values.isin(("", " ", "\u3000"))


def blank(value: Any) -> bool:
    """True for None, NaN or a string of spaces."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not unicodedata.normalize("NFKC", value).strip()


def columns_of_type(t: SheetTable, *types: ValueType) -> list[str]:
    """Keys of the table's present columns whose catalogue type is one of types."""
    return [c.key for c in t.form.columns if c.type in types and c.key in t.columns]


def findings_from_mask(
    t: SheetTable,
    mask: pd.Series,
    code: str,
    key: str,
    variant: str = "",
    *,
    value: pd.Series | Callable[[], pd.Series] | None = None,
    severity: Severity | None = None,
    **params: Any,
) -> list[Finding]:
    """One finding per True row of mask, at column `key`; Series params are taken per row.

    A param (or value) may be a callable returning it: it is only computed when a row is hit,
    so the common clean case costs one mask test.
    """
    hits = mask.to_numpy(dtype=bool, na_value=False)
    if not hits.any():
        return []
    params = {k: v() if callable(v) else v for k, v in params.items()}
    value = value() if callable(value) else value
    values = value if value is not None else column(t, key, raw=True)
    header = _header(t, key)
    out = []
    for row in mask.index[hits]:
        per_row = {k: (v.at[row] if isinstance(v, pd.Series) else v) for k, v in params.items()}
        out.append(
            make_finding(
                code,
                variant,
                file=t.path,
                sheet=t.sheet,
                row=t.excel_row(row),
                column=t.letter(key, row),
                field=header,
                value=_text(values.at[row]),
                severity=severity,
                **per_row,
            )
        )
    return out


def record_finding(
    rec: RecordSheet,
    key: str,
    code: str,
    variant: str = "",
    *,
    value: Any = None,
    severity: Severity | None = None,
    **params: Any,
) -> Finding:
    """A finding at a record sheet's value cell (the sheet itself when the label is absent)."""
    row, letter = rec.cells.get(key, (None, None))
    return make_finding(
        code,
        variant,
        file=rec.path,
        sheet=rec.sheet,
        row=row,
        column=letter,
        field=_header(rec, key),
        value=_text(value if value is not None else rec.raw.get(key)),
        severity=severity,
        **params,
    )


def _header(sheet: SheetTable | RecordSheet, key: str) -> str | None:
    try:
        return sheet.form.column(key).header
    except KeyError:
        return None


def _text(value: Any) -> str | None:
    if blank(value):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def name_of(t: SheetTable) -> pd.Series:
    """Each row's name, for messages ("" when empty)."""
    return column(t, "name").map(lambda v: v if isinstance(v, str) else "")


def anchor(t: SheetTable, *keys: str) -> str:
    """The first of keys the table has (where a row-level finding points)."""
    return next((k for k in keys if k in t.columns), keys[-1])
