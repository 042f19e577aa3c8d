"""四查三比对: 户籍 vs 学籍, 学籍 vs 在校, 辍学 vs 脱贫户, and the platform's pushed list.

Each comparison yields findings, rows of the 三比对结果 sheet, and (for 失学 and 名在人不在)
new rows for the county's suspected or dropout ledger, whose provenance is the list or the
attendance row that revealed them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from core.calendar import school_days
from core.catalogue.codelists import LAWFUL_STATUSES
from core.consolidate.crosscheck import at_row, fallback
from core.consolidate.matching import (
    Keys,
    PupilIndex,
    all_keys,
    birth_from_id,
    frame_keys,
    row_at,
)
from core.consolidate.merge import KEYS
from core.findings import Finding
from core.identity import MATCH_LABELS
from core.policy import Policy
from core.reader.model import SheetTable

DECEASED = "09"
ACTIVE = (None, "1")
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
    poverty_dropout: int = 0


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


def _keys(row: dict[str, Any]) -> Keys:
    return all_keys(
        row.get("id_number"), row.get("student_no"), row.get("name"), row.get("birth_date")
    )


class Indexes:
    """Pupil indexes over the merged ledgers, built once from the keys merge computed."""

    def __init__(self, frames: dict[str, pd.DataFrame]) -> None:
        self.frames = frames
        keys = {k: frames[k][KEYS].tolist() for k in ("roster", "suspected", "dropout")}
        self.roster = PupilIndex(keys["roster"])
        self.ledgers = {k: PupilIndex(keys[k]) for k in ("suspected", "dropout")}
        self.open = {
            k: PupilIndex(keys[k], _open_rows(frames[k])) for k in ("suspected", "dropout")
        }
        schooling = frames["roster"]["schooling"].tolist()
        self.lawful = PupilIndex(
            keys["roster"], [i for i, s in enumerate(schooling) if s in LAWFUL_STATUSES]
        )

    def in_ledger(self, keys: Keys) -> bool:
        """The pupil is in the suspected or dropout ledger (any status)."""
        return any(keys in idx for idx in self.ledgers.values())

    def value(self, kind: str, pos: int, key: str) -> Any:
        """A cell of a merged sheet."""
        return self.frames[kind][key].iat[pos] if key in self.frames[kind] else None


def _open_rows(frame: pd.DataFrame) -> list[int]:
    status = frame.get("status", pd.Series([None] * len(frame))).tolist()
    return [i for i, s in enumerate(status) if s in ACTIVE]


@lru_cache(maxsize=512)
def _span(start: dt.date, end: dt.date, method: str) -> int:
    return len(school_days(start, end, method).days) if start <= end else 0


def run_days(row: dict[str, Any], cutoff: dt.date, method: str) -> int:
    """Consecutive unexcused school days: the longest run, or the open run up to the cut-off."""
    longest = row.get("longest_run")
    longest = longest if isinstance(longest, int) else 0
    start = row.get("run_start")
    return max(longest, _span(start, cutoff, method) if isinstance(start, dt.date) else 0)


def _ledger_row(row: dict[str, Any], **values: Any) -> dict[str, Any]:
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


def _col(frame: pd.DataFrame, key: str) -> list:
    return frame[key].tolist() if key in frame else [None] * len(frame)


def _school_age(table: SheetTable, policy: Policy, period: str) -> list[tuple[int, int]]:
    """(position, age) of the list's children inside the age band, lawful statuses skipped."""
    cutoff = policy.window(period)[1]
    rows = zip(
        _col(table.data, "birth_date"),
        _col(table.data, "id_number"),
        _col(table.data, "schooling"),
        strict=True,
    )
    found = []
    for pos, (birth, ident, schooling) in enumerate(rows):
        birth = birth if isinstance(birth, dt.date) else birth_from_id(ident)
        if isinstance(birth, dt.date) and schooling not in {*LAWFUL_STATUSES, DECEASED}:
            age = full_age(birth, cutoff)
            if policy.age_low <= age <= policy.age_high:
                found.append((pos, age))
    return found


def household_vs_roster(
    table: SheetTable,
    idx: Indexes,
    policy: Policy,
    period: str,
    county_code: str | None,
    out: Comparison,
) -> None:
    """户籍 vs 学籍: a school-age child with no 学籍 anywhere and no lawful status is 失学."""
    keys = frame_keys(table.data)
    for pos, age in _school_age(table, policy, period):
        if keys[pos] in idx.roster or idx.in_ledger(keys[pos]):
            continue
        row = list_row(table, pos)
        row["birth_date"] = row.get("birth_date") or birth_from_id(row.get("id_number"))
        out.findings.append(at_row(row, "out-of-school", name=row.get("name") or "", age=age))
        out.rows.append(result_row("户籍与学籍", row, "疑似失学：本县无学籍", detail=f"{age} 周岁"))
        out.added.setdefault("suspected", []).append(
            _ledger_row(
                {**row, "county_code": county_code},
                status="1",
                origin="户籍比对",
                whereabouts=row.get("school_attended"),
                note=f"户籍比对发现：{age} 周岁，本县无学籍",
            )
        )
        out.out_of_school += 1


