"""Which received workbooks count: expected vs received, wrong period, outsiders, resent."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from core.model.findings import Finding, make_finding
from core.rollup.model import LEVEL_LABELS, PREFIX_LEN, UnitInput, UnitStatus, parent_code
from core.rollup.regions import region_name

_RESEND_HINT = "请该单位报送本期的汇总工作簿。"


@dataclass
class Selection:
    """The outcome of sorting the inbox."""

    accepted: list[UnitInput] = field(default_factory=list)
    statuses: list[UnitStatus] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def guess_parent(codes: list[str], level: str) -> str:
    """This level's code from its units' codes: the commonest shared prefix."""
    prefixes = Counter(parent_code(c, level) for c in codes if c)
    return prefixes.most_common(1)[0][0] if prefixes else "0" * 6


def belongs(code: str, parent: str, level: str) -> bool:
    """Whether a unit's code falls under this level's code."""
    n = PREFIX_LEN[level]
    return code[:n] == parent[:n] and code != parent


def select(
    units: list[UnitInput],
    level: str,
    period: str,
    parent: str,
    expected: dict[str, str] | None,
    derived: bool = False,
) -> Selection:
    """Sort received units into accepted, superseded and rejected; list the missing ones."""
    sel = Selection()
    candidates: dict[str, list[UnitInput]] = {}
    for u in units:
        if u.name in ("", u.code):  # a workbook without its own name: the list names it
            u.name = (expected or {}).get(u.code) or region_name(u.code) or u.code
        status = _reject_reason(u, level, period, parent, expected)
        if status is not None:
            sel.statuses.append(status)
            sel.findings.extend(status.findings)
        else:
            candidates.setdefault(u.code, []).append(u)
    newest_first = [sorted(g, key=_recency, reverse=True) for g in candidates.values()]
    covering = _covering([group[0] for group in newest_first])
    for newest, *older in newest_first:
        outer = covering.get(newest.code)
        if outer is not None:
            for u in (newest, *older):
                _drop(sel, u, "covered-unit", outer=f"{outer.name}（{outer.code}）")
            continue
        sel.accepted.append(newest)
        sel.statuses.append(UnitStatus(newest.path, newest.code, newest.name, "accepted"))
        for old in older:
            _drop(sel, old, "superseded-unit", newer=newest.path)
    sel.accepted.sort(key=lambda u: u.code)
    received = {u.code for u in sel.accepted} | covering.keys()
    for code, name in sorted((expected or {}).items()):
        if code not in received:
            sel.missing.append((code, name))
            variant = "derived" if derived else ""
            sel.findings.append(
                make_finding("missing-unit", variant, school_code=code, unit=name, unit_code=code)
            )
    return sel


def _reject_reason(
    u: UnitInput, level: str, period: str, parent: str, expected: dict[str, str] | None
) -> UnitStatus | None:
    wrong = wrong_level(u, level, expected)
    if wrong is not None:
        return UnitStatus(u.path, u.code, u.name, "rejected", [wrong])
    if u.period != period:
        f = make_finding(
            "wrong-period",
            file=u.path,
            school_code=u.code,
            value=u.period or "（未填）",
            expected=period,
        ).with_(hint=_RESEND_HINT)
        return UnitStatus(u.path, u.code, u.name, "rejected", [f])
    outside = (u.code not in expected) if expected else not belongs(u.code, parent, level)
    if outside:
        f = make_finding(
            "unknown-unit",
            file=u.path,
            school_code=u.code,
            value=u.code,
            unit=u.name or u.code,
            parent=parent,
        )
        return UnitStatus(u.path, u.code, u.name, "rejected", [f])
    return None


_BELOW = {"prefecture": "county", "province": "prefecture"}
"""The level each roll-up sums."""


def wrong_level(u: UnitInput, level: str, expected: dict[str, str] | None) -> Finding | None:
    """A unit that is not of the level below: a prefecture's or a province's own level or above,
    or a county given to a province that does not list it (a 省直管县 is listed in --units)."""
    below = _BELOW[level]
    if u.level == below:
        return None
    if level == "province" and u.level == "county" and expected and u.code in expected:
        return None
    return make_finding(
        "wrong-level-unit",
        file=u.path,
        school_code=u.code,
        value=LEVEL_LABELS.get(u.level, u.level),
        unit_level=LEVEL_LABELS.get(u.level, u.level),
        unit=f"{u.name or u.code}（{u.code}）",
        level=LEVEL_LABELS[level],
        below=LEVEL_LABELS[below],
    )


def _drop(sel: Selection, u: UnitInput, code: str, **params: str) -> None:
    f = make_finding(code, file=u.path, school_code=u.code, unit=u.name or u.code, **params)
    sel.statuses.append(UnitStatus(u.path, u.code, u.name, "superseded", [f]))
    sel.findings.append(f)


def _covering(units: list[UnitInput]) -> dict[str, UnitInput]:
    """Code of a received county -> the received prefecture workbook that already counts it.

    A province inbox may hold a prefecture's workbook beside the county workbooks it was made
    from (or a 省直管县 that also sent its own); counting both would count those pupils twice."""
    received = {u.code for u in units if u.level == "county"}
    return {c: u for u in units if u.level != "county" for c in u.members if c in received}


def _recency(u: UnitInput) -> tuple[dt.date, dt.datetime]:
    return (u.made_on or dt.date.min, u.modified or dt.datetime.min)
