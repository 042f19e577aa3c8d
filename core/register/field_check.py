"""The filled 入户核查清单 read back: each visit a register event at its source cells.

The list `schoolroll checklist` writes comes back filled on site (核查日期, 核查人, 核查结果, 说明).
The reader reads it as its catalogue form (core.catalogue.review.FIELD_CHECK); every filled row
becomes a `check` event (who visited, when, what was found, the four cells it was read from) and,
where the result settles the case, a `decided` event with the case's new state:

在校就读 / 已返校: 待核实 -> 排除, 疑似辍学 -> 已返校, 辍学 -> 已复学; 转学 -> 转出;
休学 / 送教上门 -> 依法不在校; 辍学: 待核实 -> 疑似辍学, 疑似辍学 -> 辍学; 死亡 / 出国出境 ->
已销号 with that 销号原因 (the code lists share the entry) and the 说明 as its 佐证;
联系不上 / 其他 leave the state as it is.

The import is one run (command ``field-check``) of the list's month: importing the same file
again supersedes it, and a month consolidated again never supersedes it.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from core.catalogue import codelists as cl
from core.catalogue import review as rv
from core.model.findings import Finding, make_finding
from core.model.identity import pupil_key
from core.reader.model import SheetTable, WorkbookRead
from core.register.cases import OPEN_STATES, STATE_LABELS, Case, rebuild
from core.register.lists import known_month, list_month
from core.register.observe import Event
from core.register.query import cases_as_of, periods
from core.register.schema import RegisterBusyError, RegisterError, open_register
from core.rules.base import blank

FAMILY = rv.FIELD_CHECK_FAMILY.key
COMMAND = "field-check"
TITLE = rv.FIELD_CHECK.title
FILLED = ("check_date", "checker", "check_result", "check_note")
"""The columns filled on site, in the order the list has them."""
BACK = {"pending": "excluded", "suspected": "returned", "dropout": "resumed"}
ESCALATE = {"pending": "suspected", "suspected": "dropout"}
SETTLES: dict[str, dict[str, str] | str] = {
    "11": BACK,
    "12": BACK,
    "13": "transferred",
    "15": "lawful",
    "16": "lawful",
    "14": ESCALATE,
    cl.DEATH.code: "closed",
    cl.ABROAD.code: "closed",
}
"""核查结果 code -> the case's new state (by its state now, or whatever it is)."""
_INSERT = (
    "INSERT INTO events (run_id, period, pupil, how, kind, state, date, school_code, data,"
    " file, sheet, row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass
class CheckImport:
    """What importing one filled check-list did."""

    path: str
    period: str
    checks: int = 0
    """Rows recorded as a visit."""
    blank: int = 0
    """Rows left blank (not visited yet): nothing recorded."""
    states: dict[str, int] = field(default_factory=dict)
    """New case states (labels) the visits decided, with how many."""
    findings: list[Finding] = field(default_factory=list)
    superseded_run: int | None = None

    def to_json(self) -> dict[str, Any]:
        """One entry of `register import --json`'s "checklists" (docs/register.md)."""
        return {
            "file": self.path,
            "period": self.period,
            "checks": self.checks,
            "blank": self.blank,
            "states": self.states,
            "findings": [f.to_json() for f in self.findings],
        }


def is_field_check(wb: WorkbookRead) -> bool:
    """True when the workbook is a (filled) 入户核查清单."""
    return wb.family is not None and wb.family.key == FAMILY and wb.table("field-check") is not None


def _text(value: Any) -> str | None:
    return None if blank(value) else str(value).strip()


def _period(table: SheetTable) -> str:
    found = list_month(table, TITLE)
    if found is None:
        raise RegisterError(
            f"{TITLE}“{table.path}”的月份列应为同一个月（现为：无），未导入任何内容"
        )
    return found


def _new_state(code: str, state: str) -> str | None:
    settles = SETTLES.get(code)
    new = settles.get(state) if isinstance(settles, dict) else settles
    return new if new != state else None


def _match(row: dict[str, Any], cases: dict[str, Case]) -> Case | None:
    key = pupil_key(row.get("id_number"), row.get("student_no"), row.get("name"), None)
    if key is not None and f"{key[0]}:{key[1]}" in cases:
        return cases[f"{key[0]}:{key[1]}"]
    for case in cases.values():
        who = case.identity
        if (row.get("id_number") and who.get("id") == row.get("id_number")) or (
            row.get("student_no") and who.get("sno") == row.get("student_no")
        ):
            return case
    return None


def _events(
    table: SheetTable, wb: WorkbookRead, cases: dict[str, Case], out: CheckImport
) -> list[Event]:
    """The check and decision events of the list's filled rows; findings into out."""
    events: list[Event] = []
    bad = {(f.row, f.column) for f in wb.findings if f.sheet == table.sheet}
    letter = table.columns.get
    for excel_row, row in table.data.to_dict("index").items():
        raw = table.raw.loc[excel_row]
        if all(blank(raw.get(k)) for k in FILLED if k in raw):
            out.blank += 1
            continue
        name = _text(row.get("name")) or ""
        at = {"file": table.path, "sheet": table.sheet, "row": int(excel_row)}
        code = row.get("check_result")
        if blank(code):
            if (int(excel_row), letter("check_result")) not in bad:
                out.findings.append(
                    make_finding(
                        "check-result-missing",
                        **at,
                        column=letter("check_result"),
                        field=rv.FIELD_CHECK.column("check_result").header,
                        name=name,
                    )
                )
            continue
        case = _match(row, cases)
        if case is None:
            out.findings.append(make_finding("field-check-unmatched", **at, name=name))
            continue
        cells = {k: f"{letter(k)}{excel_row}" for k in FILLED if letter(k)}
        who = {k: v for k, v in case.identity.items() if k in ("name", "id", "sno") and v}
        date = row.get("check_date")
        day = date.isoformat() if isinstance(date, dt.date) else None
        label = cl.CHECK_RESULT.label(code)
        note = _text(row.get("check_note"))
        check = {
            **who,
            "checker": _text(row.get("checker")),
            "result": label,
            "result_code": code,
            "note": note,
            "cells": cells,
        }
        events.append(
            Event(
                case.pupil,
                case.how,
                "check",
                None,
                day,
                case.school_code,
                {k: v for k, v in check.items() if v},
                **at,
            )
        )
        out.checks += 1
        new = _new_state(code, case.state) if case.state in OPEN_STATES else None
        if new is None:
            continue
        data: dict[str, Any] = {
            **who,
            "reason": f"入户核查：{label}" + (f"（{note}）" if note else ""),
        }
        data["column"] = letter("check_result")
        if new == "closed":
            data.update(closing_reason=label, evidence=note)
            if note is None:
                out.findings.append(
                    make_finding(
                        "closure-without-evidence",
                        **at,
                        column=letter("check_note"),
                        school_code=case.school_code,
                        id_number=who.get("id"),
                        name=name,
                        missing="佐证（说明）",
                    )
                )
        events.append(
            Event(
                case.pupil,
                case.how,
                "decided",
                new,
                day,
                case.school_code,
                {k: v for k, v in data.items() if v},
                **at,
            )
        )
        out.states[STATE_LABELS[new]] = out.states.get(STATE_LABELS[new], 0) + 1
    return events


def _reader_findings(wb: WorkbookRead, table: SheetTable) -> list[Finding]:
    """The reader's findings about the filled columns (an invalid 核查结果 at its cell)."""
    filled = {table.columns[k] for k in FILLED if k in table.columns}
    return [f for f in wb.findings if f.sheet == table.sheet and f.column in filled]


def import_field_check(register: str | Path, wb: WorkbookRead) -> CheckImport:
    """Record the visits of a filled check-list, all of them or (on any failure) nothing."""
    table = wb.table("field-check")
    if table is None:
        raise RegisterError(f"“{wb.path}”不是入户核查清单，未导入任何内容")
    period = _period(table)
    out = CheckImport(wb.path, period, findings=_reader_findings(wb, table))
    path = Path(register)
    if not path.is_file():
        raise RegisterError(f"个案登记册“{path}”不存在；先用 consolidate --register 记录一个月")
    conn = open_register(path)
    try:
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise RegisterBusyError(f"个案登记册“{path}”正被其他程序使用，请稍后再试") from exc
        try:
            _record(conn, table, wb, period, out)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()
    return out


def _record(
    conn: sqlite3.Connection, table: SheetTable, wb: WorkbookRead, period: str, out: CheckImport
) -> None:
    known_month(period, periods(conn), TITLE)
    note = f"入户核查清单：{PurePath(wb.path).name}"
    row = conn.execute(
        "SELECT max(id) FROM active_runs WHERE command = ? AND period = ? AND note = ?",
        (COMMAND, period, note),
    ).fetchone()
    out.superseded_run = row[0]
    # the run goes in first: the visits it supersedes no longer count for the cases below
    cur = conn.execute(
        "INSERT INTO runs (period, command, started, supersedes, note) VALUES (?, ?, ?, ?, ?)",
        (period, COMMAND, dt.datetime.now().isoformat(timespec="seconds"), row[0], note),
    )
    run_id = int(cur.lastrowid)
    cases = {c.pupil: c for c in cases_as_of(conn, period) if c.is_open}
    latest = {c.pupil: c for c in cases_as_of(conn)}
    # the state the case is in now: a visit decides from there (an open case only)
    now = {p: latest.get(p, c) for p, c in cases.items()}
    events = _events(table, wb, now, out)
    conn.executemany(_INSERT, [e.values(run_id, period) for e in events])
    rebuild(conn)


def checks(conn: sqlite3.Connection, up_to: str | None = None) -> list[dict[str, Any]]:
    """Every live visit of an imported check-list, in order, of the months up to `up_to` (all
    when None), for status and export."""
    rows = conn.execute(
        "SELECT pupil, period, date, school_code, data, file, sheet, row FROM live_events"
        " WHERE kind = 'check' AND (?1 IS NULL OR period <= ?1) ORDER BY period, id",
        (up_to,),
    )
    out = []
    for pupil, period, date, school, data, file, sheet, row in rows:
        d = json.loads(data)
        out.append(
            {
                "pupil": pupil,
                "period": period,
                "date": date,
                "school_code": school,
                "source": {"file": file, "sheet": sheet, "row": row},
                **d,
            }
        )
    return out
