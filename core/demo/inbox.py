"""The inbox as it arrived by e-mail: clerks' file names, a zip, protected and broken files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.demo import attachments
from core.outputs import write_atomic

INBOX = "收件箱"
KNOWN_PASSWORD = "gs2026"
UNKNOWN_PASSWORD = "xiaozhang888"


@dataclass
class Odd:
    """The files of the inbox that are not a school's monthly workbook."""

    docx: str = ""
    note: str = ""
    members: list[tuple[str, bytes]] = field(default_factory=list)
    """Workbooks that went into the zip of attachments."""


def put(path: Path, data: bytes) -> None:
    """Write the file (core.outputs.write_atomic: OutputError, in Chinese, on failure)."""
    write_atomic(path, lambda tmp: tmp.write_bytes(data))


def write_inbox(out: Path, sent: list, seed: int, month: int, clean: bool = False) -> Odd:
    """Name and write every school file; set each Sent's `file`; return the odd files.

    A clean county's inbox holds no odd file (no Word document, no note instead of a report).
    """
    messy = [s for s in sent if s.plan.role == "messy"]
    zipped = {id(s) for k, s in enumerate(messy) if k % 4 == 1}
    protected = messy[2] if len(messy) > 2 else messy[-1]
    odd = Odd()
    for s in sent:
        name, data = _dressed(s, sent, month, seed, s is protected)
        if id(s) in zipped:
            odd.members.append((name, data))
            s.member = name
        else:
            s.file = f"{INBOX}/{name}"
            put(out / INBOX / name, data)
    _write_zip(out, odd, sent, messy[1].plan.school.short, month, clean)
    if not clean:
        odd.note = _write_note(out, messy[-1].plan.school, sent[0].book.fill_date)
    return odd


def _dressed(s, sent: list, month: int, seed: int, protected: bool) -> tuple[str, bytes]:
    """The file name and bytes a school's workbook arrives with."""
    short = s.plan.school.short
    if protected:
        return f"{short}{month}月报（密码见短信）.xlsx", attachments.encrypt(
            s.data, KNOWN_PASSWORD, seed
        )
    name = file_name(s, sent, month)
    if s.plan.role == "encrypted":
        return name, attachments.encrypt(s.data, UNKNOWN_PASSWORD, seed + 7)
    if s.plan.role == "unreadable":
        return name, attachments.csv_bytes(_csv_rows(s))
    return name, s.data


def _write_zip(out: Path, odd: Odd, sent: list, short: str, month: int, clean: bool) -> None:
    zip_name = f"{month}月报附件（转发）.zip"
    docx_name = f"{short}控辍保学工作总结.docx"
    summary = attachments.docx_bytes(["控辍保学工作总结", "本月无新增辍学学生。"])
    extra = [] if clean else [(docx_name, summary)]
    put(out / INBOX / zip_name, attachments.zip_bytes([*odd.members, *extra]))
    for s in sent:
        if s.member:
            s.file = f"{INBOX}/{zip_name}/{s.member}"
    odd.docx = "" if clean else f"{INBOX}/{zip_name}/{docx_name}"


def _write_note(out: Path, school, created) -> str:
    name = f"{school.short}控辍保学工作情况说明.xlsx"
    lines = ["本月我校认真落实控辍保学责任制，开展家访。", "月报见另一附件。"]
    data = attachments.note_workbook(f"{school.name}控辍保学工作情况说明", lines, created)
    put(out / INBOX / name, data)
    return f"{INBOX}/{name}"


def file_name(s, sent: list, month: int) -> str:
    """What the clerk called the attachment."""
    short, role, m = s.plan.school.short, s.plan.role, month
    if role == "resent":
        first = next(x for x in sent if x.plan is s.plan)
        return f"{short}{m}月报.xlsx" if s is first else f"回复：{short}{m}月报（更正）(2).xlsx"
    if role == "wrong-period":
        return f"{short}月报.xlsx"
    if role == "unknown":
        return f"{s.plan.school.name}{m}月报.xlsx"
    ext = ".xls" if s.style.legacy_xls else ".xlsx"
    patterns = (
        f"{short}{m}月控辍保学月报{ext}",
        f"转发：{short}{m}月报{ext}",
        f"{s.plan.school.name}{m}月控辍保学台账(1){ext}",
        f"回复：{short}{m}月报表{ext}",
    )
    return patterns[int(s.plan.school.code[-2:]) % len(patterns)]


def _csv_rows(s) -> list[list[str]]:
    """The roster exported as CSV text (the file is then renamed .xlsx)."""
    rows = [["序号", "姓名", "身份证件号", "年级"]]
    for i, p in enumerate(s.book.pupils[:20], start=1):
        rows.append([str(i), p.name, p.id_number, str(p.grade)])
    return rows
