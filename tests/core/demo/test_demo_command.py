"""`schoolroll demo`: the command prints a summary and exits 0, or explains bad input (2)."""

from __future__ import annotations

import json

from desktop.cli import main


def test_demo_command_writes_the_county(tmp_path, capsys) -> None:
    out = tmp_path / "示例县"
    assert main(["demo", "--out", str(out), "--schools", "10", "--students", "40"]) == 0
    printed = capsys.readouterr().out
    assert f"示例县已生成：{out}" in printed
    key = json.loads((out / "answer_key.json").read_text("utf-8"))
    assert len(key["schools"]) == 11
    assert (out / "说明.txt").exists()
    assert (out / "收件箱").is_dir()


def test_demo_command_twice_in_one_folder_replaces_the_county(tmp_path) -> None:
    args = ["demo", "--out", str(tmp_path), "--schools", "10", "--students", "40"]
    assert main(args) == 0
    first = sorted(p.name for p in (tmp_path / "收件箱").iterdir())
    assert main([*args[:-4], "--schools", "11", "--students", "40"]) == 0
    assert sorted(p.name for p in (tmp_path / "收件箱").iterdir()) != first


def test_demo_command_refuses_too_few_schools(tmp_path, capsys) -> None:
    assert main(["demo", "--out", str(tmp_path), "--schools", "3"]) == 2
    assert "至少需要 10 所学校" in capsys.readouterr().err


def test_demo_command_will_not_mix_with_another_inbox(tmp_path, capsys) -> None:
    (tmp_path / "收件箱").mkdir()
    (tmp_path / "收件箱" / "别的学校.xlsx").write_bytes(b"x")
    assert main(["demo", "--out", str(tmp_path)]) == 2
    assert "请换一个空文件夹" in capsys.readouterr().err
    assert (tmp_path / "收件箱" / "别的学校.xlsx").read_bytes() == b"x"
