"""指定为…: what the user tells the window an unrecognised sheet is, kept in the mapping file."""

from __future__ import annotations

import json
import os
import tempfile
import tomllib
from pathlib import Path

from core.catalogue import school_monthly

SHEET_CHOICES: dict[str, str] = {s.title: s.kind for s in school_monthly.SCHOOL_MONTHLY.sheets}
"""The forms of a school's report a sheet can be taught as: title shown -> form kind."""


def _quoted(text: str) -> str:
    # A JSON string is a TOML basic string (same escapes, \\uXXXX included).
    return json.dumps(text, ensure_ascii=False)


def teach_sheet(mapping_file: Path, title: str, kind: str) -> None:
    """Add (or change) `title = kind` in [sheets], keeping what the file already teaches.

    A file that cannot be parsed is kept beside as mapping.toml.bak rather than lost.
    Written to a temporary file and moved into place, so a crash never leaves half a file.
    """
    data: dict = {}
    if mapping_file.is_file():
        try:
            data = tomllib.loads(mapping_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            os.replace(mapping_file, mapping_file.with_suffix(".toml.bak"))
    sheets = dict(data.get("sheets", {}))
    sheets[title] = kind
    lines = ["# 由 SchoolRoll 的“指定为…”写入；schoolroll fields 列出全部字段和报表类型", ""]
    for section, table in (("columns", dict(data.get("columns", {}))), ("sheets", sheets)):
        if table:
            lines.append(f"[{section}]")
            lines += [f"{_quoted(str(k))} = {_quoted(str(v))}" for k, v in table.items()]
            lines.append("")
    mapping_file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".mapping-", suffix=".toml", dir=mapping_file.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        os.replace(tmp, mapping_file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
