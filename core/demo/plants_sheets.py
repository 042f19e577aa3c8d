"""Planted mistakes across sheets and in the workbook's structure."""

from __future__ import annotations

import dataclasses
import random

from core.demo import people
from core.demo.book_writer import Style
from core.demo.ledgers import suspected_row
from core.demo.month import refresh_summary
from core.demo.people import Pupil
from core.demo.plants import Plant, pick, row_of
from core.demo.school import Book, attendance_row, make_pupil
from core.policy import Policy


def plant_sheets(
    rng: random.Random,
    book: Book,
    ids: people.IdFactory,
    towns: tuple[tuple[str, str], ...],
    policy: Policy,
) -> list[Plant]:
    """Attendance and ledgers that disagree with the roster, and a wrong summary count."""
    gone, truant, dup = pick(rng, book, 3)
    due, days = len(book.days), book.days
    out = []
    visitor = _visitor(rng, book, ids, towns)
    book.sheets["attendance"].append(attendance_row(visitor, due, 0, 0, "0"))
    out.append(
        Plant(
            "not-in-roster",
            "error",
            "attendance",
            book.sheets["attendance"][-1],
            None,
            "借读学生有考勤，但不在学籍名册中（人在名不在）",
        )
    )
    att = book.sheets["attendance"]
    att.remove(row_of(book, "attendance", gone))
    out.append(
        Plant(
            "missing-attendance",
            "error",
            "roster",
            row_of(book, "roster", gone),
            None,
            "在学籍名册中，考勤汇总里没有这一行（名在人不在）",
        )
    )
    row = attendance_row(truant, due, 7, 7, "3", days[-7])
    att[next(i for i, r in enumerate(att) if r.get("_pupil") is truant)] = row
    out.append(
        Plant(
            "absence-not-reported",
            "error",
            "attendance",
            row,
            None,
            "无故连续缺勤 7 个上课日，未列入疑似辍学台账",
        )
    )
    sick = attendance_row(dup, due, 6, 6, "1")
    att[next(i for i, r in enumerate(att) if r.get("_pupil") is dup)] = sick
    case = suspected_row(rng, dup, days[2], 6, "4", days[9], book.school.contact)
    case["whereabouts"], case["note"] = "因病住院", "病假有医院证明，已排除"
    book.sheets["suspected"] += [case, dict(case)]
    out.append(
        Plant(
            "duplicate-student",
            "error",
            "suspected",
            book.sheets["suspected"][-1],
            None,
            "同一条疑似辍学记录粘贴了两次（第二行报重复）",
        )
    )
    refresh_summary(book, policy)
    summary = book.sheets["summary"][0]
    summary["suspected_count"] = int(summary["suspected_count"]) + 1
    out.append(
        Plant(
            "summary-mismatch",
            "error",
            "summary",
            summary,
            "suspected_count",
            "疑似辍学人数把“排除”的学生也算进去了（多 1）",
        )
    )
    return out


def _visitor(
    rng: random.Random, book: Book, ids: people.IdFactory, towns: tuple[tuple[str, str], ...]
) -> Pupil:
    """A pupil from another county attending without a 学籍 here."""
    grade = book.pupils[len(book.pupils) // 2].grade
    for _ in range(50):
        p = make_pupil(rng, ids, book.school, grade, 1, book.county_code, towns, book.period)
        if not p.in_county:
            return p
    p.flags["migrant"] = "1"
    return p


def plant_structure(book: Book, style: Style) -> tuple[Style, list[Plant]]:
    """No 月报汇总 sheet, no 缺勤天数 column, and no phone in 填报信息."""
    style = dataclasses.replace(
        style,
        omit_sheets=frozenset({"summary"}),
        omit_columns=frozenset({("attendance", "days_absent")}),
    )
    info = book.sheets["info"][0]
    info["phone"] = None
    return style, [
        Plant("missing-sheet", "error", None, None, None, "没有“月报汇总”工作表"),
        Plant("missing-column", "error", "attendance", None, None, "考勤汇总缺少“缺勤天数”列"),
        Plant("required-missing", "error", "info", info, "phone", "填报信息中的联系电话空白"),
    ]
