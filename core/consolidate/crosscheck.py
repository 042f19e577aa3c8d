"""Checks across schools: one pupil on two rolls, unrecorded transfers, 借读."""

from __future__ import annotations

from typing import Any

import pandas as pd

from core.consolidate.merge import HOW, KEY, Ledgers
from core.findings import Finding, make_finding
from core.identity import MATCH_LABELS

KIND_TITLES = {"roster": "学籍名册", "attendance": "考勤汇总"}


def at_row(row: dict[str, Any], code: str, variant: str = "", **params: Any) -> Finding:
    """A finding located at a merged row's source cell, naming its school and pupil."""
    ident = row.get("id_number")
    return make_finding(
        code,
        variant,
        file=row.get("source_file"),
        sheet=row.get("source_sheet"),
        row=row.get("source_row"),
        school_code=row.get("school_code"),
        id_number=ident if isinstance(ident, str) else None,
        **params,
    )


def fallback(row: dict[str, Any], how: str | None) -> list[Finding]:
    """matched-by-fallback when a match was made without the ID number."""
    if how in (None, "id"):
        return []
    return [at_row(row, "matched-by-fallback", name=row.get("name") or "", how=MATCH_LABELS[how])]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dict("records")


def _by_key(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    index: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        if r[KEY]:
            index.setdefault(r[KEY], []).append(r)
    return index


def duplicates(roster: list[dict[str, Any]]) -> list[Finding]:
    """duplicate-across-schools at each place, naming the other school's row."""
    found: list[Finding] = []
    for group in _by_key(roster).values():
        if len({r["school_code"] for r in group}) < 2:
            continue
        for r in group:
            other = next(o for o in group if o["school_code"] != r["school_code"])
            found.append(
                at_row(
                    r,
                    "duplicate-across-schools",
                    other_school=other["school_name"],
                    other_path=other["source_file"],
                    other_sheet=other["source_sheet"],
                    other_row=other["source_row"],
                )
            )
            found += fallback(r, r[HOW])
    return found


def _elsewhere(index: dict[str, list[dict[str, Any]]], row: dict[str, Any]) -> dict | None:
    return next(
        (o for o in index.get(row[KEY] or "", ()) if o["school_code"] != row["school_code"]), None
    )


def transfers(
    dropout: list[dict[str, Any]], roster: list[dict[str, Any]], attendance: list[dict[str, Any]]
) -> list[Finding]:
    """A dropout at A who is on B's roll or attendance: transfer-unrecorded (a query)."""
    found: list[Finding] = []
    places = (("roster", _by_key(roster)), ("attendance", _by_key(attendance)))
    for r in dropout:
        if r.get("status") not in (None, "1"):
            continue
        for kind, index in places:
            other = _elsewhere(index, r)
            if other:
                found.append(
                    at_row(
                        r,
                        "transfer-unrecorded",
                        other_school=other["school_name"],
                        other_kind=KIND_TITLES[kind],
                    )
                )
                break
    return found


def attending_elsewhere(
    attendance: list[dict[str, Any]], roster: list[dict[str, Any]]
) -> list[Finding]:
    """Attendance at B for a pupil registered only at A: attending-elsewhere (借读, a query)."""
    index = _by_key(roster)
    found: list[Finding] = []
    for r in attendance:
        rostered = index.get(r[KEY] or "", [])
        if rostered and all(o["school_code"] != r["school_code"] for o in rostered):
            found.append(at_row(r, "attending-elsewhere", other_school=rostered[0]["school_name"]))
    return found


def cross_school(ledgers: Ledgers) -> list[Finding]:
    """Every check across schools, on the merged ledgers."""
    roster = _records(ledgers["roster"])
    attendance = _records(ledgers["attendance"])
    dropout = _records(ledgers["dropout"])
    return (
        duplicates(roster)
        + transfers(dropout, roster, attendance)
        + attending_elsewhere(attendance, roster)
    )
