"""One school's month as data: its pupils and the rows of every sheet of the monthly workbook.

Rows are dicts keyed by the catalogue's column keys, holding what a clean file shows (labels for
code lists, datetime.date for dates, int for counts). Keys starting with "_" are not written.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from core.catalogue import codelists as cl
from core.demo import names, people
from core.demo.people import Pupil
from core.policy import Policy

GRADES_BY_STAGE = {"1": range(1, 7), "2": range(7, 10), "3": range(1, 10)}
KEY_GROUP_KEYS = (
    "orphan",
    "unsupported",
    "disability",
    "left_behind",
    "hardship",
    "migrant",
    "justice",
)
Row = dict[str, object]
APPROVAL = "固教基〔{year}〕{no}号"  # noqa: RUF001 - the bracket official file numbers use


@dataclass
class SchoolInfo:
    """A school of the county's list."""

    code: str
    name: str
    short: str
    """What the clerk calls it in file names (城关一小)."""
    town: tuple[str, str]
    stage: str
    """学段 code: 1 小学, 2 初中, 3 九年一贯制."""
    contact: str
    contact_phone: str
    principal: str
    system: str = "6+3"
    """学制 code: "6+3", or "5+4" (grades 6-9 are 初一..初四; a 初中 teaches grades 6-9)."""

    @property
    def grades(self) -> range:
        """The grades the school teaches."""
        if self.stage == "2" and self.system == "5+4":
            return range(6, 10)
        return GRADES_BY_STAGE[self.stage]


@dataclass
class Book:
    """One monthly workbook's content."""

    school: SchoolInfo
    county_code: str
    period: str
    fill_date: dt.date
    pupils: list[Pupil]
    sheets: dict[str, list[Row]] = field(default_factory=dict)
    """Rows by sheet kind: info and summary hold one row each."""
    days: tuple[dt.date, ...] = ()
    """The period's school days."""


def group_values(p: Pupil) -> Row:
    """The seven key-group cells of a pupil: filled only for members, as most clerks do."""
    row: Row = {k: flag_cell(p.flags.get(k)) for k in KEY_GROUP_KEYS}
    for key, codes in (("disability", cl.DISABILITY), ("left_behind", cl.LEFT_BEHIND)):
        code = p.flags.get(key, "0")
        row[key] = codes.label(code) if code != "0" else None
    return row


def flag_cell(flag: str | None) -> str | None:
    """是 for a member of a group, blank otherwise."""
    return cl.YES_NO.label("1") if flag == "1" else None


def identity(p: Pupil) -> Row:
    """学籍号, 姓名, 性别, 身份证件号 (the IDENTITY block)."""
    return {
        "student_no": p.student_no,
        "name": p.name,
        "gender": cl.GENDER.label(p.gender),
        "id_number": p.id_number,
        "_pupil": p,
    }


def roster_row(p: Pupil) -> Row:
    """A pupil's 学籍名册 row."""
    return {
        **identity(p),
        "id_type": None,  # blank means 居民身份证 (the column's help text)
        "birth_date": p.birth,
        "grade": p.grade_label,
        "class_name": f"{p.class_no}班",
        "hukou_region": p.hukou_region,
        "guardian": p.guardian,
        "guardian_phone": p.guardian_phone,
        "address": p.address,
        "schooling": cl.SCHOOLING.label(p.schooling),
        "approval_no": p.approval or None,
        **group_values(p),
        "poverty": flag_cell(p.flags.get("poverty")),
        "note": p.note or None,
    }


def attendance_row(
    p: Pupil, due: int, absent: int, run: int, kind: str, run_start: dt.date | None = None
) -> Row:
    """A pupil's 考勤汇总 row; kind is an absence-type code."""
    return {
        **identity(p),
        "grade": p.grade_label,
        "class_name": f"{p.class_no}班",
        "days_due": due,
        "days_present": due - absent,
        "days_absent": absent,
        "longest_run": run,
        "absence_type": cl.ABSENCE_TYPE.label(kind) if kind != "0" else None,
        "run_start": run_start,
        "note": None,
    }


