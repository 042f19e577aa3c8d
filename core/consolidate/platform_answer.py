"""The platform's pushed list answered (平台推送核实): what the county's month knows of each pupil.

For each pupil the national platform pushed as a suspected dropout, the 核实结果 (code list
core.catalogue.codelists.VERIFY_RESULT) is filled only where the month's ledgers settle it;
everything else is left blank for the county to verify (never guessed). The first that applies:

1. the 辍学台账: 未返校 -> 辍学; 已复学 -> 已返校; 已销号 by its 销号原因 (复学 -> 已返校, 死亡 and
   出国出境 -> the shared entry, 转户籍地 -> 转学; any other reason is left blank);
2. the 疑似辍学台账: 转为辍学 -> 辍学; 已返校 -> 已返校; 跟踪中 and 排除 are left blank
   (not verified);
3. the 学籍名册 by 就学状态: attending (在校, 随班就读, 特教学校, 借读, 体校, 专门学校) with an
   attendance row of at least one day present -> 在校就读, or 转学 when the roll is another
   school's than the one pushed; 送教上门, 休学, 死亡, 出境 -> the matching entry; others blank;
4. in none of them, the case register (with --register) as of the month before: a case
   ended 转出 -> 转学; 已销号 for 死亡, 出国出境 or 转户籍地 -> 死亡, 出国出境, 转学; else blank;
5. nowhere: blank.

核实说明 says what the ledger says; 核实日期 is the row's 状态日期, else the school's 填报日期;
核实人 is the row's 包保责任人 when the ledger names one. 核实依据 names the ledger, school and
row the answer (or the blank) rests on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

import pandas as pd

from core.catalogue import codelists as cl
from core.catalogue import counts
from core.consolidate.comparison import Indexes, keys_of, list_row
from core.consolidate.matching import row_at
from core.consolidate.merge import KEYS
from core.reader.model import SheetTable
from core.register.cases import STATE_LABELS

IN_SCHOOL, BACK, TRANSFER, DROPOUT, SUSPENDED, HOME = "11", "12", "13", "14", "15", "16"
ATTENDING = frozenset({"01", "02", "03", "10", "12", "13"})
"""就学状态 codes of a pupil who attends a school."""
BY_SCHOOLING = {
    "04": HOME,
    "06": SUSPENDED,
    "09": cl.DEATH.code,
    "14": cl.ABROAD.code,
}
BY_CLOSING = {
    "01": BACK,
    cl.DEATH.code: cl.DEATH.code,
    cl.ABROAD.code: cl.ABROAD.code,
    "05": TRANSFER,
}
"""销号原因 -> 核实结果: 死亡 and 出国出境 are the same entry in both lists."""
TITLES = {"dropout": "辍学台账", "suspected": "疑似辍学台账", "roster": "学籍名册"}


def _date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    return str(value).strip() or None


def _where(kind: str, row: dict[str, Any]) -> str:
    school = row.get("school_name") or row.get("school_code") or ""
    name = PurePath(str(row.get("source_file") or "")).name
    at = f"{name} {row.get('source_sheet') or ''} 第{row.get('source_row')}行".strip()
    return f"{TITLES[kind]}：{school}（{at}）"


def _latest(frame: pd.DataFrame, positions: list[int]) -> dict[str, Any]:
    rows = [row_at(frame, p) for p in positions]
    return max(rows, key=lambda r: _date(r.get("status_date")) or dt.date.min)


def _hit(idx: Indexes, kind: str, keys) -> dict[str, Any] | None:
    index = idx.open[kind] if kind != "roster" else idx.roster
    found = index.find(keys) or (idx.ledgers[kind].find(keys) if kind != "roster" else None)
    return _latest(idx.frames[kind], found[1]) if found else None


def _from_dropout(row: dict[str, Any]) -> tuple[str | None, str]:
    status = row.get("status")
    if status in (None, counts.DROPOUT_OPEN):
        return DROPOUT, "辍学台账中未返校"
    if status == counts.DROPOUT_RESUMED:
        where = row.get("return_school")
        return BACK, "已复学" + (f"（{where}）" if where else "")
    reason = _text(row.get("closing_reason"))
    code = cl.CLOSING_REASON.parse(reason) if reason else None
    label = cl.CLOSING_REASON.label(code) if code else (reason or "未填销号原因")
    return BY_CLOSING.get(code or ""), f"已销号：{label}"


def _from_suspected(row: dict[str, Any]) -> tuple[str | None, str]:
    status = row.get("status")
    if status == counts.SUSPECTED_CONFIRMED:
        return DROPOUT, "疑似辍学转为辍学"
    if status == counts.SUSPECTED_RETURNED:
        return BACK, "疑似辍学后已返校"
    said = cl.SUSPECTED_STATUS.label(status) if status else "跟踪中"
    return None, f"疑似辍学台账中{said}，尚未核实"


def _present_by_key(frames: Mapping[str, pd.DataFrame]) -> dict[tuple[str, str], bool]:
    """Every key of an attendance row -> whether some row of it has a day present."""
    att = frames.get("attendance")
    present: dict[tuple[str, str], bool] = {}
    if att is None or att.empty or "days_present" not in att or KEYS not in att:
        return present
    for keys, days in zip(att[KEYS].tolist(), att["days_present"].tolist(), strict=True):
        for k in keys:
            present[k] = present.get(k, False) or (isinstance(days, int) and days > 0)
    return present


def _from_roster(row: dict[str, Any], pushed: dict, present: bool) -> tuple[str | None, str]:
    schooling = row.get("schooling")
    label = cl.SCHOOLING.label(schooling) if schooling else "就学状态未填"
    if schooling in BY_SCHOOLING:
        return BY_SCHOOLING[schooling], f"学籍名册中就学状态为{label}"
    if schooling not in ATTENDING:
        return None, f"学籍名册中就学状态为{label}"
    if not present:
        return None, "在学籍名册中，但本月考勤没有出勤记录"
    there, pushed_at = row.get("school_code"), pushed.get("school_code")
    if pushed_at and there and str(there) != str(pushed_at):
        return TRANSFER, f"已在{row.get('school_name') or there}就读（学籍名册，本月有出勤）"
    return IN_SCHOOL, "在学籍名册中，本月有出勤"


def _from_register(keys, earlier: Mapping[str, dict[str, Any]]) -> dict[str, Any] | None:
    """The register's last word on the pupil before this month, as an answer (or a blank)."""
    case = next((earlier[f"{how}:{value}"] for how, value in keys if f"{how}:{value}" in earlier),
                None)  # fmt: skip
    if case is None:
        return None
    state, reason = case.get("state"), _text(case.get("reason"))
    code = None
    if state == "transferred":
        code = TRANSFER
    elif state == "closed" and reason:
        code = {k: v for k, v in BY_CLOSING.items() if k != "01"}.get(
            cl.CLOSING_REASON.parse(reason) or ""
        )
    said = STATE_LABELS.get(state, str(state)) + (f"（{reason}）" if reason else "")
    basis = f"个案登记册：{case.get('period')} {said}；本月学籍名册和台账中都没有该生"
    return {"code": code, "note": f"个案登记册：{case.get('period')} {said}", "basis": basis,
            "date": _date_text(case.get("date"))}  # fmt: skip


