"""GB/T 2260 区划代码 from python-stdnum's historical table: names and current sub-units.

The table marks abolished codes with their years ("[-2010]崇文区", "[1998-2019]..."), so the
units still in force can be told apart from history (docs/sources.md §4).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_ENTRY = re.compile(r'^(\s*)(\d+) \w+="(.*)"')
_NAME = re.compile(r"^(?:\[(\d*)-(\d*)\])?(.*)$")
"""One of an entry's names, oldest first ("[-1991]东郊区,[1992-]东丽区"): the last is current."""
_PLACEHOLDERS = (
    "市辖区",
    "县",
    "省直辖县级行政区划",
    "自治区直辖县级行政区划",
    "省直辖县级行政单位",
    "自治区直辖县级行政单位",
)


# Safe process-wide: one table of region codes and names from python-stdnum, never changed.
@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, bool]]:
    """6-digit code -> (name, still in force)."""
    text = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    out: dict[str, tuple[str, bool]] = {}
    province = ""
    for line in text.splitlines():
        m = _ENTRY.match(line)
        if not m:
            continue
        indent, code, names = m.groups()
        _start, end, name = _NAME.match(names.split(",")[-1]).groups()
        if not indent:
            province = code
            out[code + "0000"] = (name, not end)
        else:
            out[province + code] = (name, not end)
    return out


def region_name(code: str) -> str | None:
    """The current name of a 6-digit code (信阳市 for 411500), None when unknown."""
    entry = _table().get(code)
    return entry[0] if entry else None


def current_units(parent: str, level: str) -> dict[str, str]:
    """Units in force one level below: a prefecture's counties/districts, a province's cities."""
    if level == "prefecture":
        below = {
            c: n
            for c, (n, live) in _table().items()
            if live and c[:4] == parent[:4] and c[4:] != "00"
        }
    else:
        below = {}
        for c, (n, live) in _table().items():
            if not live or c[:2] != parent[:2] or c[2:] == "0000" or c[4:] != "00":
                continue
            if n in _PLACEHOLDERS:
                # 省直辖县级市 (济源 419001, 仙桃 429004) and a municipality's districts and
                # counties report to the province directly: the placeholder's own units.
                below.update(current_units(c, "prefecture"))
            else:
                below[c] = n
    return {c: n for c, n in sorted(below.items()) if n not in _PLACEHOLDERS}
