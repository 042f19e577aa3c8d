"""The county's schools: names, codes, stages, and which part each plays in the sample."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass, field

from core.demo.book_writer import Style
from core.demo.ledgers import Cases
from core.demo.month import new_school_contact
from core.demo.school import SchoolInfo

SPECIAL_ROLES = (
    "planted-values",
    "planted-sheets",
    "planted-structure",
    "missing",
    "resent",
    "wrong-period",
    "unreadable",
    "encrypted",
)
"""One school each; the rest are messy or clean."""
MIN_SCHOOLS = len(SPECIAL_ROLES) + 2
MAX_SCHOOLS = 998
"""School codes end in a 3-digit number; 999 is the school that is not in the list."""
NUMERALS = "一二三四五六七八九十"
STAGE_WORDS = {"1": ("小学", "小"), "2": ("初级中学", "中"), "3": ("九年一贯制学校", "校")}


@dataclass
class Plan:
    """One school's part in the sample."""

    school: SchoolInfo
    role: str
    """A special role, "messy", "clean" or "unknown"."""
    style: Style = field(default_factory=Style)
    cases: Cases = field(default_factory=Cases)
    size: int = 0


def numeral(n: int) -> str:
    """1 -> 一 ... 10 -> 十, 12 -> 十二, 23 -> 二十三."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def town_stem(town: str) -> str:
    """蓼城街道 -> 蓼城, 陈淋子镇 -> 陈淋子."""
    for suffix in ("街道", "镇", "乡"):
        if town.endswith(suffix):
            return town[: -len(suffix)]
    return town


def make_school(
    rng: random.Random, index: int, county: tuple[str, str], towns: tuple[tuple[str, str], ...]
) -> SchoolInfo:
    """The index-th school of the county (0-based)."""
    town = towns[index % len(towns)]
    k = index // len(towns) + 1
    roll = rng.random()
    stage = "1" if roll < 0.6 else ("2" if roll < 0.85 else "3")
    long_word, short_word = STAGE_WORDS[stage]
    category = "21" if stage == "1" else "31"
    # 学校标识码: category + province + 6 digits; the county's last 3 digits keep the codes of
    # neighbouring sample counties apart when a prefecture is built from several.
    code = f"{category}{county[0][:2]}{county[0][3:6]}{index + 1:03d}"
    contact, phone, principal = new_school_contact(rng)
    return SchoolInfo(
        code=code,
        name=f"{county[1]}{town[1]}第{numeral(k)}{long_word}",
        short=f"{town_stem(town[1])}{numeral(k)}{short_word}",
        town=town,
        stage=stage,
        contact=contact,
        contact_phone=phone,
        principal=principal,
    )


def as_nine_year(school: SchoolInfo) -> SchoolInfo:
    """The same school as a 九年一贯制 school (all nine grades)."""
    long_word, short_word = STAGE_WORDS[school.stage]
    return dataclasses.replace(
        school,
        stage="3",
        code="31" + school.code[2:],
        name=school.name.removesuffix(long_word) + STAGE_WORDS["3"][0],
        short=school.short.removesuffix(short_word) + STAGE_WORDS["3"][1],
    )


def unknown_school(
    rng: random.Random, county: tuple[str, str], towns: tuple[tuple[str, str], ...]
) -> SchoolInfo:
    """A private school that is not in the county's list."""
    contact, phone, principal = new_school_contact(rng)
    return SchoolInfo(
        code=f"31{county[0][:2]}{county[0][3:6]}999",
        name=f"{county[1]}育才实验学校",
        short="育才实验",
        town=towns[0],
        stage="3",
        contact=contact,
        contact_phone=phone,
        principal=principal,
    )


def plan_schools(
    rng: random.Random,
    count: int,
    students: int,
    county: tuple[str, str],
    towns: tuple[tuple[str, str], ...],
    clean: bool = False,
) -> list[Plan]:
    """Every school's plan: the listed schools first, the unknown school last (none if clean)."""
    if not MIN_SCHOOLS <= count <= MAX_SCHOOLS:
        raise ValueError(f"示例县至少需要 {MIN_SCHOOLS} 所学校，最多 {MAX_SCHOOLS} 所")
    schools = [make_school(rng, i, county, towns) for i in range(count)]
    roles = [] if clean else list(SPECIAL_ROLES)
    messy = max(3, count // 5)
    roles += ["messy"] * min(messy, count - len(roles))
    roles += ["clean"] * (count - len(roles))
    order = list(range(count))
    rng.shuffle(order)
    plans = [Plan(schools[i], roles[k]) for k, i in enumerate(order)]
    plans.sort(key=lambda p: p.school.code)
    if not clean:
        plans.append(Plan(unknown_school(rng, county, towns), "unknown"))
    for p in plans:
        p.size = max(30, round(students * rng.uniform(0.85, 1.15)))
        p.cases = Cases(
            suspected=int(rng.random() < 0.5),
            returned=int(rng.random() < 0.35),
            dropout=int(rng.random() < 0.3),
        )
    _styles(rng, [p for p in plans if p.role == "messy"])
    return plans


HABITS = (
    "sheet_aliases",
    "title_rows",
    "two_row_header",
    "merged_class",
    "text_dates",
    "fullwidth",
    "lower_x",
    "footer",
)


def _styles(rng: random.Random, messy: list[Plan]) -> None:
    """Random habits, but every habit at least once; the first messy school sends a .xls."""
    for i, plan in enumerate(messy):
        on = {h for h in HABITS if rng.random() < 0.5}
        on |= {HABITS[(2 * i) % len(HABITS)], HABITS[(2 * i + 1) % len(HABITS)]}
        if i < 2:
            on |= set(HABITS[i::2])
        keys = frozenset(k for k in _SYNONYM_KEYS if rng.random() < 0.5)
        plan.style = Style(legacy_xls=(i == 0), synonyms=keys, **dict.fromkeys(on, True))


_SYNONYM_KEYS = (
    "seq",
    "student_no",
    "name",
    "id_number",
    "birth_date",
    "grade",
    "class_name",
    "guardian",
    "guardian_phone",
    "address",
    "note",
    "days_present",
    "days_absent",
    "absence_type",
    "school_code",
    "period",
    "filled_by",
    "status",
    "roster_count",
)
