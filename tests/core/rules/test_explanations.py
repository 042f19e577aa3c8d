"""Explanations: the 说明 column of a row, or a 说明 sheet keyed by code and row."""

from __future__ import annotations

from core.model.findings import make_finding
from core.reader.notes import parse_note_rows
from core.rules import attendance
from core.rules.explanations import explain
from tests.core.rules.rule_tables import context, pupil, school


def test_note_sheet_rows_in_the_spellings_schools_use() -> None:
    rows = [
        ["各项问题的说明"],
        ["代码", "表名", "所在行", "原因", "备注"],
        ["age-out-of-range", "学籍名册", "第7行", "留级", None],
        ["dropout-no-visit", None, 12.0, "已转入特教学校，待办手续", None],
        ["age-out-of-range", "学籍名册", "七", "行号看不懂"],
        ["summary-mismatch", "月报汇总", 3, "  "],
    ]
    assert parse_note_rows(rows) == {
        ("age-out-of-range", "学籍名册", 7): "留级",
        ("dropout-no-visit", None, 12): "已转入特教学校，待办手续",
    }
    assert parse_note_rows([["姓名", "说明"], ["张伟", "x"]]) == {}


def test_only_queries_are_explained_and_the_row_note_comes_first() -> None:
    roster = [{**pupil(i), "grade": "1"} for i in range(2)]
    roster[0] = {**roster[0], "note": "晚入学"}
    wb = school(roster=roster)
    queries = attendance.age_out_of_range(context(wb))
    error = make_finding(
        "required-missing", file="x", sheet="学籍名册", row=4, column="C", field="姓名"
    )
    wb.notes = {  # as the reader returns a 说明 sheet
        ("age-out-of-range", None, 3): "表里的说明",
        ("required-missing", None, 4): "x",
        ("age-out-of-range", "学籍名册", 4): "留级",
    }
    found = explain(wb, [*queries, error])
    assert [(f.code, f.row, f.explanation, f.is_open) for f in found] == [
        ("age-out-of-range", 3, "晚入学", False),
        ("age-out-of-range", 4, "留级", False),
        ("required-missing", 4, None, True),
    ]
