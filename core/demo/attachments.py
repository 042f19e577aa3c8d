"""The odd files of an inbox: encrypted copies, a CSV in disguise, a Word file, a zip, a note."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import random
import zipfile
from collections.abc import Iterator

from core.demo.sinks import XlsxSink

ZIP_TIME = (2026, 10, 27, 9, 0, 0)
"""Fixed timestamp of every zip entry, so a seed gives identical bytes."""


@contextlib.contextmanager
def _seeded_salts(seed: int) -> Iterator[None]:
    """msoffcrypto draws salts from `secrets` and stamps the container with the current time;
    take both from the seed instead (the demo is written by one thread)."""
    from msoffcrypto.method import ecma376_agile
    from msoffcrypto.method.container import ecma376_encrypted

    rng = random.Random(seed)
    saved = ecma376_agile._random_buffer, ecma376_encrypted.datetime
    ecma376_agile._random_buffer = rng.randbytes
    ecma376_encrypted.datetime = _FixedClock
    try:
        yield
    finally:
        ecma376_agile._random_buffer, ecma376_encrypted.datetime = saved


class _FixedClock(dt.datetime):
    """A datetime whose now() is the demo's fixed moment."""

    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> _FixedClock:
        """The fixed moment."""
        return cls(*ZIP_TIME)


def encrypt(data: bytes, password: str, seed: int) -> bytes:
    """An .xlsx protected by an opening password (ECMA-376 agile, as Excel writes it)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    with _seeded_salts(seed):
        OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def csv_bytes(rows: list[list[str]]) -> bytes:
    """Comma-separated text, as an export tool writes it (GBK, the usual Windows encoding)."""
    return "\r\n".join(",".join(r) for r in rows).encode("gbk")


def zip_bytes(members: list[tuple[str, bytes]]) -> bytes:
    """A zip archive with fixed timestamps and UTF-8 member names."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buffer.getvalue()


_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A minimal Word document (a report attached by mistake)."""
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    return zip_bytes(
        [
            ("[Content_Types].xml", _DOCX_TYPES.encode()),
            ("_rels/.rels", _DOCX_RELS.encode()),
            ("word/document.xml", document.encode()),
        ]
    )


def note_workbook(title: str, lines: list[str], created: dt.date) -> bytes:
    """A workbook that is no standard form: a free-text 情况说明."""
    sink = XlsxSink(created, title)
    sink.sheet("情况说明")
    sink.width(0, 80)
    sink.text(0, 0, title, header=True)
    for i, line in enumerate(lines, start=2):
        sink.text(i, 0, line)
    return sink.close()
