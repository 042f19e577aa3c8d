"""Roll-ups over a range of months (a semester, a school year): the monthly series per unit.

``rollup --period 2026-09..2027-01`` reads a folder holding several months' workbooks of the
level below (each identified by the period it reports, never by its file name), and per month
runs the one-period roll-up's selection and figures (core.rollup.run, core.rollup.selection), so
every count means what it means in the monthly roll-up. Per unit it then lays out:

- the monthly series of the counts (在籍, 在校, 疑似辍学, 辍学, 返校) and of the findings in the
  unit's own workbook by severity, whether and when each month was reported;
- the case outcomes read from the counties' 个案台账 and 销号记录 (core.rollup.cases.case_counts
  per workbook): opened, ended, back at school, 销号, open at the end, the share closed and the
  median days a closed case was open;
- the figures that move in ways that deserve a look, each with why, by the policy's
  [rollup_range] thresholds (core.rollup.range_flags);
- the months each unit did not report (range-months-missing).

Only counts leave this module: no name or ID number reaches the range workbook.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from core.catalogue.counts import CASE_KEYS, RATE_COUNT_KEYS
from core.mapping import NO_MAPPING, Mapping
from core.model.books import RangeBook
from core.model.findings import SEVERITY_LABELS, Finding, Severity, make_finding, sort_key
from core.policy import Policy, default_policy
from core.progress import Progress
from core.reader.model import WorkbookRead
from core.rollup import run
from core.rollup.cases import OPEN_LABELS, CaseCounts, CountyCases
from core.rollup.model import LEVEL_LABELS, UnitInput, UnitStatus, finding_json
from core.rollup.range_flags import SERIES_COUNTS, flags
from core.rollup.selection import select

RANGE_RE = re.compile(r"^(\d{4}-(?:0[1-9]|1[0-2]))\.\.(\d{4}-(?:0[1-9]|1[0-2]))$")
MAX_MONTHS = 24
SEVERITY_KEYS = {
    Severity.ERROR: "errors",
    Severity.WARNING: "warnings",
    Severity.QUERY: "queries",
    Severity.INFO: "notes",
}
_BELOW = {"prefecture": "county", "province": "prefecture"}


def range_periods(text: str) -> list[str] | None:
    """The months of FIRST..LAST (both YYYY-MM, FIRST not after LAST, at most MAX_MONTHS)."""
    m = RANGE_RE.match(text or "")
    if not m:
        return None
    first, last = m.groups()
    periods = [first]
    while periods[-1] < last and len(periods) <= MAX_MONTHS:
        periods.append(_next(periods[-1]))
    return periods if periods[-1] == last and len(periods) <= MAX_MONTHS else None


def _next(period: str) -> str:
    year, month = (int(x) for x in period.split("-"))
    return f"{year + 1}-01" if month == 12 else f"{year}-{month + 1:02d}"


@dataclass
class BookExtras:
    """What the range needs of one unit workbook besides its UnitInput."""

    severities: dict[str, int]
    """Rows of the workbook's own 问题清单 by severity key (errors, warnings, queries, notes)."""
    cases: list[CountyCases] = field(default_factory=list)
    """The case figures of the counties in the workbook: a county workbook's own (from its
    个案台账), a prefecture workbook's counties (its 个案汇总 rows); empty without them."""
    ended_days: list[int] | None = None
    """已跟踪天数 of every case of a county workbook's 个案台账 that ended this month; None when
    not known (a roll-up workbook: medians do not travel up)."""
    members: list[dict[str, Any]] = field(default_factory=list)
    """A roll-up workbook's 单位汇总 rows (the units below it), its total row left out."""
    schools_on_time: int | None = None
    """A county workbook's schools whose report came on time (学校汇总 是否按时 = 是)."""


def book_extras(wb: WorkbookRead, unit: UnitInput) -> BookExtras:
    """The severities, case figures and member rows of a unit's workbook."""
    extras = BookExtras(_severities(wb), cases=list(unit.cases))
    schools = wb.table("county-schools")
    if schools is not None and {"school_code", "on_time"} <= set(schools.data.columns):
        named = schools.data[schools.data["school_code"].notna()]
        extras.schools_on_time = int((named["on_time"] == True).sum())  # noqa: E712
    if unit.level == "county" and unit.cases:
        extras.ended_days = _ended_days(wb)
    summary = wb.table("units")
    if unit.level != "county" and summary is not None and "unit_code" in summary.data:
        for _, row in summary.data.iterrows():
            code = row.get("unit_code")
            if isinstance(code, str) and len(code) == 6 and code != unit.code:
                extras.members.append({k: _plain(v) for k, v in row.items()})
    return extras


