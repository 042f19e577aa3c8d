"""Hidden rows of an .xlsx: calamine does not expose them, so the sheet XML is scanned directly.

A regular expression over each worksheet part finds ``<row ... hidden="1">`` without parsing the
XML; the workbook part and its relationships map sheet names to parts.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from html import unescape
from posixpath import join, normpath

from core.reader.limits import MAX_SHEETS, sheet_problem
from core.reader.sources import MAX_UNPACKED

_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\b\w+:id="([^"]*)"')
_REL = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTR = re.compile(rb'(\w+)="([^"]*)"')
_HIDDEN_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')


def _targets(archive: zipfile.ZipFile) -> dict[str, str]:
    rels = archive.read("xl/_rels/workbook.xml.rels")
    targets = {}
    for m in _REL.finditer(rels):
        attrs = dict(_ATTR.findall(m[1]))
        target = attrs.get(b"Target", b"").decode("utf-8")
        path = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
        targets[attrs.get(b"Id", b"").decode("utf-8")] = path
    return targets


def _inflate(data: bytes, archive: zipfile.ZipFile, part: str) -> bytes:
    """A part's bytes, inflated straight from the file: zipfile's CRC pass would cost a third
    more, and calamine checks the same part anyway."""
    info = archive.getinfo(part)
    if info.compress_type != zipfile.ZIP_DEFLATED or not data:
        return archive.read(info)
    offset = info.header_offset
    name_len, extra_len = struct.unpack("<HH", data[offset + 26 : offset + 30])
    start = offset + 30 + name_len + extra_len
    # capped: a local header could lie about the size the central directory promised
    return zlib.decompressobj(-15).decompress(
        data[start : start + info.compress_size], MAX_UNPACKED
    )


class RefusedError(ValueError):
    """A workbook no parser may be given: the message says why, in the user's words."""


def hidden_rows(data: bytes, archive: zipfile.ZipFile | None = None) -> dict[str, list[int]]:
    """Sheet name -> Excel rows marked hidden; {} when the parts cannot be read.

    Raises RefusedError for a sheet past the limits of core/reader/limits.py (scanned here, as each
    sheet's XML is inflated once for both)."""
    try:
        archive = archive or zipfile.ZipFile(io.BytesIO(data))
        targets = _targets(archive)
        book = archive.read("xl/workbook.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    sheets = list(_SHEET.finditer(book))
    if len(sheets) > MAX_SHEETS:
        raise RefusedError(f"工作表超过 {MAX_SHEETS} 个，远超任何真实报表")
    found: dict[str, list[int]] = {}
    for m in sheets:
        part = targets.get(m[2].decode("utf-8"))
        if part is None:
            continue
        try:
            xml = _inflate(data, archive, part)
        except (KeyError, zipfile.BadZipFile, OSError, struct.error, zlib.error):
            continue
        problem = sheet_problem(xml)
        if problem is not None:
            raise RefusedError(f"工作表“{unescape(m[1].decode('utf-8'))}”{problem}")
        if b'hidden="' not in xml:  # a plain substring search is far cheaper than the regex
            continue
        rows = [int(n[1]) for r in _HIDDEN_ROW.finditer(xml) if (n := _ROW_NUMBER.search(r[0]))]
        if rows:
            found[unescape(m[1].decode("utf-8"))] = rows
    return found
