"""Reading the register: its months, its cases as of a month, its 劝返 attempts."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from core.register.cases import Case, case_events, count_attempts, replay
from core.register.platform import answers, pushed_pupils
from core.register.schema import RegisterError, open_register


def _existing(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise RegisterError(f"个案登记册“{path}”不存在；先用 consolidate --register 记录一个月")
    return open_register(path)


def periods(conn: sqlite3.Connection) -> list[str]:
    """The months recorded, in order."""
    return [p for (p,) in conn.execute("SELECT DISTINCT period FROM active_runs ORDER BY period")]


def cases_as_of(conn: sqlite3.Connection, period: str | None = None) -> list[Case]:
    """Every case episode as the register knew it at the end of a month (default: the latest)."""
    rows = case_events(conn)
    if period is not None:
        rows = [r for r in rows if r[1] <= period]
    episodes = replay(rows)
    count_attempts(conn, episodes, until=period)
    return [c for mine in episodes.values() for c in mine]


def last_rolls(path: str | Path, period: str, schools: set[str]) -> dict[str, str]:
    """Pupil key -> 学校标识码 of the pupils on these schools' roll in the latest month recorded
    before this one ({} when the register does not exist yet or holds no earlier month)."""
    path = Path(path)
    if not schools or not path.is_file():
        return {}
    conn = open_register(path)
    try:
        (last,) = conn.execute(
            "SELECT max(period) FROM active_runs WHERE period < ?", (period,)
        ).fetchone()
        if last is None:
            return {}
        marks = ",".join("?" * len(schools))
        rows = conn.execute(
            "SELECT pupil, school_code FROM live_events WHERE period = ? AND kind = 'roster'"
            f" AND school_code IN ({marks})",
            (last, *sorted(schools)),
        )
        return dict(rows.fetchall())
    finally:
        conn.close()


def case_json(case: Case) -> dict[str, Any]:
    """One case of the status JSON (docs/register.md)."""
    return {
        "id_number": case.identity.get("id"),
        "student_no": case.identity.get("sno"),
        "name": case.identity.get("name"),
        "school_code": case.school_code,
        "state": case.state,
        "opened": case.opened,
        "opened_by": case.opened_by,
        "attempts": case.attempts,
        "last_event": case.last_event,
        "history": [
            {k: h[k] for k in ("period", "event", "date", "source")} | {"reason": h.get("reason")}
            for h in case.history
        ],
    }


def attempts(conn: sqlite3.Connection, period: str | None = None) -> list[dict[str, Any]]:
    """Every distinct 劝返 attempt (pupil, date, person, measure), first report's details."""
    sql = (
        "SELECT a.pupil, a.date, a.person, a.measure, a.first_period, a.reports, e.data,"
        " e.file, e.sheet, e.row, e.school_code"
        " FROM attempts a JOIN events e ON e.id = a.first_event"
    )
    args: tuple = ()
    if period is not None:
        sql += " WHERE a.first_period <= ?"
        args = (period,)
    out = []
    for (
        pupil,
        date,
        person,
        measure,
        first,
        reports,
        data,
        file,
        sheet,
        row,
        school,
    ) in conn.execute(sql + " ORDER BY a.first_period, a.first_event", args):
        d = json.loads(data)
        out.append(
            {
                "pupil": pupil,
                "name": d.get("name"),
                "id_number": d.get("id"),
                "school_code": school,
                "date": date,
                "person": person,
                "measure": measure,
                "result": d.get("result"),
                "first_period": first,
                "reports": reports,
                "source": {"file": file, "sheet": sheet, "row": row},
            }
        )
    return out


def status(path: str | Path, period: str | None = None) -> dict[str, Any]:
    """The register status document (docs/register.md)."""
    path = Path(path)
    conn = _existing(path)
    try:
        known = periods(conn)
        if period is not None and period not in known:
            raise RegisterError(f"登记册中没有 {period} 的汇总（已有：{'、'.join(known) or '无'}）")
        cases = cases_as_of(conn, period)
        from core.register.field_check import checks  # here: field_check imports this module

        visits = checks(conn, period)
        replied = {a["pupil"] for a in answers(conn, period)}
        pushed = pushed_pupils(conn, period)
        by_result = Counter(c.get("result") or "" for c in visits)
        months = [
            {"period": p, "findings": json.loads(f)}
            for p, f in conn.execute("SELECT period, findings FROM month_summaries ORDER BY period")
        ]
    finally:
        conn.close()
    return {
        "register": str(path),
        "periods": known,
        "months": months,
        "cases": [case_json(c) for c in cases],
        "field_checks": {"visits": len(visits), "by_result": dict(sorted(by_result.items()))},
        "platform": {
            "pushed": len(pushed),
            "answered": len(pushed & replied),
            "unanswered": len(pushed - replied),
        },
    }
