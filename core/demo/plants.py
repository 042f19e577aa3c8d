"""Planted mistakes: each changes a school's rows so that exactly the listed findings follow.

A Plant points at a row object and a column key; the answer key turns that into an Excel row
and column letter once the workbook is written. One plant per pupil row.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from core.catalogue import codelists as cl
from core.demo import names, people
from core.demo.book_writer import AsNumber, AsText
from core.demo.people import Pupil
from core.demo.school import Book, Row, attendance_row, roster_row


@dataclass
class Plant:
    """One finding the workbook must produce."""

    code: str
    severity: str
    kind: str | None
    """Sheet kind; None for a file-level finding."""
    row: Row | None
    """The row object; None for a sheet-level finding."""
    key: str | None
    """Column key; None for a row-level finding."""
    what: str
    """What was planted, in Chinese."""
    explained: bool = False
    """A query the row's 说明 already explains."""


def row_of(book: Book, kind: str, p: Pupil) -> Row:
    """The row of a pupil in a sheet."""
    return next(r for r in book.sheets[kind] if r.get("_pupil") is p)


def pick(rng: random.Random, book: Book, count: int) -> list[Pupil]:
    """Distinct ordinary pupils (at school, no case, ID ending in a digit)."""
    busy = {id(r.get("_pupil")) for k in ("suspected", "dropout") for r in book.sheets[k]}
    pool = [
        p
        for p in book.pupils
        if p.schooling == "01" and id(p) not in busy and p.id_number[-1].isdigit() and p.in_county
    ]
    return rng.sample(pool, count)


def plant_values(rng: random.Random, book: Book, ids: people.IdFactory) -> list[Plant]:
    """Bad cell values on the roster and attendance sheets."""
    a, b, c, d, e, f, g, h, i, j, k = pick(rng, book, 11)
    return [
        *_bad_check_digit(book, a),
        *_id_as_number(book, b),
        _birth_mismatch(book, c),
        _gender_mismatch(book, d),
        _old_student_no(book, e, ids),
        _enum(book, f),
        _bad_date(book, g),
        _negative(book, h),
        _blank_birth(book, i),
        _age(book, j, ids, None),
        _age(book, k, ids, rng.choice(names.NOTES_FOR_AGE)),
    ]


def _bad_check_digit(book: Book, p: Pupil) -> list[Plant]:
    right = p.id_number[-1]
    wrong = "0123456789X"[("0123456789X".index(right) + 3) % 11]
    bad = p.id_number[:-1] + wrong
    out = []
    for kind in ("roster", "attendance"):
        row = row_of(book, kind, p)
        row["id_number"], row["student_no"] = bad, None
        out.append(
            Plant(
                "id-invalid",
                "error",
                kind,
                row,
                "id_number",
                f"校验位 {right} 改成了 {wrong}（名册与考勤同一错号，未填学籍号）",
            )
        )
    p.flags["_bad_id"] = bad
    return out


def _id_as_number(book: Book, p: Pupil) -> list[Plant]:
    row = row_of(book, "roster", p)
    row["id_number"] = AsNumber(float(int(p.id_number[:15]) * 1000))
    return [
        Plant(
            "id-stored-as-number",
            "error",
            "roster",
            row,
            "id_number",
            "身份证件号录成数字，只剩 15 位有效数字（学籍号仍正确）",
        )
    ]


def _birth_mismatch(book: Book, p: Pupil) -> Plant:
    row = row_of(book, "roster", p)
    row["birth_date"] = p.birth + dt.timedelta(days=3)
    return Plant(
        "id-birthdate-mismatch",
        "error",
        "roster",
        row,
        "birth_date",
        "出生日期比身份证件号中的晚 3 天",
    )


def _gender_mismatch(book: Book, p: Pupil) -> Plant:
    row = row_of(book, "roster", p)
    row["gender"] = cl.GENDER.label("2" if p.gender == "1" else "1")
    return Plant("id-gender-mismatch", "error", "roster", row, "gender", "性别与身份证件号相反")


def _old_student_no(book: Book, p: Pupil, ids: people.IdFactory) -> Plant:
    row = row_of(book, "roster", p)
    row["student_no"] = "G" + ids.make(p.id_number[:6], p.birth, p.gender)
    return Plant(
        "student-no-mismatch",
        "warning",
        "roster",
        row,
        "student_no",
        "G 字头学籍号是旧身份证号（身份证号变更过）",
    )


def _enum(book: Book, p: Pupil) -> Plant:
    row = row_of(book, "roster", p)
    row["left_behind"] = AsText("是")
    return Plant(
        "enum-invalid", "error", "roster", row, "left_behind", "留守儿童填了“是”，不是代码表中的值"
    )


