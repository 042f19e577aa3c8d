"""Against the sample county's answer key: every planted problem found, no error elsewhere."""

from __future__ import annotations

import json

import pytest

from core.demo import generate_county
from core.model.findings import Finding, Severity
from core.validate import validate_paths

pytestmark = pytest.mark.slow


def _inbox_relative(path: str) -> str:
    """A report path as the answer key writes it: "收件箱/..." with / separators."""
    path = path.replace("\\", "/")
    return path[path.index("收件箱/") :]


@pytest.fixture(scope="module", params=[{"seed": 2024}, {"seed": 7, "schools": 10, "students": 80}])
def county(request, tmp_path_factory) -> tuple[dict, dict[str, list[Finding]]]:
    out = tmp_path_factory.mktemp("county")
    demo = generate_county(out, **request.param)
    key = json.loads(demo.answer_key.read_text(encoding="utf-8"))
    found: dict[str, list[Finding]] = {}
    for report in validate_paths([demo.inbox], passwords=demo.passwords):
        found.setdefault(_inbox_relative(report.path), []).extend(report.findings)
    return key, found


def _matches(f: Finding, planted: dict) -> bool:
    return (f.code, str(f.severity), f.sheet, f.row) == (
        planted["code"],
        planted["severity"],
        planted["sheet"],
        planted["row"],
    ) and (planted["column"] is None or f.column == planted["column"])


def test_every_planted_problem_is_found_at_its_cell(county) -> None:
    key, found = county
    missed = [
        p for p in key["planted"] if not any(_matches(f, p) for f in found.get(p["file"], []))
    ]
    assert missed == []


def test_explained_plants_are_reported_as_explained(county) -> None:
    key, found = county
    explained = [p for p in key["planted"] if p.get("explained")]
    assert explained, "the sample county plants at least one explained query"
    for p in explained:
        match = [f for f in found[p["file"]] if _matches(f, p)]
        assert [f.is_open for f in match] == [False]


def test_no_error_where_nothing_was_planted(county) -> None:
    key, found = county
    planted = {(p["file"], p["sheet"], p["row"], p["code"]) for p in key["planted"]}
    extra = [
        (file, f.code, f.sheet, f.row, f.column, f.message)
        for file, findings in found.items()
        for f in findings
        if f.severity is Severity.ERROR and (file, f.sheet, f.row, f.code) not in planted
    ]
    assert extra == []


CLERK_CODES = (
    "suspected-days-mismatch",
    "long-excused-absence",
    "visit-sequence-invalid",
    "suspected-no-visit",
    "status-converted-missing",
    "poverty-flag-mismatch",
    "student-no-birthdate",
    "lawful-status-no-approval",
    "lawful-unapproved-absence",
    "school-code-category",
)
"""The rules issue's clerk's rules the sample county plants in October (school-code-category on
a 复学学校标识码, never on a school's own code, which identifies it across every list of the county;
vacation-absence-overcount and suspension-overlong need a break month and a spring month:
tests/core/demo/test_demo_period)."""


def test_the_clerks_rules_fire_exactly_where_planted(county) -> None:
    key, found = county
    planted = sorted(
        (p["file"], p["code"], p["severity"], p["sheet"], p["row"], p["column"])
        for p in key["planted"]
        if p["code"] in CLERK_CODES
    )
    got = sorted(
        (file, f.code, str(f.severity), f.sheet, f.row, f.column)
        for file, findings in found.items()
        for f in findings
        if f.code in CLERK_CODES
    )
    assert got == planted
    assert sorted({p[1] for p in planted}) == sorted(CLERK_CODES)


def test_a_return_school_of_a_vocational_category_is_a_warning_at_its_cell(county) -> None:
    key, found = county
    planted = [p for p in key["planted"] if p["code"] == "school-code-category"]
    assert len(planted) == 1
    p = planted[0]
    # The planted code: category 36 (中等职业学校), the county's province, a sequence number.
    code = f"36{key['county_code'][:2]}000901"
    assert [
        (f.code, str(f.severity), f.sheet, f.row, f.column, f.message)
        for f in found[p["file"]]
        if f.code == "school-code-category"
    ] == [
        (
            "school-code-category",
            "warning",
            "辍学学生台账",
            p["row"],
            p["column"],
            f"学校标识码“{code}”前两位 36 是中等职业学校的类别代码，不是义务教育学校",
        )
    ]


def _at(f: Finding, entry: dict) -> bool:
    return (f.code, f.sheet, f.row, f.column) == (
        entry["code"],
        entry["sheet"],
        entry["row"],
        entry["column"],
    )


def test_a_five_four_school_s_first_junior_year_reads_as_grade_six(county) -> None:
    key, found = county
    # Each sample county has one 五四制 school: a 初一 pupil a year young gives no finding (it
    # did when 初一 was always grade 7), one of 14 is still a query (caught only as grade 6).
    assert [(t["code"], t["severity"]) for t in key["traps"]] == [("age-out-of-range", "query")]
    for trap in key["traps"]:
        assert [f for f in found[trap["file"]] if _at(f, trap)] == []
    five_four = [p for p in key["planted"] if p["file"] == key["traps"][0]["file"]]
    assert [
        (f.code, str(f.severity), f.sheet, f.row, f.column, f.message)
        for p in five_four
        for f in found[p["file"]]
        if _at(f, p)
    ] == [
        (
            "age-out-of-range",
            "query",
            five_four[0]["sheet"],
            five_four[0]["row"],
            five_four[0]["column"],
            "按出生日期 14 周岁，初一（六年级）通常为 11-12 周岁",
        )
    ]
