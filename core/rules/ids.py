"""Identity rules: 身份证件号 (GB 11643), its birth date and sex digit, and the 学籍号."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

import pandas as pd
from stdnum import numdb
from stdnum.cn.ric import calc_check_digit

from core.catalogue.schema import ValueType
from core.model.findings import Finding, Severity
from core.model.identity import ID_SHAPE, STUDENT_NO_SHAPE
from core.reader.model import SheetTable
from core.rules.base import Context, column, columns_of_type, findings_from_mask, omap

_OLD_FOREIGN = re.compile(r"^[A-Z]{3}\d{12}$")
PERMIT_REGIONS = frozenset({"810000", "820000", "830000"})
"""港澳台居民居住证 address codes (docs/sources.md §4)."""
OTHER_DOCUMENTS = frozenset({"6", "7", "8", "A", "Z"})
"""身份证件类型 codes whose number is a passport or pass, not GB 11643."""
FOREIGN_PR = "9"
"""身份证件类型 境外永久居住证."""

_SEX = {"1": "男", "2": "女"}
Problem = tuple[str, tuple[tuple[str, str], ...]]


# Safe process-wide: keyed by a 6-digit region code, holds a boolean.
@lru_cache(maxsize=8192)
def region_known(code: str) -> bool:
    """The address code is in python-stdnum's historical GB 2260 table (any year)."""
    return any("county" in props for _part, props in numdb.get("cn/loc").info(code))


def _date(text: str) -> dt.date | None:
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


# Safe process-wide: keyed by an ID's text and type, holds a short tuple of codes (bounded).
@lru_cache(maxsize=65536)
def id_problem(number: str, id_type: str | None = None) -> Problem | None:
    """What is wrong with a normalised ID (variant, params), or None when it is valid."""
    if id_type in OTHER_DOCUMENTS:
        return None
    if id_type == FOREIGN_PR and _OLD_FOREIGN.match(number):
        return None  # the 2017 card: 3 letters + 12 digits, no check character
    if len(number) != 18:
        return "length", (("length", str(len(number))),)
    if not ID_SHAPE.fullmatch(number):
        return "chars", ()
    if _date(number[6:14]) is None:
        return "birthdate", (("birth", number[6:14]),)
    # A leading 9 is the 2023 foreigner's card (country code, no region); 81-83 are permits.
    if number[0] != "9" and number[:6] not in PERMIT_REGIONS and not region_known(number[:6]):
        return "region", (("region", number[:6]),)
    expected = calc_check_digit(number)
    if number[-1] != expected:
        return "check", (("expected", expected),)
    return None


def document_types(ctx: Context) -> dict[str, str]:
    """ID number -> 身份证件类型 from every sheet that has the type (the roster, mostly)."""

    def build() -> dict[str, str]:
        types: dict[str, str] = {}
        for t in ctx.filled:
            if "id_type" in t.columns:
                for number, kind in zip(column(t, "id_number"), column(t, "id_type"), strict=True):
                    if isinstance(number, str) and isinstance(kind, str):
                        types.setdefault(number, kind)
        return types

    return ctx.cached("document_types", build)


def _problems(ctx: Context, t: SheetTable, key: str) -> pd.Series:
    """Each row's ID problem; a sheet without the type column uses the roster's type."""
    return ctx.cached(("id_problems", ctx.key_of(t), key), lambda: _compute_problems(ctx, t, key))


def _compute_problems(ctx: Context, t: SheetTable, key: str) -> pd.Series:
    types = document_types(ctx)
    own = column(t, "id_type")
    return pd.Series(
        [
            id_problem(v, ty if isinstance(ty, str) else types.get(v))
            if isinstance(v, str)
            else None
            for v, ty in zip(column(t, key), own, strict=True)
        ],
        index=t.data.index,
        dtype=object,
    )


def valid_ids(ctx: Context, t: SheetTable) -> pd.Series:
    """Each row's ID when it is a valid 18-character number (else None); computed once per
    table and shared by the rules that ask, so never changed in place."""
    return ctx.cached(("valid_ids", ctx.key_of(t)), lambda: _valid_ids(ctx, t))


def _valid_ids(ctx: Context, t: SheetTable) -> pd.Series:
    ids = column(t, "id_number")
    problems = _problems(ctx, t, "id_number")
    return pd.Series(
        [
            v if isinstance(v, str) and len(v) == 18 and p is None else None
            for v, p in zip(ids, problems, strict=True)
        ],
        index=ids.index,
        dtype=object,
    )


def _sex_digit(number: object) -> str | None:
    """ "1" (male, odd) or "2" from a resident ID's 17th digit; None for a foreigner's card."""
    if not isinstance(number, str) or number[0] == "9":
        return None
    return "1" if int(number[16]) % 2 else "2"


def id_invalid(ctx: Context) -> list[Finding]:
    """身份证件号 per GB 11643: length, characters, birth date, region, check character."""
    out: list[Finding] = []
    for t in ctx.filled:
        for key in columns_of_type(t, ValueType.ID_NUMBER):
            problems = _problems(ctx, t, key)
            bad = problems[problems.notna()]
            for variant in sorted({p[0] for p in bad}):
                mask = (bad.map(lambda p: p[0]) == variant).reindex(
                    problems.index, fill_value=False
                )
                params = problems[mask].map(lambda p: dict(p[1]))
                names = set().union(*params.tolist())
                per_row = {n: params.map(lambda d, n=n: d[n]) for n in names}
                out += findings_from_mask(t, mask, "id-invalid", key, variant, **per_row)
    return out


