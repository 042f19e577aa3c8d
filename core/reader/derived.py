"""Fields a valid 身份证件号 gives: 出生日期 and 性别, derived when a sheet has no such column."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from stdnum.cn.ric import calc_check_digit

from core.catalogue import ValueType
from core.reader.model import SheetTable

DERIVABLE = ("birth_date", "gender")
"""Column keys a valid ID gives, so never demanded of a sheet that has the ID."""


def _birth(number: object) -> dt.date | None:
    if not isinstance(number, str) or len(number) != 18 or not number[:17].isdigit():
        return None
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    return born if number[0] != "9" and calc_check_digit(number) == number[-1] else None


def _derived(key: str, number: object) -> tuple[object, str | None]:
    born = _birth(number)
    if born is None:
        return None, None
    if key == "birth_date":
        return born, born.isoformat()
    code = "1" if int(str(number)[16]) % 2 else "2"
    return code, "男" if code == "1" else "女"


def derive_from_id(table: SheetTable) -> None:
    """Add the derivable columns a sheet lacks, from each row's ID where it is valid."""
    form_keys = {c.key for c in table.form.columns}
    if (
        "id_number" not in table.columns
        or table.form.column("id_number").type != ValueType.ID_NUMBER
    ):
        return
    missing = [k for k in DERIVABLE if k in form_keys and k not in table.columns]
    if not missing:
        return
    ids = table.data["id_number"].tolist()
    for key in missing:
        pairs = [_derived(key, number) for number in ids]
        index = table.data.index
        table.data[key] = pd.Series([v for v, _ in pairs], index=index, dtype=object)
        table.raw[key] = pd.Series([t for _, t in pairs], index=index, dtype=object)
