"""The start-of-term field check-list (入户核查清单): every open case, to be visited at home.

One row per case still open at the end of a month (待核实, 疑似辍学, 辍学), grouped by school and
户籍地 (the village's 区划代码), with what the county's ledgers of that month know of the pupil
(address, guardian, phone, the person responsible) and the register's last 劝返 attempt, and
blank columns filled on site. Read-only: the register and the ledgers are never written to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from core.model.identity import frame_keys
from core.register.cases import OPEN_STATES, STATE_LABELS
from core.register.query import _existing, attempts, cases_as_of, periods
from core.register.schema import RegisterError

LEDGER_KINDS = ("ledger-suspected", "ledger-dropout", "ledger-children")
"""The county workbook's ledgers a pupil's contact details are taken from, first found first."""
CONTACT = ("school_name", "hukou_region", "address", "guardian", "guardian_phone", "responsible")


def _contacts(ledgers: Mapping[str, pd.DataFrame]) -> dict[str, dict[str, Any]]:
    """Register key -> the first non-empty value of each contact field in the ledgers."""
    found: dict[str, dict[str, Any]] = {}
    for kind in LEDGER_KINDS:
        frame = ledgers.get(kind)
        if frame is None or frame.empty:
            continue
        keys = frame_keys(frame)
        records = frame[[c for c in CONTACT if c in frame.columns]].to_dict("records")
        for row_keys, row in zip(keys, records, strict=True):
            if not row_keys:
                continue
            mine = found.setdefault(f"{row_keys[0][0]}:{row_keys[0][1]}", {})
            for k, v in row.items():
                if k not in mine and v is not None and v == v and str(v).strip():
                    mine[k] = v
    return found


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def checklist(
    path: str | Path, period: str, ledgers: Mapping[str, pd.DataFrame]
) -> list[dict[str, Any]]:
    """The rows of the field check-list as of the end of `period` (RegisterError if unknown)."""
    conn = _existing(Path(path))
    try:
        known = periods(conn)
        if period not in known:
            raise RegisterError(f"登记册中没有 {period} 的汇总（已有：{'、'.join(known) or '无'}）")
        cases = [c for c in cases_as_of(conn, period) if c.state in OPEN_STATES]
        tried = attempts(conn, period)
    finally:
        conn.close()
    last: dict[str, dict[str, Any]] = {}
    for a in tried:
        if a["pupil"] not in last or (a["date"] or "") >= (last[a["pupil"]]["date"] or ""):
            last[a["pupil"]] = a
    contacts = _contacts(ledgers)
    rows = []
    for case in cases:
        who = contacts.get(case.pupil, {})
        attempt = last.get(case.pupil, {})
        rows.append(
            {
                "period": period,
                "school_code": case.school_code,
                "school_name": who.get("school_name"),
                "hukou_region": who.get("hukou_region"),
                "name": case.identity.get("name"),
                "id_number": case.identity.get("id"),
                "student_no": case.identity.get("sno"),
                "case_state": STATE_LABELS[case.state],
                "opened": case.opened,
                "address": who.get("address"),
                "guardian": who.get("guardian"),
                "guardian_phone": who.get("guardian_phone"),
                "responsible": who.get("responsible"),
                "last_attempt_date": _date(attempt.get("date")),
                "last_attempt_by": attempt.get("person"),
                "last_attempt_result": attempt.get("result"),
                "check_date": None,
                "checker": None,
                "check_result": None,
                "check_note": None,
            }
        )
    rows.sort(
        key=lambda r: (
            r["school_code"] or "",
            r["hukou_region"] or "",
            r["name"] or "",
            r["id_number"] or "",
        )
    )
    return rows
