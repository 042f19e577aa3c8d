"""Which schools' rolls the 户籍 comparison looked in, and which it could not (and why).

A child of the 户籍 list on no roll may well study in a school whose roll the county never saw:
the comparison says how many schools it covered, so that nobody reads a gap as 失学.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from core.consolidate.inbox import SchoolEntry
from core.consolidate.result import ACCEPTED, REJECTED, Submission
from core.consolidate.summary import school_entries

REASONS = {"missing": "未报送或无法读取", "rejected": "报表被退回", "no-roster": "学籍名册未能读取"}
"""Why a school's roll was not compared -> the words the county workbook uses."""


@dataclass(frozen=True)
class Coverage:
    """The schools the 户籍 comparison should look in, and those it could not."""

    schools: int
    not_covered: tuple[dict[str, str], ...] = ()
    """{school_code, school, reason} (a key of REASONS), by 学校标识码."""
    last_roll: dict[str, str] | None = None
    """With a case register: pupil key ("id:…", as the register keys pupils) -> 学校标识码 of
    the pupils on the previous recorded month's roll of a school not covered this month; None
    without a register."""
    counted: tuple[tuple[str, int], ...] = ()
    """(学校标识码, children) of the 户籍 list found on such a school's last roll and on no roll
    this month: counted as not covered, not as household-unmatched."""

    @property
    def covered(self) -> int:
        """Schools whose roll was compared."""
        return self.schools - len(self.not_covered)

    def last_school(self, keys: list[tuple[str, str]]) -> str | None:
        """The not-covered school whose last roll held a child of these keys, if any."""
        if not self.last_roll:
            return None
        return next((s for k, v in keys if (s := self.last_roll.get(f"{k}:{v}"))), None)

    def with_counted(self, by_school: Counter[str]) -> Coverage:
        """The coverage with the children counted on not-covered schools' last rolls."""
        return replace(self, counted=tuple(sorted(by_school.items())))

    def enrolled_last_month(self, school_code: str) -> int:
        """Children of the 户籍 list counted on this school's last roll."""
        return dict(self.counted).get(school_code, 0)

    def to_json(self) -> dict[str, Any]:
        """The "coverage" object of the consolidate JSON (docs/cli.md); with a register, each
        school not covered and the whole say how many 户籍 children its last roll held."""
        doc: dict[str, Any] = {
            "schools": self.schools,
            "covered": self.covered,
            "not_covered": [dict(s) for s in self.not_covered],
        }
        if self.last_roll is not None:
            for s in doc["not_covered"]:
                s["enrolled_last_month"] = self.enrolled_last_month(s["school_code"])
            doc["enrolled_last_month"] = sum(n for _, n in self.counted)
        return doc


def info_figures(coverage: dict[str, Any] | None) -> dict[str, int | None]:
    """The coverage's figures of 汇总信息 (catalogue COUNTY_INFO keys), from the consolidation's
    "coverage" (Coverage.to_json; None without a 户籍 list): schools covered and not covered,
    and, with a register, the 户籍 children on the not-covered schools' last rolls."""
    return {
        "household_covered": coverage["covered"] if coverage else None,
        "household_not_covered": len(coverage["not_covered"]) if coverage else None,
        "household_last_roll": coverage.get("enrolled_last_month") if coverage else None,
    }


def household_coverage(
    listed: dict[str, SchoolEntry] | None, submissions: list[Submission]
) -> Coverage:
    """The coverage of the 户籍 comparison: the school list (else the schools that sent)."""
    accepted = [s for s in submissions if s.status == ACCEPTED]
    entries = {e.code: e.name for e in school_entries(listed, accepted)}
    if listed is None:  # a school whose report was sent back is a school all the same
        entries.update(
            {s.school_code: s.school or "" for s in submissions if _rejected_school(s, entries)}
        )
    with_roll = {s.school_code for s in accepted if _has_roll(s)}
    sent = {s.school_code for s in accepted}
    rejected = {s.school_code for s in submissions if s.status == REJECTED}
    gaps = []
    for code in sorted(entries):
        if code in with_roll:
            continue
        reason = "no-roster" if code in sent else "rejected" if code in rejected else "missing"
        gaps.append({"school_code": code, "school": entries[code], "reason": reason})
    return Coverage(len(entries), tuple(gaps))


def _rejected_school(sub: Submission, known: dict[str, str]) -> bool:
    return sub.status == REJECTED and bool(sub.school_code) and sub.school_code not in known


def _has_roll(sub: Submission) -> bool:
    wb = sub.report.workbook if sub.report is not None else None
    return wb is not None and wb.table("roster") is not None
