"""Grade numbers under the school's 学制: under 5+4, 初一..初四 are grades 6..9.

A school's 学制 is the county's school list's (学校名录 学制 column) when it names one, else the
school's own 填报信息 学制 field, else the policy's ``[age] school_system``
(``policy_for_school``): the rules then see a policy carrying that school's 学制.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

from core.catalogue.codelists import GRADE
from core.policy import SCHOOL_SYSTEMS, Policy
from core.reader.model import SheetTable, WorkbookRead
from core.rules.base import Context, column

SchoolSystems = Mapping[str, str]
"""学校标识码 -> 学制 ("6+3" or "5+4"), from the county's school list."""


def school_system(wb: WorkbookRead, policy: Policy, listed: SchoolSystems | None = None) -> str:
    """The 学制 of a workbook's school: the school list's, its 填报信息's, else the policy's."""
    code = wb.identity().school_code
    if listed and code and listed.get(code) in SCHOOL_SYSTEMS:
        return listed[code]
    info = wb.record("info")
    own = info.values.get("school_system") if info else None
    return own if own in SCHOOL_SYSTEMS else policy.school_system


def policy_for_school(
    wb: WorkbookRead, policy: Policy, listed: SchoolSystems | None = None
) -> Policy:
    """The policy with the 学制 of the workbook's school (the same object when it agrees)."""
    system = school_system(wb, policy, listed)
    return policy if system == policy.school_system else replace(policy, school_system=system)


_JUNIOR = re.compile(r"^初(?:中)?([一二三四1-4])(?:年级)?$")
"""A grade written by its year of 初中 (初一, 初中二年级, 初3)."""
_NUMERALS = "一二三四"
_YEAR = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def junior_year(raw: object) -> int | None:
    """The year of 初中 a grade cell names (初二 -> 2), None for a numbered grade."""
    if not isinstance(raw, str):
        return None
    m = _JUNIOR.match(unicodedata.normalize("NFKC", raw).replace(" ", ""))
    return _YEAR[m.group(1)] if m else None


def grade_codes(ctx: Context, t: SheetTable) -> pd.Series:
    """Each row's grade code ("1".."9") as the school's 学制 (the context's policy) reads it.

    The catalogue's code list reads 初一..初三 as grades 7..9 (6+3). Under 5+4 a cell naming
    its 初中 year is grade 小学 years + that year; numbered grades (六年级) keep their number.
    """
    codes = column(t, "grade")
    primary = ctx.policy.primary_years
    if primary == 6 or "grade" not in t.columns:
        return codes
    years = [junior_year(v) for v in column(t, "grade", raw=True)]
    return pd.Series(
        [
            str(primary + y) if y is not None and isinstance(c, str) else c
            for c, y in zip(codes, years, strict=True)
        ],
        index=codes.index,
        dtype=object,
    )


def grade_names(ctx: Context, t: SheetTable) -> pd.Series:
    """Each row's grade as a message names it: 七年级; under 5+4 a 初中 year with its grade
    number, 初一（六年级）, so the clerk sees how the cell was read."""
    codes = grade_codes(ctx, t)
    labels = codes.map(lambda g: GRADE.label(g) if isinstance(g, str) else "")
    if ctx.policy.primary_years == 6 or "grade" not in t.columns:
        return labels
    years = [junior_year(v) for v in column(t, "grade", raw=True)]
    return pd.Series(
        [
            f"初{_NUMERALS[y - 1]}（{lab}）" if y and lab else lab
            for lab, y in zip(labels, years, strict=True)
        ],
        index=codes.index,
        dtype=object,
    )
