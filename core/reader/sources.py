"""What to read: files, folders and zip archives of attachments, as Sources named like the user.

A Windows zip written without the UTF-8 flag stores member names in the local code page (GBK on
Chinese Windows); zipfile decodes them as cp437, so such names are turned back into bytes and
decoded as UTF-8 or GBK.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from core.model.findings import Finding, make_finding
from core.reader.failures import logged_reason

ATTACHMENT_SUFFIXES = frozenset(
    {
        ".xlsx",
        ".xlsm",
        ".xlsb",
        ".xltx",
        ".xltm",
        ".xls",
        ".ods",
        ".et",
        ".numbers",
        ".xml",
        ".csv",
        ".doc",
        ".docx",
        ".wps",
        ".pdf",
        ".txt",
        ".rar",
        ".7z",
    }
)
"""Files that look like a submission's attachment: the reader says what they are."""
MAX_UNPACKED = 200 * 1024 * 1024
"""No real submission unpacks to more than this."""
MAX_NESTING = 3
"""Archives opened inside one another, the outermost counted: a county's inbox zip holding a
town's zip holding a school's is the deepest real case; deeper is a zip quine or a bomb."""
MAX_MEMBERS = 10_000
"""Members of one archive: a county sends a few hundred; more is a bomb of tiny files."""
_UTF8_FLAG = 0x800
_SKIPPED_KINDS = {
    ".jpg": "图片",
    ".jpeg": "图片",
    ".png": "图片",
    ".gif": "图片",
    ".bmp": "图片",
    ".heic": "图片",
    ".ppt": "PowerPoint 演示文稿",
    ".pptx": "PowerPoint 演示文稿",
    ".mp4": "视频",
    ".mov": "视频",
    ".lnk": "快捷方式",
    ".ini": "系统配置文件",
    ".db": "系统缩略图缓存",
}


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
    within: tuple[str, ...] = ()
    """Members of path, each a zip, leading to the archive that holds member (nested zips)."""

    def read_bytes(self) -> bytes:
        """The file's bytes (the member's, inside a zip); never writes anything."""
        if self.member is None:
            if self.path.stat().st_size > MAX_UNPACKED:
                raise TooLargeError(self.display)
            return self.path.read_bytes()
        with zipfile.ZipFile(self.path) as outer:
            archive = outer
            for name in self.within:
                archive = zipfile.ZipFile(io.BytesIO(_read_member(archive, name)))
            return _read_member(archive, self.member)

    def size(self) -> int:
        """Bytes on disk (the member's, unpacked, inside a zip); 0 when it cannot be told."""
        try:
            if self.member is None:
                return self.path.stat().st_size
            if self.within:
                return 0
            with zipfile.ZipFile(self.path) as archive:
                return archive.getinfo(self.member).file_size
        except Exception:  # a damaged archive: its read will say why
            return 0

    @classmethod
    def from_path(cls, path: str | Path, display: str | None = None) -> Source:
        """A Source for a plain file."""
        path = Path(path)
        return cls(display or str(path).replace("\\", "/"), path, modified=_mtime(path))


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_UNPACKED:
        raise TooLargeError(name)
    return archive.read(info)


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
    """The attachments inside a zip archive, nested folders and zips included, sorted by name."""
    with zipfile.ZipFile(path) as archive:
        return _Walk(path).archive(archive, display, ())[0]


class _Walk:
    """Expands one zip on disk, nested zips included, listing every member it meets."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def archive(
        self, archive: zipfile.ZipFile, display: str, within: tuple[str, ...]
    ) -> tuple[list[Source], list[Finding]]:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > MAX_MEMBERS:
            return [], [_unreadable(display, "", reason=f"压缩包内文件超过 {MAX_MEMBERS} 个")]
        if not infos:
            return [], [skipped(display, "一个空的压缩包")]
        sources: list[Source] = []
        findings: list[Finding] = []
        for info in infos:
            more, bad = self.member(archive, info, display, within)
            sources += more
            findings += bad
        return sorted(sources, key=lambda s: s.display), findings

    def member(
        self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, display: str, within: tuple[str, ...]
    ) -> tuple[list[Source], list[Finding]]:
        shown = f"{display}/{member_name(info).replace(chr(92), '/')}"
        if _is_zip_name(shown):
            if len(within) + 1 >= MAX_NESTING:
                return [], [skipped(shown, f"嵌套超过 {MAX_NESTING} 层的压缩包，未打开")]
            return self.nested(archive, info, shown, within)
        if looks_like_attachment(shown):
            modified = dt.datetime(*info.date_time) if info.date_time[0] >= 1980 else None
            return [Source(shown, self.path, info.filename, within=within, modified=modified)], []
        return [], [skipped(shown, describe_skipped(shown))]

    def nested(
        self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str, within: tuple[str, ...]
    ) -> tuple[list[Source], list[Finding]]:
        try:
            inner = zipfile.ZipFile(io.BytesIO(_read_member(archive, info.filename)))
            return self.archive(inner, shown, (*within, info.filename))
        except TooLargeError:
            return [], [_unreadable(shown, "", reason="压缩包解压后过大")]
        except Exception as exc:  # a damaged member: this one is lost, never its siblings
            return [], [_unreadable(shown, "damaged", reason=logged_reason(exc, "nested zip"))]


def _is_zip_name(name: str) -> bool:
    base = PurePosixPath(name).name
    return base.lower().endswith(".zip") and not base.startswith(("~$", "._"))


def describe_skipped(name: str) -> str:
    """What a file that is no attachment is, in a clerk's words."""
    base = PurePosixPath(name).name
    if base.startswith("~$") or base.startswith(".~"):
        return "Excel 或 WPS 打开文件时留下的临时文件"
    if base.startswith("._") or "__MACOSX/" in name:
        return "苹果电脑压缩时附带的系统文件"
    suffix = PurePosixPath(base).suffix.lower()
    if suffix in _SKIPPED_KINDS:
        return _SKIPPED_KINDS[suffix]
    return f"扩展名为“{suffix}”的文件" if suffix else "没有扩展名的文件"


def skipped(display: str, kind: str) -> Finding:
    """The info that a file met in a folder or archive is not a workbook and was skipped."""
    return make_finding("skipped-file", file=display, kind=kind)


def _unreadable(display: str, variant: str, **params: str) -> Finding:
    return make_finding("unreadable-file", variant, file=display, **params)


def _expand_zip(path: Path, display: str) -> tuple[list[Source], list[Finding]]:
    try:
        with zipfile.ZipFile(path) as archive:
            return _Walk(path).archive(archive, display, ())
    except Exception as exc:  # BadZipFile, an undecodable name, a lying size...
        reason = logged_reason(exc, "zip")
        return [], [_unreadable(display, "damaged", reason=f"压缩包无法打开（{reason}）")]


def _expand_folder(folder: Path, prefix: str) -> tuple[list[Source], list[Finding]]:
    sources: list[Source] = []
    findings: list[Finding] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        display = f"{prefix}/{rel}" if prefix else rel
        if _is_zip_name(rel):
            more, bad = _expand_zip(path, display)
            sources += more
            findings += bad
        elif looks_like_attachment(rel):
            sources.append(Source.from_path(path, display))
        else:
            findings.append(skipped(display, describe_skipped(rel)))
    return sources, findings


def expand_inputs(paths: Sequence[str | Path]) -> tuple[list[Source], list[Finding]]:
    """Files, folders (recursive, sorted) and zip archives, as Sources to read.

    The findings say which paths could not be opened and which files met were skipped."""
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