def _date_text(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def answer_rows(
    table: SheetTable,
    idx: Indexes,
    fill_dates: Mapping[str, dt.date | None],
    earlier: Mapping[str, dict[str, Any]] | None = None,
    period: str | None = None,
) -> list[dict[str, Any]]:
    """One 平台推送核实 row per pushed pupil (catalogue keys of county.PLATFORM_ANSWER);
    earlier: the register's latest case of each pupil key before this month (state, reason,
    period, date), when the month is consolidated with a register; period: the month the rows
    belong to (月份, where `register import` records the county's answers)."""
    out = []
    present = _present_by_key(idx.frames)
    for pos in range(len(table.data)):
        pushed = list_row(table, pos)
        keys = keys_of(pushed)
        code, note, kind, row = None, "本县学籍名册和台账中都找不到该生", None, None
        for kind in ("dropout", "suspected", "roster"):
            row = _hit(idx, kind, keys)
            if row is None:
                continue
            if kind == "dropout":
                code, note = _from_dropout(row)
            elif kind == "suspected":
                code, note = _from_suspected(row)
            else:
                seen = next((k for k in keys if k in present), None)
                code, note = _from_roster(row, pushed, seen is not None and present[seen])
            break
        else:
            kind, row = None, None
        basis = _where(kind, row) + "：" + note if row is not None else note
        answered = code is not None and row is not None
        school = str(row.get("school_code") or "") if row is not None else ""
        day = (_date(row.get("status_date")) or fill_dates.get(school)) if answered else None
        known = _from_register(keys, earlier or {}) if row is None else None
        if known is not None:
            code, basis, answered = known["code"], known["basis"], known["code"] is not None
            note, day = known["note"], known["date"] if known["code"] else None
        out.append(
            {
                "period": period,
                "student_no": pushed.get("student_no"),
                "name": pushed.get("name"),
                "id_number": pushed.get("id_number"),
                "school_code": pushed.get("school_code"),
                "school_name": pushed.get("school_name"),
                "push_date": pushed.get("push_date"),
                "push_reason": pushed.get("push_reason"),
                "verify_result": code,
                "verify_note": note if answered else None,
                "verifier": _text(row.get("responsible")) if answered and row else None,
                "verify_date": day,
                "basis": basis,
                "source_file": pushed.get("source_file"),
                "source_sheet": pushed.get("source_sheet"),
                "source_row": pushed.get("source_row"),
            }
        )
    return out
