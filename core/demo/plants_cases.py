"""Planted cases that lack their proof: a 销号 without 佐证, a 复学 without its school, a 送教
上门 pupil with no visit recorded.

No draw from the county's random stream: the other schools keep the pupils and values they had.
"""

from __future__ import annotations

import random

from core.catalogue import codelists as cl
from core.demo.ledgers import dropout_row
from core.demo.people import Pupil
from core.demo.plants import Plant, replace_row
from core.demo.school import Book, attendance_row, roster_row


def plant_cases(book: Book, spare) -> list[Plant]:
    """Closed and resumed 辍学 rows with a part of their evidence missing (`spare` picks pupils)."""
    return [
        _closed_without_evidence(book, spare()),
        _resumed_without_school(book, spare()),
        _home_teaching_unrecorded(book, spare()),
    ]


def _earlier_month(book: Book, back: int) -> str:
    year, month = (int(x) for x in book.period.split("-"))
    m = year * 12 + month - 1 - back
    return f"{m // 12}-{m % 12 + 1:02d}"


def _case(book: Book, p: Pupil, status: str) -> dict:
    # The pupil's own stream: the county's draws stay as they were.
    row = dropout_row(random.Random(p.id_number), p, _earlier_month(book, 3), book.school.contact)
    row.update(status=cl.DROPOUT_STATUS.label(status), status_date=book.days[4], _pupil=p)
    book.sheets["dropout"].append(row)
    return row


def _closed_without_evidence(book: Book, p: Pupil) -> Plant:
    row = _case(book, p, "3")
    row["closing_reason"] = cl.CLOSING_REASON.label("01")
    return Plant(
        "closure-without-evidence",
        "error",
        "dropout",
        row,
        "closing_evidence",
        "辍学学生已劝返复学并销号，写了销号原因和日期，没有填写佐证材料",
    )


def _resumed_without_school(book: Book, p: Pupil) -> Plant:
    row = _case(book, p, "2")
    return Plant(
        "resumed-without-school",
        "error",
        "dropout",
        row,
        "return_school",
        "辍学学生本月复学，填了复学日期，没有填写复学学校",
    )


def _home_teaching_unrecorded(book: Book, p: Pupil) -> Plant:
    p.schooling = "04"
    replace_row(book, "roster", p, roster_row(p))
    row = attendance_row(p, 0, 0, 0, "0")
    replace_row(book, "attendance", p, row)
    return Plant(
        "home-teaching-no-record",
        "query",
        "attendance",
        row,
        "days_present",
        "送教上门的学生本月考勤中没有一次送教（应出勤、实出勤都是 0）",
    )
