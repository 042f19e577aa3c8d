"""demo --months 3, each month consolidated with --register: the register follows the answer key."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.reader.workbook import read_workbook
from desktop.cli import main

REGISTER_CODES = {
    "case-unaccounted",
    "roster-drop-unexplained",
    "returned-absent-again",
    "closure-without-evidence",
}
OPEN = {"pending", "suspected", "dropout"}


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


def _consolidate(month: Path, register: Path, out: str) -> dict:
    code, text = _run(
        "consolidate",
        str(month / "收件箱"),
        "--period",
        month.name,
        "--out",
        str(month / out),
        "--schools",
        str(month / "学校名录.xlsx"),
        "--household",
        str(month / "户籍适龄儿童名单.xlsx"),
        "--poverty",
        str(month / "脱贫户家庭成员名单.xlsx"),
        "--register",
        str(register),
        "--json",
    )
    assert code in (0, 1)
    return json.loads(text)


def _status(register: Path) -> dict:
    code, text = _run("register", "status", "--register", str(register), "--json")
    assert code == 0
    return json.loads(text)


def _latest(status: dict) -> dict[str, dict]:
    """Every pupil's latest episode by register key."""
    latest = {}
    for case in status["cases"]:
        latest[f"id:{case['id_number']}"] = case
    return latest


def _derived(status: dict) -> list[tuple]:
    """The cases without the files they were read from (an import reads other files)."""
    return sorted(
        (
            c["id_number"],
            c["state"],
            c["attempts"],
            c["opened"],
            c["opened_by"],
            c["school_code"],
            c["last_event"],
            tuple((h["period"], h["event"], h["date"]) for h in c["history"]),
        )
        for c in status["cases"]
    )


def _attempts(register: Path) -> list[tuple]:
    """Every distinct 劝返 attempt with how often it was reported and where it was first."""
    from core.register import open_register
    from core.register.query import attempts

    conn = open_register(register)
    try:
        return sorted(
            (a["pupil"], a["date"], a["person"], a["measure"], a["first_period"], a["reports"])
            for a in attempts(conn)
        )
    finally:
        conn.close()


def _register_findings(doc: dict) -> list[tuple]:
    """Every month-over-month finding of a consolidation's JSON, the school files' own included
    (a 销号 without 佐证 is the school rule's finding when the school's check saw it)."""
    found = [(f["code"], f["path"], f["sheet"], f["row"]) for f in doc["findings"]]
    for sub in doc["submissions"]:
        found += [(f["code"], sub["path"], f["sheet"], f["row"]) for f in sub["findings"]]
    return sorted(f for f in found if f[0] in REGISTER_CODES)


@pytest.fixture(scope="module")
def months(tmp_path_factory):
    out = tmp_path_factory.mktemp("months")
    assert main(["demo", "--out", str(out), "--period", "2026-09", "--months", "3",
                 "--schools", "3", "--students", "40"]) == 0  # fmt: skip
    return out


@pytest.fixture(scope="module")
def consolidated(months):
    """Each month consolidated in turn: (register, [(month, JSON, status after it)])."""
    register = months / "个案登记册.sqlite"
    done = []
    for month in sorted(m for m in months.iterdir() if m.is_dir()):
        doc = _consolidate(month, register, "县区汇总.xlsx")
        done.append((month, doc, _status(register)))
    return register, done


def _planted(key: dict) -> list[tuple]:
    return [(p["code"], p["file"], p["sheet"], p["row"]) for p in key["planted"]]


def test_each_month_leaves_the_register_as_the_answer_key_says(consolidated):
    planted = []
    for month, doc, status in consolidated[1]:
        key = json.loads((month / "answer_key.json").read_text("utf-8"))
        latest = _latest(status)
        expected = key["register"]["cases"]
        assert {k: (latest[k]["state"], latest[k]["attempts"]) for k in expected} == {
            k: (c["state"], c["attempts"]) for k, c in expected.items()
        }
        assert {k for k, c in latest.items() if c["state"] in OPEN} == {
            k for k, c in expected.items() if c["state"] in OPEN
        }
        found = _register_findings(doc)
        # One finding per problem: the register never repeats the school rule's 销号 finding.
        assert len(found) == len(set(found))
        # The case closed with its reason and 佐证 gets none: only the planted bare 销号 does.
        assert found == sorted(_planted(key))
        planted.append([(code, sheet, row) for code, _, sheet, row in _planted(key)])
    assert planted == [
        [],
        [
            ("case-unaccounted", "疑似辍学学生台账", 4),
            ("roster-drop-unexplained", "学籍名册", 35),
            ("closure-without-evidence", "辍学学生台账", 5),
        ],
        [
            ("case-unaccounted", "疑似辍学学生台账", 4),
            ("returned-absent-again", "疑似辍学学生台账", 2),
        ],
    ]


