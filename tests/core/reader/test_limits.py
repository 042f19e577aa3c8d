"""The pre-parse limits refuse what no real workbook comes near, and never a real county's."""

from __future__ import annotations

from core.reader import limits
from core.reader.limits import sheet_problem

FAR = (
    b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
    b'<row r="1048576"><c r="Z1048576"><v>1</v></c></row></sheetData></worksheet>'
)


def _letters(n: int) -> list[str]:
    out = []
    for i in range(1, n + 1):
        s = ""
        while i:
            i, rem = divmod(i - 1, 26)
            s = chr(65 + rem) + s
        out.append(s)
    return out


def _sheet(rows: int, columns: int) -> bytes:
    row = '<row r="%(r)d">' + "".join(f'<c r="{c}%(r)d"><v>1</v></c>' for c in _letters(columns))
    body = "</row>".join(row % {"r": r} for r in range(1, rows + 1))
    return f"<worksheet><sheetData>{body}</row></sheetData></worksheet>".encode()


def test_a_large_countys_ledger_is_not_refused() -> None:
    # 适龄儿童台账 of a county of 100,000 pupils, 30 columns (SchoolRoll's own county workbook,
    # read by the roll-up and by register import): the 2,000,000 cells of the old limit refused
    # the 300-school sample county's.
    assert sheet_problem(_sheet(100_000, 30)) is None


def test_a_sheet_with_more_cells_than_the_limit_is_refused_with_its_reason(monkeypatch) -> None:
    monkeypatch.setattr(limits, "MAX_CELLS", 1_000)
    assert sheet_problem(_sheet(100, 10)) is None
    assert sheet_problem(_sheet(101, 10)) == "单元格超过 1,000 个，远超任何真实报表"


def test_one_far_cell_is_refused_by_its_extent() -> None:
    assert sheet_problem(FAR) == (
        "只有 2 个单元格，却延伸到第 1,048,576 行、第 26 列"
        "（远处有多余的单元格，请删除多余的行列后另存）"
    )
