"""Where outputs may go: never over an input, never inside the inbox they come from.

The CLI and the window both ask check_outputs before anything is written: an output named like
an input or a reference list would overwrite a school's file, and one inside the inbox would be
read back as a submission by the next run.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import logging
import os
import re
import secrets
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def _real(path: str | Path) -> Path:
    return Path(os.path.realpath(Path(path).expanduser()))


def _inside(path: Path, folder: Path) -> bool:
    return path != folder and folder in path.parents


def check_outputs(inputs: Iterable[str | Path], outputs: Iterable[str | Path]) -> list[str]:
    """The problems, in Chinese, of writing the outputs (files or folders) given these inputs
    (files, folders or zips read, reference lists included); [] when all may be written."""
    sources = [(given, _real(given)) for given in inputs if given]
    problems = []
    for out in outputs:
        if not out:
            continue
        target = _real(out)
        for given, source in sources:
            if target == source:
                problems.append(f"输出“{out}”就是输入“{given}”本身，写出会覆盖它，请换一个位置")
            elif source.is_dir() and _inside(target, source):
                problems.append(
                    f"输出“{out}”在输入文件夹“{given}”里面，下次会被当作报送文件读取，"
                    "请换到这个文件夹以外"
                )
    return problems


# --- writing: a temporary file of our own naming beside the target, then one move ---------------

TEMP_PREFIX = ".~schoolroll-"
"""Every temporary output is named `.~schoolroll-<pid>-<token>.<target name>`: the next run
recognises one left by a killed process (its pid no longer alive) and removes it."""
_TEMP_RE = re.compile(r"^\.~schoolroll-(\d+)-[0-9a-f]{8}\.")
STALE_AFTER_S = 24 * 3600
"""Where the OS cannot say whether a process lives (Windows), a temporary file this old is stale."""


class OutputError(OSError):
    """An output could not be written; str() is the Chinese message saying what and how to fix."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def temp_path(target: Path) -> Path:
    """A fresh temporary name beside the target, recognisable by sweep_stale."""
    return target.with_name(f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}.{target.name}")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # unknown: the age decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, another user's
    return True


def sweep_stale(folder: Path) -> list[Path]:
    """Remove the temporary files a killed run of ours left in the folder; returns them."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        m = _TEMP_RE.match(entry.name)
        if not m or not entry.is_file(follow_symlinks=False):
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S
            if old or not _alive(int(m.group(1))):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def write_message(exc: OSError, target: Path, *, moving: bool = False) -> str:
    """The Chinese sentence for an OSError met while writing `target` (or moving it into place)."""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return f"磁盘空间不足，无法写出“{target}”：请清理磁盘或把输出换到空间足够的位置后重试"
    if code == errno.EROFS:
        return f"“{target.parent}”所在的磁盘只读，无法写出“{target.name}”：请把输出换到可写的位置"
    if moving and isinstance(exc, PermissionError):  # the folder took the temporary file
        return (
            f"“{target}”正被其他程序（如 Excel 或 WPS）打开或被锁定，无法覆盖："
            "请关闭该文件后重试，或把输出换一个文件名"
        )
    if isinstance(exc, PermissionError):
        return (
            f"没有权限写入文件夹“{target.parent}”（只读或无写入权限）："
            "请把输出换到可写的位置，或请管理员开放写入权限"
        )
    if code == errno.ENOENT:
        return f"找不到输出位置“{target.parent}”：请确认路径正确"
    if code in (errno.EEXIST, errno.ENOTDIR):  # a file stands where a folder should be
        return (
            f"输出路径中的“{_blocking_file(target)}”是一个文件而不是文件夹，"
            f"无法写出“{target.name}”：请把输出放到一个文件夹里"
        )
    if code == errno.EISDIR:
        return f"“{target}”是一个文件夹，不能写成工作簿：请给输出写一个文件名，如“县区汇总.xlsx”"
    # The OS's own text is English on many systems: only its number is shown, for support.
    reason = f"系统错误代码 {code}" if code is not None else type(exc).__name__
    return f"无法写出“{target}”（{reason}）：请检查该位置是否可写、空间是否足够后重试"


def _blocking_file(target: Path) -> Path:
    """The file standing where a folder of the target's path should be (else its parent)."""
    for folder in reversed(target.parents):
        if folder.exists() and not folder.is_dir():
            return folder
    return target.parent


def write_atomic(
    target: str | Path, build: Callable[[Path], None], *, keep_when_locked: bool = False
) -> Path:
    """build(tmp) writes the whole output at a temporary path beside `target`, which then moves
    into place in one step. On any failure nothing is left: neither a partial target nor the
    temporary file; an OSError becomes OutputError with its Chinese message. Stale temporary
    files of an earlier killed run in the same folder are removed first.

    With keep_when_locked, a target that refuses the move (open in Excel on Windows) leaves the
    finished output beside it as "<stem>_HHMMSS<suffix>"; the path returned says where it went."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(write_message(exc, target)) from None
    sweep_stale(target.parent)
    tmp = temp_path(target)
    moving = False
    try:
        build(tmp)
        moving = True
        try:
            os.replace(tmp, target)
        except PermissionError:
            if not keep_when_locked:
                raise
            kept = target.with_name(f"{target.stem}_{time.strftime('%H%M%S')}{target.suffix}")
            os.replace(tmp, kept)
            return kept
    except BaseException as exc:
        _release(exc)
        _discard(tmp)
        cause = _os_error(exc)
        if cause is None or isinstance(exc, OutputError):
            raise
        raise OutputError(write_message(cause, target, moving=moving)) from None
    return target


def _os_error(exc: BaseException) -> OSError | None:
    """The OSError behind a failure: itself, or one a library wrapped (xlsxwriter's
    FileCreateError carries it as its argument, others chain it)."""
    if isinstance(exc, OSError):
        return exc
    for inner in (*exc.args[:1], exc.__cause__, exc.__context__):
        if isinstance(inner, OSError):
            return inner
    return None


def _release(exc: BaseException) -> None:
    """Close now what the failed build left open: its frames hold a library's half-written zip,
    which on a full disk fails again as it closes. Python would print that failure on stderr,
    in English, whenever the zip is collected; here it goes to the log."""
    previous = sys.unraisablehook
    sys.unraisablehook = _log_unraisable
    try:
        seen: set[int] = set()
        stack: list[BaseException | None] = [exc]
        while stack:
            one = stack.pop()
            if one is None or id(one) in seen:
                continue
            seen.add(id(one))
            traceback.clear_frames(one.__traceback__)
            stack += [one.__cause__, one.__context__]
        gc.collect()
    finally:
        sys.unraisablehook = previous


def _log_unraisable(unraisable: Any) -> None:
    log.warning("ignored while releasing a failed output: %s", type(unraisable.exc_value).__name__)


def _discard(tmp: Path) -> None:
    try:
        tmp.unlink(missing_ok=True)
    except OSError:
        # Windows refuses while a library's half-closed zip still holds the file: let it go
        gc.collect()
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
