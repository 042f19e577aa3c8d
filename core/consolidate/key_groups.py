"""Key groups (重点群体): how many 孤儿, 留守, 残疾 ... each school has in each ledger."""

from __future__ import annotations

from typing import Any

import pandas as pd

from core.catalogue import columns as c
from core.catalogue.counts import in_group
from core.consolidate.summary import COUNTY_ROW_LABEL

LEDGER_TITLES = {"roster": "适龄儿童台账", "suspected": "疑似辍学台账", "dropout": "辍学台账"}
"""The ledgers key groups are counted in, with the name the 重点群体 sheet gives them."""

GROUP_KEYS = [g.key for g in c.KEY_GROUPS]


def key_group_rows(frames: dict[str, pd.DataFrame]) -> list[dict[str, Any]]:
    """One row per school and ledger, counts of each group, in school-code order."""
    rows: list[dict[str, Any]] = []
    for kind, title in LEDGER_TITLES.items():
        frame = frames[kind]
        if frame.empty:
            continue
        flags = pd.DataFrame({k: in_group(frame, k) for k in GROUP_KEYS}).astype(int)
        for col in ("county_code", "school_code", "school_name"):
            flags[col] = frame[col].fillna("")
        sums = flags.groupby(["school_code", "school_name"], sort=False)
        counts = sums[GROUP_KEYS].sum()
        county = sums["county_code"].first()
        for (code, name), numbers in counts.iterrows():
            rows.append(
                {
                    "county_code": county[(code, name)] or None,
                    "school_code": code or None,
                    # A row the county's comparisons added has no school: it is the county's own.
                    "school_name": name or (None if code else COUNTY_ROW_LABEL),
                    "ledger": title,
                    **{k: int(numbers[k]) for k in GROUP_KEYS},
                }
            )
    return sorted(rows, key=lambda r: (str(r["school_code"] or ""), r["ledger"]))
