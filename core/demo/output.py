"""Lay the county out on disk: the inbox as it arrived by e-mail, the lists, the answer key."""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
from pathlib import Path

from core.catalogue import county as cf
from core.demo import attachments, people
from core.demo.answer_key import answer_key, readme
from core.demo.county_lists import (
    household_row,
    platform_row,
    poverty_rows,
    school_rows,
    stray_children,
    unlisted_pupil,
    write_list,
)
from core.demo.people import Pupil

INBOX = "收件箱"
KNOWN_PASSWORD = "gs2026"
UNKNOWN_PASSWORD = "xiaozhang888"
LIST_FILES = {
    "school-list": "学校名录.xlsx",
    "household": "户籍适龄儿童名单.xlsx",
    "poverty": "脱贫户家庭成员名单.xlsx",
    "platform": "平台推送疑似辍学名单.xlsx",
}
ACCEPTED_ROLES = (
    "clean",
    "messy",
    "planted-values",
    "planted-sheets",
    "planted-structure",
    "resent",
)


def write_county(
    out: Path,
    rng: random.Random,
    ids: people.IdFactory,
    sent: list,
    plans: list,
    pupils: dict[str, list[Pupil]],
    duplicate: tuple,
    *,
    seed: int,
    county: tuple[str, str],
    towns: tuple,
    period: str,
):
    """Write every file; return the DemoCounty."""
    from core.demo.county import DemoCounty

    _clear_previous(out)
    (out / INBOX).mkdir(parents=True, exist_ok=True)
    month = int(period.split("-")[1])
    extra = _inbox(out, rng, sent, plans, month, seed)
    lists = _lists(out, rng, ids, sent, plans, pupils, county, towns, period)
    key = answer_key(
        sent,
        plans,
        extra,
        lists,
        duplicate,
        seed=seed,
        period=period,
        county_code=county[0],
        passwords=[KNOWN_PASSWORD],
    )
    _put(
        out / "answer_key.json",
        json.dumps(key, ensure_ascii=False, indent=2).encode("utf-8") + b"\n",
    )
    _put(out / "说明.txt", readme(key, county, period, KNOWN_PASSWORD).encode("utf-8"))
    return DemoCounty(
        out_dir=out,
        inbox=out / INBOX,
        school_list=out / LIST_FILES["school-list"],
        household=out / LIST_FILES["household"],
        poverty=out / LIST_FILES["poverty"],
        platform=out / LIST_FILES["platform"],
        answer_key=out / "answer_key.json",
        period=period,
        passwords=[KNOWN_PASSWORD],
    )


def _clear_previous(out: Path) -> None:
    """Replace an earlier sample county in the same folder; never touch anything else."""
    key = out / "answer_key.json"
    if not key.exists():
        if (out / INBOX).exists():
            raise FileExistsError(f"{out} 中已有“{INBOX}”文件夹，请换一个空文件夹")
        return
    shutil.rmtree(out / INBOX, ignore_errors=True)


def _put(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".~", suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)  # mkstemp makes it private; these are ordinary documents
    os.replace(tmp, path)


def _inbox(out: Path, rng: random.Random, sent: list, plans: list, month: int, seed: int) -> dict:
    """Name and write every school file; return the odd files for the key."""
    messy = [s for s in sent if s.plan.role == "messy"]
    zipped = {id(s) for k, s in enumerate(messy) if k % 4 == 1}
    encrypted_known = messy[2] if len(messy) > 2 else messy[-1]
    members, extra = [], {}
    for s in sent:
        short, m = s.plan.school.short, month
        name, data = _file_name(s, sent, short, m), s.data
        if s is encrypted_known:
            name, data = (
                f"{short}{m}月报（密码见短信）.xlsx",
                attachments.encrypt(data, KNOWN_PASSWORD, seed),
            )
        elif s.plan.role == "encrypted":
            data = attachments.encrypt(data, UNKNOWN_PASSWORD, seed + 7)
        elif s.plan.role == "unreadable":
            data = attachments.csv_bytes(_csv_rows(s))
        if id(s) in zipped:
            members.append((name, data))
            s.member = name
            continue
        s.file = f"{INBOX}/{name}"
        _put(out / INBOX / name, data)
    zip_name = f"{month}月报附件（转发）.zip"
    docx_name = f"{messy[1].plan.school.short}控辍保学工作总结.docx"
    summary = attachments.docx_bytes(["控辍保学工作总结", "本月无新增辍学学生。"])
    members.append((docx_name, summary))
    _put(out / INBOX / zip_name, attachments.zip_bytes(members))
    for s in sent:
        if s.member:
            s.file = f"{INBOX}/{zip_name}/{s.member}"
    note_from = messy[-1].plan.school
    note_name = f"{note_from.short}控辍保学工作情况说明.xlsx"
    _put(
        out / INBOX / note_name,
        attachments.note_workbook(
            f"{note_from.name}控辍保学工作情况说明",
            ["本月我校认真落实控辍保学责任制，开展家访。", "月报见另一附件。"],
            sent[0].book.fill_date,
        ),
    )
    extra["docx"] = f"{INBOX}/{zip_name}/{docx_name}"
    extra["note"] = f"{INBOX}/{note_name}"
    return extra


