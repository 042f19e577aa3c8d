"""FileReport: the result of validating one workbook (product.md's validate JSON, per file)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.model.findings import Finding, Severity
from core.reader.model import WorkbookRead


@dataclass
class FileReport:
    """One workbook's validation: its recognised sheets and every finding, in one pass."""

    path: str
    """The workbook as the user names it."""
    status: str
    """"passed" (no open error), "failed" or "unreadable"."""
    school_code: str | None = None
    period: str | None = None
    sheets: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)
    """Findings past the cap, counted by code (never dropped silently)."""
    workbook: WorkbookRead | None = None
    """What was read, for the annotated copy and the county merge (not in the JSON)."""
    source: Any = None
    """The core.reader.Source that was read, for the annotated copy (not in the JSON)."""
    passwords: tuple[str, ...] = field(default=(), repr=False)
    """Passwords given for reading, so the annotated copy opens a protected original too
    (never in the JSON or logs)."""

    @property
    def errors(self) -> int:
        """Number of error findings."""
        return sum(f.severity is Severity.ERROR for f in self.findings)

    def count(self, severity: Severity, *, open_only: bool = False) -> int:
        """Findings of one severity (open ones only, if asked)."""
        return sum(f.severity is severity and (f.is_open or not open_only) for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        """The per-file object of `validate --json`."""
        return {
            "path": self.path,
            "status": self.status,
            "school_code": self.school_code,
            "period": self.period,
            "sheets": self.sheets,
            "findings": [f.to_json() for f in self.findings],
            "truncated": sum(self.dropped.values()),
        }
