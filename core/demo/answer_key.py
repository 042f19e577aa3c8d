"""answer_key.json and 说明.txt: what every file of the sample county must produce."""

from __future__ import annotations

from typing import Any

from core.catalogue import county as cf
from core.demo.county_lists import FIRST_ROW
from core.demo.plants import Plant
from core.finding_types import FINDING_TYPES

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
    sent: list,
    plans: list,
    extra: dict,
    lists: dict,
    duplicate: tuple,
    *,
    seed: int,
    period: str,
    county_code: str,
    passwords: list[str],
) -> dict:
    """The answer key of CONTRACTS.md."""
    planted: list[Entry] = []
    for s in sent:
        planted += [locate(s, p) for p in s.plants]
        if s.plan.role == "unreadable":
            planted.append(_file_level("unreadable-file", s.file, "CSV 文本改了 .xlsx 扩展名"))
        if s.plan.role == "encrypted":
            planted.append(_file_level("encrypted-file", s.file, "有打开密码，密码不在清单中"))
    planted.append(_file_level("unreadable-file", extra["docx"], "Word 文档混在附件里"))
    planted.append(_file_level("unknown-form", extra["note"], "只有文字说明，不是标准报表"))
    return {
        "seed": seed,
        "period": period,
        "county_code": county_code,
        "passwords": passwords,
        "schools": [_school(p, sent) for p in plans],
        "planted": planted,
        "cross": [
            *_cross_entries(sent, plans, lists, duplicate, period),
            # A readable workbook with no 学校标识码 cannot be matched to a school.
            _cross("unidentified-submission", file=extra["note"]),
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
    sent: list, plans: list, lists: dict, duplicate: tuple, period: str
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


def _pupil_crosses(sent: list, duplicate: tuple) -> list[Entry]:
    out = []
    code_a, code_b, pupil = duplicate
    for s in sent:
        if s.plan.school.code in (code_a, code_b):
            out.append(_row_entry("duplicate-across-schools", s, "roster", pupil))
        for r in s.book.sheets.get("dropout", []):
            if r["_pupil"].flags.get("poverty") == "1" and s.plan.role in ("clean", "messy"):
                out.append(_row_entry("poverty-dropout", s, "dropout", r["_pupil"]))
        for p in s.plants:
            if p.code == "absence-not-reported":
                out.append(_row_entry("absent-not-in-ledger", s, "attendance", p.row["_pupil"]))
    return out


def _list_crosses(lists: dict) -> list[Entry]:
    out = []
    household = lists["rows"]["household"]
    file = lists["files"]["household"]
    for row in lists["out_of_school"]:
        out.append(
            _cross(
                "out-of-school",
                file=file,
                sheet=cf.HOUSEHOLD.title,
                row=FIRST_ROW + household.index(row),
                id_number=row["id_number"],
            )
        )
    statuses = ("in-school", "suspected", "dropout", "not-found")
    for i, (row, status) in enumerate(zip(lists["rows"]["platform"], statuses, strict=True)):
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


def readme(key: dict, county: tuple[str, str], period: str, password: str) -> str:
    """说明.txt: what the folder holds, in Chinese."""
    year, month = period.split("-")
    cases = {}
    for s in key["schools"]:
        cases.setdefault(s["case"], []).append(s["school"])
    lines = [
        f"SchoolRoll 示例县：{county[1]}（{county[0]}），{year} 年 {int(month)} 月",
        "",
        "这是程序生成的虚构数据，姓名、身份证件号、电话均为随机生成，与真实人员无关。",
        "",
        "文件夹内容：",
        "  收件箱/                  各校通过电子邮件报送的月报"
        "（文件名五花八门，有压缩包、.xls、加密文件）",
        "  学校名录.xlsx            全县应报送的学校（其中一所本月没有报送）",
        "  户籍适龄儿童名单.xlsx    公安户籍中的适龄儿童（含几名没有学籍的儿童，以及送教上门、"
        "延缓入学、在外地就读的儿童）",
        "  脱贫户家庭成员名单.xlsx  脱贫户家庭成员（含一名辍学学生）",
        "  平台推送疑似辍学名单.xlsx 全国平台推送的名单（在校、疑似辍学、辍学、查无此人各一）",
        "  answer_key.json          答案：每个故意埋下的问题所在的文件、工作表、行和列",
        "",
        f"打开密码：收件箱中一个加密文件的密码是 {password}；"
        "另一个加密文件的密码未提供（应报“文件有密码保护”）。",
        "",
        "各校情况：",
    ]
    labels = {
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
    for case, schools in cases.items():
        lines.append(
            f"  {labels[case]}：{'、'.join(schools[:12])}"
            + (f" 等 {len(schools)} 所" if len(schools) > 12 else "")
        )
    lines += [
        "",
        "试一试：",
        f"  schoolroll validate 收件箱 --password {password}",
        f"  schoolroll consolidate 收件箱 --period {period} --schools 学校名录.xlsx "
        "--household 户籍适龄儿童名单.xlsx --poverty 脱贫户家庭成员名单.xlsx "
        f"--platform 平台推送疑似辍学名单.xlsx --password {password} --out 县区汇总.xlsx",
        "",
    ]
    return "\r\n".join(lines)
