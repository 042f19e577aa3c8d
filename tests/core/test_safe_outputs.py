"""Annotated and feedback copies carry no live formula from outside the workbook and reopen."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from core.validate import annotate, validate_workbook
from core.writers.safe_cells import formula_is_safe, has_bad_characters
from tests.core.reader.reader_corpus import write_xls
from tests.core.rules.rule_tables import pupil, school, write_xlsx

DDE = "=cmd|' /c calc'!A1"
LINK = '=HYPERLINK("http://example.com/x","点我")'
EXTERNAL = "='[其他.xlsx]名册'!A1"
TOTAL = "=SUM(B2:B3)"


def test_only_computation_over_the_same_workbook_stays_live() -> None:
    safe = [TOTAL, "=ROUND(A1/B1*100,2)", "=COUNTIF('学籍名册'!C:C,\"男\")", "=_xlfn.IFERROR(1,0)"]
    unsafe = [DDE, LINK, EXTERNAL, '=WEBSERVICE("http://x")', "=INDIRECT(A1)", "=CALL(1)"]
    assert [formula_is_safe(f) for f in safe] == [True] * len(safe)
    assert [formula_is_safe(f) for f in unsafe] == [False] * len(unsafe)


def _hostile_school(path: Path) -> Path:
    write_xlsx(school(roster=[pupil(i) for i in range(3)]), path)
    book = load_workbook(path)
    book["填报信息"]["D1"] = DDE
    book["学籍名册"]["A1"] = LINK  # the title row above the headers
    other = book.create_sheet("草稿")
    other["A1"], other["B1"], other["C1"] = EXTERNAL, TOTAL, 5
    book.save(path)
    return path


def test_unsafe_formulas_become_text_with_a_finding_at_their_cell(tmp_path: Path) -> None:
    path = _hostile_school(tmp_path / "学校.xlsx")
    copy = load_workbook(annotate(validate_workbook(path), tmp_path / "out"))
    cells = [copy["填报信息"]["D1"], copy["学籍名册"]["A1"], copy["草稿"]["A1"], copy["草稿"]["B1"]]
    assert [(c.value, c.data_type) for c in cells] == [
        (DDE, "s"),
        (LINK, "s"),
        (EXTERNAL, "s"),
        (TOTAL, "f"),
    ]
    results = copy["校验结果"]
    made_safe = [
        (row[3].value, row[4].value, row[7].value)
        for row in results.iter_rows(min_row=4)
        if row[2].value == "unsafe-content"
    ]
    tail = "会访问本工作簿以外的内容（其他文件、网页或外部程序），副本中已改为文字，不再计算"
    assert made_safe == [
        ("填报信息", "D1", f"公式 {DDE} {tail}"),
        ("学籍名册", "A1", f"公式 {LINK} {tail}"),
        ("草稿", "A1", f"公式 {EXTERNAL} {tail}"),
    ]


def test_a_control_character_is_replaced_visibly_and_the_copy_reopens(tmp_path: Path) -> None:
    roster = [pupil(i) for i in range(3)]
    roster[1] = {**roster[1], "name": "张QQ三", "id_number": "4115252015\x0109010013"}
    built = school(roster=roster)
    sheets = {}
    for t in built.tables:
        rows = [[t.form.title], list(t.headers.values())]
        rows += [[t.raw.at[r, k] for k in t.columns] for r in t.data.index]
        sheets[t.sheet] = rows
    rec = built.records[0]
    sheets[rec.sheet] = [[rec.form.column(k).header, rec.raw[k]] for k in rec.cells]
    sheets["学籍名册"][3][2] = "张\x01三"
    report = validate_workbook(write_xls(tmp_path / "学校.xls", sheets))
    copy = load_workbook(annotate(report, tmp_path / "out"))  # reopens
    assert "张\ufffd三" in [c.value for c in copy["学籍名册"]["C"]]
    found = {
        (row[3].value, row[4].value, row[7].value)
        for row in copy["校验结果"].iter_rows(min_row=4)
        if row[2].value == "unsafe-content"
    }
    assert ("学籍名册", "C4", "单元格中有工作簿无法保存的控制字符，副本中已替换为“\ufffd”") in found
    texts = [str(c.value) for row in copy["校验结果"].iter_rows() for c in row if c.value]
    assert not any(has_bad_characters(t) for t in texts)
