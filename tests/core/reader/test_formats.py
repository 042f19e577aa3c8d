"""Files as they arrive: other formats, passwords, zips, and files that are not workbooks at all."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile

import pytest
from msoffcrypto.format.ooxml import OOXMLFile
from reader_corpus import ROSTER_HEADER, id_number, pupil, pupils, write_xls

from core.reader import expand_inputs, read_workbook
from core.reader import formats as formats_module
from tests.conftest import summarize


def _messages(read):
    return [(f.code, f.message) for f in read.findings]


def test_a_legacy_xls_is_read_like_an_xlsx(tmp_path):
    rows = [["学籍名册"], ROSTER_HEADER, pupil(1, 出生日期=dt.date(2015, 9, 1)), pupil(2)]
    read = read_workbook(write_xls(tmp_path / "old.xls", {"学生名册": rows}))
    roster = read.table("roster")
    assert list(roster.data.index) == [3, 4]
    assert roster.data["birth_date"].tolist() == [dt.date(2015, 9, 1)] * 2
    assert roster.data["seq"].tolist() == [1, 2]
    assert summarize(read.findings) == []


def test_an_xls_renamed_xlsx_is_read_by_its_content(tmp_path):
    path = write_xls(tmp_path / "x.xls", {"名册": [ROSTER_HEADER, pupil(1)]})
    renamed = path.rename(tmp_path / "改了名.xlsx")
    assert read_workbook(renamed).table("roster").rows == 1


@pytest.mark.parametrize("name", ["改了名.xls", "大写.XLSX", "名册.xlsm", "名册.et", "没有扩展名"])
def test_an_xlsx_under_any_extension_is_read_by_its_content(xlsx, name):
    rows = [ROSTER_HEADER, pupil(1, 出生日期=dt.date(2015, 9, 1)), pupil(2)]
    read = read_workbook(xlsx({"名册": rows}, name=name))
    assert read.table("roster").data["birth_date"].tolist() == [dt.date(2015, 9, 1)] * 2
    assert summarize(read.findings) == []


def _encrypt(path, password):
    out = io.BytesIO()
    with path.open("rb") as f:
        OOXMLFile(f).encrypt(password, out)
    path.write_bytes(out.getvalue())
    return path


def test_a_password_protected_file_is_decrypted_in_memory_with_the_given_passwords(xlsx):
    path = _encrypt(xlsx({"名册": [ROSTER_HEADER, *pupils(2)]}, name="加密.xlsx"), "123456")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    read = read_workbook(path, passwords=["000000", "123456"])
    assert read.table("roster").rows == 2
    assert summarize(read.findings) == []
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before

    locked = read_workbook(path, passwords=["000000"])
    assert (locked.status, summarize(locked.findings)) == (
        "unreadable",
        [("encrypted-file", None, None, None)],
    )
    assert summarize(read_workbook(path).findings) == [("encrypted-file", None, None, None)]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("空文件.xlsx", b"", "文件是空的（0 字节）"),
        (
            "名册.xlsx",
            "序号,姓名,身份证件号\n1,张三,411525201509010013\n".encode("gbk"),
            "这不是 Excel 工作簿，而是CSV 文本文件"
            "（只是扩展名改成了表格，请用 Excel 打开后另存为 .xlsx）",
        ),
        ("名册.pdf", b"%PDF-1.7\n...", "这不是 Excel 工作簿，而是PDF 文件"),
        (
            "名册.csv",
            b"a,b\n1,2\n",
            "这不是 Excel 工作簿，而是CSV 文本文件（请用 Excel 打开后另存为 .xlsx）",
        ),
        (
            "名册.xls",
            b"<html><body><table><tr><td>1</td></tr></table></body></html>",
            "这不是 Excel 工作簿，而是网页（HTML）文件，只是扩展名改成了表格",
        ),
    ],
)
def test_files_that_are_not_workbooks_say_what_they_are(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    read = read_workbook(path)
    assert read.status == "unreadable"
    assert _messages(read) == [("unreadable-file", message)]
    assert read.findings[0].hint == "请在 Excel 或 WPS 中打开该文件，另存为 .xlsx 格式后重新报送。"


def test_a_word_document_is_named_as_such(tmp_path):
    path = tmp_path / "学籍名册.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    assert _messages(read_workbook(path)) == [
        ("unreadable-file", "这不是 Excel 工作簿，而是Word 文档")
    ]


def test_a_damaged_workbook_is_a_finding_not_a_traceback(xlsx):
    path = xlsx({"名册": [ROSTER_HEADER, *pupils(50)]})
    path.write_bytes(path.read_bytes()[:-300])
    read = read_workbook(path)
    assert (read.status, summarize(read.findings)) == (
        "unreadable",
        [("unreadable-file", None, None, None)],
    )


def _bomb(path, size):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                member.write(chunk)
    return path


def test_a_zip_bomb_is_refused_before_parsing(tmp_path):
    read = read_workbook(_bomb(tmp_path / "炸弹.xlsx", 8 << 20))
    assert _messages(read) == [
        ("unreadable-file", "文件解压后超过 200 MB（或压缩比异常），不像真实的报表，已拒绝读取")
    ]


def test_a_workbook_unpacking_past_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(formats_module, "MAX_UNPACKED", 2 << 20)
    path = tmp_path / "大.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", bytes(range(256)) * (12 << 10))
    assert summarize(read_workbook(path).findings) == [("unreadable-file", None, None, None)]


def _gbk_zip(path, members):
    """A zip as Windows' built-in compressor writes it: GBK names, no UTF-8 flag."""
    buffer = io.BytesIO()
    placeholders = {}
    with zipfile.ZipFile(buffer, "w") as z:
        for i, (name, data) in enumerate(members.items()):
            raw = name.encode("gbk")
            stand_in = chr(ord("A") + i).encode() * len(raw)  # no stand-in a prefix of another
            placeholders[stand_in] = raw
            z.writestr(stand_in.decode(), data)
    blob = buffer.getvalue()
    for stand_in, raw in placeholders.items():
        blob = blob.replace(stand_in, raw)
    path.write_bytes(blob)
    return path


