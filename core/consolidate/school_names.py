"""A school named instead of coded: its name matched against the school list, full or short.

固始县城关镇第一小学 is also written 城关镇第一小学, 城关第一小学 and 城关一小: each name is
reduced to the forms people write (without the county, without 镇/乡/街道, 第一小学 -> 一小), and
a name matches a school of the list when they share a form and no other school shares it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import TypeVar

_COUNTY = re.compile(r"^.{1,8}?(?:自治县|县|区|市|旗)(?=.{4,})")
_TOWN = re.compile(r"(?<=.{2})(?:镇|乡|街道|办事处)")
_SHORT = (
    (re.compile(r"第?([一二三四五六七八九十]+)小学$"), r"\1小"),
    (re.compile(r"第?([一二三四五六七八九十]+)(?:初级)?中学$"), r"\1中"),
    (re.compile(r"中心小学$"), "中心校"),
    (re.compile(r"小学$"), "小"),
)
_NOISE = re.compile(r"[\s()（）·\-_]")
_MIN_FORM = 4
"""Shorter forms (城关, 一小) name too many schools to identify one."""

T = TypeVar("T")


def name_forms(name: str) -> frozenset[str]:
    """The forms of a school's name: as written, without the county or town word, shortened."""
    text = _NOISE.sub("", unicodedata.normalize("NFKC", name))
    forms = {text}
    for form in list(forms):
        forms.add(_COUNTY.sub("", form))
    for form in list(forms):
        forms.add(_TOWN.sub("", form, count=1))
    for form in list(forms):
        for pattern, short in _SHORT:
            if pattern.search(form):
                forms.add(pattern.sub(short, form))
                break
    return frozenset(f for f in forms if len(f) >= _MIN_FORM)


def match_name(
    texts: Iterable[str | None], schools: Mapping[str, T], names: Mapping[str, str]
) -> T | None:
    """The one school (of code -> entry, names code -> name) a school name or file name means."""
    forms = {code: name_forms(name) for code, name in names.items()}
    for text in texts:
        if not text:
            continue
        given = name_forms(text)
        found = {code for code, own in forms.items() if own & given}
        if not found:  # a file name: the school's name inside other words
            stem = _NOISE.sub("", unicodedata.normalize("NFKC", PurePath(text).stem))
            found = {code for code, own in forms.items() if any(f in stem for f in own)}
        if len(found) == 1:
            return schools[found.pop()]
    return None