def _bad_date(book: Book, p: Pupil) -> Plant:
    row = attendance_row(p, len(book.days), 2, 2, "1", None)
    row["run_start"] = AsText("国庆后")
    replace_row(book, "attendance", p, row)
    return Plant(
        "date-invalid", "error", "attendance", row, "run_start", "连续缺勤起始日期写成“国庆后”"
    )


def _negative(book: Book, p: Pupil) -> Plant:
    row = attendance_row(p, len(book.days), 0, 0, "0")
    row["longest_run"] = -1
    replace_row(book, "attendance", p, row)
    return Plant(
        "number-invalid", "error", "attendance", row, "longest_run", "最长连续缺勤天数为 -1"
    )


def _blank_birth(book: Book, p: Pupil) -> Plant:
    row = row_of(book, "roster", p)
    row["birth_date"] = None
    return Plant("required-missing", "error", "roster", row, "birth_date", "出生日期空白")


def _age(book: Book, p: Pupil, ids: people.IdFactory, note: str | None) -> Plant:
    years = -3 if p.grade <= 6 else 3  # three years older (or younger) than the grade's cohort
    birth = p.birth.replace(year=p.birth.year + years, day=min(p.birth.day, 28))
    p.birth, p.id_number = birth, ids.make(p.id_number[:6], birth, p.gender)
    p.note = note or ""
    row = roster_row(p)
    replace_row(book, "roster", p, row)
    old = row_of(book, "attendance", p)
    old.update({"id_number": p.id_number, "student_no": p.student_no})
    what = f"年龄比{p.grade_label}的正常年龄{'大' if years < 0 else '小'} 3 岁"
    return Plant(
        "age-out-of-range",
        "query",
        "roster",
        row,
        "grade",
        what + ("（已在说明列解释）" if note else ""),
        explained=bool(note),
    )


def replace_row(book: Book, kind: str, p: Pupil, new: Row) -> None:
    """Put a new row in place of a pupil's row."""
    rows = book.sheets[kind]
    old = row_of(book, kind, p)
    rows[next(i for i, r in enumerate(rows) if r is old)] = new


FIVE_FOUR_FIRST = 6
"""The grade 初一 names under 5+4."""


def plant_five_four(book: Book, ids: people.IdFactory) -> tuple[list[Plant], list[Plant]]:
    """A 五四制 school's 初一: (plants, traps). A pupil a year young is right under 5+4 (初一 is
    grade 6, normally 11-12) but would be a query if 初一 were read as grade 7: a trap, no
    finding expected. A pupil of 14 in 初一 is a query only under 5+4: a plant.

    Pupils are the first ordinary 初一 pupils, IDs from their own stream: no county draw; a
    school with fewer than two of them plants neither."""
    busy = {id(r.get("_pupil")) for k in ("suspected", "dropout") for r in book.sheets[k]}
    first = [
        p
        for p in book.pupils
        if p.grade == FIVE_FOUR_FIRST
        and p.schooling == "01"
        and id(p) not in busy
        and p.in_county
        and p.id_number[-1].isdigit()
    ]
    if len(first) < 2:
        return [], []  # a tiny school: no 初一 pupils to spare
    young, old = first[:2]
    entry = people.school_year_start(book.period) - (FIVE_FOUR_FIRST - 1)
    _reborn(book, young, dt.date(entry - 5, 8, 20), ids)
    _reborn(book, old, dt.date(entry - 9, 9, 10), ids)
    trap = Plant(
        "age-out-of-range",
        "query",
        "roster",
        row_of(book, "roster", young),
        "grade",
        "五四制学校的初一学生 10 周岁（早一年入学）：初一是第 6 年级，年龄正常，不应报问题",
    )
    plant = Plant(
        "age-out-of-range",
        "query",
        "roster",
        row_of(book, "roster", old),
        "grade",
        "五四制学校的初一学生 14 周岁：初一是第 6 年级（正常 11-12 周岁），按六三制读不出这个问题",
    )
    return [plant], [trap]


def _reborn(book: Book, p: Pupil, birth: dt.date, ids: people.IdFactory) -> None:
    """A new birth date and the ID that goes with it, on the roster and attendance rows."""
    own = people.IdFactory(random.Random(p.id_number))
    own.used = ids.used
    p.birth, p.id_number = birth, own.make(p.id_number[:6], birth, p.gender)
    replace_row(book, "roster", p, roster_row(p))
    row_of(book, "attendance", p).update({"id_number": p.id_number, "student_no": p.student_no})
