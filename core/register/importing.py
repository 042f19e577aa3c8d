"""Importing history: SchoolRoll's own county workbooks recorded as if they had been consolidated,
and filled 入户核查清单 recorded as the visits they report (core.register.field_check).

A county workbook keeps every merged ledger with its provenance (来源文件, 来源工作表, 来源行号),
the schools that reported (学校汇总), the 户籍 children still to verify (三比对结果) and the
month's findings (问题清单), which is all a consolidated month tells the register. The register's
own findings in 问题清单 are not counted again: recording the month computes them afresh.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from core.catalogue.county import LEDGER_FORMS, PLATFORM_ANSWER
from core.catalogue.review import FIELD_CHECK
from core.reader.model import WorkbookRead
from core.reader.workbook import read_workbook
from core.register.field_check import CheckImport, import_field_check, is_field_check
from core.register.month import closure_place
from core.register.observe import Month
from core.register.platform import AnswerImport, import_answers, is_platform_answer
from core.register.record import Outcome, record_month
from core.register.schema import RegisterError

COUNTY_FAMILY = "county-summary"
PENDING_CHECK = "户籍与学籍"
PENDING_RESULT = "待核实"
REGISTER_CODES = frozenset(
    {
        "case-unaccounted",
        "roster-drop-unexplained",
        "returned-absent-again",
    }
)
"""The register's own codes: recording the month computes them afresh. closure-without-evidence
is not among them: the 问题清单 keeps it (from the school's rule or the register), its places are
passed on so the register does not report it again."""
CLOSURE = "closure-without-evidence"


def _rows(wb: WorkbookRead, kind: str) -> list[dict]:
    table = wb.table(kind)
    if table is None or table.data.empty:
        return []
    frame = table.data
    return [
        dict(row, _excel_row=int(i))
        for i, row in zip(frame.index, frame.to_dict("records"), strict=True)
    ]


def not_importable(wb: WorkbookRead) -> str:
    """Why a workbook cannot be imported: what it was read as, and what can be."""
    if wb.family is not None and wb.family.key == COUNTY_FAMILY:
        said = "县区汇总工作簿，但缺少汇总信息中的统计月份"
    else:
        said = f"{wb.family.title}" if wb.family is not None else "无法识别的表格"
    return (
        f"“{wb.path}”读作{said}，不是可导入的工作簿：只能导入 SchoolRoll 的县区汇总工作簿和填好的"
        f"{FIELD_CHECK.title}、{PLATFORM_ANSWER.title}（请保留它们原有的表头）；未导入任何内容"
    )


def month_from_workbook(wb: WorkbookRead) -> Month:
    """The Month a county workbook describes; RegisterError when it is not one."""
    info = wb.record("county-info")
    family = wb.family.key if wb.family else None
    if family != COUNTY_FAMILY or info is None or not info.values.get("period"):
        raise RegisterError(not_importable(wb))
    frames = {}
    for school_kind, form in LEDGER_FORMS.items():
        table = wb.table(form.kind)
        if table is not None:
            frames[school_kind] = table.data
    schools = _rows(wb, "county-schools")
    checks = _rows(wb, "comparison")
    pending = [
        {**r, "source_file": wb.path, "source_sheet": "三比对结果", "source_row": r["_excel_row"]}
        for r in checks
        if r.get("check") == PENDING_CHECK and str(r.get("result", "")).startswith(PENDING_RESULT)
    ]
    listed = _rows(wb, "findings")
    found = Counter(r["code"] for r in listed if r.get("code") not in REGISTER_CODES)
    return Month(
        period=str(info.values["period"]),
        frames=frames,
        pending=pending,
        reported=frozenset(str(r["school_code"]) for r in schools if r.get("submitted") is True),
        submissions=[
            {
                "path": r.get("source_file"),
                "school_code": r.get("school_code"),
                "status": "accepted" if r.get("submitted") is True else "missing",
            }
            for r in schools
            if r.get("school_code")
        ],
        finding_counts={k: v for k, v in found.items() if k},
        # A 户籍 list was compared when its comparison left a row: with none, a 待核实 child
        # is left open rather than settled on a guess.
        household_checked=any(r.get("check") == PENDING_CHECK for r in checks),
        closures_reported=frozenset(
            closure_place(r.get("file"), r.get("sheet"), r.get("row"))
            for r in listed
            if r.get("code") == CLOSURE
        ),
        command="import",
        platform=_rows(wb, "platform-answer") if wb.table("platform-answer") else None,
    )


def import_workbooks(
    register: str | Path, paths: Sequence[str | Path], *, allow_earlier: bool = False
) -> list[tuple[Path, Outcome | CheckImport | AnswerImport]]:
    """Record each county workbook's month, in order of period, then each filled 入户核查清单
    (core.register.field_check) and 平台推送核实 (core.register.platform); every workbook
    read first."""
    months, lists = [], []
    for path in paths:
        wb = read_workbook(Path(path))
        if wb.status != "ok":
            raise RegisterError(f"无法读取“{path}”，未导入任何内容")
        if is_field_check(wb) or is_platform_answer(wb):
            lists.append((Path(path), wb))
        else:
            months.append((Path(path), month_from_workbook(wb)))
    months.sort(key=lambda pm: pm[1].period)
    done: list[tuple[Path, Outcome | CheckImport | AnswerImport]] = [
        (p, record_month(register, m, allow_earlier=allow_earlier)) for p, m in months
    ]
    for p, wb in lists:
        read = import_field_check if is_field_check(wb) else import_answers
        done.append((p, read(register, wb)))
    return done
