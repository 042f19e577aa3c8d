"""The sample county: deterministic, complete answer key, realistic and self-consistent data."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import msoffcrypto
import pytest
from python_calamine import CalamineWorkbook
from stdnum.cn import ric

from core.catalogue import codelists as cl
from core.catalogue import county as cf
from core.catalogue import school_monthly as sm
from core.demo import generate_county
from core.policy import default_policy
from tests.conftest import PRODUCT_CROSS_CODES, PRODUCT_FILE_CODES

FILE_CODES = set(PRODUCT_FILE_CODES)
CROSS_CODES = set(PRODUCT_CROSS_CODES)


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """The default county (12 schools, about 3,000 pupils)."""
    return generate_county(tmp_path_factory.mktemp("county"))


@pytest.fixture(scope="module")
def key(county) -> dict:
    return json.loads(county.answer_key.read_text("utf-8"))


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _rows(path: Path | bytes, sheet: str) -> list[list]:
    """A sheet's cells from A1 (row 1 is index 0)."""
    data = path if isinstance(path, bytes) else path.read_bytes()
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def _school(key: dict, case: str) -> dict:
    return next(s for s in key["schools"] if s["case"] == case)


def test_same_seed_gives_identical_files_and_key(county, tmp_path) -> None:
    again = generate_county(tmp_path / "again")
    first, second = _files(county.out_dir), _files(again.out_dir)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_another_seed_gives_another_county(county, key, tmp_path) -> None:
    other = generate_county(tmp_path / "other", seed=7)
    other_key = json.loads(other.answer_key.read_text("utf-8"))
    assert other_key["seed"] == 7
    assert other_key["schools"] != key["schools"]


def test_every_finding_code_of_product_md_is_planted(key) -> None:
    assert FILE_CODES - {p["code"] for p in key["planted"]} == set()
    assert CROSS_CODES - {c["code"] for c in key["cross"]} == set()


def test_key_lists_one_school_per_special_case(key) -> None:
    cases = [s["case"] for s in key["schools"]]
    for case in ("missing", "resent", "wrong-period", "unknown", "unreadable", "encrypted"):
        assert cases.count(case) == 1, case
    assert cases.count("planted") == 3
    assert _school(key, "missing")["files"] == []
    assert len(_school(key, "resent")["files"]) == 2
    assert len(key["schools"]) == 13  # 12 listed + 1 not in the list


PLANTED_BLANKS = (
    "required-missing",
    "closure-without-evidence",
    "resumed-without-school",
    "lawful-status-no-approval",
)
"""Codes planted by leaving a cell empty."""


def test_planted_entries_point_at_real_cells(county, key) -> None:
    """A planted cell holds a value, except a planted blank; a planted row is a data row."""
    checked = 0
    for p in key["planted"]:
        if p["row"] is None or "zip/" in p["file"]:
            continue
        rows = _rows(county.out_dir / p["file"], p["sheet"])
        row = rows[p["row"] - 1]
        assert any(v not in ("", None) for v in row), p
        if p["column"] is not None:
            value = row[ord(p["column"]) - ord("A")]
            assert (value in ("", None)) == (p["code"] in PLANTED_BLANKS), (p, value)
            checked += 1
    assert checked >= 12


def test_school_list_has_every_listed_school(county, key) -> None:
    rows = _rows(county.school_list, cf.SCHOOL_LIST.title)
    assert rows[0] == [c.header for c in cf.SCHOOL_LIST.columns]
    codes = {r[1] for r in rows[1:]}
    listed = {s["school_code"] for s in key["schools"] if s["case"] != "unknown"}
    assert codes == listed
    assert _school(key, "unknown")["school_code"] not in codes


def test_clean_school_is_consistent(county, key) -> None:
    """Roster, attendance and summary agree; IDs valid; ages fit the grades."""
    clean = _school(key, "clean")
    data = (county.out_dir / clean["files"][0]).read_bytes()
    roster = _rows(data, sm.ROSTER.title)
    attendance = _rows(data, sm.ATTENDANCE.title)
    summary = _rows(data, sm.SUMMARY.title)
    header = roster[0]
    assert header == [c.header for c in sm.ROSTER.columns]
    pupils = roster[1:]
    ids = [r[header.index("身份证件号")] for r in pupils]
    assert all(ric.is_valid(i) for i in ids)
    assert len(set(ids)) == len(ids) > 150
    assert {r[attendance[0].index("身份证件号")] for r in attendance[1:]} == set(ids)
    counts = dict(zip(summary[0], summary[1], strict=True))
    assert counts["在籍学生数"] == len(pupils)
    present = attendance[0].index("实出勤天数")
    assert counts["在校学生数"] == sum(1 for r in attendance[1:] if r[present] > 0)
    _ages_fit_grades(pupils, header, key["period"])


