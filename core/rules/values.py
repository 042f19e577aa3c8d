"""Field rules: required cells, code formats, phone numbers, approvals and impossible dates."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

import pandas as pd

from core.catalogue.codelists import (
    COMPULSORY_CATEGORIES,
    NEEDS_APPROVAL,
    SCHOOL_CATEGORIES,
    SCHOOLING,
)
from core.catalogue.schema import ValueType
from core.model.findings import Finding, Severity
from core.rules.base import (
    Context,
    blank,
    column,
    columns_of_type,
    findings_from_mask,
    is_blank,
    omap,
    record_finding,
)

NO_NUMBER_TYPE = "Z"
"""身份证件类型 其他: the number may be blank (docs/sources.md §3)."""


def required_missing(ctx: Context) -> list[Finding]:
    """Required cells are not empty (tested on the raw text: unparseable is not empty)."""
    out: list[Finding] = []
    for t in ctx.filled:
        keys = [c.key for c in t.form.columns if c.required and c.key in t.raw.columns]
        if not keys or t.raw.empty:
            continue
        empty = is_blank(t.raw[keys])  # one pass over the block, then only columns with gaps
        for key in (k for k in keys if empty[k].any()):
            mask = empty[key]
            if key == "id_number":
                mask &= column(t, "id_type") != NO_NUMBER_TYPE
            out += findings_from_mask(t, mask, "required-missing", key)
    for rec in ctx.workbook.records:
        for spec in rec.form.columns:
            if spec.required and spec.key in rec.cells and blank(rec.raw.get(spec.key)):
                out.append(record_finding(rec, spec.key, "required-missing"))
    return out


_CODE_RULES = {
    ValueType.SCHOOL_CODE: ("school", re.compile(r"^\d{10}$")),
    ValueType.COUNTY_CODE: ("county", re.compile(r"^\d{6}$")),
    ValueType.REGION_CODE: ("region", re.compile(r"^(\d{6}|\d{12})$")),
}


def _code_text(value: Any) -> str | None:
    if blank(value):
        return None
    return unicodedata.normalize("NFKC", str(value)).strip()


def code_invalid(ctx: Context) -> list[Finding]:
    """学校标识码 10 digits, 县区代码 6, 区划代码 6 or 12; the school code's province."""
    out: list[Finding] = []
    for t in ctx.filled:
        for spec in t.form.columns:
            if spec.type in _CODE_RULES and spec.key in t.columns:
                variant, pattern = _CODE_RULES[spec.type]
                texts = column(t, spec.key, raw=True).map(_code_text)
                mask = texts.map(lambda v, p=pattern: isinstance(v, str) and not p.match(v))
                out += findings_from_mask(t, mask, "code-invalid", spec.key, variant)
    for rec in ctx.workbook.records:
        out += _record_codes(rec)
    return out


def _record_codes(rec) -> list[Finding]:
    out = []
    good: dict[str, str] = {}
    for spec in rec.form.columns:
        if spec.type not in _CODE_RULES or spec.key not in rec.cells:
            continue
        variant, pattern = _CODE_RULES[spec.type]
        text = _code_text(rec.raw.get(spec.key))
        if text is None:
            continue
        if pattern.match(text):
            good[spec.type] = text
        else:
            out.append(record_finding(rec, spec.key, "code-invalid", variant, value=text))
    school, county = good.get(ValueType.SCHOOL_CODE), good.get(ValueType.COUNTY_CODE)
    if school and county and school[2:4] != county[:2]:
        # The code's digits 3-4 are the province (docs/sources.md §4); a warning, as sources vary.
        out.append(
            record_finding(
                rec,
                "school_code",
                "code-invalid",
                "province",
                value=school,
                severity=Severity.WARNING,
                county=county,
            )
        )
    return out


Problem = tuple[str, tuple[tuple[str, str], ...]]


def _category_problem(code: Any) -> Problem | None:
    """(variant, params) for a well-formed 学校标识码 whose category digits do not fit."""
    text = _code_text(code)
    if text is None or not _CODE_RULES[ValueType.SCHOOL_CODE][1].match(text):
        return None  # malformed codes are code-invalid's
    category = text[:2]
    if category not in SCHOOL_CATEGORIES:
        return "", (("category", category),)
    if category not in COMPULSORY_CATEGORIES:
        return "not-compulsory", (("category", category), ("kind", SCHOOL_CATEGORIES[category]))
    return None


