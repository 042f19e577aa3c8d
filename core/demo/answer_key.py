"""answer_key.json and 说明.txt: what every file of the sample county must produce."""

from __future__ import annotations

from importlib import resources
from typing import Any

from core.catalogue import codelists as cl
from core.catalogue import county as cf
from core.demo.county_lists import FIRST_ROW
from core.demo.plants import Plant
from core.model.finding_types import FINDING_TYPES

Entry = dict[str, Any]


def locate(sent, plant: Plant) -> Entry:
    """A planted finding at its file, sheet, Excel row and column."""
    entry: Entry = {
        "code": plant.code,
        "severity": plant.severity,
        "file": sent.file,
        "sheet": None,
        "row": None,
        "column": None,
        "what": plant.what,
    }
    if plant.explained:
        entry["explained"] = True
    if plant.kind is None:
        return entry
    pos = sent.positions[plant.kind]
    entry["sheet"] = pos.name
    if plant.row is None:
        return entry
    if plant.kind == "info":
        entry["row"], entry["column"] = pos.cells[plant.key]
        return entry
    rows = sent.book.sheets[plant.kind]
    index = next(i for i, r in enumerate(rows) if r is plant.row)
    entry["row"] = pos.first_row + index
    entry["column"] = pos.letters.get(plant.key) if plant.key else None
    return entry


def _calendar_unknown(s, world) -> bool:
    """Whether chinese-calendar lacks the year of the workbook's month (a warning follows)."""
    window = world.policy.window(s.book.period)
    return bool(world.policy.school_days_in(*window).fallback_years)


def _file_level(code: str, file: str, what: str) -> Entry:
    return {
        "code": code,
        "severity": str(FINDING_TYPES[code].severity),
        "file": file,
        "sheet": None,
        "row": None,
        "column": None,
        "what": what,
    }


def _cross(code: str, **fields: Any) -> Entry:
    return {
        "code": code,
        "severity": str(FINDING_TYPES[code].severity),
        "file": None,
        "sheet": None,
        "row": None,
        "id_number": None,
        "school_code": None,
        **fields,
    }


def answer_key(
    sent: list, plans: list, odd, lists: dict, duplicate: tuple, world, *, passwords: list[str]
) -> dict:
    """The answer key of CONTRACTS.md."""
    planted: list[Entry] = []
    for s in sent:
        planted += [locate(s, p) for p in s.plants]
        if s.plan.role not in ("unreadable", "encrypted") and _calendar_unknown(s, world):
            planted.append(_file_level("calendar-fallback", s.file, "节假日日历未收录该年"))
        if s.plan.role == "unreadable":
            planted.append(_file_level("unreadable-file", s.file, "CSV 文本改了 .xlsx 扩展名"))
        if s.plan.role == "encrypted":
            planted.append(_file_level("encrypted-file", s.file, "有打开密码，密码不在清单中"))
    if odd.docx:
        planted.append(_file_level("unreadable-file", odd.docx, "Word 文档混在附件里"))
    if odd.note:
        planted.append(_file_level("unknown-form", odd.note, "只有文字说明，不是标准报表"))
    return {
        "seed": world.seed,
        "period": world.period,
        "county_code": world.county_code,
        "passwords": passwords,
        "schools": [_school(p, sent) for p in plans],
        "planted": planted,
        "traps": [locate(s, t) for s in sent for t in s.traps],
        "cross": [
            *_cross_entries(sent, plans, lists, duplicate, world.period),
            # A readable workbook with no 学校标识码 cannot be matched to a school.
            *([_cross("unidentified-submission", file=odd.note)] if odd.note else []),
        ],
    }


def _school(plan, sent: list) -> Entry:
    role = plan.role
    case = "planted" if role.startswith("planted") else role
    return {
        "school_code": plan.school.code,
        "school": plan.school.name,
        "files": [s.file for s in sent if s.plan is plan],
        "case": case,
    }


