"""rollup(): county workbooks -> prefecture workbook; prefecture workbooks -> province workbook."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from core.catalogue import county as cy
from core.findings import Finding, sort_key
from core.policy import load_policy
from core.privacy import mask_frame
from core.progress import Progress
from core.rollup import checks, compare, metrics
from core.rollup.definitions import metric_rows
from core.rollup.intake import unit_from_workbook
from core.rollup.model import LEVEL_LABELS, RollupResult, UnitInput, UnitStatus, parent_code
from core.rollup.selection import guess_parent, select

LEVELS = ("prefecture", "province")
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
) -> RollupResult:
    """Read the level below, check it, compute the metrics and write this level's workbook."""
    from core.writers.rollup_writer import write_rollup

    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}")
    received, statuses, findings = _read_inbox(inbox, level, progress)
    expected = read_unit_list(units) if units else None
    prev_rows = _read_previous(previous) if previous else {}
    if expected is None and prev_rows:
        expected = {c: r.get("unit_name") or c for c, r in prev_rows.items() if c != "total"}
    parent = unit_code or guess_parent(received, level)
    sel = select(received, level, period, parent, expected)
    result = RollupResult(
        level=level,
        period=period,
        unit_code=parent,
        unit_name=unit_name or f"{parent}（{LEVEL_LABELS[level]}）",
        unmask=unmask,
    )
    result.units = statuses + sel.statuses
    result.missing = sel.missing
    window = load_policy(None).window(period)
    rows, unit_findings = _unit_rows(sel.accepted, window)
    rows += [{"unit_code": c, "unit_name": n, "submitted": False} for c, n in sel.missing]
    rows.sort(key=lambda r: r["unit_code"])
    rows.append(metrics.total_row([r for r in rows if r.get("submitted")]))
    result.rows = rows
    headers = {c.key: c.header for c in cy.KEY_GROUP_COUNTS}
    result.metrics = metric_rows(rows[-1], headers)
    cross = [*unit_findings, *checks.duplicates_across_units(sel.accepted)]
    for u in sel.accepted:
        cross.extend(checks.migrant_dropouts(u))
    cross.extend(compare.changes(rows, prev_rows))
    result.findings = sorted([*findings, *sel.findings, *cross], key=sort_key)
    ledgers = combined_ledgers(sel.accepted, unmask)
    if progress:
        progress.step(1, 1, "写出汇总工作簿")
    result.out_path = write_rollup(result, ledgers, Path(out))
    return result


def _read_inbox(
    inbox: Any, level: str, progress: Progress | None
) -> tuple[list[UnitInput], list[UnitStatus], list[Finding]]:
    from core.reader import expand_inputs, read_workbook

    paths = [inbox] if isinstance(inbox, str | Path) else list(inbox)
    sources, findings = expand_inputs(paths)
    received: list[UnitInput] = []
    statuses: list[UnitStatus] = []
    for i, source in enumerate(sources):
        if progress:
            progress.step(i, len(sources), source.display)
        wb = read_workbook(source)
        got = unit_from_workbook(wb, level)
        if isinstance(got, UnitInput):
            received.append(got)
            continue
        bad = [f for f in wb.findings if f.code in ("unreadable-file", "encrypted-file")]
        status = "unreadable" if wb.status == "unreadable" else "rejected"
        kept = bad or [got]
        statuses.append(UnitStatus(wb.path, None, None, status, kept))
        findings.extend(kept)
    return received, statuses, findings


def read_unit_list(path: str | Path) -> dict[str, str]:
    """Unit code -> name from a 单位名单 workbook (or the 单位汇总 of a roll-up)."""
    from core.reader import read_workbook

    wb = read_workbook(Path(path))
    table = wb.table("unit-list") or wb.table("units")
    if table is None:
        return {}
    out = {}
    for _, row in table.data.iterrows():
        code = row.get("unit_code")
        if isinstance(code, str) and len(code) == 6:
            out[code] = row.get("unit_name") or code
    return out


def _read_previous(path: str | Path) -> dict[str, dict[str, Any]]:
    from core.reader import read_workbook

    return compare.previous_rows(read_workbook(Path(path)))


def _unit_rows(units: list[UnitInput], window: Any) -> tuple[list[dict[str, Any]], list[Finding]]:
    rows, findings = [], []
    for u in units:
        counted = metrics.ledger_counts(u, window)
        # A county's own totals count what its schools reported; an upper level counts it all.
        own = metrics.ledger_counts(u, window, school_only=True) if u.level == "county" else counted
        mismatches = checks.totals_mismatches(u, own)
        findings.extend(mismatches)
        row: dict[str, Any] = {"unit_code": u.code, "unit_name": u.name, "submitted": True}
        row.update({k: v for k, v in u.declared.items() if v is not None})
        row.update(counted)
        row.update(totals_consistent=not mismatches, source_file=u.path, made_on=u.made_on)
        rows.append(metrics.add_rates(row))
    return rows, findings


def combined_ledgers(units: list[UnitInput], unmask: bool) -> dict[str, pd.DataFrame]:
    """The units' case ledgers stacked, provenance pointing at the unit workbooks."""
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