def test_a_windows_zip_with_gbk_names_and_folders_is_expanded(xlsx, tmp_path):
    book = xlsx({"名册": [ROSTER_HEADER, *pupils(3)]}).read_bytes()
    archive = _gbk_zip(
        tmp_path / "附件.zip",
        {
            "十月/城关一小.xlsx": book,
            "十月/~$城关一小.xlsx": b"lock",
            "说明.doc": b"",
            "照片.jpg": b"\xff\xd8\xff",
        },
    )
    sources, findings = expand_inputs([archive])
    assert [(f.code, f.file, f.message) for f in findings] == [
        (
            "skipped-file",
            f"{archive}/十月/~$城关一小.xlsx",
            "这不是报表文件（Excel 或 WPS 打开文件时留下的临时文件），已跳过，不计入报送",
        ),
        ("skipped-file", f"{archive}/照片.jpg", "这不是报表文件（图片），已跳过，不计入报送"),
    ]
    assert [s.display for s in sources] == [f"{archive}/十月/城关一小.xlsx", f"{archive}/说明.doc"]
    read = read_workbook(sources[0])
    assert (read.path, read.table("roster").rows) == (f"{archive}/十月/城关一小.xlsx", 3)
    assert read.table("roster").path == read.path


def test_folders_are_expanded_recursively_in_order_with_zip_members(xlsx, tmp_path):
    inbox = tmp_path / "收件箱"
    (inbox / "二中").mkdir(parents=True)
    xlsx({"名册": [ROSTER_HEADER, pupil(1)]}, name="收件箱/一小.xlsx")
    xlsx({"名册": [ROSTER_HEADER, pupil(1)]}, name="收件箱/二中/月报.xls")
    (inbox / "~$一小.xlsx").write_bytes(b"lock")
    (inbox / "照片.png").write_bytes(b"\x89PNG")
    (inbox / "通知.pdf").write_bytes(b"%PDF")
    with zipfile.ZipFile(inbox / "附件.zip", "w") as z:
        z.writestr("三小/三小.xlsx", (inbox / "一小.xlsx").read_bytes())
        z.writestr("__MACOSX/三小/._三小.xlsx", b"")
    (inbox / "坏.zip").write_bytes(b"PK\x03\x04 not really")
    sources, findings = expand_inputs([inbox, tmp_path / "不存在.xlsx"])
    assert [s.display for s in sources] == [
        "收件箱/一小.xlsx",
        "收件箱/二中/月报.xls",
        "收件箱/通知.pdf",
        "收件箱/附件.zip/三小/三小.xlsx",
    ]
    assert [(f.code, f.file, f.message) for f in findings] == [
        (
            "skipped-file",
            "收件箱/~$一小.xlsx",
            "这不是报表文件（Excel 或 WPS 打开文件时留下的临时文件），已跳过，不计入报送",
        ),
        (
            "unreadable-file",
            "收件箱/坏.zip",
            "文件已损坏，无法打开：压缩包无法打开（压缩结构损坏）",
        ),
        ("skipped-file", "收件箱/照片.png", "这不是报表文件（图片），已跳过，不计入报送"),
        (
            "skipped-file",
            "收件箱/附件.zip/__MACOSX/三小/._三小.xlsx",
            "这不是报表文件（苹果电脑压缩时附带的系统文件），已跳过，不计入报送",
        ),
        ("unreadable-file", f"{tmp_path}/不存在.xlsx", "文件无法读取：文件或文件夹不存在"),
    ]
    assert all(isinstance(s.modified, dt.datetime) for s in sources)
    assert read_workbook(sources[3]).table("roster").data["id_number"].tolist() == [id_number(1)]


def _ods(path, rows):
    """A minimal OpenDocument spreadsheet, as LibreOffice or WPS would save it."""
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
            for v in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="名册">{cells}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content)
    return path


def test_an_opendocument_spreadsheet_is_read(tmp_path):
    rows = [["学籍名册"], ROSTER_HEADER, [str(v) for v in pupil(1)]]
    read = read_workbook(_ods(tmp_path / "名册.ods", rows))
    roster = read.table("roster")
    assert (list(roster.data.index), roster.data.loc[3, "id_number"]) == ([3], id_number(1))
    assert summarize(read.findings) == []


def test_a_file_larger_than_any_submission_is_refused_before_it_is_read(xlsx, monkeypatch):
    from core.reader import sources as sources_module

    path = xlsx({"名册": [ROSTER_HEADER, *pupils(20)]})
    monkeypatch.setattr(sources_module, "MAX_UNPACKED", 1024)
    assert summarize(read_workbook(path).findings) == [("unreadable-file", None, None, None)]