def _ages_fit_grades(pupils: list[list], header: list[str], period: str) -> None:
    cutoff = default_policy().window(period)[1]
    for row in pupils:
        birth, grade = row[header.index("出生日期")], cl.GRADE.parse(row[header.index("年级")])
        birth = birth if isinstance(birth, dt.date) else birth.date()
        age = cutoff.year - birth.year - ((cutoff.month, cutoff.day) < (birth.month, birth.day))
        assert 5 + int(grade) <= age <= 6 + int(grade), (row, age)
        assert ric.get_birth_date(row[header.index("身份证件号")]) == birth


def test_attendance_fits_the_month(county, key) -> None:
    """应出勤天数 is the window's school days; days present + absent = due."""
    policy = default_policy()
    days = len(policy.school_days_in(*policy.window(key["period"])).days)
    data = (county.out_dir / _school(key, "clean")["files"][0]).read_bytes()
    att = _rows(data, sm.ATTENDANCE.title)
    h = att[0]
    for r in att[1:]:
        due, present, absent = (r[h.index(k)] for k in ("应出勤天数", "实出勤天数", "缺勤天数"))
        assert due <= days
        assert present + absent == due


def test_household_extract_holds_pupils_and_planted_children(county, key) -> None:
    rows = _rows(county.household, cf.HOUSEHOLD.title)
    h = rows[0]
    assert h == [c.header for c in cf.HOUSEHOLD.columns]
    ids = [r[h.index("身份证件号")] for r in rows[1:]]
    assert all(ric.is_valid(i) for i in ids)
    assert len(set(ids)) == len(ids)
    statuses = {r[h.index("就学状态")] for r in rows[1:]} - {""}
    assert statuses == {"送教上门", "延缓入学", "在外地就读", "未入学/失学"}
    out = [c for c in key["cross"] if c["code"] == "out-of-school"]
    assert [rows[c["row"] - 1][h.index("身份证件号")] for c in out] == [c["id_number"] for c in out]


def test_poverty_list_includes_the_poverty_dropout(county, key) -> None:
    rows = _rows(county.poverty, cf.POVERTY.title)
    ids = {r[4] for r in rows[1:]}
    dropout = next(c for c in key["cross"] if c["code"] == "poverty-dropout")
    assert dropout["id_number"] in ids


def test_platform_list_has_the_four_statuses(county, key) -> None:
    rows = _rows(county.platform, cf.PLATFORM.title)
    pushed = [c for c in key["cross"] if c["code"] == "platform-status"]
    assert [c["status"] for c in pushed] == ["in-school", "suspected", "dropout", "not-found"]
    assert [r[4] for r in rows[1:]] == [c["id_number"] for c in pushed]


def test_inbox_habits_zip_xls_and_passwords(county, key) -> None:
    inbox = county.inbox
    names = sorted(p.name for p in inbox.iterdir())
    assert any(n.endswith(".xls") for n in names)
    assert any(n.startswith("回复：") and "（更正）(2)" in n for n in names)
    archive = next(inbox.glob("*.zip"))
    with zipfile.ZipFile(archive) as zf:
        members = zf.namelist()
    assert any(m.endswith(".xlsx") for m in members)
    assert any(m.endswith(".docx") for m in members)
    protected = [
        p for p in inbox.iterdir() if msoffcrypto.olefile.isOleFile(str(p)) and p.suffix == ".xlsx"
    ]
    opened = []
    for path in protected:
        office = msoffcrypto.OfficeFile(path.open("rb"))
        try:
            office.load_key(password=county.passwords[0], verify_password=True)
            opened.append(True)
        except Exception:
            opened.append(False)
    assert sorted(opened) == [False, True]
    assert county.passwords[0] in (county.out_dir / "说明.txt").read_text("utf-8")


def test_too_few_schools_is_refused(tmp_path) -> None:
    with pytest.raises(ValueError, match="至少需要"):
        generate_county(tmp_path, schools=5)


def test_another_county_and_a_year_the_calendar_lacks(tmp_path) -> None:
    """School codes follow the county; a year without holiday data warns in every workbook."""
    demo = generate_county(
        tmp_path,
        schools=10,
        students=40,
        county_code="411524",
        county_name="商城县",
        period="2027-04",
    )
    key = json.loads(demo.answer_key.read_text("utf-8"))
    assert {s["school_code"][2:7] for s in key["schools"]} == {"41524"}
    readable = {
        f
        for s in key["schools"]
        if s["case"] not in ("unreadable", "encrypted")
        for f in s["files"]
    }
    warned = {p["file"] for p in key["planted"] if p["code"] == "calendar-fallback"}
    assert warned == readable
    assert "商城县（411524），2027 年 4 月" in (tmp_path / "说明.txt").read_text("utf-8")