def _severities(wb: WorkbookRead) -> dict[str, int]:
    out = dict.fromkeys(SEVERITY_KEYS.values(), 0)
    table = wb.table("findings") or wb.table("unit-findings")
    if table is None or "severity" not in table.data:
        return out
    by_label = {label: SEVERITY_KEYS[s] for s, label in SEVERITY_LABELS.items()}
    for value in table.data["severity"]:
        key = by_label.get(str(value).strip()) if isinstance(value, str) else None
        if key:
            out[key] += 1
    return out


def _ended_days(wb: WorkbookRead) -> list[int]:
    cases = wb.table("cases")
    if cases is None or not {"case_state", "age_days"} <= set(cases.data.columns):
        return []
    ended = cases.data[~cases.data["case_state"].isin(OPEN_LABELS)]
    return [int(a) for a in pd.to_numeric(ended["age_days"], errors="coerce").dropna()]


def _plain(value: Any) -> Any:
    if isinstance(value, float) and pd.isna(value):
        return None
    return value


@dataclass
class RangeResult:
    """The range roll-up: every unit's series, outcomes, flags, reporting and findings."""

    level: str
    periods: list[str]
    unit_code: str
    unit_name: str
    units: list[UnitStatus] = field(default_factory=list)
    series: list[dict[str, Any]] = field(default_factory=list)
    """One row per unit and month (SERIES keys), units in code order, months in order."""
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)
    reporting: list[dict[str, Any]] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)
    """Unit code -> the months of the range it did not report."""
    findings: list[Finding] = field(default_factory=list)
    evaluation: Any = None
    """The yearly evaluation (core.rollup.evaluation.Evaluation) when asked for."""
    out_path: Path | None = None
    notes: list[str] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def first(self) -> str:
        """The range's first month."""
        return self.periods[0]

    @property
    def last(self) -> str:
        """The range's last month."""
        return self.periods[-1]

    def book(self, units_expected: int) -> RangeBook:
        """What the range workbook shows."""
        ev = self.evaluation
        return RangeBook(
            level_label=LEVEL_LABELS[self.level],
            first=self.first,
            last=self.last,
            unit_code=self.unit_code,
            unit_name=self.unit_name,
            units_expected=units_expected,
            months_due=len(self.periods),
            series=self.series,
            outcomes=self.outcomes,
            flags=self.flags,
            reporting=self.reporting,
            findings=self.findings,
            evaluation=ev is not None,
            indicators=ev.indicators if ev is not None else [],
            july=ev.july if ev is not None else [],
            deadline=ev.deadline if ev is not None else None,
        )

    def unit_names(self) -> dict[str, str]:
        """Unit code -> name, for every unit of the series."""
        return {r["unit_code"]: r["unit_name"] for r in self.series}

    def to_json(self) -> dict[str, Any]:
        """The `rollup --period FIRST..LAST --json` document (docs/cli.md)."""
        from core.model.findings import severity_counts

        doc = {
            "level": self.level,
            "first_period": self.first,
            "last_period": self.last,
            "periods": self.periods,
            "unit_code": self.unit_code,
            "unit": self.unit_name,
            "units": [u.to_json(False) for u in self.units],
            "series": [_json_row(r) for r in self.series],
            "outcomes": [_json_row(r) for r in self.outcomes],
            "flags": self.flags,
            "reporting": [_json_row(r) for r in self.reporting],
            "missing": [
                {"unit_code": c, "unit": self.unit_names().get(c), "months": m}
                for c, m in self.missing.items()
            ],
            "finding_counts": severity_counts(self.findings),
            "findings": [finding_json(f, False) for f in self.findings],
            "out": str(self.out_path) if self.out_path else None,
            "notes": self.notes,
        }
        if self.evaluation is not None:
            doc["evaluation"] = self.evaluation.to_json()
        return doc


