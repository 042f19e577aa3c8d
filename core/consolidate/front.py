"""The county workbook's 首页: the month's figures as the county signs them, and per 乡镇.

Nothing here counts a ledger again: every figure is a sum of 学校汇总's rows (CountyFigures),
grouped by the 乡镇(街道) the school list gives each school.
"""

from __future__ import annotations

from typing import Any

from core.consolidate.inbox import SchoolEntry
from core.consolidate.result import CountyFigures
from core.consolidate.summary import COUNT_KEYS, SEVERITY_KEYS
from core.model.books import FrontPage

NO_TOWN = "（名录未填乡镇）"
TOWN_KEYS = (*COUNT_KEYS, *SEVERITY_KEYS)
NO_TOWN_COLUMN = "学校名录没有“乡镇(街道)”列，未分乡镇统计；各校数字见“学校汇总”。"
NO_SCHOOL_LIST = "未提供学校名录，无法分乡镇统计；各校数字见“学校汇总”。"


def front_page(figures: CountyFigures, entries: list[SchoolEntry], listed: bool) -> FrontPage:
    """The 首页's figures from the county's, with the per-town table when the list has 乡镇."""
    schools = figures.schools[: len(entries)]
    on_time = sum(r.get("on_time") is True for r in schools)
    late = sum(r.get("on_time") is False for r in schools)
    towns: list[dict[str, Any]] = []
    by_town: list[dict[str, Any]] = []
    note = NO_SCHOOL_LIST if not listed else NO_TOWN_COLUMN
    if any(e.town for e in entries):
        by_town = _town_rows(entries, schools)
        own = [_labelled(r, None) for r in figures.schools[len(entries) : -1]]
        towns = [*by_town, *own, _labelled(figures.total, by_town)]
        note = (
            f"学校名录中未填乡镇的学校计入“{NO_TOWN}”。" if not all(e.town for e in entries) else ""
        )
    count = len(by_town) if towns else 0
    return FrontPage(on_time, late, dict(figures.cases), dict(figures.rates), towns, count, note)


def _town_rows(entries: list[SchoolEntry], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_town: dict[str, dict[str, Any]] = {}
    for entry, row in zip(entries, rows, strict=True):
        town = entry.town or NO_TOWN
        out = by_town.setdefault(
            town,
            {
                "town": town,
                "schools_expected": 0,
                "schools_received": 0,
                **dict.fromkeys(TOWN_KEYS, 0),
            },
        )
        out["schools_expected"] += 1
        out["schools_received"] += row.get("submitted") is True
        for key in TOWN_KEYS:
            out[key] += row.get(key) or 0
    return sorted(by_town.values(), key=lambda r: (r["town"] == NO_TOWN, r["town"]))


def _labelled(row: dict[str, Any], towns: list[dict[str, Any]] | None) -> dict[str, Any]:
    """The county's own row or 全县合计 (with the towns' school counts added) as a town row."""
    out = {"town": row.get("school_name"), **{k: row.get(k, 0) for k in TOWN_KEYS}}
    if towns is not None:
        for key in ("schools_expected", "schools_received"):
            out[key] = sum(t.get(key) or 0 for t in towns)
    return out