def test_the_answer_key_tells_each_case_of_the_story(months):
    key = json.loads((months / "2026-11" / "answer_key.json").read_text("utf-8"))
    cases = key["register"]["cases"].values()
    assert sorted((c["role"], c["state"], c["episode"], c["attempts"]) for c in cases) == [
        ("absent-again", "suspected", 2, 0),
        ("closed", "closed", 1, 0),
        ("closed-bare", "closed", 1, 0),
        ("confirmed", "dropout", 1, 3),
        ("out-of-school", "pending", 1, 0),
        ("out-of-school", "pending", 1, 0),
        ("out-of-school", "suspected", 1, 0),
        ("resumes", "resumed", 1, 2),
        ("returns", "returned", 1, 2),
        ("transferred", "transferred", 1, 0),
        ("vanishes", "suspected", 1, 0),
    ]
    assert key["register"]["open"] == {"dropout": 1, "suspected": 3, "pending": 2}


def test_a_month_consolidated_twice_leaves_the_register_as_once(consolidated, tmp_path):
    register = tmp_path / "reg.sqlite"
    shutil.copy(consolidated[0], register)
    last, doc, once = consolidated[1][-1]
    again = _consolidate(last, register, "again.xlsx")
    twice = _status(register)
    assert twice["cases"] == once["cases"]
    assert twice["months"] == once["months"]
    # The attempts view too: each 劝返 attempt once, reported as often as after one run.
    assert _attempts(register) == _attempts(consolidated[0])
    assert again["register"] == doc["register"]
    assert _register_findings(again) == _register_findings(doc)


def test_importing_the_three_county_workbooks_gives_the_state_consolidating_gave(
    consolidated, tmp_path
):
    register = tmp_path / "imported.sqlite"
    books = [str(month / "县区汇总.xlsx") for month, _, _ in consolidated[1]]
    code, text = _run("register", "import", *reversed(books), "--register", str(register), "--json")
    assert code == 0
    imported = json.loads(text)["months"]
    assert [m["period"] for m in imported] == ["2026-09", "2026-10", "2026-11"]
    assert [{k: m[k] for k in ("opened", "closed", "open", "findings")} for m in imported] == [
        doc["register"] for _, doc, _ in consolidated[1]
    ]
    assert _derived(_status(register)) == _derived(consolidated[1][-1][2])
    code, text = _run("register", "status", "--register", str(register), "--json")
    assert json.loads(text)["months"] == consolidated[1][-1][2]["months"]


def test_a_workbook_that_is_not_a_county_workbook_is_refused(months, tmp_path, capsys):
    register = tmp_path / "reg.sqlite"
    lists = months / "2026-09" / "户籍适龄儿童名单.xlsx"
    code = main(["register", "import", str(lists), "--register", str(register)])
    assert code == 2
    assert capsys.readouterr().err == (
        f"schoolroll：“{lists}”读作户籍适龄儿童名单，不是可导入的工作簿：只能导入 SchoolRoll 的"
        "县区汇总工作簿和填好的入户核查清单、平台推送核实（请保留它们原有的表头）；未导入任何内容\n"
    )
    assert not register.exists()


def _roles(month: Path) -> dict[str, str]:
    key = json.loads((month / "answer_key.json").read_text("utf-8"))
    return {k.removeprefix("id:"): c["role"] for k, c in key["register"]["cases"].items()}


def _closing(month: Path) -> tuple[str, str]:
    """The 销号原因 and 佐证 the closed case's school wrote: 完成义务教育 for a 九年级 pupil."""
    key = json.loads((month / "answer_key.json").read_text("utf-8"))
    code = next(c["closing"] for c in key["register"]["cases"].values() if c["role"] == "closed")
    return {
        "06": ("完成义务教育", "初中毕业证书复印件已存档"),
        "05": ("转户籍地", "户籍地学校出具的就读证明已存档"),
    }[code]


