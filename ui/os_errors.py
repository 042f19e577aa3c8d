"""An operating-system error (disk full, no permission, file in use) as one Chinese sentence."""

from __future__ import annotations

import errno
from pathlib import Path

REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EACCES: "没有权限，或文件正被其他程序（如 Excel、WPS）打开",
    errno.EPERM: "没有权限，或文件正被其他程序（如 Excel、WPS）打开",
    errno.ENOENT: "找不到该文件或文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EROFS: "磁盘是只读的",
    errno.EEXIST: "已有同名文件",
}


class ReportedOSError(OSError):
    """An OSError already put into words (in the child process that met it)."""


def os_error_text(exc: OSError) -> str:
    """What went wrong, in Chinese, with the system's own words in brackets."""
    from core.outputs import OutputError

    if isinstance(exc, ReportedOSError | OutputError):
        return str(exc.args[0])
    reason = REASONS.get(exc.errno or 0, "系统报告错误")
    where = f"“{Path(exc.filename).name}”" if exc.filename else ""
    system = f"（系统信息：{exc.strerror}）" if exc.strerror else ""
    return f"无法读写文件{where}：{reason}{system}。"
