"""What one consolidated month tells the register: its ledgers turned into events.

The consolidation hands over a Month (its merged ledgers by school sheet kind, with catalogue
keys and provenance columns, and the 户籍 children still to verify); each row becomes one event
keyed by the pupil's strongest key (core.model.identity.pupil_key).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from core.catalogue import counts
from core.catalogue.codelists import CLOSING_REASON, EXCUSED_STATUSES
from core.model.identity import pupil_key

SUSPECTED_STATES = {
    counts.SUSPECTED_TRACKING: "suspected",
    counts.SUSPECTED_RETURNED: "returned",
    counts.SUSPECTED_CONFIRMED: "dropout",
    counts.SUSPECTED_EXCLUDED: "excluded",
}
DROPOUT_STATES = {
    counts.DROPOUT_OPEN: "dropout",
    counts.DROPOUT_RESUMED: "resumed",
    counts.DROPOUT_CLOSED: "closed",
}
OPENED_BY = {
    counts.ORIGIN_HOUSEHOLD: "household",
    counts.ORIGIN_ATTENDANCE: "attendance",
}
LAWFUL_ROLL = frozenset({"04", "06", "07"}) & EXCUSED_STATUSES
"""送教上门, 休学, 延缓入学: on the roll, lawfully not attending."""


@dataclass
class Month:
    """One consolidated month as the register records it."""

    period: str
    frames: Mapping[str, pd.DataFrame]
    """The county ledgers by school kind: roster, suspected, dropout, return-visits."""
    pending: list[dict[str, Any]] = field(default_factory=list)
    """户籍 children on no roll (待核实): name, id_number, birth_date and provenance."""
    reported: frozenset[str] = frozenset()
    """学校标识码 of the schools whose submission was accepted."""
    submissions: list[dict[str, Any]] = field(default_factory=list)
    """Each submission's path, school_code and status."""
    finding_counts: dict[str, int] = field(default_factory=dict)
    """The month's findings counted by code."""
    household_checked: bool = False
    """True when a 户籍 list was compared (a 待核实 child it no longer lists is settled)."""
    closures_reported: frozenset[tuple[str, str, int]] = frozenset()
    """(file name, sheet, row) of the 销号 rows the month's findings already call
    closure-without-evidence (the school file's rule): the register does not report them again."""
    command: str = "consolidate"
    platform: list[dict[str, Any]] | None = None
    """平台推送核实 rows (core.consolidate.platform_answer) when a pushed list was given."""
    platform_days: int = 30
    """The policy's [platform] answer_days (platform-unanswered)."""


_DATA_JSON = json.JSONEncoder(ensure_ascii=False, default=str, separators=(",", ":")).encode
"""An event's data as json.dumps with these options writes it, without a new encoder per row."""


@dataclass(frozen=True, slots=True)
class Event:
    """One row of the events table before it is written."""

    pupil: str
    how: str
    kind: str
    state: str | None
    date: str | None
    school_code: str | None
    data: dict[str, Any]
    file: str | None
    sheet: str | None
    row: int | None

    def values(self, run_id: int, period: str) -> tuple:
        """The INSERT parameters."""
        text = _DATA_JSON(self.data)
        return (
            run_id,
            period,
            self.pupil,
            self.how,
            self.kind,
            self.state,
            self.date,
            self.school_code,
            text,
            self.file,
            self.sheet,
            self.row,
        )


def _text(value: Any) -> str | None:
    if type(value) is str:  # the common case, first: a county roll is ~100,000 rows of text
        return value.strip() or None
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


IDENTITY = ("id_number", "student_no", "name", "birth_date", "school_code")
PROVENANCE = ("source_file", "source_sheet", "source_row")


def _reason(value: Any) -> str | None:
    """A 销号原因 as its label (code 06 reads 完成义务教育; free text is kept as given)."""
    text = _text(value)
    return CLOSING_REASON.label(text) if text else None


def _rows(frame: pd.DataFrame | None, *keys: str) -> Iterator[dict[str, Any]]:
    if frame is None or frame.empty:
        return
    # Only the columns an event keeps: a county roll has ~30 columns and 100,000 rows. The
    # columns as lists, zipped: a third of the cost of to_dict("records") boxing every cell.
    wanted = [k for k in (*IDENTITY, *PROVENANCE, *keys) if k in frame.columns]
    for values in zip(*(frame[k].tolist() for k in wanted), strict=True):
        yield dict(zip(wanted, values, strict=True))


