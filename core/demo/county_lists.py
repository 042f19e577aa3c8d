"""The county's reference lists: 学校名录, 户籍适龄儿童名单, 脱贫户家庭成员名单, 平台推送名单."""

from __future__ import annotations

import datetime as dt
import random

from core.catalogue import codelists as cl
from core.catalogue.schema import TEXT_TYPES, SheetSpec
from core.demo import names, people
from core.demo.people import Pupil
from core.demo.school import APPROVAL, Row, SchoolInfo
from core.demo.sinks import XlsxSink
from core.demo.world import World

FIRST_ROW = 2
"""Excel row of the first data row of every list (one header row)."""


def write_list(spec: SheetSpec, rows: list[Row], created: dt.date) -> bytes:
    """A reference list in its catalogue form: the template's headers, one row per entry."""
    sink = XlsxSink(created, spec.title)
    sink.sheet(spec.title)
    for c, col in enumerate(spec.columns):
        sink.width(c, col.width, text=col.type in TEXT_TYPES)
        sink.text(0, c, col.header, header=True)
    sink.freeze(1)
    for r, row in enumerate(rows, start=1):
        for c, col in enumerate(spec.columns):
            value = r if col.key == "seq" else row.get(col.key)
            if isinstance(value, int):
                sink.number(r, c, value)
            elif isinstance(value, dt.date):
                sink.date(r, c, value)
            elif value:
                sink.text(r, c, str(value))
    return sink.close()


def school_rows(schools: list[SchoolInfo], county_code: str) -> list[Row]:
    """学校名录 rows."""
    return [
        {
            "school_code": s.code,
            "school_name": s.name,
            "county_code": county_code,
            "town": s.town[1],
            "stage": cl.SCHOOL_STAGE.label(s.stage),
            "school_system": cl.SCHOOL_SYSTEM.label(s.system),
            "contact": s.contact,
            "contact_phone": s.contact_phone,
        }
        for s in schools
    ]


def household_row(
    p: Pupil,
    schooling: str | None = None,
    school: str | None = None,
    approval: str | None = None,
    note: str | None = None,
) -> Row:
    """One child of the 户籍 extract."""
    return {
        "name": p.name,
        "gender": cl.GENDER.label(p.gender),
        "id_number": p.id_number,
        "birth_date": p.birth,
        "hukou_address": p.address,
        "hukou_region": p.hukou_region,
        "guardian": p.guardian,
        "guardian_phone": p.guardian_phone,
        "schooling": cl.SCHOOLING.label(schooling) if schooling else None,
        "school_attended": school,
        "approval_no": approval,
        "note": note,
        "_pupil": p,
    }


def local_child(world: World, grade: int, gender: str | None = None) -> Pupil:
    """A child with 户籍 in the county, of the age of a grade, on no school's roll."""
    rng = world.rng
    region, village = people.village(rng, rng.choice(world.towns), world.county_code)
    gender = gender or rng.choice("12")
    birth = people.birth_for_grade(rng, grade, world.period)
    name = people.person_name(rng, gender)
    return Pupil(
        name=name,
        gender=gender,
        id_number=world.ids.make(region[:6], birth, gender),
        birth=birth,
        grade=grade,
        class_no=1,
        hukou_region=region,
        address=f"{village}{rng.randint(1, 99)}号",
        guardian=people.adult_name(rng, name[0]),
        guardian_phone=people.phone(rng),
    )


def stray_children(world: World) -> tuple[list[Row], list[Row]]:
    """(out-of-school rows, lawfully-not-attending rows) for children on no roll here."""
    out = [
        household_row(local_child(world, 3)),
        household_row(local_child(world, 6)),
        household_row(local_child(world, 8), schooling="08", note="七年级未报到"),
    ]
    approval = APPROVAL.format(year=people.school_year_start(world.period), no=31)
    elsewhere = world.rng.choice(names.ELSEWHERE_SCHOOLS)
    lawful = [
        household_row(local_child(world, 4), schooling="04", note="重度残疾，送教上门"),
        household_row(
            local_child(world, 1), schooling="07", approval=approval, note="因病延缓入学一年"
        ),
        household_row(
            local_child(world, 5),
            schooling="05",
            school=elsewhere,
            note="随父母在外地就读，已取得就读证明",
        ),
    ]
    return out, lawful


def poverty_rows(rng: random.Random, ids: people.IdFactory, pupils: list[Pupil]) -> list[Row]:
    """Each 脱贫户 household: the head (a parent) and the child, sometimes a sibling's note."""
    rows: list[Row] = []
    for n, p in enumerate(pupils, start=1):
        head_birth = dt.date(
            p.birth.year - rng.randint(25, 35), rng.randint(1, 12), rng.randint(1, 28)
        )
        head_id = ids.make(p.hukou_region[:6], head_birth, "1")
        village = p.address.split("村")[0] + "村" if "村" in p.address else p.address
        household = f"{p.hukou_region[:9]}{n:06d}"
        relation = "之子" if p.gender == "1" else "之女"
        monitored = cl.YES_NO.label("1" if rng.random() < 0.15 else "0")
        rows.append(
            {
                "household_no": household,
                "household_head": p.guardian,
                "name": p.guardian,
                "id_number": head_id,
                "relation": "户主",
                "village": village,
                "monitored": monitored,
            }
        )
        rows.append(
            {
                "household_no": household,
                "household_head": p.guardian,
                "name": p.name,
                "id_number": p.id_number,
                "relation": relation,
                "village": village,
                "monitored": monitored,
                "_pupil": p,
            }
        )
    return rows


def platform_row(p: Pupil, school: SchoolInfo | None, pushed: dt.date, reason: str) -> Row:
    """One pupil pushed by the national platform."""
    return {
        "student_no": p.student_no,
        "name": p.name,
        "gender": cl.GENDER.label(p.gender),
        "id_number": p.id_number,
        "school_name": school.name if school else None,
        "school_code": school.code if school else None,
        "push_date": pushed,
        "push_reason": reason,
        "_pupil": p,
    }
