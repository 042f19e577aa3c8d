"""Checks across schools: one pupil on two rolls, unrecorded transfers, 借读."""

from __future__ import annotations

from typing import Any

import pandas as pd

from core.catalogue.counts import DROPOUT_OPEN
from core.consolidate.matching import row_at
from core.consolidate.merge import HOW, KEY, Ledgers
from core.model.findings import Finding, make_finding
from core.model.identity import MATCH_LABELS

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


class Places:
    """Where each pupil key occurs in one merged sheet, and at which school."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.schools = frame["school_code"].tolist()
        self.at: dict[str, list[int]] = {}
        for pos, key in enumerate(frame[KEY].tolist()):
            if key:
                self.at.setdefault(key, []).append(pos)

    def elsewhere(self, key: str | None, school: str | None) -> int | None:
        """The first position of the key at another school, or None."""
        return next((p for p in self.at.get(key or "", ()) if self.schools[p] != school), None)


def duplicates(roster: Places) -> list[Finding]:
    """duplicate-across-schools at each place, naming the other school's row."""
    found: list[Finding] = []
    for positions in roster.at.values():
        if len(positions) < 2 or len({roster.schools[p] for p in positions}) < 2:
            continue
        rows = [row_at(roster.frame, p) for p in positions]
        for r in rows:
            other = next(o for o in rows if o["school_code"] != r["school_code"])
            found.append(
                at_row(
                    r,
                    "duplicate-across-schools",
                    name=r.get("name") or "",
                    school=r["school_name"],
                    own_sheet=r["source_sheet"],
                    own_row=r["source_row"],
                    other_school=other["school_name"],
                    other_path=other["source_file"],
                    other_sheet=other["source_sheet"],
                    other_row=other["source_row"],
                )
            )
            found += fallback(r, r[HOW])
    return found


def transfers(dropout: pd.DataFrame, places: dict[str, Places]) -> list[Finding]:
    """A dropout at A who is on B's roll or attendance: transfer-unrecorded (a query)."""
    found: list[Finding] = []
    for r in dropout.to_dict("records"):
        if r.get("status") not in (None, DROPOUT_OPEN):
            continue
        for kind, where in places.items():
            pos = where.elsewhere(r[KEY], r["school_code"])
            if pos is not None:
                other = row_at(where.frame, pos)
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


def attending_elsewhere(attendance: pd.DataFrame, roster: Places) -> list[Finding]:
    """Attendance at B for a pupil registered only at A: attending-elsewhere (借读, a query)."""
    found: list[Finding] = []
    rows = zip(attendance[KEY].tolist(), attendance["school_code"].tolist(), strict=True)
    for pos, (key, school) in enumerate(rows):
        rostered = roster.at.get(key or "")
        if rostered and all(roster.schools[p] != school for p in rostered):
            other = row_at(roster.frame, rostered[0])
            found.append(
                at_row(
                    row_at(attendance, pos),
                    "attending-elsewhere",
                    other_school=other["school_name"],
                )
            )
    return found


def cross_school(ledgers: Ledgers) -> list[Finding]:
    """Every check across schools, on the merged ledgers."""
    roster = Places(ledgers["roster"])
    places = {"roster": roster, "attendance": Places(ledgers["attendance"])}
    return (
        duplicates(roster)
        + transfers(ledgers["dropout"], places)
        + attending_elsewhere(ledgers["attendance"], roster)
    )
