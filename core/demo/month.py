"""Assemble one school's monthly workbook content from its pupils and cases."""

from __future__ import annotations

import datetime as dt
import random

from core.catalogue import codelists as cl
from core.demo import people
from core.demo.ledgers import Cases, add_cases, summary_row
from core.demo.people import Pupil
from core.demo.school import Book, Row, SchoolInfo, roster_row, routine_attendance, window_days
from core.policy import Policy


def build_book(
    rng: random.Random,
    school: SchoolInfo,
    pupils: list[Pupil],
    county_code: str,
    period: str,
    policy: Policy,
    fill_date: dt.date,
    cases: Cases,
    reserved: set[str] = frozenset(),
) -> Book:
    """The workbook content; `reserved` IDs never become cases (they carry other plants)."""
    book = Book(school, county_code, period, fill_date, pupils, days=window_days(policy, period))
    book.sheets = {k: [] for k in ("roster", "attendance", "suspected", "dropout", "return-visits")}
    book.sheets["roster"] = [roster_row(p) for p in pupils]
    attendance = {p.id_number: routine_attendance(rng, p, len(book.days)) for p in pupils}
    eligible = [
        p
        for p in pupils
        if p.schooling == "01" and p.in_county and p.id_number not in reserved and p.grade >= 3
    ]
    add_cases(rng, book, attendance, cases, eligible, policy.terms)
    book.sheets["attendance"] = [attendance[p.id_number] for p in pupils]
    book.sheets["info"] = [info_row(rng, book)]
    refresh_summary(book, policy)
    return book


def info_row(rng: random.Random, book: Book) -> Row:
    """The 填报信息 record."""
    s = book.school
    return {
        "school_name": s.name,
        "school_code": s.code,
        "county_code": book.county_code,
        "period": book.period,
        "filled_by": s.contact,
        "phone": s.contact_phone,
        "fill_date": book.fill_date,
        "principal": s.principal,
        "school_system": cl.SCHOOL_SYSTEM.label(s.system),
    }


def refresh_summary(book: Book, policy: Policy) -> None:
    """Recount the 月报汇总 row from the lists."""
    book.sheets["summary"] = [summary_row(book, policy.window(book.period))]


def new_school_contact(rng: random.Random) -> tuple[str, str, str]:
    """(contact, phone, principal) of a school."""
    from core.demo.names import SURNAMES

    contact = people.adult_name(rng, rng.choice(SURNAMES[:40]))
    principal = people.adult_name(rng, rng.choice(SURNAMES[:40]))
    return contact, people.phone(rng), principal
