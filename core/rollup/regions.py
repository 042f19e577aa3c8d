"""GB/T 2260 区划代码 from python-stdnum's historical table: names and current sub-units.

The table marks abolished codes with their years ("[-2010]崇文区", "[1998-2019]..."), so the
units still in force can be told apart from history (docs/sources.md §4).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_ENTRY = re.compile(r'^(\s*)(\d+) \w+="(?:\[(\d*)-(\d*)\])?(.*)"')
_PLACEHOLDERS = (
    "市辖区",
    "县",
    "省直辖县级行政区划",
    "自治区直辖县级行政区划",
    "省直辖县级行政单位",
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
        indent, code, _start, end, name = m.groups()
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
        below = {
            c: n
            for c, (n, live) in _table().items()
            if live and c[:2] == parent[:2] and c[2:] != "0000" and c[4:] == "00"
        }
    return {c: n for c, n in sorted(below.items()) if n not in _PLACEHOLDERS}
