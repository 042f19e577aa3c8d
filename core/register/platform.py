"""The platform's pushed pupils in the register: pushes, answers and platform-unanswered.

A month consolidated with the platform's pushed list records one `pushed` event per pupil (its
推送日期 and the list's cell) and, where the month's ledgers settled it, one `answer` event (the
核实结果 SchoolRoll derived, core.consolidate.platform_answer). A filled 平台推送核实 workbook
imported with `register import` adds the county's own answers (`answer` events at their cells,
one run of command ``platform-answer`` of the list's own month, core.register.lists; importing
the same file again supersedes it).

platform-unanswered: a pupil pushed in an earlier month, with no answer in any month up to this
one, whose 推送日期 lies more than the policy's [platform] answer_days before this month's end.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from core.catalogue import codelists as cl
from core.catalogue import county as cf
from core.model.findings import Finding, make_finding
from core.model.identity import pupil_key
from core.reader.model import SheetTable, WorkbookRead
from core.register.lists import known_month, list_month
from core.register.observe import Event
from core.register.schema import RegisterBusyError, RegisterError, open_register

COMMAND = "platform-answer"
TITLE = cf.PLATFORM_ANSWER.title
ANSWER = ("verify_result", "verify_note", "verifier", "verify_date")
_INSERT = (
    "INSERT INTO events (run_id, period, pupil, how, kind, state, date, school_code, data,"
    " file, sheet, row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip() or None


def _who(row: dict[str, Any]) -> tuple[str, str, dict[str, str]] | None:
    key = pupil_key(row.get("id_number"), row.get("student_no"), row.get("name"), None)
    if key is None:
        return None
    who = {"name": _text(row.get("name")), "id": _text(row.get("id_number"))}
    who["sno"] = _text(row.get("student_no"))
    return f"{key[0]}:{key[1]}", key[0], {k: v for k, v in who.items() if v}


def _answer(row: dict[str, Any], who: dict[str, str], how: str, **extra: Any) -> dict[str, Any]:
    code = row.get("verify_result")
    data = {
        **who,
        "result": cl.VERIFY_RESULT.label(code),
        "result_code": code,
        "note": _text(row.get("verify_note")),
        "verifier": _text(row.get("verifier")),
        "how": how,
        **extra,
    }
    return {k: v for k, v in data.items() if v}


def platform_events(rows: list[dict[str, Any]]) -> list[Event]:
    """The month's pushes and the answers derived for them (rows of county.PLATFORM_ANSWER)."""
    events = []
    for row in rows:
        found = _who(row)
        if found is None:
            continue
        pupil, how, who = found
        at = {
            "file": _text(row.get("source_file")),
            "sheet": _text(row.get("source_sheet")),
            "row": row.get("source_row") if isinstance(row.get("source_row"), int) else None,
        }
        school = _text(row.get("school_code"))
        pushed = {**who, "reason": _text(row.get("push_reason"))}
        events.append(
            Event(
                pupil,
                how,
                "pushed",
                None,
                _text(row.get("push_date")),
                school,
                {k: v for k, v in pushed.items() if v},
                **at,
            )
        )
        if row.get("verify_result"):
            data = _answer(row, who, "derived", basis=_text(row.get("basis")))
            events.append(
                Event(pupil, how, "answer", None, _text(row.get("verify_date")), school, data, **at)
            )
    return events


def _month_end(period: str) -> dt.date:
    year, month = (int(x) for x in period.split("-"))
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def unanswered(
    conn: sqlite3.Connection, period: str, events: list[Event], days: int
) -> list[Finding]:
    """platform-unanswered for this month: pupils pushed before it, never answered, overdue."""
    first: dict[str, tuple] = {}
    for pupil, date, school, data, file, sheet, row in conn.execute(
        "SELECT pupil, date, school_code, data, file, sheet, row FROM live_events"
        " WHERE kind = 'pushed' AND period < ? ORDER BY period, id",
        (period,),
    ):
        if pupil not in first or (date or "") < (first[pupil][0] or ""):
            first[pupil] = (date, school, json.loads(data), file, sheet, row)
    answered = {
        p for (p,) in conn.execute(
            "SELECT DISTINCT pupil FROM live_events WHERE kind = 'answer' AND period <= ?",
            (period,),
        )
    }  # fmt: skip
    answered |= {e.pupil for e in events if e.kind == "answer"}
    now = {e.pupil: e for e in events if e.kind == "pushed"}
    end = _month_end(period)
    out = []
    for pupil, (date, school, data, file, sheet, row) in first.items():
        try:
            pushed = dt.date.fromisoformat(date) if date else None
        except ValueError:
            pushed = None
        if pupil in answered or pushed is None or end <= pushed + dt.timedelta(days=days):
            continue
        here = now.get(pupil)  # this month's list row when the platform pushes it again
        place = (here.file, here.sheet, here.row) if here else (file, sheet, row)
        out.append(
            make_finding(
                "platform-unanswered",
                file=place[0],
                sheet=place[1],
                row=place[2],
                school_code=school,
                id_number=data.get("id"),
                name=data.get("name") or "",
                pushed=pushed.isoformat(),
                days=days,
                due=(pushed + dt.timedelta(days=days)).isoformat(),
            )
        )
    return out


