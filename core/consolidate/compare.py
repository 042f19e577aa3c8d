"""四查三比对: 户籍 vs 学籍, 学籍 vs 在校, 辍学 vs 脱贫户, and the platform's pushed list.

Each comparison yields findings, rows of the 三比对结果 sheet, and (for 失学 and 名在人不在)
new rows for the county's suspected or dropout ledger, whose provenance is the list or the
attendance row that revealed them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from core.catalogue import counts
from core.catalogue.codelists import LAWFUL_STATUSES
from core.consolidate.comparison import (
    ACTIVE,
    DECEASED,
    OUT_OF_SCHOOL,
    Comparison,
    Indexes,
    References,
    full_age,
    keys_of,
    ledger_row,
    list_row,
    result_row,
    run_days,
)
from core.consolidate.coverage import REASONS, Coverage
from core.consolidate.crosscheck import at_row, fallback
from core.consolidate.matching import row_at
from core.consolidate.merge import KEYS
from core.model.findings import make_finding
from core.model.identity import Keys, birth_from_id, frame_keys, pupil_keys
from core.policy import Policy
from core.reader.model import SheetTable

__all__ = ["Comparison", "References", "compare"]


def _col(frame: pd.DataFrame, key: str) -> list:
    return frame[key].tolist() if key in frame else [None] * len(frame)


def _school_age(table: SheetTable, policy: Policy, period: str) -> list[tuple[int, int]]:
    """(position, age) of the list's children of school age, lawful statuses skipped."""
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
        lawful = schooling in {*LAWFUL_STATUSES, DECEASED}
        if isinstance(birth, dt.date) and not lawful and policy.of_school_age(birth, period):
            found.append((pos, full_age(birth, cutoff)))
    return found


def household_vs_roster(
    table: SheetTable,
    idx: Indexes,
    policy: Policy,
    period: str,
    county_code: str | None,
    out: Comparison,
    coverage: Coverage,
) -> None:
    """户籍 vs 学籍: a school-age child on no roll here is 待核实, or 失学 once verified."""
    keys = frame_keys(table.data)
    variant, said = _coverage_params(coverage)
    schooling = _col(table.data, "schooling")
    for pos, age in _school_age(table, policy, period):
        if keys[pos] in idx.roster or idx.in_ledger(keys[pos]):
            continue
        if schooling[pos] != OUT_OF_SCHOOL and (school := coverage.last_school(keys[pos])):
            # On the last roll of a school whose roll this month was not seen: not covered.
            out.last_roll[school] += 1
            continue
        row = list_row(table, pos)
        row["birth_date"] = row.get("birth_date") or birth_from_id(row.get("id_number"))
        if schooling[pos] == OUT_OF_SCHOOL:
            _out_of_school(row, age, county_code, out)
            continue
        # Most such children study in another county: a query until someone verifies it.
        name = row.get("name") or ""
        out.findings.append(at_row(row, "household-unmatched", variant, name=name, age=age, **said))
        out.rows.append(result_row("户籍与学籍", row, "待核实：本县无学籍", detail=f"{age} 周岁"))
        out.household_unmatched += 1


def _coverage_params(coverage: Coverage) -> tuple[str, dict[str, Any]]:
    """The variant and parameters a finding about a child on no roll names its coverage with."""
    gaps = coverage.not_covered
    counted = {r: sum(g["reason"] == r for g in gaps) for r in REASONS}
    reasons = "，".join(f"{REASONS[r]} {n} 所" for r, n in counted.items() if n) or "没有学校"
    params = {
        "schools": coverage.schools,
        "covered": coverage.covered,
        "not_covered": len(gaps),
        "reasons": reasons,
    }
    return ("partial" if gaps else ""), params


def not_covered_rows(coverage: Coverage) -> list[dict[str, Any]]:
    """三比对结果 rows naming each school whose roll the 户籍 comparison could not look in (with
    a register, how many children of the 户籍 list its last roll held)."""
    return [
        result_row(
            "户籍与学籍",
            {},
            f"未能比对：{REASONS[g['reason']]}",
            school=g["school"] or g["school_code"],
            detail="该校学生不在户籍比对范围内" + _last_roll_text(coverage, g["school_code"]),
        )
        for g in coverage.not_covered
    ]


def _last_roll_text(coverage: Coverage, school_code: str) -> str:
    if coverage.last_roll is None:
        return ""
    n = coverage.enrolled_last_month(school_code)
    return f"；户籍名单中 {n} 名适龄儿童上月在该校在籍，计为未覆盖，不列为待核实"


