"""schoolroll validate / rules: exit status, the readable summary, the JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

from core.rules import RULES
from core.writers.rules_doc import render_rules_doc
from desktop.cli import main
from tests.core.rules.rule_tables import pupil, school, write_xlsx

ROOT = Path(__file__).resolve().parents[2]


def _files(tmp_path: Path) -> tuple[Path, Path]:
    good = write_xlsx(school(), tmp_path / "好.xlsx")
    roster = [pupil(i) for i in range(4)]
    roster[2] = {**roster[2], "id_number": roster[2]["id_number"][:-1] + "9"}
    bad = write_xlsx(school(roster=roster), tmp_path / "坏.xlsx")
    return good, bad


def test_readable_summary_and_exit_status(tmp_path: Path, capsys) -> None:
    good, bad = _files(tmp_path)
    assert main(["validate", str(good)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{good}：通过（错误 0，警告 0，疑问 0（已说明 0），提示 0）",
        "  学校标识码 2141012345，填报月份 2026-10",
        "共 1 个文件：通过 1，未通过 0，无法读取 0",
    ]
    assert main(["validate", str(bad)]) == 1
    assert capsys.readouterr().out.splitlines()[2:4] == [
        "  [错误] 学籍名册 第5行 E列：身份证件号校验位错误，应为 5",
        "  [错误] 考勤汇总 第5行 E列：身份证件号校验位错误，应为 5",
    ]


def test_json_is_one_document_and_annotations_go_to_the_folder(tmp_path: Path, capsys) -> None:
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    _files(inbox)
    out = tmp_path / "标注"  # outside the folder validated: inside it would be read back
    assert main(["validate", str(inbox), "--json", "--annotate", str(out)]) == 1
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert [(Path(f["path"]).name, f["status"]) for f in doc["files"]] == [
        ("坏.xlsx", "failed"),
        ("好.xlsx", "passed"),
    ]
    assert doc["files"][0]["findings"][0] == {
        "code": "id-invalid",
        "severity": "error",
        "sheet": "学籍名册",
        "row": 5,
        "column": "E",
        "cell": "E5",
        "field": "身份证件号",
        "value": "411525201301200169",
        "message": "身份证件号校验位错误，应为 5",
        "hint": "请对照户口簿逐位核对身份证件号。",
        "explanation": None,
    }
    assert sorted(p.name for p in out.iterdir()) == ["坏_校验结果.xlsx", "好_校验结果.xlsx"]
    assert "已写出标注副本" in captured.err


def test_bad_usage_exits_2(tmp_path: Path, capsys) -> None:
    assert main(["validate", str(tmp_path / "没有这个文件.xlsx")]) == 2
    assert "找不到" in capsys.readouterr().err
    policy = tmp_path / "p.toml"
    policy.write_text("[age]\nlow = 9\nhigh = 3\n", encoding="utf-8")
    good, _ = _files(tmp_path)
    assert main(["validate", str(good), "--policy", str(policy)]) == 2


def test_docs_rules_md_is_generated_from_the_catalogue(tmp_path: Path) -> None:
    assert main(["rules", "--out", str(tmp_path / "rules.md")]) == 0
    text = (tmp_path / "rules.md").read_text(encoding="utf-8")
    assert text == render_rules_doc(RULES)
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == text, (
        "docs/rules.md is stale: run schoolroll rules --out docs/rules.md"
    )
    assert "### `absence-not-reported` 连续缺勤未报疑似辍学" in text
