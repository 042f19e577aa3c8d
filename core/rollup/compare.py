"""Comparison with the previous period's roll-up: large changes become queries to explain."""

from __future__ import annotations

from typing import Any

from core.catalogue import rollup as rf
from core.model.findings import Finding, make_finding
from core.reader.model import WorkbookRead
from core.rollup.metrics import total_row

# Field -> (relative change, absolute change) that both must be reached to ask for a 说明.
# Counts of a few pupils swing naturally; rates are compared in percentage points.
THRESHOLDS: dict[str, tuple[float, float]] = {
    "roster_count": (0.10, 50),
    "suspected_count": (0.50, 3),
    "dropout_count": (0.50, 3),
    "closed_count": (0.50, 3),
    "dropout_rate": (0.0, 0.5),
    "possible_rate": (0.0, 1.0),
}
_HEADERS = {c.key: c.header for c in rf.UNITS.columns}


def previous_rows(wb: WorkbookRead) -> dict[str, dict[str, Any]]:
    """Unit code -> its row in a previous roll-up's 单位汇总 (the total row under "total")."""
    table = wb.table("units")
    if table is None:
        return {}
    out = {}
    for _, row in table.data.iterrows():
        code = row.get("unit_code")
        out[code if isinstance(code, str) and code else "total"] = row.to_dict()
    if "total" not in out:  # the reader drops 合计 rows: add the units up again
        out["total"] = total_row([r for r in out.values() if r.get("submitted")])
    return out


def changes(rows: list[dict[str, Any]], previous: dict[str, dict[str, Any]]) -> list[Finding]:
    """A query for each unit figure that moved past its threshold since the previous period."""
    out = []
    for row in rows:
        code = row.get("unit_code") or "total"
        before = previous.get(code)
        if before is None or row.get("submitted") is False:
            continue
        for key, (rel, absolute) in THRESHOLDS.items():
            old, new = _num(before.get(key)), _num(row.get(key))
            if old is None or new is None or not _large(old, new, rel, absolute):
                continue
            out.append(
                make_finding(
                    "change-needs-explanation",
                    sheet=rf.UNITS.title,
                    field=_HEADERS[key],
                    value=_fmt(new),
                    previous=_fmt(old),
                    school_code=row.get("unit_code"),
                    unit=row.get("unit_name") or code,
                )
            )
    return out


def _large(old: float, new: float, rel: float, absolute: float) -> bool:
    delta = abs(new - old)
    return delta >= absolute and (old == 0 or delta / abs(old) >= rel)


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.2f}"
