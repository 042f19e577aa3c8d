"""FileReport: the result of validating one workbook (the per-file object of validate --json)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.model.findings import Finding, Severity, severity_counts

if TYPE_CHECKING:  # the reader's result type; the model never imports the reader at run time
    from core.reader.model import WorkbookRead


@dataclass
class FileReport:
    """One workbook's validation: its recognised sheets and every finding, in one pass."""

    path: str
    """The workbook as the user names it."""
    status: str
    """"passed" (no open error), "failed", "unreadable" or "skipped" (no workbook at all)."""
    school_code: str | None = None
    period: str | None = None
    sheets: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)
    """Findings past the cap, counted by code (never dropped silently)."""
    workbook: WorkbookRead | None = None
    """What was read, for the annotated copy and the county merge (not in the JSON)."""
    source: Any = None
    """The core.reader.Source the workbook was read from (not in the JSON): core.validate's
    annotate() hands it back to the reader, which opens the original for the annotated copy."""

    @property
    def errors(self) -> int:
        """Number of error findings."""
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def verdict(self) -> str:
        """passed or failed by the exit status's rule (any error fails), or unreadable."""
        if self.status == "unreadable":
            return self.status
        return "failed" if self.errors else "passed"

    @property
    def counts(self) -> dict[str, int]:
        """Findings per severity, as every surface counts them (findings.severity_counts)."""
        return severity_counts(self.findings)

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


CANNOT_OPEN = "原文件无法按原样打开"
"""Why an annotated copy is rebuilt when nothing more precise is known."""


@dataclass(frozen=True)
class Original:
    """The original workbook as the annotated copy needs it: its xlsx bytes, or why not."""

    data: bytes | None
    """The (decrypted) .xlsx bytes; None when the copy must be rebuilt from what was read."""
    why: str | None = None
    """Why the original cannot be annotated as it is (shown on the copy's result sheet)."""
    password: str | None = None
    """The original's opening password: its copy is written encrypted with it."""