def id_birthdate_mismatch(ctx: Context) -> list[Finding]:
    """出生日期 equals the birth date inside a valid ID."""
    out: list[Finding] = []
    for t in ctx.filled:
        if "birth_date" not in t.columns or "id_number" not in t.columns:
            continue
        from_id = omap(valid_ids(ctx, t), lambda v: _date(v[6:14]) if isinstance(v, str) else None)
        births = column(t, "birth_date")
        mask = pd.Series(
            [
                isinstance(b, dt.date) and i is not None and b != i
                for b, i in zip(births, from_id, strict=True)
            ],
            index=births.index,
        )
        out += findings_from_mask(
            t,
            mask,
            "id-birthdate-mismatch",
            "birth_date",
            value=births,
            expected=lambda f=from_id: omap(f, lambda d: d.isoformat() if d else ""),
        )
    return out


def id_gender_mismatch(ctx: Context) -> list[Finding]:
    """性别 agrees with the ID's 17th digit (odd = male)."""
    out: list[Finding] = []
    for t in ctx.filled:
        if "gender" not in t.columns or "id_number" not in t.columns:
            continue
        from_id = valid_ids(ctx, t).map(_sex_digit)
        gender = column(t, "gender")
        mask = gender.isin(["1", "2"]) & from_id.notna() & (gender != from_id)
        out += findings_from_mask(
            t,
            mask,
            "id-gender-mismatch",
            "gender",
            value=lambda gender=gender: gender.map(_SEX),
            expected=lambda from_id=from_id: from_id.map(_SEX).fillna(""),
        )
    return out


def _student_no_problem(sno: Any, nid: Any) -> str | None:
    """ "" (malformed), "g-differs", "temporary" or None for one 学籍号 and the row's valid ID."""
    if not isinstance(sno, str) or not sno:
        return None
    if not STUDENT_NO_SHAPE.fullmatch(sno):
        return ""
    if sno[0] == "G" and isinstance(nid, str) and sno[1:] != nid:
        return "g-differs"
    return "temporary" if sno[0] == "L" else None


_SNO_SEVERITY = {"": None, "g-differs": Severity.WARNING, "temporary": Severity.INFO}


def student_no_mismatch(ctx: Context) -> list[Finding]:
    """学籍号 shape; a G-number that differs from the ID (warning); an L-number (note)."""
    out: list[Finding] = []
    for t in ctx.filled:
        for key in columns_of_type(t, ValueType.STUDENT_NUMBER):
            problems = pd.Series(
                [
                    _student_no_problem(s, i)
                    for s, i in zip(column(t, key), valid_ids(ctx, t), strict=True)
                ],
                index=t.data.index,
                dtype=object,
            )
            for variant in sorted(set(problems.dropna())):
                out += findings_from_mask(
                    t,
                    problems == variant,
                    "student-no-mismatch",
                    key,
                    variant,
                    severity=_SNO_SEVERITY[variant],
                )
    return out


def _number_birth(sno: Any) -> tuple[str, dt.date | None] | None:
    """(digits 8-15, the date they spell or None) of a well-formed J or L 学籍号, else None."""
    if not isinstance(sno, str) or sno[:1] not in ("J", "L") or not STUDENT_NO_SHAPE.fullmatch(sno):
        return None
    digits = sno[7:15]
    return digits, _date(digits)


def student_no_birthdate(ctx: Context) -> list[Finding]:
    """A J or L 学籍号 carries the birth date (J/L + region + 8-digit date): real, and the row's
    出生日期 when the sheet has one (warnings)."""
    out: list[Finding] = []
    for t in ctx.filled:
        births = column(t, "birth_date")
        for key in columns_of_type(t, ValueType.STUDENT_NUMBER):
            numbers_ = column(t, key)
            jl = numbers_.astype(str).str[:1].isin(("J", "L"))
            if not jl.any():
                continue  # most rolls hold G-numbers only
            parts = omap(numbers_.where(jl, None), _number_birth)
            invalid = parts.map(lambda p: p is not None and p[1] is None)
            out += findings_from_mask(
                t,
                invalid,
                "student-no-birthdate",
                key,
                "invalid",
                digits=lambda p=parts: p.map(lambda v: v[0] if v else ""),
            )
            differs = pd.Series(
                [
                    p is not None and p[1] is not None and isinstance(b, dt.date) and p[1] != b
                    for p, b in zip(parts, births, strict=True)
                ],
                index=t.data.index,
            )
            out += findings_from_mask(
                t,
                differs,
                "student-no-birthdate",
                key,
                from_number=lambda p=parts: p.map(lambda v: _iso(v[1]) if v else ""),
                birth=lambda bs=births: bs.map(_iso),
            )
    return sorted(out, key=lambda f: (f.sheet or "", f.row or 0))


def _iso(day: Any) -> str:
    return day.isoformat() if isinstance(day, dt.date) else ""
