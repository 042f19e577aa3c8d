"""Hostile and broken files: each reported with a plain Chinese reason, never stopping a batch."""

from __future__ import annotations

import io
import json
import struct
import zipfile

import pytest
from reader_corpus import ROSTER_HEADER, pupils, write_xls

from core.reader import expand_inputs, read_workbook
from core.reader import workbook as workbook_module
from core.validate import validate_paths

DAMAGED = "文件已损坏，无法打开："
XML_KIND = "Excel 2003 XML 表格（SpreadsheetML，请用 Excel 打开后另存为 .xlsx）"


def _book(xlsx, n=2):
    return xlsx({"名册": [ROSTER_HEADER, *pupils(n)]}, name=f"book{n}.xlsx").read_bytes()


def _patch_headers(blob: bytes, name: bytes, *, flags=None, method=None) -> bytes:
    """Rewrite a member's flags or compression method in its local and central headers."""
    out = bytearray(blob)
    for signature, flag_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        start = 0
        while (at := out.find(signature, start)) >= 0:
            start = at + 4
            if out[at + name_at : at + name_at + len(name)] != name:
                continue
            if flags is not None:
                out[at + flag_at : at + flag_at + 2] = struct.pack("<H", flags)
            if method is not None:
                out[at + flag_at + 2 : at + flag_at + 4] = struct.pack("<H", method)
    return bytes(out)


def _inbox_zip(path, members, *, stored=False):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _reports(paths):
    return [(r.path, r.status, [f.message for f in r.findings]) for r in validate_paths(paths)]


def _statuses(paths):
    return [(r.path, r.status) for r in validate_paths(paths)]


def test_a_damaged_member_of_an_inbox_zip_is_reported_and_the_others_are_read(xlsx, tmp_path):
    good = _book(xlsx)
    blob = _inbox_zip(tmp_path / "收件箱.zip", {"a.xlsx": good, "b.xlsx": good}, stored=True)
    data = bytearray(blob.read_bytes())
    data[100] ^= 0xFF  # inside a.xlsx's stored bytes: its CRC-32 no longer matches
    blob.write_bytes(bytes(data))
    reports = _reports([blob])
    assert reports[0][:2] == (f"{blob}/a.xlsx", "unreadable")
    assert reports[0][2] == [DAMAGED + "文件内容校验失败（CRC 错误），文件在传输或保存时损坏了"]
    assert reports[1][:2] == (f"{blob}/b.xlsx", "failed")


@pytest.mark.parametrize(
    ("patch", "reason"),
    [
        ({"flags": 1}, "压缩包内的文件设置了密码"),
        ({"method": 9}, "文件使用了不支持的压缩方式（请用 Excel 另存为 .xlsx）"),
        ({"method": 77}, "文件使用了不支持的压缩方式（请用 Excel 另存为 .xlsx）"),
    ],
)
def test_a_zipcrypto_or_deflate64_member_is_named_not_a_traceback(xlsx, tmp_path, patch, reason):
    blob = _inbox_zip(tmp_path / "收件箱.zip", {"a.xlsx": _book(xlsx), "b.xlsx": _book(xlsx)})
    blob.write_bytes(_patch_headers(blob.read_bytes(), b"a.xlsx", **patch))
    assert _reports([blob])[0] == (f"{blob}/a.xlsx", "unreadable", [DAMAGED + reason])
    assert _statuses([blob])[1] == (f"{blob}/b.xlsx", "failed")


def test_an_xlsx_whose_parts_use_an_unsupported_method_is_damaged(xlsx):
    path = xlsx({"名册": [ROSTER_HEADER, *pupils(3)]}, name="deflate64.xlsx")
    patched = path.read_bytes()
    patched = _patch_headers(patched, b"xl/worksheets/sheet1.xml", method=9)
    path.write_bytes(patched)
    read = read_workbook(path)
    assert (read.status, [f.message for f in read.findings]) == (
        "unreadable",
        [DAMAGED + "文件使用了不支持的压缩方式（请用 Excel 另存为 .xlsx）"],
    )


@pytest.mark.parametrize("cut", [600, 1100, 2000])
def test_a_truncated_ole_file_is_damaged(tmp_path, cut):
    path = write_xls(tmp_path / "old.xls", {"名册": [ROSTER_HEADER, *pupils(40)]})
    path.write_bytes(path.read_bytes()[:cut])
    read = read_workbook(path)
    assert read.status == "unreadable"
    assert [f.code for f in read.findings] == ["unreadable-file"]
    assert all("Error" not in f.message and "OLE" not in f.message for f in read.findings)


