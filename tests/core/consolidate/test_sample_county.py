"""The sample county (core.demo): every planted cross-file case found, the inbox cases handled."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.catalogue import county
from core.consolidate import consolidate
from core.demo import generate_county
from core.reader import read_workbook

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory):
    demo = generate_county(tmp_path_factory.mktemp("sample"))
    key = json.loads(demo.answer_key.read_text("utf-8"))
    result = consolidate(
        demo.inbox,
        demo.period,
        demo.out_dir / "out" / "县区汇总.xlsx",
        schools=demo.school_list,
        household=demo.household,
        poverty=demo.poverty,
        platform=demo.platform,
        passwords=demo.passwords,
        feedback_dir=demo.out_dir / "反馈",
    )
    return demo, key, result


def _relative(demo, path: str | None) -> str | None:
    if path is None:
        return None
    prefix = str(demo.out_dir).replace("\\", "/") + "/"
    return path.replace("\\", "/").removeprefix(prefix)


def test_every_planted_cross_file_case_is_found_and_nothing_else(sample) -> None:
    demo, key, result = sample
    want = sorted(
        (c["code"], c["file"], c["sheet"], c["row"], c["school_code"]) for c in key["cross"]
    )
    got = sorted(
        (f.code, _relative(demo, f.file), f.sheet, f.row, f.school_code) for f in result.findings
    )
    assert got == want


def test_each_school_case_gets_its_status(sample) -> None:
    _demo, key, result = sample
    status = {s.path: s.status for s in result.submissions}
    expected = {
        "clean": ["accepted"],
        "messy": ["accepted"],
        "planted": ["accepted"],
        "resent": ["superseded", "accepted"],
        "wrong-period": ["rejected"],
        "unknown": ["rejected"],
        "unreadable": ["unreadable"],
        "encrypted": ["unreadable"],
        "missing": [],
    }
    for school in key["schools"]:
        assert [status[f] for f in school["files"]] == expected[school["case"]], school
    missing = {m["school_code"] for m in result.missing}
    cases = {s["school_code"]: s["case"] for s in key["schools"]}
    assert {cases[c] for c in missing} == {"missing", "wrong-period", "unreadable", "encrypted"}


def test_totals_are_the_sum_of_the_accepted_submissions(sample) -> None:
    _, _, result = sample
    rows = {
        kind: sum(
            t.rows for s in result.accepted for t in s.report.workbook.tables if t.kind == kind
        )
        for kind in ("roster", "attendance")
    }
    assert result.totals["roster"] == rows["roster"]
    # The planted pasted-twice 疑似 row is the one row the county ledger leaves out.
    assert result.totals["duplicate_rows"] == 1
    assert result.totals["source_rows"] == result.totals["merged_rows"] + 1
    assert result.totals["source_rows"] == sum(
        t.rows
        for s in result.accepted
        for t in s.report.workbook.tables
        if t.kind in ("roster", "attendance", "suspected", "dropout", "return-visits")
    )


def test_the_county_workbook_is_recognised_and_feedback_is_named_for_schools(sample) -> None:
    demo, _key, result = sample
    wb = read_workbook(result.out_path)
    assert [s["kind"] for s in wb.sheets_summary()] == [
        s.kind for s in county.COUNTY_SUMMARY.sheets if s not in county.CASE_FORMS
    ]  # no register: no case sheets
    assert wb.table("ledger-children").rows == result.totals["roster"]
    names = {p.name for p in result.feedback_paths}
    accepted = {s.school for s in result.accepted}
    assert {f"{school}_{demo.period}_校验结果.xlsx" for school in accepted} <= names
    assert all(Path(p).exists() for p in result.feedback_paths)


def test_the_school_list_s_school_system_reads_the_five_four_school(sample) -> None:
    demo, key, result = sample
    by_path = {_relative(demo, s.path): s for s in result.submissions}
    (trap,) = key["traps"]
    (plant,) = [p for p in key["planted"] if p["file"] == trap["file"]]
    got = [
        (f.code, f.sheet, f.row, f.column)
        for f in by_path[trap["file"]].findings
        if f.code == "age-out-of-range"
    ]
    assert got == [(plant["code"], plant["sheet"], plant["row"], plant["column"])]