def routine_attendance(rng: random.Random, p: Pupil, due: int) -> Row:
    """Attendance of a pupil with no case: mostly none, some leave, a little short truancy."""
    if p.schooling == "06":  # 休学: no school days due this month
        return attendance_row(p, 0, 0, 0, "0")
    if p.schooling == "04":  # 送教上门: one visit a week counts as the days due
        return attendance_row(p, min(4, due), 0, 0, "0")
    roll = rng.random()
    if roll < 0.84 or due < 3:
        return attendance_row(p, due, 0, 0, "0")
    if roll < 0.97:
        absent = rng.randint(1, 3)
        return attendance_row(p, due, absent, rng.randint(1, absent), rng.choice("12"))
    absent = rng.randint(1, 2)  # well under any 疑似 threshold
    return attendance_row(p, due, absent, 1, "3")


def make_pupils(
    rng: random.Random,
    ids: people.IdFactory,
    school: SchoolInfo,
    count: int,
    county_code: str,
    towns: tuple[tuple[str, str], ...],
    period: str,
) -> list[Pupil]:
    """The school's pupils, sorted by grade and class."""
    grades = list(school.grades)
    per_grade = [
        count // len(grades) + (1 if i < count % len(grades) else 0) for i in range(len(grades))
    ]
    pupils = []
    for grade, n in zip(grades, per_grade, strict=True):
        classes = max(1, round(n / 45))
        for i in range(n):
            pupils.append(
                make_pupil(rng, ids, school, grade, i % classes + 1, county_code, towns, period)
            )
    pupils.sort(key=lambda p: (p.grade, p.class_no))
    return pupils


def make_pupil(
    rng: random.Random,
    ids: people.IdFactory,
    school: SchoolInfo,
    grade: int,
    class_no: int,
    county_code: str,
    towns: tuple[tuple[str, str], ...],
    period: str,
) -> Pupil:
    """One pupil with key-group flags at plausible rates."""
    gender = rng.choice("12")
    birth = people.birth_for_grade(rng, grade, period)
    migrant = rng.random() < 0.03
    town = school.town if rng.random() < 0.8 else rng.choice(towns)
    region, village = people.village(rng, town, county_code)
    if migrant:
        other = rng.choice(names.OTHER_COUNTIES)
        region = f"{other}{rng.randrange(100, 120):03d}{rng.randrange(200, 216):03d}"
    name = people.person_name(rng, gender)
    p = Pupil(
        name=name,
        gender=gender,
        id_number=ids.make(region[:6], birth, gender),
        birth=birth,
        grade=grade,
        class_no=class_no,
        hukou_region=region,
        address=f"{school.town[1]}{village if not migrant else '租住'}{rng.randint(1, 99)}号",
        guardian=people.adult_name(rng, name[0]),
        guardian_phone=people.phone(rng),
        system=school.system,
    )
    p.flags = _flags(rng, migrant)
    _schooling(rng, p)
    if p.schooling == "06" and _graduating_term(p, period):
        p.schooling, p.approval = "01", ""  # no 休学 in a graduating year's last term
    return p


SPRING = range(2, 8)
"""Months of the spring term (core.rules.lawful.SPRING_MONTHS)."""


def _graduating_term(p: Pupil, period: str) -> bool:
    last_primary = 5 if p.system == "5+4" else 6
    return int(period.split("-")[1]) in SPRING and p.grade in (last_primary, 9)


def _flags(rng: random.Random, migrant: bool) -> dict[str, str]:
    r = rng.random
    flags = {
        "migrant": "1" if migrant else "0",
        "orphan": "1" if r() < 0.003 else "0",
        "unsupported": "1" if r() < 0.005 else "0",
        "justice": "1" if r() < 0.001 else "0",
        "disability": str(rng.randint(1, 7)) if r() < 0.01 else "0",
    }
    lb = r()
    flags["left_behind"] = "0" if migrant or lb >= 0.2 else ("1" if lb < 0.12 else "2")
    flags["poverty"] = "1" if not migrant and r() < 0.08 else "0"
    hard = flags["orphan"] == "1" or flags["unsupported"] == "1" or flags["disability"] != "0"
    flags["hardship"] = "1" if hard or r() < 0.015 else "0"
    return flags


def _schooling(rng: random.Random, p: Pupil) -> None:
    if p.flags["disability"] != "0":
        p.schooling = rng.choice(("01", "02", "02", "04"))
    elif rng.random() < 0.002:
        p.schooling = "06"
        p.approval = APPROVAL.format(year=p.birth.year + 7, no=rng.randint(10, 99))


def window_days(policy: Policy, period: str) -> tuple[dt.date, ...]:
    """The period's school days."""
    return policy.school_days_in(*policy.window(period)).days
