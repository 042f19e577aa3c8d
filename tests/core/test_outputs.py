"""Outputs never land on an input or inside the inbox; a closed pipe or an empty inbox is plain."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from core.outputs import check_outputs
from desktop.cli import main
from tests.core.consolidate.files import school_file, school_list

ROOT = Path(__file__).resolve().parents[2]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_output_on_an_input_or_inside_the_inbox_is_a_problem(tmp_path: Path) -> None:
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    schools = tmp_path / "学校名录.xlsx"
    schools.touch()
    assert check_outputs([inbox, schools], [tmp_path / "汇总.xlsx", tmp_path / "反馈"]) == []
    assert check_outputs([inbox, schools], [schools, inbox / "反馈"]) == [
        f"输出“{schools}”就是输入“{schools}”本身，写出会覆盖它，请换一个位置",
        f"输出“{inbox / '反馈'}”在输入文件夹“{inbox}”里面，下次会被当作报送文件读取，"
        "请换到这个文件夹以外",
    ]
    assert check_outputs([inbox], [tmp_path / "收件箱" / ".." / "收件箱"]) == [
        f"输出“{tmp_path / '收件箱' / '..' / '收件箱'}”就是输入“{inbox}”本身，写出会覆盖它，"
        "请换一个位置"
    ]


def test_consolidate_refuses_to_overwrite_the_school_list_before_writing(
    tmp_path: Path, capsys
) -> None:
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    school_file(inbox / "一小.xlsx", "4115250010", "第一小学", roster=[1, 2])
    schools = school_list(tmp_path / "学校名录.xlsx", {"4115250010": "第一小学"})
    before = _digest(schools)
    argv = ["consolidate", str(inbox), "--period", "2026-10", "--schools", str(schools)]
    assert main([*argv, "--out", str(schools)]) == 2
    assert capsys.readouterr().err == (
        f"schoolroll：输出“{schools}”就是输入“{schools}”本身，写出会覆盖它，请换一个位置\n"
    )
    assert _digest(schools) == before
    assert main([*argv, "--out", str(tmp_path / "汇总.xlsx"), "--feedback", str(inbox)]) == 2
    assert sorted(p.name for p in inbox.iterdir()) == ["一小.xlsx"]


def test_validate_refuses_to_annotate_into_the_inbox(tmp_path: Path, capsys) -> None:
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    school_file(inbox / "一小.xlsx", "4115250010", "第一小学", roster=[1])
    assert main(["validate", str(inbox), "--annotate", str(inbox / "标注")]) == 2
    assert "下次会被当作报送文件读取" in capsys.readouterr().err
    assert not (inbox / "标注").exists()


def test_nothing_readable_is_exit_1(tmp_path: Path, capsys) -> None:
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    (inbox / "照片.jpg").write_bytes(b"\xff\xd8\xff")
    assert main(["validate", str(inbox)]) == 1
    out = capsys.readouterr().out
    assert (
        out.splitlines()[-1]
        == "共 0 个文件：通过 0，未通过 0，无法读取 0；另有 1 个不是报表的文件已跳过"
    )
    (inbox / "坏.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    argv = ["consolidate", str(inbox), "--period", "2026-10", "--out", str(tmp_path / "汇总.xlsx")]
    assert main(argv) == 1
    assert capsys.readouterr().err.endswith("schoolroll：收件箱里没有一个能读取的报表\n")


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    for n in range(3):
        school_file(tmp_path / f"{n}.xlsx", f"411525001{n}", f"第{n}小学", roster=list(range(40)))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cli = [sys.executable, "-m", "desktop.cli", "validate", "--json", str(tmp_path)]
    writer = subprocess.Popen(cli, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert writer.stdout is not None
    writer.stdout.read(10)
    writer.stdout.close()  # what `| head -c 10` does
    _, err = writer.communicate(timeout=120)
    assert (writer.returncode, err.decode()) == (1, "")
