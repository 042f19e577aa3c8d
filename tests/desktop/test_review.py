"""schoolroll review: the quarterly re-check of demo --months 3, read back from its workbook."""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from core.catalogue import review as rv
from core.policy import default_policy
from core.reader.workbook import read_workbook
from core.register.review import review
from desktop.cli import main

COUNTS = ("roster", "attending", "suspected", "dropout", "returned")
LABELS = {"roster": "在籍人数", "attending": "在校人数", "suspected": "疑似辍学人数",
          "dropout": "辍学人数"}  # fmt: skip


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """demo --months 3 from 2026-10, each month consolidated into one register: (dir, JSONs)."""
    out = tmp_path_factory.mktemp("quarter")
    assert main(["demo", "--out", str(out), "--period", "2026-10", "--months", "3",
                 "--schools", "6", "--students", "60", "--seed", "7"]) == 0  # fmt: skip
    register = out / "个案登记册.sqlite"
    docs = {}
    for month in sorted(m for m in out.iterdir() if m.is_dir()):
        code, text = _run(
            "consolidate", str(month / "收件箱"), "--period", month.name,
            "--out", str(month / "县区汇总.xlsx"), "--schools", str(month / "学校名录.xlsx"),
            "--household", str(month / "户籍适龄儿童名单.xlsx"),
            "--poverty", str(month / "脱贫户家庭成员名单.xlsx"),
            "--register", str(register), "--json",
        )  # fmt: skip
        assert code in (0, 1)
        docs[month.name] = json.loads(text)
    return out, register, docs


def _sheet_rows(path: Path, title: str) -> list[dict]:
    ws = openpyxl.load_workbook(path, read_only=True)[title]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    form = next(f for f in rv.REVIEW.sheets if f.title == title)
    assert list(rows[0]) == [c.header for c in form.columns]
    return [dict(zip([c.key for c in form.columns], r, strict=True)) for r in rows[1:]]


def test_the_review_workbook_holds_each_school_month_as_consolidated(county, tmp_path):
    _out, register, docs = county
    book = tmp_path / "季度复核.xlsx"
    code, text = _run("review", "--quarter", "2026Q4", "--register", str(register),
                      "--out", str(book), "--json")  # fmt: skip
    doc = json.loads(text)
    assert code == (1 if doc["flags"] else 0)
    assert doc["recorded"] == ["2026-10", "2026-11", "2026-12"]
    rows = _sheet_rows(book, "季度复核")
    expected = []
    for period, month in docs.items():
        for s in month["schools"]:
            if not s["school_code"]:
                continue
            expected.append(
                (
                    s["school_code"],
                    period,
                    "是" if s["submitted"] else "否",
                    *tuple(s[f"{k}_count"] for k in COUNTS),
                )
            )
    got = [
        (r["school_code"], r["period"], r["sent"], *tuple(r[f"{k}_n"] for k in COUNTS))
        for r in rows
    ]
    assert sorted(got) == sorted(expected)
    flags = _sheet_rows(book, "复核关注")
    assert [(f["school_code"], f["period"], f["flag_code"], f["why"]) for f in flags] == [
        (f["school_code"], f["period"], f["flag_code"], f["why"]) for f in doc["flags"]
    ]
    per_row = {(r["school_code"], r["period"]): r["flags_n"] for r in rows}
    for f in flags:
        assert per_row[(f["school_code"], f["period"])] >= 1
    # the reader recognises both sheets as their catalogue forms
    read = read_workbook(book)
    assert {t.form.key for t in read.tables} >= {"review.months", "review.flags"}


def test_every_reopened_case_is_flagged_with_its_closing_month(county):
    out, register, _ = county
    key = json.loads((out / "2026-12" / "answer_key.json").read_text("utf-8"))
    again = {k for k, c in key["register"]["cases"].items() if c["episode"] >= 2}
    assert again, "the sample plants a case that returns and is absent again"
    _code, text = _run("register", "status", "--register", str(register), "--json")
    cases = json.loads(text)["cases"]
    expected = []
    labels = {"returned": "已返校", "resumed": "已复学", "closed": "已销号",
              "suspected": "疑似辍学", "dropout": "辍学", "pending": "待核实"}  # fmt: skip
    for k in sorted(again):
        mine = [c for c in cases if f"id:{c['id_number']}" == k]
        first, later = mine[0], mine[-1]
        closed = next(h["period"] for h in first["history"] if h["event"] in labels
                      and h["event"] not in ("suspected", "dropout", "pending"))  # fmt: skip
        expected.append(
            (later["school_code"], later["opened"], "case-reopened",
             f"个案于 {closed} 结案（{labels[first['state']]}），{later['opened']} 又立案"
             f"（{labels[later['state']]}）；请核实返校是否属实、结案佐证是否充分",
             later["name"])
        )  # fmt: skip
    done = review(register, "2026Q4", default_policy())
    got = [(f["school_code"], f["period"], f["flag_code"], f["why"], f["pupil"])
           for f in done.flags if f["flag_code"] == "case-reopened"]  # fmt: skip
    assert got == expected


