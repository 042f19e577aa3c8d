# ruff: noqa: RUF001, RUF002 (the full-width brackets are the point)
"""How Chinese school forms name things: the words the header matcher treats as equivalent.

Headers are compared by their parts, not as closed strings: bracketed units and marks anywhere
(（天）, (人), 〔天〕), qualifiers that do not change the meaning (本月, 本期, 学生 before a noun;
合计/小计 after a count) and interchangeable words (号码/编号 -> 号, 标识码/编码 -> 代码, ...)
are normalised away on both sides before comparing.
"""

from __future__ import annotations

import re
from functools import lru_cache

BRACKETS = re.compile(r"[(\[【〔〈《<{][^()\[\]【】〔〕〈〉《》<>{}]*[)\]】〕〉》>}]")
"""A bracketed part anywhere in a folded header: a unit, a mark or a gloss."""
MARKS = re.compile(r"[:※#]|必填|选填")
"""Marks that say how to fill a column, never what it is."""
LEADING = re.compile(r"^(?:本月|本期|本学期|当月|本次|学生(?=..))")
"""Qualifiers before a noun that keep its meaning (学生 only before a two-character noun)."""
TRAILING = re.compile(r"(?<=..)(?:合计|小计|总计|总数)$")
"""A total suffix after a count."""

REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"年月日|日期|年月|时间", "时间"),
        (r"(?:填报|上报|报送|统计|填表)(?=月份|时间|期间)", "填报"),
        (r"期间", "月份"),
        (r"号码|编号", "号"),
        (r"标识码|编码", "代码"),
        (r"身份证件?号?", "身份证号"),
        (r"学籍主号", "学籍号"),
        (r"(年级|班级)名称", r"\1"),
        (r"应到", "应出勤"),
        (r"实到", "实出勤"),
        (r"旷课|无故缺勤", "缺勤"),
        (r"手机号?|联系方式", "电话"),
        (r"住址", "地址"),
        (r"学生人?数$", "人数"),
    )
)
"""Interchangeable words, each rewritten to one spelling (applied in this order)."""
_ANY_REWRITE = re.compile("|".join(p.pattern for p, _ in REWRITES))

FOREIGN = (
    "户主",
    "与户主",
    "户号",
    "资助",
    "补助",
    "金额",
    "账号",
    "银行",
    "监护人",
    "家长",
    "父亲",
    "母亲",
    "联系人",
    "填表人",
    "填报人",
    "负责人",
    "教师",
    "老师",
    "班主任",
    "校长",
)
"""Words that make a header about someone or something else: a header that contains a field's
name only with one of these around it (户主姓名, 监护人身份证号) is not that field."""

NOT_A_ROLL = ("资助", "补助", "金额", "与户主关系", "户号", "发放", "账号", "银行")
"""Header words of lists that are not a school's pupil lists (subsidy, poverty-household and
payment lists): a header row with one of them is never read as a school form."""


@lru_cache(maxsize=16384)
def canonical(folded: str) -> str:
    """A folded header reduced to its meaning: no brackets, marks or qualifiers, one spelling."""
    text = MARKS.sub("", BRACKETS.sub("", folded))
    text = TRAILING.sub("", LEADING.sub("", text))
    if _ANY_REWRITE.search(text) is None:  # names and other data: nothing to rewrite
        return text
    for pattern, replacement in REWRITES:
        text = pattern.sub(replacement, text)
    return text