def test_a_rust_panic_in_the_parser_becomes_a_finding(xlsx, monkeypatch):
    class PanicException(BaseException):  # what pyo3 raises: not an Exception
        pass

    def explode(*_args):
        raise PanicException("index out of bounds: the len is 0 but the index is 7")

    monkeypatch.setattr(workbook_module.CalamineWorkbook, "from_path", explode)
    read = read_workbook(xlsx({"名册": [ROSTER_HEADER, *pupils(2)]}))
    assert [f.message for f in read.findings] == [
        DAMAGED + "读取程序无法解析文件内容（内部结构异常）"
    ]


def _zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def test_nested_zips_are_opened_to_their_stated_depth(xlsx, tmp_path):
    good = _book(xlsx)
    fourth = _zip_bytes({"太深.xlsx": good})
    third = _zip_bytes({"三层.xlsx": good, "太深.zip": fourth})
    second = _zip_bytes({"一小.xlsx": good, "更深.zip": third})
    blob = _inbox_zip(tmp_path / "乡镇.zip", {"一小.zip": second, "坏.zip": b"PK junk"})
    assert _statuses([blob]) == [
        (f"{blob}/一小.zip/更深.zip/太深.zip", "skipped"),
        (f"{blob}/坏.zip", "unreadable"),
        (f"{blob}/一小.zip/一小.xlsx", "failed"),
        (f"{blob}/一小.zip/更深.zip/三层.xlsx", "failed"),
    ]
    assert [r.findings[0].message for r in validate_paths([blob])[:2]] == [
        "这不是报表文件（嵌套超过 3 层的压缩包，未打开），已跳过，不计入报送",
        DAMAGED + "压缩结构损坏",
    ]
    deepest = expand_inputs([blob])[0][1]
    assert read_workbook(deepest).table("roster").rows == 2


def test_a_zip_holding_no_spreadsheet_is_not_silent(tmp_path):
    photos = _inbox_zip(tmp_path / "照片.zip", {"合影.jpg": b"\xff\xd8\xff"})
    empty = _inbox_zip(tmp_path / "空.zip", {})
    assert _reports([photos, empty]) == [
        (f"{photos}/合影.jpg", "skipped", ["这不是报表文件（图片），已跳过，不计入报送"]),
        (f"{empty}", "skipped", ["这不是报表文件（一个空的压缩包），已跳过，不计入报送"]),
    ]


def _spreadsheetml() -> bytes:
    return (
        b'<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
        b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>'
    )


def _numbers() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("Index/Document.iwa", b"\0" * 10)
    return buffer.getvalue()


def test_every_spreadsheet_format_in_a_folder_is_read_or_named(xlsx, tmp_path):
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    good = _book(xlsx)
    for name in ("模板.xltx", "宏模板.xltm"):
        (inbox / name).write_bytes(good)
    (inbox / "苹果.numbers").write_bytes(_numbers())
    (inbox / "旧格式.xml").write_bytes(_spreadsheetml())
    (inbox / "Thumbs.db").write_bytes(b"\0")
    reports = {r.path: (r.status, [f.message for f in r.findings]) for r in validate_paths([inbox])}
    assert reports["收件箱/模板.xltx"][0] == "failed"
    assert reports["收件箱/宏模板.xltm"][0] == "failed"
    assert reports["收件箱/苹果.numbers"] == (
        "unreadable",
        ["这不是 Excel 工作簿，而是苹果 Numbers 表格（请在 Numbers 中导出为 .xlsx）"],
    )
    assert reports["收件箱/旧格式.xml"] == (
        "unreadable",
        ["这不是 Excel 工作簿，而是" + XML_KIND],
    )
    assert reports["收件箱/Thumbs.db"] == (
        "skipped",
        ["这不是报表文件（系统缩略图缓存），已跳过，不计入报送"],
    )


def test_an_xlsb_in_a_folder_is_read_not_dropped(tmp_path):
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    (inbox / "二进制.xlsb").write_bytes(b"PK\x03\x04 not really an xlsb")
    assert _statuses([inbox]) == [("收件箱/二进制.xlsb", "unreadable")]


def test_an_encrypted_opendocument_spreadsheet_is_encrypted_not_damaged(tmp_path):
    path = tmp_path / "加密.ods"
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", b"\x8f\x03 encrypted bytes")
    read = read_workbook(path)
    assert [(f.code, f.message) for f in read.findings] == [
        ("encrypted-file", "文件设置了打开密码，已尝试的密码都不正确")
    ]


def test_an_xls_with_a_capitalised_book_stream_is_read(tmp_path):
    path = write_xls(tmp_path / "old.xls", {"名册": [ROSTER_HEADER, *pupils(2)]})
    data = path.read_bytes()
    # the directory entry's name is UTF-16: "Workbook" written in capitals, as some writers do
    upper = data.replace("Workbook".encode("utf-16-le"), "WORKBOOK".encode("utf-16-le"))
    assert upper != data
    path.write_bytes(upper)
    read = read_workbook(path)
    assert read.status != "unreadable", [f.message for f in read.findings]
    assert read.table("roster").rows == 2


