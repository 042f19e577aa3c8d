"""What a county consolidation produces: submissions, the missing, totals and findings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.model.findings import SEVERITY_COUNT_KEYS, Finding
from core.model.report import FileReport

ACCEPTED = "accepted"
SUPERSEDED = "superseded"
REJECTED = "rejected"
UNREADABLE = "unreadable"
SKIPPED = "skipped"
"""A file met in the inbox that is no workbook: listed, never counted as a submission."""


@dataclass
class Submission:
    """One file of the inbox and what the county made of it."""

    path: str
    """The file as the user names it (inside a zip: archive.zip/member.xlsx)."""
    status: str = ACCEPTED
    """accepted, superseded, rejected, unreadable or skipped."""
    school_code: str | None = None
    """学校标识码 read from the content (never the file name)."""
    school: str | None = None
    """学校名称: from the school list when known, else from the file."""
    period: str | None = None
    """填报月份 read from the content (YYYY-MM)."""
    fill_date: dt.date | None = None
    """填报日期: the first tie-break between two files of one school."""
    modified: dt.datetime | None = None
    """File time: the second tie-break."""
    county_code: str | None = None
    """县区代码 from the info sheet."""
    period_from: str = ""
    """Where the period was read: info, title or file (core.model.identity)."""
    family: str | None = None
    """Title of the form family the file was recognised as (None when none)."""
    on_time: bool | None = None
    """False when 填报日期 is after the policy's due date."""
    findings: list[Finding] = field(default_factory=list)
    """The file's own validation findings and the inbox's verdict on it."""
    report: FileReport | None = None
    """The validation report (keeps the WorkbookRead); not in the JSON."""

    def to_json(self) -> dict[str, Any]:
        """The submission object of the consolidate JSON (docs/cli.md)."""
        return {
            "path": self.path,
            "school_code": self.school_code,
            "school": self.school,
            "status": self.status,
            "findings": [f.to_json() for f in self.findings],
        }


def finding_json(f: Finding) -> dict[str, Any]:
    """A consolidation finding as the consolidate JSON writes it (docs/cli.md)."""
    return {
        "code": f.code,
        "severity": str(f.severity),
        "id_number": f.id_number,
        "school_code": f.school_code,
        "path": f.file,
        "sheet": f.sheet,
        "row": f.row,
        "message": f.message,
    }


@dataclass
class CountyFigures:
    """The county's figures, computed once (core.consolidate.figures); every surface reads them."""

    findings: list[Finding] = field(default_factory=list)
    """问题清单: every finding of the month, in the sheet's order; the counts count these."""
    schools: list[dict[str, Any]] = field(default_factory=list)
    """学校汇总 rows: the schools, the county's own row, then 全县合计."""
    files: dict[str, dict[str, int]] = field(default_factory=dict)
    """Per received file: findings per severity its annotated copy lists."""
    cases: dict[str, int] = field(default_factory=dict)
    """The county ledger's counts the rates divide beyond 全县合计's five (在籍疑似辍学,
    在籍辍学, 已复学, 已销号, the dropout rows, 在案, 有劝返记录的在案: counts.rate_counts)."""
    rates: dict[str, float | None] = field(default_factory=dict)
    """全县合计's rates in percent (core.catalogue.counts.RATES), None without a base."""

    @property
    def total(self) -> dict[str, Any]:
        """全县合计."""
        return self.schools[-1] if self.schools else {}

    @property
    def severity(self) -> dict[str, int]:
        """Findings of the county per severity (全县合计's four counts)."""
        return {k: self.total.get(k, 0) for k in SEVERITY_COUNT_KEYS.values()}


@dataclass
class ConsolidationResult:
    """The county's month: who sent, who is missing, the totals and every cross-file finding."""

    period: str
    submissions: list[Submission] = field(default_factory=list)
    missing: list[dict[str, str]] = field(default_factory=list)
    """Schools of the list with no accepted submission: {school_code, school}."""
    totals: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    """Findings of the consolidation itself (inbox, across schools, 三比对)."""
    out_path: Path | None = None
    """The county workbook (or the finished temporary file when the target was locked)."""
    feedback_paths: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Messages for the user in Chinese (e.g. the target was open in Excel)."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per phase (read, rules, compare, write), for the benchmark."""
    register: dict[str, int] | None = None
    """What the case register made of the month (docs/register.md), when one was given."""
    figures: CountyFigures = field(default_factory=CountyFigures)
    """Every count of the month, as the workbook, the JSON and the window show it."""
    coverage: dict[str, Any] | None = None
    """The schools the 户籍 comparison covered and those it could not, when a 户籍 list was
    given (core.consolidate.coverage)."""
    platform_answers: list[dict[str, Any]] | None = None
    """平台推送核实 rows (core.consolidate.platform_answer), when a pushed list was given."""
    platform_answer_path: Path | None = None
    """The separate 平台推送核实 workbook, when --platform-answer asked for one."""

    def platform_json(self) -> dict[str, Any] | None:
        """The "platform_answer" object of the consolidate JSON (docs/cli.md)."""
        if self.platform_answers is None:
            return None
        answered = [r for r in self.platform_answers if r.get("verify_result")]
        return {
            "pushed": len(self.platform_answers),
            "answered": len(answered),
            "blank": len(self.platform_answers) - len(answered),
            "out": str(self.platform_answer_path) if self.platform_answer_path else None,
        }

    @property
    def accepted(self) -> list[Submission]:
        """Submissions merged into the county ledgers."""
        return [s for s in self.submissions if s.status == ACCEPTED]

    def all_findings(self) -> list[Finding]:
        """The accepted files' findings and the consolidation's, in one list."""
        own = [f for s in self.accepted for f in s.findings]
        return own + self.findings

    @property
    def has_errors(self) -> bool:
        """True when 问题清单 holds an error (decides the exit status)."""
        return self.figures.severity["errors"] > 0

    def to_json(self) -> dict[str, Any]:
        """The consolidate JSON (docs/cli.md; "register" only with a register, "coverage" only
        with a 户籍 list, "platform_answer" only with a pushed list)."""
        files = self.figures.files
        doc = {
            "period": self.period,
            "submissions": [
                {**s.to_json(), "finding_counts": files.get(s.path)} for s in self.submissions
            ],
            "missing": self.missing,
            "totals": self.totals,
            "finding_counts": self.figures.severity,
            "schools": [_plain(r) for r in self.figures.schools],
            "rate_counts": self.figures.cases,
            "rates": self.figures.rates,
            "findings": [finding_json(f) for f in self.findings],
        }
        if self.coverage is not None:
            doc["coverage"] = self.coverage
        if self.register is not None:
            doc["register"] = self.register
        if (answer := self.platform_json()) is not None:
            doc["platform_answer"] = answer
        return doc


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}