def _cross_entries(
    sent: list, plans: list, lists: dict, duplicate: tuple | None, period: str
) -> list[Entry]:
    out: list[Entry] = []
    for plan in plans:
        files = [s for s in sent if s.plan is plan]
        code = plan.school.code
        if plan.role in ("missing", "wrong-period", "unreadable", "encrypted"):
            out.append(_cross("missing-submission", school_code=code))
        if plan.role == "wrong-period":
            out.append(
                _cross(
                    "wrong-period",
                    file=files[0].file,
                    school_code=code,
                    value=files[0].book.period,
                    expected=period,
                )
            )
        if plan.role == "unknown":
            out.append(_cross("unknown-school", file=files[0].file, school_code=code))
        if plan.role == "resent":
            out.append(
                _cross(
                    "superseded-submission",
                    file=files[0].file,
                    school_code=code,
                    newer=files[1].file,
                )
            )
    out += _pupil_crosses(sent, duplicate)
    out += _list_crosses(lists)
    return out


def _row_entry(code: str, s, kind: str, pupil) -> Entry:
    rows = s.book.sheets[kind]
    index = next(i for i, r in enumerate(rows) if r.get("_pupil") is pupil)
    pos = s.positions[kind]
    return _cross(
        code,
        file=s.file,
        sheet=pos.name,
        row=pos.first_row + index,
        id_number=pupil.id_number,
        school_code=s.plan.school.code,
    )


def _pupil_crosses(sent: list, duplicate: tuple | None) -> list[Entry]:
    out = []
    code_a, code_b, pupil = duplicate or ("", "", None)
    for s in sent:
        if pupil is not None and s.plan.school.code in (code_a, code_b):
            out.append(_row_entry("duplicate-across-schools", s, "roster", pupil))
        for r in s.book.sheets.get("dropout", []):
            if r["_pupil"].flags.get("poverty") == "1" and s.plan.role in ("clean", "messy"):
                out.append(_row_entry("poverty-dropout", s, "dropout", r["_pupil"]))
    # A planted absence-not-reported is the school's own finding; the county's 考勤比对 adds the
    # pupil to its ledger without saying it a second time (absent-not-in-ledger).
    return out


def _list_crosses(lists: dict) -> list[Entry]:
    out = []
    household = lists["rows"]["household"]
    file = lists["files"]["household"]
    for row in lists["out_of_school"]:
        verified = row.get("schooling") == cl.SCHOOLING.label("08")
        out.append(
            _cross(
                "out-of-school" if verified else "household-unmatched",
                file=file,
                sheet=cf.HOUSEHOLD.title,
                row=FIRST_ROW + household.index(row),
                id_number=row["id_number"],
            )
        )
    statuses = ("in-school", "suspected", "dropout", "not-found")
    platform = lists["rows"]["platform"]
    for i, (row, status) in enumerate(zip(platform, statuses[: len(platform)], strict=True)):
        out.append(
            _cross(
                "platform-status",
                file=lists["files"]["platform"],
                sheet=cf.PLATFORM.title,
                row=FIRST_ROW + i,
                id_number=row["id_number"],
                school_code=row["school_code"],
                status=status,
            )
        )
    return out


CASE_LABELS = {
    "clean": "规范",
    "messy": "格式不规范但内容无误",
    "planted": "埋有错误",
    "missing": "未报送",
    "resent": "报送两次（以填报日期新的为准）",
    "wrong-period": "报成了上个月",
    "unknown": "不在学校名录中",
    "unreadable": "文件无法读取",
    "encrypted": "加密且密码未知",
}


def readme(key: dict, world, password: str) -> str:
    """说明.txt: what the folder holds, in Chinese (Windows line ends, for Notepad)."""
    cases: dict[str, list[str]] = {}
    for s in key["schools"]:
        cases.setdefault(s["case"], []).append(s["school"])
    lines = [
        f"  {CASE_LABELS[case]}：{'、'.join(names[:12])}"
        + (f" 等 {len(names)} 所" if len(names) > 12 else "")
        for case, names in cases.items()
    ]
    year, month = world.period.split("-")
    template = resources.files("core.demo").joinpath("readme_zh.txt").read_text("utf-8")
    text = template.format(
        county_name=world.county_name,
        county_code=world.county_code,
        year=year,
        month=int(month),
        period=world.period,
        password=password,
        cases="\n".join(lines),
    )
    return text.replace("\n", "\r\n")
