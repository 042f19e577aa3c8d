"""What the comparisons share: the reference lists, the result, indexes over the ledgers."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from core.catalogue import counts
from core.consolidate.coverage import Coverage
from core.consolidate.matching import PupilIndex, row_at
from core.consolidate.merge import KEYS
from core.model.findings import Finding
from core.model.identity import MATCH_LABELS, Keys, pupil_keys
from core.policy import Policy
from core.reader.model import SheetTable

DECEASED = "09"
OUT_OF_SCHOOL = "08"
"""就学状态 未入学/失学: a 户籍 child whose being out of school was verified."""
ACTIVE = (None, counts.SUSPECTED_TRACKING, counts.DROPOUT_OPEN)
"""Ledger statuses that mean the case is open (跟踪中 / 未返校, or not filled)."""


@dataclass
class References:
    """The county's reference lists, each the recognised table of its file (or None)."""

    household: SheetTable | None = None
    poverty: SheetTable | None = None
    platform: SheetTable | None = None


@dataclass
class Comparison:
    """What 四查三比对 found."""

    findings: list[Finding] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    """Rows of the 三比对结果 sheet, with the provenance of the row they concern."""
    added: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """New ledger rows by school kind (suspected, dropout)."""
    out_of_school: int = 0
    household_unmatched: int = 0
    poverty_dropout: int = 0
    last_roll: Counter[str] = field(default_factory=Counter)
    """户籍 children on the last roll of a school not covered this month, by 学校标识码."""
    coverage: Coverage | None = None
    """The 户籍 comparison's coverage, those children counted (None: no 户籍 list)."""

    def cases(self) -> dict[str, int]:
        """The case counts of the totals: cases to act on, apart from the data errors."""
        return {
            "out_of_school": self.out_of_school,
            "household_unmatched": self.household_unmatched,
            "poverty_dropout": self.poverty_dropout,
        }


def list_row(table: SheetTable, pos: int) -> dict[str, Any]:
    """One reference-list row with its provenance."""
    row = row_at(table.data, pos)
    row.update(
        source_file=table.path, source_sheet=table.sheet, source_row=int(table.data.index[pos])
    )
    return row


def full_age(birth: dt.date, on: dt.date) -> int:
    """Age in full years (周岁) on a date."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def result_row(
    check: str,
    row: dict[str, Any],
    result: str,
    how: str | None = None,
    detail: str = "",
    school: str | None = None,
) -> dict[str, Any]:
    """One row of 三比对结果, keeping the provenance of the row it concerns."""
    return {
        "check": check,
        "name": row.get("name"),
        "id_number": row.get("id_number"),
        "birth_date": row.get("birth_date"),
        "school_name": school or row.get("school_name"),
        "result": result,
        "matched_by": MATCH_LABELS.get(how or "", ""),
        "detail": detail,
        "source_file": row.get("source_file"),
        "source_sheet": row.get("source_sheet"),
        "source_row": row.get("source_row"),
    }


def keys_of(row: dict[str, Any]) -> Keys:
    return pupil_keys(
        row.get("id_number"), row.get("student_no"), row.get("name"), row.get("birth_date")
    )


class Indexes:
    """Pupil indexes over the merged ledgers, built once from the keys merge computed."""

    def __init__(self, frames: dict[str, pd.DataFrame]) -> None:
        self.frames = frames
        keys = {k: frames[k][KEYS].tolist() for k in ("roster", "suspected", "dropout")}
        self.roster = PupilIndex(keys["roster"])
        self.ledgers = {k: PupilIndex(keys[k]) for k in ("suspected", "dropout")}
        self.open = {k: PupilIndex(keys[k], open_rows(frames[k])) for k in ("suspected", "dropout")}
        roster = frames["roster"]
        schooling = roster["schooling"].tolist() if "schooling" in roster else []
        approval = (
            roster["approval_no"].tolist() if "approval_no" in roster else [None] * len(schooling)
        )
        # Lawfully absent (one definition, counts.excused_status): 随班就读 pupils attend, and a
        # 休学 without its 批准文号 is not excused, so their absences reach the comparison.
        self.lawful = PupilIndex(
            keys["roster"],
            [
                i
                for i, (s, a) in enumerate(zip(schooling, approval, strict=True))
                if counts.excused_status(s, a)
            ],
        )

    def in_ledger(self, keys: Keys) -> bool:
        """The pupil is in the suspected or dropout ledger (any status)."""
        return any(keys in idx for idx in self.ledgers.values())

    def value(self, kind: str, pos: int, key: str) -> Any:
        """A cell of a merged sheet."""
        return self.frames[kind][key].iat[pos] if key in self.frames[kind] else None


def open_rows(frame: pd.DataFrame) -> list[int]:
    status = frame.get("status", pd.Series([None] * len(frame))).tolist()
    return [i for i, s in enumerate(status) if s in ACTIVE]


# Safe process-wide: keyed by two dates and a frozen policy, holds an int.
@lru_cache(maxsize=512)
def _span(start: dt.date, end: dt.date, policy: Policy) -> int:
    return policy.absence_days(start, end)


def run_days(row: dict[str, Any], cutoff: dt.date, policy: Policy) -> int:
    """Consecutive unexcused school days: the longest run, or the open run up to the cut-off."""
    longest = row.get("longest_run")
    longest = longest if isinstance(longest, int) else 0
    start = row.get("run_start")
    return max(longest, _span(start, cutoff, policy) if isinstance(start, dt.date) else 0)


def ledger_row(row: dict[str, Any], **values: Any) -> dict[str, Any]:
    """A new ledger row: the pupil's identity from a list or attendance row, plus values."""
    base = {
        k: row.get(k)
        for k in (
            "county_code",
            "school_code",
            "school_name",
            "student_no",
            "name",
            "gender",
            "id_number",
            "birth_date",
            "grade",
            "class_name",
            "guardian",
            "guardian_phone",
            "source_file",
            "source_sheet",
            "source_row",
        )
    }
    return {**base, **values}
