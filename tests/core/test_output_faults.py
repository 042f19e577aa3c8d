"""Faults while writing outputs: disk full, a read-only folder, a locked target, a kill mid-write.

Each is a Chinese sentence saying what and how to fix, exit 2, no traceback, and nothing left
behind: neither a partial target nor a temporary file; a temporary file of a killed run is
removed by the next run.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from core import outputs
from core.outputs import TEMP_PREFIX, OutputError, sweep_stale, write_atomic
from desktop.cli import main
from tests.core.consolidate.files import school_file, school_list

ROOT = Path(__file__).resolve().parents[2]
WROTE = (0, 1)
"""Written, with or without error findings in the sample files (exit 2 is the failure)."""
CODES = {"4115250010": "第一小学", "4115250011": "第二小学"}


def _county(tmp_path: Path) -> tuple[Path, Path]:
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    for n, (code, name) in enumerate(CODES.items()):
        school_file(
            inbox / f"{name}.xlsx", code, name, roster=list(range(10 * n + 1, 10 * n + 3 + n))
        )
    return inbox, school_list(tmp_path / "学校名录.xlsx", CODES)


def _argv(inbox: Path, schools: Path, out: Path, feedback: Path | None = None) -> list[str]:
    argv = ["consolidate", str(inbox), "--period", "2026-10", "--schools", str(schools)]
    argv += ["--out", str(out)]
    return argv + (["--feedback", str(feedback)] if feedback else [])


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _temps(*folders: Path) -> list[str]:
    return [p.name for f in folders if f.exists() for p in f.iterdir() if p.name.startswith(".~")]


def _fail_zip_after(monkeypatch, calls: int, exc: OSError) -> None:
    """The n-th member written to any zip (an .xlsx) fails as the disk would; earlier ones land."""
    seen = {"n": 0}
    for name in ("write", "writestr"):
        original = getattr(zipfile.ZipFile, name)

        def failing(self, *a, _original=original, **k):
            seen["n"] += 1
            if seen["n"] > calls:
                raise exc
            return _original(self, *a, **k)

        monkeypatch.setattr(zipfile.ZipFile, name, failing)


def test_disk_full_while_writing_the_county_workbook(tmp_path: Path, monkeypatch, capsys) -> None:
    inbox, schools = _county(tmp_path)
    before = _digests(inbox)
    out = tmp_path / "输出" / "汇总.xlsx"
    _fail_zip_after(monkeypatch, 3, OSError(errno.ENOSPC, "No space left on device"))
    assert main(_argv(inbox, schools, out)) == 2
    err = capsys.readouterr().err
    assert err == (
        f"schoolroll：磁盘空间不足，无法写出“{out}”：请清理磁盘或把输出换到空间足够的位置后重试\n"
    )
    assert list(out.parent.iterdir()) == []
    assert _digests(inbox) == before


def test_disk_full_while_writing_a_feedback_copy(tmp_path: Path, monkeypatch, capsys) -> None:
    inbox, schools = _county(tmp_path)
    out, feedback = tmp_path / "汇总.xlsx", tmp_path / "反馈"
    import core.writers.annotated_writer as aw

    def full(book, target):
        (target.parent / "x").write_bytes(b"")  # the folder exists; the save then fails
        (target.parent / "x").unlink()
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(aw.Workbook, "save", lambda self, tmp: full(self, Path(tmp)))
    assert main(_argv(inbox, schools, out, feedback)) == 2
    err = capsys.readouterr().err
    assert err.startswith("schoolroll：磁盘空间不足，无法写出“")
    assert "Traceback" not in err
    assert _temps(tmp_path, feedback) == []


@pytest.mark.skipif(sys.platform != "linux", reason="a tmpfs mount needs Linux")
def test_disk_full_on_a_small_tmpfs(tmp_path: Path, capsys) -> None:
    inbox, schools = _county(tmp_path)
    small = tmp_path / "小盘"
    small.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=12k", "tmpfs", str(small)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    try:
        out = small / "汇总.xlsx"
        assert main(_argv(inbox, schools, out)) == 2
        assert capsys.readouterr().err == (
            f"schoolroll：磁盘空间不足，无法写出“{out}”："
            "请清理磁盘或把输出换到空间足够的位置后重试\n"
        )
        assert list(small.iterdir()) == []
    finally:
        gc.collect()  # a library's half-closed zip may still hold the deleted file open
        subprocess.run(["umount", "-l", str(small)], check=True)


def test_a_read_only_folder(tmp_path: Path, monkeypatch, capsys) -> None:
    inbox, schools = _county(tmp_path)
    out = tmp_path / "只读" / "汇总.xlsx"
    # root ignores chmod, so the refusal the OS gives a clerk is injected where the file opens
    _fail_zip_after(monkeypatch, 0, PermissionError(errno.EACCES, "Permission denied"))
    assert main(_argv(inbox, schools, out)) == 2
    assert capsys.readouterr().err == (
        f"schoolroll：没有权限写入文件夹“{out.parent}”（只读或无写入权限）："
        "请把输出换到可写的位置，或请管理员开放写入权限\n"
    )
    assert list(out.parent.iterdir()) == []


def test_a_locked_feedback_copy_is_exit_2_and_the_old_copy_stays(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    inbox, schools = _county(tmp_path)
    out, feedback = tmp_path / "汇总.xlsx", tmp_path / "反馈"
    assert main(_argv(inbox, schools, out, feedback)) in WROTE
    capsys.readouterr()
    copies = _digests(feedback)
    real_replace = os.replace

    def locked(src, dst):
        if Path(dst).parent == feedback and Path(dst).exists():
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(outputs.os, "replace", locked)
    assert main(_argv(inbox, schools, out, feedback)) == 2
    first = sorted(feedback.iterdir())[0]
    assert capsys.readouterr().err == (
        f"schoolroll：“{first}”正被其他程序（如 Excel 或 WPS）打开或被锁定，无法覆盖："
        "请关闭该文件后重试，或把输出换一个文件名\n"
    )
    assert _digests(feedback) == copies


def test_a_locked_county_workbook_is_kept_beside_it(tmp_path: Path, monkeypatch) -> None:
    inbox, schools = _county(tmp_path)
    out = tmp_path / "汇总.xlsx"
    out.write_bytes(b"old")
    real_replace = os.replace

    def locked(src, dst):
        if Path(dst) == out:
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(outputs.os, "replace", locked)
    assert main(_argv(inbox, schools, out)) in WROTE
    assert out.read_bytes() == b"old"
    kept = [p.name for p in tmp_path.iterdir() if p.name.startswith("汇总_")]
    assert len(kept) == 1
    assert kept[0].endswith(".xlsx")
    assert _temps(tmp_path) == []


def test_write_atomic_cleans_up_on_an_interrupt(tmp_path: Path) -> None:
    def interrupted(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "a.xlsx", interrupted)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(OutputError, match=r"^无法写出"):
        write_atomic(tmp_path / "a.xlsx", lambda tmp: (_ for _ in ()).throw(OSError(errno.EIO, "")))
    assert list(tmp_path.iterdir()) == []


def test_only_stale_temporary_files_of_our_naming_are_swept(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    names = {
        f"{TEMP_PREFIX}{dead.pid}-0123abcd.汇总.xlsx": False,  # a killed run's: removed
        f"{TEMP_PREFIX}{os.getpid()}-89abcdef.汇总.xlsx": True,  # this process's own, in use
        f".~{dead.pid}-0123abcd.汇总.xlsx": True,  # not our naming
        "汇总.xlsx": True,
        "~$汇总.xlsx": True,  # Excel's lock file
    }
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    removed = sweep_stale(tmp_path)
    assert [p.name for p in removed] == [n for n, kept in names.items() if not kept]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(n for n, k in names.items() if k)


_CHILD = textwrap.dedent(
    """
    import os, sys, time
    from core import outputs
    real = os.replace
    def hold(src, dst):
        # the test hook: say where the finished temporary file is, then wait to be killed
        print(src, flush=True)
        time.sleep(600)
    outputs.os.replace = hold
    from desktop.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is a POSIX signal")
def test_a_consolidation_killed_mid_write_leaves_the_old_file_and_the_next_run_cleans_up(
    tmp_path: Path,
) -> None:
    inbox, schools = _county(tmp_path)
    out = tmp_path / "汇总.xlsx"
    argv = _argv(inbox, schools, out)
    assert main(argv) in WROTE
    old = out.read_bytes()
    inputs = {**_digests(inbox), "学校名录": hashlib.sha256(schools.read_bytes()).hexdigest()}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, *argv], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )
    try:
        temp = Path(child.stdout.readline().strip())
        assert temp.exists()
        assert temp.name.startswith(TEMP_PREFIX)
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=60) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
    assert temp.exists()
    assert out.read_bytes() == old
    assert main(argv) in WROTE
    assert _temps(tmp_path) == []
    assert {**_digests(inbox), "学校名录": hashlib.sha256(schools.read_bytes()).hexdigest()} == (
        inputs
    )
    shutil.rmtree(inbox)