def test_the_county_workbook_lists_the_months_cases_and_closures(consolidated):
    month = consolidated[1][1][0]
    roles = _roles(month)
    wb = read_workbook(month / "县区汇总.xlsx")
    cases = wb.table("cases").data.to_dict("records")
    assert sorted(
        (roles[r["id_number"]], r["case_state"], r["opened_by"], r["age_days"], r["attempts"])
        for r in cases
    ) == [
        ("closed", "已销号", "学校上报", 39, 0),
        ("closed-bare", "已销号", "学校上报", 39, 0),
        ("confirmed", "辍学", "学校上报", 54, 2),
        ("out-of-school", "待核实", "户籍比对", 60, 0),
        ("out-of-school", "待核实", "户籍比对", 60, 0),
        ("out-of-school", "疑似辍学", "户籍比对", 60, 0),
        ("resumes", "辍学", "学校上报", 60, 2),
        ("returns", "已返校", "学校上报", 32, 2),
        ("transferred", "转出", "学校上报", 54, 0),
        ("vanishes", "疑似辍学", "学校上报", 54, 0),
    ]
    closures = wb.table("closures").data.to_dict("records")
    assert sorted(
        (
            roles[r["id_number"]],
            r["closed_as"],
            r["closing_reason"],
            r["evidence"],
            r["source_sheet"],
        )
        for r in closures
    ) == [
        ("closed", "已销号", *_closing(month), "辍学学生台账"),
        ("closed-bare", "已销号", None, None, "辍学学生台账"),
        ("returns", "已返校", None, None, "疑似辍学学生台账"),
        ("transferred", "转出", "已在 2141525002 的学籍名册中", None, "学籍名册"),
    ]


def test_without_a_register_the_county_workbook_has_no_case_sheets(months, tmp_path):
    month = sorted(m for m in months.iterdir() if m.is_dir())[0]
    code, _ = _run(
        "consolidate", str(month / "收件箱"), "--period", month.name,
        "--out", str(tmp_path / "plain.xlsx"), "--json",
    )  # fmt: skip
    assert code in (0, 1)
    wb = read_workbook(tmp_path / "plain.xlsx")
    assert (wb.table("cases"), wb.table("closures")) == (None, None)


def test_the_rollup_counts_a_countys_cases_as_its_register_summed_them(consolidated):
    """core.rollup.cases reads 个案台账 and 销号记录 back: the register's own month summary."""
    from core.catalogue import codelists as cl
    from core.rollup.cases import case_counts

    got, want = [], []
    for month, doc, _ in consolidated[1]:
        counts = case_counts(read_workbook(month / "县区汇总.xlsx"), month.name)
        got.append((counts.open, counts.opened, counts.ended, counts.closed_by_reason))
        key = json.loads((month / "answer_key.json").read_text("utf-8"))
        closed = next(c for c in key["register"]["cases"].values() if c["role"] == "closed")
        # Both 销号 of the story end in the month the bare one is planted in.
        ends_now = any(p["code"] == "closure-without-evidence" for p in key["planted"])
        reasons = {cl.CLOSING_REASON.label(closed.get("closing")): 1, "未填写": 1}
        summary = doc["register"]
        want.append(
            (
                sum(key["register"]["open"].values()),
                summary["opened"],
                summary["closed"],
                reasons if ends_now else {},
            )
        )
        assert counts.open == summary["open"]
    assert got == want


def _case_sheet(path: Path) -> list[dict]:
    """个案汇总 of a roll-up workbook, read back by the reader, without the source column."""
    rows = read_workbook(path).table("unit-cases").data.to_dict("records")
    return [{k: v for k, v in r.items() if k not in ("seq", "source_file")} for r in rows]


@pytest.fixture(scope="module")
def rolled_up(consolidated):
    """Each month's county workbook rolled up to a prefecture: [(month, register summary, path)]."""
    from core.rollup import rollup

    done = []
    for month, doc, _ in consolidated[1]:
        out = month / "地市汇总.xlsx"
        result = rollup([month / "县区汇总.xlsx"], "prefecture", month.name, out)
        done.append((month, doc["register"], result, out))
    return done


