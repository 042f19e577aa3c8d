"""Taught mappings: the words a county's schools use, told once in a TOML file.

    [columns]            # header text as written -> field key (schoolroll fields lists them)
    "本月实到(天)" = "days_present"
    [sheets]             # sheet title -> form kind
    "出勤表" = "attendance"

A taught header is read as that field in every form that has it, as surely as a synonym of the
catalogue; a taught sheet is read as that form even when its headers would not say so. The
mapping in use is process-wide (use_mapping), and is handed to spawned workers through the
environment so that every reader of a run applies the same one.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from core.catalogue import FORMS, fold

ENVIRONMENT = "SCHOOLROLL_MAPPING"
"""The mapping file's path, for worker processes (set by use_mapping)."""
FIELD_KEYS = frozenset(c.key for f in FORMS for c in f.columns)
KINDS = frozenset(f.kind for f in FORMS)


class MappingError(ValueError):
    """A mapping file that cannot be used; the message is for the user, in Chinese."""


@dataclass(frozen=True)
class Mapping:
    """Folded header -> field key, folded sheet title -> form kind."""

    columns: dict[str, str] = field(default_factory=dict)
    sheets: dict[str, str] = field(default_factory=dict)
    source: str = ""
    """The file it was read from ("" when built in code)."""


def mapping_from_dict(data: dict, source: str = "") -> Mapping:
    """A Mapping from parsed TOML, every key checked against the catalogue."""
    unknown = set(data) - {"columns", "sheets"}
    if unknown:
        raise MappingError(f"映射文件 {source} 中有不认识的部分：{'、'.join(sorted(unknown))}")
    columns = _section(data.get("columns", {}), FIELD_KEYS, "字段", source)
    sheets = _section(data.get("sheets", {}), KINDS, "报表类型", source)
    return Mapping(columns, sheets, source)


def _section(table: object, allowed: frozenset[str], what: str, source: str) -> dict[str, str]:
    if not isinstance(table, dict):
        raise MappingError(f"映射文件 {source} 的格式不对：应为“文字 = 键”的列表")
    out = {}
    for text, key in table.items():
        if not isinstance(key, str) or key not in allowed:
            raise MappingError(
                f"映射文件 {source}：“{text}”指定的“{key}”不是任何报表的{what}"
                "（schoolroll fields 列出全部字段和报表类型）"
            )
        out[fold(text)] = key
    return out


def load_mapping(path: str | Path) -> Mapping:
    """Read and check a mapping file."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise MappingError(f"无法读取映射文件 {path}：{exc.strerror}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise MappingError(f"映射文件 {path} 不是有效的 TOML：{exc}") from exc
    return mapping_from_dict(data, str(path))


_active: Mapping | None = None
_forgetters: list[Callable[[], None]] = []


def on_change(forget: Callable[[], None]) -> Callable[[], None]:
    """Register a cache to drop whenever another mapping is applied (the reader's matches)."""
    _forgetters.append(forget)
    return forget


def active() -> Mapping:
    """The mapping every reader of this process applies: the one last used, else the file the
    environment names (a worker's parent, or the window, set it), else none."""
    global _active
    if _active is None:
        path = os.environ.get(ENVIRONMENT)
        try:
            _active = load_mapping(path) if path else Mapping()
        except MappingError:
            _active = Mapping()  # whoever named it reported it
    return _active


def use_mapping(mapping: Mapping | None) -> None:
    """Apply a mapping from now on (None: none), in this process and the workers it spawns."""
    global _active
    _active = mapping or Mapping()
    if _active.source:
        os.environ[ENVIRONMENT] = _active.source
    else:
        os.environ.pop(ENVIRONMENT, None)
    for forget in _forgetters:  # the reader's caches remember the old mapping
        forget()