def _planted(out: Path, periods: list[str]) -> list[tuple]:
    """The jumps and the roll that never varies the sample planted (answer_key.json "schools":
    each school's role and counts), as the review must flag them by the default policy."""
    policy = default_policy()
    keys = [
        json.loads((out / p / "answer_key.json").read_text("utf-8"))["schools"] for p in periods
    ]
    share = f"{policy.review_jump_share:.0%}"
    flags = []
    for code, school in keys[0].items():
        if school["role"] == "jump":
            for k in ("roster", "attending"):
                a, b = keys[0][code][k], keys[1][code][k]
                flags.append(
                    (code, periods[1], "count-jump",
                     f"{LABELS[k]}由 {periods[0]} 的 {a} 变为 {periods[1]} 的 {b}，"
                     f"变动 {b - a:+d} 人，超过上月的 {share}且不少于 {policy.review_jump_min} 人；"
                     "请核对转入转出、休学和辍学记录")
                )  # fmt: skip
        if school["role"] == "flat":
            n = school["attending"]
            assert [m[code]["attending"] for m in keys] == [n] * 3
            assert min(m[code]["roster"] for m in keys) >= policy.review_flat_min
            flags.append(
                (code, periods[-1], "attendance-flat",
                 f"在校人数在 {periods[0]} 至 {periods[-1]} 三个月都是 {n}，在籍不少于 "
                 f"{policy.review_flat_min} 人的学校出勤很少一成不变；请核实是否照抄上月")
            )  # fmt: skip
    return sorted(flags)


def test_every_planted_jump_and_flat_roll_is_flagged_and_no_near_miss(county):
    out, register, _ = county
    periods = ["2026-10", "2026-11", "2026-12"]
    roles = json.loads((out / periods[0] / "answer_key.json").read_text("utf-8"))["schools"]
    # every role is in the sample: the near misses (the most that is not a jump, a roll constant
    # but in its last month) and the schools that move a little are the flags' absence
    assert {s["role"] for s in roles.values()} == {"varying", "flat", "jump", "near-jump",
                                                  "near-flat"}  # fmt: skip
    done = review(register, "2026Q4", default_policy())
    got = [
        (f["school_code"], f["period"], f["flag_code"], f["why"])
        for f in done.flags
        if f["flag_code"] in ("count-jump", "attendance-flat")
    ]
    assert got == _planted(out, periods)
    # the review's counts are the schools' as the sample wrote them
    keys = {p: json.loads((out / p / "answer_key.json").read_text("utf-8"))["schools"]
            for p in periods}  # fmt: skip
    assert sorted((r["school_code"], r["period"], r["roster_n"], r["attending_n"])
                  for r in done.rows) == sorted(
        (code, p, s["roster"], s["attending"]) for p, key in keys.items()
        for code, s in key.items()
    )  # fmt: skip


def test_a_jump_is_flagged_and_a_near_miss_is_not(county):
    _, register, _ = county
    base = review(register, "2026Q4", default_policy())
    moves = []
    for a, b in zip(base.rows, base.rows[1:], strict=False):
        if a["school_code"] != b["school_code"]:
            continue
        for k in LABELS:
            if a[f"{k}_n"] and b[f"{k}_n"] != a[f"{k}_n"]:
                moves.append((abs(b[f"{k}_n"] - a[f"{k}_n"]) / a[f"{k}_n"], a, b, k))
    assert moves, "the sample's counts move from month to month"
    share, a, b, k = max(moves, key=lambda m: m[0])
    moved = b[f"{k}_n"] - a[f"{k}_n"]
    just_under = replace(default_policy(), review_jump_share=share * 0.99, review_jump_min=1)
    at = replace(default_policy(), review_jump_share=share, review_jump_min=1)
    flagged = [
        (f["school_code"], f["period"], f["why"])
        for f in review(register, "2026Q4", just_under).flags
        if f["flag_code"] == "count-jump"
    ]
    why = (
        f"{LABELS[k]}由 {a['period']} 的 {a[f'{k}_n']} 变为 {b['period']} 的 {b[f'{k}_n']}，"
        f"变动 {moved:+d} 人，超过上月的 {share * 0.99:.0%}且不少于 1 人；"
        "请核对转入转出、休学和辍学记录"
    )
    assert (a["school_code"], b["period"], why) in flagged
    # the same move at exactly the share is a near miss: "more than" the share is flagged
    near = [
        (f["school_code"], f["period"], f["why"][: len(LABELS[k])])
        for f in review(register, "2026Q4", at).flags
        if f["flag_code"] == "count-jump"
    ]
    assert (a["school_code"], b["period"], LABELS[k]) not in near
    too_few = replace(
        default_policy(), review_jump_share=share * 0.99, review_jump_min=abs(moved) + 1
    )
    assert not [
        f for f in review(register, "2026Q4", too_few).flags
        if f["flag_code"] == "count-jump" and f["school_code"] == a["school_code"]
        and f["period"] == b["period"] and f["why"].startswith(LABELS[k])
    ]  # fmt: skip


def test_review_usage_errors_exit_2(county, tmp_path, capsys):
    _, register, _ = county
    out = str(tmp_path / "r.xlsx")
    assert main(["review", "--quarter", "2026-10", "--register", str(register), "--out", out]) == 2
    assert "格式不对" in capsys.readouterr().err
    assert main(["review", "--quarter", "2025Q1", "--register", str(register), "--out", out]) == 2
    assert "没有 2025Q1" in capsys.readouterr().err
    assert main(["review", "--quarter", "2026Q4", "--register", str(tmp_path / "无.sqlite"),
                 "--out", out]) == 2  # fmt: skip
    assert "不存在" in capsys.readouterr().err
    assert not Path(out).exists()