def _event(
    row: dict[str, Any], kind: str, state: str | None, date: Any, **data: Any
) -> Event | None:
    get = row.get
    name, nid, sno = get("name"), get("id_number"), get("student_no")
    key = pupil_key(nid, sno, name, get("birth_date"))
    if key is None:
        return None
    who = {"name": _text(name), "id": _text(nid), "sno": _text(sno), **data}
    line = get("source_row")
    return Event(
        f"{key[0]}:{key[1]}",
        key[0],
        kind,
        state,
        _text(date),
        _text(get("school_code")),
        {k: v for k, v in who.items() if v},
        _text(get("source_file")),
        _text(get("source_sheet")),
        int(line) if isinstance(line, int | float) else None,
    )


def _roster(frame: pd.DataFrame | None) -> Iterator[Event | None]:
    for row in _rows(frame, "schooling", "approval_no"):
        yield _event(row, "roster", None, None)
        status = row.get("schooling")
        if status in LAWFUL_ROLL:
            yield _event(
                row,
                "observed",
                "lawful",
                None,
                schooling=status,
                approval=_text(row.get("approval_no")),
            )


def _suspected(frame: pd.DataFrame | None) -> Iterator[Event | None]:
    for row in _rows(frame, "status", "origin", "status_date", "first_absence", "whereabouts"):
        state = SUSPECTED_STATES.get(row.get("status"))
        if state is None:
            continue
        by = OPENED_BY.get(row.get("origin"), "school-ledger")
        date = row.get("status_date") or (
            row.get("first_absence") if state == "suspected" else None
        )
        yield _event(
            row, "observed", state, date, opened_by=by, reason=_text(row.get("whereabouts"))
        )


def _dropout(frame: pd.DataFrame | None) -> Iterator[Event | None]:
    keys = ("status", "origin", "status_date", "closing_reason", "closing_evidence", "note")
    keys += ("return_school",)
    for row in _rows(frame, *keys):
        state = DROPOUT_STATES.get(row.get("status"))
        if state is None:
            continue
        extra: dict[str, Any] = {"opened_by": OPENED_BY.get(row.get("origin"), "school-ledger")}
        if state == "closed":
            extra.update(
                closing_reason=_reason(row.get("closing_reason")),
                evidence=_text(row.get("closing_evidence") or row.get("note")),
            )
        if state == "resumed":
            extra.update(return_school=_text(row.get("return_school")))
        yield _event(row, "observed", state, row.get("status_date"), **extra)


def _attempts(frame: pd.DataFrame | None) -> Iterator[Event | None]:
    for row in _rows(frame, "visit_date", "visitor", "method", "result"):
        yield _event(
            row,
            "attempt",
            None,
            row.get("visit_date"),
            visitor=_text(row.get("visitor")),
            method=_text(row.get("method")),
            result=_text(row.get("result")),
        )


def _pending(rows: list[dict[str, Any]]) -> Iterator[Event | None]:
    for row in rows:
        yield _event(row, "observed", "pending", None, opened_by="household")


def month_events(month: Month) -> list[Event]:
    """Every event of the month: roster observations, case observations, 劝返 attempts."""
    f = month.frames
    found = [
        *_roster(f.get("roster")),
        *_suspected(f.get("suspected")),
        *_dropout(f.get("dropout")),
        *_attempts(f.get("return-visits")),
        *_pending(month.pending),
    ]
    return [e for e in found if e is not None]


def school_figures(month: Month) -> dict[str, dict[str, int]]:
    """Per school: 在籍, 在校, 疑似辍学 and 辍学 by the one definition of each count."""
    figures: dict[str, dict[str, int]] = {}
    for kind, count, name in (
        ("roster", counts.roster_count, "roster"),
        ("attendance", counts.attending_count, "attending"),
        ("suspected", counts.suspected_count, "suspected"),
        ("dropout", counts.dropout_count, "dropout"),
    ):
        frame = f if (f := month.frames.get(kind)) is not None else pd.DataFrame()
        if frame.empty or "school_code" not in frame:
            continue
        for code, part in frame.groupby("school_code", dropna=True):
            figures.setdefault(str(code), {})[name] = count(part)
    return figures
