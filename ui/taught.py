"""指定为…: what the user tells the window an unrecognised sheet or column is, kept in the
settings folder's mapping file (the CLI reads the same file)."""

from __future__ import annotations

import json
import logging
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from core.catalogue import school_monthly
from core.outputs import write_atomic

log = logging.getLogger(__name__)

SHEET_CHOICES: dict[str, str] = {s.title: s.kind for s in school_monthly.SCHOOL_MONTHLY.sheets}
"""The forms of a school's report a sheet can be taught as: title shown -> form kind."""

HEADING = "# 由 SchoolRoll 的“指定为…”写入；schoolroll fields 列出全部字段和报表类型"


def _quoted(text: str) -> str:
    # A JSON string is a TOML basic string (same escapes, \\uXXXX included).
    return json.dumps(text, ensure_ascii=False)


def set_aside(mapping_file: Path) -> Path:
    """Move a mapping file that cannot be used out of the way, never over an earlier copy:
    mapping.toml.bak, else mapping.toml.2.bak, ... Returns where it went."""
    target = mapping_file.with_name(f"{mapping_file.name}.bak")
    n = 2
    while target.exists():
        target = mapping_file.with_name(f"{mapping_file.name}.{n}.bak")
        n += 1
    os.replace(mapping_file, target)
    return target


def _parsed(mapping_file: Path) -> dict[str, Any]:
    """What the file teaches now ({} when there is none); a file that cannot be parsed is set
    aside rather than lost or overwritten."""
    if not mapping_file.is_file():
        return {}
    try:
        return tomllib.loads(mapping_file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        set_aside(mapping_file)
        return {}


def teach(mapping_file: Path, section: str, text: str, key: str) -> None:
    """Add (or change) `text = key` in [section] ("columns" or "sheets"), keeping what the file
    already teaches. Written through core.outputs.write_atomic (a temporary beside it, moved
    into place), so a crash never leaves half a file."""
    data = _parsed(mapping_file)
    tables = {s: {str(k): str(v) for k, v in dict(data.get(s, {})).items()} for s in _SECTIONS}
    tables[section][text] = key
    lines = [HEADING, ""]
    for name, table in tables.items():
        if table:
            lines.append(f"[{name}]")
            lines += [f"{_quoted(k)} = {_quoted(v)}" for k, v in table.items()]
            lines.append("")
    body = "\n".join(lines)
    write_atomic(mapping_file, lambda tmp: tmp.write_text(body, encoding="utf-8"))


_SECTIONS = ("columns", "sheets")


def teach_sheet(mapping_file: Path, title: str, kind: str) -> None:
    """Teach that a sheet titled `title` is the form `kind` ([sheets])."""
    teach(mapping_file, "sheets", title, kind)


def teach_column(mapping_file: Path, header: str, key: str) -> None:
    """Teach that a column headed `header` is the field `key` ([columns])."""
    teach(mapping_file, "columns", header, key)


def column_choices(workbook: Any, finding: Any) -> tuple[str, dict[str, str]] | None:
    """For an extra-column or header-ambiguous finding: the column's header as written and the
    fields of its sheet's form to choose from (shown text -> field key); None when the column
    cannot be taught (another finding, or its sheet was not read as a table)."""
    if finding is None or finding.code not in COLUMN_CODES or workbook is None:
        return None
    table = next((t for t in workbook.tables if t.sheet == finding.sheet), None)
    if table is None or not finding.column:
        return None
    header = next(
        (
            _as_written(name, letter)
            for name, letter in table.extra_columns.items()
            if letter == finding.column
        ),
        None,
    )
    if not header:
        return None
    fields: dict[str, str] = {}
    for c in table.form.columns:
        shown = c.header if c.header not in fields else f"{c.header}（{len(fields) + 1}）"
        fields[shown] = c.key
    # The field the reader thought of first (header-ambiguous names it) heads the list.
    first = [t for t in fields if t == finding.field]
    return header, {t: fields[t] for t in [*first, *(t for t in fields if t not in first)]}


COLUMN_CODES = frozenset({"extra-column", "header-ambiguous"})
"""The findings whose column 指定为… can teach."""


def _as_written(name: str, letter: str) -> str:
    # A header repeated in one sheet is kept as "text（C列）": the header itself is "text".
    return name.removesuffix(f"（{letter}列）")


_TOML_LINE = re.compile(r"at line (\d+)")


def damaged_notice(mapping_file: Path | None) -> str | None:
    """At the window's start: a mapping file that cannot be used is set aside and this says so,
    in Chinese (None when there is no file or it is good). One the system will not let us read
    is left where it is."""
    from core.mapping import MappingError, load_mapping

    if mapping_file is None or not mapping_file.is_file():
        return None
    try:
        load_mapping(mapping_file)
        return None
    except MappingError as exc:
        cause = exc.__cause__
        if isinstance(cause, OSError):
            log.warning("mapping file not readable; not applied")
            return f"无法读取设置文件夹中的映射文件“{mapping_file}”，本次未使用：请检查它的权限。"
        if isinstance(cause, tomllib.TOMLDecodeError):
            line = _TOML_LINE.search(str(cause))
            where = f"第 {line.group(1)} 行" if line else "文件末尾"
            why = f"不是有效的 TOML（{where}格式有误，可能被手工改坏或只写了一半）"
        elif isinstance(cause, UnicodeDecodeError):
            why = "不是 UTF-8 编码的文本"
        else:
            why = f"中有无效的内容（{exc}）"
    try:
        kept = set_aside(mapping_file)
    except OSError:
        log.warning("damaged mapping file could not be set aside")
        return (
            f"设置文件夹中的映射文件“{mapping_file}”{why}，本次未使用；"
            "也无法把它改名保留，请手工修正或删除它。"
        )
    log.warning("damaged mapping file set aside")
    return (
        f"设置文件夹中的映射文件“{mapping_file.name}”{why}，本次未使用；"
        f"原文件已改名为“{kept.name}”保留在“{mapping_file.parent}”中。"
        "可以用“指定为…”重新指定，或参照 schoolroll fields 修正原文件后改回原名。"
    )
