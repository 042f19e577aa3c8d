"""The month's cases: 疑似辍学, 辍学 and 劝返 rows, the attendance they imply, and the summary."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from core.calendar import NO_TERMS, Terms
from core.catalogue import codelists as cl
from core.demo import names, people
from core.demo.people import Pupil
from core.demo.school import Book, Row, attendance_row, group_values, identity

MEASURES = ("家访", "电话", "村(居)委联合劝返", "学习帮扶", "资助")
VISIT_RESULTS = ("拒绝返校", "联系不上", "同意返校")


@dataclass
class Cases:
    """How many cases of each kind a school has this month."""

    suspected: int = 0
    """Open 疑似辍学 cases (跟踪中), absent at the month's end."""
    returned: int = 0
    """疑似 cases that came back this month (已返校)."""
    dropout: int = 0
    """辍学 cases still out (未返校), visited this month."""
    poverty_dropout: bool = False
    """Whether one dropout comes from a 脱贫户 family."""


def ledger_base(p: Pupil) -> Row:
    """The identity, birth date, grade and class block of a ledger row."""
    return {
        **identity(p),
        "birth_date": p.birth,
        "grade": p.grade_label,
        "class_name": f"{p.class_no}班",
    }


def suspected_row(
    rng: random.Random,
    p: Pupil,
    first: dt.date,
    days: int,
    status: str,
    status_date: dt.date,
    teacher: str,
) -> Row:
    """A 疑似辍学 ledger row."""
    return {
        **ledger_base(p),
        "first_absence": first,
        "absent_days": days,
        "whereabouts": rng.choice(names.WHEREABOUTS),
        "reason": cl.DROPOUT_REASON.label(rng.choice(("01", "02", "07", "08", "09"))),
        "responsible": teacher,
        "guardian": p.guardian,
        "guardian_phone": p.guardian_phone,
        "status": cl.SUSPECTED_STATUS.label(status),
        "status_date": status_date,
        **group_values(p),
        "note": None,
    }


def dropout_row(rng: random.Random, p: Pupil, month: str, teacher: str) -> Row:
    """A 辍学 ledger row, still out (未返校)."""
    return {
        **ledger_base(p),
        "dropout_month": month,
        "reason": cl.DROPOUT_REASON.label(rng.choice(("01", "02", "03", "09"))),
        "poverty": cl.YES_NO.label(p.flags.get("poverty", "0")),
        "guardian": p.guardian,
        "guardian_phone": p.guardian_phone,
        "address": p.address,
        "hukou_region": p.hukou_region,
        "responsible": teacher,
        "measure": rng.choice(MEASURES),
        "status": cl.DROPOUT_STATUS.label("1"),
        "status_date": None,
        "closing_reason": None,
        "return_school": None,
        **group_values(p),
        "note": None,
    }


def visit_row(
    p: Pupil, attempt: int, day: dt.date, visitor: str, method: str, result: str, rng: random.Random
) -> Row:
    """One 劝返 attempt."""
    return {
        "student_no": p.student_no,
        "name": p.name,
        "id_number": p.id_number,
        "attempt": attempt,
        "visit_date": day,
        "visitor": visitor,
        "method": method,
        "result": result,
        "next_step": rng.choice(names.NEXT_STEPS),
        "note": None,
        "_pupil": p,
    }


