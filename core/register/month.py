"""Month over month: what this month's ledgers say against what the register knew.

The register's findings (case-unaccounted, roster-drop-unexplained, returned-absent-again,
closure-without-evidence) and the decisions the comparison itself makes (a pupil now on another
school's roll is 转出 there; a 待核实 child found on a roll or no longer unmatched is excluded)
are computed here from the previous months' cases and roster and this month's events.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from core.model.findings import Finding, make_finding
from core.register.cases import BACK_STATES, OPEN_STATES, Case
from core.register.observe import Event

EXPLAINED = frozenset({"closed", "excluded", "transferred", "lawful"})
"""Observed states that explain a pupil leaving a roll."""


@dataclass
class Previous:
    """What the register knew before this month."""

    cases: dict[str, list[Case]]
    roster: dict[str, tuple[str | None, str, str | None, str | None, int | None]]
    """pupil -> (school_code, data, file, sheet, row) of the latest earlier month's roster; data
    is the event's JSON text, read only for the few pupils who moved or left the roll."""


@dataclass
class Compared:
    """This month's register findings and the decisions to record."""

    findings: list[Finding] = field(default_factory=list)
    decided: list[Event] = field(default_factory=list)


def previous_roster(conn: sqlite3.Connection, period: str) -> dict:
    """The roster of the latest active month before this one, by pupil."""
    last = conn.execute(
        "SELECT max(period) FROM active_runs WHERE period < ?", (period,)
    ).fetchone()[0]
    if last is None:
        return {}
    rows = conn.execute(
        "SELECT pupil, school_code, data, file, sheet, row FROM live_events"
        " WHERE period = ? AND kind = 'roster'",
        (last,),
    )
    return {p: (s, d, f, sh, r) for p, s, d, f, sh, r in rows}


def _latest(cases: dict[str, list[Case]], pupil: str) -> Case | None:
    mine = cases.get(pupil)
    return mine[-1] if mine else None


def _at(case: Case) -> dict:
    last = case.history[-1]["source"] if case.history else {}
    return {"file": last.get("file"), "sheet": last.get("sheet"), "row": last.get("row")}


def _name(case_or_data: Case | dict) -> str:
    data = case_or_data.identity if isinstance(case_or_data, Case) else case_or_data
    return data.get("name") or ""


def _observed(events: Iterable[Event]) -> dict[str, list[Event]]:
    seen: dict[str, list[Event]] = {}
    for e in events:
        if e.kind == "observed":
            seen.setdefault(e.pupil, []).append(e)
    return seen


def _transfers(prev: Previous, now_roster: dict[str, Event], out: Compared) -> set[str]:
    moved = set()
    for pupil, (school, data, *_src) in prev.roster.items():
        now = now_roster.get(pupil)
        if now is None or now.school_code == school or school is None:
            continue
        moved.add(pupil)
        case = _latest(prev.cases, pupil)
        if case is not None and case.is_open:
            reason = f"已在 {now.school_code} 的学籍名册中"
            out.decided.append(
                Event(
                    pupil,
                    now.how,
                    "decided",
                    "transferred",
                    None,
                    school,
                    {"destination": now.school_code, **json.loads(data)},
                    now.file,
                    now.sheet,
                    now.row,
                )
            )
            out.decided[-1].data["reason"] = reason
    return moved


def _cases(
    prev: Previous,
    seen: dict,
    now_roster: dict,
    moved: set,
    reported: frozenset,
    household_checked: bool,
    out: Compared,
) -> None:
    for pupil, mine in prev.cases.items():
        case = mine[-1]
        if not case.is_open or pupil in seen or pupil in moved:
            continue
        if case.state == "pending":
            if pupil in now_roster or household_checked:
                why = "已在本县学校名册中" if pupil in now_roster else "户籍比对不再列为待核实"
                out.decided.append(
                    Event(
                        pupil,
                        case.how,
                        "decided",
                        "excluded",
                        None,
                        case.school_code,
                        {"reason": why},
                        None,
                        None,
                        None,
                    )
                )
            continue
        if case.school_code not in reported:
            continue  # its school sent nothing: the missing submission is the finding
        out.findings.append(
            make_finding(
                "case-unaccounted",
                **_at(case),
                school_code=case.school_code,
                id_number=case.identity.get("id"),
                name=_name(case),
                state=_label(case.state),
                opened=case.opened,
            )
        )


def _label(state: str) -> str:
    from core.register.cases import STATE_LABELS

    return STATE_LABELS.get(state, state)


def _roster_drops(
    prev: Previous, seen: dict, now_roster: dict, moved: set, reported: frozenset, out: Compared
) -> None:
    for pupil, (school, text, file, sheet, row) in prev.roster.items():
        if pupil in now_roster or pupil in moved or school not in reported:
            continue
        if any(e.state in EXPLAINED for e in seen.get(pupil, ())):
            continue
        data = json.loads(text)
        out.findings.append(
            make_finding(
                "roster-drop-unexplained",
                file=file,
                sheet=sheet,
                row=row,
                school_code=school,
                id_number=data.get("id"),
                name=_name(data),
            )
        )


def closure_place(file: object, sheet: object, row: object) -> tuple[str, str, int]:
    """Where a 销号 row stands, as the month's findings and the register's events both name it."""
    name = str(file or "").replace("\\", "/").rsplit("/", 1)[-1]
    try:
        return (name, str(sheet or ""), int(row or 0))
    except (TypeError, ValueError):
        return (name, str(sheet or ""), 0)


def _observations(prev: Previous, seen: dict, out: Compared, reported: frozenset) -> None:
    for pupil, events in seen.items():
        case = _latest(prev.cases, pupil)
        state = case.state if case else None
        for e in events:
            where = {"file": e.file, "sheet": e.sheet, "row": e.row, "school_code": e.school_code}
            if state in BACK_STATES and e.state in OPEN_STATES - {"pending"}:
                out.findings.append(
                    make_finding(
                        "returned-absent-again",
                        **where,
                        id_number=e.data.get("id"),
                        name=e.data.get("name") or "",
                        back=_label(state),
                    )
                )
            if (
                e.state == "closed"
                and state != "closed"
                and closure_place(e.file, e.sheet, e.row) not in reported
            ):
                missing = [
                    w
                    for w, k in (("销号原因", "closing_reason"), ("佐证", "evidence"))
                    if not e.data.get(k)
                ]
                if missing:
                    out.findings.append(
                        make_finding(
                            "closure-without-evidence",
                            **where,
                            id_number=e.data.get("id"),
                            name=e.data.get("name") or "",
                            missing="和".join(missing),
                        )
                    )
            if not (e.state == "lawful" and state not in OPEN_STATES):
                state = e.state


def compare_month(
    prev: Previous,
    events: list[Event],
    reported: frozenset,
    household_checked: bool,
    closures_reported: frozenset = frozenset(),
) -> Compared:
    """The register's findings and decisions for this month's events.

    A 销号 the month's findings already call closure-without-evidence (closures_reported) is
    not reported a second time: one problem, one finding, whichever check saw it first.
    """
    out = Compared()
    now_roster = {e.pupil: e for e in events if e.kind == "roster"}
    seen = _observed(events)
    moved = _transfers(prev, now_roster, out)
    _cases(prev, seen, now_roster, moved, reported, household_checked, out)
    _roster_drops(prev, seen, now_roster, moved, reported, out)
    _observations(prev, seen, out, closures_reported)
    return out
