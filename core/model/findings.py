"""Findings: the one record of every problem SchoolRoll reports, and the catalogue of their codes.

A finding is located in the user's terms (file, sheet, Excel row, column letter) and carries a
rendered Chinese message plus a fix hint. Codes are stable kebab-case strings: never rename or
reuse one; add a new code instead.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How serious a finding is (the school-census scheme, plus info for notes)."""

    ERROR = "error"
    """Must be fixed before the workbook is accepted."""
    WARNING = "warning"
    """Shown; the workbook is still accepted."""
    QUERY = "query"
    """Unusual but possibly right: cleared by fixing it or by writing a 说明."""
    INFO = "info"
    """A note (an unrecognised sheet, an extra column); never a problem."""


SEVERITY_LABELS = {
    Severity.ERROR: "错误",
    Severity.WARNING: "警告",
    Severity.QUERY: "疑问",
    Severity.INFO: "提示",
}

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.QUERY: 2, Severity.INFO: 3}

SEVERITY_COUNT_KEYS = {
    Severity.ERROR: "errors",
    Severity.WARNING: "warnings",
    Severity.QUERY: "queries",
    Severity.INFO: "notes",
}
"""The key each severity is counted under, in every summary row and JSON document."""


@dataclass(frozen=True, slots=True)
class FindingType:
    """One entry of the finding catalogue."""

    code: str
    """Stable kebab-case code."""
    severity: Severity
    """Default severity."""
    title: str
    """Short Chinese title, shown in lists and in docs/rules.md."""
    messages: dict[str, str]
    """Message templates by variant; "" is the default. Fields: {field}, {value} and rule params."""
    hint: str
    """How to fix it, in Chinese."""
    scope: str = "cell"
    """workbook, sheet, row, cell or cross-file: a tag for filtering."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, located where the user can find it."""

    code: str
    """Code from FINDING_TYPES."""
    severity: Severity
    """error, warning, query or info."""
    message: str
    """Rendered Chinese message, without the location."""
    file: str | None = None
    """Path of the workbook as the user gave it (None for a batch-level finding)."""
    sheet: str | None = None
    """Sheet name as in the workbook (None for a file-level finding)."""
    row: int | None = None
    """1-based Excel row number (None for a sheet-level finding)."""
    column: str | None = None
    """Excel column letter."""
    field: str | None = None
    """The column's Chinese header as the catalogue names it."""
    value: str | None = None
    """The offending value as text."""
    hint: str = ""
    """How to fix it."""
    explanation: str | None = None
    """The school's 说明 for a query; an explained query is no longer open."""
    school_code: str | None = None
    """学校标识码 of the submission, for cross-file findings."""
    id_number: str | None = None
    """The pupil's ID, for cross-file findings (county level only; never logged)."""

    @property
    def cell(self) -> str | None:
        """The A1 reference, when both row and column are known."""
        if self.row is None or self.column is None:
            return None
        return f"{self.column}{self.row}"

    @property
    def is_open(self) -> bool:
        """False for an explained query or a note."""
        if self.severity is Severity.INFO:
            return False
        return not (self.severity is Severity.QUERY and self.explanation)

    def location(self) -> str:
        """Where, in Chinese: 学籍名册 第7行 G列."""
        parts = [p for p in (self.sheet,) if p]
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"{self.column}列")
        return " ".join(parts)

    def describe(self) -> str:
        """One line for the console and logs of the user's own machine."""
        where = self.location()
        text = (
            f"[{SEVERITY_LABELS[self.severity]}] {where}：{self.message}"
            if where
            else (f"[{SEVERITY_LABELS[self.severity]}] {self.message}")
        )
        if self.explanation:
            text += f"（已说明：{self.explanation}）"
        return text

    def with_(self, **changes: Any) -> Finding:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        """The JSON object of the validate contract (docs/cli.md)."""
        return {
            "code": self.code,
            "severity": str(self.severity),
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "cell": self.cell,
            "field": self.field,
            "value": self.value,
            "message": self.message,
            "hint": self.hint,
            "explanation": self.explanation,
        }


class UnknownFindingCodeError(KeyError):
    """A rule asked for a code that is not in the catalogue (a bug, not bad data)."""


def make_finding(
    code: str,
    variant: str = "",
    *,
    file: str | None = None,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    field: str | None = None,
    value: Any = None,
    severity: Severity | None = None,
    school_code: str | None = None,
    id_number: str | None = None,
    **params: Any,
) -> Finding:
    """Create a finding from the catalogue, rendering its message template."""
    from core.model.finding_types import FINDING_TYPES  # catalogue data lives in its own module

    try:
        ftype = FINDING_TYPES[code]
    except KeyError as exc:
        raise UnknownFindingCodeError(code) from exc
    template = ftype.messages.get(variant, ftype.messages[""])
    text_value = None if value is None else str(value)
    message = template.format(field=field or "", value=text_value or "", **params)
    return Finding(
        code=code,
        severity=severity or ftype.severity,
        message=message,
        file=file,
        sheet=sheet,
        row=row,
        column=column,
        field=field,
        value=text_value,
        hint=ftype.hint,
        school_code=school_code,
        id_number=id_number,
    )


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Findings per severity, every one listed (an explained query too: its 说明 goes with it)."""
    out = dict.fromkeys(SEVERITY_COUNT_KEYS.values(), 0)
    for f in findings:
        out[SEVERITY_COUNT_KEYS[f.severity]] += 1
    return out


def counts_text(findings: Iterable[Finding]) -> str:
    """The four counts in Chinese 错误 1，警告 0，疑问 2（已说明 1），提示 3."""
    items = list(findings)
    n = severity_counts(items)
    explained = sum(f.severity is Severity.QUERY and bool(f.explanation) for f in items)
    parts = [f"{SEVERITY_LABELS[s]} {n[k]}" for s, k in SEVERITY_COUNT_KEYS.items()]
    parts[2] += f"（已说明 {explained}）"
    return "，".join(parts)


def sort_key(f: Finding) -> tuple[Any, ...]:
    """File, sheet, row, column order, as the user reads the workbook."""
    return (f.file or "", f.sheet or "", f.row or 0, len(f.column or ""), f.column or "", f.code)


@dataclass(slots=True)
class FindingList:
    """Findings collected in one pass, with an explicit cap instead of silent truncation."""

    limit: int = 5000
    items: list[Finding] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)

    def add(self, finding: Finding) -> None:
        """Keep a finding, or count it as dropped past the cap."""
        if len(self.items) < self.limit:
            self.items.append(finding)
        else:
            self.dropped[finding.code] = self.dropped.get(finding.code, 0) + 1

    def extend(self, findings: list[Finding]) -> None:
        """Add several findings."""
        for f in findings:
            self.add(f)

    @property
    def truncated(self) -> bool:
        """True when findings past the cap were counted but not kept."""
        return bool(self.dropped)
