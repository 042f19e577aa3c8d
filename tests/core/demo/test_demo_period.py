"""`schoolroll demo --period` and `--clean`: break months without false absences, a clean county."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main

pytestmark = pytest.mark.slow

ABSENCE_CODES = {
    "absence-not-reported",
    "absent-not-in-ledger",
    "vacation-absence-overcount",
    "dropout-attending",
    "dropout-no-visit",
    "number-invalid",
}
"""Every finding an absence counted over a break could raise."""


def _consolidate(out, capsys) -> tuple[int, dict, dict]:
    """Run `schoolroll consolidate` on a generated county: (exit status, its JSON, the key)."""
    key = json.loads((out / "answer_key.json").read_text("utf-8"))
    capsys.readouterr()
    status = main(
        [
            "consolidate",
            str(out / "收件箱"),
            "--period",
            key["period"],
            "--schools",
            str(out / "学校名录.xlsx"),
            "--household",
            str(out / "户籍适龄儿童名单.xlsx"),
            "--poverty",
            str(out / "脱贫户家庭成员名单.xlsx"),
            "--platform",
            str(out / "平台推送疑似辍学名单.xlsx"),
            "--out",
            str(out / "县区汇总.xlsx"),
            "--json",
            *(a for pw in key["passwords"] for a in ("--password", pw)),
        ]
    )
    return status, json.loads(capsys.readouterr().out), key


def _inbox_relative(path: str) -> str:
    path = path.replace("\\", "/")
    return path[path.index("收件箱/") :]


@pytest.mark.parametrize("period", ["2026-07", "2026-02"])
def test_a_break_month_raises_no_absence_finding_that_was_not_planted(
    tmp_path, capsys, period
) -> None:
    out = tmp_path / "示例县"
    assert main(["demo", "--out", str(out), "--period", period, "--schools", "10"]) == 0
    _status, result, key = _consolidate(out, capsys)
    assert result["period"] == period
    planted = {(p["file"], p["sheet"], p["row"], p["code"]) for p in key["planted"]}
    unplanted = [
        (f["code"], f["sheet"], f["row"], f["message"])
        for s in result["submissions"]
        for f in s["findings"]
        if f["code"] in ABSENCE_CODES
        and (_inbox_relative(s["path"]), f["sheet"], f["row"], f["code"]) not in planted
    ]
    assert unplanted == []
    # The clerk who counts the break's workdays as 应出勤 is caught, where planted; in a spring
    # month (February) so is a 休学 in a graduating year's last term, and in July too.
    seasonal = {"vacation-absence-overcount", "suspension-overlong"}
    found = sorted(
        (_inbox_relative(s["path"]), f["code"], f["severity"], f["sheet"], f["row"], f["column"])
        for s in result["submissions"]
        for f in s["findings"]
        if f["code"] in seasonal
    )
    assert found == sorted(
        (p["file"], p["code"], p["severity"], p["sheet"], p["row"], p["column"])
        for p in key["planted"]
        if p["code"] in seasonal
    )
    assert sorted({f[1] for f in found}) == sorted(seasonal)
    cross = [f for f in result["findings"] if f["code"] == "absent-not-in-ledger"]
    assert [(f["code"], f["row"]) for f in cross] == [
        (c["code"], c["row"]) for c in key["cross"] if c["code"] == "absent-not-in-ledger"
    ]


def test_a_clean_county_consolidates_with_exit_0_and_no_error(tmp_path, capsys) -> None:
    out = tmp_path / "干净示例县"
    assert main(["demo", "--out", str(out), "--clean", "--schools", "10"]) == 0
    status, result, key = _consolidate(out, capsys)
    errors = [
        (f["code"], f["message"])
        for f in [*result["findings"], *(f for s in result["submissions"] for f in s["findings"])]
        if f["severity"] == "error"
    ]
    assert errors == []
    assert status == 0
    assert {s["case"] for s in key["schools"]} <= {"clean", "messy"}
    assert [s["status"] for s in result["submissions"]] == ["accepted"] * len(key["schools"])


def test_demo_refuses_a_month_that_is_not_one(tmp_path, capsys) -> None:
    assert main(["demo", "--out", str(tmp_path), "--period", "2026-13"]) == 2
    assert capsys.readouterr().err == (
        "schoolroll：--period 应为 YYYY-MM（如 2026-10），不是“2026-13”\n"
    )


def test_demo_refuses_a_month_without_enough_school_days(tmp_path, capsys) -> None:
    assert main(["demo", "--out", str(tmp_path), "--period", "2026-08"]) == 2
    assert capsys.readouterr().err == (
        "schoolroll：2026-08 的上课日（学期日历内）不足 10 天，请换一个填报月份\n"
    )


def test_an_autumn_month_plants_no_break_or_graduating_term_finding(tmp_path) -> None:
    from core.demo import generate_county

    key = json.loads(generate_county(tmp_path, schools=10).answer_key.read_text("utf-8"))
    assert {p["code"] for p in key["planted"]} & {
        "vacation-absence-overcount",
        "suspension-overlong",
    } == set()
