"""Why a file could not be read, in a clerk's words: every library's exceptions at one boundary.

zipfile, zlib, olefile, msoffcrypto, calamine (whose Rust panics arrive as pyo3's
PanicException, a BaseException) and openpyxl each raise their own classes with English text.
The reader catches them where a file is read and turns them into a plain Chinese reason; the
library's own text goes to the log only, which never names a pupil (it holds no cell values).
"""

from __future__ import annotations

import errno
import logging
import zipfile
import zlib

log = logging.getLogger(__name__)

_BY_ERRNO = {
    errno.ENOENT: "文件不存在（可能已被移走或删除）",
    errno.EACCES: "没有读取这个文件的权限",
    errno.EPERM: "没有读取这个文件的权限",
    errno.EISDIR: "这是一个文件夹",
    errno.EIO: "读取磁盘时出错",
}
_BY_TEXT = (
    ("crc", "文件内容校验失败（CRC 错误），文件在传输或保存时损坏了"),
    ("bad magic", "压缩结构损坏（文件头不对）"),
    ("truncated", "文件不完整（被截断了）"),
    ("password required", "压缩包内的文件设置了密码"),
    ("encrypted", "压缩包内的文件设置了密码"),
    ("compression method", "文件使用了不支持的压缩方式（请用 Excel 另存为 .xlsx）"),
    ("zip file version", "文件使用了不支持的压缩格式版本（请用 Excel 另存为 .xlsx）"),
    ("deflate64", "文件使用了不支持的压缩方式（请用 Excel 另存为 .xlsx）"),
    ("overlapped", "压缩结构损坏（内部文件相互重叠）"),
    ("not a zip file", "压缩结构损坏"),
    ("not an ole2", "Office 文件结构损坏"),
    ("incorrect ole", "Office 文件结构损坏"),
)


def is_panic(exc: BaseException) -> bool:
    """A Rust panic raised through pyo3 (no importable class, so known by its name)."""
    return type(exc).__name__ == "PanicException"


def is_failure(exc: BaseException) -> bool:
    """An exception a bad input may cause: anything but an interrupt or an exit."""
    return isinstance(exc, Exception) or is_panic(exc)


def plain_reason(exc: BaseException) -> str:
    """A Chinese reason for exc, without the library's English text."""
    if is_panic(exc):
        return "读取程序无法解析文件内容（内部结构异常）"
    if isinstance(exc, MemoryError):
        return "文件内容异常，读取所需的内存超出限度"
    if isinstance(exc, UnicodeDecodeError):
        return "文件中的名称或文字编码无法识别"
    text = str(exc).lower()
    for needle, reason in _BY_TEXT:
        if needle in text:
            return reason
    if isinstance(exc, zlib.error):
        return "压缩数据损坏，无法解压"
    if isinstance(exc, zipfile.BadZipFile | EOFError):
        return "压缩结构损坏"
    if isinstance(exc, NotImplementedError):
        return "文件使用了不支持的格式特性（请用 Excel 另存为 .xlsx）"
    if isinstance(exc, OSError) and exc.errno is not None:
        return _BY_ERRNO.get(exc.errno, f"文件无法读取（系统错误 {exc.errno}）")
    return "文件结构损坏"


def logged_reason(exc: BaseException, where: str) -> str:
    """plain_reason(exc), after logging the exception's class and text (never its cells)."""
    log.warning("unreadable input (%s): %s: %s", where, type(exc).__name__, str(exc)[:200])
    return plain_reason(exc)
