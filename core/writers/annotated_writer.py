"""The annotated copy: the school's own workbook with each problem cell filled and commented.

A first sheet 校验结果 lists every finding with a link to its cell. The original is loaded with
openpyxl from its (decrypted) bytes and never written to; .xls, .ods and anything openpyxl cannot
load is rebuilt from what the reader read, and the result sheet says so. Nothing taken from the
input is ever written as a live formula.
"""

from __future__ import annotations

import io
import logging
from collections import defaultdict
from pathlib import Path, PurePosixPath
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink

from core.catalogue.schema import TEXT_TYPES
from core.model.findings import (
    SEVERITY_LABELS,
    SEVERITY_ORDER,
    Finding,
    Severity,
    counts_text,
    make_finding,
)
from core.model.provenance import ANNOTATED_OUTPUT, ANNOTATED_SUFFIX, OUTPUT_PROPERTY
from core.model.report import CANNOT_OPEN, FileReport, Original
from core.model.ruleset import RULESET_VERSION
from core.outputs import write_atomic
from core.writers.safe_cells import Change, clean_text, has_bad_characters, make_safe

log = logging.getLogger(__name__)

FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFD8A8", Severity.QUERY: "FFF2CC"}
"""Cell fill per severity: red, orange, yellow (notes are listed, not filled)."""
SUFFIX = ANNOTATED_SUFFIX
REBUILT_NOTE = "{why}：以下各表按读取到的内容重建，原有格式未保留。"


def annotated_name(display: str) -> str:
    """ "收件箱/附件.zip/城关一小.xls" -> "城关一小_校验结果.xlsx"."""
    return PurePosixPath(display.replace("\\", "/")).stem + SUFFIX


def write_annotated(
    report: FileReport, out_dir: Path, name: str | None = None, *, original: Original | None = None
) -> Path:
    """Write the annotated copy into out_dir (temp file, then moved into place); its path.

    original: the file's bytes as the reader opened them (core.reader.formats.open_original);
    without it the copy is rebuilt from what was read.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / (name or annotated_name(report.path))
    original = original or Original(None, CANNOT_OPEN)
    book, note, changes = _load_original(report, original)
    if note is None:
        _neutralise_formulas(book, report)
    made_safe = _findings(report, changes + make_safe(book))
    _mark_cells(book, report.findings + made_safe)
    _results_sheet(book, report, note, made_safe)
    mark_as_annotated(book)
    _save_atomic(book, target, original.password)
    return target


def mark_as_annotated(book: Workbook) -> None:
    """Say in the copy's document properties that SchoolRoll wrote it (the roll-up skips it)."""
    props = book.custom_doc_props
    for prop in [p for p in props if p.name == OUTPUT_PROPERTY]:
        props.props.remove(prop)
    props.append(StringProperty(name=OUTPUT_PROPERTY, value=ANNOTATED_OUTPUT))


def _findings(report: FileReport, changes: list[Change]) -> list[Finding]:
    return [
        make_finding(
            "unsafe-content",
            c.kind,
            file=report.path,
            sheet=c.sheet,
            row=c.row,
            column=c.column,
            formula=c.detail,
        )
        for c in changes
    ]


def _load_original(
    report: FileReport, original: Original
) -> tuple[Workbook, str | None, list[Change]]:
    """(workbook, None, []) from the original bytes, or (rebuilt workbook, why, characters
    replaced) when impossible."""
    if original.data is not None:
        try:
            return load_workbook(io.BytesIO(original.data), keep_links=False), None, []
        except Exception as exc:  # openpyxl rejects many odd-but-valid files
            log.warning("openpyxl could not load a workbook: %s", type(exc).__name__)
    book, changes = _rebuild(report)
    return book, REBUILT_NOTE.format(why=original.why or CANNOT_OPEN), changes


