"""Hostile inputs for the fuzz harness: seeded mutants of real workbooks and a crafted corpus.

Mutants work at three levels: bytes (flips, cuts, splices), zip and XML structure (a member
dropped, renamed, its method or size changed, a tag broken, a cell moved far away) and cell
values (formulas, control characters, huge numbers). The crafted corpus holds one file per
class of the hostile-files issue. Used by tests/core/test_fuzz.py and benchmarks/fuzz.py.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path

UNSAFE_FORMULAS = ("=cmd|' /c calc'!A1", '=HYPERLINK("http://example.com","x")', "='[a.xlsx]S'!A1")


def _rezip(data: bytes, change) -> bytes:
    """The zip with change(name, bytes) -> (name, bytes) | None applied to every member."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as old,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for info in old.infolist():
            got = change(info.filename, old.read(info))
            if got is not None:
                new.writestr(got[0], got[1])
    return out.getvalue()


def byte_mutant(rng: random.Random, data: bytes) -> bytes:
    """Flips, a cut or a splice of the raw bytes."""
    blob = bytearray(data)
    kind = rng.choice(("flip", "cut", "splice"))
    if kind == "flip":
        for _ in range(rng.randint(1, 12)):
            blob[rng.randrange(len(blob))] ^= 1 << rng.randrange(8)
    elif kind == "cut":
        del blob[rng.randrange(len(blob) // 2, len(blob)) :]
    else:
        at = rng.randrange(len(blob))
        blob[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    return bytes(blob)


def _xml_change(rng: random.Random, name: str, xml: bytes) -> bytes:
    kind = rng.choice(("far-cell", "broken-tag", "sheet-state", "dimension", "merge-all"))
    if kind == "far-cell":
        row, far = rng.choice(((1048576, "XFD1048576"), (1048576, "Z1048576"), (1, "XFD1")))
        cell = f'<row r="{row}"><c r="{far}"><v>1</v></c></row></sheetData>'
        return xml.replace(b"</sheetData>", cell.encode(), 1)
    if kind == "broken-tag":
        at = rng.randrange(len(xml))
        return xml[:at] + b"<" + xml[at:]
    if kind == "sheet-state":
        return xml.replace(b"<sheet ", b'<sheet state="show" ', 1)
    if kind == "dimension":
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml)
    return xml.replace(
        b"</sheetData>",
        b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
        1,
    )


def structure_mutant(rng: random.Random, data: bytes) -> bytes:
    """A zip member dropped or renamed, a method or size lied about, or an XML part changed."""
    if data[:2] != b"PK":
        return byte_mutant(rng, data)
    kind = rng.choice(("drop", "rename", "method", "xml", "xml", "xml"))
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    victim = rng.choice(names)
    if kind == "drop":
        return _rezip(data, lambda n, b: None if n == victim else (n, b))
    if kind == "rename":
        return _rezip(data, lambda n, b: (n.upper() if n == victim else n, b))
    if kind == "method":
        blob = bytearray(data)
        at = blob.find(b"PK\x01\x02")
        blob[at + 10 : at + 12] = struct.pack("<H", rng.choice((9, 12, 14, 99)))
        return bytes(blob)
    xml_names = [n for n in names if n.endswith(".xml")]
    victim = rng.choice(xml_names) if xml_names else victim
    return _rezip(data, lambda n, b: (n, _xml_change(rng, n, b) if n == victim else b))


def value_mutant(rng: random.Random, data: bytes) -> bytes:
    """Cell text replaced by formulas, control characters or absurd numbers (xlsx only)."""
    if data[:2] != b"PK":
        return byte_mutant(rng, data)

    def change(name: str, xml: bytes) -> tuple[str, bytes]:
        if name != "xl/sharedStrings.xml":
            return name, xml
        texts = re.findall(rb"<t[^>]*>[^<]*</t>", xml)
        for t in rng.sample(texts, min(len(texts), 5)):
            new = rng.choice((b"_x0001_", b"\xef\xbf\xbe", b"9" * 40, b"=1+1", b"\xe2\x80\x8b"))
            xml = xml.replace(t, t[: t.index(b">") + 1] + new + b"</t>", 1)
        return name, xml

    out = _rezip(data, change)
    if rng.random() < 0.5:
        formula = rng.choice(UNSAFE_FORMULAS).lstrip("=").replace("&", "&amp;").replace("<", "&lt;")
        formula = formula.replace('"', "&quot;")
        out = _rezip(
            out,
            lambda n, b: (
                n,
                b.replace(
                    b"</sheetData>",
                    f'<row r="900"><c r="A900"><f>{formula}</f></c></row></sheetData>'.encode(),
                    1,
                )
                if n.startswith("xl/worksheets/sheet")
                else b,
            ),
        )
    return out


MUTATORS = (byte_mutant, structure_mutant, value_mutant)


def mutants(seeds: list[Path], count: int, seed: int) -> Iterator[tuple[str, bytes]]:
    """count named mutants of the seed files, the same ones for the same seed."""
    rng = random.Random(seed)
    blobs = [(p, p.read_bytes()) for p in seeds]
    for n in range(count):
        path, data = rng.choice(blobs)
        mutate = MUTATORS[n % len(MUTATORS)]
        try:
            blob = mutate(rng, data)
        except (zipfile.BadZipFile, ValueError, IndexError):
            blob = byte_mutant(rng, data)
        yield f"m{n:04d}_{mutate.__name__.split('_')[0]}{path.suffix}", blob


def crafted(good: bytes) -> dict[str, bytes]:
    """One file per class of the issue, built from a good .xlsx."""
    files: dict[str, bytes] = {}
    files["far_cell.xlsx"] = structure_far(good)
    files["zip_no_sheet.zip"] = _zip({"合影.jpg": b"\xff\xd8\xff"})
    files["zip_nested.zip"] = _zip({"一小.zip": _zip({"一小.xlsx": good}), "坏.zip": b"PK junk"})
    files["zip_bad_member.zip"] = _bad_crc_zip(good)
    files["truncated.xls"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    files["numbers.numbers"] = _zip({"Index/Document.iwa": b"\0"})
    files["spreadsheetml.xml"] = (
        b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>'
    )
    files["dde.xlsx"] = _rezip(
        good,
        lambda n, b: (
            n,
            b.replace(
                b"</sheetData>",
                b'<row r="900"><c r="A900"><f>cmd|\' /c calc\'!A1</f></c></row></sheetData>',
                1,
            )
            if n.startswith("xl/worksheets/sheet")
            else b,
        ),
    )
    files["many_sheets.xlsx"] = _rezip(
        good,
        lambda n, b: (
            n,
            re.sub(rb"(<sheet [^>]*/>)", lambda m: m[1] * 600, b, count=1)
            if n == "xl/workbook.xml"
            else b,
        ),
    )
    files["empty.xlsx"] = b""
    return files


def structure_far(good: bytes) -> bytes:
    """The workbook with one cell at XFD1048576 in its first sheet."""
    return _rezip(
        good,
        lambda n, b: (
            n,
            b.replace(
                b"</sheetData>",
                b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>',
                1,
            )
            if n == "xl/worksheets/sheet1.xml"
            else b,
        ),
    )


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _bad_crc_zip(good: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        z.writestr("a.xlsx", good)
        z.writestr("b.xlsx", good)
    blob = bytearray(out.getvalue())
    blob[200] ^= 0xFF
    return bytes(blob)
