"""rollup(): county workbooks -> prefecture workbook; prefecture workbooks -> province workbook."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from core.catalogue import county as cy
from core.mapping import NO_MAPPING, Mapping
from core.model.findings import Finding, make_finding, sort_key
from core.model.provenance import ANNOTATED_OUTPUT, RANGE_OUTPUT, has_annotated_name
from core.policy import Policy, default_policy
from core.privacy import mask_frame, mask_id, names_in, scrub_text
from core.progress import Progress
from core.reader.model import WorkbookRead
from core.rollup import checks, compare, metrics
from core.rollup.definitions import metric_rows
from core.rollup.intake import unit_from_workbook
from core.rollup.model import LEVEL_LABELS, RollupResult, UnitInput, UnitStatus, parent_code
from core.rollup.regions import current_units, region_name
from core.rollup.selection import Selection, guess_parent, select
from core.writers.rollup_writer import write_rollup

LEVELS = ("prefecture", "province")
PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_CASE_KINDS = ("ledger-suspected", "ledger-dropout")


def rollup(
    inbox: str | Path | Sequence[str | Path],
    level: str,
    period: str,
    out: Path,
    *,
    units: str | Path | None = None,
    previous: str | Path | None = None,
    unmask: bool = False,
    progress: Progress | None = None,
    unit_code: str | None = None,
    unit_name: str | None = None,
    policy: Policy | None = None,
    mapping: Mapping = NO_MAPPING,
) -> RollupResult:
    """Read the level below (with the mapping), check it, compute the metrics and write this
    level's workbook."""
    if level not in LEVELS or not PERIOD_RE.match(period):
        raise ValueError(f"level must be one of {LEVELS}, period YYYY-MM")
    received, statuses, findings, files = _read_inbox(inbox, level, progress, mapping)
    prev_rows = _read_previous(previous, mapping) if previous else {}
    expected = _expected(units, prev_rows, mapping)
    parent, name, expected, derived = _this_level(received, level, expected, unit_code, unit_name)
    sel = select(received, level, period, parent, expected, derived=derived)
    result = RollupResult(level, period, parent, name, unmask=unmask, missing=sel.missing)
    result.units, result.files = statuses + sel.statuses, files
    result.rows, unit_findings = _figures(sel, (policy or default_policy()).window(period))
    result.cases = sorted((c for u in sel.accepted for c in u.cases), key=lambda c: c.unit_code)
    headers = {c.key: c.header for c in cy.KEY_GROUP_COUNTS}
    result.metrics = metric_rows(result.rows[-1], headers)
    cross = _cross_checks(sel.accepted, result.rows, prev_rows)
    found = sorted([*findings, *sel.findings, *unit_findings, *cross], key=sort_key)
    ledgers = combined_ledgers(sel.accepted, unmask=True)
    names = frozenset().union(*(names_in(t) for t in ledgers.values()))
    result.findings = found if unmask else [masked_finding(f, names) for f in found]
    _attach_to_units(result)
    if progress:
        progress.step(1, 1, "写出汇总工作簿")
    if not unmask:
        ledgers = {kind: mask_frame(t, names) for kind, t in ledgers.items()}
    written = write_rollup(result.book(ledgers), Path(out))
    result.out_path = written.path
    result.notes += [written.note] if written.note else []
    return result


def masked_finding(f: Finding, names: frozenset[str]) -> Finding:
    """A finding as a roll-up carries it: its ID and the IDs, phones, names in its text masked."""
    return f.with_(
        id_number=mask_id(f.id_number),
        value=scrub_text(f.value, names),
        message=scrub_text(f.message, names),
        explanation=scrub_text(f.explanation, names),
    )


def _attach_to_units(result: RollupResult) -> None:
    """Each accepted unit lists the findings about its own workbook (the JSON's units)."""
    for status in result.units:
        if status.status == "accepted":
            status.findings = [f for f in result.findings if f.file == status.path]


def _this_level(
    received: list[UnitInput],
    level: str,
    expected: dict[str, str] | None,
    code: str | None,
    name: str | None,
) -> tuple[str, str, dict[str, str] | None, bool]:
    """This level's code and name, the units due, and whether the code table gave them."""
    parent = code or guess_parent([u.code for u in received] or list(expected or ()), level)
    # A 单位名单 may name this level itself (e.g. 411500 信阳市): its name, not a unit below.
    own = expected.pop(parent, None) if expected else None
    name = name or own or region_name(parent) or f"{parent}（{LEVEL_LABELS[level]}）"
    derived = expected is None and _one_level_below(received, level)
    if derived:
        expected = current_units(parent, level) or None
    return parent, name, expected, derived and expected is not None


def _one_level_below(units: list[UnitInput], level: str) -> bool:
    """Counties for a prefecture, prefectures for a province: then GB/T 2260 says who is due."""
    below = "county" if level == "prefecture" else "prefecture"
    return bool(units) and all(u.level == below for u in units)


def _expected(
    units: str | Path | None, prev_rows: dict[str, dict], mapping: Mapping
) -> dict[str, str] | None:
    """The units that should report: the 单位名单, else the previous roll-up's units."""
    if units:
        return read_unit_list(units, mapping)
    if prev_rows:
        return {c: r.get("unit_name") or c for c, r in prev_rows.items() if c != "total"}
    return None


