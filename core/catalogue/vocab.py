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
        # 劝返: the visit (走访, 家访, 入户 before its date), how, what came of it, who, what next
        (r"(?:走访|家访|入户)(?=时间)", "劝返"),
        (
            r"下一?步(?:工作|劝返)?(?:措施|打算|计划|安排|工作)?|后续(?:措施|工作|打算|安排)",
            "下一步",
        ),
        (r"(?:劝返|工作)(?:措施|形式|办法|手段|途径)|工作方式", "劝返方式"),
        (r"(?:劝返|目前|工作)?(?:进展(?:情况)?|成效|效果)", "劝返结果"),
        (r"(?:劝返|包保)?责任人|包保人", "责任人"),
        (r"(?:劝返|走访|家访)(?:人员?|教师|老师)(?![数次])", "劝返人员"),
        # who did something and what came of it, after the 劝返 words: 核查人员 is 核查人,
        # 核实情况 is 核实结果
        (r"(?<=..)(?<!劝返)人员$", "人"),
        (r"(?<=..)(?<!结果)情况$", "结果"),
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
    "责任人",
    "劝返人",
    "电话",
    "教师",
    "老师",
    "班主任",
    "校长",
)
"""Words that make a header about someone or something else: a header that contains a field's
name only with one of these around it (户主姓名, 监护人身份证号) is not that field."""

_AID = ("资助", "补助", "受助")
NOT_A_ROLL = (
    *(f"{aid}{what}" for aid in _AID for what in ("项目", "类", "标准", "对象", "名称", "等级")),
    "金额",
    "与户主关系",
    "户号",
    "发放",
    "账号",
    "银行",
)
"""Header words of lists that are not a school's pupil lists (subsidy, poverty-household and
payment lists): a header row with one of them is never read as a school form. A subsidy list
names the subsidy (its 项目, 类别, 标准, 金额); a ledger may name 资助 as one of its measures."""


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


_NUMERALS = {c: n for n, c in enumerate("一二三四五六七八九十", start=1)} | {"首": 1}
_NUMBER = r"[一二三四五六七八九十\d]{1,2}"
ORDINALS = (
    re.compile(rf"^第({_NUMBER})次"),  # a prefix: 第N次 …
    re.compile(r"^([首一二三四五六七八九十])次"),  # … or N次, 首次
    re.compile(rf"(?<=^劝返)({_NUMBER})(?!次)"),  # a number after the visit word: 劝返N …
    re.compile(rf"\((?:第)?({_NUMBER})(?:次)?\)$"),  # a bracketed suffix: … (第N次), … (N)
    re.compile(r"(?<=\D)(\d{1,2})$"),  # a number at the end: … N
)
"""Where the number of an attempt stands in a folded header that repeats a 劝返 field per
attempt; the first that matches is it."""


def ordinal(folded: str) -> tuple[int, str] | None:
    """(attempt, the header without its ordinal) of a folded header numbered as one of several
    attempts, or None when it names no attempt."""
    for pattern in ORDINALS:
        if (m := pattern.search(folded)) is not None:
            number = m[1]
            n = int(number) if number.isdigit() else _numeral(number)
            rest = folded[: m.start()] + folded[m.end() :]
            return (n, rest) if n and rest else None
    return None


def _numeral(text: str) -> int:
    """一 … 十 and 十一 … 十九 (attempts are never more)."""
    if len(text) == 1:
        return _NUMERALS.get(text, 0)
    if text[0] == "十":
        return 10 + _NUMERALS.get(text[1], 0)
    return 0