def set_text(cell: Cell, value: Any) -> bool:
    """Write a value as plain text, so "=..." can never become a formula; True when a character
    no workbook can hold had to be replaced."""
    text = None if value is None else str(value)
    bad = text is not None and has_bad_characters(text)
    cell.value = clean_text(text) if bad and text is not None else text
    if value is not None:
        cell.data_type = "s"
    return bad


def _sheet_named(book: Workbook, name: str) -> Any:
    """The rebuilt sheet of a name: one sheet may hold two parts (an info block in a table's
    title rows, a summary list under an info block)."""
    return book[name] if name in book.sheetnames else book.create_sheet(name)


def _rebuild(report: FileReport) -> tuple[Workbook, list[Change]]:
    """A new workbook with each read sheet's headers and cell text at their original cells."""
    book = Workbook()
    book.remove(book.active)
    changes: list[Change] = []

    def put(ws: Any, cell: Cell, value: Any) -> None:
        if set_text(cell, value):
            changes.append(Change(ws.title, cell.row, cell.column_letter, "character"))

    wb = report.workbook
    for rec in wb.records if wb else []:
        ws = _sheet_named(book, rec.sheet)
        for key, (row, letter) in rec.cells.items():
            col = ws[f"{letter}{row}"].column
            if col > 1:
                put(ws, ws.cell(row, col - 1), rec.form.column(key).header)
            put(ws, ws.cell(row, col), rec.raw.get(key))
    for t in wb.tables if wb else []:
        if t.places is not None:
            continue  # read across the rows of another table, which writes every cell
        ws = _sheet_named(book, t.sheet)
        for key, letter in t.columns.items():
            put(ws, ws[f"{letter}{t.header_row}"], t.headers.get(key))
        for header, letter in t.extra_columns.items():
            put(ws, ws[f"{letter}{t.header_row}"], header)
        frames = [(t.raw, t.columns)]
        if t.extra is not None:
            frames.append((t.extra, t.extra_columns))
        for frame, cols in frames:
            for key, letter in cols.items():
                if key in frame.columns:
                    for row, value in frame[key].items():
                        if isinstance(value, str):
                            put(ws, ws[f"{letter}{row}"], value)
    if not book.sheetnames:
        book.create_sheet("Sheet1")
    return book, changes


def _neutralise_formulas(book: Workbook, report: FileReport) -> None:
    """Formulas in text columns of the data rows (a name, an ID) become their text."""
    wb = report.workbook
    for t in wb.tables if wb else []:
        if t.sheet not in book.sheetnames or t.places is not None:
            continue  # a table read across another's rows: its cells are that table's
        ws = book[t.sheet]
        text_keys = [c.key for c in t.form.columns if c.type in TEXT_TYPES and c.key in t.columns]
        letters = [t.columns[k] for k in text_keys] + list(t.extra_columns.values())
        for row in t.data.index:
            for letter in letters:
                cell = ws[f"{letter}{row}"]
                if cell.data_type == "f":
                    set_text(cell, cell.value)


def _mark_cells(book: Workbook, findings: list[Finding]) -> None:
    """Fill each flagged cell by its most serious finding; one comment lists them all."""
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.sheet in book.sheetnames and f.cell and f.severity in FILLS:
            by_cell[(f.sheet, f.cell)].append(f)
    for (sheet, ref), items in by_cell.items():
        cell = _writable(book[sheet], ref)
        worst = min(items, key=lambda f: SEVERITY_ORDER[f.severity])
        color = FILLS[worst.severity]
        cell.fill = PatternFill(fill_type="solid", fgColor=color, bgColor=color)
        text = clean_text("\n".join(_comment_line(f) for f in items))
        if cell.comment is not None:
            text = f"{cell.comment.text}\n{text}"
        cell.comment = Comment(text, "SchoolRoll", height=60 + 50 * len(items), width=320)


def _writable(ws: Any, ref: str) -> Cell:
    """The cell, or the top-left cell of the merged range it lies in (the one Excel shows)."""
    cell = ws[ref]
    if isinstance(cell, MergedCell):
        for rng in ws.merged_cells.ranges:
            if ref in rng:
                return ws.cell(rng.min_row, rng.min_col)
    return cell


