"""demo --months 3, each month consolidated with --register: the register follows the answer key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main

REGISTER_CODES = {
    "case-unaccounted",
    "roster-drop-unexplained",
    "returned-absent-again",
    "closure-without-evidence",
}
OPEN = {"pending", "suspected", "dropout"}


def _run(capsys, *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(argv))
    return code, capsys.readouterr().out


def _consolidate(capsys, month: Path, register: Path, out: str) -> dict:
    code, text = _run(
        capsys,
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


def _status(capsys, register: Path) -> dict:
    code, text = _run(capsys, "register", "status", "--register", str(register), "--json")
    assert code == 0
    return json.loads(text)


def _latest(status: dict) -> dict[str, dict]:
    """Every pupil's latest episode by register key."""
    latest = {}
    for case in status["cases"]:
        latest[f"id:{case['id_number']}"] = case
    return latest


@pytest.fixture(scope="module")
def months(tmp_path_factory):
    out = tmp_path_factory.mktemp("months")
    assert main(["demo", "--out", str(out), "--period", "2026-09", "--months", "3",
                 "--schools", "3", "--students", "40"]) == 0  # fmt: skip
    return out


def _planted(key: dict) -> list[tuple]:
    return [(p["code"], p["file"], p["sheet"], p["row"]) for p in key["planted"]]


def test_each_month_leaves_the_register_as_the_answer_key_says(months, tmp_path, capsys):
    register = tmp_path / "reg.sqlite"
    planted = []
    for month in sorted(months.iterdir()):
        key = json.loads((month / "answer_key.json").read_text("utf-8"))
        doc = _consolidate(capsys, month, register, "县区汇总.xlsx")
        latest = _latest(_status(capsys, register))
        expected = key["register"]["cases"]
        assert {k: (latest[k]["state"], latest[k]["attempts"]) for k in expected} == {
            k: (c["state"], c["attempts"]) for k, c in expected.items()
        }
        assert {k for k, c in latest.items() if c["state"] in OPEN} == {
            k for k, c in expected.items() if c["state"] in OPEN
        }
        found = [
            (f["code"], f["path"], f["sheet"], f["row"])
            for f in doc["findings"]
            if f["code"] in REGISTER_CODES
        ]
        assert sorted(found) == sorted(_planted(key))
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


def test_a_month_consolidated_twice_leaves_the_register_as_once(months, tmp_path, capsys):
    register = tmp_path / "reg.sqlite"
    docs = [_consolidate(capsys, m, register, "a.xlsx") for m in sorted(months.iterdir())]
    once = _status(capsys, register)
    last = sorted(months.iterdir())[-1]
    again = _consolidate(capsys, last, register, "b.xlsx")
    twice = _status(capsys, register)
    assert twice["cases"] == once["cases"]
    assert twice["months"] == once["months"]
    assert again["register"] == docs[-1]["register"]
    assert [f for f in again["findings"] if f["code"] in REGISTER_CODES] == [
        f for f in docs[-1]["findings"] if f["code"] in REGISTER_CODES
    ]