def _reasons(**counts: int) -> dict[str, int]:
    keys = ["closed_01", "closed_02", "closed_03", "closed_04", "closed_05", "closed_06"]
    return {k: counts.get(k, 0) for k in [*keys, "closed_99", "closed_blank"]}


def test_the_rollup_lists_each_countys_cases_as_its_register_summed_them(rolled_up):
    """个案汇总 of the prefecture: the county's row is the register's month summary."""
    got = [_case_sheet(out) for _, _, _, out in rolled_up]
    # The oldest case of the story is closed with its reason (转户籍地 unless it is in 九年级).
    month2 = rolled_up[1][0]
    closing = _closing(month2)[0]
    reason_key = {"完成义务教育": "closed_06", "转户籍地": "closed_05"}[closing]

    def row(code, name, open_, opened, ended, back, long_open, median, share, **reasons):
        return {
            "unit_code": code,
            "unit_name": name,
            "cases_open": open_,
            "cases_opened": opened,
            "cases_ended": ended,
            "cases_returned": back,
            **_reasons(**reasons),
            "cases_long_open": long_open,
            "median_open_days": median,
            "ended_share": share,
        }

    county = read_workbook(rolled_up[0][0] / "县区汇总.xlsx").record("county-info").values
    code, name = county["county_code"], county["county_name"]
    assert got == [
        # month 1: absent-again back; month 2: returns back (closed, closed-bare 销号, the
        # transferred 转出); month 3: resumes 复学
        [row(code, name, 10, 11, 1, 1, 0, 29.0, 9.09)],
        [row(code, name, 6, 0, 4, 1, 0, 60.0, 40.0, **{reason_key: 1, "closed_blank": 1})],
        [row(code, name, 6, 1, 1, 1, 3, 87.0, 14.29)],
    ]
    # The 合计 row (the reader reads no total row back): the counts added, no median.
    totals = [res.case_rows[-1] for _, _, res, _ in rolled_up]
    assert [{k: v for k, v in t.items() if k != "source_file"} for t in totals] == [
        {**r[0], "unit_code": None, "unit_name": "合计", "median_open_days": None} for r in got
    ]
    # The same figures as the register's own summary of each month (consolidate --json).
    assert [
        {"open": r[0]["cases_open"], "opened": r[0]["cases_opened"], "closed": r[0]["cases_ended"]}
        for r in got
    ] == [{k: s[k] for k in ("open", "opened", "closed")} for _, s, _, _ in rolled_up]
    # And the JSON carries them too.
    assert [res.to_json()["cases"][0]["closed_by_reason"] for _, _, res, _ in rolled_up] == [
        {},
        {closing: 1, "未填写": 1},
        {},
    ]


def test_a_province_lists_the_counties_of_its_prefectures_cases(rolled_up, tmp_path):
    from core.rollup import rollup

    month, _, _, prefecture = rolled_up[1]
    out = tmp_path / "省级汇总.xlsx"
    rollup([prefecture], "province", month.name, out)
    assert _case_sheet(out) == _case_sheet(prefecture)


def _school_of(path: Path) -> str:
    return read_workbook(path).identity().school_code


