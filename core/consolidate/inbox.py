"""The inbox: identify each file by its content and sort the month's submissions.

A file is known by the 学校标识码 and 填报月份 it carries (the info sheet, else the title rows,
else the data), never by its name. Against the school list each file is accepted, rejected
(wrong period, unknown school, unidentified), superseded (the school sent a newer one) or
unreadable; schools of the list with nothing accepted are missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from core.catalogue.school_monthly import SCHOOL_MONTHLY
from core.consolidate.result import (
    ACCEPTED,
    REJECTED,
    SKIPPED,
    SUPERSEDED,
    UNREADABLE,
    Submission,
)
from core.consolidate.school_names import match_name
from core.model.finding_types import FINDING_TYPES
from core.model.findings import Finding, make_finding
from core.policy import Policy
from core.reader.model import WorkbookRead


@dataclass(frozen=True)
class SchoolEntry:
    """One school of the county's list."""

    code: str
    name: str
    county_code: str | None = None
    town: str | None = None
    """乡镇(街道) when the school list has that column."""


def identify(wb: WorkbookRead, sub: Submission) -> None:
    """Fill the submission's school, period and fill date from the workbook's content."""
    identity = wb.identity()
    sub.school_code = identity.school_code
    sub.period = identity.period
    sub.period_from = identity.period_from
    sub.fill_date = identity.fill_date
    sub.school = identity.school_name
    sub.county_code = identity.county_code
    sub.modified = wb.modified or sub.modified
    sub.family = wb.family.title if wb.family is not None else None


def _reject(sub: Submission, finding: Finding) -> Finding:
    sub.status = REJECTED
    sub.findings.append(finding)
    return finding


def _screen(sub: Submission, schools: dict[str, SchoolEntry] | None, period: str) -> list[Finding]:
    """Reject a file that is unidentified, for another period or from an unknown school; say
    when the school was known by its name or the period by the title rows or file name."""
    if sub.family not in (None, SCHOOL_MONTHLY.title):
        found = make_finding(
            "unidentified-submission", "not-school", family=sub.family, **_where(sub)
        )
        return [_reject(sub, found)]
    assumed = _by_name(sub, schools)
    where = _where(sub)
    if not sub.school_code:
        return [_reject(sub, make_finding("unidentified-submission", **where))]
    if sub.period != period:
        got = sub.period or "（未填写）"
        return [_reject(sub, make_finding("wrong-period", value=got, expected=period, **where))]
    if schools is not None and sub.school_code not in schools:
        return [_reject(sub, make_finding("unknown-school", value=sub.school_code, **where))]
    if sub.period_from in _PERIOD_ASSUMED:
        variant = f"period-{sub.period_from}"
        assumed.append(make_finding("identity-assumed", variant, period=sub.period, **where))
    sub.findings += assumed
    return assumed


_PERIOD_ASSUMED = ("title", "file")


def _where(sub: Submission) -> dict[str, Any]:
    return {"file": sub.path, "school_code": sub.school_code}


def _by_name(sub: Submission, schools: dict[str, SchoolEntry] | None) -> list[Finding]:
    """A school report with no 学校标识码 placed by its school's name (info sheet, else file
    name)."""
    code = sub.school_code or ""
    if schools is None or (len(code) == _CODE_LENGTH and code.isdigit()):
        return []
    if sub.family != SCHOOL_MONTHLY.title:  # no school form at all: no school report either
        return []
    names = {c: e.name for c, e in schools.items()}
    entry = match_name([sub.school, PurePath(sub.path).name], schools, names)
    if entry is None:
        return []
    sub.school_code = entry.code
    name = sub.school or PurePath(sub.path).stem
    found = make_finding(
        "identity-assumed", "school-name", name=name, school=entry.name, **_where(sub)
    )
    return [found]


_CODE_LENGTH = 10


def _newest_first(sub: Submission) -> tuple[Any, ...]:
    fill = sub.fill_date or dt.date.min
    mtime = sub.modified.replace(tzinfo=None) if sub.modified else dt.datetime.min
    return (fill, mtime, sub.path)


def _pick_newest(group: list[Submission]) -> list[Finding]:
    """Accept the newest file of one school; the others are superseded but kept."""
    ordered = sorted(group, key=_newest_first, reverse=True)
    found = []
    for old in ordered[1:]:
        old.status = SUPERSEDED
        f = make_finding(
            "superseded-submission",
            file=old.path,
            school_code=old.school_code,
            newer=ordered[0].path,
        )
        old.findings.append(f)
        found.append(f)
    return found


def _late(sub: Submission, policy: Policy, period: str) -> list[Finding]:
    due = policy.due_date(period)
    sub.on_time = sub.fill_date is None or sub.fill_date <= due
    if sub.on_time:
        return []
    f = make_finding(
        "late-submission",
        file=sub.path,
        school_code=sub.school_code,
        value=sub.fill_date.isoformat(),
        deadline=due.isoformat(),
    )
    sub.findings.append(f)
    return [f]


def classify(
    subs: list[Submission], schools: dict[str, SchoolEntry] | None, period: str, policy: Policy
) -> tuple[list[Finding], list[dict[str, str]]]:
    """Set each submission's status; return the inbox findings and the missing schools."""
    findings: list[Finding] = []
    groups: dict[str, list[Submission]] = {}
    for sub in subs:
        if sub.status in (UNREADABLE, SKIPPED):
            continue
        findings += _screen(sub, schools, period)
        if sub.status == ACCEPTED:
            groups.setdefault(sub.school_code or "", []).append(sub)
    for code, group in groups.items():
        findings += _pick_newest(group)
        if schools is not None:
            for sub in group:
                sub.school = schools[code].name
    for sub in subs:
        if sub.status == ACCEPTED:
            findings += _late(sub, policy, period)
    missing = [
        {"school_code": e.code, "school": e.name}
        for e in (schools or {}).values()
        if e.code not in groups
    ]
    findings += [_missing(m["school_code"], m["school"]) for m in missing]
    return findings, missing


def _missing(code: str, name: str) -> Finding:
    # The message names the code, which make_finding keeps as a field rather than a parameter.
    ftype = FINDING_TYPES["missing-submission"]
    message = ftype.messages[""].format(school=name, school_code=code)
    return Finding(ftype.code, ftype.severity, message, hint=ftype.hint, school_code=code)
