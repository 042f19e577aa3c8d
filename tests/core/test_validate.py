"""validate_workbook / validate_paths over real files read by the reader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from core import validate
from core.model.findings import Severity
from core.validate import validate_paths, validate_workbook
from tests.conftest import summarize
from tests.core.rules.rule_tables import attendance_row, pupil, school, write_xlsx


def test_a_clean_school_passes_with_its_code_period_and_sheets(tmp_path: Path) -> None:
    report = validate_workbook(write_xlsx(school(), tmp_path / "城关一小.xlsx"))
    doc = report.to_json()
    assert doc == {
        "path": str(tmp_path / "城关一小.xlsx"),
        "status": "passed",
        "school_code": "2141012345",
        "period": "2026-10",
        "findings": [],
        "truncated": 0,
        "sheets": [
            {"sheet": "填报信息", "kind": "info", "rows": 1},
            {"sheet": "学籍名册", "kind": "roster", "rows": 4},
            {"sheet": "考勤汇总", "kind": "attendance", "rows": 4},
            {"sheet": "疑似辍学学生台账", "kind": "suspected", "rows": 0},
            {"sheet": "辍学学生台账", "kind": "dropout", "rows": 0},
            {"sheet": "劝返记录", "kind": "return-visits", "rows": 0},
            {"sheet": "月报汇总", "kind": "summary", "rows": 1},
        ],
    }


def _problem_school() -> object:
    roster = [pupil(i) for i in range(4)]
    roster[0] = {**roster[0], "grade": "1", "note": "因病晚入学两年"}  # explained query
    roster[1] = {**roster[1], "grade": "1"}  # open query
    roster[2] = {**roster[2], "id_number": roster[2]["id_number"][:-1] + "9"}
    att = [attendance_row(p) for p in roster]
    att[3] = {**att[3], "days_due": "十八"}  # the reader's number-invalid
    return school(roster=roster, attendance=att)


def test_every_problem_in_one_pass_and_explained_queries_are_not_open(tmp_path: Path) -> None:
    report = validate_workbook(write_xlsx(_problem_school(), tmp_path / "x.xlsx"))
    assert summarize(report.findings) == [
        ("age-out-of-range", "学籍名册", 3, "G"),
        ("age-out-of-range", "学籍名册", 4, "G"),
        ("id-invalid", "学籍名册", 5, "E"),
        ("id-invalid", "考勤汇总", 5, "E"),
        ("number-invalid", "考勤汇总", 6, "G"),
    ]
    explained = [f for f in report.findings if f.explanation]
    assert [(f.row, f.explanation, f.is_open) for f in explained] == [(3, "因病晚入学两年", False)]
    assert (report.status, report.count(Severity.QUERY, open_only=True)) == ("failed", 1)


def test_unreadable_and_missing_inputs_become_reports(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    write_xlsx(school(), tmp_path / "in" / "a.xlsx")
    (tmp_path / "in" / "b.xlsx").write_bytes(b"")
    reports = validate_paths([tmp_path / "in", tmp_path / "nope.xlsx"])
    assert [(Path(r.path).name, r.status) for r in reports] == [
        ("nope.xlsx", "unreadable"),
        ("a.xlsx", "passed"),
        ("b.xlsx", "unreadable"),
    ]
    assert summarize(reports[2].findings) == [("unreadable-file", None, None, None)]


def test_findings_past_the_cap_are_counted_not_dropped(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(validate, "FINDINGS_LIMIT", 2)
    report = validate_workbook(write_xlsx(_problem_school(), tmp_path / "x.xlsx"))
    assert summarize(report.findings) == [
        ("findings-truncated", None, None, None),
        ("id-invalid", "学籍名册", 5, "E"),
        ("number-invalid", "考勤汇总", 6, "G"),
    ]
    assert report.findings[0].message == "问题超过 2 条，另有 3 条未列出"
    assert report.dropped == {"age-out-of-range": 2, "id-invalid": 1}


def test_a_workbook_already_read_is_not_read_again(tmp_path: Path) -> None:
    from core.reader import read_workbook

    path = write_xlsx(school(), tmp_path / "x.xlsx")
    wb = read_workbook(path)
    wb.table("roster").data.at[3, "birth_date"] = dt.date(2016, 1, 1)
    report = validate_workbook(path, workbook=wb)
    assert summarize(report.findings) == [("id-birthdate-mismatch", "学籍名册", 3, "F")]


def test_a_note_sheet_explains_queries_by_code_and_row(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_xlsx(_problem_school(), tmp_path / "x.xlsx")
    book = load_workbook(path)
    notes = book.create_sheet("说明")
    notes.append(["问题代码", "工作表", "行号", "说明"])
    notes.append(["age-out-of-range", "学籍名册", 4, "留级两年，有学籍异动记录"])
    notes.append(["age-out-of-range", None, "第9行", "没有这一行"])
    book.save(path)
    report = validate_workbook(path)
    queries = [(f.row, f.explanation) for f in report.findings if f.code == "age-out-of-range"]
    assert queries == [(3, "因病晚入学两年"), (4, "留级两年，有学籍异动记录")]
    assert "unrecognised-sheet" not in {f.code for f in report.findings}


def test_progress_names_each_file_and_cancel_stops_the_batch(tmp_path: Path) -> None:
    import pytest

    from core.progress import Cancelled, Progress

    for name in ("a.xlsx", "b.xlsx"):
        write_xlsx(school(), tmp_path / name)
    steps: list[tuple[int, int, str]] = []
    validate_paths([tmp_path], progress=Progress(lambda d, n, label: steps.append((d, n, label))))
    assert [(d, n, Path(label).name) for d, n, label in steps] == [
        (1, 2, "a.xlsx"),
        (2, 2, "b.xlsx"),
    ]
    progress = Progress()
    progress.cancel.set()
    with pytest.raises(Cancelled):
        validate_paths([tmp_path], progress=progress)