def _file_name(s, sent: list, short: str, m: int) -> str:
    role = s.plan.role
    if role == "resent":
        first = next(x for x in sent if x.plan is s.plan)
        return f"{short}{m}月报.xlsx" if s is first else f"回复：{short}{m}月报（更正）(2).xlsx"
    if role == "wrong-period":
        return f"{short}月报.xlsx"
    if role == "unknown":
        return f"{s.plan.school.name}{m}月报.xlsx"
    ext = ".xls" if s.plan.style.legacy_xls else ".xlsx"
    patterns = (
        f"{short}{m}月控辍保学月报{ext}",
        f"转发：{short}{m}月报{ext}",
        f"{s.plan.school.name}{m}月控辍保学台账(1){ext}",
        f"回复：{short}{m}月报表{ext}",
    )
    return patterns[int(s.plan.school.code[-2:]) % len(patterns)]


def _csv_rows(s) -> list[list[str]]:
    rows = [["序号", "姓名", "身份证件号", "年级"]]
    for i, p in enumerate(s.book.pupils[:20], start=1):
        rows.append([str(i), p.name, p.id_number, str(p.grade)])
    return rows


def _lists(
    out: Path,
    rng: random.Random,
    ids: people.IdFactory,
    sent: list,
    plans: list,
    pupils: dict[str, list[Pupil]],
    county: tuple[str, str],
    towns: tuple,
    period: str,
) -> dict:
    """Write the four reference lists; return their rows for the key."""
    created = sent[0].book.fill_date
    listed = [p.school for p in plans if p.role != "unknown"]
    accepted = [p for p in plans if p.role in ACCEPTED_ROLES]
    children = _household_children(sent, accepted, pupils)
    out_rows, lawful = stray_children(rng, ids, county[0], towns, period)
    household = [household_row(p) for p in children] + out_rows + lawful
    poor = [p for p in children if p.flags.get("poverty") == "1"]
    platform = _platform(rng, ids, sent, county, towns, period)
    rows = {
        "school-list": school_rows(listed, county[0]),
        "household": household,
        "poverty": poverty_rows(rng, ids, poor),
        "platform": platform,
    }
    specs = {
        "school-list": cf.SCHOOL_LIST,
        "household": cf.HOUSEHOLD,
        "poverty": cf.POVERTY,
        "platform": cf.PLATFORM,
    }
    for kind, spec in specs.items():
        _put(out / LIST_FILES[kind], write_list(spec, rows[kind], created))
    return {"rows": rows, "out_of_school": out_rows, "files": LIST_FILES}


def _household_children(sent: list, accepted: list, pupils: dict) -> list[Pupil]:
    """Children of the 户籍 extract: every pupil of an accepted school whose 户籍 is here.

    Left out: migrant pupils (户籍 elsewhere) and the pupil whose ID the roster mistyped, so
    the 户籍 comparison flags only the children planted as out of school.
    """
    seen, children = set(), []
    for plan in accepted:
        for p in pupils[plan.school.code]:
            if p.in_county and "_bad_id" not in p.flags and p.id_number not in seen:
                seen.add(p.id_number)
                children.append(p)
    return sorted(children, key=lambda p: (p.hukou_region, p.id_number))


def _platform(
    rng: random.Random, ids: people.IdFactory, sent: list, county: tuple, towns: tuple, period: str
) -> list:
    """Four pushed pupils: one at school, one suspected, one dropout, one unknown here."""
    ordinary = [s for s in sent if s.plan.role in ("clean", "messy")]
    first = ordinary[0].book
    pushed = first.days[-3]
    dropout = first.sheets["dropout"][0]["_pupil"]
    suspect = next(
        r["_pupil"] for s in ordinary for r in s.book.sheets["suspected"] if r["status"] == "跟踪中"
    )
    busy = {id(r.get("_pupil")) for k in ("suspected", "dropout") for r in first.sheets[k]}
    at_school = next(
        p for p in first.pupils if id(p) not in busy and p.schooling == "01" and p.in_county
    )
    school_of = {id(r["_pupil"]): s.plan.school for s in ordinary for r in s.book.sheets["roster"]}
    stranger = unlisted_pupil(rng, ids, county[0], towns, period)
    reason = "学籍系统中连续多日无考勤记录"
    return [
        platform_row(at_school, school_of[id(at_school)], pushed, reason),
        platform_row(suspect, school_of[id(suspect)], pushed, reason),
        platform_row(dropout, school_of[id(dropout)], pushed, "学籍状态为辍学"),
        platform_row(stranger, None, pushed, "户籍地推送"),
    ]