@dataclass
class AnswerImport:
    """What importing one filled 平台推送核实 workbook did."""

    path: str
    period: str
    answers: int = 0
    blank: int = 0
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """One entry of `register import --json`'s "platform_answers" (docs/register.md)."""
        return {
            "file": self.path,
            "period": self.period,
            "answers": self.answers,
            "blank": self.blank,
            "findings": [f.to_json() for f in self.findings],
        }


def is_platform_answer(wb: WorkbookRead) -> bool:
    """True for a (filled) 平台推送核实 workbook of its own (not the county workbook's sheet)."""
    return wb.record("county-info") is None and wb.table(cf.PLATFORM_ANSWER.kind) is not None


def import_answers(register: str | Path, wb: WorkbookRead) -> AnswerImport:
    """Record the county's answers of a filled 平台推送核实 workbook, all or (on failure) none."""
    table = wb.table(cf.PLATFORM_ANSWER.kind)
    if table is None:
        raise RegisterError(f"“{wb.path}”不是平台推送核实工作簿，未导入任何内容")
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
            out = _record(conn, table, wb)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()
    return out


def _period(conn: sqlite3.Connection, table: SheetTable) -> str:
    """The month the answers belong to: the list's 月份. A list without one (kept from before the
    column, or typed by the clerk) answers the month whose pushed list it matches best (most
    pupils in common over pupils in either); a tie is refused, never guessed."""
    known = [
        p
        for (p,) in conn.execute(
            "SELECT DISTINCT r.period FROM active_runs r JOIN months m ON m.run_id = r.id"
            " ORDER BY r.period"
        )
    ]
    if not known:
        raise RegisterError("个案登记册中还没有任何月份，未导入任何内容")
    said = list_month(table, TITLE)
    if said is not None:
        return known_month(said, known, TITLE)
    listed = {found[0] for found in map(_who, table.data.to_dict("records")) if found}
    pushed: dict[str, set[str]] = {}
    for period, pupil in conn.execute(
        "SELECT period, pupil FROM live_events WHERE kind = 'pushed'"
    ):
        pushed.setdefault(period, set()).add(pupil)
    score = {p: len(listed & got) / len(listed | got) for p, got in pushed.items() if listed & got}
    best = sorted(p for p, v in score.items() if v == max(score.values()))
    if len(best) != 1:
        why = (
            f"与 {'、'.join(best)} 的推送名单同样吻合"
            if best
            else "其中的学生也不在登记册记录的平台推送名单中"
        )
        raise RegisterError(
            f"{TITLE}“{table.path}”没有月份列，{why}，无法确定是哪个月的核实结果；"
            "请填写月份列后再导入，未导入任何内容"
        )
    return best[0]


def _record(conn: sqlite3.Connection, table: SheetTable, wb: WorkbookRead) -> AnswerImport:
    period = _period(conn, table)
    filled = {table.columns[k] for k in ANSWER if k in table.columns}
    out = AnswerImport(wb.path, period)
    out.findings = [f for f in wb.findings if f.sheet == table.sheet and f.column in filled]
    events = []
    for excel_row, row in table.data.to_dict("index").items():
        found = _who(row)
        if found is None or not row.get("verify_result"):
            out.blank += 1
            continue
        pupil, how, who = found
        cells = {k: f"{table.columns[k]}{excel_row}" for k in ANSWER if k in table.columns}
        data = _answer(row, who, "county", cells=cells)
        at = {"file": table.path, "sheet": table.sheet, "row": int(excel_row)}
        events.append(
            Event(
                pupil,
                how,
                "answer",
                None,
                _text(row.get("verify_date")),
                _text(row.get("school_code")),
                data,
                **at,
            )
        )
        out.answers += 1
    note = f"平台推送核实：{PurePath(wb.path).name}"
    prev = conn.execute(
        "SELECT max(id) FROM active_runs WHERE command = ? AND period = ? AND note = ?",
        (COMMAND, period, note),
    ).fetchone()[0]
    cur = conn.execute(
        "INSERT INTO runs (period, command, started, supersedes, note) VALUES (?, ?, ?, ?, ?)",
        (period, COMMAND, dt.datetime.now().isoformat(timespec="seconds"), prev, note),
    )
    conn.executemany(_INSERT, [e.values(int(cur.lastrowid), period) for e in events])
    return out


def answers(conn: sqlite3.Connection, up_to: str | None = None) -> list[dict[str, Any]]:
    """Every live answer (derived or the county's), in order, of the months up to `up_to` (all
    when None), for status and export."""
    rows = conn.execute(
        "SELECT pupil, period, date, data, file, sheet, row FROM live_events"
        " WHERE kind = 'answer' AND (?1 IS NULL OR period <= ?1) ORDER BY period, id",
        (up_to,),
    )
    return [
        {"pupil": p, "period": per, "date": d, "source": {"file": f, "sheet": s, "row": r},
         **json.loads(data)}
        for p, per, d, data, f, s, r in rows
    ]  # fmt: skip


def pushed_pupils(conn: sqlite3.Connection, up_to: str | None = None) -> set[str]:
    """The pupils the platform pushed in the months up to `up_to` (all when None)."""
    rows = conn.execute(
        "SELECT DISTINCT pupil FROM live_events"
        " WHERE kind = 'pushed' AND (?1 IS NULL OR period <= ?1)",
        (up_to,),
    )
    return {p for (p,) in rows}
