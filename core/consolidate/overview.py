"""The county overview after a consolidation: submissions by status, and the 催报名单 (the
schools that sent nothing or sent late, with the school list's contact columns)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.consolidate.result import ACCEPTED, REJECTED, SUPERSEDED, UNREADABLE, ConsolidationResult

CHASE_COLUMNS = (
    ("school_code", "学校标识码"),
    ("school", "学校名称"),
    ("situation", "情况"),
    ("town", "乡镇(街道)"),
    ("contact", "联系人"),
    ("contact_phone", "联系人电话"),
)
"""Key -> header of each column of the list, in order."""


STATUSES = (
    ("on_time", "按时报送", "份"),
    ("late", "迟报", "份"),
    ("superseded", "被新版本替代", "份"),
    ("rejected", "拒收", "份"),
    ("unreadable", "无法读取", "份"),
    ("missing", "未报送", "所学校"),
)
"""Key, label and unit of each bar of the overview, in order."""


@dataclass
class CountyOverview:
    """What the window's overview shows."""

    counts: dict[str, int] = field(default_factory=dict)
    """STATUSES key -> how many."""
    chase: list[dict[str, str]] = field(default_factory=list)
    """The 催报名单 rows, CHASE_COLUMNS keys."""
    statuses: tuple[tuple[str, str, str], ...] = STATUSES
    columns: tuple[tuple[str, str], ...] = CHASE_COLUMNS


def overview(
    result: ConsolidationResult, school_list: Path | None, passwords: Sequence[str] = ()
) -> CountyOverview:
    """The overview of a consolidation (reads the school list again for its contacts)."""
    return CountyOverview(
        status_counts(result), chase_rows(result, contacts(school_list, passwords))
    )


def status_counts(result: ConsolidationResult) -> dict[str, int]:
    """How many files had each status (on time and late apart), and how many schools sent none."""
    counts = dict.fromkeys((key for key, _label, _unit in STATUSES), 0)
    for s in result.submissions:
        if s.status == ACCEPTED:
            counts["late" if s.on_time is False else "on_time"] += 1
        elif s.status in (SUPERSEDED, REJECTED, UNREADABLE):
            counts[s.status] += 1
    counts["missing"] = len(result.missing)
    return counts


def contacts(school_list: Path | None, passwords: Sequence[str] = ()) -> dict[str, dict[str, str]]:
    """学校标识码 -> the school list's 乡镇, 联系人 and 联系人电话 ({} without a list)."""
    if school_list is None:
        return {}
    from core.reader.workbook import read_workbook

    table = read_workbook(school_list, passwords).table("school-list")
    if table is None:
        return {}
    found: dict[str, dict[str, str]] = {}
    for row in table.data.to_dict("records"):
        if row.get("school_code"):
            found.setdefault(
                str(row["school_code"]),
                {k: _text(row.get(k)) for k in ("town", "contact", "contact_phone")},
            )
    return found


def chase_rows(
    result: ConsolidationResult, by_code: dict[str, dict[str, str]]
) -> list[dict[str, str]]:
    """The missing schools, then the late ones, each with its contact columns."""
    rows = [
        {"school_code": m["school_code"], "school": m["school"], "situation": "未报送"}
        for m in result.missing
    ]
    rows += [
        {"school_code": s.school_code or "", "school": s.school or "", "situation": "迟报"}
        for s in result.submissions
        if s.status == ACCEPTED and s.on_time is False
    ]
    blank = {"town": "", "contact": "", "contact_phone": ""}
    return [{**row, **by_code.get(row["school_code"], blank)} for row in rows]


def _text(value: Any) -> str:
    if value is None or value != value:  # None or NaN
        return ""
    return str(value)