def add_cases(
    rng: random.Random,
    book: Book,
    attendance: dict[str, Row],
    cases: Cases,
    eligible: list[Pupil],
    terms: Terms = NO_TERMS,
) -> None:
    """Turn some eligible pupils into cases: ledger rows, visits and matching attendance."""
    days, due = book.days, len(book.days)
    sheets = book.sheets
    pool = list(eligible)
    rng.shuffle(pool)
    teacher = people.adult_name(rng, rng.choice(names.SURNAMES[:30]))
    for _ in range(min(cases.suspected, len(pool))):
        p, run = pool.pop(), rng.randint(5, min(9, due))
        start = days[-run]
        attendance[p.id_number] = attendance_row(p, due, run, run, "3", start)
        sheets["suspected"].append(suspected_row(rng, p, start, run, "1", start, teacher))
    for _ in range(min(cases.returned, len(pool))):
        p = pool.pop()
        attendance[p.id_number] = attendance_row(p, due, 6, 6, "3")
        sheets["suspected"].append(suspected_row(rng, p, days[3], 6, "2", days[9], teacher))
        sheets["return-visits"].append(
            visit_row(p, 1, days[8], teacher, "家访", cl.VISIT_RESULT.label("1"), rng)
        )
    dropouts = [p for p in pool if p.flags.get("poverty") != "1"]
    dropouts.sort(key=lambda p: -p.grade)
    chosen = dropouts[: cases.dropout]
    if cases.poverty_dropout and pool:
        poor = [p for p in pool if p.flags.get("poverty") == "1"] or _make_poor(book, pool[0])
        chosen = [max(poor, key=lambda p: p.grade), *chosen[: max(0, cases.dropout - 1)]]
    for p in chosen:
        _add_dropout(rng, book, attendance, p, teacher, terms)


def _make_poor(book: Book, p: Pupil) -> list[Pupil]:
    """Mark a pupil as from a 脱贫户 family (a small school may have none)."""
    p.flags["poverty"] = "1"
    row = next(r for r in book.sheets["roster"] if r.get("_pupil") is p)
    row["poverty"] = cl.YES_NO.label("1")
    return [p]


def _add_dropout(
    rng: random.Random,
    book: Book,
    attendance: dict[str, Row],
    p: Pupil,
    teacher: str,
    terms: Terms,
) -> None:
    year, month = (int(x) for x in book.period.split("-"))
    back = rng.randint(2, 6)
    m0 = (year * 12 + month - 1) - back
    first = dt.date(m0 // 12, m0 % 12 + 1, rng.randint(8, 20))
    if first.month in (7, 8):  # nobody drops out during the summer holidays
        first = first.replace(month=6)
    while not terms.in_term(first):  # nor in the winter break: the first day missed is a term day
        first += dt.timedelta(days=1)
    due = len(book.days)
    attendance[p.id_number] = attendance_row(p, due, due, due, "3", first)
    book.sheets["dropout"].append(dropout_row(rng, p, f"{first:%Y-%m}", teacher))
    if rng.random() < 0.5:  # history kept: the 疑似 case that became this dropout
        book.sheets["suspected"].append(
            suspected_row(rng, p, first, 20, "3", first + dt.timedelta(days=30), teacher)
        )
    visits = [first + dt.timedelta(days=35 * (i + 1)) for i in range(back - 1)]
    visits = [*[d for d in visits if d < book.days[0]][:2], rng.choice(book.days[2:])]
    for i, day in enumerate(visits, start=1):
        book.sheets["return-visits"].append(
            visit_row(p, i, day, teacher, rng.choice(MEASURES[:3]), rng.choice(VISIT_RESULTS), rng)
        )


def summary_row(book: Book, window: tuple[dt.date, dt.date]) -> Row:
    """The 月报汇总 counts, exactly as the help texts of school_monthly.SUMMARY define them."""
    s = book.sheets
    start, end = window

    def in_window(v: object) -> bool:
        return isinstance(v, dt.date) and start <= v <= end

    def label_is(row: Row, code_list: cl.CodeList, code: str) -> bool:
        return isinstance(row.get("status"), str) and code_list.parse(row["status"]) == code

    present = [r.get("days_present") for r in s["attendance"]]
    returned = sum(
        label_is(r, cl.SUSPECTED_STATUS, "2") and in_window(r.get("status_date"))
        for r in s["suspected"]
    )
    returned += sum(
        label_is(r, cl.DROPOUT_STATUS, "2") and in_window(r.get("status_date"))
        for r in s["dropout"]
    )
    return {
        "roster_count": len(s["roster"]),
        "attending_count": sum(isinstance(v, int) and v > 0 for v in present),
        "suspected_count": sum(label_is(r, cl.SUSPECTED_STATUS, "1") for r in s["suspected"]),
        "dropout_count": sum(label_is(r, cl.DROPOUT_STATUS, "1") for r in s["dropout"]),
        "returned_count": returned,
        "visit_count": sum(in_window(r.get("visit_date")) for r in s["return-visits"]),
    }
