"""schoolroll rollup: exit status, JSON document, masked IDs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from tests.core.rollup.county_books import build_prefecture


def test_rollup_json_lists_units_metrics_and_findings(tmp_path: Path, capsys) -> None:
    inbox, units = build_prefecture(tmp_path, "4115")
    out = tmp_path / "信阳市.xlsx"
    status = main(
        [
            "rollup",
            str(inbox),
            "--level",
            "prefecture",
            "--period",
            "2026-10",
            "--out",
            str(out),
            "--units",
            str(units),
            "--json",
        ]
    )
    doc = json.loads(capsys.readouterr().out)
    assert status == 1
    assert out.is_file()
    assert (doc["level"], doc["unit_code"], doc["missing"]) == (
        "prefecture",
        "411500",
        [{"unit_code": "411524", "unit": "丁县"}],
    )
    assert doc["totals"]["roster_count"] == 13
    dupes = [f for f in doc["findings"] if f["code"] == "duplicate-across-units"]
    assert [f["id_number"] for f in dupes] == ["4115**********0014"] * 2
    assert "实际辍学率(%)" in [m["metric"] for m in doc["metrics"]]


def test_rollup_prints_a_summary(tmp_path: Path, capsys) -> None:
    inbox, units = build_prefecture(tmp_path, "4115")
    main(
        [
            "rollup",
            str(inbox),
            "--level",
            "prefecture",
            "--period",
            "2026-10",
            "--out",
            str(tmp_path / "o.xlsx"),
            "--units",
            str(units),
        ]
    )
    text = capsys.readouterr().out
    assert "应报 4 个单位，已报 3 个" in text
    assert "丙县 的“疑似辍学人数”汇总为 1，按其台账应为 2" in text


def test_rollup_bad_level_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(
            [
                "rollup",
                str(tmp_path),
                "--level",
                "county",
                "--period",
                "2026-10",
                "--out",
                str(tmp_path / "o.xlsx"),
            ]
        )
    assert exc.value.code == 2


def test_rollup_bad_period_is_a_usage_error(tmp_path: Path, capsys) -> None:
    status = main(
        [
            "rollup",
            str(tmp_path),
            "--level",
            "prefecture",
            "--period",
            "2026-13",
            "--out",
            str(tmp_path / "o.xlsx"),
        ]
    )
    assert status == 2
    assert "YYYY-MM" in capsys.readouterr().err


def test_rollup_takes_the_policy_like_the_other_commands(tmp_path: Path, capsys) -> None:
    policy = tmp_path / "策略.toml"
    policy.write_text("[age]\nlow = 9\nhigh = 3\n", encoding="utf-8")
    args = ["rollup", str(tmp_path), "--level", "prefecture", "--period", "2026-10"]
    status = main([*args, "--out", str(tmp_path / "o.xlsx"), "--policy", str(policy)])
    assert status == 2
    assert capsys.readouterr().err == "schoolroll：年龄下限不能大于上限\n"
    assert not (tmp_path / "o.xlsx").exists()
