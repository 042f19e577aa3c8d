"""Every command that writes a file, faced with a target it cannot write: a read-only disk, a full
disk, a file standing where a folder should be, a target locked by Excel.

Each gives one Chinese sentence naming the place and the fix, exit 2, no traceback, and leaves
nothing behind (no temporary file of ours, no partial output); a locked target keeps its old
content. The writers all go through core.outputs.write_atomic.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from core import outputs
from core.catalogue import FAMILIES
from core.outputs import TEMP_PREFIX
from core.register.schema import open_register
from core.writers.template_writer import template_name
from desktop.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIRST_TEMPLATE = template_name(FAMILIES[0])


def _register(tmp_path: Path) -> Path:
    path = tmp_path / "登记册" / "个案登记册.sqlite"
    open_register(path).close()  # an empty register exports three header-only sheets
    return path


# Each command: (argv for an output under `where`, the file it writes first there).
Command = Callable[[Path, Path], tuple[list[str], Path]]
COMMANDS: dict[str, Command] = {
    "templates": lambda tmp, where: (
        ["templates", "--out", str(where / "模板")],
        where / "模板" / FIRST_TEMPLATE,
    ),
    "rules": lambda tmp, where: (["rules", "--out", str(where / "规则.md")], where / "规则.md"),
    "register export": lambda tmp, where: (
        ["register", "export", "--register", str(_register(tmp)), "--out", str(where / "导.xlsx")],
        where / "导.xlsx",
    ),
    "demo": lambda tmp, where: (
        ["demo", "--out", str(where / "示例县"), "--schools", "10", "--students", "30"],
        where / "示例县",  # its folder, made before any file is written
    ),
}


def _temps(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if p.name.startswith(TEMP_PREFIX)]


def _files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _mount(where: Path, options: str) -> Iterator[Path]:
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("mounting a tmpfs needs root on Linux")
    try:
        yield where
    finally:
        gc.collect()  # a library's half-closed zip may still hold a deleted file open
        subprocess.run(["umount", "-l", str(where)], check=True)


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    yield from _mount(tmp_path / "只读盘", "ro,size=1m")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    yield from _mount(tmp_path / "小盘", "size=4k")


linux_only = pytest.mark.skipif(sys.platform != "linux", reason="a tmpfs mount needs Linux")


@linux_only
@pytest.mark.parametrize("command", COMMANDS)
def test_a_read_only_disk(command: str, tmp_path: Path, read_only_disk: Path, capsys) -> None:
    argv, first = COMMANDS[command](tmp_path, read_only_disk)
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"schoolroll：“{first.parent}”所在的磁盘只读，无法写出“{first.name}”："
        "请把输出换到可写的位置\n"
    )
    assert list(read_only_disk.iterdir()) == []


@linux_only
@pytest.mark.parametrize("command", COMMANDS)
def test_a_full_disk(command: str, tmp_path: Path, small_disk: Path) -> None:
    argv, first = COMMANDS[command](tmp_path, small_disk)
    # a real process: the half-written zip a library leaves must not print a traceback on exit
    done = subprocess.run(
        [sys.executable, "-m", "desktop.cli", *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"schoolroll：磁盘空间不足，无法写出“{first}")
    assert lines[0].endswith("”：请清理磁盘或把输出换到空间足够的位置后重试")
    assert _temps(small_disk) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_a_file_where_the_folder_should_be(command: str, tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "不是文件夹"
    blocker.write_text("x")
    argv, first = COMMANDS[command](tmp_path, blocker)
    # the demo makes its folder and the inbox in it at once: the OS names the deepest
    named = "收件箱" if command == "demo" else first.name
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"schoolroll：输出路径中的“{blocker}”是一个文件而不是文件夹，无法写出“{named}”："
        "请把输出放到一个文件夹里\n"
    )
    assert blocker.read_text() == "x"


LOCKABLE = ["templates", "rules", "register export"]
"""The commands that overwrite their output in place (demo refreshes its own folder)."""


@pytest.mark.parametrize("command", LOCKABLE)
def test_a_locked_target_keeps_its_old_content(
    command: str, tmp_path: Path, monkeypatch, capsys
) -> None:
    where = tmp_path / "输出"
    argv, first = COMMANDS[command](tmp_path, where)
    assert main(argv) == 0
    capsys.readouterr()
    before = _files(where)
    real_replace = os.replace

    def locked(src, dst):  # Windows refuses to replace a file open in Excel
        if Path(dst).exists():
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(outputs.os, "replace", locked)
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"schoolroll：“{first}”正被其他程序（如 Excel 或 WPS）打开或被锁定，无法覆盖："
        "请关闭该文件后重试，或把输出换一个文件名\n"
    )
    assert _files(where) == before
    assert _temps(where) == []


@pytest.mark.skipif(os.name != "posix", reason="whether a pid lives is asked with POSIX kill(0)")
@pytest.mark.parametrize("command", [*LOCKABLE, "demo"])
def test_the_next_run_sweeps_a_killed_runs_temporary_file(
    command: str, tmp_path: Path, capsys
) -> None:
    where = tmp_path / "输出"
    argv, first = COMMANDS[command](tmp_path, where)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    folder = first if command == "demo" else first.parent  # where it writes its first file
    folder.mkdir(parents=True)
    stale = folder / f"{TEMP_PREFIX}{dead.pid}-0123abcd.{first.name}"
    stale.write_bytes(b"half a workbook")
    assert main(argv) == 0
    assert not stale.exists()
    assert _temps(where) == []