def _json_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items()}


def rollup_range(
    inbox: str | Path | Sequence[str | Path],
    level: str,
    periods: list[str],
    out: Path,
    *,
    units: str | Path | None = None,
    policy: Policy | None = None,
    mapping: Mapping = NO_MAPPING,
    progress: Progress | None = None,
    evaluation: bool = False,
    as_of: dt.date | None = None,
    unit_code: str | None = None,
    unit_name: str | None = None,
) -> RangeResult:
    """Roll a folder of several months' workbooks up over `periods`, write the range workbook
    (or the yearly evaluation workbook when `evaluation`)."""
    from core.writers.range_writer import write_range

    if level not in run.LEVELS or not periods:
        raise ValueError(f"level must be one of {run.LEVELS}, periods a non-empty list")
    policy = policy or default_policy()
    extras: dict[str, BookExtras] = {}
    received, statuses, findings, files = run._read_inbox(
        inbox,
        level,
        progress,
        mapping,
        lambda wb, u: extras.__setitem__(wb.path, book_extras(wb, u)),
    )
    inside = [u for u in received if u.period in periods]
    outside = len(received) - len(inside)
    expected = run._expected(units, {}, mapping)
    parent, name, expected, derived = run._this_level(inside, level, expected, unit_code, unit_name)
    result = RangeResult(level, periods, parent, name, files=files)
    if outside:
        result.notes.append(
            f"收件箱中有 {outside} 个汇总工作簿的月份不在 {periods[0]} 至 {periods[-1]} 内，"
            "未使用。"
        )
    month_rows: dict[str, dict[str, dict[str, Any]]] = {}
    accepted: dict[tuple[str, str], UnitInput] = {}
    seen: dict[str, tuple[str, str]] = {}
    for period in periods:
        sel = select(
            [u for u in inside if u.period == period], level, period, parent, expected, derived
        )
        rows, unit_findings = run._figures(sel, policy.window(period))
        month_rows[period] = {r["unit_code"]: r for r in rows[:-1] if r.get("submitted")}
        for u in sel.accepted:
            accepted[(u.code, period)] = u
            seen.setdefault(u.code, (u.name, u.level))
        statuses += sel.statuses
        findings += [f for f in sel.findings if f.code != "missing-unit"] + unit_findings
    due = dict(expected) if expected else {c: n for c, (n, _lvl) in seen.items()}
    below = _BELOW[level]
    top = {c: (seen.get(c, (n, below))[0] or n, seen.get(c, (n, below))[1]) for c, n in due.items()}
    result.units = statuses
    result.series = _series(top, periods, month_rows, accepted, extras, policy)
    members = _member_series(periods, accepted, extras, policy, set(top))
    result.series += members
    outcomes = _outcomes(top, periods, accepted, extras, (level, parent, name))
    result.outcomes = [{k: v for k, v in r.items() if k != "_periods"} for r in outcomes]
    result.flags = flags(result.series, policy)
    result.reporting = reporting(result.series, periods)
    if evaluation:
        from core.rollup.evaluation import evaluate

        result.evaluation = evaluate(result, policy, as_of or dt.date.today())
        findings += result.evaluation.findings
    else:
        findings += _missing_findings(result)
    result.missing = {
        r["unit_code"]: r["months_missing"].split("、")
        for r in result.reporting
        if r["months_missing"]
    }
    result.findings = [run.masked_finding(f, frozenset()) for f in sorted(findings, key=sort_key)]
    if level == "province" and not result.outcomes and accepted:
        result.notes.append(
            "地市汇总工作簿都没有个案汇总：各县区用个案登记册汇总（consolidate --register）后，"
            "地市汇总才有个案汇总，省级才能计算个案成效。"
        )
    if progress:
        progress.step(1, 1, "写出多月汇总工作簿")
    written = write_range(result.book(len(top)), Path(out))
    result.out_path = written.path
    result.notes += [written.note] if written.note else []
    return result


def _on_time(made_on: Any, period: str, unit_level: str, policy: Policy) -> bool | None:
    if not isinstance(made_on, dt.date):
        return None
    days = policy.range_county_days if unit_level == "county" else policy.range_prefecture_days
    made = made_on.date() if isinstance(made_on, dt.datetime) else made_on
    return made <= policy.due_date(period) + dt.timedelta(days=days)


