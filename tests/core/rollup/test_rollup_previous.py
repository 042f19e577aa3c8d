"""Comparison with the previous period's roll-up, and inboxes holding the wrong workbooks."""

from __future__ import annotations

from pathlib import Path

from core.rollup import metrics, rollup
from core.rollup.model import RollupResult
from core.writers.rollup_writer import write_rollup
from tests.conftest import write_workbook
from tests.core.rollup.county_books import build_prefecture


def _previous(path: Path) -> Path:
    rows = [
        metrics.add_rates(
            {
                "unit_code": "411521",
                "unit_name": "甲县",
                "submitted": True,
                "roster_count": 5,
                "dropout_count": 5,
                "roll_dropout_count": 5,
            }
        ),
        metrics.add_rates(
            {
                "unit_code": "411522",
                "unit_name": "乙县",
                "submitted": True,
                "roster_count": 5,
                "dropout_count": 0,
                "roll_dropout_count": 0,
            }
        ),
    ]
    rows.append(metrics.total_row(rows))
    result = RollupResult("prefecture", "2026-09", "411500", "信阳市", rows=rows)
    return write_rollup(result.book({}), path).path


def test_large_changes_since_the_previous_period_are_queries(tmp_path: Path) -> None:
    inbox, units = build_prefecture(tmp_path, "4115")
    previous = _previous(tmp_path / "上期.xlsx")
    result = rollup(
        inbox, "prefecture", "2026-10", tmp_path / "本期.xlsx", units=units, previous=previous
    )
    changes = [f for f in result.findings if f.code == "change-needs-explanation"]
    assert sorted((f.school_code or "", f.field, f.severity) for f in changes) == [
        ("", "辍学人数", "query"),
        ("", "辍学率(%)", "query"),
        ("411521", "辍学人数", "query"),
        ("411521", "辍学率(%)", "query"),
    ]
    assert "甲县 的“辍学人数”从 5 变为 1" in [f.message for f in changes]


def test_previous_roll_up_gives_the_expected_units(tmp_path: Path) -> None:
    inbox, _ = build_prefecture(tmp_path, "4115")
    result = rollup(
        inbox,
        "prefecture",
        "2026-10",
        tmp_path / "本期.xlsx",
        previous=_previous(tmp_path / "上期.xlsx"),
    )
    assert sorted(
        (f.code, f.school_code)
        for f in result.findings
        if f.code in ("unknown-unit", "missing-unit")
    ) == [("unknown-unit", "411523")]


def test_school_workbook_and_junk_in_the_inbox_are_reported_not_fatal(tmp_path: Path) -> None:
    inbox, units = build_prefecture(tmp_path, "4115")
    write_workbook(
        inbox / "学校月报.xlsx",
        {"填报信息": [["学校标识码", "2141000001"], ["填报月份", "2026-10"]]},
    )
    (inbox / "说明.docx").write_bytes(b"not a workbook")
    result = rollup(inbox, "prefecture", "2026-10", tmp_path / "o.xlsx", units=units)
    bad = sorted(
        (Path(s.path).name, s.status, [f.code for f in s.findings])
        for s in result.units
        if s.status in ("rejected", "unreadable") and not s.unit_code
    )
    assert bad == [
        ("学校月报.xlsx", "rejected", ["not-unit-workbook"]),
        ("说明.docx", "unreadable", ["unreadable-file"]),
    ]
    assert result.totals["roster_count"] == 13
