"""Recording a consolidated month: one run, its events and its summary, in one transaction.

The same month recorded again appends a run that supersedes the earlier one, so the derived
cases and attempts come out as after one run; an earlier month after a later one is refused
unless the caller asks for it. A test hook (SCHOOLROLL_REGISTER_HOOK, a file path) writes that
file once the transaction is open and waits SCHOOLROLL_REGISTER_HOOK_WAIT seconds, so a test
can kill the process with the transaction open.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from core.model.findings import Finding
from core.register.cases import OPEN_STATES, Case, case_events, rebuild, replay
from core.register.month import Previous, compare_month, previous_roster
from core.register.observe import Event, Month, month_events, school_figures
from core.register.platform import platform_events, unanswered
from core.register.schema import (
    EarlierMonthError,
    RegisterBusyError,
    RegisterError,
    open_register,
)
from core.register.sheets import case_rows, closure_rows

HOOK = "SCHOOLROLL_REGISTER_HOOK"
HOOK_WAIT = "SCHOOLROLL_REGISTER_HOOK_WAIT"
_INSERT = (
    "INSERT INTO events (run_id, period, pupil, how, kind, state, date, school_code, data,"
    " file, sheet, row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass
class Outcome:
    """What recording a month did, for the consolidate JSON and summary."""

    period: str
    findings: list[Finding] = field(default_factory=list)
    opened: int = 0
    closed: int = 0
    open: int = 0
    superseded_run: int | None = None
    cases: list[dict] = field(default_factory=list)
    """个案台账 rows: every case open at some time in the month."""
    closures: list[dict] = field(default_factory=list)
    """销号记录 rows: the cases ended this month."""

    def to_json(self) -> dict[str, int]:
        """The "register" object of the consolidate JSON (docs/register.md)."""
        return {
            "opened": self.opened,
            "closed": self.closed,
            "open": self.open,
            "findings": len(self.findings),
        }


def _begin(conn: sqlite3.Connection, path: Path) -> None:
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise RegisterBusyError(f"个案登记册“{path}”正被其他程序使用，请稍后再试") from exc


def _check_order(conn: sqlite3.Connection, period: str, allow_earlier: bool) -> int | None:
    latest = conn.execute("SELECT max(period) FROM active_runs").fetchone()[0]
    if latest is not None and period < latest and not allow_earlier:
        raise EarlierMonthError(latest, period)
    # the month's own run: a field check-list imported for the month is another run, kept
    row = conn.execute(
        "SELECT max(r.id) FROM active_runs r JOIN months m ON m.run_id = r.id WHERE r.period = ?",
        (period,),
    ).fetchone()
    return row[0]


def _hook() -> None:
    marker = os.environ.get(HOOK)
    if marker:
        Path(marker).write_text("open", encoding="utf-8")
        time.sleep(float(os.environ.get(HOOK_WAIT, "30")))


def _chronological(events: list[Event]) -> list[Event]:
    # Within a month a pupil's rows are read in the order they happened (an old 已返校 row
    # before this month's new 跟踪中 row), so the replay opens the new episode last.
    observed = sorted((e for e in events if e.kind == "observed"), key=lambda e: e.date or "")
    return (
        [e for e in events if e.kind == "roster"]
        + observed
        + [e for e in events if e.kind not in ("roster", "observed")]
    )


def _counts(period: str, before: dict[str, list[Case]], after: dict[str, list[Case]]) -> tuple:
    opened = sum(1 for mine in after.values() for c in mine if c.opened == period)
    open_now = sum(1 for mine in after.values() if mine[-1].is_open)
    was_open = {p for p, mine in before.items() if mine[-1].is_open}
    closed = sum(
        1
        for p, mine in after.items()
        if not mine[-1].is_open
        and (p in was_open or mine[-1].opened == period)
        and mine[-1].last_period == period
    )
    return opened, closed, open_now


def _record(conn: sqlite3.Connection, month: Month, superseded: int | None, out: Outcome) -> None:
    prev = Previous(
        replay(case_events(conn, before=month.period)), previous_roster(conn, month.period)
    )
    events = _chronological(month_events(month))
    events += platform_events(month.platform or [])
    compared = compare_month(
        prev, events, month.reported, month.household_checked, month.closures_reported
    )
    compared.findings += unanswered(conn, month.period, events, month.platform_days)
    cur = conn.execute(
        "INSERT INTO runs (period, command, started, supersedes, note) VALUES (?, ?, ?, ?, ?)",
        (
            month.period,
            month.command,
            dt.datetime.now().isoformat(timespec="seconds"),
            superseded,
            "重新汇总同一月份，取代之前的记录" if superseded else None,
        ),
    )
    run_id = int(cur.lastrowid)
    conn.executemany(_INSERT, [e.values(run_id, month.period) for e in events + compared.decided])
    _hook()
    found = Counter(month.finding_counts) + Counter(f.code for f in compared.findings)
    conn.execute(
        "INSERT INTO months VALUES (?, ?, ?, ?, ?)",
        (
            run_id,
            month.period,
            json.dumps(month.submissions, ensure_ascii=False, default=str),
            json.dumps(
                {"reported": sorted(month.reported), "figures": school_figures(month)},
                ensure_ascii=False,
            ),
            json.dumps(dict(found), ensure_ascii=False),
        ),
    )
    after = rebuild(conn)
    out.findings = compared.findings
    out.cases, out.closures = case_rows(after, month.period), closure_rows(after, month.period)
    out.opened, out.closed, out.open = _counts(month.period, prev.cases, after)


def record_month(
    path: str | Path,
    month: Month,
    *,
    allow_earlier: bool = False,
) -> Outcome:
    """Record one consolidated month in the register, all of it or (on any failure) nothing."""
    path = Path(path)
    conn = open_register(path)
    out = Outcome(month.period)
    try:
        _begin(conn, path)
        try:
            out.superseded_run = _check_order(conn, month.period, allow_earlier)
            _record(conn, month, out.superseded_run, out)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise RegisterBusyError(f"个案登记册“{path}”正被其他程序使用，请稍后再试") from exc
        raise RegisterError(f"无法写入个案登记册“{path}”：{exc}") from exc
    finally:
        conn.close()
    return out


def open_cases(after: dict[str, list[Case]]) -> list[Case]:
    """The pupils' current episodes that are still open."""
    return [mine[-1] for mine in after.values() if mine[-1].state in OPEN_STATES]