def school_code_category(ctx: Context) -> list[Finding]:
    """A 学校标识码's first two digits are a known category of a school teaching 义务教育."""
    out: list[Finding] = []
    for t in ctx.filled:
        for key in columns_of_type(t, ValueType.SCHOOL_CODE):
            texts = column(t, key, raw=True).map(_code_text)
            problems = omap(texts, _category_problem)
            for problem in sorted(set(problems.dropna())):
                out += findings_from_mask(
                    t,
                    problems.map(lambda p, q=problem: p == q),
                    "school-code-category",
                    key,
                    problem[0],
                    value=texts,
                    **dict(problem[1]),
                )
    for rec in ctx.workbook.records:
        for spec in rec.form.columns:
            if spec.type != ValueType.SCHOOL_CODE or spec.key not in rec.cells:
                continue
            text = _code_text(rec.raw.get(spec.key))
            problem = _category_problem(text)
            if problem is not None:
                out.append(
                    record_finding(
                        rec,
                        spec.key,
                        "school-code-category",
                        problem[0],
                        value=text,
                        **dict(problem[1]),
                    )
                )
    return sorted(out, key=lambda f: (f.sheet or "", f.row or 0))


_PHONE_CHARS = re.compile(r"[\s\-—()（）]")
_PHONE = re.compile(r"^(?:(?:\+?86)?1[3-9]\d{9}|0\d{2,3}\d{7,8}(?:转\d{1,6})?)$")


def phone_ok(value: Any) -> bool:
    """A mobile number (11 digits) or a landline with its area code; several split by / or 、."""
    if isinstance(value, str) and _PHONE.match(value):
        return True  # the common case, without splitting and cleaning
    text = unicodedata.normalize("NFKC", str(value))
    parts = [_PHONE_CHARS.sub("", p) for p in re.split(r"[/、,;，；]", text)]
    return all(_PHONE.match(p) for p in parts if p) and any(parts)


def phone_invalid(ctx: Context) -> list[Finding]:
    """Phone numbers look like phone numbers (a warning)."""
    out: list[Finding] = []
    for t in ctx.filled:
        for key in columns_of_type(t, ValueType.PHONE):
            raw = column(t, key, raw=True)
            mask = raw.map(lambda v: not blank(v) and not phone_ok(v))
            out += findings_from_mask(t, mask, "phone-invalid", key)
    for rec in ctx.workbook.records:
        for spec in rec.form.columns:
            value = rec.raw.get(spec.key)
            if spec.type is ValueType.PHONE and not blank(value) and not phone_ok(value):
                out.append(record_finding(rec, spec.key, "phone-invalid"))
    return out


def lawful_status_no_approval(ctx: Context) -> list[Finding]:
    """休学 and 延缓入学 carry a 批准文号 (a query)."""
    out: list[Finding] = []
    for t in ctx.filled:
        if "schooling" not in t.columns:
            continue
        status = column(t, "schooling")
        mask = status.isin(NEEDS_APPROVAL) & is_blank(column(t, "approval_no", raw=True))
        key = "approval_no" if "approval_no" in t.columns else "schooling"
        out += findings_from_mask(
            t,
            mask,
            "lawful-status-no-approval",
            key,
            value=lambda status=status: status.map(
                lambda c: SCHOOLING.label(c) if isinstance(c, str) else None
            ),
        )
    return out


_EVENT_DATES = ("birth_date", "first_absence", "run_start", "visit_date", "status_date")
"""Dates that record something that already happened by the time the report is filled."""


def date_in_future(ctx: Context) -> list[Finding]:
    """Event dates are not later than the period's cut-off (or the fill date, if later)."""
    window = ctx.window
    if window is None:
        return []
    latest = max(window[1], _fill_date(ctx) or window[1])
    out: list[Finding] = []
    for t in ctx.filled:
        for key in (k for k in _EVENT_DATES if k in t.columns):
            dates = column(t, key)
            mask = dates.map(lambda d: isinstance(d, dt.date) and d > latest)
            out += findings_from_mask(t, mask, "date-invalid", key, "future", value=dates)
    return out


def _fill_date(ctx: Context) -> dt.date | None:
    info = ctx.workbook.record("info")
    value = info.values.get("fill_date") if info else None
    return value if isinstance(value, dt.date) else None


def negative_numbers(ctx: Context) -> list[Finding]:
    """Counts and days are never negative."""
    out: list[Finding] = []
    for t in ctx.filled:
        for key in columns_of_type(t, ValueType.INTEGER, ValueType.DECIMAL):
            nums = pd.to_numeric(column(t, key), errors="coerce")
            out += findings_from_mask(t, nums < 0, "number-invalid", key, "negative")
    return out