def _comment_line(f: Finding) -> str:
    line = f"[{SEVERITY_LABELS[f.severity]}] {f.message}\n改正：{f.hint}"
    if f.explanation:
        line += f"\n已说明：{f.explanation}"
    return line


def _save_atomic(book: Workbook, target: Path, password: str | None = None) -> None:
    """Save next to the target, then move into place: never a half-written file. With the
    original's password the copy is encrypted with it (ECMA-376 agile, as Excel writes it), so a
    protected workbook never comes back unprotected."""
    if password is None:
        write_atomic(target, lambda tmp: book.save(tmp))
        return

    def encrypted(tmp: Path) -> None:
        from msoffcrypto.format.ooxml import OOXMLFile

        plain = io.BytesIO()
        book.save(plain)
        plain.seek(0)
        with open(tmp, "wb") as out:
            OOXMLFile(plain).encrypt(password, out)

    write_atomic(target, encrypted)


def is_encrypted_copy(path: Path) -> bool:
    """Whether a written copy carries an opening password (an encrypted .xlsx is an OLE file)."""
    with open(path, "rb") as f:
        return f.read(8) == OLE2_MAGIC


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


LINK_FONT = Font(color="0563C1", underline="single")
BOLD = Font(bold=True)
RESULT_SHEET = "校验结果"
COLUMNS = (
    ("序号", 6),
    ("严重程度", 9),
    ("代码", 22),
    ("工作表", 16),
    ("位置", 9),
    ("字段", 14),
    ("值", 22),
    ("问题", 50),
    ("改正方法", 40),
    ("说明", 24),
)
STATUS = {"passed": "通过", "failed": "未通过", "unreadable": "无法读取"}


def _results_sheet(
    book: Workbook, report: FileReport, note: str | None, made_safe: list[Finding]
) -> None:
    """The first sheet: a headline, then every finding with a link to its cell."""
    name = RESULT_SHEET
    while name in book.sheetnames:
        name += "(新)"
    ws = book.create_sheet(name, 0)
    for other in book.worksheets:
        other.sheet_view.tabSelected = False
    ws.sheet_view.tabSelected = True
    book.active = 0
    set_text(ws["A1"], _headline(report))
    ws["A1"].font = Font(bold=True, size=13)
    set_text(ws["A2"], note or f"规则版本 {RULESET_VERSION}；点击“位置”可跳到对应单元格。")
    for i, (header, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(3, i)
        set_text(cell, header)
        cell.font = BOLD
        ws.column_dimensions[cell.column_letter].width = width
    for n, f in enumerate(report.findings + made_safe, start=1):
        _result_row(ws, 3 + n, n, f, book.sheetnames)
    ws.freeze_panes = "A4"
    if not report.findings + made_safe:
        set_text(ws["A4"], "未发现问题。")


def _headline(report: FileReport) -> str:
    verdict = STATUS.get(report.verdict, report.verdict)
    return f"{report.path}：{verdict}（{counts_text(report.findings)}）"


def _result_row(ws: Any, row: int, n: int, f: Finding, sheets: list[str]) -> None:
    values = (
        n,
        SEVERITY_LABELS[f.severity],
        f.code,
        f.sheet,
        f.cell or "",
        f.field,
        f.value,
        f.message,
        f.hint,
        f.explanation,
    )
    for col, value in enumerate(values, start=1):
        set_text(ws.cell(row, col), value)
    ws.cell(row, 1).value = n
    if f.severity in FILLS:
        color = FILLS[f.severity]
        ws.cell(row, 2).fill = PatternFill(fill_type="solid", fgColor=color, bgColor=color)
    if f.sheet in sheets:
        target = ws.cell(row, 5)
        if not target.value:
            set_text(target, "转到")
        quoted = f.sheet.replace("'", "''")
        target.hyperlink = Hyperlink(ref=target.coordinate, location=f"'{quoted}'!{f.cell or 'A1'}")
        target.font = LINK_FONT