def _series(
    top: dict[str, tuple[str, str]],
    periods: list[str],
    month_rows: dict[str, dict[str, dict[str, Any]]],
    accepted: dict[tuple[str, str], UnitInput],
    extras: dict[str, BookExtras],
    policy: Policy,
) -> list[dict[str, Any]]:
    out = []
    for code, (name, unit_level) in sorted(top.items()):
        for period in periods:
            row = month_rows[period].get(code)
            unit = accepted.get((code, period))
            base = {
                "unit_level": LEVEL_LABELS.get(unit_level, unit_level),
                "unit_code": code,
                "unit_name": name,
                "period": period,
                "submitted": row is not None,
            }
            if row is not None and unit is not None:
                base.update(_figures_of(row))
                base["made_on"] = unit.made_on
                base["on_time"] = _on_time(unit.made_on, period, unit.level, policy)
                if unit.path in extras:
                    base.update(extras[unit.path].severities)
                    base["schools_on_time"] = extras[unit.path].schools_on_time
            out.append(base)
    return out


def _figures_of(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("schools_expected", "schools_received", *(k for k, _ in SERIES_COUNTS), *CASE_KEYS)
    keys += tuple(k for k in RATE_COUNT_KEYS if k not in keys)  # what the year's rates divide
    return {k: row.get(k) for k in keys}


def _member_series(
    periods: list[str],
    accepted: dict[tuple[str, str], UnitInput],
    extras: dict[str, BookExtras],
    policy: Policy,
    top: set[str],
) -> list[dict[str, Any]]:
    """The units below the units rolled up (a province's counties), from the 单位汇总 rows of
    each prefecture's month workbook; a month whose prefecture did not report is not reported."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    names: dict[str, str] = {}
    for (_code, period), unit in accepted.items():
        for m in extras.get(unit.path, BookExtras({})).members:
            code = m["unit_code"]
            if code in top:
                continue
            names.setdefault(code, m.get("unit_name") or code)
            submitted = m.get("submitted") is True
            row = {"submitted": submitted}
            if submitted:
                row.update(_figures_of(m))
                row["made_on"] = m.get("made_on")
                row["on_time"] = _on_time(m.get("made_on"), period, "county", policy)
            rows[(code, period)] = row
    out = []
    for code in sorted(names):
        for period in periods:
            got = rows.get((code, period), {"submitted": False})
            out.append(
                {
                    "unit_level": LEVEL_LABELS["county"],
                    "unit_code": code,
                    "unit_name": names[code],
                    "period": period,
                    **got,
                }
            )
    return out


@dataclass
class _CaseMonth:
    """One county's case figures in one month of the range."""

    period: str
    counts: CaseCounts
    ended_days: list[int] | None


def _outcomes(
    top: dict[str, tuple[str, str]],
    periods: list[str],
    accepted: dict[tuple[str, str], UnitInput],
    extras: dict[str, BookExtras],
    own: tuple[str, str, str],
) -> list[dict[str, Any]]:
    """The range's case outcomes (docs/cli.md gives each formula): a row per county with case
    figures; a province's prefecture before its counties, the prefecture their sum; the range's
    own unit last, the sum of the rows above it at the level below. None without case figures."""
    level, parent, parent_name = own
    by_unit: dict[str, dict[str, list[_CaseMonth]]] = {}
    names: dict[str, str] = {}
    for period in periods:
        for code in sorted(top):
            unit = accepted.get((code, period))
            x = extras.get(unit.path) if unit is not None else None
            for county in x.cases if x is not None else []:
                names.setdefault(county.unit_code, county.unit_name)
                month = _CaseMonth(period, county.counts, x.ended_days)
                by_unit.setdefault(code, {}).setdefault(county.unit_code, []).append(month)
    out: list[dict[str, Any]] = []
    tops: list[dict[str, Any]] = []
    for code, (name, unit_level) in sorted(top.items()):
        counties = by_unit.get(code, {})
        if not counties:
            continue
        rows = [
            _outcome_row("county", c, names[c], months) for c, months in sorted(counties.items())
        ]
        if unit_level == "county":
            tops += rows
            out += rows
            continue
        total = _outcome_total(unit_level, code, name, rows)
        tops.append(total)
        out += [total, *rows]
    if tops:
        out.append(_outcome_total(level, parent, parent_name, tops))
    return out


def _outcome_row(level: str, code: str, name: str, months: list[_CaseMonth]) -> dict[str, Any]:
    """One county's outcomes over its months with case figures."""
    cases = [m.counts for m in months]
    last = cases[-1]
    ended = sum(c.ended for c in cases)
    returned = [c.returned for c in cases]
    days = [m.ended_days for m in months]
    ages = [d for m in days if m is not None for d in m]
    row = {
        "unit_level": LEVEL_LABELS[level],
        "unit_code": code,
        "unit_name": name,
        "case_months": len(months),
        "opened": sum(c.opened for c in cases),
        "ended": ended,
        "returns": None if None in returned else sum(returned),
        "closed": sum(sum(c.closed_by_reason.values()) for c in cases),
        "open_end": last.open,
        "long_open_end": last.long_open,
        "median_days": float(statistics.median(ages)) if ages and None not in days else None,
        "_periods": {m.period for m in months},
    }
    return _shared(row)


def _outcome_total(level: str, code: str, name: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The rows' counts added (a prefecture's counties, the range's own unit); no median."""
    keys = ("opened", "ended", "closed", "open_end", "long_open_end")
    returns = [r["returns"] for r in rows]
    periods = set().union(*(r["_periods"] for r in rows))
    row = {
        "unit_level": LEVEL_LABELS.get(level, level),
        "unit_code": code,
        "unit_name": name,
        "case_months": len(periods),
        **{k: sum(r[k] for r in rows) for k in keys},
        "returns": None if None in returns else sum(returns),
        "median_days": None,
        "_periods": periods,
    }
    return _shared(row)


def _shared(row: dict[str, Any]) -> dict[str, Any]:
    """结案比例(%): ended ÷ (ended + open at the end), every case tracked in the range."""
    tracked = row["ended"] + row["open_end"]
    row["share_closed"] = round(100 * row["ended"] / tracked, 2) if tracked else None
    return row


def reporting(series: list[dict[str, Any]], periods: list[str]) -> list[dict[str, Any]]:
    """Per unit: months due, reported, on time, missing; its schools' reports (a county)."""
    out = []
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for row in series:
        by_unit.setdefault(row["unit_code"], []).append(row)
    for code, rows in by_unit.items():
        sent = [r for r in rows if r["submitted"]]
        on_time = sum(1 for r in sent if r.get("on_time") is True)
        school_due = sum(r.get("schools_expected") or 0 for r in sent)
        school_got = sum(r.get("schools_received") or 0 for r in sent)
        timed = [r.get("schools_on_time") for r in sent]
        school_on_time = sum(timed) if sent and all(isinstance(t, int) for t in timed) else None
        out.append(
            {
                "unit_level": rows[0]["unit_level"],
                "unit_code": code,
                "unit_name": rows[0]["unit_name"],
                "months_due": len(periods),
                "months_reported": len(sent),
                "months_on_time": on_time,
                "months_missing": "、".join(r["period"] for r in rows if not r["submitted"])
                or None,
                "completeness": _pct(len(sent), len(periods)),
                "timeliness": _pct(on_time, len(sent)),
                "school_reports_due": school_due if sent else None,
                "school_reports": school_got if sent else None,
                "school_completeness": _pct(school_got, school_due),
                "school_reports_on_time": school_on_time,
                "school_timeliness": _pct(school_on_time, school_got)
                if school_on_time is not None
                else None,
            }
        )
    return out


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def _missing_findings(result: RangeResult) -> list[Finding]:
    out = []
    for r in result.reporting:
        if not r["months_missing"]:
            continue
        months = r["months_missing"].split("、")
        out.append(
            make_finding(
                "range-months-missing",
                school_code=r["unit_code"],
                value="、".join(months),
                unit=r["unit_name"],
                unit_code=r["unit_code"],
                months="、".join(months),
                first=result.first,
                last=result.last,
                due=len(result.periods),
                count=len(months),
            )
        )
    return out


__all__ = ["RANGE_RE", "RangeResult", "book_extras", "range_periods", "rollup_range"]
