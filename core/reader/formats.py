"""What a file really is, by its bytes: a workbook calamine can read, or a finding saying why not.

Extensions lie (a CSV renamed .xlsx, an .xls renamed .xlsx), so only magic bytes count. Zip
parts are checked against the unpack limits before anything parses them; password-protected
files are decrypted in memory.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

import msoffcrypto
import olefile

from core.model.findings import Finding, make_finding
from core.model.report import CANNOT_OPEN, Original
from core.reader.failures import is_failure, logged_reason
from core.reader.sources import MAX_UNPACKED, Source

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_RATIO = 100
"""Unpacked / packed size beyond which a zip is a bomb (real workbooks are about 5-15)."""
RATIO_FLOOR = 1024 * 1024
"""Below this unpacked size the ratio is harmless and not checked."""
ET_KIND = "WPS 表格专用格式（.et，请在 WPS 中另存为 .xlsx）"
NUMBERS_KIND = "苹果 Numbers 表格（请在 Numbers 中导出为 .xlsx）"
# Excel's default password for "read-only recommended" .xls files.
_DEFAULT_XLS_PASSWORD = "VelvetSweatshop"


@dataclass
class Opened:
    """A workbook ready for calamine: its format and its (decrypted) bytes."""

    kind: str
    """xlsx, xlsb, xls or ods."""
    data: bytes
    encrypted: bool = False
    password: str | None = None
    """The opening password that decrypted it (None without one, or Excel's built-in .xls key)."""
    archive: zipfile.ZipFile | None = None
    """The open zip of an xlsx, kept so its parts are not indexed twice."""


def _not_spreadsheet(display: str, kind: str) -> Finding:
    return make_finding("unreadable-file", "not-spreadsheet", file=display, kind=kind)


def _too_large(display: str) -> Finding:
    return make_finding("unreadable-file", "too-large", file=display, limit_mb=MAX_UNPACKED >> 20)


def _damaged(display: str, exc: BaseException, where: str) -> Finding:
    reason = logged_reason(exc, where)
    return make_finding("unreadable-file", "damaged", file=display, reason=reason)


def open_bytes(data: bytes, display: str, passwords: tuple[str, ...] = ()) -> Opened | Finding:
    """Sniff, check limits and decrypt; a finding when the file cannot be read as a workbook."""
    try:
        return _sniff(data, display, passwords)
    except BaseException as exc:
        if not is_failure(exc):
            raise
        return _damaged(display, exc, "sniff")


def _sniff(data: bytes, display: str, passwords: tuple[str, ...]) -> Opened | Finding:
    if not data:
        return make_finding("unreadable-file", "empty", file=display)
    if data[:2] == b"PK":
        return _open_zip(data, display)
    if data[:8] == OLE2_MAGIC:
        return _open_ole(data, display, passwords)
    return _not_spreadsheet(display, describe_other(data, display))


def _open_zip(data: bytes, display: str) -> Opened | Finding:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as exc:  # BadZipFile, a lying size, an undecodable name, ...
        return _damaged(display, exc, "zip")
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED or (unpacked > RATIO_FLOOR and unpacked > MAX_RATIO * len(data)):
        return _too_large(display)
    names = {i.filename for i in infos}
    if "xl/workbook.xml" in names:
        return Opened("xlsx", data, archive=archive)
    if "xl/workbook.bin" in names:
        return Opened("xlsb", data, archive=archive)
    if "mimetype" in names and b"spreadsheet" in archive.read("mimetype"):
        if _ods_encrypted(archive, names):
            return make_finding("encrypted-file", file=display)
        return Opened("ods", data)
    if "Index/Document.iwa" in names or any(n.endswith(".iwa") for n in names):
        return _not_spreadsheet(display, NUMBERS_KIND)
    if "word/document.xml" in names:
        return _not_spreadsheet(display, "Word 文档")
    if "ppt/presentation.xml" in names:
        return _not_spreadsheet(display, "PowerPoint 演示文稿")
    if "mimetype" in names:
        return _not_spreadsheet(display, "OpenDocument 文档（不是表格）")
    return _not_spreadsheet(display, "一个压缩包（请解压后报送其中的 Excel 文件）")


def _open_ole(data: bytes, display: str, passwords: tuple[str, ...]) -> Opened | Finding:
    if len(data) > MAX_UNPACKED:
        return _too_large(display)
    try:
        ole = olefile.OleFileIO(data)
        # stream names are case-insensitive in OLE: some writers store "BOOK" or "WORKBOOK"
        streams = {"/".join(s).lower() for s in ole.listdir()}
    except Exception as exc:  # olefile raises OSError, ValueError, TypeError, struct.error...
        return _damaged(display, exc, "ole")
    if "encryptioninfo" in streams and "encryptedpackage" in streams:
        return _decrypt(data, display, passwords, ooxml=True)
    if "workbook" in streams or "book" in streams:
        if _xls_encrypted(data):
            return _decrypt(data, display, (_DEFAULT_XLS_PASSWORD, *passwords), ooxml=False)
        return Opened("xls", data)
    if "worddocument" in streams:
        return _not_spreadsheet(display, "Word 文档（.doc）")
    if "powerpoint document" in streams:
        return _not_spreadsheet(display, "PowerPoint 演示文稿")
    if display.lower().endswith(".et"):
        return _not_spreadsheet(display, ET_KIND)
    return _not_spreadsheet(display, "无法识别的 Office 文件")


def _ods_encrypted(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """An OpenDocument file saved with a password: its manifest lists encryption data."""
    if "META-INF/manifest.xml" not in names:
        return False
    return b"encryption-data" in archive.read("META-INF/manifest.xml")


def _xls_encrypted(data: bytes) -> bool:
    try:
        return bool(msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted())
    except Exception:
        return False


def _decrypt(
    data: bytes, display: str, passwords: tuple[str, ...], *, ooxml: bool
) -> Opened | Finding:
    for password in dict.fromkeys(passwords):
        try:
            office = msoffcrypto.OfficeFile(io.BytesIO(data))
            office.load_key(password=password)
            out = io.BytesIO()
            office.decrypt(out)
        except Exception:
            continue
        plain = out.getvalue()
        opened = _open_zip(plain, display) if ooxml else Opened("xls", plain)
        if isinstance(opened, Opened):
            opened.encrypted = True
            opened.password = password if password != _DEFAULT_XLS_PASSWORD else None
        return opened
    return make_finding("encrypted-file", file=display)


def describe_other(data: bytes, display: str) -> str:
    """What a non-Office file is, in the words a clerk uses."""
    head = data[:2048]
    lowered = head.lower()
    if head.startswith(b"%PDF"):
        return "PDF 文件"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "图片"
    if head.startswith((b"Rar!", b"7z\xbc\xaf")):
        return "一个压缩包（请解压后报送其中的 Excel 文件）"
    if b"urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        return "Excel 2003 XML 表格（SpreadsheetML，请用 Excel 打开后另存为 .xlsx）"
    if b"<html" in lowered or b"<table" in lowered:
        return "网页（HTML）文件，只是扩展名改成了表格"
    if _is_text(head):
        if PurePosixPath(display).suffix.lower() == ".csv":
            return "CSV 文本文件（请用 Excel 打开后另存为 .xlsx）"
        if b"," in head or b"\t" in head:
            return "CSV 文本文件（只是扩展名改成了表格，请用 Excel 打开后另存为 .xlsx）"
        return "纯文本文件"
    return "无法识别格式的文件"


def _is_text(head: bytes) -> bool:
    for encoding in ("utf-8", "gbk"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 3:  # a character cut at the end of the sample
                return True
            continue
        return b"\x00" not in head
    return False


def open_original(source: Source, display: str, passwords: Sequence[str] = ()) -> Original:
    """The original's .xlsx bytes for its annotated copy, or the reason it must be rebuilt."""
    try:
        opened = open_bytes(source.read_bytes(), display, tuple(passwords))
    except Exception:  # a damaged zip member: the read itself reported why
        return Original(None, CANNOT_OPEN)
    if isinstance(opened, Finding):
        encrypted = opened.code == "encrypted-file"
        return Original(None, "原文件有打开密码，未提供正确的密码" if encrypted else CANNOT_OPEN)
    if opened.kind != "xlsx":
        why = f"原文件是 .{opened.kind} 格式，无法直接在原文件上标注"
        return Original(None, why, password=opened.password)
    return Original(opened.data, password=opened.password)
