# ruff: noqa: RUF001 (schools type full-width brackets)
"""The dialect corpus: school sheets in many vocabularies and layouts, the truth of every column.

Headers are built at random (seeded) from a base word per field and decorations schools add:
qualifiers, units and marks in every kind of bracket, glosses. HELD_BACK lists the pieces the
matcher has never seen as strings (the tests check that core/catalogue holds none of them), so
that reading them proves generalisation, not lookup. Never imported by core.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from reader_corpus import id_number

# field key -> base words a person reads as that field (catalogue synonyms and others)
ROSTER_WORDS = {
    "seq": ["序号"],
    "student_no": ["学籍号", "全国学籍号", "学籍主号", "学籍号码", "学生学籍号", "学籍编号"],
    "name": ["姓名", "学生姓名", "本人姓名", "儿童姓名"],
    "gender": ["性别", "学生性别"],
    "id_number": [
        "身份证件号",
        "身份证号",
        "身份证",
        "身份证号码",
        "学生身份证号码",
        "本人身份证号",
    ],
    "birth_date": ["出生日期", "出生年月", "出生年月日", "生日"],
    "grade": ["年级", "年级名称", "所在年级", "就读年级"],
    "class_name": ["班级", "班级名称", "所在班级"],
    "guardian": ["监护人姓名", "监护人", "家长姓名"],
    "guardian_phone": ["联系电话", "监护人手机", "家长手机号", "监护人联系方式", "家长联系电话"],
    "address": ["家庭住址", "现居住地址", "家庭地址", "现住址"],
}
ATTENDANCE_WORDS = {
    "seq": ["序号"],
    "student_no": ["学籍号", "学籍主号", "全国学籍号"],
    "name": ["姓名", "学生姓名"],
    "id_number": ["身份证号", "身份证", "身份证件号码"],
    "grade": ["年级", "年级名称"],
    "class_name": ["班级", "班级名称"],
    "days_due": ["应出勤天数", "应到天数", "本月应到", "应出勤", "本期应出勤天数"],
    "days_present": ["实出勤天数", "实到天数", "本月实到", "实出勤", "当月实出勤天数"],
    "days_absent": ["缺勤天数", "旷课天数", "无故缺勤天数", "本月缺勤天数"],
    "longest_run": ["最长连续缺勤天数", "连续缺勤天数", "最长连续缺勤"],
}
COUNTS = frozenset({"days_due", "days_present", "days_absent", "longest_run"})
TEXT_MARKS = ["", "", "*", "（必填）", "(选填)", "（18位）", "〔文本〕", "【请勿合并】"]
UNITS = ["", "", "(天)", "（天）", "〔天〕", "【天】", "(日)", "（单位：天）", "[工作日]"]
TOTALS = ["", "", "", "合计", "小计"]
HELD_BACK = ["（18位）", "〔文本〕", "【请勿合并】", "(日)", "（单位：天）", "[工作日]", "本人"]
"""Pieces of the corpus's vocabulary that appear in no list the matcher uses."""

NEAR_MISSES = [
    "学号",
    "学籍辅号",
    "户主姓名",
    "监护人身份证号",
    "父亲姓名",
    "母亲电话",
    "班主任电话",
    "教师姓名",
    "民族",
    "校内编号",
    "家长身份证",
    "联系人姓名",
]
"""Headers a person would not read as any field of the sheet: none may be mapped."""

SUBSIDY = ["序号", "学生姓名", "身份证号", "年级", "资助项目", "资助金额(元)"]
POVERTY = ["户编号", "户主姓名", "姓名", "身份证号", "与户主关系", "年级"]


@dataclass
class Sheet:
    """One generated sheet: its rows and the field of every header (None: not a field)."""

    kind: str
    rows: list[list[object]]
    truth: dict[str, str | None]


def _header(rng: random.Random, key: str, words: list[str]) -> str:
    word = rng.choice(words)
    if key in COUNTS:
        return word + rng.choice(TOTALS if "天数" in word else [""]) + rng.choice(UNITS)
    if key == "seq":
        return word
    return word + rng.choice(TEXT_MARKS)


def _values(key: str, i: int) -> object:
    return {
        "seq": i,
        "student_no": f"G{id_number(i)}",
        "name": f"学生{i}",
        "gender": "男" if i % 2 else "女",
        "id_number": id_number(i),
        "birth_date": "2015-09-01",
        "grade": "三年级",
        "class_name": "1班",
        "guardian": f"家长{i}",
        "guardian_phone": "13800000000",
        "address": "城关镇",
        "days_due": 20,
        "days_present": 18,
        "days_absent": 2,
        "longest_run": 2,
    }.get(key, f"值{i}")


def _sheet(rng: random.Random, kind: str, words: dict[str, list[str]], must: tuple[str, ...]):
    optional = [k for k in words if k not in must]
    keys = [*must, *rng.sample(optional, rng.randint(1, len(optional)))]
    rng.shuffle(keys)
    headers = [(_header(rng, k, words[k]), k) for k in keys]
    misses = rng.sample(NEAR_MISSES, rng.randint(0, 2))
    for miss in misses:
        headers.insert(rng.randint(0, len(headers)), (miss, None))
    truth = dict(headers)
    if len(truth) < len(headers):  # a repeated header text: draw again
        return _sheet(rng, kind, words, must)
    rows: list[list[object]] = []
    if rng.random() < 0.5:
        rows.append([f"城关镇第{rng.randint(1, 9)}小学学生信息表"])
    if rng.random() < 0.3:
        rows.append(["学校标识码：4115250001", None, "填报月份：2026年10月"])
    rows.append([h for h, _ in headers])
    rows += [[_values(k, i) for _, k in headers] for i in range(1, rng.randint(2, 5))]
    return Sheet(kind, rows, truth)


def roster(rng: random.Random) -> Sheet:
    """A roster in a random dialect."""
    return _sheet(rng, "roster", ROSTER_WORDS, ("name", "id_number", "grade"))


def attendance(rng: random.Random) -> Sheet:
    """An attendance sheet in a random dialect."""
    return _sheet(rng, "attendance", ATTENDANCE_WORDS, ("name", "days_due", "days_present"))


def not_a_roll(rng: random.Random) -> list[list[object]]:
    """A subsidy or poverty-household list that names pupils: never a school form."""
    header = list(rng.choice([SUBSIDY, POVERTY]))
    rows: list[list[object]] = [header]
    for i in range(1, 4):
        rows.append([f"{h}{i}" if "姓名" not in h else f"张{i}" for h in header])
    return rows
