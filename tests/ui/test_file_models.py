"""ReportsTableModel (the 校验 file list) and SubmissionsTableModel (the 汇总 inbox)."""

from __future__ import annotations

from core.model.findings import Finding, Severity, make_finding
from core.model.report import FileReport
from ui.models.reports_table_model import REPORT_ROLE, STATUS_ROLE, ReportsTableModel
from ui.models.submissions_table_model import STATUS_ROLE as SUB_STATUS
from ui.models.submissions_table_model import SubmissionsTableModel


def _rows(model) -> list[list]:
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_file_list_shows_status_and_the_counts_every_surface_gives_then_pending_paths(
    qtbot,
) -> None:
    failed = FileReport(
        "收件箱/城关一小.xlsx",
        "failed",
        "4115250001",
        "2026-10",
        findings=[
            make_finding(
                "required-missing", file="x", sheet="学籍名册", row=5, column="C", field="姓名"
            ),
            Finding("age-out-of-range", Severity.QUERY, "年龄", explanation="留级"),
            Finding("age-out-of-range", Severity.QUERY, "年龄"),
        ],
    )
    passed = FileReport("收件箱/南关小学.xlsx", "passed", "4115250002", "2026-10")
    model = ReportsTableModel()
    model.set_reports([failed, passed], pending=["收件箱/新到.zip"])
    assert _rows(model) == [
        ["收件箱/城关一小.xlsx", "4115250001", "2026-10", "未通过", 1, 0, 2, 0],
        ["收件箱/南关小学.xlsx", "4115250002", "2026-10", "通过", 0, 0, 0, 0],
        ["收件箱/新到.zip", "", "", "等待校验", "", "", "", ""],
    ]
    assert model.data(model.index(0, 0), REPORT_ROLE) is failed
    assert model.data(model.index(2, 0), STATUS_ROLE) == "pending"


def test_submissions_list_adds_missing_schools_with_their_own_status(qtbot) -> None:
    model = SubmissionsTableModel()
    model.set_result(
        [
            {
                "path": "收件箱/a.xlsx",
                "school_code": "4115250001",
                "school": "城关一小",
                "status": "accepted",
                "finding_counts": {"errors": 1, "warnings": 0, "queries": 1, "notes": 3},
            },
            {
                "path": "收件箱/b.xlsx",
                "school_code": "4115250002",
                "school": "南关小学",
                "status": "rejected",
                "finding_counts": {"errors": 1, "warnings": 0, "queries": 0, "notes": 0},
            },
        ],
        [{"school_code": "4115250003", "school": "北关小学"}],
    )
    assert _rows(model) == [
        ["4115250001", "城关一小", "已接收", 1, 0, 1, 3, "收件箱/a.xlsx"],
        ["4115250002", "南关小学", "已拒收", 1, 0, 0, 0, "收件箱/b.xlsx"],
        ["4115250003", "北关小学", "未报送", "", "", "", "", ""],
    ]
    assert model.data(model.index(2, 0), SUB_STATUS) == "missing"
