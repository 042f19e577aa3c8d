"""Key groups (重点群体): how many 孤儿, 留守, 残疾 ... each school has in each ledger."""

from __future__ import annotations

from typing import Any

import pandas as pd

from core.catalogue import columns as c

LEDGER_TITLES = {"roster": "适龄儿童台账", "suspected": "疑似辍学台账", "dropout": "辍学台账"}
"""The ledgers key groups are counted in, with the name the 重点群体 sheet gives them."""

GROUP_KEYS = [g.key for g in c.KEY_GROUPS]


def in_group(key: str, value: Any) -> bool:
    """Whether a parsed flag puts a pupil in the group (留守: 单亲 or 双亲; 残疾: any class)."""
    if key == "left_behind":
        return value in ("1", "2")
    if key == "disability":
        return isinstance(value, str) and value not in ("", "0")
    return value is True


def _counts(frame: pd.DataFrame) -> dict[str, int]:
    return {k: sum(in_group(k, v) for v in frame[k]) if k in frame else 0 for k in GROUP_KEYS}


def key_group_rows(frames: dict[str, pd.DataFrame]) -> list[dict[str, Any]]:
    """One row per school and ledger (schools in first-seen order), counts of each group."""
    rows: list[dict[str, Any]] = []
    for kind, title in LEDGER_TITLES.items():
        frame = frames[kind]
        if frame.empty:
            continue
        grouped = frame.groupby(["school_code", "school_name"], sort=False, dropna=False)
        for (code, name), part in grouped:
            county = part["county_code"].iloc[0]
            rows.append(
                {
                    "county_code": county,
                    "school_code": code,
                    "school_name": name,
                    "ledger": title,
                    **_counts(part),
                }
            )
    return sorted(rows, key=lambda r: (str(r["school_code"] or ""), r["ledger"]))