def roster_vs_attendance(idx: Indexes, policy: Policy, period: str, out: Comparison) -> None:
    """学籍 vs 在校: unexcused absence past the thresholds, in no ledger -> 名在人不在."""
    cutoff = policy.window(period)[1]
    frame = idx.frames["attendance"]
    keys = frame[KEYS].tolist()
    unexcused = [p for p, t in enumerate(_col(frame, "absence_type")) if t == "3"]
    for pos in unexcused:
        row = row_at(frame, pos)
        days = run_days(row, cutoff, policy.school_days)
        if days < policy.suspected_days or idx.in_ledger(keys[pos]) or keys[pos] in idx.lawful:
            continue
        _absent_case(row, days, policy, period, out)


def _absent_case(
    row: dict[str, Any], days: int, policy: Policy, period: str, out: Comparison
) -> None:
    dropout = days >= policy.dropout_days
    ledger = "辍学台账" if dropout else "疑似辍学台账"
    out.findings.append(
        at_row(row, "absent-not-in-ledger", name=row.get("name") or "", days=days, ledger=ledger)
    )
    out.rows.append(
        result_row(
            "学籍与在校", row, f"名在人不在：应列入{ledger}", detail=f"无故连续缺勤 {days} 个上课日"
        )
    )
    note = f"县区考勤比对发现：无故连续缺勤 {days} 个上课日"
    if dropout:
        new = _ledger_row(row, dropout_month=period, status="1", note=note)
    else:
        new = _ledger_row(
            row,
            first_absence=row.get("run_start"),
            absent_days=days,
            status="1",
            origin="考勤比对",
            note=note,
        )
    out.added.setdefault("dropout" if dropout else "suspected", []).append(new)


def dropout_vs_poverty(table: SheetTable, idx: Indexes, out: Comparison) -> list[bool]:
    """辍学 vs 脱贫户: an open dropout whose ID is in the poverty list; returns the match flags."""
    heads: dict[str, Any] = {}
    for ident, head in zip(
        _col(table.data, "id_number"), _col(table.data, "household_head"), strict=True
    ):
        for key in all_keys(ident, None, None, None):
            heads.setdefault(key[1], head)
    frame = idx.frames["dropout"]
    flags = []
    for pos, keys in enumerate(frame[KEYS].tolist()):
        ident = next((k[1] for k in keys if k[0] == "id" and k[1] in heads), None)
        flags.append(ident is not None)
        if ident is None or frame["status"].iat[pos] not in ACTIVE:
            continue
        row = row_at(frame, pos)
        head = heads[ident] or ""
        out.findings.append(at_row(row, "poverty-dropout", name=row.get("name") or "", head=head))
        out.rows.append(result_row("辍学与脱贫户", row, "脱贫户辍学", "id", detail=f"户主 {head}"))
        out.poverty_dropout += 1
    return flags


def _platform_status(idx: Indexes, keys: Keys) -> tuple[str, str | None, str, int | None]:
    for kind, label in (("dropout", "辍学"), ("suspected", "疑似辍学")):
        hit = idx.open[kind].find(keys)
        if hit:
            return label, hit[0], kind, hit[1][0]
    hit = idx.roster.find(keys)
    if hit:
        return "在校", hit[0], "roster", hit[1][0]
    return "找不到", None, "", None


def platform_check(table: SheetTable, idx: Indexes, out: Comparison) -> None:
    """The platform's pushed list: each pupil's status in the county's data."""
    for pos in range(len(table.data)):
        row = list_row(table, pos)
        status, how, kind, hit = _platform_status(idx, _keys(row))
        school = idx.value(kind, hit, "school_name") if hit is not None else None
        variant = "not-found" if hit is None else ""
        out.findings.append(
            at_row(row, "platform-status", variant, name=row.get("name") or "", status=status)
        )
        out.findings += fallback(row, how)
        out.rows.append(
            result_row(
                "平台推送名单", row, status, how, school=school, detail=row.get("push_reason") or ""
            )
        )


def compare(
    frames: dict[str, pd.DataFrame],
    refs: References,
    policy: Policy,
    period: str,
    county_code: str | None,
) -> Comparison:
    """Run every comparison the reference lists allow."""
    idx = Indexes(frames)
    out = Comparison()
    if refs.household is not None:
        household_vs_roster(refs.household, idx, policy, period, county_code, out)
    roster_vs_attendance(idx, policy, period, out)
    if refs.poverty is not None:
        frames["dropout"]["poverty_matched"] = dropout_vs_poverty(refs.poverty, idx, out)
    if refs.platform is not None:
        platform_check(refs.platform, idx, out)
    return out
