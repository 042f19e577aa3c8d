"""Synthetic people: names, valid 18-digit IDs, birth dates that fit the grade, phones."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from stdnum.cn import ric

from core.catalogue import codelists as cl
from core.demo import names

JUNIOR_YEARS = "一二三四"

FULLWIDTH = {ord("0") + i: 0xFF10 + i for i in range(10)}
"""Digits to their full-width forms (a habit of some input methods)."""


@dataclass
class Pupil:
    """One child, as the 学籍 system and the 户籍 extract know them."""

    name: str
    gender: str
    """"1" male, "2" female."""
    id_number: str
    birth: dt.date
    grade: int
    class_no: int
    hukou_region: str
    """12-digit 统计用区划代码 (the county's, or another county's for a migrant pupil)."""
    address: str
    guardian: str
    guardian_phone: str
    flags: dict[str, str] = field(default_factory=dict)
    """Key-group values by column key: yes-no "1"/"0", disability and left_behind codes."""
    schooling: str = "01"
    approval: str = ""
    note: str = ""
    system: str = "6+3"
    """The 学制 of the pupil's school: under 5+4 grades 6-9 are written 初一..初四."""

    @property
    def grade_label(self) -> str:
        """The grade as the school writes it (七年级; 初一 for grade 6 under 5+4)."""
        if self.system == "5+4" and self.grade >= 6:
            return "初" + JUNIOR_YEARS[self.grade - 6]
        return cl.GRADE.label(str(self.grade))

    @property
    def student_no(self) -> str:
        """The G-number: G plus the ID."""
        return "G" + self.id_number

    @property
    def in_county(self) -> bool:
        """Whether the child's 户籍 is in the county (not a migrant pupil)."""
        return self.flags.get("migrant") != "1"


class IdFactory:
    """Valid, unique ID numbers: region + birth date + sequence (odd = male) + check digit."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def make(self, region: str, birth: dt.date, gender: str) -> str:
        """A new valid ID for this region, birth date and sex."""
        while True:
            seq = self.rng.randrange(0, 500) * 2 + (1 if gender == "1" else 0)
            if seq == 0:
                continue
            body = f"{region}{birth:%Y%m%d}{seq:03d}"
            number = body + ric.calc_check_digit(body + "0")  # it ignores the last character
            if number not in self.used:
                self.used.add(number)
                return number


def school_year_start(period: str) -> int:
    """The calendar year in which the school year of a period (YYYY-MM) began."""
    year, month = (int(x) for x in period.split("-"))
    return year if month >= 9 else year - 1


def birth_for_grade(rng: random.Random, grade: int, period: str, entry_age: int = 6) -> dt.date:
    """A birth date in the grade's cohort: entry_age full years on 1 September of entry."""
    entry_year = school_year_start(period) - (grade - 1)
    first = dt.date(entry_year - entry_age - 1, 9, 1)
    span = (dt.date(entry_year - entry_age, 8, 31) - first).days
    # Keep clear of the cohort's edges: a day either way must never change the age band.
    return first + dt.timedelta(days=rng.randrange(10, span - 10))


def person_name(rng: random.Random, gender: str, surname: str | None = None) -> str:
    """A plausible name: common surname (weighted to the front) and one or two characters."""
    if surname is None:
        surname = names.SURNAMES[min(int(rng.expovariate(1 / 18)), len(names.SURNAMES) - 1)]
    chars = names.BOY_CHARS if gender == "1" else names.GIRL_CHARS
    given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.8 else "")
    return surname + given


def adult_name(rng: random.Random, surname: str) -> str:
    """A parent's or teacher's name."""
    return surname + rng.choice(names.ADULT_CHARS) + rng.choice(names.ADULT_CHARS)


def phone(rng: random.Random) -> str:
    """An 11-digit mobile number."""
    prefix = rng.choice(
        (
            "135",
            "136",
            "137",
            "138",
            "139",
            "150",
            "151",
            "152",
            "158",
            "159",
            "182",
            "187",
            "188",
            "130",
            "131",
            "132",
            "155",
            "156",
            "186",
            "177",
        )
    )
    return prefix + f"{rng.randrange(10**8):08d}"


def village(rng: random.Random, town: tuple[str, str], county_code: str) -> tuple[str, str]:
    """(12-digit region code, village name) of a village in a town."""
    stem_index = rng.randrange(len(names.VILLAGE_WORDS))
    code = f"{county_code}{town[0]}{200 + stem_index:03d}"
    return code, f"{town[1]}{names.VILLAGE_WORDS[stem_index]}村"


def fullwidth(text: str) -> str:
    """The text with its digits full-width."""
    return text.translate(FULLWIDTH)
