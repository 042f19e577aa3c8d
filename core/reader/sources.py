"""What to read: files, folders and zip archives of attachments, as Sources named like the user.

A Windows zip written without the UTF-8 flag stores member names in the local code page (GBK on
Chinese Windows); zipfile decodes them as cp437, so such names are turned back into bytes and
decoded as UTF-8 or GBK.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from core.model.findings import Finding, make_finding

ATTACHMENT_SUFFIXES = frozenset(
    {
        ".xlsx",
        ".xlsm",
        ".xls",
        ".ods",
        ".et",
        ".csv",
        ".doc",
        ".docx",
        ".wps",
        ".pdf",
        ".txt",
    }
)
"""Files that look like a submission's attachment: the reader says what they are."""
MAX_UNPACKED = 200 * 1024 * 1024
"""No real submission unpacks to more than this."""
_UTF8_FLAG = 0x800


class TooLargeError(ValueError):
    """A file, or a zip member once unpacked, is larger than MAX_UNPACKED bytes."""


@dataclass(frozen=True)
class Source:
    """One workbook to read: a file on disk or a member of a zip archive."""

    display: str
    """As the user names it; inside a zip: "收件箱/附件.zip/城关一小.xlsx"."""
    path: Path
    """The file on disk (the zip, for a member)."""
    member: str | None = None
    """The member's name as stored in the zip (None for a plain file)."""
    modified: dt.datetime | None = None
    """Modification time of the file or member."""

    def read_bytes(self) -> bytes:
        """The file's bytes (the member's, inside a zip); never writes anything."""
        if self.member is None:
            if self.path.stat().st_size > MAX_UNPACKED:
                raise TooLargeError(self.display)
            return self.path.read_bytes()
        with zipfile.ZipFile(self.path) as archive:
            info = archive.getinfo(self.member)
            if info.file_size > MAX_UNPACKED:
                raise TooLargeError(self.member)
            return archive.read(info)

    def size(self) -> int:
        """Bytes on disk (the member's, unpacked, inside a zip); 0 when it cannot be told."""
        try:
            if self.member is None:
                return self.path.stat().st_size
            with zipfile.ZipFile(self.path) as archive:
                return archive.getinfo(self.member).file_size
        except (OSError, KeyError, zipfile.BadZipFile):
            return 0

    @classmethod
    def from_path(cls, path: str | Path, display: str | None = None) -> Source:
        """A Source for a plain file."""
        path = Path(path)
        return cls(display or str(path).replace("\\", "/"), path, None, _mtime(path))


def _mtime(path: Path) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return None


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's real name, repairing GBK names that zipfile decoded as cp437."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gbk"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def looks_like_attachment(name: str) -> bool:
    """A name with an attachment's extension that is not an Office lock file or a mac fork."""
    base = PurePosixPath(name.replace("\\", "/")).name
    if base.startswith(("~$", "._", ".~")) or "__MACOSX/" in name:
        return False
    return PurePosixPath(base).suffix.lower() in ATTACHMENT_SUFFIXES


def zip_members(path: Path, display: str) -> list[Source]:
    """The attachments inside a zip archive, nested folders included, sorted by name."""
    sources = []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            name = member_name(info)
            if info.is_dir() or not looks_like_attachment(name):
                continue
            modified = dt.datetime(*info.date_time) if info.date_time[0] >= 1980 else None
            inner = name.replace("\\", "/")
            sources.append(Source(f"{display}/{inner}", path, info.filename, modified))
    return sorted(sources, key=lambda s: s.display)


def _unreadable(display: str, variant: str, **params: str) -> Finding:
    return make_finding("unreadable-file", variant, file=display, **params)


def _expand_zip(path: Path, display: str) -> tuple[list[Source], list[Finding]]:
    try:
        return zip_members(path, display), []
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return [], [_unreadable(display, "damaged", reason=f"压缩包无法打开（{exc}）")]


def _expand_folder(folder: Path, prefix: str) -> tuple[list[Source], list[Finding]]:
    sources: list[Source] = []
    findings: list[Finding] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        display = f"{prefix}/{rel}" if prefix else rel
        if path.suffix.lower() == ".zip" and not path.name.startswith("~$"):
            more, bad = _expand_zip(path, display)
            sources += more
            findings += bad
        elif looks_like_attachment(rel):
            sources.append(Source.from_path(path, display))
    return sources, findings


def expand_inputs(paths: Sequence[str | Path]) -> tuple[list[Source], list[Finding]]:
    """Files, folders (recursive, sorted) and zip archives, as Sources to read."""
    sources: list[Source] = []
    findings: list[Finding] = []
    for given in paths:
        path = Path(given)
        display = str(given).replace("\\", "/").rstrip("/")
        if path.is_dir():
            more, bad = _expand_folder(path, path.resolve().name)
        elif path.is_file() and path.suffix.lower() == ".zip":
            more, bad = _expand_zip(path, display)
        elif path.is_file():
            more, bad = [Source.from_path(path, display)], []
        else:
            more, bad = [], [_unreadable(display, "", reason="文件或文件夹不存在")]
        sources += more
        findings += bad
    return sources, findings
