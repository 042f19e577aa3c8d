"""Merged ledgers: every row of every accepted submission, with where it came from."""

from __future__ import annotations

import datetime as dt

from core.catalogue import school_monthly as sm
from core.consolidate.merge import merge
from tests.core.consolidate.builders import pupil, submission, table, workbook


def _county() -> list:
    a = workbook(
        "收件箱/一小.xlsx",
        "2141000001",
        roster=[pupil(1), pupil(2), pupil(3)],
        attendance=[pupil(1, days_due=20, days_present=20), pupil(2, days_due=20, days_present=0)],
        dropout=[pupil(2, dropout_month="2026-09", status="1")],
        return_visits=[pupil(2, attempt=1, visit_date=dt.date(2026, 10, 9))],
    )
    b = workbook(
        "收件箱/附件.zip/二小.xlsx",
        "2141000002",
        roster=[pupil(11), pupil(12)],
        suspected=[pupil(12, first_absence=dt.date(2026, 10, 8), status="1")],
    )
    return [submission(a, "城关一小"), submission(b, "城关二小")]


def _provenance(frame) -> list[tuple]:
    return list(zip(frame["source_file"], frame["source_sheet"], frame["source_row"], strict=True))


def test_every_source_row_appears_once_in_the_merged_sheets_with_its_provenance() -> None:
    subs = _county()
    ledgers = merge(subs)
    expected = sorted(
        (t.path, t.sheet, row)
        for s in subs
        for t in s.report.workbook.tables
        for row in t.data.index
    )
    merged = sorted(p for f in ledgers.frames.values() for p in _provenance(f))
    assert merged == expected
    assert (ledgers.source_rows, ledgers.merged_rows) == (10, 10)


def test_merged_rows_carry_the_school_key_and_the_pupil_columns() -> None:
    roster = merge(_county())["roster"]
    assert roster[
        ["county_code", "school_code", "school_name", "name", "source_row"]
    ].values.tolist()[2:4] == [
        ["411525", "2141000001", "城关一小", "学生3", 6],
        ["411525", "2141000002", "城关二小", "学生11", 4],
    ]
    assert roster["_how"].tolist() == ["id"] * 5


def test_a_cell_the_reader_could_not_parse_keeps_its_text_in_the_ledger() -> None:
    wb = workbook("x.xlsx", "2141000001")
    wb.tables.append(
        table(
            sm.ROSTER,
            [pupil(1, birth_date=None)],
            "x.xlsx",
            raw={(4, "birth_date"): "2015年13月1日"},
        )
    )
    roster = merge([submission(wb)])["roster"]
    assert roster["birth_date"].tolist() == ["2015年13月1日"]


def test_nothing_accepted_gives_empty_ledgers_with_the_form_columns() -> None:
    ledgers = merge([])
    assert len(ledgers["dropout"]) == 0
    assert "poverty_matched" in ledgers["dropout"].columns
    assert ledgers.merged_rows == 0


def test_a_pupil_listed_twice_in_one_sheet_is_kept_once_and_counted_once() -> None:
    from core.consolidate.summary import counts_by_school

    twice = pupil(2, first_absence=dt.date(2026, 10, 8), status="1")
    a = workbook(
        "收件箱/一小.xlsx",
        "2141000001",
        roster=[pupil(1), pupil(2), pupil(1), pupil(3)],
        suspected=[twice, dict(twice), pupil(3, first_absence=dt.date(2026, 10, 8), status="1")],
    )
    # The same pupil in two schools' sheets is the cross-school check's, not a repeat: kept.
    b = workbook("收件箱/二小.xlsx", "2141000002", roster=[pupil(1)])
    ledgers = merge([submission(a, "城关一小"), submission(b, "城关二小")])
    assert _provenance(ledgers["roster"]) == [
        ("收件箱/一小.xlsx", "学籍名册", 4),
        ("收件箱/一小.xlsx", "学籍名册", 5),
        ("收件箱/一小.xlsx", "学籍名册", 7),
        ("收件箱/二小.xlsx", "学籍名册", 4),
    ]
    assert _provenance(ledgers["suspected"]) == [
        ("收件箱/一小.xlsx", "疑似辍学学生台账", 4),
        ("收件箱/一小.xlsx", "疑似辍学学生台账", 6),
    ]
    assert (ledgers.source_rows, ledgers.merged_rows, ledgers.duplicate_rows) == (8, 6, 2)
    window = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    counts = counts_by_school(ledgers, window)
    assert counts.loc["2141000001", ["roster_count", "suspected_count"]].tolist() == [3, 2]
