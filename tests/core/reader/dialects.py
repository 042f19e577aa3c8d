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

import openpyxl
from reader_corpus import id_number

from core.catalogue import fold
from core.catalogue import school_monthly as sm

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
VISIT_WORDS = {
    "seq": ["序号"],
    "student_no": ["学籍号", "全国学籍号"],
    "name": ["姓名", "学生姓名", "儿童姓名"],
    "id_number": ["身份证号", "身份证件号码", "身份证"],
    "attempt": ["劝返次序", "劝返次数", "第几次"],
    "visit_date": ["劝返日期", "劝返时间", "家访日期", "走访时间", "入户日期"],
    "visitor": ["劝返人员", "劝返人", "劝返教师", "家访教师", "走访人"],
    "method": ["劝返方式", "劝返措施", "劝返形式", "工作措施", "劝返办法"],
    "result": ["劝返结果", "劝返进展", "进展情况", "劝返效果", "劝返成效"],
    "next_step": ["下一步措施", "下一步", "后续打算", "下步计划", "后续措施"],
}
"""Headers of a 劝返记录 sheet (and, numbered, of 劝返 columns in the 辍学 ledger: layouts.py)."""
COUNTS = frozenset({"days_due", "days_present", "days_absent", "longest_run"})
TEXT_MARKS = ["", "", "*", "（必填）", "(选填)", "（18位）", "〔文本〕", "【请勿合并】"]
UNITS = ["", "", "(天)", "（天）", "〔天〕", "【天】", "(日)", "（单位：天）", "[工作日]"]
TOTALS = ["", "", "", "合计", "小计"]
HELD_BACK = ["（18位）", "〔文本〕", "【请勿合并】", "(日)", "（单位：天）", "[工作日]", "本人"]
HELD_BACK += ["家访日期", "走访时间", "入户日期", "家访教师", "走访人", "劝返形式", "工作措施"]
HELD_BACK += ["劝返进展", "进展情况", "劝返成效", "后续打算", "下步计划", "劝返教师", "劝返办法"]
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
VISIT_NEAR_MISSES = ["资助措施", "责任单位", "包保单位", "责任人电话", "劝返地点", "帮扶单位"]
VISIT_NEAR_MISSES += ["监护人电话", "劝返人次", "家访记录", "民族"]
"""Headers of a 劝返记录 sheet near its words that are no field of it (a subsidy, a unit, a
phone, a place): none may be mapped."""

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
        "attempt": 1,
        "visit_date": "2026-10-12",
        "visitor": "李老师",
        "method": "家访",
        "result": "拒绝返校",
        "next_step": "继续家访",
    }.get(key, f"值{i}")


def _sheet(
    rng: random.Random,
    kind: str,
    words: dict[str, list[str]],
    must: tuple[str, ...],
    near: list[str] = NEAR_MISSES,
):
    optional = [k for k in words if k not in must]
    keys = [*must, *rng.sample(optional, rng.randint(1, len(optional)))]
    rng.shuffle(keys)
    headers = [(_header(rng, k, words[k]), k) for k in keys]
    misses = rng.sample(near, rng.randint(0, 2))
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


def visits(rng: random.Random) -> Sheet:
    """A 劝返记录 in a random dialect, with 劝返-like near-misses."""
    must = ("name", "attempt", "visit_date")
    return _sheet(rng, "return-visits", VISIT_WORDS, must, [*NEAR_MISSES, *VISIT_NEAR_MISSES])


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


INFO_WORDS = {
    "school_name": ["学校名称", "学校", "就读学校", "学校名称（全称）"],
    "school_code": ["学校标识码", "学校代码", "学校编码", "学校标识码（10位）"],
    "county_code": ["县区代码", "县(区)代码", "行政区划代码"],
    "period": ["填报月份", "统计月份", "上报月份", "报送月份"],
    "filled_by": ["填表人", "填报人"],
    "phone": ["联系电话", "填表人电话"],
    "fill_date": ["填报日期", "上报日期", "填报时间", "报送日期"],
}
"""Labels of the 填报信息 sheet (label, then value)."""
SHARED = ("student_no", "name", "gender", "id_number", "birth_date", "grade", "class_name")
SHARED += ("guardian", "guardian_phone", "address")
"""Fields every school list names alike: the roster's words serve the ledgers too."""


def rewrite_school(path, rng: random.Random) -> None:
    """Put a correct school workbook in a random dialect: every header and label a field has
    (the 填报信息 labels, the tables' headers) spelled in another school's words."""
    book = openpyxl.load_workbook(path)
    for form in sm.SCHOOL_MONTHLY.sheets:
        if form.title not in book.sheetnames:
            continue
        words = _words_for(form.key)
        spelled = {fold(s): c.key for c in form.columns for s in (c.header, *c.synonyms)}
        sheet = book[form.title]
        for row in sheet.iter_rows(max_row=8):
            for cell in row:
                key = spelled.get(fold(cell.value)) if isinstance(cell.value, str) else None
                if key in words:
                    cell.value = _header(rng, key, words[key])
    book.save(path)


def _words_for(form_key: str) -> dict[str, list[str]]:
    if form_key == "school.info":
        return INFO_WORDS
    if form_key == "school.attendance":
        return ATTENDANCE_WORDS
    return {k: ROSTER_WORDS[k] for k in SHARED} if form_key != "school.roster" else ROSTER_WORDS