def _figures(sel: Selection, window: Any) -> tuple[list[dict[str, Any]], list[Finding]]:
    """单位汇总 rows: the units that reported, the missing ones, then the total."""
    rows, findings = _unit_rows(sel.accepted, window)
    rows += [{"unit_code": c, "unit_name": n, "submitted": False} for c, n in sel.missing]
    rows.sort(key=lambda r: r["unit_code"])
    rows.append(metrics.total_row([r for r in rows if r.get("submitted")]))
    return rows, findings


def _cross_checks(
    units: list[UnitInput], rows: list[dict[str, Any]], prev_rows: dict[str, dict]
) -> list[Finding]:
    found = checks.duplicates_across_units(units)
    for u in units:
        found.extend(checks.migrant_dropouts(u))
    return found + compare.changes(rows, prev_rows)


def _read_inbox(
    inbox: Any,
    level: str,
    progress: Progress | None,
    mapping: Mapping,
    on_unit: Callable[[WorkbookRead, UnitInput], None] | None = None,
) -> tuple[list[UnitInput], list[UnitStatus], list[Finding], dict[str, Path]]:
    """The units of the inbox, the files that are none, and why; on_unit(wb, unit) sees each
    unit's whole workbook read (the range roll-up takes its case figures there)."""
    from core.reader import expand_inputs, read_workbooks
    from core.reader.properties import output_kind

    paths = [inbox] if isinstance(inbox, str | Path) else list(inbox)
    sources, findings = expand_inputs(paths)
    received: list[UnitInput] = []
    statuses: list[UnitStatus] = []
    files: dict[str, Path] = {}
    reads = read_workbooks(sources, progress=progress, mapping=mapping)
    for source, wb in zip(sources, reads, strict=True):
        if source.member is None:
            files[wb.path] = source.path
        kind = output_kind(source)
        if kind == ANNOTATED_OUTPUT or _encrypted_copy(wb):
            # SchoolRoll's own annotated or feedback copy: not a unit's report, whatever it holds.
            skipped = make_finding("skipped-file", "annotated", file=wb.path, kind="校验结果副本")
            statuses.append(UnitStatus(wb.path, None, None, "skipped", [skipped]))
            findings.append(skipped)
            continue
        if kind == RANGE_OUTPUT:
            # A range roll-up or yearly evaluation SchoolRoll wrote: counts only, no unit's report.
            skipped = make_finding("skipped-file", file=wb.path, kind="多月汇总或学年评估")
            statuses.append(UnitStatus(wb.path, None, None, "skipped", [skipped]))
            findings.append(skipped)
            continue
        got = unit_from_workbook(wb, level)
        if isinstance(got, UnitInput):
            received.append(got)
            if on_unit is not None:
                on_unit(wb, got)
            continue
        bad = [f for f in wb.findings if f.code in ("unreadable-file", "encrypted-file")]
        status = "unreadable" if wb.status == "unreadable" else "rejected"
        kept = bad or [got]
        statuses.append(UnitStatus(wb.path, None, None, status, kept))
        findings.extend(kept)
    return received, statuses, findings, files


def _encrypted_copy(wb: Any) -> bool:
    """An encrypted workbook named as SchoolRoll names its annotated copies: the copy of a
    password-protected original, encrypted with its password (its properties are inside)."""
    encrypted = any(f.code == "encrypted-file" for f in wb.findings)
    return encrypted and has_annotated_name(wb.path)


def read_unit_list(path: str | Path, mapping: Mapping = NO_MAPPING) -> dict[str, str]:
    """Unit code -> name from a 单位名单 workbook (or the 单位汇总 of a roll-up)."""
    from core.reader import read_workbook

    wb = read_workbook(Path(path), mapping=mapping)
    table = wb.table("unit-list") or wb.table("units")
    if table is None:
        return {}
    out = {}
    for _, row in table.data.iterrows():
        code = row.get("unit_code")
        if isinstance(code, str) and len(code) == 6:
            out[code] = row.get("unit_name") or code
    return out


def _read_previous(path: str | Path, mapping: Mapping) -> dict[str, dict[str, Any]]:
    from core.reader import read_workbook

    return compare.previous_rows(read_workbook(Path(path), mapping=mapping))


def _unit_rows(units: list[UnitInput], window: Any) -> tuple[list[dict[str, Any]], list[Finding]]:
    rows, findings = [], []
    for u in units:
        counted = metrics.ledger_counts(u, window)
        mismatches = checks.totals_mismatches(u, counted)
        findings.extend(mismatches)
        row: dict[str, Any] = {"unit_code": u.code, "unit_name": u.name, "submitted": True}
        row.update({k: v for k, v in u.declared.items() if v is not None})
        row.update(counted)
        row.update(totals_consistent=not mismatches, source_file=u.path, made_on=u.made_on)
        rows.append(metrics.add_rates(row))
    return rows, findings


def combined_ledgers(units: list[UnitInput], unmask: bool) -> dict[str, pd.DataFrame]:
    """The units' case ledgers stacked, provenance pointing at the unit workbooks; masked by
    core.privacy.mask_value unless unmask."""
    out = {}
    for kind in _CASE_KINDS:
        parts = []
        for u in units:
            table = u.ledgers.get(kind)
            if table is None or table.data.empty:
                continue
            frame = table.data.copy()
            if "county_code" not in frame or frame["county_code"].isna().all():
                frame["county_code"] = u.code
            frame["source_file"], frame["source_sheet"] = u.path, table.sheet
            frame["source_row"] = [int(r) for r in table.data.index]
            parts.append(frame)
        joined = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        out[kind] = joined if unmask else mask_frame(joined)
    return out


__all__ = ["LEVELS", "parent_code", "rollup"]
