"""Taught mappings: the words a county's schools use, told once in a TOML file.

    [columns]            # header text as written -> field key (schoolroll fields lists them)
    "本月实到(天)" = "days_present"
    [sheets]             # sheet title -> form kind
    "出勤表" = "attendance"

A taught header is read as that field in every form that has it, as surely as a synonym of the
catalogue; a taught sheet is read as that form even when its headers would not say so. A
Mapping is a frozen, hashable value that a run hands to every read it makes (and pickles to its
worker processes): the reader's caches are keyed by it, so two runs never see each other's.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from core.catalogue import FORMS, fold

FIELD_KEYS = frozenset(c.key for f in FORMS for c in f.columns)
KINDS = frozenset(f.kind for f in FORMS)


class MappingError(ValueError):
    """A mapping file that cannot be used; the message is for the user, in Chinese."""


@dataclass(frozen=True)
class Mapping:
    """(folded header, field key) and (folded sheet title, form kind) pairs."""

    columns: frozenset[tuple[str, str]] = frozenset()
    sheets: frozenset[tuple[str, str]] = frozenset()
    source: str = field(default="", compare=False)
    """The file it was read from ("" when built in code); two files that teach the same are
    the same mapping."""

    def column(self, folded: str) -> str | None:
        """The field key taught for a folded header text, or None."""
        return self._columns.get(folded)

    def sheet(self, folded: str) -> str:
        """The form kind taught for a folded sheet title, or ""."""
        return self._sheets.get(folded, "")

    @cached_property
    def _columns(self) -> dict[str, str]:
        return dict(self.columns)

    @cached_property
    def _sheets(self) -> dict[str, str]:
        return dict(self.sheets)


NO_MAPPING = Mapping()
"""Nothing taught: the catalogue's own words alone."""


def mapping_from_dict(data: dict, source: str = "") -> Mapping:
    """A Mapping from parsed TOML, every key checked against the catalogue."""
    unknown = set(data) - {"columns", "sheets"}
    if unknown:
        raise MappingError(f"映射文件 {source} 中有不认识的部分：{'、'.join(sorted(unknown))}")
    columns = _section(data.get("columns", {}), FIELD_KEYS, "字段", source)
    sheets = _section(data.get("sheets", {}), KINDS, "报表类型", source)
    return Mapping(frozenset(columns.items()), frozenset(sheets.items()), source)


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
