"""demo --months 3 recorded in a register: the rates that need history (复学率 and 销号率 of 辍学
cases by outcome, the school year's 辍学率) in `register status --json` and the export, against
values counted by hand from each month's answer key."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import openpyxl
import pytest

from core.catalogue import counts
from desktop.cli import main

pytestmark = pytest.mark.slow

MONTHS = ("2026-09", "2026-10", "2026-11")
BACK = {"resumed", "returned"}


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> tuple[Path, Path, dict[str, dict]]:
    """(demo folder, register, each month's consolidation JSON)."""
    out = tmp_path_factory.mktemp("rates")
    assert main(["demo", "--out", str(out), "--period", MONTHS[0], "--months", "3",
                 "--schools", "3", "--students", "40"]) == 0  # fmt: skip
    register = out / "个案登记册.sqlite"
    docs = {}
    for period in MONTHS:
        month = out / period
        code, text = _run(
            "consolidate",
            str(month / "收件箱"),
            "--period",
            period,
            "--out",
            str(month / "县区汇总.xlsx"),
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
        docs[period] = json.loads(text)
    return out, register, docs


def _states(out: Path) -> list[dict[tuple[str, int], str]]:
    """Each month's state of every case episode, from the answer keys."""
    months = []
    for period in MONTHS:
        key = json.loads((out / period / "answer_key.json").read_text("utf-8"))
        months.append({(k, c["episode"]): c["state"] for k, c in key["register"]["cases"].items()})
    return months


def _by_hand(states: list[dict], first: int, last: int) -> dict[str, int]:
    """The 辍学 cases of months first..last by outcome, counted from the answer keys alone."""
    before = states[first - 1] if first > 0 else {}
    was = {k for m in states[:first] for k, s in m.items() if s == "dropout"}
    base, opened, back, closed = set(), set(), set(), set()
    for m in states[first : last + 1]:
        for k, s in m.items():
            if s == "dropout" and k not in was:
                opened.add(k)
            if s == "dropout":
                was.add(k)
            if k in was and s in BACK:
                back.add(k)
            if k in was and s == "closed":
                closed.add(k)
    at_start = {k for k, s in before.items() if s == "dropout"}
    base = at_start | opened
    return {
        "dropout_open_at_start": len(at_start),
        "dropout_opened": len(opened),
        "dropout_base": len(base),
        "dropout_resumed": len(back & base),
        "dropout_closed": len(closed & base),
    }


def _status(register: Path, period: str) -> dict:
    code, text = _run(
        "register", "status", "--register", str(register), "--period", period, "--json"
    )
    assert code == 0
    return json.loads(text)["rates"]


def test_the_months_and_the_school_years_rates_are_the_answer_keys(recorded) -> None:
    out, register, docs = recorded
    states = _states(out)
    roster = docs[MONTHS[0]]["totals"]["roster"]
    got = {p: _status(register, p) for p in MONTHS}
    # Counted by hand from the story (core/demo/month_story.py): 2026-09 opens three 辍学 cases
    # (resumes, closed, closed-bare); 2026-10 confirms one more (confirmed) and closes two;
    # 2026-11 sees resumes back at school.
    assert {p: r["month"] for p, r in got.items()} == {
        "2026-09": {
            "first": "2026-09",
            "last": "2026-09",
            "dropout_open_at_start": 0,
            "dropout_opened": 3,
            "dropout_base": 3,
            "dropout_resumed": 0,
            "dropout_closed": 0,
            "history_return_rate": 0.0,
            "history_closing_rate": 0.0,
        },
        "2026-10": {
            "first": "2026-10",
            "last": "2026-10",
            "dropout_open_at_start": 3,
            "dropout_opened": 1,
            "dropout_base": 4,
            "dropout_resumed": 0,
            "dropout_closed": 2,
            "history_return_rate": 0.0,
            "history_closing_rate": 50.0,
        },
        "2026-11": {
            "first": "2026-11",
            "last": "2026-11",
            "dropout_open_at_start": 2,
            "dropout_opened": 0,
            "dropout_base": 2,
            "dropout_resumed": 1,
            "dropout_closed": 0,
            "history_return_rate": 50.0,
            "history_closing_rate": 0.0,
        },
    }
    assert got["2026-11"]["school_year"] == {
        "first": "2026-09",
        "last": "2026-11",
        "dropout_open_at_start": 0,
        "dropout_opened": 4,
        "dropout_base": 4,
        "dropout_resumed": 1,
        "dropout_closed": 2,
        "history_return_rate": 25.0,
        "history_closing_rate": 50.0,
    }
    assert got["2026-11"]["year_dropout"] == {
        "first": "2026-09",
        "last": "2026-11",
        "year_new_dropouts": 4,
        "year_start_roster": roster,
        "year_start_period": "2026-09",
        "year_dropout_rate": round(100 * 4 / roster, 2),
    }
    # The same counts from the answer keys' states alone, month by month and for the year.
    for i, period in enumerate(MONTHS):
        month = {k: v for k, v in got[period]["month"].items() if k in counts.HISTORY_COUNT_KEYS}
        year = {
            k: v for k, v in got[period]["school_year"].items() if k in counts.HISTORY_COUNT_KEYS
        }
        assert (month, year) == (_by_hand(states, i, i), _by_hand(states, 0, i)), period


def test_the_status_summary_and_the_export_show_the_rates(recorded) -> None:
    out, register, docs = recorded
    roster = docs[MONTHS[0]]["totals"]["roster"]
    code, text = _run("register", "status", "--register", str(register))
    assert code == 0
    assert text.splitlines()[-2:] == [
        "2026-11 辍学个案 2 件（月初在案 2 件，本月新增 0 件）：复学率 50.00%，销号率 0.00%",
        f"本学年（2026-09 至 2026-11）辍学个案 4 件：复学率 25.00%，销号率 50.00%；"
        f"学年辍学率 {100 * 4 / roster:.2f}%（新增辍学 4 人，学年初在籍 {roster} 人，"
        "取 2026-09 的在籍）",
    ]
    target = out / "登记册导出.xlsx"
    code, _ = _run("register", "export", "--register", str(register), "--out", str(target))
    assert code == 0
    sheet = openpyxl.load_workbook(target, read_only=True)["指标"]
    rows = list(sheet.iter_rows(values_only=True))
    texts = counts.HISTORY_RATE_TEXTS
    assert rows == [
        ("指标", "统计范围", "分子", "分母", "数值(%)", "计算方法"),
        (*texts["history_return_rate"][:1], "2026-11", 1, 2, 50, texts["history_return_rate"][1]),
        (*texts["history_closing_rate"][:1], "2026-11", 0, 2, 0, texts["history_closing_rate"][1]),
        (
            texts["history_return_rate"][0],
            "2026-09 至 2026-11",
            1,
            4,
            25,
            texts["history_return_rate"][1],
        ),
        (
            texts["history_closing_rate"][0],
            "2026-09 至 2026-11",
            2,
            4,
            50,
            texts["history_closing_rate"][1],
        ),
        (
            texts["year_dropout_rate"][0],
            "2026-09 至 2026-11",
            4,
            roster,
            round(100 * 4 / roster, 2),
            texts["year_dropout_rate"][1],
        ),
    ]