def _out_of_school(row: dict[str, Any], age: int, county_code: str | None, out: Comparison) -> None:
    out.findings.append(at_row(row, "out-of-school", name=row.get("name") or "", age=age))
    out.rows.append(result_row("户籍与学籍", row, "适龄失学（已核实）", detail=f"{age} 周岁"))
    out.added.setdefault("suspected", []).append(
        ledger_row(
            {**row, "county_code": county_code},
            status=counts.SUSPECTED_TRACKING,
            origin=counts.ORIGIN_HOUSEHOLD,
            whereabouts=row.get("school_attended"),
            note=f"户籍比对发现：{age} 周岁，经核实失学",
        )
    )
    out.out_of_school += 1


def roster_vs_attendance(idx: Indexes, policy: Policy, period: str, out: Comparison) -> None:
    """学籍 vs 在校: unexcused absence past the thresholds, in no ledger -> 名在人不在."""
    cutoff = policy.window(period)[1]
    frame = idx.frames["attendance"]
    keys = frame[KEYS].tolist()
    unexcused = [p for p, t in enumerate(_col(frame, "absence_type")) if t == "3"]
    results = _visit_results(idx.frames.get("return-visits"))
    for pos in unexcused:
        row = row_at(frame, pos)
        days = run_days(row, cutoff, policy)
        reported = idx.in_ledger(keys[pos]) or keys[pos] in idx.lawful
        if not policy.past(days, policy.suspected_days) or reported:
            continue
        failed = counts.failed_return([r for k in keys[pos] for r in results.get(k, [])])
        _absent_case(row, days, failed, policy, period, out)


def _visit_results(visits: pd.DataFrame | None) -> dict[tuple[str, str], list[Any]]:
    """Every 劝返 result of the county's 劝返记录, by each key of the pupil."""
    results: dict[tuple[str, str], list[Any]] = {}
    if visits is None or not len(visits):
        return results
    for keys, result in zip(visits[KEYS].tolist(), _col(visits, "result"), strict=True):
        for key in keys:
            results.setdefault(key, []).append(result)
    return results


def _absent_case(
    row: dict[str, Any], days: int, failed: bool, policy: Policy, period: str, out: Comparison
) -> None:
    """An absence in no ledger: 辍学 past the threshold once 劝返 has failed, else 疑似."""
    overdue = policy.past(days, policy.dropout_days)
    dropout = overdue and failed
    ledger = "辍学台账" if dropout else "疑似辍学台账"
    name = row.get("name") or ""
    out.findings.append(at_row(row, "absent-not-in-ledger", name=name, days=days, ledger=ledger))
    if overdue and not failed:
        out.findings.append(
            at_row(row, "suspected-overdue", name=name, days=days, threshold=policy.dropout_days)
        )
    out.rows.append(
        result_row(
            "学籍与在校", row, f"名在人不在：应列入{ledger}", detail=f"无故连续缺勤 {days} 个上课日"
        )
    )
    note = f"县区考勤比对发现：无故连续缺勤 {days} 个上课日"
    if dropout:
        new = ledger_row(
            row,
            dropout_month=period,
            status=counts.DROPOUT_OPEN,
            origin=counts.ORIGIN_ATTENDANCE,
            note=note,
        )
    else:
        new = ledger_row(
            row,
            first_absence=row.get("run_start"),
            absent_days=days,
            status=counts.SUSPECTED_TRACKING,
            origin=counts.ORIGIN_ATTENDANCE,
            note=note,
        )
    out.added.setdefault("dropout" if dropout else "suspected", []).append(new)


def dropout_vs_poverty(table: SheetTable, idx: Indexes, out: Comparison) -> list[bool]:
    """辍学 vs 脱贫户: an open dropout whose ID is in the poverty list; returns the match flags."""
    heads: dict[str, Any] = {}
    for ident, head in zip(
        _col(table.data, "id_number"), _col(table.data, "household_head"), strict=True
    ):
        for key in pupil_keys(ident, None, None, None):
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
        status, how, kind, hit = _platform_status(idx, keys_of(row))
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
    coverage: Coverage | None = None,
) -> Comparison:
    """Run every comparison the reference lists allow; the 户籍 one knows which schools' rolls
    it covers (with none, one finding says so instead of a row per child)."""
    idx = Indexes(frames)
    out = Comparison()
    if refs.household is not None:
        # told nothing, the rolls merged are all there is to cover
        coverage = coverage or Coverage(frames["roster"]["school_code"].nunique())
        if not coverage.covered:
            _, said = _coverage_params(coverage)
            out.findings.append(
                make_finding(
                    "comparison-not-covered",
                    file=refs.household.path,
                    sheet=refs.household.sheet,
                    reasons=said["reasons"],
                )
            )
        else:
            household_vs_roster(refs.household, idx, policy, period, county_code, out, coverage)
        out.coverage = coverage.with_counted(out.last_roll)
        out.rows += not_covered_rows(out.coverage)
    roster_vs_attendance(idx, policy, period, out)
    if refs.poverty is not None:
        frames["dropout"]["poverty_matched"] = dropout_vs_poverty(refs.poverty, idx, out)
    if refs.platform is not None:
        platform_check(refs.platform, idx, out)
    return out
