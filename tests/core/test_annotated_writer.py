"""The annotated copy: fills, comments, links to each cell, text never turned into formulas."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.validate import annotate, validate_workbook
from tests.core.rules.rule_tables import attendance_row, pupil, school, write_xlsx

LINK = '=HYPERLINK("http://x","点我")'


def _school_file(path: Path) -> Path:
    roster = [pupil(i) for i in range(4)]
    roster[0] = {**roster[0], "grade": "1"}  # query
    roster[1] = {**roster[1], "guardian_phone": "12345"}  # warning
    roster[2] = {**roster[2], "id_number": roster[2]["id_number"][:-1] + "9"}  # error
    write_xlsx(school(roster=roster, attendance=[attendance_row(p) for p in roster]), path)
    book = load_workbook(path)
    ws = book["学籍名册"]
    ws["C6"].value = LINK  # typed as a live formula in the name column
    ws["J6"].value = LINK  # kept as text in the phone column
    ws["J6"].data_type = "s"
    book.save(path)
    return path


def test_flagged_cells_are_filled_commented_and_linked(tmp_path: Path) -> None:
    src = _school_file(tmp_path / "城关一小.xlsx")
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    out = annotate(validate_workbook(src), tmp_path / "out")
    assert out == tmp_path / "out" / "城关一小_校验结果.xlsx"
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    book = load_workbook(out)
    assert book.sheetnames[0] == "校验结果"
    ws = book["学籍名册"]
    marks = {
        ref: (ws[ref].fill.fgColor.rgb, ws[ref].comment.text.splitlines()[0])
        for ref in ("G3", "J4", "E5")
    }
    assert marks == {
        "G3": ("00FFF2CC", "[疑问] 按出生日期 9 周岁，一年级通常为 6-7 周岁"),
        "J4": ("00FFD8A8", "[警告] 联系电话“12345”不像有效的电话号码"),
        "E5": ("00FFC7CE", "[错误] 身份证件号校验位错误，应为 5"),
    }
    links = []
    for row in book["校验结果"].iter_rows(min_row=4):
        sheet, ref = row[4].hyperlink.location.rsplit("!", 1)
        target = book[sheet.strip("'")][ref]
        links.append((row[2].value, row[4].value, target.comment is not None))
    assert links == [
        ("age-out-of-range", "G3", True),
        ("phone-invalid", "J4", True),
        ("id-invalid", "E5", True),
        ("required-missing", "C6", True),
        ("phone-invalid", "J6", True),
        ("id-invalid", "E5", True),
    ]
    assert book["校验结果"]["E9"].hyperlink.location == "'考勤汇总'!E5"


def test_values_that_look_like_formulas_stay_text(tmp_path: Path) -> None:
    out = annotate(validate_workbook(_school_file(tmp_path / "x.xlsx")), tmp_path)
    book = load_workbook(out)
    ws = book["学籍名册"]
    assert [(ws[r].value, ws[r].data_type) for r in ("C6", "J6")] == [(LINK, "s"), (LINK, "s")]
    values = [row[6].value for row in book["校验结果"].iter_rows(min_row=4)]
    assert LINK in values  # the phone finding quotes the value, as text
    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)


def test_a_legacy_xls_is_rebuilt_from_what_was_read(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    src = _school_file(tmp_path / "x.xlsx")
    book = load_workbook(src)
    xls = xlwt.Workbook()
    for ws in book.worksheets:
        sheet = xls.add_sheet(ws.title)
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    sheet.write(c.row - 1, c.column - 1, c.value)
    xls.save(str(tmp_path / "旧格式.xls"))
    out = annotate(validate_workbook(tmp_path / "旧格式.xls"), tmp_path / "out")
    book = load_workbook(out)
    assert book["校验结果"]["A2"].value == (
        "原文件是 .xls 格式，无法直接在原文件上标注：以下各表按读取到的内容重建，原有格式未保留。"
    )
    ws = book["学籍名册"]
    assert (ws["E2"].value, ws["E5"].value, ws["E5"].fill.fgColor.rgb) == (
        "身份证件号",
        "411525201301200169",
        "00FFC7CE",
    )


def test_a_problem_inside_merged_cells_is_marked_on_the_merged_block(tmp_path: Path) -> None:
    src = _school_file(tmp_path / "x.xlsx")
    book = load_workbook(src)
    book["学籍名册"].merge_cells("E4:E5")  # the reader reads E5 as a copy of E4
    book.save(src)
    report = validate_workbook(src)
    assert [f.code for f in report.findings if f.cell == "E5" and f.sheet == "学籍名册"] == [
        "duplicate-student"
    ]
    ws = load_workbook(annotate(report, tmp_path / "out"))["学籍名册"]
    assert (ws["E4"].fill.fgColor.rgb, ws["E4"].comment.text.splitlines()[0]) == (
        "00FFC7CE",
        "[错误] 该学生在本表中重复出现（另见第 5 行）",
    )


def _decrypted(path: Path, password: str) -> io.BytesIO | None:
    import msoffcrypto

    office = msoffcrypto.OfficeFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    try:
        office.load_key(password=password, verify_password=True)
        office.decrypt(out)
    except msoffcrypto.exceptions.InvalidKeyError:
        return None
    return out


def test_a_protected_workbook_is_annotated_in_place_given_its_password(tmp_path: Path) -> None:
    from core.demo.attachments import encrypt

    src = _school_file(tmp_path / "x.xlsx")
    locked = tmp_path / "加密.xlsx"
    locked.write_bytes(encrypt(src.read_bytes(), "gs2026", seed=1))
    report = validate_workbook(locked, passwords=["wrong", "gs2026"])
    assert report.status == "failed"
    copy = annotate(report, tmp_path / "a", passwords=["gs2026"])
    with pytest.raises(zipfile.BadZipFile):  # the copy is as protected as the original
        load_workbook(copy)
    assert _decrypted(copy, "wrong") is None
    opened = load_workbook(_decrypted(copy, "gs2026"))
    assert opened["校验结果"]["A2"].value.startswith("规则版本")
    assert opened["学籍名册"]["E5"].fill.fgColor.rgb == "00FFC7CE"
    rebuilt = load_workbook(annotate(report, tmp_path / "b"))  # the password is not remembered
    assert rebuilt["校验结果"]["A2"].value.startswith("原文件有打开密码，未提供正确的密码")
    assert rebuilt["学籍名册"]["E5"].fill.fgColor.rgb == "00FFC7CE"


def test_the_cli_says_a_protected_copy_is_encrypted(tmp_path: Path, capsys) -> None:
    from core.demo.attachments import encrypt
    from desktop.cli import main

    src = _school_file(tmp_path / "x.xlsx")
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    (inbox / "加密.xlsx").write_bytes(encrypt(src.read_bytes(), "gs2026", seed=2))
    out = tmp_path / "标注"
    main(["validate", str(inbox), "--password", "gs2026", "--annotate", str(out)])
    copy = out / "加密_校验结果.xlsx"
    assert capsys.readouterr().out.splitlines()[0] == (
        f"已写出标注副本（原文件有打开密码，副本已用同一密码加密）：{copy}"
    )
    assert _decrypted(copy, "gs2026") is not None
    assert _decrypted(copy, "123456") is None


def test_the_school_fixes_its_annotated_copy_and_sends_it_back(tmp_path: Path) -> None:
    """The copy SchoolRoll sent back, corrected and returned as the school's workbook, is read
    as that workbook again: the same pupils, only the corrected problem gone."""
    roster = [pupil(i) for i in range(4)]
    roster[1] = {**roster[1], "guardian_phone": "12345"}  # a warning left as it is
    roster[2] = {**roster[2], "id_number": roster[2]["id_number"][:-1] + "9"}  # the error fixed
    src = write_xlsx(
        school(roster=roster, attendance=[attendance_row(p) for p in roster]),
        tmp_path / "城关一小.xlsx",
    )
    first = validate_workbook(src)
    out = annotate(first, tmp_path / "out")
    book = load_workbook(out)
    fixed = [f for f in first.findings if f.code == "id-invalid"]
    assert [(f.sheet, f.cell) for f in fixed] == [("学籍名册", "E5"), ("考勤汇总", "E5")]
    for f in fixed:  # the school types the pupil's right ID number where the copy marked it
        book[f.sheet][f.cell] = pupil(2)["id_number"]
    resent = tmp_path / "城关一小（已改）.xlsx"
    book.save(resent)
    again = validate_workbook(resent)
    assert (again.workbook.status, again.workbook.family.key) == ("ok", "school-monthly")
    roster = again.workbook.table("roster")
    assert roster.data["id_number"].tolist() == [pupil(i)["id_number"] for i in range(4)]
    assert [(f.code, f.sheet, f.cell) for f in again.findings if f.sheet != "校验结果"] == [
        (f.code, f.sheet, f.cell) for f in first.findings if f not in fixed
    ]