def test_the_cli_reports_a_damaged_inbox_without_a_traceback_or_a_pupil_on_stderr(
    xlsx, tmp_path, capsys
):
    from desktop.cli import main

    good = _book(xlsx)
    blob = _inbox_zip(tmp_path / "收件箱.zip", {"a.xlsx": good, "b.xlsx": good}, stored=True)
    data = bytearray(blob.read_bytes())
    data[100] ^= 0xFF
    blob.write_bytes(bytes(data))
    status = main(["validate", "--json", str(blob)])
    out, err = capsys.readouterr()
    assert status == 1
    assert [f["path"] for f in json.loads(out)["files"]] == [
        f"{blob}/a.xlsx",
        f"{blob}/b.xlsx",
    ]
    assert err == ""


def _far_cell_xlsx(path, far="XFD1048576", sheets=1):
    """A workbook whose sheet holds A1 and one cell far away: calamine would allocate it all."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    row = "".join(c for c in far if c.isdigit())
    sheet = (
        f"<worksheet {ns}><sheetData>"
        '<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c></row>'
        f'<row r="{row}"><c r="{far}" t="inlineStr"><is><t>远</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    listed = "".join(f'<sheet name="表{k}" sheetId="{k + 1}" r:id="rId1"/>' for k in range(sheets))
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "_rels/.rels",
            f'<Relationships><Relationship Id="rId1" Type="{kind}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml", f"<workbook {ns} {rel_ns}><sheets>{listed}</sheets></workbook>"
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships><Relationship Id="rId1" Type="{kind}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def test_a_sheet_with_one_cell_far_from_the_others_is_refused_before_parsing(tmp_path):
    read = read_workbook(_far_cell_xlsx(tmp_path / "远.xlsx"))
    assert [f.message for f in read.findings] == [
        "文件内容异常，为保护电脑未读取：工作表“表0”只有 2 个单元格，却延伸到第 1,048,576 行、"
        "第 16,384 列（远处有多余的单元格，请删除多余的行列后另存）"
    ]


def test_a_far_cell_inside_the_limit_is_read(tmp_path):
    read = read_workbook(_far_cell_xlsx(tmp_path / "近.xlsx", far="Z2000"))
    assert read.status != "unreadable"


def test_thousands_of_sheets_sharing_one_part_are_refused(tmp_path):
    read = read_workbook(_far_cell_xlsx(tmp_path / "多.xlsx", far="B2", sheets=2000))
    assert [f.message for f in read.findings] == [
        "文件内容异常，为保护电脑未读取：工作表超过 255 个，远超任何真实报表"
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_colon_that_follows_no_label_never_loses_the_workbook(xlsx, seed):
    """A sheet of free text (a note, an annotated copy's 校验结果 sheet) whose cells hold colons
    after no label: the times, links and lone colons are text, the roster is still read."""
    import random

    rng = random.Random(seed)
    texts = ["10:30", "：", "http://jyj.example/x", "第4行 E列：学生“张三”", "8:00-17:30 值班",
             "（注：本表一式两份）", "1:2", " : "]  # fmt: skip
    notes = [[rng.choice(texts)] for _ in range(6)]
    path = xlsx({"名册": [ROSTER_HEADER, *pupils(3)], "校验结果": notes})
    read = read_workbook(path)
    assert read.status == "ok"
    (roster,) = read.tables
    assert len(roster.data) == 3
    assert [f.code for f in read.findings] == ["unrecognised-sheet"]


def test_cells_the_reader_cannot_handle_say_it_is_schoolrolls_fault_not_the_files(
    xlsx, monkeypatch
):
    """A workbook calamine parsed but whose cells the interpretation fails on is not called
    damaged (Excel opens it): the message owns the fault, and the next file is read."""
    bad = xlsx({"名册": [ROSTER_HEADER, *pupils(2)]}, name="坏.xlsx")
    good = xlsx({"名册": [ROSTER_HEADER, *pupils(3)]}, name="好.xlsx")
    real = workbook_module.visits_from_ledger

    def explode(result):
        if result.path.endswith("坏.xlsx"):
            raise ValueError("a shape no test foresaw")
        return real(result)

    monkeypatch.setattr(workbook_module, "visits_from_ledger", explode)
    monkeypatch.setenv("SCHOOLROLL_IN_PROCESS", "1")  # the patch lives in this process
    alone = _reports([good])
    assert _reports([bad, good]) == [
        (
            str(bad),
            "unreadable",
            [
                "SchoolRoll 未能读懂文件中的某处内容（文件本身可能完好，这是本程序的问题）；"
                "请另存为 .xlsx 后再试，仍不行请把“帮助”中的日志文件发给技术支持"
            ],
        ),
        *alone,
    ]
