"""The form catalogue: the single source of truth for templates, reader, rules and writers.

FAMILIES lists every workbook family; FORMS every sheet form the reader can recognise, in
recognition priority order.
"""

from __future__ import annotations

from core.catalogue import county, review, rollup, school_monthly
from core.catalogue.codelists import CODE_LISTS
from core.catalogue.schema import (
    Code,
    CodeList,
    ColumnSpec,
    FormFamily,
    Layout,
    SheetSpec,
    ValueType,
    fold,
)

FAMILIES: tuple[FormFamily, ...] = (
    school_monthly.SCHOOL_MONTHLY,
    county.SCHOOL_LIST_FAMILY,
    county.HOUSEHOLD_FAMILY,
    county.POVERTY_FAMILY,
    county.PLATFORM_FAMILY,
    county.PLATFORM_ANSWER_FAMILY,
    county.COUNTY_SUMMARY,
    review.REVIEW,
    review.FIELD_CHECK_FAMILY,
    rollup.ROLLUP,
    rollup.UNIT_LIST_FAMILY,
    rollup.RANGE,
    rollup.EVALUATION,
)
"""Every workbook family, one template each."""


def _unique_forms() -> tuple[SheetSpec, ...]:
    seen: dict[str, SheetSpec] = {}
    for fam in FAMILIES:
        for sheet in fam.sheets:
            seen.setdefault(sheet.key, sheet)
    return tuple(seen.values())


FORMS: tuple[SheetSpec, ...] = _unique_forms()
"""Every sheet form, each once (the rollup family reuses the county ledgers)."""
FORMS_BY_KEY: dict[str, SheetSpec] = {f.key: f for f in FORMS}
FAMILIES_BY_KEY: dict[str, FormFamily] = {f.key: f for f in FAMILIES}

__all__ = [
    "CODE_LISTS",
    "FAMILIES",
    "FAMILIES_BY_KEY",
    "FORMS",
    "FORMS_BY_KEY",
    "Code",
    "CodeList",
    "ColumnSpec",
    "FormFamily",
    "Layout",
    "SheetSpec",
    "ValueType",
    "fold",
]
