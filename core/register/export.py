"""The register as a workbook to archive or hand over: cases, transitions, 劝返 attempts."""

from __future__ import annotations

from pathlib import Path

from core.catalogue import county as cy
from core.catalogue import review as rv
from core.outputs import write_atomic
from core.register.cases import STATE_LABELS
from core.register.field_check import checks
from core.register.platform import answers
from core.register.query import attempts, cases_as_of
from core.register.rates import rate_rows, rates
from core.register.schema import open_register

MAX_ROWS = 1_048_576 - 1
"""Data rows per sheet: Excel's row limit less the header row; more go to a continued sheet."""

CASE_HEADERS = (
    "身份证件号",
    "学籍号",
    "姓名",
    "学校标识码",
    "状态",
    "立案月份",
    "立案来源",
    "劝返次数",
    "最近事件日期",
)
STEP_HEADERS = ("身份证件号", "姓名", "月份", "事件", "日期", "原因", "来源文件", "工作表", "行号")
VISIT_HEADERS = (
    "身份证件号",
    "姓名",
    "学校标识码",
    "劝返日期",
    "劝返人员",
    "劝返方式",
    "劝返结果",
    "首次报送月份",
    "报送次数",
)
SOURCE_HEADERS = ("来源文件", "工作表", "行号")
CHECK_KEYS = ("check_date", "checker", "check_result", "check_note")
CHECK_HEADERS = (
    "身份证件号",
    "姓名",
    "学校标识码",
    "月份",
    *(rv.FIELD_CHECK.column(k).header for k in CHECK_KEYS),
    *SOURCE_HEADERS,
)
ANSWER_KEYS = ("verify_result", "verify_note", "verifier", "verify_date")
ANSWER_HEADERS = (
    "身份证件号",
    "姓名",
    "月份",
    *(cy.PLATFORM_ANSWER.column(k).header for k in ANSWER_KEYS),
    *SOURCE_HEADERS,
)
RATE_HEADERS = ("指标", "统计范围", "分子", "分母", "数值(%)", "计算方法")
OPENED_BY = {
    "school-ledger": "学校台账",
    "attendance": "考勤比对",
    "household": "户籍比对",
    "platform": "平台推送",
}


def _rows(path: Path, period: str | None) -> dict[str, tuple[tuple, list[list]]]:
    conn = open_register(path)
    try:
        cases = cases_as_of(conn, period)
        visits = attempts(conn, period)
        history = rates(conn, period)
        visited = checks(conn, period)
        answered = answers(conn, period)
    finally:
        conn.close()
    case_rows, steps = [], []
    for c in cases:
        who = c.identity
        case_rows.append(
            [
                who.get("id"),
                who.get("sno"),
                who.get("name"),
                c.school_code,
                STATE_LABELS.get(c.state, c.state),
                c.opened,
                OPENED_BY.get(c.opened_by, c.opened_by),
                c.attempts,
                c.last_event,
            ]
        )
        for h in c.history:
            src = h["source"]
            steps.append(
                [
                    who.get("id"),
                    who.get("name"),
                    h["period"],
                    STATE_LABELS.get(h["event"], h["event"]),
                    h["date"],
                    h.get("reason"),
                    src.get("file"),
                    src.get("sheet"),
                    src.get("row"),
                ]
            )
    visit_rows = [
        [
            v["id_number"],
            v["name"],
            v["school_code"],
            v["date"],
            v["person"],
            v["measure"],
            v["result"],
            v["first_period"],
            v["reports"],
        ]
        for v in visits
    ]

    def src(e: dict) -> list:
        return [e["source"]["file"], e["source"]["sheet"], e["source"]["row"]]

    check_rows = [
        [c.get("id"), c.get("name"), c["school_code"], c["period"], c["date"], c.get("checker"),
         c.get("result"), c.get("note"), *src(c)]
        for c in visited
    ]  # fmt: skip
    answer_rows = [
        [a.get("id"), a.get("name"), a["period"], a.get("result"), a.get("note"),
         a.get("verifier"), a["date"], *src(a)]
        for a in answered
    ]  # fmt: skip
    return {
        "个案": (CASE_HEADERS, case_rows),
        "状态变更": (STEP_HEADERS, steps),
        "劝返记录": (VISIT_HEADERS, visit_rows),
        "入户核查": (CHECK_HEADERS, check_rows),
        "平台核实": (ANSWER_HEADERS, answer_rows),
        "指标": (RATE_HEADERS, rate_rows(history)),
    }


def export(register: str | Path, out: str | Path, period: str | None = None) -> Path:
    """Write the workbook (core.outputs.write_atomic); returns out.

    The register is read first, so a register that cannot be used (RegisterError) writes
    nothing; a target that cannot be written raises OutputError with its Chinese message."""
    import xlsxwriter

    sheets = _rows(Path(register), period)

    def build(tmp: Path) -> None:
        book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "strings_to_numbers": False})
        bold = book.add_format({"bold": True})
        for title, (headers, rows) in sheets.items():
            for part, start in enumerate(range(0, max(len(rows), 1), MAX_ROWS)):
                sheet = book.add_worksheet(title if part == 0 else f"{title}（续{part}）")
                sheet.write_row(0, 0, headers, bold)
                sheet.freeze_panes(1, 0)
                for i, row in enumerate(rows[start : start + MAX_ROWS], start=1):
                    sheet.write_row(i, 0, ["" if v is None else v for v in row])
        book.close()

    return write_atomic(out, build)
