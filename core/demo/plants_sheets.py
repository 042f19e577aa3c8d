"""Planted mistakes across sheets and in the workbook's structure."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from core.demo import people
from core.demo.book_writer import Style
from core.demo.ledgers import suspected_row
from core.demo.month import refresh_summary
from core.demo.people import Pupil
from core.demo.plants import Plant, pick, replace_row, row_of
from core.demo.plants_cases import plant_cases
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
    plants = [
        _not_in_roster(book, _visitor(rng, book, ids, towns)),
        _missing_attendance(book, gone),
        _truant(book, truant),
        *_duplicate(rng, book, dup),
        *_overdue(rng, book, _spare(book, [gone, truant, dup]), policy),
        *plant_cases(book, _spares(book, [gone, truant, dup]), policy),
    ]
    refresh_summary(book, policy)
    return [*plants, _summary_off_by_one(book)]


def _not_in_roster(book: Book, visitor: Pupil) -> Plant:
    row = attendance_row(visitor, len(book.days), 0, 0, "0")
    book.sheets["attendance"].append(row)
    return Plant(
        "not-in-roster",
        "error",
        "attendance",
        row,
        None,
        "借读学生有考勤，但不在学籍名册中（人在名不在）",
    )


def _missing_attendance(book: Book, p: Pupil) -> Plant:
    book.sheets["attendance"].remove(row_of(book, "attendance", p))
    return Plant(
        "missing-attendance",
        "error",
        "roster",
        row_of(book, "roster", p),
        None,
        "在学籍名册中，考勤汇总里没有这一行（名在人不在）",
    )


def _truant(book: Book, p: Pupil) -> Plant:
    row = attendance_row(p, len(book.days), 7, 7, "3", book.days[-7])
    replace_row(book, "attendance", p, row)
    return Plant(
        "absence-not-reported",
        "error",
        "attendance",
        row,
        None,
        "无故连续缺勤 7 个上课日，未列入疑似辍学台账",
    )


def _spare(book: Book, used: list[Pupil], ok=None) -> Pupil:
    """An ordinary pupil no other plant uses (chosen without a draw, so the others keep theirs),
    and for which ok(pupil) holds when given."""
    busy = {id(r.get("_pupil")) for k in ("suspected", "dropout") for r in book.sheets[k]}
    return next(
        p
        for p in reversed(book.pupils)
        if p.schooling == "01"
        and p.in_county
        and id(p) not in busy
        and all(p is not u for u in used)
        and (ok is None or ok(p))
    )


def _spares(book: Book, used: list[Pupil]):
    """Successive spare pupils of no 脱贫户 family (whose 辍学 rows are cases of their own)."""

    def next_spare(ok=None) -> Pupil:
        """The next spare pupil (for which ok holds, when given)."""
        while (p := _spare(book, used, ok)).flags.get("poverty") == "1":
            used.append(p)
        used.append(p)
        return p

    return next_spare


OVERDUE_DAYS = 25
"""Past the default 辍学 threshold (20 school days), with no 劝返 recorded."""


def _overdue(rng: random.Random, book: Book, p: Pupil, policy: Policy) -> list[Plant]:
    """A 疑似 case absent past the 辍学 threshold, never visited: still 疑似 (a query), and open
    since last month without a 劝返 (a second query on the row)."""
    end = book.days[-1]
    start = policy.school_days_in(end - dt.timedelta(days=90), end).days[-OVERDUE_DAYS]
    due = len(book.days)
    replace_row(book, "attendance", p, attendance_row(p, due, due, due, "3", start))
    case = suspected_row(rng, p, start, OVERDUE_DAYS, "1", start, book.school.contact)
    book.sheets["suspected"].append(case)
    return [
        Plant(
            "suspected-overdue",
            "query",
            "suspected",
            case,
            "absent_days",
            f"疑似辍学跟踪中，已无故连续缺勤 {OVERDUE_DAYS} 个上课日，还没有劝返记录",
        ),
        Plant(
            "suspected-no-visit",
            "query",
            "suspected",
            case,
            "status",
            "疑似辍学从上月起跟踪，至今没有一次劝返",
        ),
    ]


def _duplicate(rng: random.Random, book: Book, p: Pupil) -> list[Plant]:
    """A 疑似 case excluded for illness, pasted twice (counts are the same either way): both
    rows are reported, and the county ledger keeps the first."""
    replace_row(book, "attendance", p, attendance_row(p, len(book.days), 6, 6, "1"))
    case = suspected_row(rng, p, book.days[2], 6, "4", book.days[9], book.school.contact)
    case["whereabouts"], case["note"] = "因病住院", "病假有医院证明，已排除"
    book.sheets["suspected"] += [case, dict(case)]
    what = "同一条疑似辍学记录粘贴了两次（两行都报重复）"
    return [
        Plant("duplicate-student", "error", "suspected", row, None, what)
        for row in book.sheets["suspected"][-2:]
    ]


def _summary_off_by_one(book: Book) -> Plant:
    summary = book.sheets["summary"][0]
    summary["suspected_count"] = int(summary["suspected_count"]) + 1
    return Plant(
        "summary-mismatch",
        "error",
        "summary",
        summary,
        "suspected_count",
        "疑似辍学人数把“排除”的学生也算进去了（多 1）",
    )


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