def test_a_school_that_does_not_report_leaves_its_last_roll_not_covered(
    months, consolidated, tmp_path
):
    """Month 2 without the school of the highest code: its pupils of the 户籍 list are counted as
    not covered (coverage, 汇总信息, 三比对结果), never household-unmatched nor 待核实 cases."""
    first, second = sorted(m for m in months.iterdir() if m.is_dir())[:2]
    register = tmp_path / "reg.sqlite"
    for month in (first, second):
        shutil.copytree(month, tmp_path / month.name, ignore=shutil.ignore_patterns("县区汇总*"))
    inbox = tmp_path / second.name / "收件箱"
    by_school = {_school_of(p): p for p in inbox.iterdir()}
    silent = max(by_school)
    by_school[silent].unlink()
    docs = [_consolidate(tmp_path / m.name, register, "县区汇总.xlsx") for m in (first, second)]
    # The children of the 户籍 list on the silent school's month-1 roll, and on no roll now.
    household = read_workbook(second / "户籍适龄儿童名单.xlsx").table("household").data
    roll = read_workbook(tmp_path / first.name / "县区汇总.xlsx").table("ledger-children").data
    now = read_workbook(tmp_path / second.name / "县区汇总.xlsx").table("ledger-children").data
    last_roll = set(roll[roll["school_code"] == silent]["id_number"])
    expected = len((set(household["id_number"]) & last_roll) - set(now["id_number"]))
    name = next(s["school"] for s in docs[0]["submissions"] if s["school_code"] == silent)
    assert expected > 0, "the silent school's pupils are in the 户籍 list"
    assert docs[1]["coverage"] == {
        "schools": 3,
        "covered": 2,
        "not_covered": [
            {
                "school_code": silent,
                "school": name,
                "reason": "missing",
                "enrolled_last_month": expected,
            }
        ],
        "enrolled_last_month": expected,
    }
    # The same household-unmatched findings as the month with every school: none added.
    full = consolidated[1][1][1]

    def unmatched(doc: dict) -> list[tuple]:
        found = [f for f in doc["findings"] if f["code"] == "household-unmatched"]
        return sorted((f["sheet"], f["row"], f["severity"]) for f in found)

    assert unmatched(docs[1]) == unmatched(full)
    assert len(unmatched(full)) == 2
    pending = {c["id_number"] for c in _status(register)["cases"] if c["state"] == "pending"}
    assert pending == {
        c["id_number"] for c in consolidated[1][1][2]["cases"] if c["state"] == "pending"
    }
    assert not pending & last_roll
    wb = read_workbook(tmp_path / second.name / "县区汇总.xlsx")
    info = wb.record("county-info").values
    assert (info["household_covered"], info["household_not_covered"]) == (2, 1)
    assert info["household_last_roll"] == expected
    # As written (the reader would fold the full-width punctuation).
    sheet = load_workbook(tmp_path / second.name / "县区汇总.xlsx", read_only=True)["三比对结果"]
    rows = [r for r in sheet.iter_rows(values_only=True) if str(r[6]).startswith("未能比对")]
    assert [[r[5], r[6], r[8]] for r in rows] == [
        [
            name,
            "未能比对：未报送或无法读取",
            f"该校学生不在户籍比对范围内；户籍名单中 {expected} 名适龄儿童上月在该校在籍，"
            "计为未覆盖，不列为待核实",
        ]
    ]


MESSAGES = {
    "case-unaccounted": (
        "query",
        None,
        "上月仍在跟踪的“{name}”（疑似辍学，{opened} 立案）不在本月任何台账中，也没有销号",
    ),
    "roster-drop-unexplained": (
        "query",
        None,
        "上月在本校学籍名册中的“{name}”本月不在本县任何学校的名册中，也没有转出或销号记录",
    ),
    "returned-absent-again": ("warning", None, "“{name}”此前已返校，本月又无故缺勤达到上报标准"),
    "closure-without-evidence": ("error", "T", "“{name}”已销号，但缺少销号原因和佐证"),
}
"""Severity, column and message of each month-over-month finding the story plants."""


def _name_at(months: Path, planted: dict) -> str:
    """The 姓名 of the row a planted finding points at, as its school wrote it."""
    path = months / planted["period_of_file"] / planted["file"]
    rows = list(load_workbook(path, read_only=True)[planted["sheet"]].iter_rows(values_only=True))
    head = next(r for r in rows if r and "姓名" in r)
    return rows[planted["row"] - 1][head.index("姓名")]


def test_each_planted_finding_is_reported_whole_at_its_place(months, consolidated):
    """Code, severity, file, sheet, row, column and message of every month-over-month finding."""
    for month, doc, _ in consolidated[1]:
        key = json.loads((month / "answer_key.json").read_text("utf-8"))
        placed = [(f["path"], f) for f in doc["findings"]]
        placed += [(sub["path"], f) for sub in doc["submissions"] for f in sub["findings"]]
        found = [
            (f["code"], f["severity"], path, f["sheet"], f["row"], f.get("column"), f["message"])
            for path, f in placed
            if f["code"] in REGISTER_CODES
        ]
        want = []
        for p in key["planted"]:
            severity, column, text = MESSAGES[p["code"]]
            name = _name_at(months, p)
            message = text.format(name=name, opened=p["period_of_file"])
            want.append((p["code"], severity, p["file"], p["sheet"], p["row"], column, message))
        assert sorted(found) == sorted(want)
