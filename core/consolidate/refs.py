"""The county's reference lists: 学校名录, 户籍, 脱贫户 and the platform's pushed list."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from core.consolidate.compare import References
from core.consolidate.inbox import SchoolEntry
from core.model.findings import Finding, Severity, make_finding
from core.reader.model import SheetTable, WorkbookRead


@dataclass
class Loaded:
    """The reference lists as read, and any problem reading them."""

    schools: dict[str, SchoolEntry] | None = None
    """学校标识码 -> school; None when no school list was given."""
    lists: References = field(default_factory=References)
    findings: list[Finding] = field(default_factory=list)
    county_code: str | None = None
    county_name: str | None = None


def table_of(wb: WorkbookRead, kind: str) -> tuple[SheetTable | None, list[Finding]]:
    """The table of one kind in a reference file, or the findings that say why not."""
    table = wb.table(kind)
    if table is not None:
        return table, []
    problems = [f for f in wb.findings if f.severity is Severity.ERROR]
    return None, problems or [make_finding("unknown-form", file=wb.path)]


def school_entries(table: SheetTable) -> dict[str, SchoolEntry]:
    """The school list by 学校标识码 (rows without a code are skipped)."""
    entries: dict[str, SchoolEntry] = {}
    data = table.data
    for row in data.to_dict("records"):
        code = row.get("school_code")
        if code:
            entries.setdefault(
                str(code),
                SchoolEntry(
                    str(code),
                    row.get("school_name") or "",
                    row.get("county_code"),
                    row.get("town") or None,
                ),
            )
    return entries


def school_systems(wb: WorkbookRead | None) -> dict[str, str] | None:
    """学校标识码 -> 学制 of the school list's rows that name one (None without any)."""
    table = wb.table("school-list") if wb is not None else None
    if table is None or not {"school_code", "school_system"} <= set(table.data.columns):
        return None
    systems = {
        str(code): system
        for code, system in zip(table.data["school_code"], table.data["school_system"], strict=True)
        if code and isinstance(system, str)
    }
    return systems or None


def county_name(school_names: list[str]) -> str | None:
    """The county's name when every school's name starts with it (固始县…小学 -> 固始县)."""
    # A character-wise common prefix is what is wanted here (names, not paths).
    prefix = os.path.commonprefix([n for n in school_names if n])  # noqa: RUF071
    end = max(prefix.rfind(ch) for ch in "县区市旗")
    return prefix[: end + 1] if end > 0 else None


def wanted(
    schools: str | Path | None,
    household: str | Path | None,
    poverty: str | Path | None,
    platform: str | Path | None,
) -> dict[str, Path]:
    """The reference files given, by the kind of table each must hold."""
    given = {
        "school-list": schools,
        "household": household,
        "poverty": poverty,
        "platform": platform,
    }
    return {kind: Path(path) for kind, path in given.items() if path is not None}


def load(reads: dict[str, WorkbookRead]) -> Loaded:
    """The reference lists from their workbooks, read by kind."""
    loaded = Loaded()
    for kind, wb in reads.items():
        table, problems = table_of(wb, kind)
        loaded.findings += problems
        if table is None:
            continue
        if kind == "school-list":
            loaded.schools = school_entries(table)
            codes = [e.county_code for e in loaded.schools.values() if e.county_code]
            loaded.county_code = max(set(codes), key=codes.count) if codes else None
            loaded.county_name = county_name([e.name for e in loaded.schools.values()])
        else:
            setattr(loaded.lists, kind, table)
    return loaded
